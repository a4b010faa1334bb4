"""The rows of the workbook's tables (Cards, Pain points, Opportunities) as a reader finds them: one row per card,
each as tall as the text it wraps in its own column (a row without wrapped text is an ordinary row), the
wrapped cells wrapping from the top, the other cells of a taller row at its top beside them and those of a
one-line row left unstyled (10,000 rows stay fast), and a text exactly as tall as a row holds kept whole.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.export.excel import LINES_PER_ROW, export_excel, row_points, wrapped_lines
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.conftest import shared_unless_mutation

#: per table sheet: the headers of the columns whose text wraps, and of those set centred (not by the rows)
WRAPPED = {
    "Cards": {"Text", "Notes", "Tags"},
    "Pain points": {"Pain point"},
    "Opportunities": {"Opportunity", "Phase", "Persona", "Owner"},
}
CENTRED = {"Opportunities": {"Rank", "Value", "Effort", "Votes"}}

#: a text of exactly as many lines as a row holds: it is not continued below
FULL_ROW = "\n".join(f"step {n}" for n in range(LINES_PER_ROW))
#: a few lines in any column it wraps in: wider than a narrow column left of it, shorter than a row
SOME_LINES = " ".join(f"word{n}" for n in range(30))
TWO_LINES = "first line\nsecond line"


def table_map() -> JourneyMap:
    """Cards whose wrapped columns take one line, two, several, a whole row or nothing at all, beside blank,
    zero and unset neighbours (no severity, no votes, no text left of the notes)."""
    return JourneyMap(
        id="m", title="Rows", phases=[Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase")],
        lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints"), Lane(id="pp", name="Pains", kind="pain_points"),
               Lane(id="op", name="Ideas", kind="opportunities")],
        personas=[Persona(id="lena", name="Lena"), Persona(id="tom", name="Tom")],
        cards=[
            Card(id="t1", persona="lena", phase="aw", lane="tp", text="Ad", channel="social", votes=2),
            Card(id="t2", persona="lena", phase="aw", lane="tp", text="Short", votes=0,
                 tags=["alpha-tag", "beta-tag", "gamma-tag", "delta-tag", "epsilon-tag"]),
            Card(id="t3", persona="tom", phase="bu", lane="tp", text="", notes=SOME_LINES),
            Card(id="p1", persona="lena", phase="aw", lane="pp", text=SOME_LINES, owner="IT", evidence="observed"),
            Card(id="p2", persona="tom", phase="bu", lane="pp", text=TWO_LINES, severity=3, owner="Ops", votes=1),
            Card(id="p3", persona="tom", phase="aw", lane="pp", text=FULL_ROW, severity=5, votes=4),
            Card(id="p4", persona="lena", phase="bu", lane="pp", text="", owner="Sales"),
            Card(id="p5", persona="lena", phase="bu", lane="pp", text="Slow mail", severity=1),
            Card(id="o1", persona="lena", phase="aw", lane="op", text="Quick fix", value=5, effort=1, owner="IT"),
            Card(id="o2", persona="tom", phase="bu", lane="op", text=FULL_ROW, value=3, effort=4, votes=2),
            Card(id="o3", persona="lena", phase="bu", lane="op", text=TWO_LINES, value=2, effort=2),
            Card(id="o4", persona="tom", phase="aw", lane="op", text=SOME_LINES),
        ],
    )


@pytest.fixture(scope=shared_unless_mutation)
def workbook(tmp_path_factory):
    out = tmp_path_factory.mktemp("rows") / "rows.xlsx"
    result = export_excel(table_map(), out, language="en")
    assert set(WRAPPED) <= set(result.sheets)
    return load_workbook(out)


def table_rows(sheet):
    """The sheet's header → column, each column's width, and its rows below the header."""
    columns = {cell.value: cell.column for cell in sheet[1]}
    widths = {column: sheet.column_dimensions[get_column_letter(column)].width for column in columns.values()}
    return columns, widths, list(sheet.iter_rows(min_row=2, max_row=sheet.max_row))


def cards_in(title: str, journey_map: JourneyMap) -> list[Card]:
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    wanted = {"Cards": None, "Pain points": "pain_points", "Opportunities": "opportunities"}[title]
    return [card for card in journey_map.cards if wanted is None or kinds[card.lane] == wanted]


@pytest.mark.parametrize("title", list(WRAPPED))
def test_each_card_is_one_row_with_its_whole_text(workbook, title: str):
    """A text as tall as a row holds (and any shorter) stays whole in its card's one row, not continued below."""
    sheet = workbook[title]
    columns, _widths, rows = table_rows(sheet)
    cards = cards_in(title, table_map())
    assert len(rows) == len(cards)
    text_column = columns["Text" if title == "Cards" else "Pain point" if title == "Pain points" else "Opportunity"]
    texts = [row[text_column - 1].value for row in rows]
    assert sorted(text or "" for text in texts) == sorted(card.text for card in cards)
    for row in rows:
        assert all(cell.value is None or cell.data_type != "f" for cell in row)


@pytest.mark.parametrize("title", list(WRAPPED))
def test_each_row_is_as_tall_as_the_text_it_wraps_in_its_own_columns(workbook, title: str):
    """The tallest wrapped text of a row, counted in the width of its own column, sets the row's height; a
    row whose wrapped columns are all empty (or one line) keeps the ordinary height, whatever its other cells."""
    columns, widths, rows = table_rows(workbook[title])
    wrapped = [columns[header] for header in WRAPPED[title]]
    heights = set()
    for row in rows:
        lines = max([wrapped_lines(row[c - 1].value, widths[c]) for c in wrapped
                     if isinstance(row[c - 1].value, str) and row[c - 1].value] or [1])
        assert lines <= LINES_PER_ROW
        height = workbook[title].row_dimensions[row[0].row].height
        assert height == (row_points(lines) if lines > 1 else None), (row[0].row, lines)
        heights.add(lines)
    assert {1, 2, LINES_PER_ROW} <= heights and len(heights) >= 4  # one line, two, some, a full row


@pytest.mark.parametrize("title", list(WRAPPED))
def test_wrapped_cells_wrap_from_the_top_and_the_others_sit_at_the_top_only_of_a_taller_row(workbook, title: str):
    """Every filled cell of a wrapped column wraps from its top; the other filled cells never wrap: in a row
    taller than a line they sit at its top beside the wrapped text, in a one-line row they carry no alignment."""
    sheet = workbook[title]
    columns, _widths, rows = table_rows(sheet)
    wrapped = {columns[header] for header in WRAPPED[title]}
    centred = {columns[header] for header in CENTRED.get(title, ())}
    seen = set()
    for row in rows:
        tall = sheet.row_dimensions[row[0].row].height is not None
        for cell in row:
            if cell.value is None or cell.column in centred:
                continue
            where = (cell.coordinate, cell.value)
            if cell.column in wrapped:
                assert cell.alignment.wrap_text and cell.alignment.vertical == "top", where
                continue
            assert not cell.alignment.wrap_text, where
            assert cell.alignment.vertical == ("top" if tall else None), where
            seen.add(tall)
    assert seen == {True, False}  # both kinds of row have unwrapped cells
