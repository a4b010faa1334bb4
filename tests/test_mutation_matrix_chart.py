"""The opportunity matrix drawing (``app.export.insight_charts.opportunity_matrix``) as a reader sees it.

Value up, effort right, 1 to 5 each, split between 2 and 3 into four named quadrants (quick wins green, the
others grey, hairline edges); each rated opportunity is a numbered box in its value × effort cell, numbered by
its place in the ranked list; the boxes of a cell shrink so that all fit, between 9 and 22 points; tick labels
1 to 5 under and beside the grid, the axis names in the deliverable's words; all of it inside the drawing's
square. Drawn on the recording canvas of ``tests.test_mutation_kpi_page`` at a known place.
"""

from __future__ import annotations

import itertools
import math

import pytest
from reportlab.lib.pagesizes import A4, portrait

from app.export.insight_charts import opportunity_matrix
from app.export.page_flow import LINE_SPACING, SMALL_PT, Flow
from app.i18n import catalogue
from app.insight.priorities import QUADRANT_NAMES, ranked
from app.layout import TextWrapper, palette
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Box, RecordingCanvas, _metrics

X, Y = 40.0, 60.0
GREEN, GREY = "#EEF7F3", "#F7F8FA"
EPS = 1e-6
MUTED = palette.MUTED_TEXT


class MatrixCanvas(RecordingCanvas):
    """Also notes the rounded boxes (the numbered opportunities) and the line width of each rectangle."""

    def __init__(self) -> None:
        super().__init__()
        self.rounded: list[Box] = []
        self.radii: list[float] = []
        self.widths: list[float] = []
        self._width = 1.0

    def setLineWidth(self, width):
        self._width = width
        return super().setLineWidth(width)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        self.widths.append(self._width)
        return super().rect(x, y, width, height, stroke, fill)

    def roundRect(self, x, y, width, height, radius, stroke=1, fill=0):
        self.rounded.append(Box(x, y, width, height, self._fill if fill else None))
        self.radii.append(radius)
        return super().roundRect(x, y, width, height, radius, stroke, fill)


def rated_map(cells: dict[tuple[int, int], int]) -> JourneyMap:
    """Opportunities rated (value, effort): ``count`` of them per cell."""
    cards = [Card(id=f"o{value}{effort}{k}", persona="ann", phase="ph0", lane="opps", text=f"Idea {value}/{effort}/{k}",
                  value=value, effort=effort, votes=k)
             for (value, effort), count in cells.items() for k in range(count)]
    return JourneyMap(id="m", title="Map", phases=[Phase(id="ph0", name="Start")],
                      lanes=[Lane(id="opps", name="Ideas", kind="opportunities")],
                      personas=[Persona(id="ann", name="Ann")], cards=cards)


def draw(cells: dict[tuple[int, int], int], side: float, language: str = "en"):
    words = catalogue(language)
    flow = Flow(TextWrapper(_metrics(), words), portrait(A4), "Opportunity matrix", "", "Map")
    items = [item for item in ranked(rated_map(cells)) if item.quadrant is not None]
    drawing = opportunity_matrix(flow, items, words, side)
    canvas = MatrixCanvas()
    drawing.draw(canvas, X, Y)
    return drawing, canvas, items


def grid_of(canvas: MatrixCanvas) -> tuple[float, float, float]:
    quadrants = [box for box in canvas.boxes if box.fill in (GREEN, GREY)]
    assert len(quadrants) == 4
    left, top = min(b.x for b in quadrants), min(b.y for b in quadrants)
    return left, top, max(b.x + b.width for b in quadrants) - left


ALL_QUADRANTS = {(5, 1): 1, (5, 5): 1, (1, 1): 1, (1, 5): 1}


@pytest.mark.parametrize("side", [150.0, 300.0, 432.0])
def test_the_quadrants_split_between_2_and_3_are_named_and_only_quick_wins_are_green(side):
    drawing, canvas, _items = draw(ALL_QUADRANTS, side)
    assert drawing.height() == side
    left, top, grid = grid_of(canvas)
    unit = grid / 5
    assert left + grid == pytest.approx(X + side) and top == pytest.approx(Y)  # the grid fills to the right, top
    expected = {  # name: (column from, columns, row from, rows) in units, effort right and value up
        "quick_win": (0, 2, 0, 3, GREEN), "big_bet": (2, 3, 0, 3, GREY),
        "fill_in": (0, 2, 3, 2, GREY), "money_pit": (2, 3, 3, 2, GREY)}
    quadrants = [box for box in canvas.boxes if box.fill in (GREEN, GREY)]
    words = catalogue("en")
    for name, (col, cols, row, rows, fill) in expected.items():
        box = next(b for b in quadrants
                   if b.x == pytest.approx(left + col * unit) and b.y == pytest.approx(top + row * unit))
        assert (box.width, box.height) == pytest.approx((cols * unit, rows * unit)) and box.fill == fill, name
        title = " ".join(t.text for t in canvas.texts if t.bold and t.size == SMALL_PT + 1 and t.color == MUTED
                         and box.x < t.x < box.x + box.width and box.y < t.top < box.y + box.height)
        assert title == words.gettext(QUADRANT_NAMES[name]), name
    assert set(canvas.widths) == {0.5}  # hairline edges


EVERY_CELL = {(value, effort): 1 for value in range(1, 6) for effort in range(1, 6)}


@pytest.mark.parametrize("cells", [ALL_QUADRANTS, {(3, 3): 1, (3, 2): 2, (2, 3): 3, (4, 1): 5, (1, 4): 9},
                                   {(5, 1): 12}, EVERY_CELL])
@pytest.mark.parametrize("side", [180.0, 432.0])
def test_each_rated_opportunity_is_a_box_in_its_cell_with_its_rank(cells, side):
    """Every box lies inside its value × effort cell, apart from the others, and says the opportunity's rank;
    the boxes are as large as the fullest cell allows, from 9 to 22 points, rounded by 2 points at every size
    (as the poster's small boxes are), and their numbers 45 % of that (6 to 8 points)."""
    _drawing, canvas, items = draw(cells, side)
    assert canvas.radii == [2.0] * len(items)
    left, top, grid = grid_of(canvas)
    unit = grid / 5
    assert len(canvas.rounded) == len(items)
    fullest = max(cells.values())
    size = max(9.0, min(22.0, (unit - 4) / math.ceil(math.sqrt(fullest)) - 2))
    by_rank = {}
    for box in canvas.rounded:
        assert box.width == pytest.approx(size) and box.height == pytest.approx(size)
        number = [t for t in canvas.texts if t.bold and box.x <= t.x <= box.x + box.width
                  and box.y - EPS <= t.top <= box.y + box.height]
        assert len(number) == 1
        assert number[0].size == pytest.approx(max(6.0, min(8.0, size * 0.45)))
        by_rank[int(number[0].text)] = box
    assert sorted(by_rank) == [item.rank for item in items]
    for item in items:
        box = by_rank[item.rank]
        cell_x, cell_y = left + (item.card.effort - 1) * unit, top + (5 - item.card.value) * unit
        if size > 9.0:  # (boxes at their smallest, in a crowded cell of a small matrix, may overflow it)
            assert cell_x < box.x and box.x + box.width < cell_x + unit, item.rank
            assert cell_y < box.y and box.y + box.height < cell_y + unit, item.rank
    boxes = list(by_rank.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a.x + a.width <= b.x + EPS or b.x + b.width <= a.x + EPS or a.y + a.height <= b.y + EPS \
                or b.y + b.height <= a.y + EPS


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("side", [150.0, 432.0])
def test_ticks_and_axis_names_sit_in_the_band_left_of_and_under_the_grid(language, side):
    words = catalogue(language)
    _drawing, canvas, _items = draw(ALL_QUADRANTS, side, language)
    left, top, grid = grid_of(canvas)
    unit = grid / 5
    band = SMALL_PT * LINE_SPACING * 2 + 6  # two lines of small type and their spacing
    assert left - X == pytest.approx(band)
    wrapper = TextWrapper(_metrics(), words)
    ticks = [t for t in canvas.texts if t.text.isdigit() and not t.bold]
    under = sorted((t for t in ticks if t.top > top + grid), key=lambda t: t.x)
    beside = sorted((t for t in ticks if t.x < left), key=lambda t: t.top)
    assert len(ticks) == 10 and [t.text for t in under] == list("12345") and [t.text for t in beside] == list("54321")
    for k, tick in enumerate(under):  # centred under its column
        assert tick.top == pytest.approx(top + grid + 2)
        assert tick.x + wrapper.measure(tick.text, SMALL_PT) / 2 == pytest.approx(left + (k + 0.5) * unit)
    for k, tick in enumerate(beside):  # ending 4 points left of the grid, centred on its row
        assert tick.x + wrapper.measure(tick.text, SMALL_PT) == pytest.approx(left - 4) and tick.x >= X
        assert (tick.top + tick.bottom) / 2 == pytest.approx(top + (k + 0.5) * unit)
    names = [t for t in canvas.texts if t.text.endswith("→")]
    assert sorted(t.text for t in names) == sorted([f"{words.gettext('Value')} →", f"{words.gettext('Effort')} →"])
    effort = next(t for t in names if t.text.startswith(words.gettext("Effort")))
    assert effort.top == pytest.approx(top + grid + 2 + SMALL_PT * LINE_SPACING)
    assert effort.bottom <= Y + side + EPS and left < effort.x < left + grid
    assert all(name.bold and name.size == SMALL_PT and name.color == palette.TEXT for name in names)
    assert effort.x + wrapper.measure(effort.text, SMALL_PT, True) / 2 == pytest.approx(left + grid / 2)  # centred


def quadrant_titles(canvas: MatrixCanvas):
    """Each quadrant's box and the lines of its name (bold, muted, one point over the small type)."""
    for box in [b for b in canvas.boxes if b.fill in (GREEN, GREY)]:
        lines = [t for t in canvas.texts if t.bold and t.color == MUTED and t.size == SMALL_PT + 1
                 and box.x < t.x < box.x + box.width and box.y < t.top < box.y + box.height]
        yield box, lines


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("side", [float(s) for s in range(110, 300, 6)])
def test_a_quadrants_name_wraps_inside_it_and_sits_in_its_outer_corner(language, side):
    """Each name is printed whole, its lines no wider than the quadrant less 4 points each side and broken only
    where the next word would not fit; the upper quadrants' names 3 points under their top edge, the lower
    ones' 3 points over their bottom edge."""
    words = catalogue(language)
    wrapper = TextWrapper(_metrics(), words)
    _drawing, canvas, _items = draw(ALL_QUADRANTS, side, language)
    _left, top, grid = grid_of(canvas)
    names = {words.gettext(name) for name in QUADRANT_NAMES.values()}
    for box, lines in quadrant_titles(canvas):
        printed = "".join(line.text for line in lines).replace(" ", "")
        name = next(name for name in names if name.replace(" ", "") == printed)  # (a long word may be broken)
        room = box.width - 8
        for line in lines:
            assert line.x == pytest.approx(box.x + 4)
            if " " in line.text:
                assert wrapper.measure(line.text, SMALL_PT + 1, True) <= room + EPS, (line.text, room)
        for line, after in itertools.pairwise(lines):
            longer = f"{line.text} {after.text.split(' ')[0]}"
            if longer in name:  # broken at a space: the next word did not fit
                assert wrapper.measure(longer, SMALL_PT + 1, True) > room - EPS, (longer, room)
        if box.y == pytest.approx(top):  # an upper quadrant: value 3 to 5
            assert lines[0].top == pytest.approx(box.y + 3)
        else:
            assert box.y + box.height == pytest.approx(top + grid)
            assert lines[-1].bottom == pytest.approx(box.y + box.height - 3)
