"""Why a change cannot be made, said before it is made: every kind of change ``problems`` checks, each
refusal in its exact words, the same answers with and without the editor's card index, and nothing to say
about a change that is fine. ``apply_checked`` refuses with those words and leaves the map as it was.

The random change sequences (tests/test_change_sequences.py) reach these refusals only by luck; here each
is asked for by name.
"""

from __future__ import annotations

import pytest

from app import i18n
from app.model import Card, EmotionPoint, JourneyMap
from app.operations import changes as ch
from app.operations.index import CardIndex
from tests.test_operations_behaviour import dump, grid_map

PATHS = pytest.mark.parametrize("indexed", [False, True], ids=["no index", "index"])


def card(card_id: str = "new", persona: str = "p", phase: str = "a", lane: str = "t") -> Card:
    return Card(id=card_id, persona=persona, phase=phase, lane=lane)


def moved(card_id: str, **cell: str) -> Card:
    """A copy of a grid card with another cell (what a PlaceCards carries)."""
    return grid_map().cards[[c.id for c in grid_map().cards].index(card_id)].model_copy(update=cell)


def asked(journey_map: JourneyMap, change: ch.Change, indexed: bool) -> list[str]:
    return ch.problems(journey_map, change, CardIndex(journey_map) if indexed else None)


# The grid map: personas p, q; phases a, b; card lanes t, u and the emotion lane e; 24 cards named
# persona-phase-lane-n (pat0 ... qbu2).
REFUSED = {
    "add: id in the map": (
        ch.AddCards(placed=[(0, card("pat0"))]), ["the card id 'pat0' is already used"]),
    "add: id twice in the change": (
        ch.AddCards(placed=[(0, card("new")), (1, card("new"))]),
        ["the card id 'new' is already used", "the card id 'new' is already used"]),
    "add: place past the end": (
        ch.AddCards(placed=[(26, card())]), ["no place 26 in a list of 24 cards"]),
    "add: place before the start": (
        ch.AddCards(placed=[(-1, card())]), ["no place -1 in a list of 24 cards"]),
    "add: no such persona": (
        ch.AddCards(placed=[(0, card(persona="zz"))]), ["there is no persona 'zz'"]),
    "add: the emotion curve": (
        ch.AddCards(placed=[(0, card(lane="e"))]), ["the emotion curve holds no cards"]),
    "add: every reason at once": (
        ch.AddCards(placed=[(0, card("pat0", phase="zz")), (99, card("x1"))]),
        ["there is no phase 'zz'", "the card id 'pat0' is already used", "no place 99 in a list of 24 cards"]),
    "remove: no such card": (
        ch.RemoveCards(card_ids=["pat0", "gone", "lost"]), ["there is no card 'gone'", "there is no card 'lost'"]),
    "move: no such card, one named twice": (
        ch.MoveCards(card_ids=["gone", "pat0", "pat0"], persona="q", phase="b", lane="u"),
        ["there is no card 'gone'", "the card 'pat0' is named more than once"]),
    "move: no such cell": (
        ch.MoveCards(card_ids=["pat0"], persona="zz", phase="b", lane="zz"),
        ["there is no persona 'zz'", "there is no lane 'zz'"]),
    "move: the emotion curve": (
        ch.MoveCards(card_ids=["pat0"], persona="q", phase="b", lane="e"), ["the emotion curve holds no cards"]),
    "move: no cell at all": (
        ch.MoveCards(card_ids=["pat0"], persona="", phase="b", lane="t"), ["a card needs a cell"]),
    "place: no such card": (
        ch.PlaceCards(cards=[(0, card("gone"))]), ["there is no card 'gone'"]),
    "place: one named twice, one not there": (
        ch.PlaceCards(cards=[(0, moved("pat0")), (1, moved("pat0", lane="u")), (2, card("gone"))]),
        ["there is no card 'gone'", "the card 'pat0' is named more than once"]),
    "place: two named twice": (
        ch.PlaceCards(cards=[(0, moved("pat0")), (1, moved("qbu2")), (2, moved("pat0")), (3, moved("qbu2"))]),
        ["the card 'pat0' is named more than once", "the card 'qbu2' is named more than once"]),
    "place: no such cell": (
        ch.PlaceCards(cards=[(0, moved("pat0", persona="zz"))]), ["there is no persona 'zz'"]),
    "place: the emotion curve": (
        ch.PlaceCards(cards=[(0, moved("pat0", lane="e"))]), ["the emotion curve holds no cards"]),
    "fields: no such card": (
        ch.SetFields(target="card", item_id="gone", values={"text": "x"}), ["there is no card 'gone'"]),
    "fields: no such phase": (
        ch.SetFields(target="phase", item_id="zz", values={"name": "x"}), ["there is no phase 'zz'"]),
    "fields: not a field": (
        ch.SetFields(target="card", item_id="pat0", values={"colour": "red"}),
        ["'colour' is not a field of this card"]),
    "fields: a card into the emotion curve": (
        ch.SetFields(target="card", item_id="pat0", values={"lane": "e"}), ["the emotion curve holds no cards"]),
    "unknown fields: no such card": (
        ch.SetUnknownFields(target="card", item_id="gone", values={"x-note": 1}), ["there is no card 'gone'"]),
    "unknown fields: no such persona": (
        ch.SetUnknownFields(target="persona", item_id="zz", removed=["x-note"]), ["there is no persona 'zz'"]),
    "unknown fields: known names of a card": (
        ch.SetUnknownFields(target="card", item_id="pat0", values={"x-note": 1, "text": "x"}, removed=["notes"]),
        ["'text' is a field this app knows: it is set as such, not as an unknown one",
         "'notes' is a field this app knows: it is set as such, not as an unknown one"]),
    "unknown fields: a known name of the map": (
        ch.SetUnknownFields(target="map", values={"title": "x"}),
        ["'title' is a field this app knows: it is set as such, not as an unknown one"]),
    "emotion: no such persona": (
        ch.SetEmotion(persona="zz", phase="a"), ["there is no persona 'zz'"]),
    "emotion: no such phase": (
        ch.SetEmotion(persona="p", phase="zz", point=None), ["there is no phase 'zz'"]),
    "emotion: a point of another cell": (
        ch.SetEmotion(persona="p", phase="b", point=EmotionPoint(persona="q", phase="b", score=1)),
        ["the point belongs to another persona or phase"]),
    "emotion: every reason at once": (
        ch.SetEmotion(persona="zz", phase="yy", point=EmotionPoint(persona="p", phase="a")),
        ["there is no persona 'zz'", "there is no phase 'yy'", "the point belongs to another persona or phase"]),
}

FINE = {
    "add": ch.AddCards(placed=[(0, card("new1")), (26, card("new2", persona="q", phase="b", lane="u"))]),
    "add at the very end": ch.AddCards(placed=[(25, card())]),
    "remove": ch.RemoveCards(card_ids=["pat0", "qbu2"]),
    "move": ch.MoveCards(card_ids=["pat0", "qbu2"], persona="q", phase="a", lane="u", position=1),
    "place": ch.PlaceCards(cards=[(5, moved("pat0", lane="u")), (0, moved("qbu2", persona="p"))]),
    "fields of a card": ch.SetFields(target="card", item_id="pbt1", values={"text": "x", "lane": "u"}),
    "fields of the map": ch.SetFields(target="map", values={"title": "New"}),
    "unknown fields of a card": ch.SetUnknownFields(target="card", item_id="pat0", values={"x-note": 1}),
    "unknown fields of a lane": ch.SetUnknownFields(target="lane", item_id="u", values={"x-kind": "a"},
                                                    removed=["x-gone"]),
    "emotion set": ch.SetEmotion(persona="q", phase="a", point=EmotionPoint(persona="q", phase="a", score=2)),
    "emotion removed": ch.SetEmotion(persona="p", phase="a"),
}


@PATHS
@pytest.mark.parametrize("name", list(REFUSED))
def test_each_refusal_is_said_in_its_own_words_with_or_without_the_index(name, indexed):
    change, expected = REFUSED[name]
    journey_map = grid_map()
    before = dump(journey_map)
    assert asked(journey_map, change, indexed) == expected
    assert dump(journey_map) == before  # asking changes nothing


@PATHS
@pytest.mark.parametrize("name", list(REFUSED))
def test_apply_checked_refuses_with_the_same_words_and_leaves_the_map(name, indexed):
    change, expected = REFUSED[name]
    journey_map = grid_map()
    index = CardIndex(journey_map) if indexed else None
    before = dump(journey_map)
    with pytest.raises(ch.ChangeRefusedError) as refused:
        ch.apply_checked(journey_map, change, index)
    assert refused.value.problems == expected
    assert str(refused.value) == "; ".join(expected)
    assert dump(journey_map) == before


@PATHS
@pytest.mark.parametrize("name", list(FINE))
def test_a_change_that_is_fine_has_nothing_said_against_it_and_is_made(name, indexed):
    change = FINE[name]
    journey_map = grid_map()
    index = CardIndex(journey_map) if indexed else None
    assert ch.problems(journey_map, change, index) == []
    before = dump(journey_map)
    inverse = ch.apply_checked(journey_map, change, index)
    assert dump(journey_map) != before
    ch.apply(journey_map, inverse, index)
    assert dump(journey_map) == before


@PATHS
def test_a_list_of_one_card_is_worded_in_the_singular(indexed):
    journey_map = grid_map(0)
    journey_map.cards.append(card("only"))
    change = ch.AddCards(placed=[(5, card())])
    assert asked(journey_map, change, indexed) == ["no place 5 in a list of 1 card"]
    i18n.set_language("de")
    assert asked(journey_map, change, indexed) == ["keine Stelle 5 in einer Liste von 1 Karte"]


@PATHS
def test_refusals_are_in_the_ui_language(indexed):
    journey_map = grid_map()
    i18n.set_language("de")
    change, _english = REFUSED["place: one named twice, one not there"]
    assert asked(journey_map, change, indexed) == [
        "es gibt keine Karte 'gone'", "die Karte 'pat0' ist mehrfach genannt"]
    change, _english = REFUSED["unknown fields: a known name of the map"]
    assert asked(journey_map, change, indexed) == [
        "'title' ist ein Feld, das diese App kennt: Es wird als solches gesetzt, nicht als unbekanntes"]
    change, _english = REFUSED["emotion: a point of another cell"]
    assert asked(journey_map, change, indexed) == ["der Punkt gehört zu einer anderen Persona oder Phase"]
    change, _english = REFUSED["add: id in the map"]
    assert asked(journey_map, change, indexed) == ["die Karten-ID 'pat0' wird schon verwendet"]


@pytest.mark.parametrize("change", [
    ch.InsertItem(target="phase", index=0, item=grid_map().phases[0]),
    ch.RemoveItem(target="lane", item_id="zz"),
    ch.MoveItem(target="persona", item_id="zz", index=0),
    ch.Batch(changes=[ch.RemoveCards(card_ids=["gone"])]),
], ids=["insert", "remove", "move", "batch"])
def test_structure_changes_and_batches_are_left_to_apply_checked(change):
    """They are rare and checked by trying them; ``problems`` has nothing to say about them."""
    journey_map = grid_map()
    assert ch.problems(journey_map, change) == ch.problems(journey_map, change, CardIndex(journey_map)) == []
    with pytest.raises(ch.ChangeRefusedError):
        ch.apply_checked(journey_map, change)


def test_the_index_kept_current_by_changes_gives_the_answers_the_map_gives():
    """The editor's index is updated edit by edit; what it says about cards follows the map."""
    journey_map = grid_map()
    index = CardIndex(journey_map)
    ch.apply_checked(journey_map, ch.AddCards(placed=[(3, card("new"))]), index)
    ch.apply_checked(journey_map, ch.RemoveCards(card_ids=["pat0"]), index)
    questions = [
        ch.AddCards(placed=[(0, card("new")), (1, card("pat0"))]),
        ch.RemoveCards(card_ids=["new", "pat0"]),
        ch.MoveCards(card_ids=["new", "pat0"], persona="q", phase="a", lane="t"),
        ch.PlaceCards(cards=[(0, card("new")), (1, card("pat0"))]),
        ch.SetFields(target="card", item_id="pat0", values={"text": "x"}),
        ch.SetUnknownFields(target="card", item_id="pat0", values={"x-note": 1}),
    ]
    for change in questions:
        assert ch.problems(journey_map, change, index) == ch.problems(journey_map, change)
    assert ch.problems(journey_map, questions[0], index) == ["the card id 'new' is already used"]
    assert ch.problems(journey_map, questions[1], index) == ["there is no card 'pat0'"]


class _CountedScans(list):
    """A map's card list that counts the passes made over it."""

    scans = 0

    def __iter__(self):
        type(self).scans += 1
        return super().__iter__()


@pytest.mark.parametrize("name", [
    *[name for name in REFUSED if name.split(":")[0] in {"add", "remove", "move", "place"}],
    "fields: no such card", "fields: not a field", "fields: a card into the emotion curve",
    "unknown fields: no such card", "unknown fields: known names of a card",
], ids=str)
def test_with_the_index_checking_a_card_change_makes_no_pass_over_the_cards(name, monkeypatch):
    """Card changes come with every keystroke and drag: with the editor's index their check costs no pass
    over every card of the map, however many there are (the index's reason to be)."""
    change, expected = REFUSED[name]
    _check_without_scans(change, expected, monkeypatch)


@pytest.mark.parametrize("name", ["add", "add at the very end", "remove", "move", "place", "fields of a card",
                                  "unknown fields of a card"])
def test_with_the_index_checking_a_fine_card_change_makes_no_pass_over_the_cards(name, monkeypatch):
    _check_without_scans(FINE[name], [], monkeypatch)


def _check_without_scans(change: ch.Change, expected: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    journey_map = grid_map()
    index = CardIndex(journey_map)
    monkeypatch.setattr(_CountedScans, "scans", 0)
    # Past pydantic's assignment check, which would copy the list into a plain one.
    journey_map.__dict__["cards"] = _CountedScans(journey_map.cards)
    assert ch.problems(journey_map, change, index) == expected
    assert _CountedScans.scans == 0
