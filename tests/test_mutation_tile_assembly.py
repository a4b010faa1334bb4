"""The assembly sheet of a tiled poster as a reader sees it (``app.export.tiles.draw_assembly``).

Its words (a heading, how many sheets in which rows and columns, how to glue them) print at the top in the
deliverable's language and take at most TEXT_SHARE of the printable height, printing smaller on a small sheet
rather than crowding the miniature below them; the miniature (the poster small, the sheets' grid over it) keeps
inside the printable area. Each sheet's name sits bold in its cell, in the grid's colour (grey for a sheet left
out), in a white box only where the boxed name leaves the cell mostly seen (LABEL_ROOM of it each way).

The sheet is drawn on a canvas that records each string, rectangle and form placed on it, in drawing order, with
the font, size, colours and line width in force. The tilings are planned for posters of a few shapes (a title
block at the top left, a legend at the top right, the grid below them) on sheets of a few sizes, both ways up.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import BOLD, REGULAR, ReportlabMetrics
from app.export.tiles import (
    GRID_COLOR,
    LABEL_ROOM,
    SHEET_MARGIN,
    SMALLEST_PT,
    TEXT_SHARE,
    Box,
    PosterSheets,
    Tiling,
    draw_assembly,
    plan_tiling,
    row_letters,
    usable,
)
from app.i18n import catalogue
from app.layout import TextWrapper

EPS = 1e-6
GREY = "#9AA3AD"  # a sheet left out: its name and its box's outline

# --- recording the drawing ---------------------------------------------------------------------------


def hex_of(color) -> str:
    if isinstance(color, tuple):  # a new canvas's black, before any colour is set
        return "#" + "".join(f"{round(255 * part):02X}" for part in color)
    return "#" + color.hexval()[2:].upper()


@dataclass
class String:
    x: float
    y: float  # the baseline
    text: str
    font: str
    size: float
    fill: str
    stroke: str
    line_width: float
    outline: bool  # drawn as an outline (text mode 1), not filled


@dataclass
class Rectangle:
    x: float
    y: float
    w: float
    h: float
    stroke: bool
    fill: bool
    stroke_color: str
    fill_color: str
    line_width: float

    def inside(self, other: Rectangle) -> bool:
        return (other.x - EPS <= self.x and self.x + self.w <= other.x + other.w + EPS
                and other.y - EPS <= self.y and self.y + self.h <= other.y + other.h + EPS)


class RecordingCanvas(Canvas):
    """A real canvas (into memory) that notes, in order, the strings, rectangles and forms drawn on it."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.drawn: list[String | Rectangle | str] = []

    def drawString(self, x, y, text, mode=None, *args, **kwargs):
        self.drawn.append(String(x, y, text, self._fontname, self._fontsize, hex_of(self._fillColorObj),
                                 hex_of(self._strokeColorObj), self._lineWidth, mode == 1))
        return super().drawString(x, y, text, mode, *args, **kwargs)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self.drawn.append(Rectangle(x, y, width, height, bool(stroke), bool(fill), hex_of(self._strokeColorObj),
                                    hex_of(self._fillColorObj), self._lineWidth))
        return super().rect(x, y, width, height, stroke, fill)

    def doForm(self, name):
        self.drawn.append(name)
        return super().doForm(name)


@cache
def metrics() -> ReportlabMetrics:
    return ReportlabMetrics()


@dataclass
class Assembly:
    """The assembly sheet of one tiling, as drawn."""

    tiling: Tiling
    drawn: list[String | Rectangle | str]
    page_size: tuple[float, float]

    def words(self) -> list[String]:
        """The lines of words: the strings drawn before the miniature."""
        first = next(i for i, item in enumerate(self.drawn) if not isinstance(item, String))
        return [item for item in self.drawn[:first] if isinstance(item, String)]

    def text(self) -> str:
        return " ".join(" ".join(line.text for line in self.words()).split())

    def page(self) -> Rectangle:
        """The poster page's outline in the miniature: the rectangle the poster's form is placed in."""
        form = next(i for i, item in enumerate(self.drawn) if isinstance(item, str))
        return next(item for item in reversed(self.drawn[:form]) if isinstance(item, Rectangle))

    def cells(self) -> list[Rectangle]:
        """The sheets' cells: the grid's outlines (stroked, not filled), row by row."""
        return [item for item in self.drawn if isinstance(item, Rectangle) and item.stroke and not item.fill
                and item.stroke_color == GRID_COLOR]

    def names(self) -> list[String]:
        """The sheets' names as filled (their white outlines left out), in the cells' order."""
        form = next(i for i, item in enumerate(self.drawn) if isinstance(item, str))
        return [item for item in self.drawn[form:] if isinstance(item, String) and not item.outline]

    def name_boxes(self) -> list[Rectangle]:
        """The white boxes under the names (none where the names print alone)."""
        cells = self.cells()
        last = max(i for i, item in enumerate(self.drawn) if any(item is cell for cell in cells))
        return [item for item in self.drawn[last:] if isinstance(item, Rectangle) and item.fill]


def poster_content(poster: tuple[float, float]) -> tuple[list[Box], dict[str, Box]]:
    """What a poster page draws, roughly: a title block at the top left, a legend at the top right, the grid
    below them, the footer at the bottom left."""
    width, height = poster
    title = Box(40, 40, width * 0.35, 90)
    legend = Box(width - 40 - width * 0.25, 40, width * 0.25, 110)
    grid = Box(40, 170, width - 80, height - 240)
    footer = Box(40, height - 50, 200, 10)
    return [title, legend, grid, footer], {"title": title, "legend": legend}


def assembly(poster: tuple[float, float], tile: tuple[float, float], language: str = "en",
             persona: str = "Ann Example", page: int = 1, pages: int = 1) -> Assembly:
    words = catalogue(language)
    wrapper = TextWrapper(metrics(), words)
    tiling = plan_tiling(poster, tile, *poster_content(poster))
    assert tiling.assembly, (poster, tile)
    c = RecordingCanvas()
    c.beginForm("poster1", 0, 0, *poster)
    c.endForm()
    draw_assembly(c, PosterSheets("poster1", tiling, page, pages, persona, words, wrapper.measure, wrapper.wrap))
    return Assembly(tiling, c.drawn, tile)


def sheet(width_mm: float, height_mm: float, upright: bool) -> tuple[float, float]:
    """A tile of these sides, its longer side up (``upright``) or across."""
    short, long = sorted((width_mm * mm, height_mm * mm))
    return (short, long) if upright else (long, short)


A3 = (1190.55, 841.89)  # landscape
A2 = (1683.78, 1190.55)
POSTERS = {"A3 landscape": A3, "A3 portrait": A3[::-1], "A2 landscape": A2, "A2 portrait": A2[::-1]}
#: small office sheets: the words must shrink on most of them
TILES = {"90x90mm": (90, 90), "A6": (105, 148), "110x130mm": (110, 130), "100x160mm": (100, 160),
         "A5": (148, 210)}


def cases() -> list:
    return [pytest.param(poster, name, upright, id=f"{poster}-{name}-{'upright' if upright else 'across'}")
            for poster in POSTERS for name in TILES for upright in (True, False)]


# --- the words ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("poster", "tile", "upright"), cases())
def test_the_words_take_at_most_their_share_of_the_sheet_and_the_miniature_keeps_inside_it(
        poster: str, tile: str, upright: bool, language: str):
    """The heading and the lines under it, with the gaps below each, end at most TEXT_SHARE of the printable
    height below its top (unless they print as small as they may: one step smaller would be under SMALLEST_PT);
    the miniature starts below them and keeps inside the printable area."""
    paper = sheet(*TILES[tile], upright)
    drawn = assembly(POSTERS[poster], paper, language, persona="Bea Beispiel-Langname")
    usable_w, usable_h = usable(paper)
    words = drawn.words()
    heading = [line for line in words if line.font == BOLD]
    body = [line for line in words if line.font == REGULAR]
    assert heading and body and words == heading + body
    assert len({line.size for line in heading}) == len({line.size for line in body}) == 1
    heading_size, size = heading[0].size, body[0].size
    assert heading_size == pytest.approx(size * 14 / 8)
    assert SMALLEST_PT - EPS <= size <= 8.0 + EPS
    top = paper[1] - SHEET_MARGIN
    assert all(line.x == pytest.approx(SHEET_MARGIN) for line in words)
    assert heading[0].y + heading_size * 0.95 <= top + EPS  # the heading's capitals below the margin
    lowest = min(line.y - 0.25 * line.size for line in words)  # descenders included
    mini = [drawn.page(), *drawn.cells()]
    mini_top = max(r.y + r.h for r in mini)
    assert mini_top <= lowest + EPS
    if size * 0.85 >= SMALLEST_PT:  # it could have printed smaller: it did not need to
        assert top - mini_top <= TEXT_SHARE * usable_h + EPS, (top - mini_top, TEXT_SHARE * usable_h, size)
    printable = Rectangle(SHEET_MARGIN, SHEET_MARGIN, usable_w, usable_h, False, False, "", "", 0)
    for rectangle in mini:
        assert rectangle.inside(printable), (rectangle, printable)


GERMAN_FIRST = "{count} Blätter in {rows} und {columns}: Der Buchstabe nennt die Reihe, die Zahl die Spalte"
ENGLISH_FIRST = "{count} sheets in {rows} and {columns}: the letter names the row, the number the column"


def rows_and_columns(tiling: Tiling, language: str) -> tuple[str, str]:
    last_row, last_column = row_letters(tiling.rows - 1), tiling.columns
    if language == "de":
        rows = "Reihe A" if tiling.rows == 1 else f"Reihen A (oben) bis {last_row} (unten)"
        columns = "Spalte 1" if tiling.columns == 1 else f"Spalten 1 (links) bis {last_column} (rechts)"
    else:
        rows = "row A" if tiling.rows == 1 else f"rows A (top) to {last_row} (bottom)"
        columns = "column 1" if tiling.columns == 1 else f"columns 1 (left) to {last_column} (right)"
    return rows, columns


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("poster", "tile"), [
    ((1190.55, 841.89), sheet(148, 210, False)),  # several rows and columns
    ((2400.0, 500.0), sheet(210, 297, False)),  # one row
    ((500.0, 2400.0), sheet(210, 297, True)),  # one column
    ((1683.78, 1190.55), sheet(90, 90, True)),  # many small sheets
], ids=["rows-and-columns", "one-row", "one-column", "many"])
def test_the_assembly_sheet_says_how_many_sheets_in_which_rows_and_columns_in_the_deliverables_language(
        poster, tile, language: str):
    """The heading names the persona (and the poster page when there are several); the first line counts the
    printed sheets and names the rows and columns, in the deliverable's words."""
    drawn = assembly(poster, tile, language, persona="Cem Çakır", page=2, pages=3)
    tiling = drawn.tiling
    rows, columns = rows_and_columns(tiling, language)
    template = GERMAN_FIRST if language == "de" else ENGLISH_FIRST
    text = drawn.text()
    assert template.format(count=len(tiling.printed), rows=rows, columns=columns) in text, text
    heading = ("Zusammenbau: Cem Çakır · Posterseite 2 von 3" if language == "de" else
               "Assembly: Cem Çakır · poster page 2 of 3")
    assert " ".join(line.text for line in drawn.words() if line.font == BOLD) == heading
    assert ("sheet" in text) is (language == "en") and ("Blatt" in text or "Blätter" in text) is (language == "de")


# --- the sheets' names in the miniature ------------------------------------------------------------------------


@pytest.mark.parametrize(("poster", "tile", "upright"), cases())
def test_each_name_sits_in_its_cell_in_a_box_only_where_the_box_leaves_the_cell_seen(poster: str, tile: str,
                                                                                       upright: bool):
    """Every sheet's name prints once, bold, centred in its cell, in the grid's colour (grey when left out);
    a white box, outlined in the name's colour, holds each name only where it takes at most LABEL_ROOM of its
    cell each way; otherwise every name prints alone in a white outline, inside its cell."""
    drawn = assembly(POSTERS[poster], sheet(*TILES[tile], upright))
    tiling = drawn.tiling
    cells, names, boxes = drawn.cells(), drawn.names(), drawn.name_boxes()
    assert len(cells) == len(names) == len(tiling.sheets)
    assert len({name.size for name in names}) == 1
    outlines = [item for item in drawn.drawn if isinstance(item, String) and item.outline]
    assert (len(boxes), len(outlines)) in ((len(cells), 0), (0, len(cells)))
    measure = metrics().width
    for index, (each, cell, name) in enumerate(zip(tiling.sheets, cells, names, strict=True)):
        assert name.text == each.label and name.font == BOLD
        assert name.fill == (GRID_COLOR if each.printed else GREY)
        width = measure(name.text, name.size, True)
        assert name.x + width / 2 == pytest.approx(cell.x + cell.w / 2)
        assert name.y + name.size * 0.35 == pytest.approx(cell.y + cell.h / 2)
        assert cell.x < name.x and name.x + width < cell.x + cell.w
        if boxes:
            box = boxes[index]
            assert box.w <= LABEL_ROOM * cell.w + EPS and box.h <= LABEL_ROOM * cell.h + EPS, (box, cell)
            assert box.fill_color == "#FFFFFF" and box.stroke
            assert box.stroke_color == (GRID_COLOR if each.printed else GREY)
            assert box.x < name.x and name.x + width < box.x + box.w
            assert box.y < name.y - 0.2 * name.size and name.y + 0.75 * name.size < box.y + box.h
        else:
            outline = outlines[index]
            assert (outline.text, outline.x, outline.y) == (name.text, name.x, name.y)
            assert outline.stroke == "#FFFFFF" and outline.font == BOLD and outline.size == name.size
            assert re.fullmatch(r"[A-Z]+\d+", outline.text)
