"""The insight pages' persona legend (``app.export.insight_charts.legend_block``) and emotion chart
(``emotion_chart``) as a reader of the PDF sees them.

The legend: every persona in order, each a line sample in the persona's colour, dash and line width (the
chart's curve's) with its marker, then the name 6 pt after the sample, in 7.5 pt type. Each entry is
counted as the sample (30 pt), 6 pt, the widest name (at most 200 pt of it) and 14 pt before the next
entry; the legend has as many equal columns as such entries fit side by side (at least one, at most one per
persona), filled row by row. A name wraps exactly when it would come nearer than 8 pt to its column's end;
a row is as tall as its longest name plus 3 pt, and the drawing as tall as its rows.

The chart: a grid line per score, +2 at the top 6 pt below the drawing's top, −2 10 pt above the phase
names, which end at the drawing's bottom; each line labelled with its score, centred on it and ending 4 pt
before it, the widest label starting 2 pt in from the drawing's left; the lines running to the drawing's right
edge; each phase's name in its column, on one line when it fits, and each persona's points on the line of
their score. Drawn on the recording canvas of ``tests.test_mutation_chart_markers`` (design points, y down).
"""

from __future__ import annotations

import math

import pytest
from reportlab.lib.pagesizes import A4, portrait

from app.export.insight_charts import DASH_ARRAYS, SAMPLE_WIDTH, emotion_chart, legend_block
from app.export.page_flow import LINE_SPACING, SMALL_PT, Flow
from app.i18n import catalogue
from app.insight import comparison
from app.layout import TextWrapper, palette, score_label
from app.model import MAX_SCORE, MIN_SCORE, EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_chart_markers import ShapeCanvas, check_shape, is_marker
from tests.test_mutation_kpi_page import _metrics

X, Y = 30.0, 50.0
EPS = 1e-6
NAME_PT = SMALL_PT + 0.5  # the legend's names, as the notes under the chart
LINE = NAME_PT * LINE_SPACING
NAME_GAP = 6.0  # from the sample to the name
ENTRY_GAP = 14.0  # after the widest name, before the next entry
END_GAP = 8.0  # the least room between a name and its column's end
ROW_GAP = 3.0
COUNTED = 200.0  # the most of a name's width that widens the entries

NAMES = {
    "en": ["Ann", "Business traveller with a tight schedule", "Bob", "First-time buyer", "Lee",
           "Retired teacher who rarely shops online", "Max", "Procurement officer of a large public hospital"],
    "de": ["Anna", "Geschäftsreisende mit knappem Zeitplan", "Jörg", "Erstkäuferin", "Lea",
           "Pensionierter Lehrer, der selten online einkauft", "Maximilian",
           "Beschaffungsverantwortliche eines großen öffentlichen Krankenhauses"],
}
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


class EntryCanvas(ShapeCanvas):
    """Notes, for each line drawn, how many text lines were drawn before it: a legend entry's name lines are
    those drawn after its sample and before the next sample."""

    def __init__(self) -> None:
        super().__init__()
        self.texts_before: list[int] = []

    def line(self, x1, y1, x2, y2):
        self.texts_before.append(len(self.texts))
        return super().line(x1, y1, x2, y2)


def wrapper(language: str = "en") -> TextWrapper:
    return TextWrapper(_metrics(), catalogue(language))


def make_flow(language: str = "en") -> Flow:
    return Flow(wrapper(language), portrait(A4), "Persona comparison", "", "Map")


def persona_map(names: list[str], phases: list[str] | None = None, scores: list[list[int | None]] | None = None
                ) -> JourneyMap:
    phase_names = phases if phases is not None else ["Awareness", "Purchase"]
    people = [Persona(id=f"p{k}", name=name, color=COLORS[k % len(COLORS)]) for k, name in enumerate(names)]
    table = scores if scores is not None else [[(k + i) % 5 - 2 for i in range(len(phase_names))]
                                               for k in range(len(names))]
    points = [EmotionPoint(persona=f"p{k}", phase=f"ph{i}", score=score)
              for k in range(len(names)) for i, score in enumerate(table[k]) if score is not None]
    return JourneyMap(id="legend", title="Map", phases=[Phase(id=f"ph{i}", name=n) for i, n in enumerate(phase_names)],
                      lanes=[Lane(id="e", name="Feelings", kind="emotions")], personas=people, emotions=points)


def draw_legend(names: list[str], width: float, language: str = "en"):
    """The legend of personas named ``names``: the drawing, its curves and per entry (sample, marker, lines)."""
    curves = comparison.curves(persona_map(names))
    drawing = legend_block(make_flow(language), curves, width)
    canvas = EntryCanvas()
    drawing.draw(canvas, X, Y)
    at = [i for i, s in enumerate(canvas.shapes) if s.call == "line"]
    assert len(at) == len(curves)
    ends = [*canvas.texts_before[1:], len(canvas.texts)]
    entries = []
    for k, i in enumerate(at):
        markers = [s for s in canvas.shapes[i + 1:at[k + 1] if k + 1 < len(at) else len(canvas.shapes)]
                   if is_marker(s)]
        entries.append((canvas.shapes[i], markers, canvas.texts[canvas.texts_before[k]:ends[k]]))
    return drawing, curves, entries


def entry_width(names: list[str], language: str = "en") -> float:
    widest = max(wrapper(language).measure(name, NAME_PT) for name in names)
    return SAMPLE_WIDTH + NAME_GAP + min(widest, COUNTED) + ENTRY_GAP


def curve_line_width() -> float:
    """The emotion chart's curves' line width: the legend's samples are drawn as thick."""
    curves = comparison.curves(persona_map(["Ann"]))
    canvas = ShapeCanvas()
    emotion_chart(make_flow(), curves, comparison.spreads(persona_map(["Ann"])), 400.0, 200.0).draw(canvas, X, Y)
    widths = {s.line_width for s in canvas.shapes if s.call == "path" and not s.fill}
    assert len(widths) == 1
    return widths.pop()


def check_legend(names: list[str], width: float, language: str = "en") -> int:
    """Checks everything the module's docstring says of the legend; returns its number of columns."""
    drawing, curves, entries = draw_legend(names, width, language)
    measure = wrapper(language).measure
    thick = curve_line_width()
    columns = max(1, min(len(names), math.floor(width / entry_width(names, language))))
    column = width / columns
    assert len({round(sample.corners[0][0], 6) for sample, _, _ in entries}) == columns
    top = Y
    rows = math.ceil(len(names) / columns)
    for r in range(rows):
        row = entries[r * columns:(r + 1) * columns]
        for k, (curve, (sample, markers, lines)) in enumerate(zip(curves[r * columns:], row, strict=False)):
            left = X + k * column
            (x1, y1), (x2, y2) = sample.corners
            # the sample: the persona's colour, dash and line width, at the column's left, middle of the first line
            assert (x1, x2) == pytest.approx((left, left + SAMPLE_WIDTH))
            assert y1 == y2 == pytest.approx(top + LINE / 2)
            assert sample.stroke_color == curve.style.color.upper()
            assert sample.dash == tuple(DASH_ARRAYS[curve.style.dash])
            assert sample.line_width == thick
            assert len(markers) == 1
            check_shape(curve.style.marker, markers[0], ((x1 + x2) / 2, y1), curve.style.color, thick)
            # the name: all of it, in order, 6 pt after the sample, line under line, within its column
            assert "".join("".join(t.text for t in lines).split()) == "".join(curve.persona.name.split())
            assert [t.x for t in lines] == pytest.approx([left + SAMPLE_WIDTH + NAME_GAP] * len(lines))
            assert [t.top for t in lines] == pytest.approx([top + j * LINE for j in range(len(lines))])
            room = column - SAMPLE_WIDTH - NAME_GAP - END_GAP
            for t in lines:
                assert (t.size, t.color, t.bold) == (NAME_PT, palette.TEXT, False)
                assert measure(t.text, NAME_PT) <= room + EPS, t.text
            # wrapped only when needed: it fits on one line exactly when it is no wider than the room
            assert (len(lines) == 1) == (measure(curve.persona.name, NAME_PT) <= room + EPS), curve.persona.name
        top += max(len(lines) for _, _, lines in row) * LINE + ROW_GAP
    assert drawing.height() == pytest.approx(top - Y)
    return columns


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("personas", range(1, 9))
@pytest.mark.parametrize("width", [150.0, 300.0, 515.0, 800.0])
def test_the_legend_shows_every_persona_in_columns_that_fit(language, personas, width):
    check_legend(NAMES[language][:personas], width, language)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("personas", [1, 2, 3, 5, 8])
def test_the_legend_has_as_many_columns_as_entries_fit(language, personas):
    """Just wide enough for k entries: k columns; a hair short of k + 1: still k (never more than personas)."""
    names = [name for name in NAMES[language] if wrapper(language).measure(name, NAME_PT) < COUNTED][:personas]
    names = (names * 8)[:personas]
    entry = entry_width(names, language)
    for k in range(1, 6):
        assert check_legend(names, k * entry + 0.5, language) == min(k, personas)
        assert check_legend(names, (k + 1) * entry - 0.5, language) == min(k, personas)
    assert check_legend(names, entry - 0.5, language) == 1


@pytest.mark.parametrize("language", ["en", "de"])
def test_names_wider_than_200_points_count_as_200(language):
    long = " ".join(NAMES[language][1:8:2] * 2)
    assert wrapper(language).measure(long, NAME_PT) > COUNTED + 50
    names = ["Ann", long, "Bob", "Lee"]
    entry = SAMPLE_WIDTH + NAME_GAP + COUNTED + ENTRY_GAP
    for k in (1, 2, 3):
        assert check_legend(names, k * entry + 0.5, language) == k
        assert check_legend(names, (k + 1) * entry - 0.5, language) == k


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_name_wraps_exactly_when_it_does_not_fit(language):
    for name in NAMES[language]:
        if " " not in name:
            continue
        fit = wrapper(language).measure(name, NAME_PT) + SAMPLE_WIDTH + NAME_GAP + END_GAP
        _, _, [(_, _, lines)] = draw_legend([name], fit + 0.25, language)
        assert len(lines) == 1
        _, _, [(_, _, lines)] = draw_legend([name], fit - 0.25, language)
        assert len(lines) >= 2
        check_legend([name], fit - 0.25, language)


def test_an_empty_legend_takes_no_room_and_draws_nothing():
    drawing = legend_block(make_flow(), [], 400.0)
    assert drawing.height() == 0
    canvas = EntryCanvas()
    drawing.draw(canvas, X, Y)
    assert canvas.shapes == [] and canvas.texts == []


# --- the emotion chart ------------------------------------------------------------------------------------

PHASES = ["Awareness", "Consideration and comparison of the offers", "Purchase", "Delivery", "Use",
          "Kündigung und Wechsel zu einem anderen Anbieter"]


def draw_chart(phases: list[str], scores: list[list[int | None]], width: float, height: float):
    journey_map = persona_map([f"Persona {k}" for k in range(len(scores))], phases, scores)
    curves = comparison.curves(journey_map)
    drawing = emotion_chart(make_flow(), curves, comparison.spreads(journey_map), width, height)
    canvas = ShapeCanvas()
    drawing.draw(canvas, X, Y)
    return drawing, curves, canvas


@pytest.mark.parametrize("phases", [1, 2, 4, 6])
@pytest.mark.parametrize("width", [300.0, 515.0])
def test_the_chart_has_its_scale_phases_and_points_in_place(phases, width):
    names = PHASES[:phases]
    every = list(range(MIN_SCORE, MAX_SCORE + 1))
    scores = [[every[(k + i) % len(every)] for i in range(phases)] for k in range(3)]
    height = 220.0
    drawing, curves, canvas = draw_chart(names, scores, width, height)
    measure = wrapper().measure
    assert drawing.height() == pytest.approx(height)
    grid = [s for s in canvas.shapes if s.call == "line"]
    assert len(grid) == MAX_SCORE - MIN_SCORE + 1
    labels = [t for t in canvas.texts if t.text in {score_label(s) for s in every}]
    assert [t.text for t in labels] == [score_label(s) for s in every]
    phase_lines = [t for t in canvas.texts if t not in labels]
    names_top = min(t.top for t in phase_lines)
    assert max(t.bottom for t in phase_lines) == pytest.approx(Y + height)  # the names end at the bottom
    heights = {}
    for score, line, label in zip(every, grid, labels, strict=True):
        (x1, y1), (x2, y2) = line.corners
        assert y1 == y2
        heights[score] = y1
        assert x2 == pytest.approx(X + width)  # to the right edge
        assert label.x + measure(label.text, label.size) == pytest.approx(x1 - 4)
        assert (label.top + label.bottom) / 2 == pytest.approx(y1)
        assert label.size == SMALL_PT and label.color == palette.MUTED_TEXT
        assert line.dash == ((4, 3) if score == 0 else (1, 2))
    assert min(t.x for t in labels) == pytest.approx(X + 2)
    assert heights[MAX_SCORE] == pytest.approx(Y + 6)
    assert heights[MIN_SCORE] == pytest.approx(names_top - 10)
    spacing = {round(heights[s] - heights[s + 1], 6) for s in every[:-1]}
    assert len(spacing) == 1
    left = grid[0].corners[0][0]
    step = (X + width - left) / phases
    for i, name in enumerate(names):
        lines = [t for t in phase_lines if left + i * step <= t.x < left + (i + 1) * step]
        assert [t.x for t in lines] == pytest.approx([left + i * step + 2] * len(lines))
        assert "".join("".join(t.text for t in lines).split()) == "".join(name.split())
        for t in lines:
            assert measure(t.text, SMALL_PT) <= step - 4 + EPS
        assert (len(lines) == 1) == (measure(name, SMALL_PT) <= step - 4)
    # each persona's points: a marker on each (circles and squares centred on it), joined by its line
    markers = [s for s in canvas.shapes if is_marker(s)]
    assert len(markers) == len(curves) * phases
    paths = iter(s for s in canvas.shapes if s.call == "path" and not s.fill)
    for k, curve in enumerate(curves):
        centres = []
        for i, shape in enumerate(markers[k * phases:(k + 1) * phases]):
            xs, ys = [c[0] for c in shape.corners], [c[1] for c in shape.corners]
            cx = (min(xs) + max(xs)) / 2
            assert abs(cx - (left + (i + 0.5) * step)) <= step * 0.15 + EPS
            if curve.style.marker in ("circle", "square"):
                assert (min(ys) + max(ys)) / 2 == pytest.approx(heights[curve.scores[i]])
            centres.append(cx)
        if phases > 1:
            path = next(paths)
            assert [cy for _, cy in path.corners] == pytest.approx([heights[s] for s in curve.scores])
            assert [cx for cx, _ in path.corners] == pytest.approx(centres)


@pytest.mark.parametrize("phases", [1, 3])
def test_a_phase_name_that_fits_its_column_stays_on_one_line(phases):
    names = ["Awareness and first contact", "Purchase", "Use"][:phases]
    width = 400.0
    _, _, canvas = draw_chart(names, [[0] * phases], width, 200.0)
    phase_lines = [t for t in canvas.texts if t.size == SMALL_PT and t.color == palette.TEXT]
    assert sorted(t.text for t in phase_lines) == sorted(names)


def test_an_entry_a_hair_too_wide_does_not_make_a_column():
    """Widths one rounding step short of k entries (as the PDF adds them up): k - 1 columns, whose entries fit."""
    seen = 0
    for language in ("en", "de"):
        for personas in (3, 5, 8):
            names = [n for n in NAMES[language] if wrapper(language).measure(n, NAME_PT) < COUNTED][:personas]
            names = (names * 8)[:personas]
            entry = entry_width(names, language)
            for k in range(2, personas + 1):
                width = math.nextafter(k * entry, 0.0)
                columns = check_legend(names, width, language)
                assert columns * entry <= width
                seen += columns == k - 1
    assert seen > 0


def axis_room() -> float:
    _, _, canvas = draw_chart(["Use"], [[0]], 300.0, 200.0)
    return next(s for s in canvas.shapes if s.call == "line").corners[0][0] - X


@pytest.mark.parametrize("phases", [1, 3])
def test_a_phase_name_wraps_exactly_when_it_does_not_fit_its_column(phases):
    for name in ["Consideration of the offers", "Kündigung und Wechsel"]:
        fit = axis_room() + phases * (wrapper().measure(name, SMALL_PT) + 4)
        _, _, canvas = draw_chart([name] * phases, [[0] * phases], fit + 0.25 * phases, 200.0)
        assert [t.text for t in canvas.texts if t.color == palette.TEXT] == [name] * phases
        _, _, canvas = draw_chart([name] * phases, [[0] * phases], fit - 0.25 * phases, 200.0)
        assert len([t for t in canvas.texts if t.color == palette.TEXT]) >= 2 * phases


def grid_of(canvas: ShapeCanvas):
    return [s for s in canvas.shapes if s.call == "line"]


@pytest.mark.parametrize("phases", [1, 4])
def test_the_grid_is_hairlines_with_a_darker_zero_line(phases):
    _, _, canvas = draw_chart(PHASES[:phases], [[1] * phases], 400.0, 200.0)
    grid = grid_of(canvas)
    assert [(s.stroke_color, s.line_width) for s in grid] == [
        ("#9A9A9A" if score == 0 else "#E0E0E0", 0.5) for score in range(MIN_SCORE, MAX_SCORE + 1)]


def test_long_phase_names_leave_the_plot_40_points_and_the_chart_grows():
    names = [" ".join(["Beschaffungsverantwortliche Prüfung"] * 6)] * 8
    drawing, _, canvas = draw_chart(names, [[0] * 8], 400.0, 120.0)
    grid = grid_of(canvas)
    heights = [s.corners[0][1] for s in grid]  # from the lowest score up
    assert heights[-1] == pytest.approx(Y + 6) and heights[0] == pytest.approx(Y + 40 - 6)
    phase_lines = [t for t in canvas.texts if t.color == palette.TEXT]
    assert min(t.top for t in phase_lines) == pytest.approx(Y + 40 + 4)
    assert drawing.height() == pytest.approx(max(t.bottom for t in phase_lines) - Y)
    assert drawing.height() > 120.0


def test_a_chart_of_no_phases_keeps_the_room_of_one_line_of_names():
    one = draw_chart(["Use"], [[0]], 400.0, 200.0)[2]
    drawing = emotion_chart(make_flow(), [], [], 400.0, 200.0)
    assert drawing.height() == pytest.approx(200.0)
    canvas = ShapeCanvas()
    drawing.draw(canvas, X, Y)
    assert [s.corners[0][1] for s in grid_of(canvas)] == pytest.approx([s.corners[0][1] for s in grid_of(one)])


BAND = "#E4E7EB"  # the grey of the spread bands

# per persona (rows) its score in each of six phases (None: no point); phase 0 one point, 1 none, 2 two equal,
# 3 two apart, 4 three, 5 all four
SPREAD_SCORES = [[2, None, 0, -2, 1, 2], [None, None, 0, 1, -1, -2], [None, None, None, None, 2, 0],
                 [None, None, None, None, None, 1]]


@pytest.mark.parametrize("width", [160.0, 300.0, 900.0])  # bands narrower than 40 pt, and 40 pt wide
def test_a_grey_band_spans_each_phase_of_two_points_or_more(width):
    _, _, canvas = draw_chart(PHASES[:6], SPREAD_SCORES, width, 220.0)
    grid = grid_of(canvas)
    heights = {score: line.corners[0][1] for score, line in zip(range(MIN_SCORE, MAX_SCORE + 1), grid, strict=True)}
    left = grid[0].corners[0][0]
    step = (X + width - left) / 6
    bands = [s for s in canvas.shapes if s.call == "rect" and s.fill and not s.stroke]
    assert all(s.fill_color == BAND for s in bands)
    expected = []
    for i in range(6):
        scores = [row[i] for row in SPREAD_SCORES if row[i] is not None]
        if len(scores) < 2:
            continue
        band = min(step / 2, 40.0)
        centre = left + (i + 0.5) * step
        top, bottom = heights[max(scores)] - 5, heights[min(scores)] + 5
        expected.append([(centre - band / 2, top), (centre + band / 2, top), (centre + band / 2, bottom),
                         (centre - band / 2, bottom)])
    assert len(bands) == len(expected)
    for shape, corners in zip(bands, expected, strict=True):
        assert [c for corner in shape.corners for c in corner] == pytest.approx([c for xy in corners for c in xy])
    first_curve = next(i for i, s in enumerate(canvas.shapes) if s.call == "path" and not s.fill)
    assert all(canvas.shapes.index(b) < first_curve for b in bands)  # under the curves


@pytest.mark.parametrize("personas", [1, 2, 3, 6])
@pytest.mark.parametrize("width", [120.0, 400.0])
def test_the_personas_points_stand_side_by_side_in_persona_order(personas, width):
    """Equal scores do not hide each other: the personas' points in a phase are spread evenly, first persona
    leftmost, over 0.3 of the phase's width or 3 pt per persona, whichever is less; a lone persona's on the
    phase's middle."""
    phases = 3
    _, _, canvas = draw_chart(PHASES[:phases], [[0] * phases] * personas, width, 200.0)
    left = grid_of(canvas)[0].corners[0][0]
    step = (X + width - left) / phases
    paths = [s for s in canvas.shapes if s.call == "path" and not s.fill]
    assert len(paths) == personas
    spread = min(step * 0.3, 3.0 * personas) if personas > 1 else 0.0
    for order, path in enumerate(paths):
        offset = (order / (personas - 1) - 0.5) * spread if personas > 1 else 0.0
        assert [cx for cx, _ in path.corners] == pytest.approx([left + (i + 0.5) * step + offset
                                                                 for i in range(phases)])


def test_a_curve_breaks_where_a_phase_has_no_point_and_a_lone_point_is_only_a_marker():
    scores = [[1, None, -1, 2, None, 0], [None, 2, 2, None, -2, -2]]
    _, _, canvas = draw_chart(PHASES[:6], scores, 500.0, 200.0)
    grid = grid_of(canvas)
    heights = {score: line.corners[0][1] for score, line in zip(range(MIN_SCORE, MAX_SCORE + 1), grid, strict=True)}
    paths = [s for s in canvas.shapes if s.call == "path" and not s.fill]
    assert [[round(cy, 6) for _, cy in p.corners] for p in paths] == [
        [round(heights[-1], 6), round(heights[2], 6)],
        [round(heights[2], 6), round(heights[2], 6)], [round(heights[-2], 6), round(heights[-2], 6)]]
    assert all(p.stroke for p in paths)
    assert len([s for s in canvas.shapes if is_marker(s)]) == 8
