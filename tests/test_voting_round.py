"""The dot-voting round without Qt: dots per participant or from a pool, take back, hidden counts, the ranking
and the votes it adds to the map as one change whose inverse restores the map exactly."""

from __future__ import annotations

import pytest

from app.model import JourneyMap, Lane, load_map, map_to_bytes
from app.operations.changes import Batch, RemoveCards, SetFields, apply_checked
from app.workshop.voting import VotingRound, VotingRules, default_lanes
from tests.conftest import SAMPLES

VOTED = frozenset({"pain-points", "opportunities"})


@pytest.fixture
def journey_map() -> JourneyMap:
    return load_map(SAMPLES / "fitness-watch.json")


def turns_round(dots: int = 2, participants: int = 3, hidden: bool = False) -> VotingRound:
    return VotingRound(VotingRules(lanes=VOTED, dots=dots, participants=participants, turns=True, hidden=hidden))


def pool_round(dots: int = 2, participants: int = 3) -> VotingRound:
    return VotingRound(VotingRules(lanes=VOTED, dots=dots, participants=participants, turns=False, hidden=False))


def test_a_full_round_of_three_participants_with_two_dots_adds_the_counts_as_one_change_and_its_inverse_restores(
        journey_map):
    before = map_to_bytes(journey_map)
    votes = {card.id: card.votes for card in journey_map.cards}
    assert (votes["c-5"], votes["c-6"], votes["c-14"]) == (0, 4, 0)
    voting = turns_round()
    for participant, picks in enumerate([("c-5", "c-5"), ("c-6", "c-14"), ("c-5", "c-6")], start=1):
        assert voting.participant == participant
        assert voting.dots_left == 2
        assert all(voting.cast(card_id) for card_id in picks)
        assert voting.dots_left == 0
        assert not voting.cast("c-33")  # no dot left for a third card
        if participant < 3:
            assert not voting.used_up
            assert voting.next_participant()
    assert not voting.next_participant()  # after the last one
    assert voting.participant == 3
    assert voting.used_up
    assert voting.counts == {"c-5": 3, "c-6": 2, "c-14": 1}

    change = voting.change(journey_map)
    assert isinstance(change, Batch)
    assert change.changes == [  # one per card, in map order
        SetFields(target="card", item_id="c-5", values={"votes": 3}),
        SetFields(target="card", item_id="c-6", values={"votes": 6}),
        SetFields(target="card", item_id="c-14", values={"votes": 1}),
    ]
    inverse = apply_checked(journey_map, change)
    after = {card.id: card.votes for card in journey_map.cards}
    assert (after["c-5"], after["c-6"], after["c-14"]) == (3, 6, 1)
    assert {k: v for k, v in after.items() if k not in ("c-5", "c-6", "c-14")} == {
        k: v for k, v in votes.items() if k not in ("c-5", "c-6", "c-14")}
    apply_checked(journey_map, inverse)
    assert map_to_bytes(journey_map) == before


def test_pool_mode_the_facilitator_casts_every_dot_of_the_room_from_one_pool():
    voting = pool_round(dots=2, participants=3)
    assert voting.dots_left == 6
    assert voting.participant == 1
    assert not voting.next_participant()  # no turns: the facilitator votes for the room
    for _i in range(6):
        assert not voting.used_up
        assert voting.cast("c-5")
    assert voting.dots_left == 0
    assert voting.used_up
    assert not voting.cast("c-6")
    assert voting.counts == {"c-5": 6}
    assert voting.take_back("c-5")  # any dot of the pool
    assert voting.dots_left == 1
    assert not voting.used_up
    assert not voting.take_back("c-6")


def test_a_participant_takes_back_only_their_own_dots():
    voting = turns_round()
    assert voting.cast("c-5")
    assert voting.next_participant()
    assert not voting.take_back("c-5")  # participant 1's dot stays
    assert voting.counts == {"c-5": 1}
    assert voting.dots_left == 2
    assert voting.cast("c-5")
    assert voting.counts == {"c-5": 2}
    assert voting.own_counts() == {"c-5": 1}
    assert voting.take_back("c-5")
    assert voting.dots_left == 2
    assert voting.counts == {"c-5": 1}
    assert not voting.take_back("c-5")  # none of their own left there
    assert voting.counts == {"c-5": 1}
    assert not voting.take_back("c-6")  # a card with no dot at all


def test_a_card_of_a_lane_outside_the_round_cannot_be_voted_on(journey_map):
    voting = turns_round()
    by_lane = {card.lane: card for card in journey_map.cards}
    assert voting.can_vote(by_lane["pain-points"])
    assert voting.can_vote(by_lane["opportunities"])
    assert not voting.can_vote(by_lane["touchpoints"])
    assert not voting.can_vote(by_lane["owners"])


def test_used_up_when_every_dot_is_cast_or_the_last_participant_has_none_left():
    voting = turns_round()
    assert voting.cast("c-5")  # participant 1 keeps one dot
    assert voting.next_participant()  # participant 2 casts none
    assert voting.next_participant()
    assert voting.cast("c-6")
    assert not voting.used_up  # the last participant has one left
    assert voting.cast("c-6")
    assert voting.used_up
    assert voting.counts == {"c-5": 1, "c-6": 2}
    assert voting.take_back("c-6")
    assert not voting.used_up


def test_hidden_voting_shows_no_counts_until_the_round_ends():
    hidden = turns_round(dots=3, hidden=True)
    open_round = turns_round(dots=3, hidden=False)
    for voting in (hidden, open_round):
        assert voting.cast("c-5") and voting.cast("c-6")
    assert hidden.counts == {"c-5": 1, "c-6": 1}
    assert hidden.visible_counts() == {}
    assert hidden.own_counts() == {"c-5": 1, "c-6": 1}  # a participant still sees their own dots
    assert open_round.visible_counts() == {"c-5": 1, "c-6": 1}
    assert not hidden.ended
    hidden.end()
    assert hidden.ended
    assert hidden.visible_counts() == {"c-5": 1, "c-6": 1}
    assert hidden.dots_left == 1
    assert not hidden.cast("c-14")  # nothing changes after the end, though a dot is left
    assert not hidden.take_back("c-5")
    assert not hidden.next_participant()
    assert hidden.counts == {"c-5": 1, "c-6": 1}


def test_the_ranking_puts_most_dots_first_and_ties_in_map_order(journey_map):
    voting = turns_round(dots=3)
    for card_id in ("c-6", "c-6", "c-5"):  # c-6 gets its dots first
        assert voting.cast(card_id)
    assert voting.next_participant()
    for card_id in ("c-14", "c-14", "c-5"):
        assert voting.cast(card_id)
    assert voting.next_participant()
    assert voting.cast("c-14")
    order = [card.id for card in journey_map.cards]
    assert order.index("c-5") < order.index("c-6") < order.index("c-14")
    assert voting.ranking(order) == [("c-14", 3), ("c-5", 2), ("c-6", 2)]
    assert voting.ranking(["c-14", "c-6", "c-5"]) == [("c-14", 3), ("c-6", 2), ("c-5", 2)]
    assert voting.ranking([card_id for card_id in order if card_id != "c-14"]) == [("c-5", 2), ("c-6", 2)]


def test_a_card_deleted_during_the_round_is_skipped(journey_map):
    voting = turns_round()
    assert voting.cast("c-5") and voting.cast("c-6")
    apply_checked(journey_map, RemoveCards(card_ids=["c-5"]))
    change = voting.change(journey_map)
    assert change == Batch(changes=[SetFields(target="card", item_id="c-6", values={"votes": 5})])
    apply_checked(journey_map, change)
    assert journey_map.card("c-6").votes == 5
    assert voting.ranking([card.id for card in journey_map.cards]) == [("c-6", 1)]


def test_no_dots_no_change(journey_map):
    voting = turns_round()
    assert voting.change(journey_map) is None
    assert voting.cast("c-5") and voting.take_back("c-5")
    assert voting.counts == {}
    assert voting.change(journey_map) is None
    assert voting.ranking([card.id for card in journey_map.cards]) == []
    gone = turns_round()
    assert gone.cast("c-5")
    apply_checked(journey_map, RemoveCards(card_ids=["c-5"]))
    assert gone.change(journey_map) is None  # its only card was deleted


def test_default_lanes_are_pain_points_and_opportunities_else_every_card_lane(journey_map):
    assert default_lanes(journey_map) == VOTED
    plain = JourneyMap(id="m", title="Plain", lanes=[
        Lane(id="touch", name="Touchpoints", kind="touchpoints"), Lane(id="feel", name="Feelings", kind="emotions"),
        Lane(id="ideas", name="Ideas", kind="notes")])
    assert default_lanes(plain) == frozenset({"touch", "ideas"})
    only_pains = JourneyMap(id="m", title="Pains", lanes=[
        Lane(id="touch", name="Touchpoints", kind="touchpoints"), Lane(id="pains", name="Pains", kind="pain_points")])
    assert default_lanes(only_pains) == frozenset({"pains"})


def test_rules_need_a_dot_and_a_participant_and_hold_the_lanes_as_a_frozen_set():
    rules = VotingRules(lanes=["a", "b", "a"], dots=1, participants=1, turns=True, hidden=False)  # type: ignore[arg-type]
    assert rules.lanes == frozenset({"a", "b"})
    assert rules.total == 1
    with pytest.raises(ValueError):
        VotingRules(lanes=VOTED, dots=0, participants=3, turns=True, hidden=False)
    with pytest.raises(ValueError):
        VotingRules(lanes=VOTED, dots=2, participants=0, turns=True, hidden=False)


def test_the_status_line_says_whose_turn_and_how_many_dots_are_left():
    voting = turns_round(dots=2, participants=8)
    assert voting.status_text() == "Participant 1 of 8 · 2 dots left"
    assert voting.cast("c-5")
    assert voting.status_text() == "Participant 1 of 8 · 1 dot left"
    assert voting.cast("c-5")
    assert voting.status_text() == "Participant 1 of 8 · 0 dots left"
    assert voting.next_participant()
    assert voting.status_text() == "Participant 2 of 8 · 2 dots left"
    voting.end()
    assert voting.status_text() == "Voting ended · 2 dots cast"

    pool = pool_round(dots=3, participants=8)
    assert pool.status_text() == "24 of 24 dots left"
    assert pool.cast("c-5")
    assert pool.status_text() == "23 of 24 dots left"
    pair = pool_round(dots=1, participants=2)
    assert pair.cast("c-5")
    assert pair.status_text() == "1 of 2 dots left"  # the plural goes with the total
    single = pool_round(dots=1, participants=1)
    assert single.status_text() == "1 of 1 dot left"
    assert single.cast("c-5")
    assert single.status_text() == "No dots left · 1 dot cast: end the round to see the ranking"
    single.end()
    assert single.status_text() == "Voting ended · 1 dot cast"
