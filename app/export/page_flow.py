"""Document pages that flow: lines, tables and drawings placed in columns and continued on the next page.

The poster's insight pages (summary, comparison, matrix, KPIs) hold as much text as the map has,
so nothing here is ever cut: text wraps (a word wider than its column is broken), and what does not
fit a column flows to the next column or a continuation page. A page is laid out in full first
(a list of drawing steps per page), so the page count is known before anything is drawn and every
footer can say "page 2 of 7".

Coordinates are y-down from the page's top-left, like the poster's; the pages are designed at A3
and scaled up on larger sheets, so type grows with the paper and never prints below MIN_PT.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A3
from reportlab.pdfgen.canvas import Canvas

from app.export.script_text import draw_block
from app.layout import TextWrapper, palette

MARGIN = 28.0
FOOTER_HEIGHT = 20.0
LINE_SPACING = 1.25
#: the smallest type any page prints, in points on paper
MIN_PT = 6.0
TITLE_PT = 16.0
HEADING_PT = 11.0
BODY_PT = 8.5
SMALL_PT = 7.0
GAP = 8.0
COLUMN_GAP = 24.0
CELL_PAD = 3.0
#: text is never wrapped narrower than this many times its size (a narrower column has its text run over)
WRAP_FLOOR_EMS = 4.0
#: a page this much wider than a column gets two columns of text (a summary on landscape paper)
TWO_COLUMNS_FROM = 700.0

Op = Callable[[Canvas], None]


def page_scale(size: tuple[float, float]) -> float:
    """How much a page is drawn larger than its design: 1 up to A3, then with the sheet (A0: 2.8)."""
    return max(1.0, math.sqrt(size[0] * size[1] / (A3[0] * A3[1])))


def narrowest_wrap(size: float) -> float:
    """The narrowest width text of ``size`` is wrapped at: a column narrower than this has its text run over."""
    return WRAP_FLOOR_EMS * size


def draw_text(c: Canvas, x: float, top: float, lines: list[str], size: float, color: str, bold: bool = False) -> float:
    """Lines of text from ``top`` down on a y-down canvas (the glyphs un-flipped); returns the bottom."""
    if not lines:
        return top
    line_height = size * LINE_SPACING
    baseline = top + (line_height - size * 1.164) / 2 + size * 0.928
    draw_block(c, x, baseline, lines, size, line_height, color, bold)
    return top + line_height * len(lines)


@dataclass
class Line:
    """One printed line: its text, where it starts (``dx`` from the column's left), size and colour."""

    text: str
    size: float = BODY_PT
    color: str = palette.TEXT
    bold: bool = False
    dx: float = 0.0
    #: extra room above the line (between the items of a list)
    above: float = 0.0

    @property
    def height(self) -> float:
        return self.above + self.size * LINE_SPACING


class Block:
    """Something placed in a column: its height, how to draw it at (x, y), and how it splits."""

    #: room wanted below the block in the same column (a heading is kept with what follows)
    keep: float = 0.0

    def height(self) -> float:
        raise NotImplementedError

    def draw(self, c: Canvas, x: float, y: float) -> None:
        raise NotImplementedError

    def split(self, room: float, fresh: bool) -> tuple[Block | None, Block | None]:
        """The part that fits ``room`` and the rest; (None, self) when nothing fits. ``fresh``: the column is
        empty, so a block that never fits a column must give a part anyway."""
        return None, self


@dataclass
class Lines(Block):
    lines: list[Line]
    keep: float = 0.0

    def height(self) -> float:
        return sum(line.height for line in self.lines)

    def draw(self, c: Canvas, x: float, y: float) -> None:
        run: list[Line] = []  # lines of one look, written as one block of text (a text object each cost time)
        for line in [*self.lines, None]:
            if run and (line is None or line.above or (line.size, line.color, line.bold, line.dx)
                        != (run[0].size, run[0].color, run[0].bold, run[0].dx)):
                first = run[0]
                y = draw_text(c, x + first.dx, y, [item.text for item in run], first.size, first.color, first.bold)
                run = []
            if line is not None:
                if not run:
                    y += line.above
                run.append(line)

    def split(self, room: float, fresh: bool) -> tuple[Block | None, Block | None]:
        used, count = 0.0, 0
        for line in self.lines:
            if used + line.height > room + 1e-6:
                break
            used += line.height
            count += 1
        if not fresh and count < len(self.lines):
            # no line left alone: at least two lines on each side of the break, else the block moves whole
            count = min(count, len(self.lines) - 2)
            if count < 2:
                return None, self
        if count == 0 and fresh:
            count = 1
        if count == 0:
            return None, self
        rest = self.lines[count:]
        if rest:
            rest = [Line(rest[0].text, rest[0].size, rest[0].color, rest[0].bold, rest[0].dx), *rest[1:]]
        return Lines(self.lines[:count]), (Lines(rest) if rest else None)


@dataclass
class Drawing(Block):
    """A chart or a matrix: a fixed height, drawn by ``paint(c, x, y)``; never split."""

    size: float
    paint: Callable[[Canvas, float, float], None]

    def height(self) -> float:
        return self.size

    def draw(self, c: Canvas, x: float, y: float) -> None:
        self.paint(c, x, y)

    def split(self, room: float, fresh: bool) -> tuple[Block | None, Block | None]:
        return (self, None) if fresh else (None, self)


def stacked(first: Drawing, second: Drawing, gap: float = 4.0) -> Drawing:
    """Two drawings as one, kept together (a chart and its legend)."""

    def paint(c: Canvas, x: float, y: float) -> None:
        first.paint(c, x, y)
        second.paint(c, x, y + first.size + gap)

    return Drawing(first.size + gap + second.size, paint)


@dataclass
class Cell:
    lines: list[Line] = field(default_factory=list)
    fill: str | None = None

    def height(self) -> float:
        """Measured once: a table that splits over pages asks for its rows' heights again and again."""
        known = self.__dict__.get("_height")
        if known is None:
            known = self.__dict__["_height"] = sum(line.height for line in self.lines) + 2 * CELL_PAD
        return known


@dataclass
class Table(Block):
    """Rows of cells under a header row that is repeated in every column the table continues in."""

    widths: list[float]
    header: list[Cell]
    rows: list[list[Cell]]

    def _row_height(self, row: list[Cell]) -> float:
        return max((cell.height() for cell in row), default=2 * CELL_PAD)

    def height(self) -> float:
        return self._row_height(self.header) + sum(self._row_height(row) for row in self.rows)

    def lead(self) -> float:
        """The header and the first row: what a heading above the table is kept with."""
        return self._row_height(self.header) + (self._row_height(self.rows[0]) if self.rows else 0.0)

    def draw(self, c: Canvas, x: float, y: float) -> None:
        c.setLineWidth(0.5)
        for index, row in enumerate([self.header, *self.rows]):
            height = self._row_height(row)
            left = x
            for width, cell in zip(self.widths, row, strict=True):
                fill = palette.LANE_HEADER_FILL if index == 0 else cell.fill
                c.setStrokeColor(HexColor(palette.GRID_LINE))
                if fill:
                    c.setFillColor(HexColor(fill))
                c.rect(left, y, width, height, stroke=1, fill=1 if fill else 0)
                Lines(cell.lines).draw(c, left + CELL_PAD, y + CELL_PAD)
                left += width
            y += height

    def split(self, room: float, fresh: bool) -> tuple[Block | None, Block | None]:
        used = self._row_height(self.header)
        count = 0
        for row in self.rows:
            if used + self._row_height(row) > room + 1e-6:
                break
            used += self._row_height(row)
            count += 1
        if count:
            return (Table(self.widths, self.header, self.rows[:count]),
                    Table(self.widths, self.header, self.rows[count:]) if self.rows[count:] else None)
        if not fresh:
            return None, self
        # A part of a row takes at least the first line of each of its cells, and the cells' padding.
        line = max((cell.lines[0].height for cell in (self.rows[0] if self.rows else []) if cell.lines), default=0.0)
        crowded = used + 2 * CELL_PAD + line > room + 1e-6 and 4 * CELL_PAD + 2 * line <= room + 1e-6
        if (used > room + 1e-6 or crowded) and any(cell.lines for cell in self.header):
            # A header taller than a whole column (a phase named in a paragraph), or one leaving it no room for a
            # line of the rows where an empty header leaves two, is not repeated: it flows as the table's first
            # row, in its fill, each column as full as a row's (repeated, each column took one line of the rows,
            # drawn below the column's bottom, and a long table took thousands of pages).
            header = [Cell([]) for _width in self.widths]
            first = [Cell(cell.lines, palette.LANE_HEADER_FILL) for cell in self.header]
            return Table(self.widths, header, [first, *self.rows]).split(room, fresh)
        # A row taller than a whole column: its cells' lines are split, the rest continues in the next column.
        row = self.rows[0]
        inner = max(room - used - 2 * CELL_PAD, 0.0)
        heads, tails = [], []
        for cell in row:
            head, tail = Lines(cell.lines).split(inner, True) if cell.lines else (None, None)
            heads.append(Cell(head.lines if isinstance(head, Lines) else [], cell.fill))
            tails.append(Cell(tail.lines if isinstance(tail, Lines) else [], cell.fill))
        # A row whose every line is placed is done: kept as an empty row, it never fitted under a header taller
        # than a column, and the table went on adding pages until memory ran out.
        rest = [tails, *self.rows[1:]] if any(cell.lines for cell in tails) else self.rows[1:]
        return Table(self.widths, self.header, [heads]), Table(self.widths, self.header, rest) if rest else None


@dataclass
class FlowPage:
    """One laid-out page: its sheet size, the design's scale on it, and its drawing steps (design points)."""

    size: tuple[float, float]
    scale: float
    ops: list[Op] = field(default_factory=list)


class Flow:
    """Places blocks in a page's columns, top to bottom, and starts a continuation page when they are full.

    Every page starts with the page's title (``continued`` on later pages) and a line of the map's title.
    """

    def __init__(self, wrapper: TextWrapper, size: tuple[float, float], title: str, continued: str,
                 subtitle: str, columns: int | None = None) -> None:
        self.wrapper = wrapper
        self.size = size
        self.scale = page_scale(size)
        self.page_width = size[0] / self.scale
        self.page_height = size[1] / self.scale
        self.content_width = self.page_width - 2 * MARGIN
        if columns is None:
            columns = 2 if self.content_width >= TWO_COLUMNS_FROM else 1
        self.columns = columns
        self.width = (self.content_width - (columns - 1) * COLUMN_GAP) / columns
        self.title, self.continued, self.subtitle = title, continued, subtitle
        self.pages: list[FlowPage] = []
        self._new_page()

    # --- text ---------------------------------------------------------------------------------------

    def wrap(self, text: str, size: float, width: float | None = None, bold: bool = False) -> list[str]:
        return self.wrapper.wrap(text, size, max(width if width is not None else self.width, narrowest_wrap(size)),
                                 bold)

    def lines(self, text: str, size: float = BODY_PT, color: str = palette.TEXT, bold: bool = False, dx: float = 0.0,
              width: float | None = None, above: float = 0.0) -> list[Line]:
        room = (width if width is not None else self.width) - dx
        wrapped = self.wrap(text, size, room, bold)
        return [Line(line, size, color, bold, dx, above if i == 0 else 0.0) for i, line in enumerate(wrapped)]

    # --- placing ------------------------------------------------------------------------------------

    def _new_page(self) -> None:
        page = FlowPage(self.size, self.scale)
        self.pages.append(page)
        title = self.title if len(self.pages) == 1 else self.continued
        header = Lines(self.lines(title, TITLE_PT, bold=True, width=self.content_width)
                       + self.lines(self.subtitle, 9.0, palette.MUTED_TEXT, width=self.content_width))
        page.ops.append(lambda c, block=header: block.draw(c, MARGIN, MARGIN))
        top = MARGIN + header.height() + 6
        right = MARGIN + self.content_width
        page.ops.append(lambda c, y=top - 3: _rule(c, MARGIN, right, y))
        self.top = top + GAP
        self.bottom = self.page_height - MARGIN - FOOTER_HEIGHT
        self.column = 0
        self.y = self.top

    def _next_column(self) -> None:
        if self.column + 1 < self.columns:
            self.column += 1
            self.y = self.top
        else:
            self._new_page()

    @property
    def x(self) -> float:
        return MARGIN + self.column * (self.width + COLUMN_GAP)

    @property
    def room(self) -> float:
        return self.bottom - self.y

    @property
    def column_height(self) -> float:
        """The height of an empty column (on a continuation page)."""
        return self.bottom - self.top

    def add(self, block: Block, gap: float = GAP) -> None:
        """Place the block, splitting it over columns and pages as needed; ``gap`` below it."""
        rest: Block | None = block
        while rest is not None:
            fresh = self.y <= self.top + 1e-6
            height = rest.height()
            if height + rest.keep <= self.room + 1e-6 or (fresh and height <= self.room + 1e-6):
                self._place(rest)
                self.y += height + gap
                return
            if rest.keep and not fresh:
                self._next_column()
                continue
            head, rest = rest.split(self.room, fresh)
            if head is not None:
                self._place(head)
                if rest is None:  # its last part (a row taller than a column): what follows goes below it
                    self.y += head.height() + gap
                    return
            self._next_column()

    def _place(self, block: Block) -> None:
        x, y = self.x, self.y
        self.pages[-1].ops.append(lambda c: block.draw(c, x, y))

    def heading(self, text: str, keep: float = 3 * BODY_PT * LINE_SPACING) -> None:
        """A section's heading, kept in one column with ``keep`` points of what follows (three lines)."""
        block = Lines(self.lines(text, HEADING_PT, bold=True))
        block.keep = max(0.0, min(keep + 3, self.column_height - block.height()))  # 3: the gap below it
        self.add(block, gap=3)

    def paragraph(self, text: str, size: float = BODY_PT, color: str = palette.TEXT, gap: float = GAP) -> None:
        self.add(Lines(self.lines(text, size, color)), gap)


def _rule(c: Canvas, left: float, right: float, y: float) -> None:
    c.setStrokeColor(HexColor(palette.GRID_LINE))
    c.setLineWidth(0.8)
    c.line(left, y, right, y)


def draw_pages(c: Canvas, pages: list[FlowPage], footer: Callable[[int], str], first_number: int = 1) -> None:
    """Draw laid-out pages as PDF pages; ``footer(number)`` gives each page's footer line."""
    for number, page in enumerate(pages, start=first_number):
        c.setPageSize(page.size)
        c.saveState()
        c.translate(0, page.size[1])
        c.scale(1, -1)
        c.saveState()
        c.scale(page.scale, page.scale)
        for op in page.ops:
            op(c)
        c.restoreState()
        draw_text(c, MARGIN, page.size[1] - MARGIN - 10, [footer(number)], 8, palette.MUTED_TEXT)
        c.restoreState()
        c.showPage()
