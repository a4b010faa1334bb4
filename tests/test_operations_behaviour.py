"""The operations a user's edits go through: cards land where asked, every change is reverted exactly by
what it returns, the card index always agrees with the map, and structure edits take what they say."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import operations as ops
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, map_problems
from app.operations.index import SEARCH_RADIUS, CardIndex
from tests.strategies import journey_maps

fast = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dump(journey_map: JourneyMap) -> dict:
    return journey_map.model_dump(mode="json")


def grid_map(cards_per_cell: int = 3) -> JourneyMap:
    """Two personas, two phases, two card lanes and an emotion lane; cards named persona-phase-lane-n."""
    cards = [
        Card(id=f"{p}{ph}{ln}{n}", persona=p, phase=ph, lane=ln, text=f"{p}{ph}{ln}{n}")
        for p in "pq" for ph in "ab" for ln in "tu" for n in range(cards_per_cell)
    ]
    return JourneyMap(
        id="m", title="Grid",
        phases=[Phase(id="a", name="A"), Phase(id="b", name="B")],
        lanes=[Lane(id="t", name="T", kind="touchpoints"), Lane(id="u", name="U", kind="pain_points"),
               Lane(id="e", name="E", kind="emotions")],
        personas=[Persona(id="p", name="P"), Persona(id="q", name="Q")],
        cards=cards,
        emotions=[EmotionPoint(persona="p", phase="a", score=1), EmotionPoint(persona="q", phase="b", score=-2)],
    )


def cell_ids(journey_map: JourneyMap, persona: str, phase: str, lane: str) -> list[str]:
    return [c.id for c in journey_map.cards_in(persona, phase, lane)]


def assert_index_agrees(index: CardIndex, journey_map: JourneyMap) -> None:
    fresh = CardIndex(journey_map)
    assert {k: v for k, v in index.by_id.items()} == fresh.by_id
    for persona in journey_map.personas:
        for phase in journey_map.phases:
            for lane in journey_map.lanes:
                assert [c.id for c in index.cell(persona.id, phase.id, lane.id)] == cell_ids(
                    journey_map, persona.id, phase.id, lane.id)
    for position, card in enumerate(journey_map.cards):
        assert index.position(card) == position
        assert index.cell_of(card.id) == (card.persona, card.phase, card.lane)
        assert card.id in index


# --- where a card lands -------------------------------------------------------------------------


@pytest.mark.parametrize(("position", "expected"), [
    (0, ["new", "pat0", "pat1", "pat2"]),
    (1, ["pat0", "new", "pat1", "pat2"]),
    (2, ["pat0", "pat1", "new", "pat2"]),
    (3, ["pat0", "pat1", "pat2", "new"]),
    (9, ["pat0", "pat1", "pat2", "new"]),
    (None, ["pat0", "pat1", "pat2", "new"]),
    (-4, ["new", "pat0", "pat1", "pat2"]),
])
@pytest.mark.parametrize("use_index", [False, True])
def test_a_card_lands_at_the_position_asked_within_its_cell(position, expected, use_index):
    journey_map = grid_map()
    index = CardIndex(journey_map) if use_index else None
    if use_index:
        at = index.insert_position("p", "a", "t", position)
    else:
        at = ops.cell_insert_index(journey_map, "p", "a", "t", position)
    card = Card(id="new", persona="p", phase="a", lane="t")
    ops.insert_cards(journey_map, [(at, card)], index)
    assert cell_ids(journey_map, "p", "a", "t") == expected
    assert journey_map.cards[at] is card
    if index is not None:
        index.refile({"new": card})
        assert_index_agrees(index, journey_map)


@pytest.mark.parametrize("use_index", [False, True])
def test_the_first_card_of_an_empty_cell_goes_to_the_end_of_the_file(use_index):
    journey_map = grid_map()
    journey_map.cards[:] = [c for c in journey_map.cards if c.lane != "u" or c.persona != "q"]
    count = len(journey_map.cards)
    index = CardIndex(journey_map) if use_index else None
    for position in (None, 0, 5):
        at = index.insert_position("q", "b", "u", position) if use_index else ops.cell_insert_index(
            journey_map, "q", "b", "u", position)
        assert at == count


@pytest.mark.parametrize(("moving", "position", "expected"), [
    (["pat0"], 1, ["pat1", "pat0", "pat2"]),
    (["pat0"], 2, ["pat1", "pat2", "pat0"]),
    (["pat2", "pat0"], 0, ["pat2", "pat0", "pat1"]),
    (["pat1"], 0, ["pat1", "pat0", "pat2"]),
    (["pat0", "pat1"], None, ["pat2", "pat0", "pat1"]),
])
@pytest.mark.parametrize("use_index", [False, True])
def test_moving_within_a_cell_counts_the_position_among_the_cards_that_stay(moving, position, expected, use_index):
    journey_map = grid_map()
    index = CardIndex(journey_map) if use_index else None
    ops.move_cards(journey_map, moving, "p", "a", "t", position, index)
    assert cell_ids(journey_map, "p", "a", "t") == expected


@fast
@given(journey_maps(max_cards=12), st.data())
def test_moving_cards_puts_them_in_order_at_the_position_and_restoring_puts_everything_back(journey_map, data):
    if not journey_map.cards:
        return
    ids = [c.id for c in journey_map.cards]
    moving = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
    target = data.draw(st.sampled_from(journey_map.cards))
    position = data.draw(st.none() | st.integers(-1, 6))
    use_index = data.draw(st.booleans())
    before = dump(journey_map)
    staying = [c.id for c in journey_map.cards_in(target.persona, target.phase, target.lane) if c.id not in moving]
    index = CardIndex(journey_map) if use_index else None
    old = ops.move_cards(journey_map, moving, target.persona, target.phase, target.lane, position, index)
    assert [i for i, _ in old] == sorted(ids.index(card_id) for card_id in moving)
    at = len(staying) if position is None else max(0, min(position, len(staying)))
    assert cell_ids(journey_map, target.persona, target.phase, target.lane) == staying[:at] + moving + staying[at:]
    assert sorted(c.id for c in journey_map.cards) == sorted(ids)
    if index is not None:
        index.refile({card_id: journey_map.card(card_id) for card_id in moving})
        assert_index_agrees(index, journey_map)
    ops.restore_cards(journey_map, old, index)
    assert dump(journey_map) == before
    if index is not None:
        index.refile({card_id: journey_map.card(card_id) for card_id in moving})
        assert_index_agrees(index, journey_map)


@fast
@given(journey_maps(max_cards=12), st.data())
def test_removed_cards_come_back_in_their_places(journey_map, data):
    ids = [c.id for c in journey_map.cards]
    removing = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    use_index = data.draw(st.booleans())
    before = dump(journey_map)
    index = CardIndex(journey_map) if use_index else None
    removed = ops.remove_cards(journey_map, removing, index)
    assert [card.id for _, card in removed] == [i for i in ids if i in removing]
    assert [c.id for c in journey_map.cards] == [i for i in ids if i not in removing]
    if index is not None:
        index.refile(dict.fromkeys(removing))
        assert_index_agrees(index, journey_map)
    ops.insert_cards(journey_map, list(reversed(removed)), index)
    assert dump(journey_map) == before
    if index is not None:
        index.refile({card.id: card for _, card in removed})
        assert_index_agrees(index, journey_map)


def test_copies_get_new_ids_free_in_the_map_and_among_each_other():
    journey_map = grid_map(1)
    originals = journey_map.cards[:3]
    taken = {"c-reserved"}
    copies = ops.copy_cards(journey_map, originals, taken)
    existing = {c.id for c in journey_map.cards}
    assert len({c.id for c in copies}) == 3
    for original, copy in zip(originals, copies, strict=True):
        assert copy.id.startswith("c-") and copy.id not in existing and copy.id != "c-reserved"
        assert copy.text == original.text and copy is not original
        copy.tags.append("changed")
        assert original.tags == []
    assert ops.copy_cards(journey_map, []) == []
    assert len(ops.copy_cards(journey_map, originals[:1])) == 1


def test_new_card_ids_avoid_the_ids_passed_as_taken(monkeypatch):
    drawn = iter(["c-used", "c-inmap", "c-free", "c-used", "c-free", "c-free2"])
    monkeypatch.setattr(ops, "new_id", lambda prefix, taken: next(i for i in drawn if i not in taken))
    journey_map = grid_map(1)
    journey_map.cards[0].id = "c-inmap"
    copies = ops.copy_cards(journey_map, journey_map.cards[1:3], {"c-used"})
    assert [c.id for c in copies] == ["c-free", "c-free2"]


def test_copies_ask_the_card_ids_they_are_given_instead_of_gathering_the_map(monkeypatch):
    """The editor hands its card index: a paste of a few cards does not first collect every id of the map."""
    drawn = iter(["c-aaaaaa", "c-bbbbbb", "c-cccccc", "c-dddddd"])
    monkeypatch.setattr(ops, "new_id", lambda prefix, taken: next(i for i in drawn if i not in taken))

    class CardIds:
        def __init__(self) -> None:
            self.asked: list[object] = []

        def __contains__(self, card_id: object) -> bool:
            self.asked.append(card_id)
            return card_id == "c-bbbbbb"  # a card of the map has it

    journey_map = grid_map(1)
    journey_map.cards.append(journey_map.cards[0].model_copy(update={"id": "c-cccccc"}))  # not a card of the index
    ids = CardIds()
    copies = ops.copy_cards(journey_map, journey_map.cards[:2], card_ids=ids)
    assert [c.id for c in copies] == ["c-aaaaaa", "c-cccccc"]  # only what the index says is taken is skipped
    assert ids.asked == ["c-aaaaaa", "c-bbbbbb", "c-cccccc"]


def test_new_ids_are_six_letters_or_digits_and_differ():
    from app.model.ids import new_id

    ids = [new_id("c", ()) for _ in range(2000)]
    assert all(re.fullmatch(r"c-[a-z0-9]{6}", i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert set("".join(i[2:] for i in ids)) == set("abcdefghijklmnopqrstuvwxyz0123456789")  # every letter and digit

@pytest.mark.parametrize("places", [
    [0, 1, 2],  # together at the start
    [0, 5, 9, 19],  # spread, the last at the end of the list they make
    [0, 5, 9, 20],  # one past that end: appended
    [3, 3, 7],  # two at one place: the one inserted later goes before
    [-1, 4],  # from the end
    [16],  # one card
])
def test_cards_inserted_together_land_as_inserted_one_by_one_lowest_first(places):
    journey_map = grid_map(2)
    index = CardIndex(journey_map)
    cards = journey_map.cards
    new = [Card(id=f"n{i}", persona="q", phase="b", lane="u") for i in range(len(places))]
    placed = list(zip(places, new, strict=True))[::-1]
    reference = list(cards)
    for position, card in sorted(placed, key=lambda pair: pair[0]):
        reference.insert(position, card)
    ops.insert_cards(journey_map, placed, index)
    assert journey_map.cards is cards
    assert [c.id for c in cards] == [c.id for c in reference]
    index.refile({card.id: card for card in new})
    assert_index_agrees(index, journey_map)


@pytest.mark.parametrize("positions", [[0], [5], [0, 3, 4, 15], [1, 2], list(range(16))])
def test_cards_removed_together_leave_the_others_in_order(positions):
    journey_map = grid_map(2)
    index = CardIndex(journey_map)
    cards = journey_map.cards
    ids = [c.id for c in cards]
    gone = {ids[i] for i in positions}
    removed = ops.remove_cards(journey_map, gone, index)
    assert journey_map.cards is cards
    assert [c.id for c in cards] == [i for i in ids if i not in gone]
    assert [(i, c.id) for i, c in removed] == [(i, ids[i]) for i in positions]
    index.refile(dict.fromkeys(gone))
    assert_index_agrees(index, journey_map)


def test_many_cards_filed_at_once_keep_every_cell_in_map_order():
    journey_map = grid_map(3)
    index = CardIndex(journey_map)
    # Into two cells at once, in both before, between and after the cards there; then out again.
    new = [Card(id=f"n{i}", persona="p", phase=phase, lane="t") for i, phase in enumerate("aabba")]
    first_a, first_b = journey_map.cards.index(journey_map.card("pat0")), journey_map.card("pbt1")
    placed = [(first_a, new[0]), (first_a + 2, new[1]), (journey_map.cards.index(first_b) + 2, new[2]),
              (journey_map.cards.index(first_b) + 4, new[3]), (len(journey_map.cards) + 4, new[4])]
    ops.insert_cards(journey_map, placed, index)
    touched = index.refile({card.id: card for card in new})
    assert touched == {("p", "a", "t"), ("p", "b", "t")}
    assert cell_ids(journey_map, "p", "a", "t") == ["n0", "pat0", "n1", "pat1", "pat2", "n4"]
    assert cell_ids(journey_map, "p", "b", "t") == ["pbt0", "n2", "pbt1", "n3", "pbt2"]
    assert_index_agrees(index, journey_map)
    leaving = ["n1", "pat1", "n2", "pbt0"]
    ops.remove_cards(journey_map, set(leaving), index)
    assert index.refile(dict.fromkeys(leaving)) == {("p", "a", "t"), ("p", "b", "t")}
    assert cell_ids(journey_map, "p", "a", "t") == ["n0", "pat0", "pat2", "n4"]
    assert cell_ids(journey_map, "p", "b", "t") == ["pbt1", "n3", "pbt2"]
    assert_index_agrees(index, journey_map)


def test_a_copy_shares_no_list_or_object_with_its_card():
    journey_map = grid_map(1)
    card = Card.model_validate({"id": "src", "persona": "p", "phase": "a", "lane": "t", "text": "T", "tags": ["a"],
                                "evidence": "observed", "custom": {"nested": [1, {"deep": [2]}]}})
    copy = ops.copy_cards(journey_map, [card])[0]
    assert copy.id != card.id
    assert copy.model_dump(exclude={"id"}) == card.model_dump(exclude={"id"})
    assert copy.model_fields_set == card.model_fields_set
    assert copy.tags == ["a"] and copy.tags is not card.tags
    assert copy.custom is not card.custom and copy.custom["nested"][1]["deep"] is not card.custom["nested"][1]["deep"]
    copy.custom["nested"][1]["deep"].append(3)
    copy.tags.append("b")
    assert card.custom == {"nested": [1, {"deep": [2]}]} and card.tags == ["a"]


# --- field edits and emotions ------------------------------------------------------------------


def test_set_fields_returns_what_reverts_it():
    card = grid_map(1).cards[0]
    old = ops.set_fields(card, {"text": "new text", "severity": 4})
    assert (card.text, card.severity) == ("new text", 4)
    assert old == {"text": "pat0", "severity": None}
    ops.set_fields(card, old)
    assert (card.text, card.severity) == ("pat0", None)


def test_set_emotion_puts_replaces_and_removes_one_point():
    journey_map = grid_map(0)
    assert ops.set_emotion(journey_map, "p", "b", EmotionPoint(persona="p", phase="b", score=2)) is None
    assert journey_map.emotion("p", "b").score == 2
    previous = journey_map.emotion("p", "a")
    replaced = ops.set_emotion(journey_map, "p", "a", EmotionPoint(persona="p", phase="a", score=-1))
    assert replaced is previous and journey_map.emotion("p", "a").score == -1
    assert [(e.persona, e.phase) for e in journey_map.emotions] == [("p", "a"), ("q", "b"), ("p", "b")]
    removed = ops.set_emotion(journey_map, "q", "b", None)
    assert removed.score == -2 and journey_map.emotion("q", "b") is None
    assert ops.set_emotion(journey_map, "q", "a", None) is None
    assert len(journey_map.emotions) == 2


# --- structure ---------------------------------------------------------------------------------


def test_snapshot_restores_every_list_in_place():
    journey_map = grid_map(1)
    lists = [journey_map.phases, journey_map.lanes, journey_map.personas, journey_map.cards, journey_map.emotions]
    before = dump(journey_map)
    snapshot = ops.Snapshot.take(journey_map)
    ops.delete_persona(journey_map, "p")
    ops.delete_phase(journey_map, "b")
    ops.delete_lane(journey_map, "u")
    ops.insert_phase(journey_map, Phase(id="z", name="Z"), 0)
    snapshot.restore(journey_map)
    assert dump(journey_map) == before
    assert all(a is b for a, b in zip(lists, [journey_map.phases, journey_map.lanes, journey_map.personas,
                                              journey_map.cards, journey_map.emotions], strict=True))


def test_inserted_phases_and_lanes_go_where_asked():
    journey_map = grid_map(0)
    ops.insert_phase(journey_map, Phase(id="m", name="Middle"), 1)
    ops.insert_lane(journey_map, Lane(id="k", name="KPI", kind="kpis"), 0)
    assert [p.id for p in journey_map.phases] == ["a", "m", "b"]
    assert [lane.id for lane in journey_map.lanes] == ["k", "t", "u", "e"]


@pytest.mark.parametrize(("item", "to", "expected"), [
    ("a", 2, ["b", "c", "a", "d"]), ("d", 0, ["d", "a", "b", "c"]), ("b", 99, ["a", "c", "d", "b"]),
    ("c", -5, ["c", "a", "b", "d"]), ("b", 1, ["a", "b", "c", "d"]), ("d", 3, ["a", "b", "c", "d"]),
])
def test_move_item_moves_one_item_clamped_to_the_list(item, to, expected):
    items = [Phase(id=i, name=i.upper()) for i in "abcd"]
    ops.move_item(items, item, to)
    assert [p.id for p in items] == expected


def test_contents_are_counted_for_the_phase_lane_or_persona_named():
    journey_map = grid_map(1)
    journey_map.cards += [Card(id=f"x{i}", persona="q", phase="b", lane="u") for i in range(5)]
    assert ops.count_contents(journey_map, phase="b") == 9 and ops.count_contents(journey_map, phase="a") == 4
    assert ops.count_contents(journey_map, lane="u") == 9 and ops.count_contents(journey_map, lane="t") == 4
    assert ops.count_contents(journey_map, persona="q") == 9 and ops.count_contents(journey_map, persona="p") == 4
    assert ops.count_contents(journey_map, phase="b", lane="u", persona="q") == 6


def test_deletes_take_exactly_the_contents_they_name():
    journey_map = grid_map(2)
    assert ops.count_contents(journey_map, phase="a") == 8
    assert ops.count_contents(journey_map, lane="t") == 8
    assert ops.count_contents(journey_map, persona="q") == 8
    assert ops.count_contents(journey_map) == 16
    assert ops.count_contents(journey_map, phase="a", lane="t", persona="p") == 2
    ops.delete_phase(journey_map, "a")
    assert [p.id for p in journey_map.phases] == ["b"]
    assert {c.phase for c in journey_map.cards} == {"b"} and len(journey_map.cards) == 8
    assert [(e.persona, e.phase) for e in journey_map.emotions] == [("q", "b")]
    ops.delete_lane(journey_map, "t")
    assert [lane.id for lane in journey_map.lanes] == ["u", "e"] and {c.lane for c in journey_map.cards} == {"u"}
    assert len(journey_map.emotions) == 1  # the emotion points belong to the persona, not to a lane
    ops.delete_persona(journey_map, "q")
    assert [p.id for p in journey_map.personas] == ["p"]
    assert {c.persona for c in journey_map.cards} == {"p"} and journey_map.emotions == []


def test_a_duplicated_persona_follows_its_source_with_its_whole_journey():
    journey_map = grid_map(1)
    journey_map.personas.append(Persona(id="r", name="R", goals=["save time"]))
    last = ops.duplicate_persona(journey_map, "r", "R again")
    assert [p.id for p in journey_map.personas] == ["p", "q", "r", last.id]
    last.goals.append("only the copy's")
    assert journey_map.persona("r").goals == ["save time"]
    journey_map.emotions[0].__pydantic_extra__["history"] = [1, 2]  # a field from a newer version, kept
    copy = ops.duplicate_persona(journey_map, "p", "P (copy)")
    copied_point = journey_map.emotion(copy.id, "a")
    copied_point.__pydantic_extra__["history"].append(3)
    assert journey_map.emotion("p", "a").__pydantic_extra__["history"] == [1, 2]
    assert [p.id for p in journey_map.personas] == ["p", copy.id, "q", "r", last.id]
    assert copy.name == "P (copy)" and copy.id.startswith("p-")
    assert journey_map.persona("p").name == "P"
    source_cards = [(c.phase, c.lane, c.text) for c in journey_map.cards if c.persona == "p"]
    copied = [c for c in journey_map.cards if c.persona == copy.id]
    assert [(c.phase, c.lane, c.text) for c in copied] == source_cards
    assert not {c.id for c in copied} & {c.id for c in journey_map.cards if c.persona != copy.id}
    assert journey_map.emotion(copy.id, "a").score == 1 and journey_map.emotion("p", "a").persona == "p"
    assert len(journey_map.emotions) == 3
    JourneyMap.model_validate(dump(journey_map))  # still a valid map


# --- the card index ------------------------------------------------------------------------------


def test_the_index_answers_about_cards_and_cells():
    journey_map = grid_map(2)
    index = CardIndex(journey_map)
    assert "pat0" in index and "nope" not in index
    assert index.card("qbu1") is journey_map.card("qbu1") and index.card("nope") is None
    assert index.cell_of("qbu1") == ("q", "b", "u") and index.cell_of("nope") is None
    assert [c.id for c in index.cell("p", "b", "t")] == ["pbt0", "pbt1"]
    assert index.cell("p", "zz", "t") == [] and index.cell("nobody", "a", "t") == []
    assert sorted(index.cells("q")) == [("a", "t"), ("a", "u"), ("b", "t"), ("b", "u")]
    assert [c.id for c in index.cells("q")[("a", "u")]] == ["qau0", "qau1"]


def test_the_index_finds_a_card_after_inserts_near_it_and_far_before_it():
    journey_map = grid_map(1)
    index = CardIndex(journey_map)
    last = journey_map.cards[-1]
    for count in (1, 3, SEARCH_RADIUS - 1, SEARCH_RADIUS + 5):
        fillers = [Card(id=f"f{count}-{i}", persona="p", phase="a", lane="t") for i in range(count)]
        journey_map.cards[0:0] = fillers
        assert index.position(last) == len(journey_map.cards) - 1
        assert index.position(journey_map.cards[0]) == 0
    del journey_map.cards[:10]
    assert index.position(last) == len(journey_map.cards) - 1
    stranger = Card(id="stranger", persona="p", phase="a", lane="t")
    with pytest.raises(KeyError, match="stranger"):
        index.position(stranger)
    impostor = journey_map.cards[3].model_copy()
    with pytest.raises(KeyError):
        index.position(impostor)


def test_refiling_reports_the_cells_that_changed():
    journey_map = grid_map(2)
    index = CardIndex(journey_map)
    card = journey_map.card("pat1")
    ops.set_fields(card, {"lane": "u"})
    assert index.refile({"pat1": card}) == {("p", "a", "t"), ("p", "a", "u")}
    assert [c.id for c in index.cell("p", "a", "u")] == ["pat1", "pau0", "pau1"]  # map order: pat1 comes first
    removed = ops.remove_cards(journey_map, {"pbt0"}, index)
    assert index.refile({"pbt0": None}) == {("p", "b", "t")}
    assert "pbt0" not in index and index.cell_of("pbt0") is None
    assert index.refile({"pbt0": None}) == set()  # told twice about the same removal: nothing more happens
    ops.insert_cards(journey_map, removed, index)
    assert index.refile({"pbt0": removed[0][1]}) == {("p", "b", "t")}
    assert_index_agrees(index, journey_map)


def test_a_rebuilt_index_forgets_what_is_gone():
    journey_map = grid_map(1)
    index = CardIndex(journey_map)
    journey_map.cards[:] = journey_map.cards[:2]
    index.rebuild()
    assert_index_agrees(index, journey_map)
    assert "qbu0" not in index and index.cell("q", "b", "u") == []


# --- edits that would break the map are refused before they are made --------------------------------


def test_a_field_edit_is_all_or_nothing():
    from pydantic import ValidationError

    card = grid_map(1).cards[0]
    with pytest.raises(ValidationError):
        ops.set_fields(card, {"text": "new", "notes": "n", "severity": 9, "owner": "never set"})
    assert (card.text, card.notes, card.severity, card.owner) == ("pat0", "", None, "")


def test_values_the_model_refuses_are_named_by_field():
    journey_map = grid_map(1)
    card = journey_map.cards[0]
    problems = ops.edit_problems(journey_map, card, {"severity": 9, "colour": "#FF0000", "votes": -1})
    assert problems[0].startswith("severity: ") and "less than or equal to 5" in problems[0]
    assert problems[1] == "'colour' is not a field of this card"
    assert problems[2].startswith("votes: ") and len(problems) == 3
    assert card.severity is None  # only tried on a copy
    problems = ops.edit_problems(journey_map, journey_map, {"cards": [*journey_map.cards, journey_map.cards[0]]})
    assert problems == ["cards: id 'pat0' is used more than once (first at cards[0])"]
    assert ops.edit_problems(journey_map, journey_map.phases[0], {"name": "Renamed", "goal": "why"}) == []


def test_ids_stay_unique_and_referenced_ids_stay_put():
    journey_map = grid_map(1)
    phase, card = journey_map.phases[0], journey_map.cards[0]
    assert ops.edit_problems(journey_map, phase, {"id": "b"}) == ["the id 'b' is already used"]
    assert ops.edit_problems(journey_map, phase, {"id": "new"}) == [
        "the id of a phase, lane or persona is what cards refer to; it cannot change"]
    assert ops.edit_problems(journey_map, phase, {"id": "a"}) == []  # unchanged
    assert ops.edit_problems(journey_map, journey_map.lanes[0], {"id": "u"}) == ["the id 'u' is already used"]
    assert ops.edit_problems(journey_map, journey_map.personas[1], {"id": "p"}) == ["the id 'p' is already used"]
    assert ops.edit_problems(journey_map, card, {"id": "qbu0"}) == ["the id 'qbu0' is already used"]
    assert ops.edit_problems(journey_map, card, {"id": "fresh-id"}) == []  # nothing refers to a card
    (problem,) = ops.edit_problems(journey_map, journey_map, {"id": "another-map"})
    assert "cannot change" in problem


def test_a_lane_holding_cards_cannot_become_the_emotion_curve():
    journey_map = grid_map(1)
    assert ops.edit_problems(journey_map, journey_map.lane("t"), {"kind": "emotions"}) == [
        "lane “T” holds 4 cards, and the emotion curve holds none: move or delete its cards first"]
    journey_map.cards[:] = [c for c in journey_map.cards if c.lane != "u" or c.id == "pau0"]
    assert ops.edit_problems(journey_map, journey_map.lane("u"), {"kind": "emotions"}) == [
        "lane “U” holds 1 card, and the emotion curve holds none: move or delete its cards first"]
    journey_map.cards[:] = [c for c in journey_map.cards if c.lane != "u"]
    assert ops.edit_problems(journey_map, journey_map.lane("u"), {"kind": "emotions"}) == []
    assert ops.edit_problems(journey_map, journey_map.lane("e"), {"kind": "emotions", "name": "Mood"}) == []
    assert ops.edit_problems(journey_map, journey_map.lane("t"), {"kind": "kpis"}) == []


def test_a_card_can_only_move_to_a_persona_phase_and_card_lane_that_exist():
    journey_map = grid_map(1)
    card = journey_map.cards[0]
    assert ops.edit_problems(journey_map, card, {"persona": "x", "phase": "y", "lane": "z"}) == [
        "there is no persona 'x'", "there is no phase 'y'", "there is no lane 'z'"]
    assert ops.edit_problems(journey_map, card, {"lane": "e"}) == ["the emotion curve holds no cards"]
    assert ops.edit_problems(journey_map, card, {"persona": "x"}) == ["there is no persona 'x'"]
    assert ops.edit_problems(journey_map, card, {"phase": "y"}) == ["there is no phase 'y'"]
    assert ops.edit_problems(journey_map, card, {"lane": "z"}) == ["there is no lane 'z'"]
    assert ops.edit_problems(journey_map, card, {"persona": "q", "phase": "b", "lane": "u"}) == []
    assert ops.edit_problems(journey_map, card, {"phase": "b"}) == []


# --- changes as data (app.operations.changes) ------------------------------------------


def _cells(journey_map: JourneyMap, data) -> tuple[str, str, str]:
    """Any cell, the emotion lane's and made-up ids included: the rules must catch those."""
    pick = data.draw
    persona = pick(st.sampled_from([p.id for p in journey_map.personas] + ["ghost"]))
    phase = pick(st.sampled_from([p.id for p in journey_map.phases] + ["ghost"]))
    lane = pick(st.sampled_from([lane.id for lane in journey_map.lanes] + ["ghost"]))
    return persona, phase, lane


def a_change(journey_map: JourneyMap, data, depth: int = 0):
    """A change of any type a user's edit makes, valid or not."""
    from app.operations import changes as ch

    pick = data.draw
    card_ids = [c.id for c in journey_map.cards]
    kinds = ["add", "remove", "move", "fields", "emotion", "insert", "remove_item", "move_item"]
    kind = pick(st.sampled_from(kinds + (["batch"] if depth == 0 else [])))
    if kind == "add":
        persona, phase, lane = _cells(journey_map, data)
        new = pick(st.lists(st.sampled_from(["n1", "n2", "n3", *card_ids[:2]]), min_size=1, max_size=3))
        return ch.AddCards(placed=[(pick(st.integers(0, len(journey_map.cards))),
                                    Card(id=i, persona=persona, phase=phase, lane=lane, text=f"new {i}")) for i in new])
    if kind in ("remove", "move") and card_ids:
        chosen = pick(st.lists(st.sampled_from([*card_ids, "ghost"]), min_size=1, max_size=4, unique=True))
        if kind == "remove":
            return ch.RemoveCards(card_ids=chosen)
        persona, phase, lane = _cells(journey_map, data)
        return ch.MoveCards(card_ids=chosen, persona=persona, phase=phase, lane=lane,
                            position=pick(st.none() | st.integers(0, 4)))
    if kind == "fields":
        target = pick(st.sampled_from(["card", "phase", "lane", "persona", "map"]))
        pool = {"card": card_ids, "phase": [p.id for p in journey_map.phases], "map": [""],
                "lane": [lane.id for lane in journey_map.lanes], "persona": [p.id for p in journey_map.personas]}
        item_id = pick(st.sampled_from((pool[target] or ["ghost"]) + ["ghost"]))
        field, values = {
            "card": ("text", st.text(max_size=20)), "phase": ("name", st.text(max_size=20)),
            "lane": ("kind", st.sampled_from(["emotions", "notes", "nonsense"])),
            "persona": ("role", st.text(max_size=20)), "map": ("title", st.text(max_size=20)),
        }[target]
        if target == "card" and pick(st.booleans()):
            field, values = pick(st.sampled_from([("severity", st.integers(-1, 7)), ("lane", st.sampled_from(
                [lane.id for lane in journey_map.lanes] + ["ghost"]))]))
        return ch.SetFields(target=target, item_id=item_id, values={field: pick(values)})
    if kind == "emotion":
        persona, phase, _lane = _cells(journey_map, data)
        point = pick(st.none() | st.builds(EmotionPoint, persona=st.just(persona), phase=st.just(phase),
                                           score=st.integers(-2, 2), label=st.text(max_size=10)))
        return ch.SetEmotion(persona=persona, phase=phase, point=point)
    target = pick(st.sampled_from(["phase", "lane", "persona"]))
    items = getattr(journey_map, {"phase": "phases", "lane": "lanes", "persona": "personas"}[target])
    if kind == "insert":
        item_id = pick(st.sampled_from(["fresh"] + [item.id for item in items]))
        item = {"phase": Phase(id=item_id, name="New"), "persona": Persona(id=item_id, name="New"),
                "lane": Lane(id=item_id, name="New", kind=pick(st.sampled_from(["notes", "emotions"])))}[target]
        return ch.InsertItem(target=target, index=pick(st.integers(0, len(items) + 1)), item=item)
    if kind == "batch":
        return ch.Batch(changes=[a_change(journey_map, data, 1) for _ in range(pick(st.integers(1, 3)))])
    item_id = pick(st.sampled_from([item.id for item in items] + ["ghost"]))
    if kind == "move_item":
        return ch.MoveItem(target=target, item_id=item_id, index=pick(st.integers(0, len(items))))
    return ch.RemoveItem(target=target, item_id=item_id)


@fast
@given(journey_maps(), st.data())
def test_every_change_round_trips_through_json_and_its_inverse_restores_the_map_exactly(journey_map, data):
    from app.operations import changes as ch

    index = CardIndex(journey_map) if data.draw(st.booleans()) else None
    for _step in range(4):
        change = a_change(journey_map, data)
        assert ch.from_json(ch.to_json(change)) == change
        before = dump(journey_map)
        try:
            inverse = ch.apply_checked(journey_map, change, index)
        except ch.ChangeRefusedError as refused:
            assert refused.problems and dump(journey_map) == before  # refused: nothing changed
            continue
        assert map_problems(journey_map) == []  # a change that was let in keeps every rule
        after = dump(journey_map)
        inverse = ch.from_json(ch.to_json(inverse))  # the inverse is a value too
        redo = ch.apply(journey_map, inverse, index)
        assert dump(journey_map) == before
        ch.apply(journey_map, ch.from_json(ch.to_json(redo)), index)
        assert dump(journey_map) == after  # and the inverse of the inverse makes the change again
        if index is not None:
            assert_index_agrees(index, journey_map)


def test_a_refused_change_says_why_in_words():
    from app.operations import changes as ch

    journey_map = grid_map(1)
    cases = [
        (ch.MoveCards(card_ids=["pat0"], persona="p", phase="a", lane="e"), "the emotion curve holds no cards"),
        (ch.AddCards(placed=[(0, Card(id="pat0", persona="p", phase="a", lane="t"))]), "id 'pat0' is already used"),
        (ch.RemoveCards(card_ids=["nope"]), "there is no card 'nope'"),
        (ch.SetFields(target="lane", item_id="t", values={"kind": "emotions"}), "holds 4 cards"),
        (ch.SetFields(target="card", item_id="pat0", values={"severity": 9}), "severity"),
        (ch.SetEmotion(persona="p", phase="zz", point=None), "there is no phase 'zz'"),
        (ch.InsertItem(target="phase", index=0, item=Phase(id="a", name="A")), "phase id 'a' is already used"),
        (ch.InsertItem(target="lane", index=9, item=Lane(id="e2", name="E")), "no place 9 among 3 lanes"),
        (ch.RemoveItem(target="persona", item_id="zz"), "there is no persona 'zz'"),
        (ch.InsertItem(target="phase", index=0, item=Phase(id="n", name="N"),
                       cards=[(0, Card(id="x", persona="p", phase="n", lane="e"))]), "holds no cards"),
        (ch.Batch(changes=[ch.RemoveCards(card_ids=["pat0"]), ch.RemoveCards(card_ids=["pat0"])]), "no card"),
    ]
    before = dump(journey_map)
    for change, reason in cases:
        with pytest.raises(ch.ChangeRefusedError) as refused:
            ch.apply_checked(journey_map, change)
        assert reason in str(refused.value), change
        assert dump(journey_map) == before, change


def test_a_duplicated_persona_brings_copies_of_its_journey_and_its_inverse_takes_them_away():
    from app.operations import changes as ch

    journey_map = grid_map(2)
    before = dump(journey_map)
    copy = ch.duplicate_persona(journey_map, "p", "P again")
    assert dump(journey_map) == before  # making the change changes nothing yet
    assert (copy.index, copy.item.name) == (1, "P again") and copy.item.id not in {"p", "q"}
    inverse = ch.apply_checked(journey_map, ch.from_json(ch.to_json(copy)))
    assert [p.id for p in journey_map.personas] == ["p", copy.item.id, "q"]
    mine = [c for c in journey_map.cards if c.persona == copy.item.id]
    originals = [c for c in journey_map.cards if c.persona == "p"]
    assert [(c.phase, c.lane, c.text) for c in mine] == [(c.phase, c.lane, c.text) for c in originals]
    assert len(mine) == 8 and not {c.id for c in mine} & {c.id for c in originals}
    assert journey_map.cards[-len(mine):] == mine  # after every other card
    assert [(e.phase, e.score) for e in journey_map.emotions if e.persona == copy.item.id] == [
        (e.phase, e.score) for e in journey_map.emotions if e.persona == "p"]
    assert map_problems(journey_map) == []
    ch.apply(journey_map, inverse)
    assert dump(journey_map) == before


@pytest.mark.parametrize(("cell", "steps", "cards_only", "expected"), [
    (("a", "t"), (1, 1), False, ("b", "u")),
    (("b", "u"), (1, 1), False, ("b", "e")),  # arrows reach the emotion lane ...
    (("b", "u"), (1, 1), True, ("b", "u")),  # ... Ctrl+arrows never move a card there
    (("a", "t"), (-1, -1), True, ("a", "t")),  # held at the grid's top-left
    (("b", "e"), (-1, 5), False, ("a", "e")),  # and at its bottom
    (("b", "e"), (0, -1), True, ("b", "t")),  # from the emotion lane, a card lane is the first
    (None, (1, 1), False, ("a", "t")),  # no cell yet: the first
    (("gone", "t"), (1, 0), True, ("a", "t")),
])
def test_the_neighbour_cell_stays_in_the_grid_and_out_of_the_emotion_lane_for_cards(cell, steps, cards_only,
                                                                                   expected):
    assert ops.neighbour_cell(grid_map(0), cell, *steps, cards_only=cards_only) == expected


def test_a_grid_without_phases_or_lanes_has_no_neighbour_cell():
    empty = grid_map(0).model_copy(update={"phases": []})
    assert ops.neighbour_cell(empty, None, 1, 0) is None
    emotions_only = grid_map(0)
    emotions_only.lanes = [lane for lane in emotions_only.lanes if lane.kind == "emotions"]
    assert ops.neighbour_cell(emotions_only, None, 0, 1, cards_only=True) is None


@pytest.mark.parametrize("change", [
    {"kind": "move_cards", "card_ids": ["pat0", "pat0"], "persona": "q", "phase": "b", "lane": "u"},
    {"kind": "set_fields", "target": "map", "item_id": "", "values": {"schema_version": "2.0"}},
    {"kind": "set_fields", "target": "map", "item_id": "", "values": {"format": "other"}},
])
def test_changes_that_would_leave_a_map_that_cannot_be_saved_or_opened_are_refused(change):
    """A card named twice in a move would be copied; a map edited to say another file format would not open."""
    from app.operations.changes import ChangeRefusedError, apply_checked, from_json

    journey_map = grid_map(1)
    before = journey_map.model_dump()
    with pytest.raises(ChangeRefusedError) as refused:
        apply_checked(journey_map, from_json(json.dumps(change)))
    assert refused.value.problems and journey_map.model_dump() == before


def test_the_arrow_keys_neighbour_cell_reaches_the_emotion_lane_unless_asked_for_card_cells():
    """Without ``cards_only`` (the plain arrow keys of the view) every lane is a cell to go to."""
    assert ops.neighbour_cell(grid_map(0), ("a", "u"), 0, 1) == ("a", "e")
    assert ops.neighbour_cell(grid_map(0), ("a", "e"), 1, 0) == ("b", "e")


def test_a_copy_whose_drawn_id_is_already_a_cards_draws_again_a_card_id(monkeypatch):
    """The random id of a copy can be one a card of the map already has: the copy draws again, and its new id
    is a card id like every other (``c-`` and six letters or digits), not the first one's."""
    from app.model import ids

    draws = iter([0, 1, 0, 1])
    monkeypatch.setattr(ids.secrets, "randbelow", lambda _space: next(draws))
    first, second = ids.new_id("c", set()), ids.new_id("c", set())  # the ids draws 0 and 1 give
    journey_map = grid_map(1)
    journey_map.cards[0].id = first
    [copy] = ops.copy_cards(journey_map, [journey_map.cards[1]])
    assert copy.id == second == "c-baaaaa"


def test_a_duplicated_persona_keeps_its_emotion_points_in_their_order_after_every_other_point():
    from app.operations import changes as ch

    journey_map = grid_map(1)
    journey_map.emotions = [EmotionPoint(persona="p", phase="a", score=1),
                            EmotionPoint(persona="q", phase="b", score=-2),
                            EmotionPoint(persona="p", phase="b", score=2)]
    copy = ch.duplicate_persona(journey_map, "p", "P again")
    ch.apply_checked(journey_map, copy)
    assert [(e.persona, e.phase, e.score) for e in journey_map.emotions] == [
        ("p", "a", 1), ("q", "b", -2), ("p", "b", 2), (copy.item.id, "a", 1), (copy.item.id, "b", 2)]
    assert map_problems(journey_map) == []


def test_cards_placed_where_there_is_no_persona_phase_or_lane_are_refused_naming_what_is_missing():
    """Adding or moving cards to a cell that is not there says which of its places is missing, in words, every
    reason once and the reasons one after the other."""
    from app.operations import changes as ch

    journey_map = grid_map(1)
    before = dump(journey_map)
    cases = [
        (ch.AddCards(placed=[(0, Card(id="new", persona="p", phase="zz", lane="t"))]), ["there is no phase 'zz'"]),
        (ch.AddCards(placed=[(0, Card(id="new", persona="nobody", phase="a", lane="t")),
                             (1, Card(id="new2", persona="p", phase="a", lane="gone"))]),
         ["there is no persona 'nobody'", "there is no lane 'gone'"]),
        (ch.MoveCards(card_ids=["pat0"], persona="p", phase="zz", lane="t"), ["there is no phase 'zz'"]),
    ]
    for change, reasons in cases:
        with pytest.raises(ch.ChangeRefusedError) as refused:
            ch.apply_checked(journey_map, change)
        assert (refused.value.problems, str(refused.value)) == (reasons, "; ".join(reasons))  # one sentence each
        assert dump(journey_map) == before


def test_an_edit_of_the_maps_title_or_a_phase_does_not_check_every_card(monkeypatch):
    """A keystroke in the map's title (or in a phase's name) is checked on its own value: the map's rules, a pass
    over every card, run only when the map's lists themselves are replaced."""
    journey_map = grid_map(1)
    checked: list[JourneyMap] = []
    real = ops.map_problems
    monkeypatch.setattr(ops, "map_problems", lambda m: checked.append(m) or real(m))
    assert ops.edit_problems(journey_map, journey_map, {"title": "New title", "goal": "Why"}) == []
    assert ops.edit_problems(journey_map, journey_map.phases[0], {"name": "Renamed"}) == []
    assert checked == []
    assert ops.edit_problems(journey_map, journey_map, {"cards": journey_map.cards[:2]}) == []
    assert len(checked) == 1


def test_an_edit_of_the_file_format_and_of_other_fields_names_every_problem():
    """The file format's fields are not edits; the fields after them are still checked, each problem named."""
    journey_map = grid_map(1)
    problems = ops.edit_problems(journey_map, journey_map,
                                 {"schema_version": "2.0", "format": "other", "id": "no spaces", "colour": "red"})
    assert problems[:2] == [
        "schema_version is the file format's, not an edit (a map saved with another could not open)",
        "format is the file format's, not an edit (a map saved with another could not open)"]
    assert problems[2].startswith("id: ") and problems[3] == "'colour' is not a field of this map"
    assert len(problems) == 4 and journey_map.id == "m"


def test_cards_added_at_the_end_of_the_list_go_last_and_a_place_beyond_the_new_list_is_refused():
    """Places count in the list after the cards are in: two cards into a map of n may go up to place n + 2 (the
    list's end, where they are appended), and the undo takes them away again; n + 3 is refused in words."""
    from app.operations import changes as ch

    journey_map = grid_map(1)
    n = len(journey_map.cards)
    before = dump(journey_map)
    new = [Card(id=f"new{i}", persona="p", phase="a", lane="t", text=f"new {i}") for i in range(2)]
    assert ch.problems(journey_map, ch.AddCards(placed=[(n + 1, new[0]), (n + 2, new[1])])) == []
    inverse = ch.apply_checked(journey_map, ch.AddCards(placed=[(n + 1, new[0]), (n + 2, new[1])]))
    assert [c.id for c in journey_map.cards[-2:]] == ["new0", "new1"] and len(journey_map.cards) == n + 2
    ch.apply_checked(journey_map, inverse)
    assert dump(journey_map) == before
    beyond = ch.AddCards(placed=[(n + 1, new[0]), (n + 3, new[1])])
    assert ch.problems(journey_map, beyond) == [f"no place {n + 3} in a list of {n} cards"]
    assert ch.problems(journey_map, ch.AddCards(placed=[(-1, new[0])])) == [f"no place -1 in a list of {n} cards"]


def test_a_move_names_a_card_twice_or_a_cell_missing_a_part_in_words():
    """A move of cards to a whole cell is fine; one naming a card twice, or a cell without a persona, phase or
    lane, is refused with its reason, and only that."""
    from app.operations import changes as ch

    journey_map = grid_map(1)
    assert ch.problems(journey_map, ch.MoveCards(card_ids=["pat0", "pbu0"], persona="q", phase="b", lane="u")) == []
    assert ch.problems(journey_map, ch.MoveCards(card_ids=["pat0", "pat0"], persona="q", phase="b", lane="u")) == [
        "the card 'pat0' is named more than once"]
    for cell in (("", "b", "u"), ("q", "", "u"), ("q", "b", "")):
        move = ch.MoveCards(card_ids=["pat0"], persona=cell[0], phase=cell[1], lane=cell[2])
        assert ch.problems(journey_map, move) == ["a card needs a cell"], cell


@pytest.mark.parametrize("language, wordings", [
    ("en", {("phase", 1): "no place 4 among 1 phase", ("phase", 2): "no place 4 among 2 phases",
            ("lane", 1): "no place 4 among 1 lane", ("lane", 2): "no place 4 among 2 lanes",
            ("persona", 1): "no place 4 among 1 persona", ("persona", 2): "no place 4 among 2 personas"}),
    ("de", {("phase", 1): "keine Stelle 4 bei 1 Phase", ("phase", 2): "keine Stelle 4 bei 2 Phasen",
            ("lane", 1): "keine Stelle 4 bei 1 Zeile", ("lane", 2): "keine Stelle 4 bei 2 Zeilen",
            ("persona", 1): "keine Stelle 4 bei 1 Persona", ("persona", 2): "keine Stelle 4 bei 2 Personas"}),
])
def test_an_insert_beyond_the_end_names_the_kind_of_item_in_the_right_plural(language, wordings):
    """Every structure list says what it holds, in one and in many, in both languages."""
    from app import i18n
    from app.operations import changes as ch

    items = {"phase": lambda n: Phase(id=n, name=n), "lane": lambda n: Lane(id=n, name=n),
             "persona": lambda n: Persona(id=n, name=n)}
    i18n.set_language(language)
    try:
        for (target, count), wording in wordings.items():
            journey_map = JourneyMap(
                id="m", title="T",
                phases=[Phase(id=f"a{i}", name="A") for i in range(count if target == "phase" else 1)],
                lanes=[Lane(id=f"l{i}", name="L") for i in range(count if target == "lane" else 1)],
                personas=[Persona(id=f"p{i}", name="P") for i in range(count if target == "persona" else 1)],
            )
            change = ch.InsertItem(target=target, index=4, item=items[target]("new"))
            with pytest.raises(ch.ChangeRefusedError) as refused:
                ch.apply_checked(journey_map, change)
            assert refused.value.problems == [wording]
    finally:
        i18n.set_language("en")


def test_unknown_fields_given_as_surrogate_pairs_hold_the_characters_a_file_reads_back():
    """A newer version's field that came as JSON escapes ("\\ud83d\\ude00") holds the one character, in keys,
    lists and nested objects alike, so the map equals what saving and loading it gives."""
    from app.operations import changes as ch

    journey_map = grid_map(1)
    split = "\ud83d\ude00"  # 😀 as two UTF-16 code units
    change = ch.SetUnknownFields(target="map", item_id=journey_map.id,
                                 values={"x_mood": f"{split} ok", "x_list": [split], "x_nested": {split: split}})
    assert change.values == {"x_mood": "😀 ok", "x_list": ["😀"], "x_nested": {"😀": "😀"}}
    ch.apply_checked(journey_map, change)
    assert journey_map.__pydantic_extra__["x_mood"] == "😀 ok"
    lone = ch.SetUnknownFields(target="map", item_id=journey_map.id, values={"x_lone": "\ud83d"})
    assert lone.values == {"x_lone": "\ud83d"}  # half a pair stays as it is (the file writes it escaped)


def test_a_kpi_table_that_breaks_its_rules_is_refused_in_the_models_words():
    """The KPI table's own rules (every value names a metric, one value per place, unique metric ids) are
    refused with each broken rule named, as the model words it: no "Value error, " from the library."""
    journey_map = grid_map(1)
    kpis = {"metrics": [{"id": "nps", "name": "NPS"}, {"id": "nps", "name": "NPS again"}],
            "values": [{"metric": "csat", "phase": "a", "value": 1},
                       {"metric": "nps", "phase": "a", "value": 1}, {"metric": "nps", "phase": "a", "value": 2}]}
    problems = ops.edit_problems(journey_map, journey_map, {"kpis": kpis})
    assert problems == ["kpis: " + "; ".join([
        "kpis.metrics: id 'nps' is used more than once (first at kpis.metrics[0])",
        "kpis.values[0].metric: no metric with id 'csat'",
        "kpis.values[2]: a second value of metric 'nps' in phase 'a' (first at kpis.values[1])",
    ])]
    assert journey_map.kpis is None  # only tried
    good = {"metrics": [{"id": "nps", "name": "NPS"}], "values": [{"metric": "nps", "phase": "a", "value": 1},
                                                                  {"metric": "nps", "phase": "b", "value": 2}]}
    assert ops.edit_problems(journey_map, journey_map, {"kpis": good}) == []
