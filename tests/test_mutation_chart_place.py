"""Where the Emotions sheet's persona chart stands and how big it is, as a reader of the workbook sees it, and the
warning for a single text continued in the rows below.

The scores take row 1 (headers) and a row per phase, a column per persona after the phase names. A few personas
leave room for the chart beside the scores (from row 2, one empty column after them); more put it below them
(from column A, one empty row after them) and wider. The chart is 9 cm tall while that holds its legend, a line
per persona more beyond. The comparison tables start one empty row below whatever ends lower, the scores or the
chart, with the chart's rows reckoned at the smallest default row height any spreadsheet draws: never behind
the chart, and no gap of more than one row.
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter

from app import i18n
from app.export.excel import CELL_LIMIT, _Writer, export_excel
from app.export.insight_sheets import (
    BESIDE_UP_TO,
    CHART_HEIGHT,
    CHART_HEIGHT_PER_PERSONA,
    CHART_WIDTH,
    ROW_CM,
    WIDE_CHART_WIDTH,
    chart_place,
)
from app.i18n import catalogue
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase

#: persona counts on both sides of BESIDE_UP_TO and of the legend outgrowing 9 cm
PERSONAS = (1, 2, BESIDE_UP_TO - 1, BESIDE_UP_TO, BESIDE_UP_TO + 1, 7, 8, 9, 10, 12, 15)
#: phase counts whose scores end above the chart beside them, near its last row, and below it
PHASES = (1, 2, 5, 18, 19, 20, 21, 22, 30)
#: 3 cm for the title and axes, then a legend line per persona: 9 cm hold the legend of this many
LEGEND_IN_NINE_CM = 8
EPS = 1e-9
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def a_map(personas: int, phases: int) -> JourneyMap:
    """Personas with a score in every phase, an emotion lane and a pain point lane to compare side by side."""
    return JourneyMap(
        id="m", title="Chart",
        phases=[Phase(id=f"f{n}", name=f"Phase {n}") for n in range(phases)],
        lanes=[Lane(id="e", name="Feeling", kind="emotions"), Lane(id="p", name="Pains", kind="pain_points")],
        personas=[Persona(id=f"p{n}", name=f"Persona {n}") for n in range(personas)],
        emotions=[EmotionPoint(persona=f"p{i}", phase=f"f{j}", score=(i + j) % 5 - 2)
                  for i in range(personas) for j in range(phases)])


def chart_rows(height: float) -> int:
    """How many rows the chart covers at the smallest default row height (a hair of float error forgiven)."""
    return math.ceil(height / ROW_CM - EPS)


@pytest.mark.parametrize("personas", PERSONAS)
@pytest.mark.parametrize("phases", PHASES)
def test_the_chart_stands_beside_a_few_personas_scores_and_below_more(personas: int, phases: int):
    place = chart_place(a_map(personas, phases))
    row, column = coordinate_to_tuple(place.anchor)
    last_score_column, last_score_row = personas + 1, phases + 1
    if personas <= BESIDE_UP_TO:
        assert (row, column) == (2, last_score_column + 2), place  # level with the first score, a column free
        assert place.width == CHART_WIDTH
    else:
        assert (row, column) == (last_score_row + 2, 1), place  # under the scores, a row free
        assert place.width == WIDE_CHART_WIDTH


@pytest.mark.parametrize("personas", range(1, 16))
def test_the_chart_is_nine_cm_tall_until_the_legend_needs_more_then_a_line_per_persona(personas: int):
    height = chart_place(a_map(personas, 3)).height
    expected = CHART_HEIGHT + CHART_HEIGHT_PER_PERSONA * max(0, personas - LEGEND_IN_NINE_CM)
    assert height == pytest.approx(expected), personas
    assert chart_place(a_map(personas, 25)).height == height  # the phases do not change it


@pytest.mark.parametrize("personas", PERSONAS)
@pytest.mark.parametrize("phases", PHASES)
def test_the_tables_below_start_one_empty_row_below_the_scores_and_the_chart(personas: int, phases: int):
    place = chart_place(a_map(personas, phases))
    top, _column = coordinate_to_tuple(place.anchor)
    last_score_row = phases + 1
    last_chart_row = top + chart_rows(place.height) - 1
    # nothing behind the chart: its rows, at the smallest height a row is drawn, reach no lower than the free row
    assert (place.below - 1 - top) * ROW_CM >= place.height - EPS, place
    assert place.below - 1 > last_score_row, place  # nor over the scores
    # one empty row, no more: the row above it is the scores' last or the chart's last
    assert place.below - 2 == max(last_score_row, last_chart_row), place


@pytest.mark.parametrize(("personas", "phases"), [(BESIDE_UP_TO, 2), (BESIDE_UP_TO, 25), (BESIDE_UP_TO + 1, 2),
                                                  (BESIDE_UP_TO + 1, 25), (10, 3)])
def test_the_workbook_draws_the_chart_there_and_starts_the_comparison_below_it(tmp_path: Path, personas: int,
                                                                                phases: int):
    """Read back from the file: the chart's top-left cell, its size in cm, one line per persona; the comparison's
    title in the row the place gives, every row from the chart's top to there drawn at its default height."""
    journey_map = a_map(personas, phases)
    place = chart_place(journey_map)
    out = tmp_path / "chart.xlsx"
    export_excel(journey_map, out)
    with zipfile.ZipFile(out) as archive:
        drawing = archive.read(next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))).decode()
        chart = archive.read(next(n for n in archive.namelist() if n.startswith("xl/charts/chart")))
    found = re.search(r"<from><col>(\d+)</col><colOff>0</colOff><row>(\d+)</row>", drawing)
    letters, row = re.fullmatch(r"([A-Z]+)(\d+)", place.anchor).groups()
    assert (int(found[1]) + 1, int(found[2]) + 1) == (column_index_from_string(letters), int(row))
    size = re.search(r'<ext cx="(\d+)" cy="(\d+)"', drawing)
    assert (int(size[1]) / 360000, int(size[2]) / 360000) == pytest.approx((place.width, place.height), abs=1e-5)
    assert len(ElementTree.fromstring(chart).findall(f".//{CHART}ser")) == personas
    sheet = load_workbook(out)["Emotions"]
    titles = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Spread per phase"]
    assert titles == [place.below]
    assert sheet.cell(place.below - 1, 1).value is None  # the empty row above it
    assert all(sheet.row_dimensions[r].height is None for r in range(int(row), place.below))
    if personas <= BESIDE_UP_TO:  # the column between the scores and the chart is empty
        free = get_column_letter(personas + 2)
        assert all(sheet[f"{free}{r}"].value is None for r in range(1, phases + 2))


# --- the warning for one text continued in the rows below ------------------------------------------------------

BELOW = {
    "en": "1 text longer than a cell holds (32,767 characters) continues in the rows below it, marked as continued: "
          "Cards!B2 in B3:B{last}",
    "de": "1 Text, länger als eine Zelle fasst (32.767 Zeichen), geht in den Zeilen darunter weiter, als fortgesetzt "
          "markiert: Cards!B2 in B3:B{last}",
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_one_text_continued_below_is_told_in_the_singular_whole(language: str):
    i18n.set_language(language)  # the warnings are said in the UI language
    text = " ".join(f"word{n}" for n in range(CELL_LIMIT // 8))
    writer = _Writer(catalogue(language))
    sheet = Workbook().active
    sheet.title = "Cards"
    sheet.append(["Id", "Text"])
    writer.append_row(sheet, ["c1", text], {2}, [10.0, 50.0])
    assert writer.warnings() == [BELOW[language].format(last=sheet.max_row)]
