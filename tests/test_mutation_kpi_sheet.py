"""The KPI sheet of the Excel workbook: empty cells stay empty, long names wrap in rows tall enough to show them,
the status reads centred, and a value whose phase or persona is gone is still listed rather than failing.

Spreadsheets do not grow rows on open, so a row the export leaves at the default height cuts a wrapped name
to its first line; a row made taller than its text wastes the printed page.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from app.export import insight_sheets
from app.export.excel import _Writer, export_excel, row_points, wrapped_lines
from app.i18n import catalogue
from app.model import Kpis, load_map
from tests.conftest import SAMPLES

LONG = "Share of qualified leads that book a technical deep-dive within two weeks of the first call"
#: the columns whose text wraps: metric, phase, persona
WRAPPED = (1, 4, 5)


@functools.cache
def b2b():
    return load_map(SAMPLES / "b2b-it-services.json")


def kpi_map(metric_name: str = "NPS", phase_name: str | None = None, persona_name: str | None = None,
            extra_values: tuple = ()):
    """The B2B map with a metric without a unit and one with, values for everyone and for one persona."""
    journey_map = b2b()
    data = journey_map.model_dump()
    if phase_name is not None:
        data["phases"][0]["name"] = phase_name
    if persona_name is not None:
        data["personas"][0]["name"] = persona_name
    data["kpis"] = {
        "metrics": [{"id": "nps", "name": metric_name},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
        "values": [
            {"metric": "nps", "phase": "awareness", "value": 32, "target": 40, "date": "2026-03-31"},
            {"metric": "nps", "phase": "awareness", "persona": "evaluator", "value": 12},
            {"metric": "churn", "phase": "consideration", "value": 4.5, "target": 5.0},
            {"metric": "churn", "phase": "decision", "persona": "cfo", "value": 7, "target": 5},
            *extra_values,
        ],
    }
    return type(journey_map).model_validate(data)


def kpi_sheet(journey_map, tmp_path: Path, language: str = "en"):
    """The KPI sheet as the export writes it (in memory: the file round trip is tested elsewhere)."""
    sheet = Workbook().active
    insight_sheets.kpi_sheet(_Writer(catalogue(language)), sheet, journey_map)
    return sheet


def test_the_written_file_keeps_the_empty_cells_and_the_row_heights(tmp_path: Path):
    """The same sheet read back from the saved workbook: no unit is an empty cell, a long name a tall row."""
    out = tmp_path / "kpis.xlsx"
    export_excel(kpi_map(LONG), out, language="en")
    sheet = load_workbook(out)["KPIs per phase"]
    assert sheet["A2"].value == LONG and sheet["B2"].value is None and sheet["C2"].value == "higher is better"
    assert sheet.row_dimensions[2].height == expected_height(sheet, 2) > row_points(1)
    assert sheet["A2"].alignment.wrap_text and sheet["H2"].alignment.horizontal == "center"


def test_a_metric_without_a_unit_leaves_its_unit_cell_empty(tmp_path: Path):
    """No unit is an empty cell (a filter shows it as blanks), not an empty text; likewise no target, no date."""
    sheet = kpi_sheet(kpi_map(), tmp_path)
    rows = [[cell for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0].value for row in rows] == ["NPS", "NPS", "Churn", "Churn"]
    for row in rows:
        unit = row[1]
        if row[0].value == "NPS":
            assert unit.value is None, unit.coordinate
        else:
            assert unit.value == "%"
    assert rows[1][6].value is None and rows[1][8].value is None  # the persona's value has no target, no date
    assert rows[0][6].value == 40 and rows[0][8].value is not None
    for row in rows:
        for cell in row:
            assert cell.value != "", cell.coordinate


@pytest.mark.parametrize("language", ["en", "de"])
def test_names_wrap_figures_and_the_status_do_not(tmp_path: Path, language: str):
    """Metric, phase and persona wrap in their columns (top-aligned); figures, dates and the status stay on one
    line, the status word and mark centred in their tinted cell."""
    sheet = kpi_sheet(kpi_map(LONG), tmp_path, language)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is None:
                continue
            wraps = bool(cell.alignment.wrap_text)
            assert wraps == (cell.column in WRAPPED), (cell.coordinate, cell.value)
            if wraps:
                assert cell.alignment.vertical == "top"
        status = row[7]
        assert status.alignment.horizontal == "center", status.coordinate


def expected_height(sheet, row: int) -> float | None:
    """The height the row needs for its longest wrapped name in the columns as exported (None: one line)."""
    lines = 1
    for column in WRAPPED:
        value = sheet.cell(row=row, column=column).value
        width = sheet.column_dimensions[get_column_letter(column)].width
        if isinstance(value, str):
            lines = max(lines, wrapped_lines(value, width))
    return row_points(lines) if lines > 1 else None


def names(length: int) -> str:
    words = LONG.split()
    text = ""
    while len(text) < length:
        text = f"{text} {words[len(text.split()) % len(words)]}".strip()
    return text


@pytest.mark.parametrize("where", ["metric", "phase", "persona"])
@pytest.mark.parametrize("length", [45, 200])
def test_a_row_is_as_tall_as_its_longest_wrapped_name(tmp_path: Path, where: str, length: int):
    """Whichever of metric, phase and persona is long sets the row's height; a row of short names keeps the
    default height, so the sheet prints no taller than it needs."""
    text = names(length)
    journey_map = kpi_map(**{"metric_name" if where == "metric" else f"{where}_name": text})
    sheet = kpi_sheet(journey_map, tmp_path)
    tall = 0
    for row in range(2, sheet.max_row + 1):
        want = expected_height(sheet, row)
        assert sheet.row_dimensions[row].height == want, (where, length, row)
        tall += want is not None
        if text not in {sheet.cell(row=row, column=c).value for c in WRAPPED}:
            assert want is None, row  # the short names of the other rows: one line, the default height
    assert tall or length < 30, "a long name wraps onto more than one line"


def test_two_lines_are_already_a_taller_row(tmp_path: Path):
    """A name that wraps onto just two lines makes its row two lines tall."""
    for length in range(20, 60):
        text = names(length)
        journey_map = kpi_map(text)
        sheet = kpi_sheet(journey_map, tmp_path)
        width = sheet.column_dimensions["A"].width
        if wrapped_lines(text, width) == 2:
            break
    else:
        pytest.fail("no name of two lines")
    assert sheet.row_dimensions[2].height == row_points(2)
    assert row_points(2) > row_points(1)


def test_a_value_whose_phase_or_persona_is_gone_is_listed_last_under_its_id(tmp_path: Path):
    """A map put together without the checks (a value naming a phase or persona it lacks) still exports: the
    value comes after the map's own, named by the id it gives, instead of the export failing."""
    journey_map = kpi_map()
    kpis = journey_map.kpis
    stray = [kpis.values[1].model_copy(update={"persona": "ghost"}),
             kpis.values[0].model_copy(update={"phase": "gone"}),
             kpis.values[1].model_copy(update={"phase": "gone", "persona": "ghost"})]
    broken = journey_map.model_copy(update={"kpis": Kpis.model_construct(metrics=kpis.metrics,
                                                                         values=[*stray, *kpis.values])})
    sheet = kpi_sheet(broken, tmp_path)
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    places = [(row[0], row[3], row[4]) for row in rows]
    phases = [p.name for p in journey_map.phases]
    assert places == [
        ("NPS", phases[0], "All personas"),
        ("NPS", phases[0], journey_map.personas[0].name),
        ("NPS", phases[0], "ghost"),
        ("NPS", "gone", "All personas"),
        ("NPS", "gone", "ghost"),
        ("Churn", phases[1], "All personas"),
        ("Churn", phases[2], journey_map.personas[2].name),
    ]
