"""Latin, Greek and Cyrillic text with typographic spaces prints as any such text (app.export.script_text):
the narrow no-break space of French quotes and of thousands ("« Oui »", "10 000 €"), the thin, figure and
no-break spaces. Such a line is measured by the font's advances, word by word as the wrapper measures it, and
drawn as one string a line in the primary font, as Latin text with ordinary spaces is; it is not
sent through shaping (which would kern and join letters, so that a line would be narrower than its words)."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from app.export import script_text

#: narrow no-break, thin, figure, punctuation and no-break spaces: all in DejaVu Sans, none needs shaping
SPACES = ["\u202f", "\u2009", "\u2007", "\u2008", "\u00a0"]
#: words with kerning pairs (AV, To, Wa, Yo) and ligatures (fi, ffl) if shaping were asked for
LINES = ["« Avant{s}Tout »", "10{s}000{s}€ Wave{s}Yo", "office{s}waffle{s}Ty", "Ταυτότητα{s}ΑΥΤΟ",
         "Вход{s}Тур{s}АТ"]


@pytest.fixture(autouse=True)
def _fresh_shapers():
    script_text.reset()
    yield
    script_text.reset()


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("space", SPACES, ids=lambda s: f"U+{ord(s):04X}")
def test_a_line_with_a_typographic_space_is_as_wide_as_its_words_and_spaces(space, bold):
    primary = script_text.shaper(bold).primary
    for template in LINES:
        line = template.format(s=space)
        pieces = line.split(space)
        for size in (8, 10, 12.5):
            expected = sum(script_text.width(piece, size, bold) for piece in pieces) \
                + (len(pieces) - 1) * script_text.width(space, size, bold)
            assert script_text.width(line, size, bold) == pytest.approx(expected), (line, size)
            assert script_text.width(line, size, bold) == pytest.approx(pdfmetrics.stringWidth(line, primary, size))


def _drawn(line: str, bold: bool) -> str:
    """The PDF operators that draw a line (a fresh document: its font subset numbers glyphs from the start)."""
    canvas = Canvas("unused.pdf", pageCompression=0)
    text = canvas.beginText()
    script_text.draw_block(canvas, 20, 40, [line, line + "!"], 10, 12.5, "#1a1a1a", bold, into=text)
    return text.getCode()


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("space", SPACES, ids=lambda s: f"U+{ord(s):04X}")
def test_a_block_of_lines_with_typographic_spaces_is_drawn_as_one_string_a_line_in_one_font(space, bold):
    """One font for the block, one plain string (Tj) a line: no kerning arrays (TJ), no
    glyph runs placed one by one, no copied text for joined letters."""
    for template in LINES:
        drawn = _drawn(template.format(s=space), bold)
        assert drawn.count(" Tf") == 1, drawn
        assert drawn.count(" Tj") == 2 and " TJ" not in drawn and "ActualText" not in drawn, drawn
