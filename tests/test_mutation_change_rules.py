"""What the change layer refuses, in the words the editor shows (checked with and without the card index),
and what the undo of an edit of unknown fields puts back: their values and their order in the file."""

from __future__ import annotations

import json

import pytest

from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, map_to_bytes
from app.operations import changes as ch
from app.operations.index import CardIndex


def small_map(cards: int = 3) -> JourneyMap:
    """One persona, two phases, a card lane and the emotion lane; cards c0, c1 ... in phase a."""
    return JourneyMap(
        id="m", title="Small",
        phases=[Phase(id="a", name="A"), Phase(id="b", name="B")],
        lanes=[Lane(id="t", name="T"), Lane(id="e", name="E", kind="emotions")],
        personas=[Persona(id="p", name="P"), Persona(id="q", name="Q")],
        cards=[Card(id=f"c{n}", persona="p", phase="a", lane="t") for n in range(cards)],
    )


def card(card_id: str, phase: str = "b") -> Card:
    return Card(id=card_id, persona="p", phase=phase, lane="t")


def refused(journey_map: JourneyMap, change: ch.Change, indexed: bool) -> list[str]:
    """The reasons ``apply_checked`` gives, after checking that the map is left as it was."""
    index = CardIndex(journey_map) if indexed else None
    before = journey_map.model_dump(mode="json")
    assert ch.problems(journey_map, change, index) != []
    with pytest.raises(ch.ChangeRefusedError) as refusal:
        ch.apply_checked(journey_map, change, index)
    assert journey_map.model_dump(mode="json") == before
    return refusal.value.problems


indexed = pytest.mark.parametrize("indexed", [True, False], ids=["index", "no index"])


@indexed
def test_a_card_added_under_an_id_already_used_is_refused_naming_the_id(indexed):
    assert refused(small_map(), ch.AddCards(placed=[(0, card("c1"))]), indexed) == [
        "the card id 'c1' is already used"]
    twice = refused(small_map(), ch.AddCards(placed=[(0, card("n1")), (1, card("n1"))]), indexed)
    assert set(twice) == {"the card id 'n1' is already used"}


@indexed
@pytest.mark.parametrize(("cards", "position", "words"), [
    (1, 3, "no place 3 in a list of 1 card"),
    (0, 2, "no place 2 in a list of 0 cards"),
    (3, 5, "no place 5 in a list of 3 cards"),
    (3, -1, "no place -1 in a list of 3 cards"),
])
def test_a_card_added_outside_the_list_is_refused_naming_the_place_and_the_count(cards, position, words, indexed):
    assert refused(small_map(cards), ch.AddCards(placed=[(position, card("n1"))]), indexed) == [words]


@indexed
def test_a_placement_of_a_card_that_is_not_there_is_refused_naming_it(indexed):
    assert refused(small_map(), ch.PlaceCards(cards=[(0, card("gone"))]), indexed) == ["there is no card 'gone'"]
    assert refused(small_map(), ch.PlaceCards(cards=[(2, card("c1")), (0, card("gone", "a"))]), indexed) == [
        "there is no card 'gone'"]


@indexed
def test_a_placement_that_names_a_card_twice_is_refused_naming_it(indexed):
    assert refused(small_map(), ch.PlaceCards(cards=[(0, card("c2")), (1, card("c2"))]), indexed) == [
        "the card 'c2' is named more than once"]
    assert refused(small_map(), ch.PlaceCards(cards=[(0, card("c0")), (1, card("c1")), (2, card("c0")),
                                                     (3, card("c0"))]), indexed) == [
        "the card 'c0' is named more than once"]


@indexed
@pytest.mark.parametrize(("target", "item_id", "name"), [
    ("card", "c1", "text"), ("phase", "b", "goal"), ("lane", "t", "kind"), ("persona", "q", "role"),
    ("map", "", "title"),
])
def test_a_known_field_set_or_removed_as_an_unknown_one_is_refused_naming_it(target, item_id, name, indexed):
    words = f"'{name}' is a field this app knows: it is set as such, not as an unknown one"
    assert refused(small_map(), ch.SetUnknownFields(target=target, item_id=item_id, values={name: "x"}),
                   indexed) == [words]
    assert refused(small_map(), ch.SetUnknownFields(target=target, item_id=item_id, removed=[name, "x-free"]),
                   indexed) == [words]
    both = ch.SetUnknownFields(target=target, item_id=item_id, values={"x-new": 1, "id": "z"}, removed=[name])
    assert refused(small_map(), both, indexed) == [
        "'id' is a field this app knows: it is set as such, not as an unknown one", words]


@indexed
def test_an_emotion_point_of_no_persona_no_phase_or_another_cell_is_refused_naming_why(indexed):
    point = EmotionPoint(persona="p", phase="a", score=1)
    assert refused(small_map(), ch.SetEmotion(persona="zz", phase="a"), indexed) == ["there is no persona 'zz'"]
    assert refused(small_map(), ch.SetEmotion(persona="p", phase="zz"), indexed) == ["there is no phase 'zz'"]
    assert refused(small_map(), ch.SetEmotion(persona="y", phase="z"), indexed) == [
        "there is no persona 'y'", "there is no phase 'z'"]
    assert refused(small_map(), ch.SetEmotion(persona="q", phase="a", point=point), indexed) == [
        "the point belongs to another persona or phase"]
    assert refused(small_map(), ch.SetEmotion(persona="p", phase="b", point=point), indexed) == [
        "the point belongs to another persona or phase"]


def test_what_is_not_a_change_is_refused_with_a_type_error_that_shows_it():
    with pytest.raises(TypeError, match=r"^not a change: \{'kind': 'add_cards'\}$"):
        ch.apply(small_map(), {"kind": "add_cards"})


# --- unknown fields: their undo -----------------------------------------------------------------


def with_unknown_fields() -> JourneyMap:
    """A map whose own fields, a card's and a phase's include unknown ones (from a newer version's file)."""
    journey_map = small_map()
    for item in (journey_map, journey_map.cards[1], journey_map.phases[0]):
        item.__pydantic_extra__.update({"x-a": 1, "x-b": {"deep": [2]}, "x-c": "three"})
    return journey_map


TARGETS = [("card", "c1"), ("phase", "a"), ("map", "")]


@pytest.mark.parametrize(("target", "item_id"), TARGETS)
@pytest.mark.parametrize(("values", "removed"), [
    ({}, ["x-b"]),
    ({}, ["x-a", "x-c"]),
    ({"x-a": 10, "x-new": True}, ["x-b"]),
    ({"x-c": None}, []),
    ({"x-new": [1]}, ["x-a"]),
], ids=["remove the middle one", "remove both ends", "set, add and remove", "set the last", "add and remove"])
def test_the_undo_of_an_edit_of_unknown_fields_puts_back_their_values_and_their_order_in_the_file(
        target, item_id, values, removed):
    journey_map = with_unknown_fields()
    index = CardIndex(journey_map)
    before = map_to_bytes(journey_map)
    inverse = ch.apply_checked(journey_map, ch.SetUnknownFields(target=target, item_id=item_id, values=values,
                                                                removed=removed), index)
    after = map_to_bytes(journey_map)
    assert after != before
    redo = ch.apply_checked(journey_map, inverse, index)
    assert map_to_bytes(journey_map) == before  # the same text: values and key order
    ch.apply_checked(journey_map, redo, index)
    assert map_to_bytes(journey_map) == after
    written = json.loads(after)
    item = written if target == "map" else next(x for x in written[f"{target}s"] if x["id"] == item_id)
    assert all(name not in item for name in removed)
    assert all(item[name] == value for name, value in values.items())
