"""How each sheet of the workbook prints: its paper, its orientation and its frozen rows.

Every sheet prints on the paper asked for, A4 for "A4", for nothing and for a paper the workbook has no code for
(A3, a poster's "auto"), Letter for "Letter". A sheet whose columns fit the portrait width (95 character widths)
prints portrait, a wider one landscape, a sheet with a chart landscape however narrow. The page set-up measures
the sheet's columns without describing any column right of its content: those keep the spreadsheet's default
width. A sheet that freezes nothing of its own (the overview) freezes its first row, written "A2".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.export.excel import PORTRAIT_WIDTH, export_excel, orientation
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES

PHASES = [Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase"), Phase(id="us", name="Use")]


def small_map(phases: int, personas: int, long_text: bool = False) -> JourneyMap:
    """``phases`` phases and ``personas`` personas, a card each; with ``long_text`` a goal longer than a cell
    holds (it continues right of the overview's content, in a column of its own width)."""
    people = [Persona(id=f"p{n}", name=f"Persona {n}") for n in range(personas)]
    cards = [Card(id=f"c{n}", persona=person.id, phase=PHASES[0].id, lane="tp", text="short")
             for n, person in enumerate(people)]
    return JourneyMap(id="m", title="Watch journey", goal="word " * 8000 if long_text else "Know the buyer",
                      phases=PHASES[:phases],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints"),
                             Lane(id="em", name="Feeling", kind="emotions")],
                      personas=people, cards=cards)


MAPS = {
    "one phase, one persona": lambda: small_map(1, 1),
    "two phases, one persona": lambda: small_map(2, 1),
    "one phase, no persona": lambda: small_map(1, 0),
    "three phases, two personas": lambda: small_map(3, 2),
    "a text longer than a cell": lambda: small_map(1, 1, long_text=True),
    "b2b sample": lambda: load_map(SAMPLES / "b2b-it-services.json"),
}


def workbook(journey_map: JourneyMap, tmp_path: Path, **options):
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out, **options)
    return load_workbook(out)


def width(sheet) -> float:
    """The printed width of the sheet's content, in character widths: its columns' widths added up."""
    return sum(sheet.column_dimensions[get_column_letter(column)].width for column in range(1, sheet.max_column + 1))


# --- paper ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("paper", "code"), [(None, 9), ("A4", 9), ("Letter", 1), ("A3", 9), ("auto", 9),
                                             ("Legal", 9)])
def test_every_sheet_prints_on_the_paper_asked_for_and_on_a4_for_a_paper_without_a_code(
        paper: str | None, code: int, tmp_path: Path):
    sheets = workbook(small_map(2, 1), tmp_path, paper=paper).worksheets
    assert [sheet.page_setup.paperSize for sheet in sheets] == [code] * len(sheets)


# --- orientation ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("widths", "expected"), [
    ([PORTRAIT_WIDTH], "portrait"), ([60, 35], "portrait"), ([22.5, 22.5, 50], "portrait"), ([], "portrait"),
    ([PORTRAIT_WIDTH + 0.01], "landscape"), ([60, 36], "landscape"), ([22, 38, 38], "landscape")])
def test_columns_as_wide_as_the_portrait_width_still_print_portrait(widths: list[float], expected: str):
    assert orientation(widths) == expected


def test_each_sheet_prints_portrait_when_its_columns_fit_else_landscape_and_a_chart_always_landscape(
        tmp_path: Path):
    seen = set()
    for name, build in MAPS.items():
        for sheet in workbook(build(), tmp_path).worksheets:
            fits = width(sheet) <= PORTRAIT_WIDTH and not sheet._charts
            expected = "portrait" if fits else "landscape"
            assert sheet.page_setup.orientation == expected, (name, sheet.title, width(sheet))
            seen.add((expected, bool(sheet._charts)))
    # narrow and wide sheets both occur, and a chart's sheet narrow enough for portrait
    assert {("portrait", False), ("landscape", False), ("landscape", True)} <= seen


def test_a_persona_sheet_of_one_phase_prints_portrait_and_of_two_landscape(tmp_path: Path):
    assert workbook(small_map(1, 1), tmp_path)["Persona 0"].page_setup.orientation == "portrait"  # 22 + 38
    assert workbook(small_map(2, 1), tmp_path)["Persona 0"].page_setup.orientation == "landscape"  # 22 + 2 * 38
    # without personas the Emotions sheet has no chart, only its narrow first column
    emotions = workbook(small_map(1, 0), tmp_path)["Emotions"]
    assert not emotions._charts and emotions.page_setup.orientation == "portrait"
    # with a persona it has a chart: landscape though two columns of 22 would fit
    emotions = workbook(small_map(1, 1), tmp_path)["Emotions"]
    assert emotions._charts and width(emotions) <= PORTRAIT_WIDTH
    assert emotions.page_setup.orientation == "landscape"


def test_no_sheet_describes_a_column_right_of_its_content(tmp_path: Path):
    """Measuring the columns for the orientation leaves the columns beyond the content at the spreadsheet's
    default width: the file has no column entry (``<col>``) past the last column holding a cell."""
    for name, build in MAPS.items():
        for sheet in workbook(build(), tmp_path).worksheets:
            described = [(dimension.min, dimension.max) for dimension in sheet.column_dimensions.values()]
            assert described, (name, sheet.title)
            assert max(last for _first, last in described) == sheet.max_column, (name, sheet.title, described)


# --- frozen rows ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MAPS))
def test_the_overview_freezes_its_first_row_and_other_sheets_keep_their_own(name: str, tmp_path: Path):
    book = workbook(MAPS[name](), tmp_path)
    assert book.worksheets[0].freeze_panes == "A2"
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes in ("A2", "B2", "B3"), sheet.title
