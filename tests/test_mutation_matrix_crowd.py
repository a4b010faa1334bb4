"""Where the opportunity matrix (``app.export.insight_charts.opportunity_matrix``) puts its rotated value axis
name and the numbered boxes of a crowded cell, as a reader of the matrix page sees them.

The name "Value →" reads bottom to top in the band left of the grid, centred on the grid's height, clear of the
tick labels. The boxes of one value × effort cell fill rows of as many as fit across the cell, in the order of
their numbers; each row is centred across the cell and the rows together up and down, so a crowded cell stays
inside its square (unless the boxes are at their smallest); each box looks like a small opportunity card of
the poster and its number sits in its middle. Drawn on the recording canvas of
``tests.test_mutation_matrix_chart``, which also notes here the transformation each line is printed under.
"""

from __future__ import annotations

import itertools
import math

import pytest
from reportlab.lib.pagesizes import A2, A4, landscape, portrait

from app.export.insight_charts import opportunity_matrix
from app.export.insight_pages import InsightOptions, insight_pages
from app.export.page_flow import LINE_SPACING, SMALL_PT, Flow
from app.i18n import catalogue
from app.insight.priorities import ranked
from app.layout import TextWrapper, palette
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Box, hex_of
from tests.test_mutation_matrix_chart import MatrixCanvas, _metrics, grid_of, rated_map

X, Y = 40.0, 60.0
EPS = 1e-6


class CrowdCanvas(MatrixCanvas):
    """Also notes the edge colour and width of each numbered box and the transformation of each text line."""

    def __init__(self) -> None:
        super().__init__()
        self.edges: list[tuple[str, float]] = []
        self.matrices: list[tuple[float, ...]] = []
        self._stroke = ""

    def setStrokeColor(self, aColor, alpha=None):  # noqa: N803
        self._stroke = hex_of(aColor)
        return super().setStrokeColor(aColor, alpha)

    def roundRect(self, x, y, width, height, radius, stroke=1, fill=0):
        self.edges.append((self._stroke, self._width))
        return super().roundRect(x, y, width, height, radius, stroke, fill)

    def drawText(self, aTextObject):  # noqa: N803
        before = len(self.texts)
        result = super().drawText(aTextObject)
        self.matrices += [tuple(self._currentMatrix)] * (len(self.texts) - before)
        return result


def draw(cells: dict[tuple[int, int], int], side: float, language: str = "en"):
    words = catalogue(language)
    flow = Flow(TextWrapper(_metrics(), words), portrait(A4), "Opportunity matrix", "", "Map")
    items = [item for item in ranked(rated_map(cells)) if item.quadrant is not None]
    canvas = CrowdCanvas()
    opportunity_matrix(flow, items, words, side).draw(canvas, X, Y)
    return canvas, items


# --- the value axis' name ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("side", [120.0, 250.0, 432.0])
def test_the_value_axis_name_reads_upwards_left_of_the_grid_centred_on_it(language, side):
    words = catalogue(language)
    wrapper = TextWrapper(_metrics(), words)
    canvas, _items = draw({(5, 1): 1, (1, 5): 2}, side, language)
    left, top, grid = grid_of(canvas)
    name = f"{words.gettext('Value')} →"
    [(text, (a, b, c, d, e, f))] = [(t, m) for t, m in zip(canvas.texts, canvas.matrices, strict=True)
                                    if t.text == name]
    assert (a, b) == pytest.approx((0.0, -1.0), abs=EPS)  # the line runs up the page (y down)
    assert text.bold and text.size == SMALL_PT and text.color == palette.TEXT
    width = wrapper.measure(name, SMALL_PT, True)
    corners = [(a * u + c * v + e, b * u + d * v + f)
               for u, v in itertools.product((text.x, text.x + width), (text.top, text.bottom))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    assert (min(ys) + max(ys)) / 2 == pytest.approx(top + grid / 2)  # centred on the grid's height
    assert max(ys) - min(ys) == pytest.approx(width)
    assert min(xs) >= X - EPS  # inside the drawing, left of the grid and its tick labels
    others = [(t, m) for t, m in zip(canvas.texts, canvas.matrices, strict=True) if t is not text]
    assert all(m == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0) for _t, m in others)  # the rest is printed upright
    ticks = [t for t, _m in others if t.text.isdigit() and t.x < left]
    assert len(ticks) == 5
    assert max(xs) <= min(t.x for t in ticks) + EPS


# --- the numbered boxes -----------------------------------------------------------------------------


def boxes_by_cell(canvas: CrowdCanvas, items) -> dict[tuple[int, int], list[Box]]:
    """Each cell's boxes in the order of their numbers (found by the number printed in each box)."""
    numbers = [t for t in canvas.texts if t.bold and t.text.isdigit() and t.color == palette.TEXT]
    by_rank = {}
    for box in canvas.rounded:  # (at their smallest, boxes of neighbouring cells may overlap: the nearest)
        number = min(numbers, key=lambda t: abs(t.x - box.x) + abs(t.top - box.y))
        by_rank[int(number.text)] = (box, number)
    assert sorted(by_rank) == sorted(item.rank for item in items)
    cells: dict[tuple[int, int], list[Box]] = {}
    for item in items:
        cells.setdefault((item.card.value, item.card.effort), []).append(by_rank[item.rank])
    return cells


def check_boxes(canvas: CrowdCanvas, items) -> None:
    left, top, grid = grid_of(canvas)
    unit = grid / 5
    wrapper = TextWrapper(_metrics(), catalogue("en"))
    assert len(canvas.rounded) == len(items)
    fill, edge = palette.card_colors("opportunities")
    for box, (color, width) in zip(canvas.rounded, canvas.edges, strict=True):
        assert box.fill == fill.upper() and color == edge.upper() and 0 < width <= 1.0  # like a poster's card
    for (value, effort), drawn in boxes_by_cell(canvas, items).items():
        cx, cy = left + (effort - 1) * unit, top + (5 - value) * unit
        size = drawn[0][0].width
        rows = [list(row) for _y, row in itertools.groupby(drawn, key=lambda pair: round(pair[0].y, 6))]
        assert len({round(b.y, 6) for b, _n in drawn}) == len(rows)  # rows one after the other, in number order
        room = unit - 4  # the cell less 2 points each side; boxes 2 points apart
        for k, row in enumerate(rows):
            count = len(row)
            assert count == 1 or count * (size + 2) <= room + EPS, (value, effort, count)  # as many as fit
            if k < len(rows) - 1:
                assert (count + 1) * (size + 2) > room + EPS, (value, effort, count)  # ... and no fewer
                assert row[0][0].y < rows[k + 1][0][0].y
            xs = [b.x for b, _n in row]
            assert xs == sorted(xs)
            assert (row[0][0].x + row[-1][0].x + size) / 2 == pytest.approx(cx + unit / 2)  # centred across
        first, last = rows[0][0][0], rows[-1][0][0]
        assert (first.y + last.y + size) / 2 == pytest.approx(cy + unit / 2)  # the rows centred up and down
        if size > 9.0:
            assert all(cx < b.x and b.x + size < cx + unit and cy < b.y and b.y + size < cy + unit
                       for b, _n in drawn), (value, effort)
        for box, number in drawn:  # the number in the box's middle
            width = wrapper.measure(number.text, number.size, True)
            assert number.x + width / 2 == pytest.approx(box.x + size / 2)
            assert (number.top + number.bottom) / 2 == pytest.approx(box.y + size / 2)
            assert number.bottom - number.top == pytest.approx(number.size * LINE_SPACING)
    if canvas.rounded[0].width > 9.0:  # apart (at their smallest they may spill into a neighbouring cell)
        for a, b in itertools.combinations(canvas.rounded, 2):
            assert a.x + a.width <= b.x + EPS or b.x + b.width <= a.x + EPS or a.y + a.height <= b.y + EPS \
                or b.y + b.height <= a.y + EPS


@pytest.mark.parametrize("count", [2, 3, 5, 7, 9, 11, 17, 25])
@pytest.mark.parametrize("side", [160.0, 240.0, 380.0, 555.0])
def test_a_crowded_cells_boxes_fill_centred_rows_inside_it(count, side):
    canvas, items = draw({(3, 3): count, (3, 4): 1, (2, 3): 2, (5, 5): count // 2 + 1}, side)
    check_boxes(canvas, items)


@pytest.mark.parametrize("count", [4, 9, 16, 25])
def test_a_full_square_of_boxes_stays_inside_its_cell_at_any_size(count):
    """The boxes are sized so that the fullest cell holds exactly a square of them: then every row is full
    (for some sizes the room across the cell came out a hair short of the last box by rounding)."""
    for side in range(90, 600, 10):
        canvas, items = draw({(4, 2): count}, float(side))
        check_boxes(canvas, items)


def test_nine_opportunities_of_a_cell_stay_in_it_on_an_A2_page():
    """On A2 paper (portrait) the matrix's cells held two boxes a row instead of three, and nine boxes
    spilled into the cells under them."""
    cards = [Card(id=f"o{k}", persona="ann", phase="ph0", lane="opps", text=f"Idea {k}", value=4, effort=2, votes=k)
             for k in range(9)]
    journey_map = JourneyMap(id="m", title="Map", phases=[Phase(id="ph0", name="Start")],
                             lanes=[Lane(id="opps", name="Ideas", kind="opportunities")],
                             personas=[Persona(id="ann", name="Ann")], cards=cards)
    words = catalogue("en")
    options = InsightOptions(summary=False, comparison=False, matrix=True, kpis=False)
    for size in (portrait(A2), landscape(A2), portrait(A4)):
        pages = insight_pages(journey_map, ["ann"], options, size, TextWrapper(_metrics(), words), words)
        canvas = CrowdCanvas()
        for op in pages[0].ops:
            op(canvas)
        items = [item for item in ranked(journey_map) if item.quadrant is not None]
        check_boxes(canvas, items)
        assert math.isclose(canvas.rounded[0].width, canvas.rounded[-1].width)
