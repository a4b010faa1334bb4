"""Every change of the change layer, made with the editor's card index and then undone, leaves the index
answering exactly as one built afresh over the map would, and leaves the map exactly as it was.

The canvas and the change functions ask the index instead of walking the map's cards (the card with an id,
a cell's cards in map order, a card's cell and list position): an index that missed an edit would show a
card in its old cell, lose a renamed card or refuse to undo. It is also what keeps an edit's cost from
growing with the map, so an edit of a few cards made with it never walks the map's whole card list.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.operations import changes as ch
from app.operations.index import CardIndex

PERSONAS = ("p", "q")
PHASES = ("a", "b")
LANES = ("t", "u")


def grid_map(cards_per_cell: int = 2, personas: tuple[str, ...] = PERSONAS) -> JourneyMap:
    """Personas x phases x two card lanes (and an emotion lane); cards named persona+phase+lane+n, each with
    a tag list and a nested unknown field, so that shared nested values would show."""
    cards = [
        Card(id=f"{p}{ph}{ln}{n}", persona=p, phase=ph, lane=ln, text=f"{p}{ph}{ln}{n}", tags=["tag"],
             **{"x-note": {"seen": [n]}})
        for p in personas for ph in PHASES for ln in LANES for n in range(cards_per_cell)
    ]
    return JourneyMap(
        id="m", title="Grid",
        phases=[Phase(id=ph, name=ph.upper()) for ph in PHASES],
        lanes=[Lane(id="t", name="T", kind="touchpoints"), Lane(id="u", name="U", kind="pain_points"),
               Lane(id="e", name="E", kind="emotions")],
        personas=[Persona(id=p, name=p.upper()) for p in personas],
        cards=cards,
        emotions=[EmotionPoint(persona="p", phase="a", score=1)],
    )


def dump(journey_map: JourneyMap) -> dict:
    return journey_map.model_dump(mode="json")


def new_card(card_id: str, persona: str = "q", phase: str = "b", lane: str = "u") -> Card:
    return Card(id=card_id, persona=persona, phase=phase, lane=lane, text=card_id)


def assert_index_agrees(index: CardIndex, journey_map: JourneyMap) -> None:
    """Every answer of the kept index is the answer of an index built afresh over the map."""
    fresh = CardIndex(journey_map)
    ids = {card.id for card in journey_map.cards}
    assert set(index.by_id) == ids
    for card in journey_map.cards:
        assert index.card(card.id) is card
        assert card.id in index
        assert index.cell_of(card.id) == fresh.cell_of(card.id) == (card.persona, card.phase, card.lane)
    for persona in [*PERSONAS, "r"]:
        kept = {key: [id(c) for c in cards] for key, cards in index.cells(persona).items() if cards}
        built = {key: [id(c) for c in cards] for key, cards in fresh.cells(persona).items() if cards}
        assert kept == built, persona
        for phase in PHASES:
            for lane in LANES:
                assert [c.id for c in index.cell(persona, phase, lane)] == [
                    c.id for c in journey_map.cards if (c.persona, c.phase, c.lane) == (persona, phase, lane)]
    for position, card in enumerate(journey_map.cards):
        assert index.position(card) == position


#: card changes by name, each made on a grid map of two cards a cell (ids "paT0" ... "qbu1")
CARD_CHANGES: dict[str, Callable[[], ch.Change]] = {
    "add one at the start": lambda: ch.AddCards(placed=[(0, new_card("n1"))]),
    "add one at the end": lambda: ch.AddCards(placed=[(16, new_card("n1", "p", "a", "t"))]),
    "add several": lambda: ch.AddCards(placed=[(1, new_card("n1", "p", "a", "t")), (5, new_card("n2")),
                                               (18, new_card("n3", "p", "a", "t"))]),
    "remove one": lambda: ch.RemoveCards(card_ids=["pat1"]),
    "remove several": lambda: ch.RemoveCards(card_ids=["qbu0", "pat0", "pbt1"]),
    "move one to another persona": lambda: ch.MoveCards(card_ids=["pat0"], persona="q", phase="b", lane="u",
                                                        position=1),
    "move several to the start of a cell": lambda: ch.MoveCards(card_ids=["qbu1", "pau0", "pat1"], persona="p",
                                                                phase="b", lane="t", position=0),
    "move within a cell": lambda: ch.MoveCards(card_ids=["pat0"], persona="p", phase="a", lane="t"),
    "set a text": lambda: ch.SetFields(target="card", item_id="pbu0", values={"text": "new"}),
    "set the persona": lambda: ch.SetFields(target="card", item_id="pau1", values={"persona": "q"}),
    "set the phase": lambda: ch.SetFields(target="card", item_id="pau1", values={"phase": "b"}),
    "set the lane": lambda: ch.SetFields(target="card", item_id="pau0", values={"lane": "t"}),
    "set the id": lambda: ch.SetFields(target="card", item_id="pbu0", values={"id": "renamed"}),
    "set the id and the cell": lambda: ch.SetFields(target="card", item_id="qat1",
                                                    values={"id": "renamed", "lane": "u", "persona": "p"}),
    "set the same id": lambda: ch.SetFields(target="card", item_id="pbu0", values={"id": "pbu0", "text": "x"}),
    "set an unknown field": lambda: ch.SetUnknownFields(target="card", item_id="qau1", values={"x-new": [1]},
                                                        removed=["x-note"]),
    "batch": lambda: ch.Batch(changes=[
        ch.AddCards(placed=[(3, new_card("n1", "p", "b", "t"))]),
        ch.MoveCards(card_ids=["n1", "pat0"], persona="q", phase="a", lane="t", position=0),
        ch.SetFields(target="card", item_id="n1", values={"id": "n2", "phase": "b"}),
        ch.RemoveCards(card_ids=["pau1"]),
    ]),
}
#: edits of the map and its phases, lanes and personas, which own no card of their own yet are given the index
OTHER_CHANGES: dict[str, Callable[[], ch.Change]] = {
    "set a phase's name": lambda: ch.SetFields(target="phase", item_id="a", values={"name": "First"}),
    "set a phase's id to itself": lambda: ch.SetFields(target="phase", item_id="b", values={"id": "b", "name": "B2"}),
    "set a lane's id to itself": lambda: ch.SetFields(target="lane", item_id="t", values={"id": "t"}),
    "set a persona's id to itself": lambda: ch.SetFields(target="persona", item_id="q",
                                                         values={"id": "q", "role": "buyer"}),
    "set the map's title": lambda: ch.SetFields(target="map", values={"title": "Renamed"}),
    "set the map's id to itself": lambda: ch.SetFields(target="map", values={"id": "m", "title": "T"}),
    "set a phase's unknown field": lambda: ch.SetUnknownFields(target="phase", item_id="b", values={"x-a": 1}),
    "set a lane's unknown field": lambda: ch.SetUnknownFields(target="lane", item_id="u", values={"x-a": {"b": 2}}),
    "set an emotion point": lambda: ch.SetEmotion(persona="q", phase="a", point=EmotionPoint(persona="q", phase="a",
                                                                                             score=2)),
}
#: structure edits, which take cards with them or bring them back
STRUCTURE_CHANGES: dict[str, Callable[[], ch.Change]] = {
    "remove a phase": lambda: ch.RemoveItem(target="phase", item_id="a"),
    "remove a lane": lambda: ch.RemoveItem(target="lane", item_id="u"),
    "remove a persona": lambda: ch.RemoveItem(target="persona", item_id="p"),
    "remove an empty lane": lambda: ch.RemoveItem(target="lane", item_id="e"),
    "insert a phase with cards": lambda: ch.InsertItem(
        target="phase", index=1, item=Phase(id="c", name="C"),
        cards=[(0, new_card("n1", "q", "c", "t")), (9, new_card("n2", "p", "c", "u"))]),
    "insert a lane without cards": lambda: ch.InsertItem(target="lane", index=0, item=Lane(id="v", name="V")),
    "move a persona": lambda: ch.MoveItem(target="persona", item_id="q", index=0),
    "batch with a structure edit": lambda: ch.Batch(changes=[
        ch.SetFields(target="card", item_id="qat0", values={"phase": "b"}),
        ch.RemoveItem(target="phase", item_id="a"),
        ch.AddCards(placed=[(2, new_card("n1", "p", "b", "t"))]),
    ]),
}


@pytest.mark.parametrize("make", [*CARD_CHANGES.values(), *OTHER_CHANGES.values(), *STRUCTURE_CHANGES.values()],
                         ids=[*CARD_CHANGES, *OTHER_CHANGES, *STRUCTURE_CHANGES])
def test_a_change_its_undo_and_its_redo_keep_the_index_as_built_afresh_and_the_undo_is_exact(make):
    journey_map = grid_map()
    index = CardIndex(journey_map)
    before = dump(journey_map)
    change = make()
    inverse = ch.apply_checked(journey_map, change, index)
    assert_index_agrees(index, journey_map)
    after = dump(journey_map)
    redo = ch.apply(journey_map, inverse, index)  # an undo is unchecked: it was made on this map
    assert_index_agrees(index, journey_map)
    assert dump(journey_map) == before
    ch.apply(journey_map, redo, index)
    assert_index_agrees(index, journey_map)
    assert dump(journey_map) == after


@pytest.mark.parametrize("target", ["card", "phase", "lane", "persona", "map"])
@pytest.mark.parametrize("indexed", [True, False], ids=["index", "no index"])
def test_the_undo_of_a_field_edit_names_the_item_as_it_is_then_and_its_own_undo_is_the_edit(target, indexed):
    """A card whose id the edit changes is found under its new id; everything else under the id it was given."""
    journey_map = grid_map()
    index = CardIndex(journey_map) if indexed else None
    item_id, values = {
        "card": ("pbt1", {"id": "renamed", "text": "new"}),
        "phase": ("b", {"name": "Later"}),
        "lane": ("u", {"name": "Pains"}),
        "persona": ("q", {"name": "Quinn"}),
        "map": ("", {"title": "New title"}),
    }[target]
    before = dump(journey_map)
    change = ch.SetFields(target=target, item_id=item_id, values=values)
    inverse = ch.apply_checked(journey_map, change, index)
    assert inverse.item_id == ("renamed" if target == "card" else item_id)
    assert ch.apply_checked(journey_map, inverse, index) == change
    assert dump(journey_map) == before
    if index is not None:
        assert_index_agrees(index, journey_map)


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "no index"])
def test_the_undo_of_a_move_and_of_its_undo_keeps_the_cards_as_they_were_then(indexed):
    """The cards a PlaceCards carries are a record of that moment: editing the live cards' nested values
    later (their tags, an unknown field's contents) does not rewrite the record."""
    journey_map = grid_map()
    index = CardIndex(journey_map) if indexed else None
    undo = ch.apply_checked(journey_map, ch.MoveCards(card_ids=["pat0", "qbu1"], persona="q", phase="a",
                                                      lane="t", position=0), index)
    recorded_undo = ch.to_json(undo)
    redo = ch.apply(journey_map, undo, index)
    recorded_redo = ch.to_json(redo)
    for card in journey_map.cards:
        card.tags.append("later")
        card.__pydantic_extra__["x-note"]["seen"].append(99)
    assert ch.to_json(undo) == recorded_undo
    assert ch.to_json(redo) == recorded_redo
    assert "later" not in recorded_redo


class CountedList(list):
    """A card list that counts the passes over it (iterations and searches) and its rewrites (an insertion
    moves every card after it; a slice assignment writes the list anew)."""

    walks = 0
    rewrites = 0

    def insert(self, at, item) -> None:
        CountedList.rewrites += 1
        super().insert(at, item)

    def __setitem__(self, key, value) -> None:
        CountedList.rewrites += isinstance(key, slice)
        super().__setitem__(key, value)

    def __iter__(self):
        CountedList.walks += 1
        return super().__iter__()

    def __contains__(self, item) -> bool:
        CountedList.walks += 1
        return super().__contains__(item)

    def index(self, *args):
        CountedList.walks += 1
        return super().index(*args)

    def count(self, item) -> int:
        CountedList.walks += 1
        return super().count(item)


#: edits of some cards of a big map (12 cells of 40 cards: ids "paT0" ... "rbu39"), made in its middle and end.
#: A change of a card's id is left out: the index forgets the old id's position and learns all positions
#: again, once (ids are rarely changed).
BIG_CHANGES: dict[str, Callable[[], ch.Change]] = {
    "add one at the end": lambda: ch.AddCards(placed=[(480, new_card("n1", "r", "b", "u"))]),
    "add one in the middle": lambda: ch.AddCards(placed=[(200, new_card("n1", "q", "b", "t"))]),
    "add several": lambda: ch.AddCards(placed=[(100, new_card("n1")), (300, new_card("n2", "r", "a", "t")),
                                               (470, new_card("n3", "r", "b", "u"))]),
    "remove one": lambda: ch.RemoveCards(card_ids=["qbt7"]),
    "remove several": lambda: ch.RemoveCards(card_ids=["rbu39", "qat3", "rat20"]),
    "move one across the map": lambda: ch.MoveCards(card_ids=["rbu30"], persona="q", phase="a", lane="u",
                                                    position=5),
    "move several into a cell": lambda: ch.MoveCards(card_ids=["qbt3", "rbt4"], persona="r", phase="a", lane="u"),
    "move a selection of 30 cards": lambda: ch.MoveCards(card_ids=[f"qat{n}" for n in range(30)], persona="r",
                                                         phase="b", lane="u", position=2),
    "set a text": lambda: ch.SetFields(target="card", item_id="rbt9", values={"text": "new"}),
    "set the cell": lambda: ch.SetFields(target="card", item_id="qbu9", values={"persona": "r", "lane": "t"}),
    "set an unknown field": lambda: ch.SetUnknownFields(target="card", item_id="rbu20", values={"x-new": 1}),
}


@pytest.mark.parametrize("make", BIG_CHANGES.values(), ids=BIG_CHANGES)
def test_an_edit_of_a_few_cards_and_its_undo_never_walk_the_whole_card_list_of_a_big_map(make):
    """Made with the index, checked or not, an edit costs the same on a map of 500 cards as on one of 50."""
    journey_map = grid_map(cards_per_cell=40, personas=("p", "q", "r"))
    journey_map.__dict__["cards"] = CountedList(journey_map.cards)  # as loaded, without validating it again
    index = CardIndex(journey_map)
    CountedList.walks = 0
    inverse = ch.apply_checked(journey_map, make(), index)
    redo = ch.apply(journey_map, inverse, index)
    ch.apply(journey_map, redo, index)
    # in a live session an undo and a redo are checked first: the checks ask the index too
    redo = ch.apply_checked(journey_map, inverse, index)
    ch.apply_checked(journey_map, redo, index)
    assert CountedList.walks == 0
    assert_index_agrees(index, journey_map)


@pytest.mark.parametrize("count", [2, 3, 200])
@pytest.mark.parametrize("first", [0, 1, 240, 480], ids=["at the start", "after the first", "in the middle",
                                                         "at the end"])
def test_a_paste_of_many_cards_writes_the_card_list_once_not_once_per_card(first, count):
    """Cards pasted at consecutive places, wherever they start: one pass over the list (pasting thousands of
    cards one insertion at a time was quadratic), and the cards land where they were placed."""
    journey_map = grid_map(cards_per_cell=40, personas=("p", "q", "r"))
    journey_map.__dict__["cards"] = CountedList(journey_map.cards)
    index = CardIndex(journey_map)
    placed = [(first + n, new_card(f"n{n}", "q", "a", "u")) for n in range(count)]
    CountedList.rewrites = 0
    ch.apply_checked(journey_map, ch.AddCards(placed=placed), index)
    assert CountedList.rewrites == 1
    assert [journey_map.cards[at] for at, _card in placed] == [card for _at, card in placed]
    assert len(journey_map.cards) == 480 + count
    assert_index_agrees(index, journey_map)
