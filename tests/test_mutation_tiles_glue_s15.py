"""Which strips of a tiled poster's sheet get glued onto, and the words its margin prints (``app.export.tiles``).

- A sheet's strip at its right (at its bottom) is a glue strip exactly when the sheet to its right (below it) is
  printed: a neighbour left out, or one on the other side, puts no glue mark there. Its width is how far the
  neighbour's printable area overlaps the sheet's, rounded so that sheets whose strips differ only by rounding
  noise are one kind of neighbourhood (one form of marks).
- The overlap note says the standard overlap when the caller names no strip, and only the strips it names.
- A margin word prints in its own weight and colour (bold and dark, or regular and muted), level or turned.

Tilings are built for every choice of printed sheets on a 3 × 3 grid and planned for posters of a few sizes on
sheets of a few sizes, both ways up. Qt-free; the words are drawn on a canvas that records each string.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass

import pytest
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import BOLD, REGULAR, register_fonts
from app.export.tiles import (
    TILE_OVERLAP,
    Sheet,
    Tiling,
    Word,
    draw_words,
    fixed_words,
    plan_tiling,
    usable,
)
from app.i18n import catalogue
from app.layout import palette
from tests.test_mutation_tile_notes import content

TILES = [portrait(A4), landscape(A4), portrait(A3), landscape(A3)]
#: half a thousandth of a point: how far a strip's width, rounded to thousandths, may be from the true one
HALF = 0.0005 + 1e-9


def grid(tile: tuple[float, float], printed: tuple[bool, ...], wider: float = 0.0) -> Tiling:
    """A 3 × 3 grid of sheets a step apart, the third column and the third row starting ``wider`` points early
    (as where a block is kept whole: that strip is wider), printed where ``printed`` says (row by row)."""
    usable_w, usable_h = usable(tile)
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    xs = [10.0, 10.0 + step_w, 10.0 + 2 * step_w - wider]
    ys = [20.0, 20.0 + step_h, 20.0 + 2 * step_h - wider]
    sheets = [Sheet(r, c, xs[c], ys[r], printed[r * 3 + c]) for r in range(3) for c in range(3)]
    poster = (xs[-1] + usable_w + 20, ys[-1] + usable_h + 40)
    return Tiling(poster, tile, xs, ys, sheets)


def true_strips(tiling: Tiling, sheet: Sheet) -> tuple[float, float]:
    """How far the next column's and the next row's printable areas overlap the sheet's (0: no next one)."""
    usable_w, usable_h = usable(tiling.tile)
    right = sheet.x + usable_w - tiling.xs[sheet.column + 1] if sheet.column + 1 < tiling.columns else 0.0
    below = sheet.y + usable_h - tiling.ys[sheet.row + 1] if sheet.row + 1 < tiling.rows else 0.0
    return right, below


@pytest.mark.parametrize("wider", [0.0, 17.3])
@pytest.mark.parametrize("tile", TILES, ids=lambda t: f"{t[0]:.0f}x{t[1]:.0f}")
def test_a_strip_is_glued_onto_exactly_when_the_neighbour_on_that_side_is_printed(tile, wider):
    """Every sheet of every choice of printed sheets: the right strip is a glue strip when the sheet to the right
    prints (not the one to the left, nor any other), the bottom strip when the sheet below prints (not the one
    above); each as wide as the neighbour's overlap."""
    seen = set()
    for printed in itertools.product((False, True), repeat=9):
        tiling = grid(tile, printed, wider)
        for sheet in tiling.sheets:
            r, c = sheet.row, sheet.column
            right, below = tiling.glue(sheet)
            true_right, true_below = true_strips(tiling, sheet)
            has_right = c + 1 < 3 and printed[r * 3 + c + 1]
            has_below = r + 1 < 3 and printed[(r + 1) * 3 + c]
            assert (right != 0, below != 0) == (has_right, has_below), (printed, sheet.label)
            if has_right:
                assert abs(right - true_right) <= HALF
            if has_below:
                assert abs(below - true_below) <= HALF
            seen.add((has_right, has_below, c > 0 and printed[r * 3 + c - 1], r > 0 and printed[(r - 1) * 3 + c]))
    assert len(seen) == 16  # each side's neighbour printed or not, with the opposite one printed or not


POSTERS = [landscape(A2), portrait(A2), landscape(A1), landscape(A0), (3000.0, 900.0), (900.0, 2600.0)]
BLOCKS = [((300.0, 90.0), (200.0, 100.0)), ((470.0, 300.0), (420.0, 500.0)), ((150.0, 60.0), (150.0, 60.0))]


def planned():
    for poster, tile, (title, legend) in itertools.product(POSTERS, TILES, BLOCKS):
        yield plan_tiling(poster, tile, *content(poster, title, legend))


def test_a_planned_sheets_strips_are_its_printed_neighbours_overlaps():
    """Every printed sheet of posters of several shapes on sheets both ways up: a strip is glued onto when the
    neighbour on that side prints; its width is within half a thousandth of a point of the neighbour's overlap
    (TILE_OVERLAP, or more where a block was kept whole). How finely it is rounded no print shows."""
    widths, left_out = set(), 0
    for tiling in planned():
        left_out += tiling.skipped
        for sheet in tiling.printed:
            right, below = tiling.glue(sheet)
            true_right, true_below = true_strips(tiling, sheet)
            has_right = sheet.column + 1 < tiling.columns and tiling.sheet(sheet.row, sheet.column + 1).printed
            has_below = sheet.row + 1 < tiling.rows and tiling.sheet(sheet.row + 1, sheet.column).printed
            for width, true, has in ((right, true_right, has_right), (below, true_below, has_below)):
                if not has:
                    assert width == 0.0
                    continue
                assert abs(width - true) <= HALF and width >= round(TILE_OVERLAP, 3)
                widths.add(width)
    assert left_out > 0  # some neighbours are left out
    assert any(width > TILE_OVERLAP + 1 for width in widths)  # some strips widened to keep a block whole


def test_sheets_alike_but_for_rounding_noise_are_one_kind_of_neighbourhood():
    """Columns a step apart, placed by sums that differ in their last bits, give every sheet the same strips."""
    for tile in TILES:
        usable_w, usable_h = usable(tile)
        step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
        xs = [0.1 * 3 + i * step_w for i in range(8)]
        xs = [x + (1e-9 if i % 2 else -1e-9) for i, x in enumerate(xs)]
        ys = [0.7 + i * step_h + (1e-9 if i % 3 else 0.0) for i in range(5)]
        sheets = [Sheet(r, c, x, y, True) for r, y in enumerate(ys) for c, x in enumerate(xs)]
        tiling = Tiling((xs[-1] + usable_w, ys[-1] + usable_h), tile, xs, ys, sheets)
        kinds = {tiling.glue(sheet) for sheet in tiling.sheets}
        assert len(kinds) == 4  # a neighbour to the right, below, both or neither
        assert {bool(w) for kind in kinds for w in kind} == {False, True}
        assert all(abs(w - TILE_OVERLAP) <= HALF for kind in kinds for w in kind if w)


# --- the overlap note ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("strip", [TILE_OVERLAP, 15 * mm, 23.4 * mm])
def test_the_overlap_note_names_only_the_strips_given(language, strip):
    """No strip given: the standard overlap (10 mm); one given by name, on either side: only its width; both:
    both widths, narrower first."""
    words = catalogue(language)
    note = words.gettext("overlap {size} mm")
    glue = words.gettext("glue")
    standard = (note.format(size=round(TILE_OVERLAP / mm)), glue)
    assert fixed_words(words) == standard
    assert fixed_words(words, 0.0, 0.0) == standard
    one = (note.format(size=round(strip / mm)), glue)
    assert fixed_words(words, right=strip) == one
    assert fixed_words(words, below=strip) == one
    assert fixed_words(words, strip) == one
    assert fixed_words(words, 0.0, strip) == one
    both = sorted({round(strip / mm), round(TILE_OVERLAP / mm)})
    assert fixed_words(words, right=strip, below=TILE_OVERLAP) == (note.format(size="/".join(map(str, both))), glue)
    assert fixed_words(words, right=TILE_OVERLAP, below=strip) == (note.format(size="/".join(map(str, both))), glue)


# --- a margin word's weight, colour and place ---------------------------------------------------------


@dataclass
class Drawn:
    text: str
    font: str
    size: float
    fill: str
    origin: tuple[float, float]  # where the string starts, in page points
    along: tuple[float, float]  # the direction its baseline runs, in page points


class WordCanvas(Canvas):
    """A real canvas (into memory) that notes each string drawn: its font, colour and where it lies on the page
    (the transformation in force applied)."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.drawn: list[Drawn] = []

    def drawString(self, x, y, text, *args, **kwargs):
        a, b, c, d, e, f = self._currentMatrix
        self.drawn.append(Drawn(text, self._fontname, self._fontsize, "#" + self._fillColorObj.hexval()[2:].upper(),
                                (a * x + c * y + e, b * x + d * y + f), (a, b)))
        return super().drawString(x, y, text, *args, **kwargs)


@pytest.mark.parametrize("rotated", [False, True])
@pytest.mark.parametrize("bold", [False, True])
def test_a_margin_word_prints_in_its_weight_and_colour_level_or_turned(bold, rotated):
    """Bold words print bold and dark, the others regular and muted, whichever way they run; a turned word reads
    upwards from where it starts; the canvas is as before afterwards."""
    words = [Word("Sheet B3", 40.0, 560.0, 9.0, bold=bold, rotated=rotated),
             Word("glue", 812.5, 33.25, 4.5, bold=bold, rotated=rotated),
             Word("overlap 10/15 mm", 34.0, 11.2, 7.0, bold=bold, rotated=rotated)]
    register_fonts()
    c = WordCanvas()
    c.setFont(REGULAR if bold else BOLD, 20)  # the other weight in force before
    draw_words(c, words)
    assert [d.text for d in c.drawn] == [w.text for w in words]
    for drawn, word in zip(c.drawn, words, strict=True):
        assert drawn.font == (BOLD if bold else REGULAR)
        assert drawn.fill == (palette.TEXT if bold else palette.MUTED_TEXT)
        assert drawn.size == word.size
        assert drawn.origin == pytest.approx((word.x, word.y))
        assert drawn.along == pytest.approx((0.0, 1.0) if rotated else (1.0, 0.0))
    assert c._currentMatrix == pytest.approx((1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
