"""How the insight and handout pages split what they print over columns and pages (app.export.page_flow).

Nothing is ever cut: a block of lines or a table that does not fit the room left in a column gives the part
that fits and the rest, every line once and in order. A column that already holds something takes no single
line of a paragraph (at least two lines on each side of a break); an empty column always takes something, so
the flow never stalls. A table repeats its header in every part, and a row taller than a whole column has
its cells' lines split.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.export.page_flow import CELL_PAD, LINE_SPACING, Cell, Drawing, Line, Lines, Table

# sizes whose line heights are exact in binary (size * 1.25): 5, 10, 15, 20 points
SIZES = (4.0, 8.0, 12.0, 16.0)


def make_lines(count: int, sizes=(8.0,), above: float = 0.0) -> list[Line]:
    """Lines that differ in every attribute from their neighbours, so a line taken for another shows."""
    return [Line(f"line {i}", sizes[i % len(sizes)], ("#111111", "#222222", "#333333")[i % 3], bool(i % 2),
                 float(i % 4), above if i % 2 else 0.0)
            for i in range(count)]


def heights(lines: list[Line]) -> list[float]:
    return [line.height for line in lines]


def fitting(lines: list[Line], room: float) -> int:
    """How many lines from the top fit ``room`` (a rounding error's tolerance allowed)."""
    used, count = 0.0, 0
    for height in heights(lines):
        if used + height > room + 1e-6:
            break
        used, count = used + height, count + 1
    return count


def joined(head, rest) -> list[str]:
    return [line.text for part in (head, rest) if part is not None for line in part.lines]


CASES = [(count, sizes, above) for count in range(1, 8) for sizes in ((8.0,), (4.0, 12.0, 8.0), (16.0, 4.0))
         for above in (0.0, 2.0)]


@pytest.mark.parametrize("fresh", [True, False])
def test_a_split_keeps_every_line_once_in_order_and_the_head_fits(fresh):
    """Whatever the room, the two parts hold the lines once, in order; the head fits unless an empty column
    must take a line taller than itself; a column with something in it takes no lonely line."""
    for count, sizes, above in CASES:
        lines = make_lines(count, sizes, above)
        total = sum(heights(lines))
        for room in sorted({0.0, 3.0, 7.5, 10.0, 14.0, 25.0, 30.0, 41.0, max(total - 5.0, 0.0), total, total + 5.0}):
            block = Lines(list(lines))
            head, rest = block.split(room, fresh)
            if head is None:
                assert rest is block and not fresh, (count, room)
                continue
            assert joined(head, rest) == [line.text for line in lines], (count, room)
            assert head.lines == lines[:len(head.lines)]  # the head's lines as they were
            if rest is not None:
                assert rest.lines[1:] == lines[len(head.lines) + 1:]
            if not (fresh and len(head.lines) == 1):
                assert head.height() <= room + 1e-6, (count, room)
            if not fresh and rest is not None:
                assert len(head.lines) >= 2 and len(rest.lines) >= 2, (count, room, len(head.lines))


@pytest.mark.parametrize("fresh", [True, False])
def test_a_split_takes_as_many_lines_as_the_room_and_the_two_line_rule_allow(fresh):
    """The head is the longest run from the top that fits (and, in a column that holds something, leaves no
    line alone on either side); nothing is given only when no such run exists."""
    for count, sizes, above in CASES:
        lines = make_lines(count, sizes, above)
        total = sum(heights(lines))
        for room in sorted({0.0, 3.0, 7.5, 10.0, 14.0, 25.0, 30.0, 41.0, max(total - 5.0, 0.0), total, total + 5.0}):
            head, _rest = Lines(list(lines)).split(room, fresh)
            taken = 0 if head is None else len(head.lines)
            fits = fitting(lines, room)
            allowed = [k for k in range(1, count + 1)
                       if k <= fits and (fresh or k == count or (k >= 2 and count - k >= 2))]
            assert taken == max(allowed, default=1 if fresh else 0), (count, sizes, room, fresh, fits)


@pytest.mark.parametrize("fresh", [True, False])
@pytest.mark.parametrize("size", SIZES)
def test_lines_that_exactly_fill_the_room_all_fit(fresh, size):
    """A column exactly as tall as the lines takes them all, and so does one short of it by a rounding error;
    half a point less room does not (a line is never drawn over the column's foot)."""
    lines = [Line(f"w{i}", size) for i in range(6)]
    total = size * LINE_SPACING * 6
    for room in (total, total - 1e-6):
        head, rest = Lines(list(lines)).split(room, fresh)
        assert head is not None and head.lines == lines and rest is None, room
    head, rest = Lines(list(lines)).split(total - 0.5, fresh)
    assert head is not None and len(head.lines) == (5 if fresh else 4), fresh
    assert rest is not None and len(rest.lines) == 6 - len(head.lines)


def test_a_line_taller_than_an_empty_column_is_still_placed_there():
    """An empty column must take something, or the flow would ask the next one for ever."""
    for lines in ([Line("big", 16.0)], [Line("big", 16.0), Line("small", 4.0)], make_lines(5, (16.0,))):
        head, rest = Lines(list(lines)).split(5.0, True)
        assert head is not None and head.lines == lines[:1]
        assert (rest is None) == (len(lines) == 1)
        head, rest = Lines(list(lines)).split(1.0, False)
        assert head is None and rest is not None and rest.lines == lines


@pytest.mark.parametrize("count", [4, 5, 6, 7])
def test_a_column_with_something_in_it_breaks_a_paragraph_two_lines_to_each_side(count):
    """Room for exactly two lines is enough to start a paragraph there; room for one line is not; and when the
    room would leave one line alone at the top of the next column, that line's neighbour goes with it."""
    lines = [Line(f"w{i}", 8.0) for i in range(count)]
    head, rest = Lines(list(lines)).split(20.0, False)
    assert head is not None and [line.text for line in head.lines] == ["w0", "w1"]
    assert rest is not None and len(rest.lines) == count - 2
    head, rest = Lines(list(lines)).split(10.0, False)
    assert head is None and rest is not None and len(rest.lines) == count
    head, rest = Lines(list(lines)).split(10.0 * (count - 1), False)
    assert head is not None and len(head.lines) == count - 2 and len(rest.lines) == 2


def test_the_rest_of_a_split_starts_at_the_top_of_its_column_and_keeps_its_look():
    """The gap above a list item is dropped where the item continues at a column's top; its text, size,
    colour, weight and indent stay, and the lines after it are untouched."""
    for start in range(1, 5):
        lines = make_lines(8, (8.0, 12.0, 4.0), above=3.0)
        room = sum(heights(lines[:start]))
        head, rest = Lines(list(lines)).split(room, True)
        assert head is not None and rest is not None
        assert len(head.lines) == start
        assert rest.lines == [replace(lines[start], above=0.0), *lines[start + 1:]]
        assert rest.height() == sum(heights(lines[start:])) - lines[start].above


def test_a_block_that_fits_whole_is_not_split():
    """Splitting with room for everything gives everything and no rest, in an empty column or not."""
    for count in (1, 2, 3, 5):
        lines = make_lines(count, (8.0, 12.0))
        for fresh in (True, False):
            head, rest = Lines(list(lines)).split(sum(heights(lines)) + 1.0, fresh)
            assert head is not None and head.lines == lines and rest is None


def test_a_drawing_is_never_split():
    """A chart goes whole into an empty column, and moves whole when the column already holds something."""
    drawing = Drawing(500.0, lambda c, x, y: None)
    assert drawing.split(10.0, True) == (drawing, None)
    assert drawing.split(10.0, False) == (None, drawing)
    assert drawing.split(600.0, False) == (None, drawing)


# --- tables -----------------------------------------------------------------------------------------------------

WIDTHS = [60.0, 80.0, 40.0]


def cell(*texts: str, size: float = 8.0, fill: str | None = None) -> Cell:
    return Cell([Line(text, size) for text in texts], fill)


def header() -> list[Cell]:
    return [cell("A"), cell("B"), cell("C")]


def row_texts(table: Table) -> list[list[list[str]]]:
    return [[[line.text for line in c.lines] for c in row] for row in table.rows]


def table_rows(count: int) -> list[list[Cell]]:
    """Rows of one to three lines (16 to 36 points tall)."""
    return [[cell(*(f"r{r}c{c}l{k}" for k in range(1 + (r + c) % 3)), fill=f"#00000{c}") for c in range(3)]
            for r in range(count)]


def test_a_table_splits_between_rows_repeating_its_header():
    """Each part carries the header and the column widths; the rows are split between the parts once, in
    order; the head fits and holds as many rows as the room allows."""
    rows = table_rows(6)
    table = Table(WIDTHS, header(), rows)
    row_heights = [table._row_height(row) for row in rows]
    head_height = table._row_height(table.header)
    for room in range(20, int(table.height()) + 40, 7):
        for fresh in (True, False):
            head, rest = table.split(float(room), fresh)
            if head is None:
                assert rest is table and not fresh
                continue
            assert isinstance(head, Table)
            parts = [head] + ([rest] if rest is not None else [])
            for part in parts:
                assert part.widths == WIDTHS and part.header is table.header
            taken = len(head.rows)
            if head.rows[0] is rows[0]:  # split between rows
                assert head.height() <= room + 1e-6
                fit = head_height + sum(row_heights[:taken + 1])
                assert taken == len(rows) or fit > room, (room, taken)
                assert [r for part in parts for r in part.rows] == rows
                assert (rest is None) == (taken == len(rows))


@pytest.mark.parametrize("fresh", [True, False])
def test_table_rows_that_exactly_fill_the_room_all_fit(fresh):
    """Room exactly for the header and two rows takes two rows (and a rounding error less, too); half a point
    less takes one."""
    rows = [[cell("x"), cell("y"), cell("z")] for _ in range(4)]  # every row 10 + 2 * CELL_PAD tall
    table = Table(WIDTHS, header(), rows)
    row = 10.0 + 2 * CELL_PAD
    for room in (3 * row, 3 * row - 1e-6):
        head, rest = table.split(room, fresh)
        assert head is not None and head.rows == rows[:2] and rest is not None and rest.rows == rows[2:]
    head, rest = table.split(3 * row - 0.5, fresh)
    assert head is not None and head.rows == rows[:1] and rest.rows == rows[1:]
    head, rest = table.split(5 * row, fresh)
    assert head is not None and head.rows == rows and rest is None


def test_a_table_with_no_row_room_moves_whole_from_a_column_that_holds_something():
    table = Table(WIDTHS, header(), table_rows(3))
    assert table.split(20.0, False) == (None, table)


@pytest.mark.parametrize("room", [40.0, 45.0, 52.0, 57.0, 63.0, 90.0])
def test_a_row_taller_than_an_empty_column_has_its_cells_split(room):
    """The first row's cells give the lines that fit below the header in the head row, each cell keeping its
    colour; the rest of each cell opens the next part, followed by the other rows; nothing is lost."""
    tall = [cell(*(f"a{k}" for k in range(12)), fill="#aa0000"), cell("short", fill="#00bb00"), Cell([], "#0000cc")]
    later = [[cell(f"r{r}c{c}") for c in range(3)] for r in range(3)]
    table = Table(WIDTHS, header(), [tall, *later])
    head, rest = table.split(room, True)
    assert isinstance(head, Table) and isinstance(rest, Table)
    for part in (head, rest):
        assert part.widths == WIDTHS and part.header is table.header
    assert len(head.rows) == 1 and rest.rows[1:] == later
    head_row, rest_row = head.rows[0], rest.rows[0]
    assert [c.fill for c in head_row] == [c.fill for c in rest_row] == ["#aa0000", "#00bb00", "#0000cc"]
    for whole, top, bottom in zip(tall, head_row, rest_row, strict=True):
        assert [line.text for line in top.lines + bottom.lines] == [line.text for line in whole.lines]
    # the head fits the column, and holds as many of the tall cell's lines as fit (at least one)
    assert head.height() <= room + 1e-6
    inner = room - table._row_height(table.header) - 2 * CELL_PAD
    taken = len(head_row[0].lines)
    assert taken == max(1, int(inner // 10.0 + 1e-9))
    assert [line.text for line in head_row[1].lines] == ["short"] and rest_row[1].lines == []
    assert head_row[2].lines == [] and rest_row[2].lines == []


def test_a_tall_row_split_keeps_splitting_until_all_its_lines_are_placed():
    """Splitting the rest again and again, as continuation columns do, places every line of the tall row once."""
    tall = [cell(*(f"a{k}" for k in range(30))), cell(*(f"b{k}" for k in range(7)))]
    table = Table([90.0, 90.0], [cell("H"), cell("I")], [tall, [cell("x"), cell("y")]])
    placed: list[list[str]] = [[], []]
    rest: Table | None = table
    for _ in range(20):
        if rest is None:
            break
        head, rest = rest.split(80.0, True)
        assert head is not None and head.height() <= 80.0 + 1e-6
        for row in head.rows:
            for index, c in enumerate(row):
                placed[index] += [line.text for line in c.lines]
    assert rest is None
    assert placed == [[f"a{k}" for k in range(30)] + ["x"], [f"b{k}" for k in range(7)] + ["y"]]
