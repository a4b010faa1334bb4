"""Prioritised opportunities (app.insight.priorities): the quadrant of every value × effort, and the order to fund."""

from __future__ import annotations

import pytest

from app.insight.priorities import HIGH_FROM, QUADRANT_NAMES, QUADRANTS, opportunity_cards, quadrant, ranked
from app.model import Card, JourneyMap, Lane, Persona, Phase

#: the whole 5 × 5 matrix as a consultant draws it: value 5 on top, effort 1 on the left
MATRIX = """
    quick_win quick_win big_bet   big_bet   big_bet
    quick_win quick_win big_bet   big_bet   big_bet
    quick_win quick_win big_bet   big_bet   big_bet
    fill_in   fill_in   money_pit money_pit money_pit
    fill_in   fill_in   money_pit money_pit money_pit
"""


def test_every_cell_of_the_matrix_has_its_quadrant():
    rows = [line.split() for line in MATRIX.strip().splitlines()]
    for row, value in zip(rows, (5, 4, 3, 2, 1), strict=True):
        for name, effort in zip(row, (1, 2, 3, 4, 5), strict=True):
            assert quadrant(value, effort) == name, (value, effort)
    assert HIGH_FROM == 3  # the middle lines run between 2 and 3


@pytest.mark.parametrize(("value", "effort"), [(None, None), (None, 1), (5, None), (None, 5), (1, None)])
def test_a_card_without_value_or_effort_has_no_quadrant(value, effort):
    assert quadrant(value, effort) is None


def test_the_quadrants_in_funding_order_each_with_a_name():
    assert QUADRANTS == ("quick_win", "big_bet", "fill_in", "money_pit")
    assert QUADRANT_NAMES == {"quick_win": "Quick wins", "big_bet": "Big bets", "fill_in": "Fill-ins",
                              "money_pit": "Money pits"}


def opportunity_map(*cards: Card) -> JourneyMap:
    """Two personas, two phases, an opportunities lane and a pain-point lane."""
    return JourneyMap(
        id="m", title="Priorities",
        phases=[Phase(id="p1", name="One"), Phase(id="p2", name="Two")],
        lanes=[Lane(id="pains", name="Pains", kind="pain_points"),
               Lane(id="ideas", name="Ideas", kind="opportunities"),
               Lane(id="more", name="More ideas", kind="opportunities")],
        personas=[Persona(id="a", name="Anna"), Persona(id="b", name="Ben")],
        cards=list(cards))


def card(card_id: str, value: int | None = None, effort: int | None = None, votes: int = 0, persona: str = "a",
         lane: str = "ideas") -> Card:
    return Card(id=card_id, persona=persona, phase="p1", lane=lane, text=card_id, value=value, effort=effort,
                votes=votes)


def test_opportunity_cards_are_those_of_every_opportunities_lane_in_map_order_per_persona():
    journey_map = opportunity_map(card("x1"), card("pain", 5, 1, lane="pains"), card("x2", persona="b"),
                                  card("x3", lane="more"))
    assert [c.id for c in opportunity_cards(journey_map)] == ["x1", "x2", "x3"]
    assert [c.id for c in opportunity_cards(journey_map, "a")] == ["x1", "x3"]
    assert [c.id for c in opportunity_cards(journey_map, "b")] == ["x2"]
    assert opportunity_cards(journey_map, "nobody") == []


def test_ranked_puts_quick_wins_first_then_big_bets_fill_ins_money_pits_and_the_unrated_last():
    journey_map = opportunity_map(card("unrated"), card("pit", 1, 5), card("fill", 1, 1), card("bet", 5, 5),
                                  card("half", 5, None, votes=9), card("win", 3, 2))
    result = ranked(journey_map)
    assert [item.card.id for item in result] == ["win", "bet", "fill", "pit", "half", "unrated"]
    assert [item.quadrant for item in result] == ["quick_win", "big_bet", "fill_in", "money_pit", None, None]
    assert [item.rank for item in result] == [1, 2, 3, 4, 5, 6]


def test_within_a_quadrant_higher_value_then_lower_effort_then_more_votes_then_map_order():
    journey_map = opportunity_map(
        card("late", 4, 2, votes=1), card("low-value", 3, 1, votes=9), card("more-effort", 5, 2, votes=9),
        card("best", 5, 1), card("voted", 4, 2, votes=3), card("early", 4, 2, votes=1))
    assert [item.card.id for item in ranked(journey_map)] == [
        "best", "more-effort", "voted", "late", "early", "low-value"]


def test_unrated_cards_keep_their_order_by_what_they_have():
    journey_map = opportunity_map(card("none"), card("value-only", 4, None), card("effort-only", None, 1),
                                  card("none-voted", votes=2))
    assert [item.card.id for item in ranked(journey_map)] == ["value-only", "effort-only", "none-voted", "none"]


def test_ranked_for_one_persona_ranks_only_its_cards():
    journey_map = opportunity_map(card("a-pit", 1, 5), card("b-win", 5, 1, persona="b"), card("a-win", 4, 1),
                                  card("b-bet", 5, 5, persona="b"))
    assert [item.card.id for item in ranked(journey_map, "a")] == ["a-win", "a-pit"]
    assert [(item.card.id, item.rank) for item in ranked(journey_map, "b")] == [("b-win", 1), ("b-bet", 2)]
    assert [item.card.id for item in ranked(journey_map)] == ["b-win", "a-win", "b-bet", "a-pit"]
