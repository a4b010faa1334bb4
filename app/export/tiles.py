"""A poster page printed on sheets of office paper that assemble into it (issue 19, item 8).

Geometry first, drawing after, both free of Qt:

- The sheets cover what the poster draws (its grid, title block, legend and
  footer), not its white margin, each sheet's printable area overlapping the
  next by TILE_OVERLAP. A sheet whose area holds none of that is left out.
- The sheet grid's origin is chosen so that the title block and the legend
  each lie whole on one sheet when they fit on one; what cannot fit is said.
- Sheets are named like spreadsheet cells: the letter is the row (A at the
  top), the number the column (1 at the left): B3 is the second row's third
  sheet. An assembly sheet, printed before a poster page's sheets, shows the
  poster small with that grid; each sheet repeats its name in its margin.
- Crop and glue marks lie in the sheet's white margin only, beside the
  overlap strips, never over the poster or the sheet's own words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.lib.colors import HexColor as _HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export import ExportError
from app.export.fonts import BOLD
from app.export.script_text import draw_string
from app.export.title_lines import title_runs
from app.i18n import Catalogue, _, ngettext
from app.layout import Rect, palette

HexColor = lru_cache(maxsize=64)(_HexColor)

#: the white margin a printer leaves round a sheet's printable area (the poster's margin is the same)
SHEET_MARGIN = 28.0
#: how far neighbouring sheets print the same strip of the poster: the strip one sheet is glued onto
TILE_OVERLAP = 10 * mm
#: the tile sizes printers take: each side at least 90 mm (about A6, the smallest sheet office printers feed),
#: the shorter side at most 1,600 mm (the widest roll of large-format printers, 64 inches)
MIN_TILE_SIDE = 90 * mm
MAX_TILE_SHORT_SIDE = 1600 * mm
#: a poster larger than this on a side is no poster a wall holds: refused
MAX_POSTER_SIDE = 5000 * mm
#: crop and glue marks: their length and their distance from the printable area
MARK_LENGTH = 12.0
MARK_GAP = 2.0
#: where a sheet's own words start, clear of the crop mark at the printable area's corner
LABEL_INSET = 6.0
LABEL_SIZE = 9.0
NOTE_SIZE = 7.0
GLUE_SIZE = 6.0
#: the assembly sheet's words take at most this share of its height, printing smaller down to SMALLEST_PT
TEXT_SHARE = 0.4
SMALLEST_PT = 4.0
#: a sheet's name in the assembly sheet's miniature: the white box's padding (a share of the type size), and the
#: share of its cell the boxed name may take each way (more: the name prints alone, without its box)
LABEL_PAD = 0.25
LABEL_ROOM = 0.6
#: the sheet grid's colour on the assembly sheet (Okabe-Ito blue)
GRID_COLOR = "#0072B2"
#: points a sheet must hold of a drawn box (both ways) to count as holding it
HOLDS = 0.5


class Box(Rect):
    """A rectangle in poster points, y down from the page's top-left corner (the layout's Rect, which knows
    its right and bottom), with what tiling asks of two of them."""

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two boxes share space across and down (<= 0: not at all)."""
        return (min(self.right, other.right) - max(self.x, other.x),
                min(self.bottom, other.bottom) - max(self.y, other.y))

    def holds(self, other: Box) -> bool:
        return (self.x <= other.x + 1e-6 and other.right <= self.right + 1e-6
                and self.y <= other.y + 1e-6 and other.bottom <= self.bottom + 1e-6)


def union(boxes: Sequence[Box]) -> Box:
    left, top = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(left, top, max(b.right for b in boxes) - left, max(b.bottom for b in boxes) - top)


def row_letters(row: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: row names as spreadsheets name columns."""
    letters = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def sheet_label(row: int, column: int) -> str:
    """The sheet's name: its row's letter and its column's number, B3 for the second row's third sheet."""
    return f"{row_letters(row)}{column + 1}"


def usable(tile: tuple[float, float]) -> tuple[float, float]:
    """A sheet's printable area inside its margins, in points."""
    return tile[0] - 2 * SHEET_MARGIN, tile[1] - 2 * SHEET_MARGIN


def tile_grid(poster: tuple[float, float], tile: tuple[float, float] | None) -> tuple[int, int]:
    """Rows and columns of sheets an extent of ``poster`` points needs: printable areas overlapping by
    TILE_OVERLAP."""
    if tile is None:
        return 1, 1
    usable_w, usable_h = usable(tile)
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    columns = max(1, math.ceil((poster[0] - TILE_OVERLAP) / step_w))
    rows = max(1, math.ceil((poster[1] - TILE_OVERLAP) / step_h))
    return rows, columns


# --- refusals ---------------------------------------------------------------------------------------------


def millimetres(value: float) -> str:
    """Points as whole millimetres, thousands set apart by a narrow space (7\u202f037)."""
    return f"{value / mm:,.0f}".replace(",", "\u202f")


def check_tile(name: str, tile: tuple[float, float]) -> None:
    """Refuse a tile no printer takes: a side under MIN_TILE_SIDE, or both sides over the widest roll. ``name``:
    the tile as it prints ("A4", "200×89 mm"); a custom size is named by its sides, so they are said once."""
    short = min(tile)
    if short < MIN_TILE_SIDE - 0.01 or short > MAX_TILE_SHORT_SIDE + 0.01:
        raise ExportError(
            _("no printer takes tiles of {name}: a tile is at least {least} mm on each side and at most {most} mm "
              "on its shorter side (the widest printer roll)").format(
                name=name if name.endswith(" mm") else f"{name} ({millimetres(tile[0])}×{millimetres(tile[1])} mm)",
                least=millimetres(MIN_TILE_SIDE), most=millimetres(MAX_TILE_SHORT_SIDE)))


def within_poster_limit(longest_side: float) -> bool:
    """Whether a poster whose longer side is ``longest_side`` points is at most MAX_POSTER_SIDE (a larger one is
    refused: ``pdf.poster_too_long``)."""
    return longest_side <= MAX_POSTER_SIDE + 0.01


def covers(tile: tuple[float, float], poster: tuple[float, float]) -> bool:
    """Whether one tile is as large as the poster's paper both ways: one sheet prints it, tiling makes no sense
    (the planner refuses it, saying what works instead: ``pdf.tile_covers_paper``)."""
    return tile[0] >= poster[0] - 0.01 and tile[1] >= poster[1] - 0.01


# --- the sheet grid ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    row: int
    column: int
    #: the poster point (y down) at the top-left corner of the sheet's printable area
    x: float
    y: float
    printed: bool

    @property
    def label(self) -> str:
        return sheet_label(self.row, self.column)


@dataclass
class Tiling:
    """One poster page's sheets: where each falls, which print, which blocks lie whole on one."""

    poster: tuple[float, float]
    tile: tuple[float, float]
    xs: list[float]  # each column's left edge, in poster points
    ys: list[float]  # each row's top edge
    sheets: list[Sheet]  # row by row
    #: the blocks to keep whole ("title", "legend") and the sheet each lies whole on ("" when none)
    blocks: dict[str, tuple[Box, str]] = field(default_factory=dict)
    #: what the poster page draws, as boxes: a sheet holding none of them is left out
    content: list[Box] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.ys)

    @property
    def columns(self) -> int:
        return len(self.xs)

    @property
    def printed(self) -> list[Sheet]:
        return [sheet for sheet in self.sheets if sheet.printed]

    @property
    def assembly(self) -> bool:
        """Whether an assembly sheet is printed first: when there is something to assemble."""
        return len(self.printed) > 1

    @property
    def skipped(self) -> int:
        return sum(not sheet.printed for sheet in self.sheets)

    def sheet(self, row: int, column: int) -> Sheet:
        return self.sheets[row * self.columns + column]

    def region(self, sheet: Sheet) -> Box:
        """The part of the poster the sheet prints."""
        usable_w, usable_h = usable(self.tile)
        return Box(sheet.x, sheet.y, usable_w, usable_h)

    def visible(self, sheet: Sheet) -> Box:
        """The part of the poster the sheet shows once assembled: its neighbours to the right and below lie on
        its overlap strips."""
        usable_w, usable_h = usable(self.tile)
        right = self.xs[sheet.column + 1] if sheet.column + 1 < self.columns else sheet.x + usable_w
        bottom = self.ys[sheet.row + 1] if sheet.row + 1 < self.rows else sheet.y + usable_h
        return Box(sheet.x, sheet.y, right - sheet.x, bottom - sheet.y)

    def extent(self) -> Box:
        usable_w, usable_h = usable(self.tile)
        return Box(self.xs[0], self.ys[0], self.xs[-1] + usable_w - self.xs[0], self.ys[-1] + usable_h - self.ys[0])

    def glue(self, sheet: Sheet) -> tuple[float, float]:
        """The widths of the sheet's strips a printed neighbour is glued onto, at its right and at its bottom
        (TILE_OVERLAP, more where a block was kept whole); 0 where no neighbour goes."""
        usable_w, usable_h = usable(self.tile)
        right = below = 0.0
        if sheet.column + 1 < self.columns and self.sheet(sheet.row, sheet.column + 1).printed:
            right = round(sheet.x + usable_w - self.xs[sheet.column + 1], 3)
        if sheet.row + 1 < self.rows and self.sheet(sheet.row + 1, sheet.column).printed:
            below = round(sheet.y + usable_h - self.ys[sheet.row + 1], 3)
        return right, below

    def spanned(self, box: Box) -> list[Sheet]:
        """The sheets that print part of ``box``."""
        return [s for s in self.sheets if min(self.region(s).overlap(box)) > HOLDS]

    def oversized(self) -> list[str]:
        """The blocks lying whole on no sheet, by name."""
        return [name for name, (_box, label) in self.blocks.items() if not label]


def _offsets(start: float, end: float, step: float, length: float, blocks: list[tuple[float, float]]) -> list[float]:
    """Candidate first-sheet edges for covering [start, end]: at ``start``, centring [start, end] on the sheets,
    and each shifting a block to lie whole inside one sheet (at its near edge, centred, at its far edge); all
    within one step before ``start``."""
    count = max(1, math.ceil((end - start - TILE_OVERLAP) / step))
    spare = (count - 1) * step + length - (end - start)
    candidates = [start, start - spare / 2]  # at the content's edge, or the content centred on the sheets
    for low, high in blocks:
        size = high - low
        if size > length:
            continue
        room = length - size
        for edge in (low - min(LABEL_INSET, room / 2), low - room / 2, high + min(LABEL_INSET, room / 2) - length):
            candidates.append(start - ((start - edge) % step))  # the same grid, its first line before start
    return sorted({round(c, 3) for c in candidates})


def _kept_whole(start: float, end: float, step: float, length: float,
                blocks: list[tuple[float, float]]) -> list[float]:
    """Sheet edges covering [start, end] one step apart, except where a sheet's far edge would cut a block that
    fits on a sheet: the next sheet then starts at the block (its neighbour overlaps it by more than
    TILE_OVERLAP)."""
    edges = [start]
    while edges[-1] + length < end - 1e-6:
        here = edges[-1]
        following = here + step
        for low, high in blocks:
            inset = min(LABEL_INSET, (length - (high - low)) / 2)
            if high - low <= length and low < here + length < high and here < low - inset < following:
                following = low - inset
        edges.append(following)
    return edges


def _lines(first: float, end: float, step: float) -> list[float]:
    count = max(1, math.ceil((end - first - TILE_OVERLAP) / step))
    return [first + i * step for i in range(count)]


def plan_tiling(poster: tuple[float, float], tile: tuple[float, float], content: Sequence[Box],
                blocks: dict[str, Box] | None = None) -> Tiling:
    """The sheets for a poster page whose drawn boxes are ``content``; ``blocks`` are kept whole where they fit.

    Tried: sheets a step apart from the content's top-left, centred on it, or shifted to hold a block whole; and
    sheets a step apart but where a block would be cut (the next sheet starts at the block). Chosen: the one
    cutting the fewest blocks that fit on a sheet, then printing the fewest sheets, then the most centred.
    """
    blocks = blocks or {}
    boxes = [box for box in content if box.w > 0 and box.h > 0] or [Box(0, 0, *poster)]
    whole = union(boxes)
    usable_w, usable_h = usable(tile)
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    spans = list(blocks.values())
    across = _offsets(whole.x, whole.right, step_w, usable_w, [(b.x, b.right) for b in spans])
    down = _offsets(whole.y, whole.bottom, step_h, usable_h, [(b.y, b.bottom) for b in spans])
    fitting = [b for b in spans if b.w <= usable_w and b.h <= usable_h]
    columns = [_lines(left, whole.right, step_w) for left in across]
    columns.append(_kept_whole(whole.x, whole.right, step_w, usable_w, [(b.x, b.right) for b in fitting]))
    rows = [_lines(top, whole.bottom, step_h) for top in down]
    rows.append(_kept_whole(whole.y, whole.bottom, step_h, usable_h, [(b.y, b.bottom) for b in fitting]))
    # A sheet holds a box when its column and its row both do: per column and per row, the boxes each holds as
    # the bits of a number, so that trying a hundred grids costs a few thousand ANDs, not a million overlaps.
    def held(edges: list[float], length: float, low: Callable[[Box], float], high: Callable[[Box], float]):
        return [sum(1 << i for i, box in enumerate(boxes) if min(edge + length, high(box)) - max(edge, low(box))
                    > HOLDS) for edge in edges]

    def whole_on(edges: list[float], length: float, low: float, high: float) -> int | None:
        return next((i for i, edge in enumerate(edges) if edge <= low + 1e-6 and high <= edge + length + 1e-6),
                    None)

    best_key, chosen = None, None
    column_masks = [held(xs, usable_w, lambda b: b.x, lambda b: b.right) for xs in columns]
    row_masks = [held(ys, usable_h, lambda b: b.y, lambda b: b.bottom) for ys in rows]
    for xs, across_masks in zip(columns, column_masks, strict=True):
        for ys, down_masks in zip(rows, row_masks, strict=True):
            printed = sum(1 for row in down_masks for column in across_masks if row & column)
            cut = sum(1 for b in fitting if whole_on(xs, usable_w, b.x, b.right) is None
                      or whole_on(ys, usable_h, b.y, b.bottom) is None)
            # then the least shift from the content centred on the sheets: what the sheets hold is balanced
            off_centre = (abs(xs[0] + xs[-1] + usable_w - whole.x - whole.right)
                          + abs(ys[0] + ys[-1] + usable_h - whole.y - whole.bottom))
            key = (cut, printed, len(xs) * len(ys), round(off_centre, 3))
            if best_key is None or key < best_key:
                best_key, chosen = key, (xs, ys, across_masks, down_masks)
    xs, ys, across_masks, down_masks = chosen
    sheets = [Sheet(r, c, x, y, bool(down_masks[r] & across_masks[c]))
              for r, y in enumerate(ys) for c, x in enumerate(xs)]
    tiling = Tiling(poster, tile, xs, ys, sheets, content=boxes)
    tiling.blocks = {name: (box, _whole_on(tiling, box)) for name, box in blocks.items()}
    return tiling


def _whole_on(tiling: Tiling, box: Box) -> str:
    for sheet in tiling.sheets:
        if sheet.printed and tiling.region(sheet).holds(box):
            return sheet.label
    return ""


# --- what a sheet prints besides the poster: marks and words in its margin ----------------------------------


Segment = tuple[tuple[float, float], tuple[float, float]]


def crop_marks(tile: tuple[float, float]) -> list[Segment]:
    """Two short lines at each corner of the printable area, in the margin (sheet points, y up): cut along
    them to trim a sheet's margin."""
    usable_w, usable_h = usable(tile)
    left, bottom = SHEET_MARGIN, SHEET_MARGIN
    right, top = left + usable_w, bottom + usable_h
    near, far = MARK_GAP, MARK_GAP + MARK_LENGTH
    segments = []
    for x, y, dx, dy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1), (right, top, 1, 1)):
        segments.append(((x, y + dy * near), (x, y + dy * far)))
        segments.append(((x + dx * near, y), (x + dx * far, y)))
    return segments


def glue_marks(tile: tuple[float, float], right: float, below: float) -> list[Segment]:
    """Dashed lines in the margin where an overlap strip begins (``right``, ``below``: the strips' widths, 0 for
    none): the next sheet's trimmed edge goes there."""
    usable_w, usable_h = usable(tile)
    left, bottom = SHEET_MARGIN, SHEET_MARGIN
    near, far = MARK_GAP, MARK_GAP + MARK_LENGTH
    segments = []
    if right:  # the strip along the right edge: its inner edge marked above and below the printable area
        x = left + usable_w - right
        segments += [((x, bottom - near), (x, bottom - far)), ((x, bottom + usable_h + near),
                                                               (x, bottom + usable_h + far))]
    if below:  # the strip along the bottom edge: its inner edge marked left and right of it
        y = bottom + below
        segments += [((left - near, y), (left - far, y)), ((left + usable_w + near, y), (left + usable_w + far, y))]
    return segments


@dataclass(frozen=True)
class Word:
    """A line of a sheet's own words: where it prints (sheet points, y up, baseline) and its size."""

    text: str
    x: float
    y: float
    size: float
    bold: bool = False
    rotated: bool = False  # turned a quarter anticlockwise (reading upwards)

    def box(self, width: float) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the line of ``width`` points, descenders included."""
        if self.rotated:
            return self.x - self.size * 0.8, self.y, self.x + self.size * 0.25, self.y + width
        return self.x, self.y - self.size * 0.25, self.x + width, self.y + self.size * 0.8


def _top_margin(tile: tuple[float, float], right: float) -> tuple[float, float]:
    """The baseline of the words in the top margin, and where they end: before the right strip's glue mark, or
    the crop mark at the corner."""
    usable_w, usable_h = usable(tile)
    baseline = SHEET_MARGIN + usable_h + (SHEET_MARGIN - LABEL_SIZE * 0.8) / 2
    return baseline, SHEET_MARGIN + usable_w - right - LABEL_INSET


def own_words(tile: tuple[float, float], label: str, detail: str, right: float,
              measure: Callable[[str, float, bool], float]) -> list[Word]:
    """A sheet's own words, at the top: its name, and its place when it fits before the end of the margin."""
    baseline, end = _top_margin(tile, right)
    own = []
    if label:
        own.append(Word(label, SHEET_MARGIN + LABEL_INSET, baseline, LABEL_SIZE, bold=True))
        after = SHEET_MARGIN + LABEL_INSET + measure(label, LABEL_SIZE, True) + LABEL_INSET
        if detail and after + measure(detail, NOTE_SIZE, False) <= end:
            own.append(Word(detail, after, baseline, NOTE_SIZE))
    return own


def kind_words(tile: tuple[float, float], note: str, glue: str, right: float, below: float,
               measure: Callable[[str, float, bool], float]) -> list[Word]:
    """The words every sheet of a kind prints: the overlap note at the bottom, "glue" beside each strip a
    neighbour goes onto; each left out or smaller rather than reaching a mark. ``right``, ``below``: the glue
    strips' widths (0: none)."""
    usable_w = usable(tile)[0]
    baseline, end = _top_margin(tile, right)
    left = SHEET_MARGIN
    fixed = []
    if left + LABEL_INSET + measure(note, NOTE_SIZE, False) <= end:
        fixed.append(Word(note, left + LABEL_INSET, (SHEET_MARGIN - NOTE_SIZE * 0.8) / 2, NOTE_SIZE))

    def fitted(strip: float) -> tuple[float, float]:  # the word's size and width in a strip
        size = min(GLUE_SIZE, GLUE_SIZE * (strip - 2 * MARK_GAP) / max(measure(glue, GLUE_SIZE, False), 1e-6))
        return size, measure(glue, size, False)

    if right:
        size, width = fitted(right)
        fixed.append(Word(glue, left + usable_w - right / 2 - width / 2, baseline, size))
    if below:
        size, width = fitted(below)
        fixed.append(Word(glue, left + usable_w + SHEET_MARGIN / 2 + size * 0.3,
                          SHEET_MARGIN + below / 2 - width / 2, size, rotated=True))
    return fixed


def segment_crosses(segment: Segment, box: tuple[float, float, float, float]) -> bool:
    """Whether an upright or level segment touches the box (left, bottom, right, top)."""
    (x1, y1), (x2, y2) = segment
    left, bottom, right, top = box
    return (min(x1, x2) <= right and max(x1, x2) >= left and min(y1, y2) <= top and max(y1, y2) >= bottom)


# --- drawing ----------------------------------------------------------------------------------------------


def mark_form(right: float, below: float) -> str:
    return f"sheet-{right:.2f}-{below:.2f}"


def draw_mark_forms(c: Canvas, tiling: Tiling, words: Catalogue, measure: Callable[[str, float, bool], float],
                    made: set[str]) -> None:
    """The marks and the fixed words of the tiling's sheets (the overlap note, "glue" by each strip), one form
    per kind of neighbourhood not ``made`` yet, drawn once for every sheet to place. Call it between pages."""
    tile = tiling.tile
    for right, below in sorted({tiling.glue(sheet) for sheet in tiling.printed}):
        name = mark_form(right, below)
        if name in made:
            continue
        made.add(name)
        c.beginForm(name, 0, 0, *tile)
        c.setStrokeColor(HexColor("#000000"))
        c.setLineWidth(0.3)
        for (x1, y1), (x2, y2) in crop_marks(tile):
            c.line(x1, y1, x2, y2)
        c.setDash(2, 1.5)
        for (x1, y1), (x2, y2) in glue_marks(tile, right, below):
            c.line(x1, y1, x2, y2)
        c.setDash()
        draw_words(c, kind_words(tile, *fixed_words(words, right, below), right, below, measure))
        c.endForm()


def fixed_words(words: Catalogue, right: float = 0.0, below: float = 0.0) -> tuple[str, str]:
    """The words every sheet of a kind prints: the overlap note ("overlap 10 mm"; both widths when a strip is
    wider to keep a block whole), and "glue" by each strip a neighbour goes onto."""
    widths = sorted({round(strip / mm) for strip in (right, below) if strip}) or [round(TILE_OVERLAP / mm)]
    return (words.gettext("overlap {size} mm").format(size="/".join(str(w) for w in widths)),
            words.gettext("glue"))


def draw_words(c: Canvas, words: list[Word]) -> None:
    for word in words:
        color = palette.TEXT if word.bold else palette.MUTED_TEXT
        if word.rotated:
            c.saveState()
            c.translate(word.x, word.y)
            c.rotate(90)
            draw_string(c, 0, 0, word.text, word.size, color, bold=word.bold)
            c.restoreState()
        else:
            draw_string(c, word.x, word.y, word.text, word.size, color, bold=word.bold)


@dataclass
class PosterSheets:
    """What drawing one poster page's sheets needs besides the canvas."""

    form: str  # the poster page drawn once as a form (its page's y-up points)
    tiling: Tiling
    page: int  # this poster page's number, from 1
    pages: int
    persona: str
    words: Catalogue
    measure: Callable[[str, float, bool], float]
    wrap: Callable[[str, float, float, bool], list[str]]
    title: str = ""  # the map's title, for the assembly sheet's heading


def detail_text(sheets: PosterSheets, sheet: Sheet) -> str:
    """The sheet's place in words: "row B, column 3 of 5 × 5 · poster page 1 of 3" (the page when several)."""
    words, tiling = sheets.words, sheets.tiling
    text = words.gettext("row {row}, column {column} of {rows} × {columns}").format(
        row=row_letters(sheet.row), column=sheet.column + 1, rows=tiling.rows, columns=tiling.columns)
    if sheets.pages > 1:
        text = words.gettext("{place} · poster page {page} of {pages}").format(place=text, page=sheets.page,
                                                                             pages=sheets.pages)
    return text


def sheet_text(sheets: PosterSheets, sheet: Sheet) -> list[Word]:
    """The words the sheet's own page prints in its margin: its name and place (the overlap note and the glue
    words its marks' form prints, shared by every sheet of its kind: ``draw_mark_forms``)."""
    return own_words(sheets.tiling.tile, sheets.words.gettext("Sheet {label}").format(label=sheet.label),
                     detail_text(sheets, sheet), sheets.tiling.glue(sheet)[0], sheets.measure)


def draw_sheets(c: Canvas, sheets: PosterSheets) -> None:
    """The printed sheets of one poster page: each its part of the poster clipped to its printable area, its
    marks and its words. A few hundred bytes each, stored uncompressed (compressing so short a stream makes it
    longer)."""
    tiling = sheets.tiling
    tile = tiling.tile
    usable_w, usable_h = usable(tile)
    poster_h = tiling.poster[1]
    for sheet in tiling.printed:
        c.setPageSize(tile)
        c.saveState()
        clip = c.beginPath()
        clip.rect(SHEET_MARGIN, SHEET_MARGIN, usable_w, usable_h)
        c.clipPath(clip, stroke=0, fill=0)
        # The poster (a form in its page's y-up points) moved so that its point (x, y) from the top-left, y down,
        # lands at the printable area's top-left corner.
        c.translate(SHEET_MARGIN - sheet.x, tile[1] - SHEET_MARGIN + sheet.y - poster_h)
        c.doForm(sheets.form)
        c.restoreState()
        c.doForm(mark_form(*tiling.glue(sheet)))
        draw_words(c, sheet_text(sheets, sheet))
        c.setPageCompression(0)
        c.showPage()
        c.setPageCompression(1)


def assembly_lines(sheets: PosterSheets) -> list[str]:
    """What the assembly sheet says, in the deliverable's language."""
    words, tiling = sheets.words, sheets.tiling
    printed = len(tiling.printed)
    count = words.ngettext("{count} sheet", "{count} sheets", printed).format(count=printed)
    rows = (words.gettext("row A") if tiling.rows == 1 else
            words.gettext("rows A (top) to {last} (bottom)").format(last=row_letters(tiling.rows - 1)))
    columns = (words.gettext("column 1") if tiling.columns == 1 else
               words.gettext("columns 1 (left) to {last} (right)").format(last=tiling.columns))
    lines = [words.gettext("{sheets} in {rows} and {columns}: the letter names the row, the number the column "
                           "(B3: second row, third sheet).").format(sheets=count, rows=rows, columns=columns)]
    if tiling.skipped:
        lines.append(words.ngettext(
            "{count} sheet holds nothing of the poster and is not printed (crossed out below).",
            "{count} sheets hold nothing of the poster and are not printed (crossed out below).",
            tiling.skipped).format(count=tiling.skipped))
    lines.append(words.gettext(
        "Cut off each sheet's left and top margin along the crop marks and lay its edge on the dashed glue mark "
        "of the sheet to its left and above: neighbours overlap by {size} mm or more.").format(
        size=f"{TILE_OVERLAP / mm:.0f}"))
    for name, (box, _label) in tiling.blocks.items():
        if _label:
            continue
        spanned = tiling.spanned(box)
        text = (words.gettext("The title block is larger than one sheet's printable area; it spans sheets {sheets}.")
                if name == "title" else
                words.gettext("The legend is larger than one sheet's printable area; it spans sheets {sheets}."))
        names = [s.label for s in spanned]  # a block spans a rectangle of sheets: its corners name it
        lines.append(text.format(sheets=", ".join(names) if len(names) <= 2 else f"{names[0]}–{names[-1]}"))
    return lines


def label_style(measure: Callable[[str, float, bool], float], labels: list[str], cell_w: float, cell_h: float,
                k: float = 1.0) -> tuple[float, bool]:
    """The size of the sheets' names in the assembly sheet's miniature (cells of at least ``cell_w`` × ``cell_h``
    points), and whether each sits in a white box: only when the boxed name, at SMALLEST_PT or more, leaves room
    to spare in its cell (LABEL_ROOM of it each way). Otherwise the box would hide the miniature (273 sheets of
    90 mm on an A0): the name alone, in a white outline, smaller where it would not fit its cell (below
    SMALLEST_PT then: 2.5 pt in that case)."""
    widest = max((measure(label, 1.0, True) for label in labels), default=1.0)  # per point of type
    size = min(13.0 * k, min(cell_w, cell_h) * 0.3)
    pad = size * LABEL_PAD
    if (size >= SMALLEST_PT and widest * size + 2 * pad <= LABEL_ROOM * cell_w
            and size + 2 * pad <= LABEL_ROOM * cell_h):
        return size, True
    return min(size, 0.8 * cell_w / max(widest, 1e-6)), False


def draw_assembly(c: Canvas, sheets: PosterSheets) -> None:
    """The sheet printed before a poster page's sheets: the poster small, the sheets' grid over it with their
    names, the sheets left out crossed out, and how to put them together."""
    tiling, words = sheets.tiling, sheets.words
    tile = tiling.tile
    c.setPageSize(tile)
    usable_w = usable(tile)[0]
    k = max(1.0, min(tile) / 595.0)  # the type grows with the sheet (A4 = 1)
    heading = words.gettext("Assembly: {persona}").format(persona=sheets.persona)
    if sheets.pages > 1:
        heading = words.gettext("{place} · poster page {page} of {pages}").format(
            place=heading, page=sheets.page, pages=sheets.pages)
    usable_h = usable(tile)[1]
    texts = assembly_lines(sheets)
    # The words take at most TEXT_SHARE of the sheet's height: on a small tile they print smaller (not below
    # SMALLEST_PT), so that the miniature keeps the rest.
    factor = 1.0
    while True:
        heading_size, size = 14 * k * factor, 8 * k * factor
        heading_lines = sheets.wrap(heading, heading_size, usable_w, True)
        lines = [line for text in texts for line in sheets.wrap(text, size, usable_w, False)]
        height = len(heading_lines) * heading_size * 1.2 + 4 * k * factor + len(lines) * size * 1.3 + 8 * k * factor
        if height <= TEXT_SHARE * usable_h or size * 0.85 < SMALLEST_PT:
            break
        factor *= 0.85
    y = tile[1] - SHEET_MARGIN
    for line in heading_lines:  # the persona's name: any script
        y -= heading_size * 1.2
        draw_string(c, SHEET_MARGIN, y + heading_size * 0.2, line, heading_size, palette.TEXT, bold=True)
    y -= 4 * k * factor
    for line in lines:
        y -= size * 1.3
        draw_string(c, SHEET_MARGIN, y + size * 0.25, line, size, palette.TEXT)
    y -= 8 * k * factor
    # The miniature: the poster page and the sheets' extent, as large as the room below the words allows.
    extent = union([Box(0, 0, *tiling.poster), tiling.extent()])
    room_w, room_h = usable_w, max(y - SHEET_MARGIN, (1 - TEXT_SHARE) * usable_h)
    scale = min(room_w / extent.w, room_h / extent.h)
    left = SHEET_MARGIN + (room_w - extent.w * scale) / 2
    high = y  # the miniature's top edge (y up)

    def at(x: float, y_down: float) -> tuple[float, float]:
        return left + (x - extent.x) * scale, high - (y_down - extent.y) * scale

    c.saveState()
    page_x, page_y = at(0, tiling.poster[1])
    c.setFillColor(HexColor("#FFFFFF"))
    c.setStrokeColor(HexColor("#9AA3AD"))
    c.setLineWidth(0.5)
    c.rect(page_x, page_y, tiling.poster[0] * scale, tiling.poster[1] * scale, stroke=1, fill=1)
    c.translate(page_x, page_y)
    c.scale(scale, scale)
    c.doForm(sheets.form)
    c.restoreState()
    cells = [(sheet, tiling.visible(sheet)) for sheet in tiling.sheets]
    label_size, boxed = label_style(sheets.measure, [sheet.label for sheet in tiling.sheets],
                                    min(box.w for _sheet, box in cells) * scale,
                                    min(box.h for _sheet, box in cells) * scale, k)
    for sheet, box in cells:
        x, y_low = at(box.x, box.bottom)
        w, h = box.w * scale, box.h * scale
        if not sheet.printed:  # washed out and crossed: not printed
            c.setFillColor(HexColor("#FFFFFF"))
            c.setFillAlpha(0.75)
            c.rect(x, y_low, w, h, stroke=0, fill=1)
            c.setFillAlpha(1)
            c.setStrokeColor(HexColor("#9AA3AD"))
            c.setLineWidth(0.6)
            c.line(x, y_low, x + w, y_low + h)
            c.line(x, y_low + h, x + w, y_low)
        c.setStrokeColor(HexColor(GRID_COLOR))
        c.setLineWidth(1.0)
        c.rect(x, y_low, w, h, stroke=1, fill=0)
    for sheet, box in cells:
        x, y_low = at(box.x, box.bottom)
        w, h = box.w * scale, box.h * scale
        text = sheet.label
        width = sheets.measure(text, label_size, True)
        cx, cy = x + w / 2, y_low + h / 2
        pad = label_size * LABEL_PAD
        if boxed:
            c.setFillColor(HexColor("#FFFFFF"))
            c.setStrokeColor(HexColor(GRID_COLOR if sheet.printed else "#9AA3AD"))
            c.setLineWidth(0.6)
            c.rect(cx - width / 2 - pad, cy - label_size * 0.5 - pad, width + 2 * pad, label_size + 2 * pad,
                   stroke=1, fill=1)
        else:  # a white outline under the name instead of the box: readable on a dark band, the miniature seen
            c.setFont(BOLD, label_size)
            c.setStrokeColor(HexColor("#FFFFFF"))
            c.setLineWidth(label_size * 0.3)
            c.setLineJoin(1)
            c.drawString(cx - width / 2, cy - label_size * 0.35, text, mode=1)
        draw_string(c, cx, cy - label_size * 0.35, text, label_size, GRID_COLOR if sheet.printed else "#9AA3AD",
                    bold=True, centred=True)
    c.showPage()


def summary_note(tilings: Sequence[Tiling]) -> str:
    """How the sheets were chosen, for the export's summary: assembly sheets, sheets left out, blocks cut."""
    pages, assembled = len(tilings), sum(t.assembly for t in tilings)
    parts = []
    if assembled == pages == 1:
        parts.append(_("an assembly sheet first"))
    elif assembled == pages:
        parts.append(_("an assembly sheet before each poster page's sheets"))
    elif assembled:
        parts.append(ngettext("{count} assembly sheet", "{count} assembly sheets", assembled).format(count=assembled))
    skipped = sum(t.skipped for t in tilings)
    if skipped:
        parts.append(ngettext("{count} blank sheet left out", "{count} blank sheets left out", skipped).format(
            count=skipped))
    cut = {name for t in tilings for name in t.oversized()}
    if "title" in cut:
        parts.append(_("the title block is larger than a sheet and spans several"))
    if "legend" in cut:
        parts.append(_("the legend is larger than a sheet and spans several"))
    return ", ".join(parts)


# --- what a poster page draws, as boxes -------------------------------------------------------------------


def poster_boxes(page, measure: Callable[[str, float, bool], float], footer: str) -> tuple[list[Box], dict[str, Box]]:
    """The boxes a poster page (``pdf.PosterPage``) draws, and the blocks to keep whole: "title" (the logo, title,
    persona line, client's line, marking and facts, where ``title_runs`` puts them for drawing too) and "legend".
    Each line of text counts as wide as it prints, so the room beside a short title is no content. ``footer``: the
    footer's line, as long as any page's."""
    from app.export.pdf import MARGIN

    block = page.title
    spacing = page.style.line_spacing
    title: list[Box] = []
    if block.logo is not None and block.logo[2] > 0 and block.logo[3] > 0:
        logo_x, logo_y, logo_w, logo_h = block.logo
        title.append(Box(MARGIN + logo_x, MARGIN + logo_y, logo_w, logo_h))
    for run in title_runs(block, spacing):
        height = run.size * spacing
        title += [Box(MARGIN + run.x, MARGIN + run.top + index * height, measure(line, run.size, run.bold), height)
                  for index, line in enumerate(run.lines) if line.strip()]
    legend = Box(MARGIN + block.legend_x, MARGIN + block.legend_y, block.legend_width, block.legend_height)
    grid = Box(*page.grid_origin, *page.grid_size)
    size = block.footer_size
    foot = Box(MARGIN, page.size[1] - MARGIN - size * spacing, measure(footer, size, False), size * spacing)
    blocks = {"legend": legend}
    if title:
        blocks = {"title": union(title), **blocks}
    return [*title, legend, grid, foot], blocks
