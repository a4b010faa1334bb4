"""A table header that leaves its column no room for a line of the rows flows as the first row, where an empty
header would leave two; a first row without a line needs only its padding (``page_flow.Table.split``).

At the rule's edge: a fresh column of room r, a header of one line (height h ≤ r) and a first row with no line
in any cell (6 pt of padding, which does not fit under the header). The header flows when two padded empty
rows fit an empty header's column (4 × CELL_PAD ≤ r), and is kept (the row's cells split) below that.
"""

from __future__ import annotations

import pytest

from app.export.page_flow import CELL_PAD, Cell, Line, Table
from app.layout import palette

HEADER = Line("Persona", 4.0)  # one line, 5 pt: a header of 11 pt with its padding, at most the room


def table() -> Table:
    header = [Cell([HEADER]), Cell([Line("Step", 4.0)])]
    return Table([60.0, 60.0], header, [[Cell([]), Cell([])], [Cell([Line("late", 5.0)]), Cell([])]])


@pytest.mark.parametrize("room", [4 * CELL_PAD - 1e-6, 4 * CELL_PAD, 4 * CELL_PAD + 0.5, 4 * CELL_PAD + 1.0,
                                  4 * CELL_PAD + 1.9])  # the rule allows a millionth of a point
def test_a_header_crowding_an_empty_first_row_flows_as_the_table_s_first_row(room: float):
    first, _rest = table().split(room, True)
    assert first is not None
    assert all(not cell.lines for cell in first.header)  # not repeated in the columns the table continues in
    assert first.rows[0][0].lines == [HEADER] and first.rows[0][0].fill == palette.LANE_HEADER_FILL


@pytest.mark.parametrize("room", [11.0, 4 * CELL_PAD - 0.5, 4 * CELL_PAD - 0.01])
def test_a_column_too_short_for_two_empty_rows_keeps_the_header(room: float):
    first, _rest = table().split(room, True)
    assert first is not None and first.header[0].lines == [HEADER]


@pytest.mark.parametrize("room", [8.0, 12.0, 20.0])
def test_a_table_of_a_header_alone_taller_than_its_column_flows_its_header_over_the_columns(room: float):
    """A header with no rows under it, taller than the column: its lines go on over as many columns as they take,
    every line placed once."""
    header = [Cell([Line(f"line {i}", 5.0) for i in range(6)]), Cell([Line("Step", 5.0)])]
    rest, placed = Table([60.0, 60.0], header, []), []
    for _column in range(40):
        part, rest = rest.split(room, True)
        placed += [line.text for row in part.rows for line in row[0].lines]
        if rest is None:
            break
    assert placed == [f"line {i}" for i in range(6)]
