"""A tiled poster's sheet prints its words centred in its white margins, never over the poster; its name bold.

Its name and place, and "glue" by its right strip, in the top margin; the overlap note in the bottom one: each
line's cap height (0.8 of its size) centred between the printable area's edge and the sheet's, on every tile
paper both ways up, with and without glue strips.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait

from app.export.tiles import (
    GLUE_SIZE,
    LABEL_SIZE,
    NOTE_SIZE,
    SHEET_MARGIN,
    kind_words,
    own_words,
    usable,
)

TILES = [portrait(A4), landscape(A4), portrait(A3), landscape(A3), portrait(LETTER), (300.0, 255.0)]


def measure(text: str, size: float, bold: bool) -> float:
    return len(text) * size * (0.6 if bold else 0.5)


def cap_centre(word) -> float:
    return word.y + 0.4 * word.size


@pytest.mark.parametrize("right", [0.0, 28.35, 60.0])
@pytest.mark.parametrize("tile", TILES)
def test_a_sheet_s_words_are_centred_in_its_white_margins(tile: tuple[float, float], right: float):
    usable_h = usable(tile)[1]
    top_margin = (SHEET_MARGIN + usable_h + tile[1]) / 2  # between the printable area's top and the sheet's
    bottom_margin = SHEET_MARGIN / 2
    own = own_words(tile, "Sheet B3", "row B, column 3", right, measure)
    assert [w.text for w in own] == ["Sheet B3", "row B, column 3"]
    assert [w.size for w in own] == [LABEL_SIZE, NOTE_SIZE] and [w.bold for w in own] == [True, False]
    assert cap_centre(own[0]) == pytest.approx(top_margin)
    fixed = kind_words(tile, "overlap 10 mm", "glue", right, 28.35, measure)
    note, *glue = fixed
    assert note.text == "overlap 10 mm" and cap_centre(note) == pytest.approx(bottom_margin)
    level = [w for w in glue if not w.rotated]
    assert len(level) == bool(right)
    for word in level:  # "glue" by the right strip: in the top margin, as large as the strip allows
        assert word.size <= GLUE_SIZE and word.y == own[0].y
    turned = [w for w in glue if w.rotated]
    assert len(turned) == 1  # "glue" by the bottom strip, turned, in the right margin beside it
    for word in turned:  # turned a quarter left: its letters stand from x - 0.8 size (cap height) to x
        width = measure(word.text, word.size, False)
        right_margin = SHEET_MARGIN + usable(tile)[0]
        assert right_margin <= word.x - 0.8 * word.size and word.x + 0.25 * word.size <= tile[0]
        assert abs(word.x - 0.4 * word.size - (right_margin + tile[0]) / 2) <= 0.15 * word.size
        assert word.y >= SHEET_MARGIN and word.y + width <= SHEET_MARGIN + 28.35
    for word in own + fixed:
        if not word.rotated:
            bottom, top = word.y - 0.25 * word.size, word.y + 0.8 * word.size
            inside_top = SHEET_MARGIN + usable_h <= bottom and top <= tile[1]
            inside_bottom = bottom >= 0 and top <= SHEET_MARGIN
            assert inside_top or inside_bottom, word
