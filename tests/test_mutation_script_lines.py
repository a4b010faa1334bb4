"""Right-to-left lines drawn in visual order, each run upright at its place in the weight asked for
(app.export.script_text), and how the glyph warning names a text (app.export.glyph_report._start).

Only the shipped DejaVu Sans (it has Hebrew and Arabic) is used, so the results do not depend on the system's
fonts; python-bidi's own reordering is the reference for the visual order.
"""

from __future__ import annotations

import io
import re

import pytest
from bidi import get_display
from reportlab.pdfgen.canvas import Canvas

from app.export import script_text
from app.export.glyph_report import START_LENGTH, _start


def visual(runs) -> str:
    """The characters of the runs from left to right (a shaped run's typed text, in glyph order)."""
    return "".join(run.actual or str(run.text) for run in runs)


@pytest.mark.parametrize("line", [
    "שלום 123 עולם",                    # a right-to-left line with a number in it (two levels)
    "abc שלום 123 עולם def",            # the same inside a left-to-right line (three levels)
    "שלום abc def עולם",                # Latin words inside a right-to-left line
    "מחיר 25 ש״ח ו 30 אחוז הנחה",       # several numbers
    "مرحبا 2024 بالعالم",               # Arabic with a number: joined, still in order
    "The customer says שלום עולם to the shop",
])
@pytest.mark.parametrize("bold", [False, True])
def test_runs_come_in_the_visual_order_of_the_bidi_algorithm(shipped_fonts, line, bold):
    """Nested levels (a number in Hebrew, Hebrew in English) are reversed level by level (rule L2): the
    runs read, left to right, as python-bidi displays the line."""
    runs = script_text.shaper(bold).runs(line)
    assert visual(runs) == get_display(line)
    assert all(run.advance > 0 for run in runs)


def text_object(lines: list[str], bold: bool, x: float = 40, baseline: float = 100, size: float = 10,
                line_height: float = 13) -> tuple[Canvas, str, bytes]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    text = canvas.beginText()
    script_text.draw_block(canvas, x, baseline, lines, size, line_height, "#222222", bold, into=text)
    code = text.getCode()
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return canvas, code, buffer.getvalue()


@pytest.mark.parametrize("bold", [False, True])
def test_every_line_and_run_is_drawn_upright_at_its_baseline(shipped_fonts, bold):
    """On the y-down page each line (the Latin one among right-to-left lines too) and each run is set
    with an unscaled, unskewed text matrix that only flips y back, at the line's baseline; runs follow
    each other by their advance, in the size asked for."""
    lines = ["Hello there", "שלום 123 עולם", "abc مرحبا def"]
    x, baseline, size, line_height = 40.0, 100.0, 10.0, 13.0
    _canvas, code, _pdf = text_object(lines, bold, x, baseline, size, line_height)
    drawn = code.split(" rg ", 1)[1]  # after beginText's own identity matrix and the colour
    matrices = [tuple(map(float, m.split())) for m in re.findall(r"([-\d. ]+) Tm", drawn)]
    assert len(matrices) >= len(lines) + 2  # the Latin line once, the others run by run
    baselines = {baseline + number * line_height for number in range(len(lines))}
    for a, b, c, d, _e, f in matrices:
        assert (a, b, c, d) == (1, 0, 0, -1)
        assert f in baselines
    for number, line in enumerate(lines):
        starts = [e for *_, e, f in matrices if f == baseline + number * line_height]
        assert starts[0] == x
        runs = script_text.shaper(bold).runs(line) if len(starts) > 1 else []
        for run, left, right in zip(runs, starts, starts[1:], strict=False):
            assert right == pytest.approx(left + run.advance * size, abs=0.01)
    sizes = {float(s) for s in re.findall(r"([\d.]+) Tf", code)}
    assert sizes == {size}


@pytest.mark.parametrize("bold", [False, True])
def test_right_to_left_lines_are_drawn_in_the_weight_asked_for(shipped_fonts, bold):
    """A bold header in Hebrew prints in DejaVu Sans Bold, a regular card text in DejaVu Sans: only that face
    is embedded."""
    _canvas, _code, pdf = text_object(["Hello", "שלום עולם"], bold)
    embedded = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", pdf))
    assert embedded == ({b"DejaVuSans-Bold"} if bold else {b"DejaVuSans"})


def test_shaped_runs_carry_the_typed_text_for_copying(shipped_fonts):
    """Arabic's joined glyphs are marked with the characters as typed (ActualText, UTF-16 big-endian)."""
    _canvas, code, _pdf = text_object(["مرحبا"], False)
    spans = re.findall(r"/ActualText <FEFF([0-9A-Fa-f]+)>", code)
    assert spans
    assert bytes.fromhex(spans[0]).decode("utf-16-be") == "مرحبا"[::-1]


# --- how the glyph warning names a text ---------------------------------------------------------------------

CARD = "the customer opens the app and looks for the new watch band in the shop before paying online"
WORDS = CARD.split(" ")
BOX = "\U0010ff00"


def with_box(at_word: int, count: int = len(WORDS)) -> str:
    words = WORDS[:count]
    return " ".join([*words[:at_word], BOX + words[at_word], *words[at_word + 1:]])


FITTING = ["", "Short text", "Pay\n\n at   the\tcounter", "x" * START_LENGTH, "a b c d e f g h i j k l m n o",
           "0123456789 123456789 123456789"]


def test_a_text_that_fits_is_named_whole_with_its_spaces_collapsed():
    for text in FITTING:
        assert _start(text) == _start(text, set()) == _start(text, {BOX}) == " ".join(text.split())


def test_a_long_text_is_named_by_its_start_cut_at_the_length():
    """The start, and an ellipsis right after its last character (no space before it)."""
    for count in range(6, len(WORDS) + 1):
        flat = " ".join(WORDS[:count])
        named = _start(flat)
        if len(flat) <= START_LENGTH:
            assert named == flat
            continue
        assert named.endswith("…") and not named.endswith(" …")
        assert flat.startswith(named[:-1]) and len(named[:-1]) >= START_LENGTH - 1


def test_a_long_text_cut_at_a_space_has_no_space_before_the_ellipsis():
    flat = "a" * (START_LENGTH - 1) + " and more words after it"
    assert _start(flat) == "a" * (START_LENGTH - 1) + "…"


def test_a_box_is_always_in_what_names_its_text():
    """Whatever word the box is in, the name shows it: the start when the box and two characters after it fit
    there, else a stretch from the start of a word before the box."""
    for at_word in range(len(WORDS)):
        flat = with_box(at_word)
        at = flat.index(BOX)
        named = _start(flat, {BOX})
        assert BOX in named
        shown = named.removesuffix("…")
        if at + 2 < START_LENGTH:
            assert flat.startswith(shown)
            continue
        assert shown.startswith("…")
        stretch = shown[1:]
        begin = flat.index(stretch)
        assert begin > 0 and flat[begin - 1] == " "  # from a word's start
        assert begin <= at - 2  # with something before the box
        assert len(named) <= START_LENGTH + 2


@pytest.mark.parametrize("text", [
    "顾" * 40 + BOX,  # a script written without spaces
    "see https://example.com/a-very-long-path-to-a-page-" + BOX,  # a long word
    "word " + "x" * 40 + BOX + " after",
])
def test_a_box_late_in_a_long_word_is_named_from_inside_that_word(text):
    """No word starts before the box within reach: the name starts inside its word (it was "…" alone)."""
    named = _start(text, {BOX})
    assert BOX in named and named.startswith("…")
    assert len(named.removeprefix("…").split(BOX)[0]) == START_LENGTH // 2


def test_the_start_is_named_exactly_while_it_shows_the_box_and_two_characters_after_it():
    """A box near the end of the start: the start is named only while two characters after the box fit."""
    for at in range(START_LENGTH - 8, START_LENGTH + 8):
        flat = ("a " * START_LENGTH)[:at] + BOX + "b the rest of the words of the card"
        named = _start(flat, {BOX})
        assert BOX in named
        assert named.startswith("a") == (at + 2 < START_LENGTH), (at, named)


def test_the_first_box_of_a_text_decides():
    """A text with the same box early and late is named by its start, and so is one with an early other box."""
    flat = with_box(1) + " " + BOX + " again"
    assert _start(flat, {BOX}).startswith(WORDS[0])
    other = "\U0010ff01"
    flat = with_box(12).replace(WORDS[2], other + WORDS[2], 1)
    assert _start(flat, {BOX, other}).startswith(WORDS[0])
