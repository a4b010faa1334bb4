"""Survivors of the mutation run in ``Table.split`` (a table of the insight pages continued over columns) and
``poster_too_long`` (the refusal of a tiled poster longer than 5 m on a side).

A table's split is checked the way a flow uses it: a fresh column after another until the table is placed, each
part drawn on a recording canvas, so what is drawn where, in which fill, and on how many columns is what is seen.
The refusal is checked by its words and its suggested commands.
"""

from __future__ import annotations

import re

import pytest

from app.export import ExportError
from app.export.page_flow import CELL_PAD, Cell, Line, Table
from app.export.pdf import PdfOptions, PosterPlanner, plan_poster
from app.export.tiles import MAX_POSTER_SIDE, millimetres
from app.layout import palette
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


@pytest.mark.parametrize("tall", [1, 2])
@pytest.mark.parametrize("after", [0, 1, 3])
def test_a_row_whose_lines_are_all_placed_is_done_and_the_next_rows_follow(tall: int, after: int):
    """A column that holds the header but not one line of a row with padding still prints a line of each cell (a
    fresh column must take something). Once a row's every line is placed, the next rows follow, none lost, and a
    table whose rows are all placed ends: no empty row, no column of a header alone."""
    header = [Cell(lines("h", 10)), Cell([])]
    room = header[0].height() + 4.0  # less than one 7 pt line and the cell's padding
    first = [Cell(lines("a", tall)), Cell(lines("b", 1))]
    rows = [first] + [[Cell(lines(f"n{k}.", 1)), Cell([])] for k in range(after)]
    table = Table(WIDTHS, header, rows)
    parts = []
    rest: Table | None = table
    while rest is not None:
        assert len(parts) < COLUMN_LIMIT, "the table never ends"
        head, rest = rest.split(room, True)
        assert head is not None
        parts.append(head)
    body = [line.text for part in parts for row in part.rows for cell in row for line in cell.lines]
    assert sorted(body) == sorted(line.text for row in rows for cell in row for line in cell.lines)
    assert all(any(cell.lines for cell in row) for part in parts for row in part.rows)
    assert len(parts) == tall + after


def test_a_split_row_that_places_every_line_leaves_no_rest():
    """The last row, its every line placed: the split says the table is done."""
    header = [Cell(lines("h", 10)), Cell([])]
    room = header[0].height() + 4.0
    head, rest = Table(WIDTHS, header, [[Cell(lines("a", 1)), Cell(lines("b", 1))]]).split(room, True)
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
