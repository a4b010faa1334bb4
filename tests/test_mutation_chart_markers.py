"""The persona curves' point markers (``app.export.insight_charts.marker``) as a reader of the insight pages
sees them: in the emotion chart on every point of a curve, and in the legend on the middle of each line sample.

Each persona's marker has a shape of its own (circle, square, triangle, diamond, cross, star), so the curves
are told apart in greyscale too: the shape is filled with the persona's colour and outlined thin and dark,
sits on its point (mirror-symmetric about the vertical through it; circle, square, diamond and cross also
centred on it up and down; triangle and star point up) and is about the marker's size. The drawings are
made by their callers (``emotion_chart``, ``legend_block``) on a canvas that records the shapes' corners,
in design points, y down.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pytest
from reportlab.lib.pagesizes import A4, portrait
from reportlab.pdfgen.pathobject import PDFPathObject

from app.export.insight_charts import MARKER_SIZE, emotion_chart, legend_block
from app.export.page_flow import Flow
from app.i18n import catalogue
from app.insight import comparison
from app.insight.comparison import MARKERS
from app.layout import TextWrapper
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import RecordingCanvas, _metrics, hex_of

OUTLINE = "#1F1F1F"
EPS = 1e-6
X, Y = 30.0, 50.0


@dataclass
class Shape:
    """One filled or stroked shape as drawn: its kind of call, corners (a circle: its centre) and paint."""

    call: str  # "circle", "rect", "path" or "line"
    corners: list[tuple[float, float]]
    radius: float
    stroke: bool
    fill: bool
    fill_color: str
    stroke_color: str
    line_width: float
    dash: tuple


class RecordingPath(PDFPathObject):
    def __init__(self) -> None:
        super().__init__()
        self.corners: list[tuple[float, float]] = []

    def moveTo(self, x, y):
        self.corners.append((x, y))
        return super().moveTo(x, y)

    def lineTo(self, x, y):
        self.corners.append((x, y))
        return super().lineTo(x, y)


class ShapeCanvas(RecordingCanvas):
    """Also notes every circle, rectangle, path and line with the paint it is drawn in (reportlab's defaults
    for what the caller leaves out)."""

    def __init__(self) -> None:
        super().__init__()
        self.shapes: list[Shape] = []
        self._stroke, self._width, self._dash = "", 1.0, ()

    def setStrokeColor(self, aColor, alpha=None):  # noqa: N803
        self._stroke = hex_of(aColor)
        return super().setStrokeColor(aColor, alpha)

    def setLineWidth(self, width):
        self._width = width
        return super().setLineWidth(width)

    def setDash(self, array=(), phase=0):
        self._dash = tuple(array) if isinstance(array, (list, tuple)) else (array, phase)
        return super().setDash(list(array) if isinstance(array, tuple) else array, phase)

    def _note(self, call, corners, stroke, fill, radius=0.0):
        self.shapes.append(Shape(call, corners, radius, bool(stroke), bool(fill), self._fill, self._stroke,
                                 self._width, self._dash))

    def circle(self, x_cen, y_cen, r, stroke=1, fill=0):
        self._note("circle", [(x_cen, y_cen)], stroke, fill, r)
        return super().circle(x_cen, y_cen, r, stroke, fill)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self._note("rect", [(x, y), (x + width, y), (x + width, y + height), (x, y + height)], stroke, fill)
        return super().rect(x, y, width, height, stroke, fill)

    def line(self, x1, y1, x2, y2):
        self._note("line", [(x1, y1), (x2, y2)], 1, 0)
        return super().line(x1, y1, x2, y2)

    def beginPath(self):
        return RecordingPath()

    def drawPath(self, aPath, stroke=1, fill=0, fillMode=None):  # noqa: N803
        self._note("path", list(aPath.corners), stroke, fill)
        return super().drawPath(aPath, stroke, fill, fillMode)


def is_marker(shape: Shape) -> bool:
    """The chart's other shapes are the curves (unfilled paths), the grey bands (unstroked rectangles) and
    the grid (lines); a marker is any other circle, rectangle or path."""
    return shape.call == "circle" or (shape.call == "rect" and shape.stroke) or (shape.call == "path" and shape.fill)


def emotion_map(personas: int, scores: list[list[int]]) -> JourneyMap:
    phases = [Phase(id=f"ph{i}", name=name) for i, name in enumerate(["Awareness", "Purchase", "Use", "Leave"])]
    colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    people = [Persona(id=f"p{k}", name=f"Persona {k}", color=colors[k % len(colors)]) for k in range(personas)]
    points = [EmotionPoint(persona=f"p{k}", phase=f"ph{i}", score=score)
              for k in range(personas) for i, score in enumerate(scores[k % len(scores)])]
    return JourneyMap(id="emo", title="Map", phases=phases, lanes=[Lane(id="e", name="Feelings", kind="emotions")],
                      personas=people, emotions=points)


SCORES = [[-2, 0, 2, 1], [2, 0, -1, -2], [0, 0, 0, 0], [1, -1, 1, -1], [-1, 2, 0, 2], [0, 1, -2, 0]]


def flow() -> Flow:
    words = catalogue("en")
    return Flow(TextWrapper(_metrics(), words), portrait(A4), "Persona comparison", "", "Map")


def chart_shapes(journey_map: JourneyMap, width: float = 520.0, height: float = 240.0) -> list[Shape]:
    curves = comparison.curves(journey_map)
    drawing = emotion_chart(flow(), curves, comparison.spreads(journey_map), width, height)
    canvas = ShapeCanvas()
    drawing.draw(canvas, X, Y)
    return canvas.shapes


def curves_and_markers(journey_map: JourneyMap):
    """Per persona (each with a point in every phase): its line's corners and the markers drawn after it."""
    shapes = chart_shapes(journey_map)
    curves = comparison.curves(journey_map)
    lines = [(i, s) for i, s in enumerate(shapes) if s.call == "path" and not s.fill]
    assert len(lines) == len(curves)
    for k, (curve, (at, line)) in enumerate(zip(curves, lines, strict=True)):
        end = lines[k + 1][0] if k + 1 < len(lines) else len(shapes)
        markers = [s for s in shapes[at + 1:end] if is_marker(s)]
        assert line.stroke_color == curve.style.color
        yield curve, line, markers


def mirrored(corners, x):
    return sorted((round(2 * x - cx, 6), round(cy, 6)) for cx, cy in corners)


def same(corners) -> list[tuple[float, float]]:
    return sorted((round(cx, 6), round(cy, 6)) for cx, cy in corners)


def check_shape(kind: str, shape: Shape, point: tuple[float, float], color: str, curve_width: float) -> None:
    """The marker ``kind`` at ``point``: its shape, place, size and paint (see the module's docstring)."""
    px, py = point
    size = MARKER_SIZE
    assert shape.fill and shape.stroke, kind
    assert shape.fill_color == color.upper() and shape.stroke_color == OUTLINE, kind
    assert 0 < shape.line_width < curve_width and shape.dash == (), kind  # a thin solid outline
    if shape.call == "circle":
        assert kind == "circle"
        (cx, cy), = shape.corners
        assert (cx, cy) == pytest.approx(point) and 0.75 * size <= shape.radius <= 1.35 * size
        return
    corners = shape.corners
    expected_calls = {"square": ("rect", 4), "triangle": ("path", 3), "diamond": ("path", 4),
                      "cross": ("path", 12), "star": ("path", 10)}
    assert (shape.call, len(corners)) == expected_calls[kind], kind
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    # about the marker's size: reaching 3/4 of it and at most 1.35 times it from the point, every way
    for reach in (px - min(xs), max(xs) - px, py - min(ys), max(ys) - py):
        assert 0.75 * size - EPS <= reach <= 1.35 * size + EPS, (kind, reach)
    assert mirrored(corners, px) == same(corners), kind  # mirror-symmetric about the point's vertical
    turned = same((2 * px - cx, 2 * py - cy) for cx, cy in corners)
    if kind in ("square", "diamond", "cross"):
        assert turned == same(corners), kind  # centred up and down too
        quarter = same((px - (cy - py), py + (cx - px)) for cx, cy in corners)
        assert (quarter == same(corners)) == (kind in ("square", "cross")), kind  # a square, a plus
    if kind == "diamond":  # corners straight above, below and beside the point, taller than wide
        assert sorted(round(c, 6) for c in xs) == sorted(round(c, 6) for c in [px, px, px - size, px + size])
        assert max(ys) - min(ys) > max(xs) - min(xs)
    if kind in ("triangle", "star"):  # pointing up: one topmost corner, straight above the point
        top = min(ys)
        apex = [c for c in corners if c[1] < top + EPS]
        assert len(apex) == 1 and apex[0][0] == pytest.approx(px), kind
        assert turned != same(corners), kind
    if kind == "triangle":  # about equilateral
        sides = [math.dist(a, b) for a, b in itertools.combinations(corners, 2)]
        assert max(sides) / min(sides) < 1.05
        assert min(ys) < py < max(ys)
    if kind == "star":  # five points: every 36° round the point, far and near by turns
        angles = [math.atan2(cy - py, cx - px) for cx, cy in corners]
        steps = {round(((b - a) % (2 * math.pi)) * 180 / math.pi, 6) % 360 for a, b in itertools.pairwise(angles)}
        assert steps in ({36.0}, {324.0})
        far = {round(math.dist(c, point), 6) for c in corners[::2]}
        near = {round(math.dist(c, point), 6) for c in corners[1::2]}
        assert len(far) == 1 and len(near) == 1 and far.pop() > 1.8 * near.pop()


@pytest.mark.parametrize("personas", [1, 2, 6, 7])
def test_every_point_of_every_curve_has_its_personas_marker_on_it(personas):
    journey_map = emotion_map(personas, SCORES)
    seen = set()
    for curve, line, markers in curves_and_markers(journey_map):
        assert len(line.corners) == 4 and len(markers) == 4
        for shape, point in zip(markers, line.corners, strict=True):
            check_shape(curve.style.marker, shape, point, curve.style.color, line.line_width)
        seen.add(curve.style.marker)
    assert len(seen) == min(personas, len(MARKERS))


def test_the_six_markers_differ_in_shape():
    shapes = {}
    for curve, line, markers in curves_and_markers(emotion_map(6, SCORES)):
        shape, point = markers[0], line.corners[0]
        shapes[curve.style.marker] = (shape.call, len(shape.corners),
                                      tuple(same((cx - point[0], cy - point[1]) for cx, cy in shape.corners)))
    assert sorted(shapes) == sorted(MARKERS)
    assert len(set(shapes.values())) == len(MARKERS)


@pytest.mark.parametrize("personas", [1, 6, 8])
def test_each_legend_entry_has_the_personas_marker_on_the_middle_of_its_line(personas):
    journey_map = emotion_map(personas, SCORES)
    curves = comparison.curves(journey_map)
    drawing = legend_block(flow(), curves, 400.0)
    canvas = ShapeCanvas()
    drawing.draw(canvas, X, Y)
    samples = [i for i, s in enumerate(canvas.shapes) if s.call == "line"]
    assert len(samples) == len(curves)
    for curve, at in zip(curves, samples, strict=True):
        sample = canvas.shapes[at]
        (x1, y1), (x2, y2) = sample.corners
        assert y1 == y2 and x2 > x1 and sample.stroke_color == curve.style.color.upper()
        marker = canvas.shapes[at + 1]
        assert is_marker(marker)
        check_shape(curve.style.marker, marker, ((x1 + x2) / 2, y1), curve.style.color, sample.line_width)
