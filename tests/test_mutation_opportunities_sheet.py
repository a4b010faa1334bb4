"""The Opportunities sheet of the workbook as a reader sees it: columns as wide as their words need and no wider,
text columns that wrap in rows tall enough for them, small figures centred below headers that keep their own
look, and a card whose phase or persona is gone still named by its id.

Spreadsheets do not grow rows or columns on open: a column or row the export leaves too small cuts a word or a
line off on screen and on paper, and a figure that is not centred runs into the text beside it.
"""

from __future__ import annotations

import functools
import math

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from app.export import insight_sheets
from app.export.excel import _Writer, export_excel, row_points, wrapped_lines
from app.export.insight_sheets import OPPORTUNITY_HEADERS, OPPORTUNITY_WIDTHS
from app.i18n import LANGUAGES, SOURCE_LANGUAGE, catalogue
from app.insight.priorities import QUADRANT_NAMES
from app.model import Card
from tests.conftest import shared_unless_mutation
from tests.test_insight_sheets import insight_map

#: the columns whose text wraps: opportunity, phase, persona, owner
WRAPPED = (2, 7, 8, 9)
#: the columns of small figures, centred: rank, value, effort, votes
FIGURES = (1, 3, 4, 6)
QUADRANT = 5
#: a phase name of two lines in the Phase column, a persona name of three in the Persona column
LONG_PHASE = "Awareness through friends and ads"
LONG_PERSONA = "Tom, the collector of old watches who buys them online"
LONG_OWNER = "Marketing together with the customer service team"
LONG_TEXT = ("Show the live stock of every shop on the product page, with the way there and the opening hours, "
             "and hold a watch for a day")


@functools.cache
def wrapping_map():
    """The insight map with a long opportunity, phase name, persona name and owner: each makes its own rows
    taller than a line, so a row's height shows which columns' text was measured."""
    journey_map = insight_map()
    journey_map.phases[0].name = LONG_PHASE
    journey_map.personas[1].name = LONG_PERSONA
    journey_map.cards[4].owner = LONG_OWNER
    journey_map.cards[6].text = LONG_TEXT
    return journey_map


@pytest.fixture(scope=shared_unless_mutation, params=LANGUAGES)
def workbook(request, tmp_path_factory):
    """The saved workbook read back, once per language."""
    out = tmp_path_factory.mktemp(f"opportunities-{request.param}") / "map.xlsx"
    export_excel(wrapping_map(), out, language=request.param)
    return request.param, load_workbook(out)


@pytest.fixture
def sheet(workbook):
    """The Opportunities sheet, under its name in the workbook's language."""
    language, book = workbook
    return language, book[catalogue(language).gettext("Opportunities")]


def test_every_column_is_as_wide_as_its_words_need_and_in_english_as_declared(sheet):
    """Each header word shows whole (a translated word gets room for a third more and bold letters), the
    quadrant column shows its longest quadrant name whole; in English no column is wider than declared."""
    language, sheet = sheet
    words = catalogue(language)
    quadrants = [words.gettext(name) for name in QUADRANT_NAMES.values()]
    for column, (source, declared) in enumerate(zip(OPPORTUNITY_HEADERS, OPPORTUNITY_WIDTHS, strict=True), 1):
        header = sheet.cell(row=1, column=column).value
        assert header == words.gettext(source)
        width = sheet.column_dimensions[get_column_letter(column)].width
        longest = max(len(word) for word in header.split())
        need = longest + 1 if header == source else math.ceil(longest * 1.2) + 1
        expected = max(declared, need)
        if column == QUADRANT:
            expected = max(expected, max(len(name) for name in quadrants) + 2)
        assert width == expected, (language, header)
        if language == SOURCE_LANGUAGE:
            assert width == declared, header


def test_text_columns_wrap_in_rows_tall_enough_for_every_wrapped_text(sheet):
    """Opportunity, phase, persona and owner wrap, every one of them in every row, and each row is tall enough
    for the most lines any of them takes; the other columns do not wrap."""
    language, sheet = sheet
    widths = {column: sheet.column_dimensions[get_column_letter(column)].width for column in WRAPPED}
    tall = set()
    assert sheet.max_row == 7
    for row in range(2, sheet.max_row + 1):
        lines = 1
        for column in range(1, len(OPPORTUNITY_HEADERS) + 1):
            cell = sheet.cell(row=row, column=column)
            if cell.value is None:
                continue
            assert bool(cell.alignment.wrap_text) == (column in WRAPPED), (language, cell.coordinate)
            if column in WRAPPED:
                lines = max(lines, wrapped_lines(cell.value, widths[column]))
        height = sheet.row_dimensions[row].height
        if lines > 1:
            tall.add(row)
            assert height == row_points(lines), (language, row)
        else:
            assert height is None, (language, row)
    assert len(tall) >= 4  # each long text makes rows tall: the test measures something


def test_figures_are_centred_in_every_row_and_the_headers_keep_their_look(sheet):
    """Rank, value, effort and votes centred at the top in every row, empty ones too (a value typed in later
    sits where the others do); the header row is not: its cells wrap and sit in the middle, as on every table."""
    language, sheet = sheet
    for column in range(1, len(OPPORTUNITY_HEADERS) + 1):
        header = sheet.cell(row=1, column=column)
        assert header.alignment.wrap_text and header.alignment.vertical == "center", (language, header.coordinate)
        assert header.alignment.horizontal is None, (language, header.coordinate)
    for row in range(2, sheet.max_row + 1):
        for column in FIGURES:
            cell = sheet.cell(row=row, column=column)
            assert cell.alignment.horizontal == "center", (language, cell.coordinate)
            assert cell.alignment.vertical == "top", (language, cell.coordinate)


def test_every_table_of_the_workbook_is_banded_in_the_same_style(workbook):
    """The opportunities and the KPIs read as the cards do: the same table style with banded rows, which guide
    the eye along a row of nine columns (a style without them shows the rows all alike)."""
    language, book = workbook
    tables = [(sheet.title, table) for sheet in book.worksheets for table in sheet.tables.values()]
    words = catalogue(language)
    titles = {title for title, _table in tables}
    assert {words.gettext(title) for title in ("Cards", "Opportunities", "KPIs per phase")} <= titles, titles
    for title, table in tables:
        style = table.tableStyleInfo
        assert style.name == "TableStyleMedium2" and style.showRowStripes is True, (language, title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_card_whose_phase_or_persona_is_gone_is_named_by_its_id(language):
    """A map put together without the checks (an opportunity naming a phase or persona it lacks) still gets its
    sheet: the cell names the id the card gives instead of staying blank."""
    journey_map = insight_map()
    stray = [Card(id="x1", persona="ghost", phase="aw", lane="op", text="Ghost's idea", value=4, effort=1),
             Card(id="x2", persona="lena", phase="gone", lane="op", text="Gone phase", value=4, effort=1),
             Card(id="x3", persona="ghost", phase="gone", lane="op", text="Both gone", value=4, effort=1)]
    journey_map.cards.extend(stray)
    sheet = Workbook().active
    insight_sheets.opportunities_sheet(_Writer(catalogue(language)), sheet, journey_map)
    phases = {p.id: p.name for p in journey_map.phases}
    personas = {p.id: p.name for p in journey_map.personas}
    places = {row[1]: (row[6], row[7]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    for card in journey_map.cards:
        if card.lane == "op":
            assert places[card.text] == (phases.get(card.phase, card.phase), personas.get(card.persona, card.persona))
    assert places["Both gone"] == ("gone", "ghost")
