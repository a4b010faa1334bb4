"""How large the emotion chart of the insight pages is, and what stays with it (``app.export.insight_pages``).

The chart (plot and phase names) is as tall as the column allows: at most 0.42 of the column's width, at most
220 points in the executive summary and 320 points on the persona comparison, and no taller than leaves its
legend and 60 points of an empty column free, but never under 120 points (a short sheet, a long legend). Its
heading is never left alone at a column's foot: the chart starts 3 points below it, whatever came before. The
note on the grey bands follows the legend 4 points below it.

The pages are drawn on the recording canvas of ``tests.test_mutation_kpi_page`` (lines of text with place,
size and colour), in design points, y down from the page's top. The sheets include custom banner paper
("297x110mm", as ``paper_size`` accepts it) on which the column's height decides the chart's.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from app.export.fonts import ReportlabMetrics
from app.export.page_flow import SMALL_PT, Flow
from app.export.pdf import paper_size
from app.i18n import catalogue
from app.layout import TextWrapper, palette
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Text, lay_out

EPS = 1e-3
MUTED = palette.MUTED_TEXT.upper()
WRAPPER = TextWrapper(ReportlabMetrics(), catalogue("en"))
PHASES = ["Awareness", "Purchase", "Use", "Leave"]
SCORES = [-2, -1, 0, 1, 2]
TITLES = {"summary": "Executive summary", "comparison": "Persona comparison"}
CAPS = {"summary": 220.0, "comparison": 320.0}
SIZES = {"A4": portrait(A4), "A4-landscape": landscape(A4), "A3-landscape": landscape(A3),
         "banner-110": paper_size("297x110mm"), "banner-120": paper_size("297x120mm"),
         "banner-150": paper_size("297x150mm")}


def make_map(personas: int, goal: str = "") -> JourneyMap:
    """``personas`` personas (one-line names), each feeling something in each of four phases."""
    people = [Persona(id=f"p{k}", name=f"Persona {k:02d}") for k in range(personas)]
    points = [EmotionPoint(persona=f"p{k}", phase=f"ph{i}", score=SCORES[(k + i) % 5])
              for k in range(personas) for i in range(len(PHASES))]
    return JourneyMap(id="emo", title="Onboarding", goal=goal,
                      phases=[Phase(id=f"ph{i}", name=name) for i, name in enumerate(PHASES)],
                      lanes=[Lane(id="e", name="Feelings", kind="emotions")], personas=people, emotions=points)


def chart_parts(journey_map: JourneyMap, page: str, size: tuple[float, float]):
    """The chart's heading, its score labels, phase names and legend lines, and the note (None: on the next
    page), as drawn."""
    for drawn in lay_out(journey_map, "en", size, page=page):
        texts = drawn.texts
        names = [t.text for t in texts]
        if "Emotions by phase" in names:
            start = names.index("Emotions by phase")
            end = next((i for i in range(start, len(texts)) if texts[i].text.startswith("Grey bands")), len(texts))
            inner = texts[start + 1:end]
            labels = sorted((t for t in inner if t.size == SMALL_PT and t.color == MUTED), key=lambda t: t.top)
            phases = [t for t in inner if t.size == SMALL_PT and t.color != MUTED]
            legend = [t for t in inner if t.size == SMALL_PT + 0.5]
            assert len(labels) + len(phases) + len(legend) == len(inner)
            return texts[start], labels, phases, legend, texts[end] if end < len(texts) else None
    raise AssertionError("no emotion chart")


def legend_height(legend: list[Text]) -> float:
    """A row of the legend is as tall as its lines and 3 points."""
    rows: dict[float, float] = {}
    for text in legend:
        rows[round(text.top, 3)] = max(rows.get(round(text.top, 3), 0.0), text.bottom)
    return sum(bottom - top + 3 for top, bottom in rows.items())


def column(page: str, size: tuple[float, float]) -> Flow:
    """An empty flow of the page: its column's width and height."""
    return Flow(WRAPPER, size, TITLES[page], "", "Onboarding", 1 if page == "comparison" else None)


@pytest.mark.parametrize("personas", [2, 14])
@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("page", ["summary", "comparison"])
def test_the_chart_is_as_tall_as_its_width_its_page_and_its_column_allow(page, size, personas):
    heading, labels, phases, legend, _note = chart_parts(make_map(personas), page, size)
    assert [t.text for t in labels] == ["+2", "+1", "0", "\N{MINUS SIGN}1", "\N{MINUS SIGN}2"]
    assert [t.text for t in phases] == PHASES
    assert [t.text for t in legend] == [f"Persona {k:02d}" for k in range(personas)]
    flow = column(page, size)
    legend_tall = legend_height(legend)
    expected = min(flow.width * 0.42, CAPS[page], max(flow.column_height - legend_tall - 60, 120.0))
    chart_top = heading.bottom + 3
    assert max(t.bottom for t in phases) - chart_top == pytest.approx(expected, abs=EPS)
    assert min(t.top for t in legend) == pytest.approx(chart_top + expected + 4, abs=EPS)


@pytest.mark.parametrize("size", [portrait(A4), landscape(A3)], ids=["A4", "A3-landscape"])
def test_the_summarys_chart_is_smaller_than_the_comparisons_on_wide_columns(size):
    """Both charts would be 0.42 of a wide column tall: the summary's stops at 220, the comparison's at 320."""
    assert column("summary", size).width * 0.42 > CAPS["summary"]
    heights = {}
    for page in ("summary", "comparison"):
        heading, _labels, phases, _legend, _note = chart_parts(make_map(3), page, size)
        heights[page] = max(t.bottom for t in phases) - heading.bottom - 3
    assert heights["summary"] == pytest.approx(220.0, abs=EPS)
    assert heights["comparison"] == pytest.approx(min(column("comparison", size).width * 0.42, 320.0), abs=EPS)


@pytest.mark.parametrize("personas", [2, 5, 14])
@pytest.mark.parametrize("size", [portrait(A4), landscape(A4), landscape(A3)],
                         ids=["A4", "A4-landscape", "A3-landscape"])
@pytest.mark.parametrize("page", ["summary", "comparison"])
def test_the_note_follows_the_legend_four_points_below(page, size, personas):
    heading, _labels, _phases, legend, note = chart_parts(make_map(personas), page, size)
    assert note is not None and note.x == heading.x and note.top > heading.top  # in the chart's column
    assert note.top == pytest.approx(min(t.top for t in legend) + legend_height(legend) + 4, abs=EPS)
    assert note.color == MUTED and note.size == SMALL_PT + 0.5


@pytest.mark.parametrize("size", [portrait(A4), landscape(A4)], ids=["A4", "A4-landscape"])
def test_the_charts_heading_is_never_left_alone_at_the_foot_of_a_column(size):
    """Whatever the goal's length, the chart starts 3 points below its heading, in the same column."""
    seen = set()
    for words in range(0, 1400, 20):
        goal = " ".join(f"word{i}" for i in range(words))
        heading, labels, _phases, _legend, _note = chart_parts(make_map(2, goal), "summary", size)
        assert labels and labels[0].x > heading.x
        # the top score line ("+2", the label centred on it) is 6 points into the chart
        assert labels[0].top - heading.bottom == pytest.approx(3 + 6 - SMALL_PT * 1.25 / 2, abs=EPS)
        seen.add(round(heading.top))
    assert len(seen) > 20  # the heading stood at many places in the column
