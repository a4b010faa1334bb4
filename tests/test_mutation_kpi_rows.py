"""The KPI sheet of the workbook: its rows in the map's order (not by name), its tinted status cells, and
column widths that grow only for words that need it.

A client reads the sheet beside the poster: metrics, phases and personas come in the order the map shows
them, whatever their names sort to; the status cell is tinted as the poster's badge is.
"""

from __future__ import annotations

import functools

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.export import insight_sheets
from app.export.excel import _header_width, _Writer
from app.export.insight_sheets import DIRECTION_WORDS, KPI_HEADERS, KPI_WIDTHS, STATUS_WORDS
from app.i18n import catalogue
from app.insight.kpis import STATUS_COLORS
from app.model import load_map
from tests.conftest import SAMPLES

#: the phases renamed so that their names sort the other way round from the map's order
PHASE_NAMES = ["Zuerst", "Mitte", "Am Ende"]


@functools.cache
def b2b():
    return load_map(SAMPLES / "b2b-it-services.json")


def ordered_map():
    """Two metrics with a value for every phase, for everyone and for each persona, listed back to front.

    The sample's personas (Tobias, Sabine, Dr. Weber) sort by name the other way round from the map's order,
    and so do the renamed phases."""
    data = b2b().model_dump()
    for phase, name in zip(data["phases"], PHASE_NAMES, strict=True):
        phase["name"] = name
    personas = [None, *(p["id"] for p in data["personas"])]
    values = [{"metric": metric, "phase": phase["id"], "persona": persona, "value": number, "target": 10}
              for metric in ("nps", "churn") for phase in data["phases"] for number, persona in enumerate(personas)]
    data["kpis"] = {"metrics": [{"id": "nps", "name": "NPS"}, {"id": "churn", "name": "Churn", "unit": "%"}],
                    "values": values[::-1]}
    return type(b2b()).model_validate(data)


def kpi_sheet(journey_map, language: str = "en"):
    sheet = Workbook().active
    insight_sheets.kpi_sheet(_Writer(catalogue(language)), sheet, journey_map)
    return sheet


def test_rows_follow_the_maps_metric_phase_and_persona_order_not_the_names():
    journey_map = ordered_map()
    sheet = kpi_sheet(journey_map)
    rows = [row[:5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    people = ["All personas", *(p.name for p in journey_map.personas)]
    assert sorted(people[1:]) != people[1:] and sorted(PHASE_NAMES) != PHASE_NAMES
    expected = [(metric, phase, person) for metric in ("NPS", "Churn") for phase in PHASE_NAMES for person in people]
    assert [(row[0], row[3], row[4]) for row in rows] == expected


def test_every_status_cell_is_filled_solid_in_its_statuss_tint():
    """The status cell is tinted as the poster's badge (a solid fill: a fill without a pattern shows nothing)."""
    data = b2b().model_dump()
    data["kpis"] = {"metrics": [{"id": "nps", "name": "NPS"}],
                    "values": [{"metric": "nps", "phase": "awareness", "value": 32, "target": 40},
                               {"metric": "nps", "phase": "consideration", "value": 50, "target": 40},
                               {"metric": "nps", "phase": "decision", "value": 12}]}
    sheet = kpi_sheet(type(b2b()).model_validate(data))
    seen = set()
    for row in range(2, sheet.max_row + 1):
        status = next(s for s, word in STATUS_WORDS.items() if word == sheet.cell(row=row, column=8).value)
        fill = sheet.cell(row=row, column=8).fill
        assert fill.patternType == "solid", row
        assert fill.fgColor.rgb[-6:] == STATUS_COLORS[status][0].lstrip("#").upper(), row
        seen.add(status)
    assert seen == {"met", "missed", "open"}


@pytest.mark.parametrize("language", ["en", "de", "pseudo"])
def test_each_column_keeps_its_declared_width_unless_its_words_need_more(language: str):
    """A column is as wide as declared, or as its header's longest word and (direction, status) its longest
    fixed word need; never wider, so the sheet prints on as few pages as it can."""
    words = catalogue(language)
    sheet = kpi_sheet(ordered_map(), language)
    fixed = {2: DIRECTION_WORDS.values(), 7: STATUS_WORDS.values()}
    for column, (source, declared) in enumerate(zip(KPI_HEADERS, KPI_WIDTHS, strict=True)):
        need = _header_width(words.gettext(source), source, declared)
        need = max([need, *(len(words.gettext(word)) + 2 for word in fixed.get(column, ()))])
        width = sheet.column_dimensions[get_column_letter(column + 1)].width
        assert width == need, (language, source, width, need)
