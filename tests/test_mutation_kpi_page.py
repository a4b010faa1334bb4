"""The KPI page of the poster's insight pages (``app.export.insight_pages``) as a reader sees it.

Each metric gets its heading, a muted line with its unit and direction, and a table: a row for the values for
all personas (only when there are any), then a row per persona with values of its own, in the map's order; a
column per phase. A cell says value / target, the status mark and words, and the date it was measured, and is
tinted by its status; a place without a value says "–" and is not tinted. The page is in the deliverable's
words and digits, spans the page's width in one column, keeps a heading with the start of its table, and
continues a long table on the next page with its header again.

The pages are laid out and drawn on a canvas that records each line of text (where, how large, bold or not,
in which colour) and each table cell (where and its tint), in design points, y down from the page's top.
Every test builds its own pages (mutation testing credits a test only with what it runs itself).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.export.fonts import BOLD, REGULAR
from app.export.insight_pages import InsightOptions, insight_pages
from app.export.page_flow import HEADING_PT, LINE_SPACING, MARGIN, SMALL_PT, page_scale
from app.i18n import catalogue
from app.insight.kpis import STATUS_COLORS, format_figure
from app.layout import TextWrapper, palette
from app.model import JourneyMap, Kpis, Lane, Persona, Phase

PHASES = ["Awareness", "Purchase", "Use"]
PERSONAS = {"ann": "Ann Ahn", "ben": "Ben Berg", "cem": "Cem Cakir"}
EPS = 1e-6


# --- recording the drawing ---------------------------------------------------------------------------


@dataclass
class Text:
    """One printed line: where its box starts (x, top) and ends (bottom), its size, weight and colour."""

    x: float
    top: float
    bottom: float
    size: float
    bold: bool
    color: str
    text: str


@dataclass
class Box:
    """A table cell as drawn, with its tint (None: not filled) and the lines printed inside it."""

    x: float
    y: float
    width: float
    height: float
    fill: str | None
    lines: list[str] = field(default_factory=list)


@dataclass
class Page:
    texts: list[Text]
    boxes: list[Box]

    def tables(self) -> list[list[list[Box]]]:
        """The tables on the page, in drawing order: rows of cells, the header row first."""
        tables: list[list[list[Box]]] = []
        rows: list[list[Box]] = []
        for box in self.boxes:
            if rows and abs(rows[-1][0].y - box.y) < EPS:
                rows[-1].append(box)
            else:
                rows.append([box])
        for row in rows:
            if row[0].fill == palette.LANE_HEADER_FILL.upper():
                tables.append([])
            if tables:  # (a drawing's boxes before the first table are no table)
                tables[-1].append(row)
        return tables

    def free_texts(self) -> list[Text]:
        """The lines printed outside the tables (titles, headings, notes), in drawing order."""
        return [text for text in self.texts if not any(inside(text, box) for box in self.boxes)]


def inside(text: Text, box: Box) -> bool:
    return box.x - EPS <= text.x <= box.x + box.width + EPS and box.y - EPS <= text.top <= box.y + box.height + EPS


def hex_of(color) -> str:
    return "#" + color.hexval()[2:].upper()


class RecordingText(PDFTextObject):
    """A text object that notes each line written into it, with its font, size and colour."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.written: list[tuple[float, float, str, float, str, str]] = []  # x, baseline, font, size, colour, text
        self._at, self._line, self._font, self._color = (0.0, 0.0), 0, ("", 0.0, 0.0), ""

    def setTextTransform(self, a, b, c, d, e, f):
        self._at, self._line = (e, f), 0
        return super().setTextTransform(a, b, c, d, e, f)

    def setFont(self, psfontname, size, leading=None):
        self._font = (psfontname, size, leading if leading is not None else size * 1.2)
        return super().setFont(psfontname, size, leading)

    def setFillColor(self, aColor, alpha=None):  # noqa: N803
        self._color = hex_of(aColor)
        return super().setFillColor(aColor, alpha)

    def textLine(self, text=""):
        name, size, leading = self._font
        self.written.append((self._at[0], self._at[1] + self._line * leading, name, size, self._color, text))
        self._line += 1
        return super().textLine(text)

    def textOut(self, text):
        name, size, _leading = self._font
        self.written.append((self._at[0], self._at[1], name, size, self._color, text))
        return super().textOut(text)


class RecordingCanvas(Canvas):
    """A real canvas (into memory) that notes the text lines and the table cells drawn on it."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.texts: list[Text] = []
        self.boxes: list[Box] = []
        self._fill = ""

    def setFillColor(self, aColor, alpha=None):  # noqa: N803
        self._fill = hex_of(aColor)
        return super().setFillColor(aColor, alpha)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self.boxes.append(Box(x, y, width, height, self._fill if fill else None))
        return super().rect(x, y, width, height, stroke, fill)

    def beginText(self, x=0, y=0, direction=None):
        return RecordingText(self, x, y, direction)

    def drawText(self, aTextObject):  # noqa: N803
        lines: dict[float, Text] = {}
        for x, baseline, font, size, color, text in aTextObject.written:
            line = lines.get(round(baseline, 3))
            if line is not None:  # a line written run by run
                line.text += text
                continue
            top = baseline - (size * LINE_SPACING - size * 1.164) / 2 - size * 0.928  # as page_flow.draw_text
            assert font in (REGULAR, BOLD), font
            lines[round(baseline, 3)] = Text(x, top, top + size * LINE_SPACING, size, font == BOLD, color, text)
        self.texts += lines.values()
        return super().drawText(aTextObject)


def lay_out(journey_map: JourneyMap, language: str = "en", size: tuple[float, float] = portrait(A4),
            personas: list[str] | None = None, page: str = "kpis") -> list[Page]:
    """The KPI pages (or the summary's: ``page``) of the map, the other insight pages off, drawn and recorded."""
    words = catalogue(language)
    wrapper = TextWrapper(_metrics(), words)
    options = InsightOptions(**{name: name == page for name in ("summary", "comparison", "matrix", "kpis")})
    persona_ids = personas if personas is not None else [p.id for p in journey_map.personas]
    pages = []
    for flow_page in insight_pages(journey_map, persona_ids, options, size, wrapper, words):
        canvas = RecordingCanvas()
        for op in flow_page.ops:
            op(canvas)
        for box in canvas.boxes:
            box.lines = [text.text for text in canvas.texts if inside(text, box)]
        pages.append(Page(canvas.texts, canvas.boxes))
    return pages


def _metrics():
    from app.export.fonts import ReportlabMetrics

    return ReportlabMetrics()


def contents(table: list[list[Box]]) -> list[list[list[str]]]:
    return [[box.lines for box in row] for row in table]


# --- the maps ----------------------------------------------------------------------------------------


def make_map(metrics: list[dict], values: list[dict], phases: list[str] = PHASES,
             personas: dict[str, str] = PERSONAS) -> JourneyMap:
    return JourneyMap(id="kpi-page", title="Onboarding", lanes=[Lane(id="notes", name="Notes")],
                      phases=[Phase(id=f"ph{i}", name=name) for i, name in enumerate(phases)],
                      personas=[Persona(id=pid, name=name) for pid, name in personas.items()],
                      kpis=Kpis.model_validate({"metrics": metrics, "values": values}))


def kpi_map() -> JourneyMap:
    """Four metrics: NPS (no unit, values for all and of two personas, listed out of the map's order), Survey
    (no values), Churn (%, lower is better, only personas' own values), Revenue (k€, only values for all)."""
    return make_map(
        [{"id": "nps", "name": "NPS"}, {"id": "survey", "name": "Survey"},
         {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"},
         {"id": "revenue", "name": "Revenue", "unit": "k€"}],
        [{"metric": "nps", "phase": "ph1", "persona": "cem", "value": 50},
         {"metric": "nps", "phase": "ph0", "value": 32, "target": 40, "date": "2026-03-01"},
         {"metric": "nps", "phase": "ph2", "persona": "ann", "value": 45, "target": 40},
         {"metric": "nps", "phase": "ph2", "target": 40},
         {"metric": "churn", "phase": "ph0", "persona": "ben", "value": 7.5, "target": 5},
         {"metric": "churn", "phase": "ph1", "persona": "ann", "value": 4.2, "target": 5, "date": "2026-11-24"},
         {"metric": "revenue", "phase": "ph1", "value": 1250.5, "target": 1200}])


#: what the reader finds in the English and German pages: per metric its unit line and its table's cells
EXPECTED = {
    "en": {
        "legend": "▲ target met · ▼ target missed · – no value or no target",
        "metrics": [
            ("NPS", "no unit · higher is better",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["All personas"], ["32 / 40", "▼ target missed", "Mar 1, 2026"], ["–"],
               ["– / 40", "– no value or no target"]],
              [["Ann Ahn"], ["–"], ["–"], ["45 / 40", "▲ target met"]],
              [["Cem Cakir"], ["–"], ["50", "– no value or no target"], ["–"]]]),
            ("Survey", "no unit · higher is better", None),
            ("Churn", "unit: % · lower is better",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["Ann Ahn"], ["–"], ["4.2 % / 5 %", "▲ target met", "Nov 24, 2026"], ["–"]],
              [["Ben Berg"], ["7.5 % / 5 %", "▼ target missed"], ["–"], ["–"]]]),
            ("Revenue", "unit: k€ · higher is better",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["All personas"], ["–"], ["1,250.5 k€ / 1,200 k€", "▲ target met"], ["–"]]]),
        ],
        "none": "No values recorded",
    },
    "de": {
        "legend": "▲ Ziel erreicht · ▼ Ziel verfehlt · – kein Wert oder kein Ziel",
        "metrics": [
            ("NPS", "ohne Einheit · höher ist besser",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["Alle Personas"], ["32 / 40", "▼ Ziel verfehlt", "01.03.2026"], ["–"],
               ["– / 40", "– kein Wert oder kein Ziel"]],
              [["Ann Ahn"], ["–"], ["–"], ["45 / 40", "▲ Ziel erreicht"]],
              [["Cem Cakir"], ["–"], ["50", "– kein Wert oder kein Ziel"], ["–"]]]),
            ("Survey", "ohne Einheit · höher ist besser", None),
            ("Churn", "Einheit: % · niedriger ist besser",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["Ann Ahn"], ["–"], ["4,2 % / 5 %", "▲ Ziel erreicht", "24.11.2026"], ["–"]],
              [["Ben Berg"], ["7,5 % / 5 %", "▼ Ziel verfehlt"], ["–"], ["–"]]]),
            ("Revenue", "Einheit: k€ · höher ist besser",
             [[["Persona"], ["Awareness"], ["Purchase"], ["Use"]],
              [["Alle Personas"], ["–"], ["1.250,5 k€ / 1.200 k€", "▲ Ziel erreicht"], ["–"]]]),
        ],
        "none": "Keine Werte erfasst",
    },
}


# --- what the page says ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_metric_has_its_heading_unit_line_and_a_row_per_owner_of_values_in_the_map_order(language):
    """The page reads, in order: its title, the marks' legend, then per metric its heading, its unit and
    direction, and its table (or "no values"); rows for all personas first (only when some value is for
    all), then the personas with values of their own in the map's order; "–" where there is no value."""
    expected = EXPECTED[language]
    pages = lay_out(kpi_map(), language)
    assert len(pages) == 1
    page = pages[0]
    free = [text.text for text in page.free_texts()]
    title = catalogue(language).gettext("KPIs")
    assert free[:3] == [title, "Onboarding", expected["legend"]]
    wanted = []
    for name, unit_line, table in expected["metrics"]:
        wanted += [name, unit_line] + ([] if table is not None else [expected["none"]])
    assert free[3:] == wanted
    assert [contents(table) for table in page.tables()] == [table for _n, _u, table in expected["metrics"] if table]


def test_a_table_is_printed_in_drawing_order_below_its_heading_and_unit_line():
    """Each table sits below its metric's unit line and above the next metric's heading."""
    page = lay_out(kpi_map())[0]
    free = page.free_texts()
    tops = {text.text: text.top for text in free}
    tables = page.tables()
    assert len(tables) == 3
    for table, (name, following) in zip(tables, [("NPS", "Survey"), ("Churn", "Revenue"), ("Revenue", None)],
                                        strict=True):
        assert tops[name] < table[0][0].y
        last = table[-1][0]
        if following is not None:
            assert last.y + last.height < tops[following]


def test_the_fixed_words_of_the_page_come_from_the_deliverables_catalogue():
    """The pseudo language brackets every word that went through the catalogue; the user's words stay."""
    page = lay_out(kpi_map(), "pseudo")[0]
    free = [text.text for text in page.free_texts()]
    assert "⟦no unit⟧ · ⟦higher is better⟧" in free and "⟦unit: %⟧ · ⟦lower is better⟧" in free
    assert "⟦No values recorded⟧" in free and "Survey" in free
    header, *rows = page.tables()[0]
    assert header[0].lines == ["⟦Persona⟧"] and [box.lines for box in header[1:]] == [[name] for name in PHASES]
    assert [row[0].lines for row in rows] == [["⟦All personas⟧"], ["Ann Ahn"], ["Cem Cakir"]]


def test_a_metric_without_values_does_not_end_the_page():
    """Metrics after one without values (or several in a row) still get their headings and tables."""
    journey_map = make_map(
        [{"id": f"m{i}", "name": f"Metric {i}"} for i in range(5)],
        [{"metric": "m1", "phase": "ph0", "value": 1}, {"metric": "m4", "phase": "ph2", "value": 4, "target": 3}])
    page = lay_out(journey_map)[0]
    free = [text.text for text in page.free_texts()]
    assert [text for text in free if text.startswith("Metric")] == [f"Metric {i}" for i in range(5)]
    assert free.count("No values recorded") == 3
    assert [contents(table)[1] for table in page.tables()] == [
        [["All personas"], ["1", "– no value or no target"], ["–"], ["–"]],
        [["All personas"], ["–"], ["–"], ["4 / 3", "▲ target met"]]]


def test_a_persona_gets_a_row_only_for_values_of_its_own():
    """For every mix of owners of a metric's values the rows are: all personas if any value is for all, then
    each persona with a value of its own, in the map's persona order, each named once."""
    owners_cases = [[None], ["ben"], [None, "cem"], ["cem", "ann"], ["ann", "ben", "cem", None], ["ben", None]]
    metrics = [{"id": f"m{i}", "name": f"Metric {i}"} for i in range(len(owners_cases))]
    values = [{"metric": f"m{i}", "phase": f"ph{k % 3}", "persona": owner, "value": k}
              for i, owners in enumerate(owners_cases) for k, owner in enumerate(owners)]
    page = lay_out(make_map(metrics, values))[0]
    names = [[row[0].lines[0] for row in table[1:]] for table in page.tables()]
    expected = []
    for owners in owners_cases:
        row_names = ["All personas"] if None in owners else []
        row_names += [name for pid, name in PERSONAS.items() if pid in owners]
        expected.append(row_names)
    assert names == expected


def test_a_one_persona_page_shows_that_personas_values_and_those_for_all_only():
    journey_map = kpi_map()
    page = lay_out(journey_map, personas=["ben"])[0]
    names = [[row[0].lines[0] for row in table[1:]] for table in page.tables()]
    assert names == [["All personas"], ["Ben Berg"], ["All personas"]]


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_date_is_printed_under_its_value_in_the_languages_way_and_only_when_there_is_one(language):
    dates = [None, dt.date(2026, 1, 31), None, dt.date(2025, 12, 2)]
    journey_map = make_map([{"id": "nps", "name": "NPS"}],
                           [{"metric": "nps", "phase": "ph0", "persona": pid, "value": 10 + i, "target": 12,
                             "date": None if date is None else date.isoformat()}
                            for i, (pid, date) in enumerate(zip([None, "ann", "ben", "cem"], dates, strict=True))])
    words = catalogue(language)
    table = lay_out(journey_map, language)[0].tables()[0]
    for row, (i, date) in zip(table[1:], enumerate(dates), strict=True):
        cell = row[1].lines
        status = ("▼ " + words.gettext("target missed")) if 10 + i < 12 else ("▲ " + words.gettext("target met"))
        assert cell == [f"{10 + i} / 12", status] + ([] if date is None else [words.format_date(date)]), (i, cell)
    assert table[2][1].lines[2] == {"en": "Jan 31, 2026", "de": "31.01.2026"}[language]


# --- how it looks ------------------------------------------------------------------------------------


def test_a_value_cell_is_tinted_by_its_status_and_names_and_empty_cells_are_not():
    page = lay_out(kpi_map())[0]
    tint = {status: colors[0].upper() for status, colors in STATUS_COLORS.items()}
    expected = [
        [[None, tint["missed"], None, tint["open"]], [None, None, None, tint["met"]],
         [None, None, tint["open"], None]],
        [[None, None, tint["met"], None], [None, tint["missed"], None, None]],
        [[None, None, tint["met"], None]],
    ]
    tables = page.tables()
    assert [[[box.fill for box in row] for row in table[1:]] for table in tables] == expected
    for table in tables:
        assert all(box.fill == palette.LANE_HEADER_FILL.upper() for box in table[0])


def test_persona_names_and_the_header_are_bold_and_the_figures_are_not():
    page = lay_out(kpi_map())[0]
    for table in page.tables():
        for index, row in enumerate(table):
            for column, box in enumerate(row):
                texts = [text for text in page.texts if inside(text, box)]
                assert texts
                assert all(text.bold == (index == 0 or column == 0) for text in texts), (index, column, box.lines)


def test_the_legend_and_the_unit_lines_are_small_muted_notes_and_headings_are_bold():
    page = lay_out(kpi_map())[0]
    free = page.free_texts()
    notes = [text for text in free if "·" in text.text]
    assert len(notes) == 1 + 4
    for text in notes:
        assert (text.size, text.color, text.bold) == (SMALL_PT + 0.5, palette.MUTED_TEXT, False), text
    for name in ("NPS", "Survey", "Churn", "Revenue"):
        heading = next(text for text in free if text.text == name)
        assert (heading.size, heading.bold, heading.color) == (HEADING_PT, True, palette.TEXT)
    none = next(text for text in free if text.text == "No values recorded")
    assert none.color == palette.MUTED_TEXT and not none.bold


def test_heading_unit_line_and_table_stand_three_points_apart():
    """A metric's heading, its unit line and its table are one group: 3 points between them, as under any
    heading, and more between the groups."""
    page = lay_out(kpi_map())[0]
    free = page.free_texts()
    for table in page.tables():
        top = table[0][0].y
        unit = max((text for text in free if text.bottom <= top + EPS), key=lambda text: text.bottom)
        heading = max((text for text in free if text.bottom <= unit.top + EPS), key=lambda text: text.bottom)
        assert "·" in unit.text and heading.size == HEADING_PT
        assert top - unit.bottom == pytest.approx(3.0)
        assert unit.top - heading.bottom == pytest.approx(3.0)


@pytest.mark.parametrize("count", [1, 2, 6, 7, 9])
@pytest.mark.parametrize("size", [portrait(A4), landscape(A4), landscape(A3)])
def test_a_table_spans_the_page_with_a_persona_column_and_equal_phase_columns(count, size):
    """One column of tables over the page's whole width, even on landscape paper: the persona column takes
    16 % of it with up to six phases, 12 % with more, and the phases share the rest equally."""
    names = [f"P{i}" for i in range(count)]
    journey_map = make_map([{"id": "nps", "name": "NPS"}],
                           [{"metric": "nps", "phase": f"ph{i}", "value": i} for i in range(count)], names)
    table = lay_out(journey_map, size=size)[0].tables()[0]
    width = size[0] / page_scale(size) - 2 * MARGIN
    share = 0.16 if count <= 6 else 0.12
    for row in table:
        assert row[0].x == pytest.approx(MARGIN)
        assert [box.width for box in row] == pytest.approx([width * share] + [width * (1 - share) / count] * count)
        assert [box.x for box in row[1:]] == pytest.approx([box.x + box.width for box in row[:-1]])


# --- the figures -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("unit", ["", "%", " ", "k€ "])
def test_figures_are_written_as_everywhere_else_to_two_decimals_with_their_unit(language, unit):
    """A value and its target read as the badges and the workbook write them (``kpis.format_figure``):
    at most two decimals, no "-0", a whole number without decimals, the unit after it, no stray spaces."""
    figures = [(-0.001, 0), (1.2345, 1.5), (2.5, 2.0), (1e6, 999999.994), (-3.0, -2.999), (None, 7.25)]
    journey_map = make_map([{"id": "m", "name": "M", "unit": unit}],
                           [{"metric": "m", "phase": f"ph{i % 3}", "persona": [None, "ann", "ben"][i // 3],
                             "value": value, "target": target} for i, (value, target) in enumerate(figures)])
    words = catalogue(language)
    table = lay_out(journey_map, language)[0].tables()[0]
    cells = {(row[0].lines[0], k): box.lines[0] for row in table[1:] for k, box in enumerate(row[1:])}
    owners = [words.gettext("All personas"), "Ann Ahn", "Ben Berg"]
    for i, (value, target) in enumerate(figures):
        wanted = f"{format_figure(value, unit, words)} / {format_figure(target, unit, words)}"
        assert cells[(owners[i // 3], i % 3)] == wanted, (value, target)
    shown = {"en": ["0 / 0", "1.23 / 1.5", "2.5 / 2", "1,000,000 / 999,999.99", "-3 / -3", "– / 7.25"],
             "de": ["0 / 0", "1,23 / 1,5", "2,5 / 2", "1.000.000 / 999.999,99", "-3 / -3", "– / 7,25"]}[language]
    unit_text = f" {unit.strip()}" if unit.strip() else ""
    assert [cells[(owners[i // 3], i % 3)] for i in range(len(figures))] == [
        " / ".join(part if part == "–" else part + unit_text for part in pair.split(" / ")) for pair in shown]


# --- pages -------------------------------------------------------------------------------------------


def test_a_long_table_continues_on_the_next_page_with_its_header_and_every_row_once_in_order():
    personas = {f"p{i:02d}": f"Persona {i:02d}" for i in range(60)}
    journey_map = make_map([{"id": "nps", "name": "NPS"}, {"id": "csat", "name": "CSAT", "unit": "%"}],
                           [{"metric": metric, "phase": f"ph{i % 3}", "persona": pid, "value": i, "target": 30}
                            for metric in ("nps", "csat") for i, pid in enumerate(personas)],
                           personas=personas)
    pages = lay_out(journey_map)
    assert len(pages) >= 3
    title = [page.free_texts()[0].text for page in pages]
    assert title == ["KPIs"] + ["KPIs (continued)"] * (len(pages) - 1)
    rows = []
    for page in pages:
        for table in page.tables():
            assert contents(table)[0] == [["Persona"], ["Awareness"], ["Purchase"], ["Use"]]
            rows += [row[0].lines[0] for row in table[1:]]
    assert rows == list(personas.values()) * 2
    free = [text.text for page in pages for text in page.free_texts()]
    assert free.count("NPS") == 1 and free.count("CSAT") == 1 and free.count("unit: % · higher is better") == 1


@pytest.mark.parametrize("height", [float(h) for h in range(300, 420, 3)])
def test_a_metric_heading_is_never_left_at_a_page_foot_without_its_unit_line_and_table(height):
    """Whatever the paper's height, each heading is on the page where its unit line and its table's header
    and first row are."""
    journey_map = make_map(
        [{"id": f"m{i}", "name": f"Metric {i}", "unit": "%"} for i in range(4)],
        [{"metric": f"m{i}", "phase": f"ph{k}", "persona": owner, "value": i + k, "target": 2,
          "date": "2026-05-04"}
         for i in range(4) for k, owner in enumerate([None, "ann", "ben"][: i + 1])])
    pages = lay_out(journey_map, size=(portrait(A4)[0], height))
    seen = []
    for page in pages:
        free = page.free_texts()
        tables = page.tables()
        for text in free:
            if text.text.startswith("Metric "):
                seen.append(text.text)
                unit = [other for other in free if other.text == "unit: % · higher is better"
                        and other.top > text.top]
                below = [table for table in tables if table[0][0].y > text.top and len(table) >= 2]
                assert unit and below, (height, text.text)
    assert seen == [f"Metric {i}" for i in range(4)]


# --- the summary's KPI table -------------------------------------------------------------------------


def summary_map() -> JourneyMap:
    """Two metrics with values listed against the order of metrics, phases and owners; one value has neither
    a value nor a target (only a date) and is left out of the summary."""
    values = [{"metric": "churn", "phase": "ph1", "persona": "ann", "value": 4.2, "target": 5},
              {"metric": "nps", "phase": "ph2", "persona": "cem", "value": 38, "target": 40},
              {"metric": "nps", "phase": "ph2", "persona": "ann", "value": 45, "target": 40},
              {"metric": "nps", "phase": "ph2", "target": 40},
              {"metric": "nps", "phase": "ph0", "persona": "ben", "date": "2026-02-02"},
              {"metric": "nps", "phase": "ph1", "value": 50},
              {"metric": "nps", "phase": "ph0", "value": 32, "target": 40},
              {"metric": "churn", "phase": "ph0", "value": 7.5, "target": 5}]
    return make_map([{"id": "nps", "name": "NPS"}, {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
                    values)


SUMMARY_ROWS = {
    "en": [["Metric", "Phase", "Actual / target", "Target status"],
           ["NPS", "Awareness", "32 / 40", "▼ target missed"],
           ["NPS", "Purchase", "50", "– no value or no target"],
           ["NPS", "Use", "– / 40", "– no value or no target"],
           ["NPS", "Use (Ann Ahn)", "45 / 40", "▲ target met"],
           ["NPS", "Use (Cem Cakir)", "38 / 40", "▼ target missed"],
           ["Churn", "Awareness", "7.5 % / 5 %", "▼ target missed"],
           ["Churn", "Purchase (Ann Ahn)", "4.2 % / 5 %", "▲ target met"]],
    "de": [["Kennzahl", "Phase", "Ist / Ziel", "Zielstatus"],
           ["NPS", "Awareness", "32 / 40", "▼ Ziel verfehlt"],
           ["NPS", "Purchase", "50", "– kein Wert oder kein Ziel"],
           ["NPS", "Use", "– / 40", "– kein Wert oder kein Ziel"],
           ["NPS", "Use (Ann Ahn)", "45 / 40", "▲ Ziel erreicht"],
           ["NPS", "Use (Cem Cakir)", "38 / 40", "▼ Ziel verfehlt"],
           ["Churn", "Awareness", "7,5 % / 5 %", "▼ Ziel verfehlt"],
           ["Churn", "Purchase (Ann Ahn)", "4,2 % / 5 %", "▲ Ziel erreicht"]],
}


def summary_kpi_parts(pages: list[Page]) -> list[tuple[Page, list[list[Box]]]]:
    """The parts of the table under "KPIs against target" (its header starts with "Metric"), with their pages."""
    metric = SUMMARY_ROWS["de"][0][0]
    return [(page, table) for page in pages for table in page.tables()
            if table[0][0].lines and table[0][0].lines[0] in ("Metric", metric)]


def summary_kpi_table(pages: list[Page]) -> tuple[Page, list[list[Box]]]:
    """The page and the table under "KPIs against target", in one piece."""
    found = summary_kpi_parts(pages)
    assert len(found) == 1, [contents(table)[0] for page in pages for table in page.tables()]
    return found[0]


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_summary_lists_each_kpi_figure_by_metric_then_phase_then_for_all_before_each_persona(language):
    """Every value with a figure or a target, in the metrics' order, then the phases', the value for all first
    and then the personas'; a persona's own value names the persona after the phase; a value with neither
    figure nor target is left out."""
    pages = lay_out(summary_map(), language, page="summary")
    page, table = summary_kpi_table(pages)
    assert [[" ".join(box.lines) for box in row] for row in table] == SUMMARY_ROWS[language]
    heading = catalogue(language).gettext("KPIs against target")
    above = [text for text in page.free_texts() if text.bottom <= table[0][0].y + EPS]
    assert above[-1].text == heading and above[-1].size == HEADING_PT


def test_the_summarys_status_column_is_tinted_by_status_and_the_other_columns_are_not():
    _page, table = summary_kpi_table(lay_out(summary_map(), page="summary"))
    tint = {status: colors[0].upper() for status, colors in STATUS_COLORS.items()}
    statuses = ["missed", "open", "open", "met", "missed", "missed", "met"]
    assert [[box.fill for box in row] for row in table[1:]] == [[None, None, None, tint[s]] for s in statuses]
    assert all(box.fill == palette.LANE_HEADER_FILL.upper() for box in table[0])


@pytest.mark.parametrize("size", [portrait(A4), (portrait(A4)[0], 1400.0)])
def test_the_summarys_kpi_table_spans_its_column_metric_and_phase_wider_than_the_figures(size):
    """Metric and phase take 26 % of the column each, the figures and the status 24 % each."""
    pages = lay_out(summary_map(), size=size, page="summary")
    _page, table = summary_kpi_table(pages)
    width = size[0] / page_scale(size) - 2 * MARGIN
    for row in table:
        assert row[0].x == pytest.approx(MARGIN)
        assert [box.width for box in row] == pytest.approx([width * share for share in (0.26, 0.26, 0.24, 0.24)])


@pytest.mark.parametrize("kpis", [None, {"metrics": [{"id": "nps", "name": "NPS"}], "values": []},
                                  {"metrics": [{"id": "nps", "name": "NPS"}],
                                   "values": [{"metric": "nps", "phase": "ph0", "date": "2026-01-01"}]}])
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_summary_without_kpi_figures_says_so_under_its_heading(kpis, language):
    journey_map = summary_map().model_copy(update={"kpis": None if kpis is None else Kpis.model_validate(kpis)})
    words = catalogue(language)
    free = lay_out(journey_map, language, page="summary")[0].free_texts()
    texts = [text.text for text in free]
    at = texts.index(words.gettext("KPIs against target"))
    assert texts[at + 1] == words.gettext("No KPIs recorded")
    assert free[at + 1].color == palette.MUTED_TEXT
    assert not [table for table in lay_out(journey_map, language, page="summary")[0].tables()
                if table[0][0].lines[0] == words.gettext("Metric")]


@pytest.mark.parametrize("height", [float(h) for h in range(336, 480, 3)])
def test_the_summarys_kpi_heading_stays_with_the_start_of_its_table(height):
    """Whatever the paper's height, "KPIs against target" is on the page of its table's header and first row,
    also when that row is several lines high (a long metric name)."""
    journey_map = summary_map()
    journey_map.kpis.metrics[0].name = LONG_NAME
    pages = lay_out(journey_map, size=(portrait(A4)[0], height), page="summary")
    parts = summary_kpi_parts(pages)
    page, table = parts[0]
    assert len(table) >= 2 and len(table[1][0].lines) >= 3
    assert any(text.text == "KPIs against target" and text.top < table[0][0].y for text in page.free_texts())
    rows = [[" ".join(box.lines) for box in row] for _page, part in parts for row in part[1:]]
    wanted = [[LONG_NAME if row[0] == "NPS" else row[0], *row[1:]] for row in SUMMARY_ROWS["en"][1:]]
    assert rows == wanted  # continued after a page break with the header again, every row once


LONG_NAME = "Net promoter score of the whole onboarding journey, asked one week after the first delivery"


def test_in_the_summary_the_value_for_all_comes_before_any_personas_whatever_their_ids():
    """Persona ids may start with a digit or a capital: the value for all personas still leads its phase."""
    personas = {"0a": "Zero Ahn", "Zed": "Zed Zorn", "b-2": "Bea Bell"}
    values = [{"metric": "nps", "phase": f"ph{k}", "persona": pid, "value": 10 + k, "target": 10}
              for k, pid in enumerate(personas)]
    values += [{"metric": "nps", "phase": f"ph{k}", "value": k, "target": 10} for k in range(3)]
    journey_map = make_map([{"id": "nps", "name": "NPS"}], values, personas=personas)
    _page, table = summary_kpi_table(lay_out(journey_map, page="summary"))
    assert [row[1].lines[0] for row in table[1:]] == [
        "Awareness", "Awareness (Zero Ahn)", "Purchase", "Purchase (Zed Zorn)", "Use", "Use (Bea Bell)"]


# --- a heading kept with what follows it, measured ------------------------------------------------------

LONG_PHASES = ["Comparing the offers of three providers in detail", "Signing the contract and paying the deposit",
               "First weeks of use with the support team", "Renewal talks with the account manager",
               "Recommending the service to colleagues"]


def tall_map() -> JourneyMap:
    """Metrics whose tables have a tall header (long phase names) and first rows of three lines (dated values),
    one metric without values between them."""
    metrics = [{"id": f"m{i}", "name": f"Metric {i}", "unit": "%"} for i in range(4)]
    values = [{"metric": f"m{i}", "phase": f"ph{k}", "persona": owner, "value": i + k, "target": 2,
               "date": "2026-05-04"}
              for i in (0, 1, 3) for k, owner in enumerate([None, "ann", "ben"][: i + 1])]
    return make_map(metrics, values, phases=LONG_PHASES)


def recorded_heading_keeps(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """What each heading drawn from now on asks to keep below it, by its text (``Flow.heading`` recorded)."""
    from app.export import page_flow

    kept: dict[str, float] = {}
    heading = page_flow.Flow.heading

    def recording(self, text, keep=3 * page_flow.BODY_PT * LINE_SPACING):
        kept[text] = keep
        return heading(self, text, keep)

    monkeypatch.setattr(page_flow.Flow, "heading", recording)
    return kept


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("phases", ["short", "long"])
def test_a_heading_is_kept_with_exactly_its_unit_line_and_its_tables_header_and_first_row(monkeypatch, language,
                                                                                             phases):
    """What a metric's heading asks to keep below it is what is printed there: its unit line, 3 points, and the
    table's header and first row as drawn (or the line saying there are no values), however tall they are."""
    kept = recorded_heading_keeps(monkeypatch)
    journey_map = tall_map() if phases == "long" else kpi_map()
    (page,) = lay_out(journey_map, language, size=(portrait(A4)[0], 5000.0))  # one page: nothing is split
    free, tables = page.free_texts(), page.tables()
    names = [metric.name for metric in journey_map.kpis.metrics]
    headings = [text for text in free if text.text in names]
    assert [text.text for text in headings] == names
    for index, text in enumerate(headings):
        unit = free[free.index(text) + 1]
        below = [table for table in tables if text.top < table[0][0].y
                 and (index + 1 == len(headings) or table[0][0].y < headings[index + 1].top)]
        if below:
            (table,) = below
            lead = table[0][0].height + table[1][0].height
        else:  # the line that says so
            lead = free[free.index(text) + 2].bottom - free[free.index(text) + 2].top
        assert kept[text.text] == pytest.approx(unit.bottom - unit.top + 3 + lead), text.text
    assert phases == "short" or max(kept.values()) > 90  # taller than any fixed guess of a few lines


def test_a_heading_above_a_tall_table_start_is_never_left_at_a_page_foot():
    """Long phase names wrap the table's header over several lines and dated values make rows of three: the
    heading still goes to the page where its unit line and the table's header and first row are, on every
    paper height from 250 to 560 points (a fixed guess of 80 points left it alone at 266, 341, 342, 528)."""
    journey_map = tall_map()
    for height in range(250, 561):
        pages = lay_out(journey_map, size=(portrait(A4)[0], float(height)))
        seen = []
        for page in pages:
            free, tables = page.free_texts(), page.tables()
            for text in free:
                if text.text.startswith("Metric "):
                    seen.append(text.text)
                    unit = [other for other in free if other.text.startswith("unit: %") and other.top > text.top]
                    below = [table for table in tables if table[0][0].y > text.top and len(table) >= 2]
                    nothing = [other for other in free if other.text == "No values recorded" and other.top > text.top]
                    assert unit and (below or nothing), (height, text.text)
        assert seen == [f"Metric {i}" for i in range(4)], height
