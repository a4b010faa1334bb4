"""The workbook's insight sheets (issue 17): the KPIs against target, the opportunities in the order to fund them,
and the persona comparison on the Emotions sheet (every persona's line told apart by colour, pattern and marker,
the spread per phase, one lane side by side). Read back from the written file, as a client opens it."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.export.insight_sheets import EXCEL_DASHES, EXCEL_MARKERS, KPI_HEADERS, OPPORTUNITY_HEADERS, chart_place
from app.insight import comparison
from app.insight.kpis import STATUS_COLORS
from app.layout import palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import Kpis

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def insight_map() -> JourneyMap:
    """Two personas over two phases, pain points to compare, rated opportunities, and KPIs of both directions,
    each met once and missed once; a metric and an opportunity whose text looks like a formula."""
    journey_map = JourneyMap(
        id="m", title="Watch journey",
        phases=[Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase")],
        lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints"), Lane(id="em", name="Feeling", kind="emotions"),
               Lane(id="pp", name="Pains", kind="pain_points"), Lane(id="op", name="Ideas", kind="opportunities")],
        personas=[Persona(id="lena", name="Lena"), Persona(id="tom", name="Tom", color="#D55E00")],
        cards=[
            Card(id="t1", persona="lena", phase="aw", lane="tp", text="Ad"),
            Card(id="p1", persona="lena", phase="aw", lane="pp", text="Sizes unclear"),
            Card(id="p2", persona="lena", phase="aw", lane="pp", text="No price"),
            Card(id="p3", persona="tom", phase="bu", lane="pp", text="-5 % promised, 0 % given"),
            Card(id="o1", persona="lena", phase="aw", lane="op", text="+1 idea", value=4, effort=2, votes=1,
                 owner="Marketing"),
            Card(id="o2", persona="tom", phase="bu", lane="op", text="Own shop", value=5, effort=4),
            Card(id="o3", persona="lena", phase="bu", lane="op", text="Live stock", value=5, effort=1, votes=3),
            Card(id="o4", persona="tom", phase="aw", lane="op", text="Not rated yet"),
            Card(id="o5", persona="lena", phase="aw", lane="op", text="Blimp", value=1, effort=5),
            Card(id="o6", persona="tom", phase="aw", lane="op", text="FAQ", value=2, effort=1, votes=2,
                 owner="=cmd|' /C calc'!A0"),
        ],
        emotions=[EmotionPoint(persona="lena", phase="aw", score=2), EmotionPoint(persona="lena", phase="bu", score=-1),
                  EmotionPoint(persona="tom", phase="bu", score=-2)],
    )
    journey_map.kpis = Kpis.model_validate({
        "metrics": [{"id": "conv", "name": "=SUM(A1)", "unit": "%", "direction": "higher"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
        "values": [
            {"metric": "churn", "phase": "bu", "persona": "tom", "value": 7.5, "target": 5, "date": "2026-02-28"},
            {"metric": "conv", "phase": "bu", "persona": "lena", "value": 3, "target": 4, "date": "2026-04-30"},
            {"metric": "churn", "phase": "bu", "value": 4},
            {"metric": "conv", "phase": "aw", "value": 12.5, "target": 10, "date": "2026-03-31"},
            {"metric": "churn", "phase": "aw", "value": 2, "target": 5, "date": "2026-01-15"},
        ]})
    return journey_map


@pytest.fixture
def written(tmp_path: Path):
    out = tmp_path / "map.xlsx"
    result = export_excel(insight_map(), out, language="en")
    return result, load_workbook(out), out


def rows(sheet, first: int = 2) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first)]


def assert_prints_like_the_other_tables(sheet, table: str, ref: str) -> None:
    assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert list(sheet.tables) == [table] and sheet.tables[table].ref == ref
    assert sheet.tables[table].tableStyleInfo.name == "TableStyleMedium2"
    for cell in sheet[1]:
        assert cell.font.b and cell.fill.fgColor.rgb[-6:] == palette.HEADER_FILL[1:]


def test_the_new_sheets_come_after_the_tables_only_when_the_map_has_what_they_show(written, tmp_path: Path):
    result, workbook, _out = written
    assert result.sheets == workbook.sheetnames == ["Overview", "Lena", "Tom", "Cards", "Emotions", "Pain points",
                                                    "Opportunities", "KPIs per phase"]
    assert result.warnings == []
    data = insight_map().model_dump()
    data["kpis"] = None
    data["lanes"] = [lane for lane in data["lanes"] if lane["kind"] != "opportunities"]
    data["cards"] = [card for card in data["cards"] if card["lane"] != "op"]
    bare = JourneyMap.model_validate(data)
    seen = []
    assert export_excel(bare, tmp_path / "bare.xlsx", lambda done, total: seen.append(total) or True).sheets[-1] == \
        "Pain points"
    assert set(seen) == {len(bare.personas) + 5}
    seen.clear()
    export_excel(insight_map(), tmp_path / "all.xlsx", lambda done, total: seen.append(done) or True)
    assert seen == list(range(1, len(bare.personas) + 8))  # and one step each for the two new sheets


def test_the_kpi_sheet_holds_every_value_target_status_and_date_as_numbers_and_dates(written):
    _result, workbook, _out = written
    sheet = workbook["KPIs per phase"]
    assert [cell.value for cell in sheet[1]] == list(KPI_HEADERS) == [
        "Metric", "Unit", "Direction", "Phase", "Persona", "Actual", "Target", "Target status", "Date"]
    # in the map's metric, phase and persona order (a value for all personas first), whatever the file's order
    assert rows(sheet) == [
        ["=SUM(A1)", "%", "higher is better", "Awareness", "All personas", 12.5, 10, "met ▲", datetime(2026, 3, 31)],
        ["=SUM(A1)", "%", "higher is better", "Purchase", "Lena", 3, 4, "missed ▼", datetime(2026, 4, 30)],
        ["Churn", "%", "lower is better", "Awareness", "All personas", 2, 5, "met ▲", datetime(2026, 1, 15)],
        ["Churn", "%", "lower is better", "Purchase", "All personas", 4, None, "open –", None],
        ["Churn", "%", "lower is better", "Purchase", "Tom", 7.5, 5, "missed ▼", datetime(2026, 2, 28)],
    ]
    for row in range(2, 7):
        for column in (6, 7):  # numbers a client can sum and chart, not text
            cell = sheet.cell(row=row, column=column)
            assert cell.value is None or (cell.data_type == "n" and not isinstance(cell.value, str)), cell.coordinate
        status = sheet.cell(row=row, column=8)
        word = status.value.split()[0]
        assert status.fill.fgColor.rgb[-6:] == STATUS_COLORS[word][0][1:]  # the tint helps; the word and mark tell
        day = sheet.cell(row=row, column=9)
        if day.value is not None:
            assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert isinstance(sheet["F2"].value, float) and isinstance(sheet["G2"].value, int)
    assert sheet["I2"].value.date() == date(2026, 3, 31)
    assert_prints_like_the_other_tables(sheet, "KPIs_per_phase", "A1:I6")


def test_the_opportunities_sheet_is_the_order_to_fund_them_in(written):
    _result, workbook, _out = written
    sheet = workbook["Opportunities"]
    assert [cell.value for cell in sheet[1]] == list(OPPORTUNITY_HEADERS) == [
        "Rank", "Opportunity", "Value", "Effort", "Quadrant", "Votes", "Phase", "Persona", "Owner"]
    assert rows(sheet) == [
        [1, "Live stock", 5, 1, "Quick wins", 3, "Purchase", "Lena", None],  # quick wins first, higher value first
        [2, "+1 idea", 4, 2, "Quick wins", 1, "Awareness", "Lena", "Marketing"],
        [3, "Own shop", 5, 4, "Big bets", 0, "Purchase", "Tom", None],
        [4, "FAQ", 2, 1, "Fill-ins", 2, "Awareness", "Tom", "=cmd|' /C calc'!A0"],
        [5, "Blimp", 1, 5, "Money pits", 0, "Awareness", "Lena", None],
        [6, "Not rated yet", None, None, None, 0, "Awareness", "Tom", None],  # unrated last
    ]
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[0], row[2], row[3], row[5]):
            assert cell.value is None or cell.data_type == "n", cell.coordinate
    assert_prints_like_the_other_tables(sheet, "Opportunities", "A1:I7")


def test_formula_looking_text_on_the_new_sheets_stays_text(written):
    _result, workbook, out = written
    kpis, opportunities, emotions = workbook["KPIs per phase"], workbook["Opportunities"], workbook["Emotions"]
    for cell in (kpis["A2"], kpis["A3"], opportunities["B3"], opportunities["I5"]):
        assert cell.data_type == "s" and cell.value[0] in "=+", cell.coordinate
    grid = next(cell for row in emotions.iter_rows() for cell in row if cell.value == "• -5 % promised, 0 % given")
    assert grid.data_type == "s"
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name


def comparison_at(sheet, title: str = "Spread per phase") -> int:
    """The row of the comparison's title on the Emotions sheet."""
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == title)


def test_the_emotions_sheet_compares_the_personas_below_the_chart(written):
    _result, workbook, _out = written
    sheet = workbook["Emotions"]
    assert [cell.value for cell in sheet[1]][:3] == ["Phase", "Lena", "Tom"]  # the scores are as they were
    top = comparison_at(sheet)
    assert top == chart_place(insight_map()).below  # under the chart, not behind it
    spread = [[sheet.cell(row=row, column=column).value for column in range(1, 4)] for row in range(top + 1, top + 5)]
    assert spread == [["Emotion score", "Awareness", "Purchase"],
                      ["Lowest", 2, -2], ["Highest", 2, -1],
                      ["Difference", None, 1]]  # one persona's point in Awareness: nothing to differ from
    assert sheet.cell(row=top + 4, column=3).font.b and not sheet.cell(row=top + 4, column=2).font.b  # widest gap
    lane = top + 6  # the pain points, a row per persona and a column per phase
    assert sheet.cell(row=lane, column=1).value == "Pains per persona and phase"
    assert [[sheet.cell(row=row, column=column).value for column in range(1, 4)]
            for row in range(lane + 1, lane + 4)] == [
        ["Persona", "Awareness", "Purchase"],
        ["Lena", "• Sizes unclear\n• No price", None],
        ["Tom", None, "• -5 % promised, 0 % given"]]
    assert sheet.cell(row=lane + 2, column=2).fill.fgColor.rgb[-6:] == palette.CARD_COLORS["pain_points"][0][1:]
    assert sheet.cell(row=lane + 2, column=2).alignment.wrap_text
    assert sheet.row_dimensions[lane + 2].height == 33  # two cards, two lines


def test_one_persona_has_nothing_to_compare_with(tmp_path: Path):
    data = insight_map().model_dump()
    data["personas"] = data["personas"][:1]
    data["cards"] = [card for card in data["cards"] if card["persona"] == "lena"]
    data["emotions"] = [point for point in data["emotions"] if point["persona"] == "lena"]
    data["kpis"] = None
    journey_map = JourneyMap.model_validate(data)
    export_excel(journey_map, tmp_path / "one.xlsx")
    sheet = load_workbook(tmp_path / "one.xlsx")["Emotions"]
    assert sheet.max_row == 3 and sheet.max_column == 2


def twelve_personas() -> JourneyMap:
    """Twelve personas, most of them in the same default colour: the comparison gives each a style of its own."""
    phases = [Phase(id=f"f{n}", name=f"Phase {n}") for n in range(4)]
    personas = [Persona(id=f"p{n}", name=f"Persona {n}", color="#0072B2" if n % 2 else "#D55E00") for n in range(12)]
    return JourneyMap(id="m", title="Twelve", phases=phases,
                      lanes=[Lane(id="e", name="E", kind="emotions"), Lane(id="p", name="P", kind="pain_points")],
                      personas=personas,
                      emotions=[EmotionPoint(persona=p.id, phase=f.id, score=(i + j) % 5 - 2)
                                for i, p in enumerate(personas) for j, f in enumerate(phases)])


def chart_series(path: Path) -> list[tuple[str, str, str]]:
    """(colour, dash, marker) of each line of the workbook's one chart, in series order."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(names) == 1
        root = ElementTree.fromstring(archive.read(names[0]))
    found = []
    for series in root.iter(f"{CHART}ser"):
        line = series.find(f"{CHART}spPr/{DRAWING}ln")
        found.append((line.find(f"{DRAWING}solidFill/{DRAWING}srgbClr").get("val"),
                      line.find(f"{DRAWING}prstDash").get("val"),
                      series.find(f"{CHART}marker/{CHART}symbol").get("val")))
    return found


def test_every_one_of_twelve_personas_has_a_line_of_its_own_colour_pattern_and_marker(tmp_path: Path):
    journey_map = twelve_personas()
    out = tmp_path / "twelve.xlsx"
    export_excel(journey_map, out)
    series = chart_series(out)
    assert len(series) == 12 and len(set(series)) == 12  # no two alike, whatever the personas' own colours
    assert series == [(c.style.color[1:].upper(), EXCEL_DASHES[c.style.dash], EXCEL_MARKERS[c.style.marker])
                      for c in comparison.curves(journey_map)]  # the comparison view's styles, not a second set
    assert {dash for _color, dash, _marker in series} == {"solid", "dash", "sysDot", "dashDot"}  # every pattern
    assert {marker for _color, _dash, marker in series} == {"circle", "square", "triangle", "diamond", "x", "star"}
    sheet = load_workbook(out)["Emotions"]
    # too many for the chart to stand beside the scores on a page: it stands below them, tall enough for the legend
    place = chart_place(journey_map)
    assert place.anchor == "A7" and place.height > 9 and comparison_at(sheet) == place.below
    with zipfile.ZipFile(out) as archive:
        drawing = archive.read(next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))).decode()
    assert "<from><col>0</col><colOff>0</colOff><row>6</row>" in drawing
    assert re.search(rf'<ext cx="{int(place.width * 360000)}" cy="{int(place.height * 360000)}"', drawing)


def test_a_few_personas_keep_the_chart_beside_their_scores(tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(insight_map(), out)
    with zipfile.ZipFile(out) as archive:
        drawing = archive.read(next(n for n in archive.namelist() if n.startswith("xl/drawings/drawing"))).decode()
    assert "<from><col>4</col><colOff>0</colOff><row>1</row>" in drawing  # E2
    assert chart_series(out) == [("0072B2", "solid", "circle"), ("D55E00", "dash", "square")]


#: what a German client reads on the new sheets (the catalogue's German for issue 17's workbook words)
GERMAN = {
    "sheets": ["Chancen", "KPIs je Phase"],
    "kpis": ["Kennzahl", "Einheit", "Richtung", "Phase", "Persona", "Ist", "Zielwert", "Zielstatus", "Datum"],
    "kpi row": ["=SUM(A1)", "%", "höher ist besser", "Awareness", "Alle Personas", 12.5, 10, "erreicht ▲"],
    "statuses": ["erreicht ▲", "verfehlt ▼", "erreicht ▲", "offen –", "verfehlt ▼"],
    "directions": ["höher ist besser", "höher ist besser", "niedriger ist besser", "niedriger ist besser",
                   "niedriger ist besser"],
    "opportunities": ["Rang", "Chance", "Nutzen", "Aufwand", "Matrixfeld", "Stimmen", "Phase", "Persona",
                      "Verantwortlich"],
    "quadrants": ["Quick Wins", "Quick Wins", "Große Vorhaben", "Lückenfüller", "Geldgräber", None],
    "spread": ["Streuung je Phase", "Emotionswert", "Niedrigster Wert", "Höchster Wert", "Differenz"],
    "lane": "Pains je Persona und Phase",
}


def test_a_german_workbook_says_it_all_in_german_in_columns_wide_enough(tmp_path: Path):
    from math import ceil

    from openpyxl.utils import get_column_letter

    out = tmp_path / "de.xlsx"
    result = export_excel(insight_map(), out, language="de")
    assert result.sheets[-2:] == GERMAN["sheets"]
    workbook = load_workbook(out)
    opportunities, kpis = workbook["Chancen"], workbook["KPIs je Phase"]
    assert [cell.value for cell in kpis[1]] == GERMAN["kpis"]
    assert rows(kpis)[0][:8] == GERMAN["kpi row"]
    assert [row[7] for row in rows(kpis)] == GERMAN["statuses"]
    assert [row[2] for row in rows(kpis)] == GERMAN["directions"]
    assert [cell.value for cell in opportunities[1]] == GERMAN["opportunities"]
    assert [row[4] for row in rows(opportunities)] == GERMAN["quadrants"]
    emotions = workbook["Emotionen"]
    top = comparison_at(emotions, "Streuung je Phase")
    assert [emotions.cell(row=row, column=1).value for row in range(top, top + 5)] == GERMAN["spread"]
    assert emotions.cell(row=top + 6, column=1).value == GERMAN["lane"]
    for sheet in (kpis, opportunities):
        for column, header in enumerate(sheet[1], 1):
            width = sheet.column_dimensions[get_column_letter(column)].width
            longest = max(len(word) for word in header.value.split())
            assert width >= ceil(longest * 1.2) + 1, (sheet.title, header.value)
    # the words in the cells show whole: "niedriger ist besser", "verfehlt ▼", "Große Vorhaben"
    assert kpis.column_dimensions["C"].width >= len("niedriger ist besser") + 1
    assert kpis.column_dimensions["H"].width >= len("verfehlt ▼") + 1
    assert opportunities.column_dimensions["E"].width >= len("Große Vorhaben") + 1
    assert list(kpis.tables) == ["KPIs_je_Phase"] and list(opportunities.tables) == ["Chancen"]


def test_a_sheet_without_rows_still_filters_its_headers(tmp_path: Path):
    """A header alone cannot be an Excel table: metrics without values, an opportunity lane without cards."""
    data = insight_map().model_dump()
    data["kpis"]["values"] = []
    data["cards"] = [card for card in data["cards"] if card["lane"] != "op"]
    export_excel(JourneyMap.model_validate(data), tmp_path / "empty.xlsx")
    workbook = load_workbook(tmp_path / "empty.xlsx")
    for title in ("Opportunities", "KPIs per phase"):
        sheet = workbook[title]
        assert not sheet.tables and sheet.auto_filter.ref == "A1:I1" and sheet.max_row == 1, title


def test_the_scores_header_is_repeated_on_printed_pages_only_without_a_comparison_below(tmp_path: Path):
    """Row 1 names persona columns; over the comparison's phase columns on a second page it would mislead."""
    export_excel(twelve_personas(), tmp_path / "twelve.xlsx")
    assert load_workbook(tmp_path / "twelve.xlsx")["Emotions"].print_title_rows is None
    data = twelve_personas().model_dump()
    data["personas"], data["emotions"] = data["personas"][:1], [e for e in data["emotions"] if e["persona"] == "p0"]
    export_excel(JourneyMap.model_validate(data), tmp_path / "one.xlsx")
    assert load_workbook(tmp_path / "one.xlsx")["Emotions"].print_title_rows == "$1:$1"
