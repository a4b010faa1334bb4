"""Row heights and extent of the workbook's grids as a reader sees them.

- A persona sheet's title row holds one line of the section type, and its phase header row one line when the
  map has no phases yet (a workshop's first export): the workbook is written, not refused.
- The persona comparison on the Emotions sheet shows every phase name whole in both header rows, colours only
  the cells that hold cards, and says where it ends (the first row below it, the row a caller writes on next).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.export import insight_sheets
from app.export.excel import SECTION_FONT, _persona_sheet, _Writer, export_excel, row_points, wrapped_lines
from app.i18n import LANGUAGES, catalogue
from app.layout import palette
from app.model import JourneyMap, Lane, Persona
from tests.test_mutation_comparison_labels import a_map, comparison, tint

LONG_NAMES = ("Awareness", "Consideration and the long comparison of every offer on the market",
              "Kauf", "Onboarding, set-up, the first week with the device and the first questions to support")


def with_phase_names(journey_map: JourneyMap, names: tuple[str, ...]) -> JourneyMap:
    phases = [phase.model_copy(update={"name": name}) for phase, name in zip(journey_map.phases, names,
                                                                               strict=True)]
    return journey_map.model_copy(update={"phases": phases})


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("personas", "phases"), [(1, 2), (3, 4), (2, 0)])
def test_a_persona_sheet_title_row_holds_one_line_of_the_section_type(language: str, personas: int, phases: int):
    journey_map = a_map(personas, phases)
    book = Workbook()
    for persona in journey_map.personas:
        sheet = book.create_sheet(persona.id)
        _persona_sheet(_Writer(catalogue(language)), sheet, journey_map, persona.id)
        assert sheet.cell(row=1, column=1).value == persona.name
        assert sheet.row_dimensions[1].height == row_points(1, SECTION_FONT.sz) > row_points(1)
        assert sheet.row_dimensions[1].height < row_points(2, SECTION_FONT.sz)


def test_a_map_without_phases_gets_persona_sheets_with_a_one_line_header_row(tmp_path: Path):
    journey_map = JourneyMap(id="m", title="First draft", phases=[],
                             lanes=[Lane(id="t", name="Touchpoints", kind="touchpoints"),
                                    Lane(id="e", name="Emotions", kind="emotions")],
                             personas=[Persona(id="p", name="Lena"), Persona(id="q", name="Omar")])
    path = tmp_path / "draft.xlsx"
    export_excel(journey_map, path, language="en")
    book = load_workbook(path)
    for name in ("Lena", "Omar"):
        sheet = book[name]
        assert sheet.row_dimensions[2].height == row_points(1)
        assert [sheet.cell(row=row, column=1).value for row in (3, 4)] == ["Touchpoints", "Emotions"]


HEADERS = {catalogue(language).gettext(text) for language in LANGUAGES for text in ("Emotion score", "Persona")}


def header_rows(sheet, end: int) -> list[int]:
    """The comparison's header rows: "Emotion score" over the spread, "Persona" over the lane's cards."""
    return [row for row in range(1, end) if sheet.cell(row=row, column=1).value in HEADERS]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("lanes", [("emotions", "pain_points"), ("emotions",)])
def test_both_header_rows_show_every_phase_name_whole(language: str, lanes: tuple[str, ...]):
    journey_map = with_phase_names(a_map(3, 4, lanes), LONG_NAMES)
    sheet, _persona, end = comparison(journey_map, language)
    rows = header_rows(sheet, end)
    assert len(rows) == (2 if len(lanes) > 1 else 1)
    needed = max(wrapped_lines(name, insight_sheets.COMPARISON_WIDTH) for name in LONG_NAMES)
    assert needed >= 3  # the long names wrap
    for row in rows:
        assert [sheet.cell(row=row, column=c).value for c in range(2, 6)] == list(LONG_NAMES)
        assert sheet.row_dimensions[row].height == row_points(needed), row


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("personas", "phases", "lanes"), [
    (2, 1, ("emotions", "pain_points")), (3, 3, ("touchpoints", "emotions")), (4, 2, ("emotions",)),
    (2, 3, ("emotions",))])
def test_the_comparison_says_the_first_row_below_it(language: str, personas: int, phases: int,
                                                    lanes: tuple[str, ...]):
    journey_map = a_map(personas, phases, lanes)
    sheet, _persona, end = comparison(journey_map, language)
    filled = [cell.row for line in sheet.iter_rows() for cell in line if cell.value not in (None, "")]
    assert max(filled) == end - 1  # the last row written is the one just above
    assert all(cell.value in (None, "") for line in sheet.iter_rows(min_row=end) for cell in line)


@pytest.mark.parametrize("lanes", [("emotions", "pain_points"), ("touchpoints", "emotions"),
                                   ("emotions", "opportunities", "pain_points")])
def test_only_the_cells_that_hold_cards_take_the_lanes_colour(lanes: tuple[str, ...]):
    journey_map = a_map(4, 3, lanes)
    sheet, _persona, end = comparison(journey_map, "en")
    lane_id = insight_sheets.comparison.default_lane(journey_map)
    lane = next(lane for lane in journey_map.lanes if lane.id == lane_id)
    colour = palette.card_colors(lane.kind)[0].upper()
    names = {p.name: p for p in journey_map.personas}
    rows = [row for row in range(1, end) if sheet.cell(row=row, column=1).value in names]
    assert len(rows) == len(names)
    coloured = empty = 0
    for row in rows:
        for column in range(2, len(journey_map.phases) + 2):
            cell = sheet.cell(row=row, column=column)
            if cell.value:
                assert tint(cell) == colour, cell.coordinate
                coloured += 1
            else:
                assert tint(cell) is None, cell.coordinate
                empty += 1
    assert coloured and empty  # both kinds of cell were looked at


def test_title_rows_are_given_to_a_tenth_of_a_point_as_a_spreadsheet_shows_them(tmp_path: Path):
    """The Overview's title (16 pt) and a persona sheet's name (13 pt) rows, as Format › Row height shows them:
    one line of their type, 15/11 of its size, and 3 points of padding, to a tenth of a point."""
    path = tmp_path / "m.xlsx"
    export_excel(a_map(2, 3), path, language="en")
    book = load_workbook(path)
    assert book.worksheets[0].row_dimensions[1].height == 24.8  # 16 × 15/11 + 3 = 24.818…
    assert book["Persona 0"].row_dimensions[1].height == 20.7  # 13 × 15/11 + 3 = 20.727…
    assert row_points(2, 13) == 38.5 and row_points(3) == 48.0  # 38.454…, and whole at the default 11 pt
