"""Persona comparison data (app.insight.comparison): curves with gaps, a style of their own per persona even
when colours repeat, the spread per phase, the widest gap, one lane side by side and the lane shown first.
Qt-free."""

from __future__ import annotations

from itertools import pairwise

from app.insight.comparison import (
    DASHES,
    FALLBACK_COLORS,
    MARKERS,
    curve_style,
    curves,
    default_lane,
    lane_grid,
    persona_colors,
    spreads,
    widest_gap,
)
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

PHASES = ("aw", "co", "pu")


def journey(scores: dict[tuple[str, str], int], *, personas=(("lena", "#0072B2"), ("jonas", "#D55E00")),
            lanes=(("tp", "touchpoints"), ("emo", "emotions"), ("pain", "pain_points")), cards=()) -> JourneyMap:
    return JourneyMap(
        id="m", title="Comparison",
        phases=[Phase(id=p, name=p.upper()) for p in PHASES],
        lanes=[Lane(id=lane_id, name=lane_id.title(), kind=kind) for lane_id, kind in lanes],
        personas=[Persona(id=pid, name=pid.title(), color=color) for pid, color in personas],
        cards=list(cards),
        emotions=[EmotionPoint(persona=pid, phase=phase, score=score) for (pid, phase), score in scores.items()])


def test_curves_give_each_persona_its_scores_in_phase_order_with_none_where_it_has_no_point():
    journey_map = journey({("jonas", "pu"): -2, ("lena", "co"): 1, ("lena", "aw"): 0, ("jonas", "aw"): 2})
    found = curves(journey_map)
    assert [c.persona.id for c in found] == ["lena", "jonas"]
    assert found[0].scores == (0, 1, None)  # the emotion list's order does not matter, the phases' does
    assert found[1].scores == (2, None, -2)
    assert [c.style.color for c in found] == ["#0072B2", "#D55E00"]
    assert found[0].style == curve_style(0, "#0072B2") and found[1].style == curve_style(1, "#D55E00")


def test_a_persona_without_any_point_has_a_curve_of_gaps():
    found = curves(journey({("lena", "aw"): 1}))
    assert found[1].persona.id == "jonas" and found[1].scores == (None, None, None)


def test_a_colour_already_taken_goes_to_the_first_free_fallback_colour():
    personas = [Persona(id=f"p{i}", name=f"P{i}", color=color)
                for i, color in enumerate(["#0072b2", "#0072B2", "#D55E00", "#CC79A7", "#cc79a7"])]
    # the second blue is given the first fallback not taken yet (vermillion, as nobody has it yet); the third
    # persona's own vermillion is then taken too, so it gets the next free one; case does not make a colour new
    assert persona_colors(personas) == ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"]


def test_past_the_fallback_colours_a_colour_repeats_but_the_styles_still_differ():
    personas = [Persona(id=f"p{i}", name=f"P{i}", color="#0072B2") for i in range(len(FALLBACK_COLORS) + 3)]
    colors = persona_colors(personas)
    assert colors[:len(FALLBACK_COLORS)] == list(FALLBACK_COLORS)  # every fallback once, in order
    assert len(set(colors[:len(FALLBACK_COLORS)])) == len(FALLBACK_COLORS)
    assert colors[len(FALLBACK_COLORS):] == ["#0072B2"] * 3
    journey_map = JourneyMap(id="m", title="Many", phases=[Phase(id="aw", name="A")], personas=personas)
    styles = [(c.style.color, c.style.dash, c.style.marker) for c in curves(journey_map)]
    assert len(set(styles)) == len(styles)


def test_curve_style_is_unique_for_24_personas_and_neighbours_differ_in_marker_and_pattern():
    styles = [curve_style(i, "#000000") for i in range(24)]
    assert len({(s.dash, s.marker) for s in styles}) == 24
    assert all(a.marker != b.marker and a.dash != b.dash for a, b in pairwise(styles))
    assert {s.dash for s in styles} == set(DASHES) and {s.marker for s in styles} == set(MARKERS)
    assert [s.dash for s in styles[:3]] == ["solid", "dash", "dot"]  # three personas: three kinds of line
    assert curve_style(3, "#123456").color == "#123456"


def test_spreads_give_low_high_and_count_per_phase_and_the_width():
    journey_map = journey({("lena", "aw"): -1, ("jonas", "aw"): 2, ("lena", "co"): 1},
                          personas=(("lena", "#0072B2"), ("jonas", "#D55E00"), ("maria", "#009E73")))
    found = spreads(journey_map)
    assert [s.phase.id for s in found] == list(PHASES)
    assert (found[0].low, found[0].high, found[0].count, found[0].width) == (-1, 2, 2, 3)
    assert (found[1].low, found[1].high, found[1].count, found[1].width) == (1, 1, 1, 0)  # one point: no width
    assert (found[2].low, found[2].high, found[2].count, found[2].width) == (None, None, 0, 0)


def test_widest_gap_is_the_first_of_the_widest_phases_and_none_when_all_agree():
    journey_map = journey({("lena", "aw"): 0, ("jonas", "aw"): 2, ("lena", "co"): -1, ("jonas", "co"): 1,
                           ("lena", "pu"): 1, ("jonas", "pu"): 1})
    gap = widest_gap(journey_map)
    assert gap is not None and gap.phase.id == "aw" and gap.width == 2  # Consideration is as wide: the first
    journey_map = journey({("lena", "aw"): 0, ("jonas", "aw"): 0, ("lena", "co"): 2})
    assert widest_gap(journey_map) is None
    assert widest_gap(journey({})) is None


def test_lane_grid_holds_one_lanes_cards_by_persona_and_phase_in_map_order():
    cards = [
        Card(id="c1", persona="lena", phase="aw", lane="pain", text="first"),
        Card(id="c2", persona="lena", phase="aw", lane="tp", text="a touchpoint"),
        Card(id="c3", persona="jonas", phase="pu", lane="pain", text="jonas"),
        Card(id="c4", persona="lena", phase="aw", lane="pain", text="second"),
    ]
    grid = lane_grid(journey({}, cards=cards), "pain")
    assert {key: [c.id for c in value] for key, value in grid.items()} == {
        ("lena", "aw"): ["c1", "c4"], ("jonas", "pu"): ["c3"]}
    assert [c.id for c in lane_grid(journey({}, cards=cards), "tp")[("lena", "aw")]] == ["c2"]
    assert lane_grid(journey({}, cards=cards), "emo") == {}


def test_default_lane_is_the_pain_points_else_the_first_card_lane_else_none():
    assert default_lane(journey({})) == "pain"
    assert default_lane(journey({}, lanes=(("emo", "emotions"), ("act", "actions"), ("tp", "touchpoints")))) == "act"
    assert default_lane(journey({}, lanes=(("emo", "emotions"),))) is None
    assert default_lane(journey({}, lanes=())) is None
