"""Survivors of the mutation run in ``Table.split`` (a table of the insight pages continued over columns) and
``poster_too_long`` (the refusal of a tiled poster longer than 5 m on a side).

A table's split is checked the way a flow uses it: a fresh column after another until the table is placed, each
part drawn on a recording canvas, so what is drawn where, in which fill, and on how many columns is what is seen.
The refusal is checked by its words and its suggested commands.

The survivors at the test for a header taller than a column showed a bug: a header that fitted a column but left it
no room for a line of the rows was repeated above every part, each part took one line of each cell, drawn below
the column's bottom, and a long table took a page a line. Such a header now flows like a taller one (where an
empty header leaves the rows room for two lines; in a smaller column flowing would gain them nothing).
"""

from __future__ import annotations

import math
import re

import pytest
from reportlab.lib.pagesizes import A4

from app.export import ExportError
from app.export.fonts import ReportlabMetrics
from app.export.page_flow import CELL_PAD, Cell, Flow, Line, Table
from app.export.pdf import PdfOptions, PosterPlanner, plan_poster
from app.export.tiles import MAX_POSTER_SIDE, millimetres
from app.i18n import catalogue
from app.layout import TextWrapper, palette
from tests.test_poster import dense_map
from tests.test_poster_too_long import longest_side, stacked

#: more columns than any table here needs: a split that passes it would go on for ever
COLUMN_LIMIT = 50
WIDTHS = [120.0, 80.0]


def lines(prefix: str, count: int, size: float = 7.0) -> list[Line]:
    return [Line(f"{prefix}{i}", size) for i in range(count)]


class Recorder:
    """A canvas that keeps the rectangles drawn (with the fill they were drawn in) and the text written."""

    def __init__(self) -> None:
        self.fill: str | None = None
        self.rects: list[tuple[float, float, float, float, str | None]] = []
        self.texts: list[str] = []

    def setLineWidth(self, _width: float) -> None:
        pass

    def setStrokeColor(self, _color) -> None:
        pass

    def setFillColor(self, color) -> None:
        self.fill = "#" + color.hexval()[2:].upper()

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        self.rects.append((x, y, width, height, self.fill if fill else None))

    def beginText(self, *_args):
        recorder = self

        class Text:
            def __getattr__(self, _name):
                return lambda *args, **kwargs: None

            def textLine(self, text: str = "") -> None:
                recorder.texts.append(text)

            def textLines(self, text: str, trim: int = 1) -> None:
                recorder.texts.extend(text.split("\n"))

        return Text()

    def __getattr__(self, _name):
        return lambda *args, **kwargs: None


def columns(table: Table, room: float) -> list[Recorder]:
    """The table placed in fresh columns of ``room`` points, as a flow places a table that fills them: one
    recording per column."""
    drawn: list[Recorder] = []
    rest: Table | None = table
    while rest is not None:
        assert len(drawn) < COLUMN_LIMIT, "the table never ends"
        if rest.height() <= room + 1e-6:
            head, rest = rest, None
        else:
            head, rest = rest.split(room, True)
        assert head is not None, "a fresh column was left empty"
        canvas = Recorder()
        head.draw(canvas, 0.0, 0.0)
        drawn.append(canvas)
    return drawn


# --- a header taller than a column ----------------------------------------------------------------------------


@pytest.mark.parametrize("over", [0.5, 3.0, 40.0])
@pytest.mark.parametrize("body", [[3], [30, 2], [0, 5]])
def test_a_header_taller_than_a_column_flows_once_in_its_fill_and_every_column_holds_its_part(over: float,
                                                                                              body: list[int]):
    """However little taller than the column, the header prints once, as the first rows, in the header's fill,
    under an empty header; every column is used and nothing is drawn below its bottom; every line prints once."""
    header = [Cell(lines("h", 40)), Cell([])]
    room = header[0].height() - over
    rows = [[Cell(lines(f"r{k}.", count)), Cell(lines(f"s{k}.", count // 2))] for k, count in enumerate(body)]
    drawn = columns(Table(WIDTHS, header, rows), room)
    fill = palette.LANE_HEADER_FILL.upper()
    texts = [text for column in drawn for text in column.texts]
    heading = [line.text for line in header[0].lines]
    assert texts[:len(heading)] == heading
    assert sorted(texts) == sorted(heading + [line.text for row in rows for cell in row for line in cell.lines])
    for column in drawn:
        assert {round(x + width, 6) for x, _y, width, _h, _f in column.rects} <= {120.0, 200.0}
        assert max(y + height for _x, y, _w, height, _f in column.rects) <= room + 1e-6
    first = drawn[0]
    # the first column: an empty header strip, then the header's lines in a row of the header's fill
    header_rows = [r for r in first.rects if r[3] > 2 * CELL_PAD + 1e-6]
    assert header_rows and all(r[4] == fill for r in header_rows)
    assert all(r[3] == pytest.approx(2 * CELL_PAD) for r in first.rects if r[1] == 0.0)


def test_a_header_taller_than_a_column_keeps_the_header_fill_on_every_column_it_takes():
    """A header of three columns' height flows over three columns, each printed in the header's fill."""
    header = [Cell(lines("h", 150)), Cell(lines("g", 20))]
    room = 400.0
    drawn = columns(Table(WIDTHS, header, [[Cell(lines("r", 2)), Cell([])]]), room)
    fill = palette.LANE_HEADER_FILL.upper()
    header_only = [column for column in drawn if all(t[0] in "hg" for t in column.texts)]
    assert len(header_only) >= 3
    for column in header_only:
        assert {r[4] for r in column.rects} == {fill}
    assert [t for column in drawn for t in column.texts if t.startswith("h")] == [f"h{i}" for i in range(150)]


# --- a row taller than a column ------------------------------------------------------------------------------


#: a column too small for a line of 7 pt and a cell's padding under an empty header: each part takes a line a cell
SMALL = 2 * CELL_PAD + 2 * CELL_PAD + 4.0


@pytest.mark.parametrize("heading", [0, 2])
@pytest.mark.parametrize("tall", [1, 2])
@pytest.mark.parametrize("after", [0, 1, 3])
def test_a_row_whose_lines_are_all_placed_is_done_and_the_next_rows_follow(heading: int, tall: int, after: int):
    """A fresh column must take something: one too small for a line still prints a line of each cell (of the
    header's first, when it has lines and flows). Once a row's every line is placed, the next rows follow, none
    lost, and a table whose rows are all placed ends: no empty row, no column of a header alone."""
    header = [Cell(lines("h", heading)), Cell([])]
    first = [Cell(lines("a", tall)), Cell(lines("b", 1))]
    rows = [first] + [[Cell(lines(f"n{k}.", 1)), Cell([])] for k in range(after)]
    parts = []
    rest: Table | None = Table(WIDTHS, header, rows)
    while rest is not None:
        assert len(parts) < COLUMN_LIMIT, "the table never ends"
        head, rest = rest.split(SMALL, True)
        assert head is not None
        parts.append(head)
    body = [line.text for part in parts for row in part.rows for cell in row for line in cell.lines]
    every = [line.text for line in header[0].lines] + [line.text for row in rows for cell in row for line in cell.lines]
    assert sorted(body) == sorted(every) and body[:heading] == every[:heading]
    assert all(any(cell.lines for cell in row) for part in parts for row in part.rows)
    assert len(parts) == heading + tall + after


def test_a_split_row_that_places_every_line_leaves_no_rest():
    """The last row, its every line placed: the split says the table is done."""
    head, rest = Table(WIDTHS, [Cell([]), Cell([])], [[Cell(lines("a", 1)), Cell(lines("b", 1))]]).split(SMALL, True)
    assert rest is None
    assert [line.text for cell in head.rows[0] for line in cell.lines] == ["a0", "b0"]
    assert head.widths == WIDTHS


# --- poster_too_long -------------------------------------------------------------------------------------------


def refusal(journey_map, options: PdfOptions) -> ExportError:
    with pytest.raises(ExportError) as refused:
        plan_poster(journey_map, options)
    return refused.value


@pytest.mark.parametrize("tile", ["A3", "A2", "Tabloid", "A4", "letter", "Letter"])
@pytest.mark.parametrize("cards", [50, 80])
def test_the_handout_is_offered_on_the_tiles_paper_when_people_print_on_it_else_on_a4(tile: str, cards: int):
    """A handout prints on A4 or Letter: on the tile's paper when it is one of them, else on A4, named as people
    write it, in the words and in the command."""
    error = refusal(stacked(cards), PdfOptions(tile=tile))
    paper = "Letter" if tile.upper() == "LETTER" else "A4"
    assert ["--handout", "--paper", paper] in error.suggestions
    assert f"a handout on {paper} " in str(error)


@pytest.mark.parametrize("asked", [11.5, 12.0, 14.0, 18.0])
@pytest.mark.parametrize("landscape", [True, False])
def test_the_text_offered_is_the_largest_half_point_within_5_m_up_to_the_size_asked(asked: float, landscape: bool):
    """Asked for larger text than tiling's own 9 pt, the refusal offers the largest half point at or below the size
    asked that keeps the poster within 5 m (not 9 pt, which fits but is smaller than need be)."""
    journey_map = stacked(36)
    error = refusal(journey_map, PdfOptions(tile="A4", scale=f"{asked:g}pt", landscape=landscape))
    offered = [s for s in error.suggestions if "--scale" in s]
    assert len(offered) == 1
    card_pt = float(offered[0][offered[0].index("--scale") + 1].removesuffix("pt"))
    assert card_pt < asked and (2 * card_pt).is_integer()
    assert f"print card text at {card_pt:g} pt" in str(error)
    assert longest_side(journey_map, "A4", card_pt) <= MAX_POSTER_SIDE
    with pytest.raises(ExportError, match="more than 5 m on a side"):
        longest_side(journey_map, "A4", card_pt + 0.5)


@pytest.mark.parametrize(("kind", "make"), [("tall", lambda: stacked(50)), ("too tall", lambda: stacked(80)),
                                            ("wide", lambda: dense_map({"lena": 1}, phases=90, lanes=2))])
def test_the_refusal_names_the_posters_width_and_height(kind: str, make):
    """The words give the poster's width, then its height, at the card text asked for: a tall poster is narrower
    than long, a wide one wider."""
    journey_map = make()
    planner = PosterPlanner(journey_map, "en")
    persona = journey_map.personas[0].id
    width, height = planner.scaled_page(persona, 9.0 / planner.base.text_size).size
    error = refusal(journey_map, PdfOptions(tile="A4"))
    assert f"the poster would be {millimetres(width)} × {millimetres(height)} mm" in str(error)
    words = re.search(r"would be ([\d\u202f]+) × ([\d\u202f]+) mm", str(error))
    named = [int(value.replace("\u202f", "")) for value in words.groups()]
    assert (named[0] < named[1]) == (kind != "wide")


# --- a header that fits a column but leaves no room for a line (a bug the survivors showed) -------------------


@pytest.mark.parametrize("left", [0.0, 1e-6, 3.0, 6.0, 14.7])
def test_a_header_that_leaves_a_column_no_room_for_a_line_flows_like_a_taller_one(left: float):
    """A header that fits a column with less room left than one 7 pt line (8.75 pt) and its cell's padding was
    repeated in every column with one line of each cell below it, drawn past the column's bottom: a long table
    took a column a line. It flows once, as a taller one does; every column holds its part within its bottom."""
    header = [Cell(lines("h", 40)), Cell([])]
    room = header[0].height() + left
    rows = [[Cell(lines("r", 100)), Cell(lines("s", 3))]]
    drawn = columns(Table(WIDTHS, header, rows), room)
    for column in drawn:
        assert max(y + height for _x, y, _w, height, _f in column.rects) <= room + 1e-6
    texts = [text for column in drawn for text in column.texts]
    assert texts.count("h0") == 1 and texts[:40] == [f"h{i}" for i in range(40)]
    assert sorted(texts) == sorted([f"h{i}" for i in range(40)] + [f"r{i}" for i in range(100)]
                                   + [f"s{i}" for i in range(3)])
    assert len(drawn) <= 1 + math.ceil((header[0].height() + rows[0][0].height()) / (room - 4 * CELL_PAD - 8.75))


@pytest.mark.parametrize("left", [14.75 - 1e-6, 14.75, 15.0, 40.0])
def test_a_header_that_leaves_room_for_a_line_is_repeated_above_each_part(left: float):
    """With a line and its padding left below it (within the 1e-6 every fit allows), the header stays the header
    of every column the table takes."""
    header = [Cell(lines("h", 40)), Cell([])]
    room = header[0].height() + left
    drawn = columns(Table(WIDTHS, header, [[Cell(lines("r", 6)), Cell([])]]), room)
    assert len(drawn) > 1
    for column in drawn:
        assert column.texts[:40] == [f"h{i}" for i in range(40)]
        assert max(y + height for _x, y, _w, height, _f in column.rects) <= room + 1e-6


def test_a_long_table_under_a_header_that_leaves_no_room_for_a_line_takes_few_pages():
    """On A4 landscape (one column of 474 pt), a 470 pt header above 100 lines took 100 pages."""
    flow = Flow(TextWrapper(ReportlabMetrics(), catalogue("en")), (A4[1], A4[0]), "Title", "Title (continued)",
                "Map", columns=1)
    count = int((flow.column_height - 2 * CELL_PAD) // 8.75)
    header = [Cell(lines("h", count)), Cell([])]
    assert 0 <= flow.column_height - header[0].height() < 2 * CELL_PAD + 8.75
    flow.add(Table(WIDTHS, header, [[Cell(lines("r", 100)), Cell([])]]))
    assert len(flow.pages) <= 4


@pytest.mark.parametrize("room", [23.0, 23.5 - 1e-6, 23.5, 24.0, 29.0, 29.5, 30.0, 35.0, 38.0])
def test_a_header_leaving_no_line_flows_only_where_an_empty_header_leaves_the_rows_two(room: float):
    """A header of two 7 pt lines (23.5 pt) leaves a column under 38.25 pt no room for a line of the rows. Flowed,
    the rows' columns are headed by an empty strip (6 pt) and hold two lines from 29.5 pt: from there it flows and
    no column is drawn past its bottom; below, flowing gains the rows nothing and the header stays the header,
    unless it is taller than the column (with the 1e-6 every fit allows)."""
    header = [Cell(lines("h", 2)), Cell([])]
    table = Table(WIDTHS, header, [[Cell(lines("r", 6)), Cell([])]])
    head, _rest = table.split(room, True)
    flows = room >= 4 * CELL_PAD + 2 * 8.75 or room < 23.5 - 1e-6
    assert (not any(cell.lines for cell in head.header)) == flows
    if flows:
        for column in columns(table, room):
            assert max(y + height for _x, y, _w, height, _f in column.rects) <= room + 1e-6
    else:
        assert head.header is header
