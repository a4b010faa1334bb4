"""The workbook's insight: the persona comparison on the Emotions sheet, the KPIs against target, and the
opportunities in the order to fund them.

Built on the Qt-free insight modules, so the workbook says what the comparison view, the matrix and the
poster say: the same curve styles, spreads, quadrants, order and status. Every text goes through the
exporter's writer (text never a formula, too long a text continued), every fixed word through the
deliverable's catalogue, and a status is told by a word and a mark, the tint only helps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from openpyxl.chart import LineChart
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from app.export.excel import (
    BOLD_FONT,
    LABEL_FONT,
    SECTION_FONT,
    WRAP,
    _header,
    _header_row,
    _header_width,
    _print_setup,
    _row_height,
    _table_name,
    _Writer,
    row_points,
    wrapped_lines,
)
from app.i18n import N_
from app.insight import comparison, kpis, priorities
from app.layout import palette
from app.model import JourneyMap

#: the comparison's line patterns as Excel draws them (DrawingML preset dashes)
EXCEL_DASHES: dict[str, str] = {"solid": "solid", "dash": "dash", "dot": "sysDot", "dashdot": "dashDot"}
#: the comparison's point markers as Excel draws them
EXCEL_MARKERS: dict[str, str] = {"circle": "circle", "square": "square", "triangle": "triangle",
                                 "diamond": "diamond", "cross": "x", "star": "star"}
#: a curve's line width in EMU (2.25 pt): a dotted line still reads
CURVE_WIDTH = 28575
MARKER_SIZE = 7
#: the chart's height in cm: 9, and more when the legend has many names to list
CHART_HEIGHT, CHART_HEIGHT_PER_PERSONA = 9.0, 0.75
#: the chart's width in cm beside the scores, and below them
CHART_WIDTH, WIDE_CHART_WIDTH = 18.0, 26.0
#: the most personas whose scores leave room for the chart beside them on a page one page wide
BESIDE_UP_TO = 4
#: a row's height in cm as the smallest default among spreadsheets draw it (LibreOffice 0.45, Excel 0.53): tables
#: start below the chart's last row however the reader draws rows
ROW_CM = 0.45
#: the width of a column of the comparison (the persona columns of the scores above it have it too)
COMPARISON_WIDTH = 22
#: small figures and status words, centred: a number right-aligned runs into the left-aligned text beside it
CENTRE = Alignment(horizontal="center", vertical="top")

#: the KPI sheet's headers (message ids) and the widths chosen for the English words
KPI_HEADERS = (N_("Metric"), N_("Unit"), N_("Direction"), N_("Phase"), N_("Persona"), N_("Actual"), N_("Target"),
               N_("Target status"), N_("Date"))
KPI_WIDTHS = (24, 8, 16, 18, 22, 10, 10, 11, 12)
DIRECTION_WORDS = {"higher": N_("higher is better"), "lower": N_("lower is better")}
#: a status in words and its mark, so it reads in greyscale and to a screen reader as well
STATUS_WORDS = {"met": N_("met ▲"), "missed": N_("missed ▼"), "open": N_("open –")}
#: the Opportunities sheet's headers (message ids) and widths
OPPORTUNITY_HEADERS = (N_("Rank"), N_("Opportunity"), N_("Value"), N_("Effort"), N_("Quadrant"), N_("Votes"),
                       N_("Phase"), N_("Persona"), N_("Owner"))
OPPORTUNITY_WIDTHS = (7, 50, 8, 8, 14, 8, 18, 22, 16)


# --- the persona comparison, on the Emotions sheet -------------------------------------------------------------


@dataclass(frozen=True)
class ChartPlace:
    """Where the emotion chart goes on the Emotions sheet, its size in cm, and the first row below it."""

    anchor: str
    width: float
    height: float
    below: int


def chart_place(journey_map: JourneyMap) -> ChartPlace:
    """Beside the scores while they are narrow (up to BESIDE_UP_TO personas), else below them and wider, so a
    page printed one page wide does not shrink the chart to a stamp; tall enough for a legend line per persona."""
    personas, phases = len(journey_map.personas), len(journey_map.phases)
    height = max(CHART_HEIGHT, 3 + CHART_HEIGHT_PER_PERSONA * personas)
    rows = math.ceil(height / ROW_CM)
    if personas <= BESIDE_UP_TO:
        return ChartPlace(f"{get_column_letter(personas + 3)}2", CHART_WIDTH, height, max(phases + 3, 2 + rows + 1))
    top = phases + 3
    return ChartPlace(f"A{top}", WIDE_CHART_WIDTH, height, top + rows + 1)


def style_curves(chart: LineChart, journey_map: JourneyMap) -> None:
    """Each persona's line in its colour, pattern and marker from the comparison (never colour alone)."""
    for series, curve in zip(chart.series, comparison.curves(journey_map), strict=True):
        color = curve.style.color.lstrip("#").upper()
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=color, prstDash=EXCEL_DASHES[curve.style.dash], w=CURVE_WIDTH))
        series.marker = Marker(symbol=EXCEL_MARKERS[curve.style.marker], size=MARKER_SIZE,
                               spPr=GraphicalProperties(solidFill=color, ln=LineProperties(solidFill=color)))


def compares(journey_map: JourneyMap) -> bool:
    """Whether the Emotions sheet compares the personas: two or more (one has nothing to be compared with)."""
    return len(journey_map.personas) >= 2 and bool(journey_map.phases)


def comparison_tables(w: _Writer, sheet: Worksheet, journey_map: JourneyMap, row: int) -> int:
    """The spread per phase and, below it, the chosen lane side by side; returns the row after them.

    Both have a column per phase, so a phase's spread stands over the cards that explain it.
    """
    if not compares(journey_map):
        return row
    words = w.words
    widest = comparison.widest_gap(journey_map)
    w.put(sheet, row, 1, words.gettext("Spread per phase")).font = SECTION_FONT
    row += 1
    _header(w.put(sheet, row, 1, words.gettext("Emotion score")))
    for column, phase in enumerate(journey_map.phases, 2):
        _header(w.put(sheet, row, column, phase.name))
        sheet.column_dimensions[get_column_letter(column)].width = max(
            COMPARISON_WIDTH, sheet.column_dimensions[get_column_letter(column)].width or 0)
    sheet.row_dimensions[row].height = _row_height([p.name for p in journey_map.phases],
                                                   (COMPARISON_WIDTH,) * len(journey_map.phases))
    spreads = comparison.spreads(journey_map)
    for label, figure in ((N_("Lowest"), lambda s: s.low), (N_("Highest"), lambda s: s.high),
                          (N_("Difference"), lambda s: s.width if s.count >= 2 else None)):
        row += 1
        w.grid_style(w.put(sheet, row, 1, words.gettext(label)), palette.LANE_HEADER_FILL, LABEL_FONT)
        for column, spread in enumerate(spreads, 2):
            cell = sheet.cell(row=row, column=column, value=figure(spread))
            w.grid_style(cell)
            if label == "Difference" and widest is not None and spread.phase.id == widest.phase.id:
                cell.font = BOLD_FONT  # where the personas lie furthest apart: the first place to look
    lane_id = comparison.default_lane(journey_map)
    if lane_id is None:
        return row + 1
    lane = next(lane for lane in journey_map.lanes if lane.id == lane_id)
    row += 2
    w.put(sheet, row, 1, words.gettext("{lane} per persona and phase").format(lane=lane.name)).font = SECTION_FONT
    row += 1
    _header(w.put(sheet, row, 1, words.gettext("Persona")))
    for column, phase in enumerate(journey_map.phases, 2):
        _header(w.put(sheet, row, column, phase.name))
    sheet.row_dimensions[row].height = _row_height([p.name for p in journey_map.phases],
                                                   (COMPARISON_WIDTH,) * len(journey_map.phases))
    grid = comparison.lane_grid(journey_map, lane_id)
    fill, _edge = palette.card_colors(lane.kind)
    widths = (COMPARISON_WIDTH,) * (len(journey_map.phases) + 1)
    for persona in journey_map.personas:
        row += 1
        w.grid_style(w.put(sheet, row, 1, persona.name), palette.LANE_HEADER_FILL, LABEL_FONT)
        texts = [persona.name]
        for column, phase in enumerate(journey_map.phases, 2):
            cards = grid.get((persona.id, phase.id), [])
            text = "\n".join(f"• {card.text}" for card in cards)
            w.grid_style(w.put(sheet, row, column, text), fill if cards else None)
            texts.append(text)
        sheet.row_dimensions[row].height = _row_height(texts, widths)
    return row + 1


# --- KPIs --------------------------------------------------------------------------------------------------------


def _word_width(texts: list[str], header: str, source: str, width: float) -> float:
    """A column of fixed words wide enough for the longest of them in this language, and for its header."""
    return max(_header_width(header, source, width), max((len(t) for t in texts), default=0) + 2)


def kpi_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap) -> None:
    """One row per value: metric, unit, direction, phase, persona, value, target, status and date, in the map's
    metric, phase and persona order; figures as numbers and the date as a date cell (openpyxl gives a date the
    ISO 8601 form, as the overview writes its date), so a client can sort, filter and chart them."""
    words = w.words
    headers = [words.gettext(header) for header in KPI_HEADERS]
    for column, header in enumerate(headers, 1):
        _header(w.put(sheet, 1, column, header))
    phases = {p.id: (i, p.name) for i, p in enumerate(journey_map.phases)}
    personas = {p.id: (i, p.name) for i, p in enumerate(journey_map.personas)}
    everyone = words.gettext("All personas")
    order = {m.id: i for i, m in enumerate(journey_map.kpis.metrics)} if journey_map.kpis else {}

    def place(reading: kpis.KpiReading) -> tuple:
        value = reading.value
        persona = (-1, "") if value.persona is None else personas.get(value.persona, (len(personas), value.persona))
        return order[value.metric], phases.get(value.phase, (len(phases), value.phase))[0], persona[0]

    readings = sorted(kpis.all_readings(journey_map), key=place)
    statuses = {status: PatternFill("solid", fgColor=tints[0].lstrip("#"))
                for status, tints in kpis.STATUS_COLORS.items()}
    widths = list(KPI_WIDTHS)
    widths[2] = _word_width([words.gettext(t) for t in DIRECTION_WORDS.values()], headers[2], KPI_HEADERS[2],
                            widths[2])
    widths[7] = _word_width([words.gettext(t) for t in STATUS_WORDS.values()], headers[7], KPI_HEADERS[7], widths[7])
    for column, (header, source) in enumerate(zip(headers, KPI_HEADERS, strict=True)):
        if column not in (2, 7):
            widths[column] = _header_width(header, source, widths[column])
    for row, reading in enumerate(readings, 2):
        metric, value = reading.metric, reading.value
        persona = everyone if value.persona is None else personas.get(value.persona, (0, value.persona))[1]
        cells = [metric.name, metric.unit, words.gettext(DIRECTION_WORDS[metric.direction]),
                 phases.get(value.phase, (0, value.phase))[1], persona, value.value, value.target,
                 words.gettext(STATUS_WORDS[reading.status]), value.date]
        for column, content in enumerate(cells, 1):
            if content is None or content == "":
                continue
            cell = w.put(sheet, row, column, content)
            if column in (1, 4, 5):
                cell.alignment = WRAP
        lines = max(wrapped_lines(cells[c - 1], widths[c - 1]) if isinstance(cells[c - 1], str) else 1
                    for c in (1, 4, 5))
        if lines > 1:
            sheet.row_dimensions[row].height = row_points(lines)
        status = sheet.cell(row=row, column=8)
        status.fill = statuses[reading.status]
        status.alignment = CENTRE
    _table_sheet(sheet, headers, widths, len(readings), words.gettext("KPIs per phase"))


def _table_sheet(sheet: Worksheet, headers: list[str], widths: list[float], rows: int, name: str) -> None:
    """Widths, a header row that shows its headers whole, frozen headers, print set-up, and an Excel table with
    filter buttons (a header alone cannot be a table: then a filter on the headers)."""
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _header_row(sheet, headers, widths)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, "1:1")
    ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
    if rows:
        table = Table(displayName=_table_name(name), ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(table)
    else:
        sheet.auto_filter.ref = ref


# --- opportunities -----------------------------------------------------------------------------------------------


def opportunities_sheet(w: _Writer, sheet: Worksheet, journey_map: JourneyMap) -> None:
    """The opportunities in the order to fund them (quick wins first), with what decided the order."""
    words = w.words
    headers = [words.gettext(header) for header in OPPORTUNITY_HEADERS]
    for column, header in enumerate(headers, 1):
        _header(w.put(sheet, 1, column, header))
    phases = {p.id: p.name for p in journey_map.phases}
    personas = {p.id: p.name for p in journey_map.personas}
    ranked = priorities.ranked(journey_map)
    widths = [_header_width(header, source, width)
              for header, source, width in zip(headers, OPPORTUNITY_HEADERS, OPPORTUNITY_WIDTHS, strict=True)]
    widths[4] = _word_width([words.gettext(name) for name in priorities.QUADRANT_NAMES.values()], headers[4],
                            OPPORTUNITY_HEADERS[4], widths[4])
    for item in ranked:
        card = item.card
        quadrant = words.gettext(priorities.QUADRANT_NAMES[item.quadrant]) if item.quadrant else None
        w.append_row(sheet, [item.rank, card.text, card.value, card.effort, quadrant, card.votes,
                             phases.get(card.phase, card.phase), personas.get(card.persona, card.persona), card.owner],
                     {2, 7, 8, 9}, widths)
    rows = sheet._current_row - 1  # a text taller than a row continues in the rows below it
    for row in sheet.iter_rows(min_row=2, max_row=rows + 1, max_col=6):
        for cell in (row[0], row[2], row[3], row[5]):  # rank, value, effort, votes
            cell.alignment = CENTRE
    _table_sheet(sheet, headers, widths, rows, words.gettext("Opportunities"))


def has_opportunity_lane(journey_map: JourneyMap) -> bool:
    return any(lane.kind == "opportunities" for lane in journey_map.lanes)
