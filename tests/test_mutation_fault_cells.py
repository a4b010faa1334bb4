"""Which cells a refused poster names (app.export.pdf.cells_at_fault): the tallest cells of each lane that is
taller than its least height, ties within half a point, tallest lane first, and none when the phases alone
are to blame. Stand-in pages give exact heights at the half-point edges; planner pages check real maps."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.export.pdf import MIN_CARD_WIDTH, PosterPlanner, cells_at_fault, paper_size
from app.layout import CardBox, HeaderBox, PersonaLayout, Rect, Style
from app.model import Card, JourneyMap, Lane, Persona, Phase

LEAST = Style().cell_min_height


def stand_in(lanes: list[tuple[str, float, dict[str, float]]], *, card_width: float = 200.0,
             grid: tuple[float, float] = (2000.0, 1000.0), area: tuple[float, float] = (4000.0, 1000.0),
             emotion_lane: str | None = None):
    """A page whose lanes have the given heights and whose cells' contents (cards plus padding) the given
    heights, phases "a", "b", "c"; by default it is height-limited (the area is wider than the grid)."""
    style = Style(card_width=card_width)
    phases = [HeaderBox(pid, Rect(160.0 + i * 216.0, 0.0, 216.0, 56.0), []) for i, pid in enumerate("abc")]
    headers, cards, cell_cards = [], {}, {}
    y = 56.0
    for lane_id, height, contents in lanes:
        headers.append(HeaderBox(lane_id, Rect(0.0, y, 160.0, height), []))
        for phase_id, content in contents.items():
            card_id = f"{phase_id}-{lane_id}"
            top = y + style.cell_padding
            bottom = y + content - style.cell_padding - style.cell_click_room
            cards[card_id] = CardBox(card_id, Rect(160.0, top, 200.0, bottom - top), [], [], None, False)
            cell_cards[(phase_id, lane_id)] = [card_id]
        y += height
    layout = PersonaLayout("p", grid[0], grid[1], Rect(0, 0, 0, 0), phases, headers, {}, cards, cell_cards,
                           emotion_lane, [], None, 0.0)
    return SimpleNamespace(layout=layout, style=style, grid_area=area)


@pytest.mark.parametrize(("contents", "named"), [
    ({"a": 300.0, "b": 300.5}, ["a", "b"]),  # half a point taller: still a tie
    ({"a": 300.0, "b": 299.5}, ["a", "b"]),  # half a point shorter: still a tie
    ({"a": 300.0, "b": 301.0}, ["b"]),  # a point taller: the only tallest
    ({"a": 300.0, "b": 299.0}, ["a"]),  # a point shorter: not to blame
    ({"a": 300.0, "b": 299.75, "c": 300.25}, ["a", "b", "c"]),
    ({"a": 298.0, "b": 300.0, "c": 299.0}, ["b"]),
])
def test_the_tallest_cells_of_a_lane_are_named_ties_within_half_a_point(contents, named):
    page = stand_in([("l", max(contents.values()), contents)])
    assert cells_at_fault(page) == [(phase, "l") for phase in named]


@pytest.mark.parametrize(("content", "named"), [
    (LEAST + 0.5, False), (LEAST + 0.25, False), (LEAST, False), (LEAST + 1.0, True), (LEAST + 0.75, True),
])
def test_a_lane_no_taller_than_half_a_point_over_its_least_height_is_not_to_blame(content, named):
    page = stand_in([("l", max(LEAST, content), {"a": content, "b": content - 10.0})])
    assert cells_at_fault(page) == ([("a", "l")] if named else [])


@pytest.mark.parametrize(("below", "named"), [(0.0, True), (0.5, True), (0.25, True), (1.0, False), (20.0, False)])
def test_a_lane_taller_than_its_cards_by_more_than_half_a_point_is_set_by_its_label(below, named):
    page = stand_in([("l", 200.0, {"a": 200.0 - below, "b": 150.0})])
    assert cells_at_fault(page) == ([("a", "l")] if named else [])


def test_several_lanes_are_named_tallest_lane_first_and_lanes_of_one_height_in_order():
    page = stand_in([
        ("one", 120.0, {"a": 120.0}),
        ("two", 300.0, {"b": 300.0, "c": 300.0}),
        ("short", LEAST, {"a": 40.0}),
        ("three", 120.0, {"c": 120.0, "a": 100.0}),
    ])
    assert cells_at_fault(page) == [("b", "two"), ("c", "two"), ("a", "one"), ("c", "three")]


TOO_WIDE = {"grid": (2000.0, 1000.0), "area": (1000.0, 1000.0)}  # half the width, all the height
TOO_TALL = {"grid": (500.0, 2000.0), "area": (1000.0, 1000.0)}
BOTH = {"grid": (1000.0, 1000.0), "area": (1000.0, 1000.0)}
LANE = [("l", 300.0, {"a": 300.0})]


@pytest.mark.parametrize("card_width", [MIN_CARD_WIDTH, MIN_CARD_WIDTH + 0.25, MIN_CARD_WIDTH + 0.5])
def test_a_grid_too_wide_at_the_narrowest_columns_blames_no_cell(card_width):
    assert cells_at_fault(stand_in(LANE, card_width=card_width, **TOO_WIDE)) == []


@pytest.mark.parametrize(("card_width", "limits"), [
    (MIN_CARD_WIDTH + 1.0, TOO_WIDE), (MIN_CARD_WIDTH + 2.0, TOO_WIDE), (200.0, TOO_WIDE),
    (MIN_CARD_WIDTH, TOO_TALL), (MIN_CARD_WIDTH + 0.5, TOO_TALL), (MIN_CARD_WIDTH, BOTH), (200.0, TOO_TALL),
])
def test_wider_columns_or_a_grid_too_tall_blame_the_cells(card_width, limits):
    assert cells_at_fault(stand_in(LANE, card_width=card_width, **limits)) == [("a", "l")]


# Real maps, planned on A4: one persona, a few phases, cards of ``words`` words.


def map_of(lanes: list[Lane], cells: dict[tuple[str, str], int]) -> JourneyMap:
    """Phases ph0..ph3; ``cells``: (phase, lane) -> words of its one card."""
    phases = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(4)]
    cards = [Card(id=f"c{i}", persona="p", phase=phase, lane=lane,
                  text=" ".join(f"word{j % 10}" for j in range(words)))
             for i, ((phase, lane), words) in enumerate(cells.items())]
    return JourneyMap(id="m", title="Map", phases=phases, lanes=lanes, personas=[Persona(id="p", name="Pat")],
                      cards=cards)


def planned(journey_map: JourneyMap) -> list[tuple[str, str]]:
    planner = PosterPlanner(journey_map, "en")
    return cells_at_fault(planner.page("p", paper_size("A4", True)))


def test_lanes_below_the_emotion_lane_are_named():
    lanes = [Lane(id="feel", name="Feelings", kind="emotions"), Lane(id="said", name="Said", kind="thoughts")]
    assert planned(map_of(lanes, {("ph1", "said"): 300})) == [("ph1", "said")]


def test_empty_cells_are_skipped_not_the_end_of_the_lane():
    lanes = [Lane(id="said", name="Said", kind="thoughts")]
    assert planned(map_of(lanes, {("ph2", "said"): 300, ("ph3", "said"): 20})) == [("ph2", "said")]
    assert planned(map_of(lanes, {("ph1", "said"): 300, ("ph3", "said"): 300})) == [("ph1", "said"),
                                                                                    ("ph3", "said")]


def test_a_lane_at_its_least_height_is_not_named_beside_a_crowded_one():
    lanes = [Lane(id="do", name="Do", kind="actions"), Lane(id="said", name="Said", kind="thoughts"),
             Lane(id="own", name="Owners", kind="owners")]
    cells = {("ph0", "do"): 2, ("ph1", "said"): 300, ("ph2", "own"): 120, ("ph0", "own"): 3}
    assert planned(map_of(lanes, cells)) == [("ph1", "said"), ("ph2", "own")]
