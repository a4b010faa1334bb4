"""Right-to-left letters the PDF's own fonts draw are ordered, never sent down the fast path (app.export.script_text).

The fast path prints a line as typed, in the primary font; right-to-left text must go through the bidi
ordering instead. Every character of the regular and bold fonts whose class is right to left (Hebrew and its
presentation forms from U+FB1D, Arabic and its presentation forms) is kept off it, and a line that starts with
one and ends in a Latin letter prints the Latin letter on the left, as a right-to-left line has it.
The lines are drawn on the recording canvas of test_mutation_kpi_page.
"""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from app.export import font_fallback, script_text
from app.export.fonts import BOLD, REGULAR, register_fonts
from tests.test_mutation_kpi_page import RecordingCanvas

RTL = {"R", "AL"}


def rtl_letters(font: str) -> list[int]:
    """The right-to-left letters the font has, in code point order."""
    register_fonts()
    return sorted(code for code in font_fallback.font_cmap(font)
                  if unicodedata.bidirectional(chr(code)) in RTL and unicodedata.category(chr(code)).startswith("L"))


def edges(codes: list[int]) -> list[int]:
    """The first and last letter of each run of consecutive blocks (a block: 256 code points), and a few between."""
    picked = {codes[0], codes[-1], *codes[:: max(1, len(codes) // 8)]}
    for before, after in itertools.pairwise(codes):
        if after >> 8 != before >> 8:
            picked |= {before, after}
    return sorted(picked)


@pytest.mark.parametrize(("bold", "font"), [(False, REGULAR), (True, BOLD)], ids=["regular", "bold"])
def test_no_right_to_left_letter_takes_the_fast_path(bold: bool, font: str):
    codes = rtl_letters(font)
    assert 0xFB1D in codes  # the first of the Hebrew presentation forms
    lines = script_text.shaper(bold)
    assert [hex(code) for code in codes if lines.is_simple(chr(code))] == []


@pytest.mark.parametrize(("bold", "font"), [(False, REGULAR), (True, BOLD)], ids=["regular", "bold"])
def test_a_right_to_left_line_prints_its_latin_end_on_the_left(bold: bool, font: str):
    wrong = []
    for code in edges(rtl_letters(font)):
        canvas = RecordingCanvas()
        script_text.draw_block(canvas, 10, 20, [f"{chr(code)}A"], 10, 12.5, "#000000", bold=bold)
        [line] = canvas.texts
        if not line.text.startswith("A"):
            wrong.append(hex(code))
    assert wrong == []
