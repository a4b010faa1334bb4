"""The map in a shared document: written and read back exactly, merged as people expect, repaired by rule.

Two documents that exchange their updates stand for two editors of one live session (no network here).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, Text

from app.live import ydoc
from app.live.order import key_between, keys_between, rekeyed
from app.live.replica import Replica, touched_by
from app.live.ydoc import (
    CELL,
    CELL_FIELDS,
    EXTRAS,
    LISTS,
    LIVE_SCHEMA,
    ORDER,
    SCHEMA_KEY,
    TEXT_FIELDS,
    LiveMapError,
    emotion_key,
    read_map,
    update_doc,
    write_map,
)
from app.merge.diff import copy_map
from app.model import Card, load_map
from app.model.fileformat import map_from_bytes, map_from_data, map_to_bytes
from app.operations import changes as ch
from tests.conftest import SAMPLE_FILES, SAMPLES
from tests.strategies import hostile_map_documents, journey_maps, map_changes


def joined(doc: Doc) -> Doc:
    """A second editor's document, synced with ``doc``."""
    other = Doc()
    other.apply_update(doc.get_update())
    return other


def exchange(first: Doc, second: Doc) -> None:
    """Both documents get what the other has (as the server relays updates)."""
    first_state, second_state = first.get_state(), second.get_state()
    second_update, first_update = first.get_update(second_state), second.get_update(first_state)
    second.apply_update(second_update)
    first.apply_update(first_update)


def shared(path=SAMPLES / "fitness-watch.json") -> tuple:
    journey_map = load_map(path)
    doc = Doc()
    write_map(doc, journey_map)
    return journey_map, doc, joined(doc)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_every_sample_reads_back_as_the_same_file_in_another_editor(path):
    journey_map = load_map(path)
    doc = Doc()
    write_map(doc, journey_map)
    live = read_map(joined(doc))
    assert live.repairs == []
    assert map_to_bytes(live.journey_map) == map_to_bytes(journey_map)


def test_an_empty_document_holds_no_map():
    assert read_map(Doc()).journey_map is None


def test_two_people_typing_in_one_card_both_keep_their_words():
    journey_map, mine, theirs = shared()
    card = journey_map.cards[0]
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    ch.apply_checked(first, ch.SetFields(target="card", item_id=card.id, values={"text": card.text + " (Anna) ✓"}))
    ch.apply_checked(second, ch.SetFields(target="card", item_id=card.id, values={"text": "Ben: " + card.text}))
    update_doc(mine, first, touched=[("cards", card.id)], reorder=())
    update_doc(theirs, second, touched=[("cards", card.id)], reorder=())
    exchange(mine, theirs)
    for doc in (mine, theirs):
        texts = {c.id: c.text for c in read_map(doc).journey_map.cards}
        assert texts[card.id] == "Ben: " + card.text + " (Anna) ✓"


def test_two_people_starting_the_notes_of_a_card_at_once_both_keep_their_words():
    """A free text is in the document even while empty: two people who start it at once type into one Y text
    (two new Y texts under one key would keep only one person's words)."""
    journey_map, mine, theirs = shared()
    card = next(card for card in journey_map.cards if not card.notes)
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    ch.apply_checked(first, ch.SetFields(target="card", item_id=card.id, values={"notes": "Anna"}))
    ch.apply_checked(second, ch.SetFields(target="card", item_id=card.id, values={"notes": "Ben"}))
    update_doc(mine, first, touched=[("cards", card.id)], reorder=())
    update_doc(theirs, second, touched=[("cards", card.id)], reorder=())
    exchange(mine, theirs)
    notes = {next(c.notes for c in read_map(doc).journey_map.cards if c.id == card.id) for doc in (mine, theirs)}
    assert notes in ({"AnnaBen"}, {"BenAnna"})


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_items_hold_no_id_and_no_field_at_its_default_but_every_free_text(path):
    """The key is the id and a missing field reads as its default: a joining editor has a third less to read."""
    journey_map = load_map(path)
    doc = Doc()
    write_map(doc, journey_map)
    for name, model in LISTS.items():
        root = doc.get(name, type=Map)
        for item in getattr(journey_map, name):
            key = emotion_key(item.persona, item.phase) if name == "emotions" else item.id
            held = set(root[key].keys()) - {ORDER, EXTRAS}
            assert TEXT_FIELDS[name] <= held
            assert name == "emotions" or "id" not in held
            if name == "cards":  # its cell as one entry, not three fields
                assert json.loads(root[key][CELL]) == [item.persona, item.phase, item.lane]
                assert not held & set(CELL_FIELDS)
                held.discard(CELL)
            for field_name in held - TEXT_FIELDS[name] - set(item.model_extra or {}):
                default = model.model_fields[field_name].get_default(call_default_factory=True)
                assert getattr(item, field_name) != default, (name, key, field_name)


def test_a_room_kept_by_an_earlier_version_reads_the_same(monkeypatch):
    """Rooms outlive the editor (``journeymap serve`` keeps them): an item that still holds its id and its fields
    at their defaults, and a card whose channel and owner are Y texts and whose cell is three fields (schema
    1, no schema mark), reads as before, in one pass; edits go on, and an edited card is written in schema 2."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    doc = Doc()
    write_map(doc, journey_map)
    del doc.get("map", type=Map)[SCHEMA_KEY]
    cards = doc.get("cards", type=Map)
    for card in journey_map.cards:
        held = cards[card.id]
        held["id"] = json.dumps(card.id)
        held["votes"] = json.dumps(card.votes)
        held["channel"], held["owner"] = Text(card.channel), Text(card.owner)
        del held[CELL]
        for field_name in CELL_FIELDS:
            held[field_name] = json.dumps(getattr(card, field_name))
    live = read_map(joined(doc))
    assert map_to_bytes(live.journey_map) == map_to_bytes(journey_map)
    # the cells of schema 1 in the quick read (its channel and owner, Y texts, take the careful one)
    for card in journey_map.cards:
        cards[card.id]["channel"], cards[card.id]["owner"] = json.dumps(card.channel), json.dumps(card.owner)
    with monkeypatch.context() as patched:
        patched.setattr(ydoc, "_repaired_read", None)  # the careful read is not needed
        assert map_to_bytes(read_map(joined(doc)).journey_map) == map_to_bytes(journey_map)
    card = journey_map.cards[0]
    ch.apply_checked(journey_map, ch.MoveCards(card_ids=[card.id], persona=card.persona,
                                               phase=journey_map.phases[-1].id, lane=card.lane))
    update_doc(doc, journey_map, touched=[("cards", card.id)], reorder=["cards"])
    assert map_to_bytes(read_map(joined(doc)).journey_map) == map_to_bytes(journey_map)
    assert json.loads(cards[card.id][CELL]) == [card.persona, journey_map.phases[-1].id, card.lane]
    assert not set(cards[card.id].keys()) & set(CELL_FIELDS)


def test_two_people_moving_one_card_at_once_see_one_move_win_whole():
    """One moves a card to another phase, the other to another lane: the card lands where one of them put it,
    the same on both computers, never in a cell neither chose."""
    journey_map, mine, theirs = shared()
    card = next(c for c in journey_map.cards if c.phase != journey_map.phases[-1].id)
    lane = next(lane.id for lane in journey_map.lanes if lane.kind != "emotions" and lane.id != card.lane)
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    wanted = {(card.persona, journey_map.phases[-1].id, card.lane), (card.persona, card.phase, lane)}
    for copy, (persona, phase, lane_id), doc in zip((first, second), sorted(wanted), (mine, theirs), strict=True):
        ch.apply_checked(copy, ch.MoveCards(card_ids=[card.id], persona=persona, phase=phase, lane=lane_id))
        update_doc(doc, copy, touched=[("cards", card.id)], reorder=["cards"])
    exchange(mine, theirs)
    cells = [{(c.persona, c.phase, c.lane) for c in read_map(doc).journey_map.cards if c.id == card.id}
             for doc in (mine, theirs)]
    assert cells[0] == cells[1]
    assert len(cells[0]) == 1 and cells[0] <= wanted


def test_a_room_written_by_a_newer_version_is_refused_in_words():
    """Read as this schema, a newer one's items would be repaired away and the repair written back for all."""
    _journey_map, doc, _theirs = shared()
    assert doc.get("map", type=Map)[SCHEMA_KEY] == str(LIVE_SCHEMA)
    doc.get("map", type=Map)[SCHEMA_KEY] = str(LIVE_SCHEMA + 1)
    with pytest.raises(LiveMapError, match="newer version"):
        read_map(doc)
    doc.get("map", type=Map)[SCHEMA_KEY] = str(LIVE_SCHEMA)
    assert read_map(doc).journey_map is not None


def test_a_card_whose_cell_is_not_three_ids_is_left_out_by_rule():
    journey_map, doc, _theirs = shared()
    cards = doc.get("cards", type=Map)
    broken = {journey_map.cards[0].id: json.dumps(["p1", "ph1"]), journey_map.cards[1].id: json.dumps("p1"),
              journey_map.cards[2].id: "not json", journey_map.cards[3].id: json.dumps([1, 2, 3])}
    for key, cell in broken.items():
        cards[key][CELL] = cell
    live = read_map(joined(doc))
    assert {c.id for c in live.journey_map.cards} == {c.id for c in journey_map.cards} - set(broken)
    assert len(live.repairs) >= len(broken)


def test_a_field_set_back_to_its_default_leaves_the_document_and_reads_as_the_default():
    journey_map, mine, theirs = shared()
    card = next(card for card in journey_map.cards if card.votes == 0)
    for votes in (3, 0):
        ch.apply_checked(journey_map, ch.SetFields(target="card", item_id=card.id, values={"votes": votes}))
        update_doc(mine, journey_map, touched=[("cards", card.id)], reorder=())
        exchange(mine, theirs)
        assert ("votes" in mine.get("cards", type=Map)[card.id]) == (votes != 0)
        read = read_map(theirs).journey_map
        assert map_to_bytes(read) == map_to_bytes(journey_map)


@pytest.mark.parametrize("target", ["phase", "lane", "persona"])
def test_two_people_moving_two_items_at_once_both_get_their_move(target):
    journey_map, mine, theirs = shared()
    name = target + "s"
    ids = [item.id for item in getattr(journey_map, name)]
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    ch.apply_checked(first, ch.MoveItem(target=target, item_id=ids[0], index=len(ids) - 1))  # first to last
    ch.apply_checked(second, ch.MoveItem(target=target, item_id=ids[-2], index=0))  # last but one to first
    update_doc(mine, first)
    update_doc(theirs, second)
    exchange(mine, theirs)
    orders = [[item.id for item in getattr(read_map(doc).journey_map, name)] for doc in (mine, theirs)]
    assert orders[0] == orders[1]
    assert orders[0][0] == ids[-2] and orders[0][-1] == ids[0]
    assert orders[0][1:-1] == [i for i in ids if i not in (ids[0], ids[-2])]


def test_a_card_added_to_a_lane_someone_removes_is_left_out_and_the_map_stays_valid():
    journey_map, mine, theirs = shared()
    lane = next(lane for lane in journey_map.lanes if lane.kind == "pain_points")
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    ch.apply_checked(first, ch.RemoveItem(target="lane", item_id=lane.id))
    card = Card(id="new1", persona=journey_map.personas[0].id, phase=journey_map.phases[0].id, lane=lane.id,
                text="typed while the lane went")
    ch.apply_checked(second, ch.AddCards(placed=[(0, card)]))
    update_doc(mine, first)
    update_doc(theirs, second, touched=[("cards", "new1")], reorder=["cards"])
    exchange(mine, theirs)
    for doc in (mine, theirs):
        live = read_map(doc)
        assert lane.id not in {item.id for item in live.journey_map.lanes}
        assert "new1" not in {c.id for c in live.journey_map.cards}
        assert any("new1" in repair for repair in live.repairs)


def test_a_lane_made_the_emotion_curve_while_someone_adds_a_card_stays_a_notes_lane():
    journey_map, mine, theirs = shared()
    lane = next(lane for lane in journey_map.lanes if lane.kind == "thoughts")
    assert not [c for c in journey_map.cards if c.lane == lane.id] or True
    first, second = load_map(SAMPLES / "fitness-watch.json"), load_map(SAMPLES / "fitness-watch.json")
    first.cards[:] = [c for c in first.cards if c.lane != lane.id]
    first.lanes[[item.id for item in first.lanes].index(lane.id)].kind = "emotions"
    card = Card(id="new2", persona=journey_map.personas[0].id, phase=journey_map.phases[0].id, lane=lane.id,
                text="a thought")
    ch.apply_checked(second, ch.AddCards(placed=[(0, card)]))
    update_doc(mine, first)
    update_doc(theirs, second, touched=[("cards", "new2")], reorder=["cards"])
    exchange(mine, theirs)
    live = read_map(mine)
    assert {c.id for c in live.journey_map.cards if c.lane == lane.id} == {"new2"}
    assert next(item for item in live.journey_map.lanes if item.id == lane.id).kind == "notes"
    assert live.repairs


def test_fields_written_by_a_careless_client_are_repaired_by_rule():
    journey_map, doc, _theirs = shared()
    card = journey_map.cards[0]
    cards = doc.get("cards", type=Map)
    with doc.transaction():
        cards[card.id]["severity"] = "not json"
        cards[card.id]["votes"] = json.dumps(-3)  # breaks the rule: votes are never negative
        cards[card.id]["id"] = json.dumps("someone-else")  # the key is the id
        cards["broken"] = Map({"persona": json.dumps(card.persona), ORDER: "0V"})  # no phase, lane: left out
        cards["junk"] = "not an item"
    live = read_map(doc)
    read = {c.id: c for c in live.journey_map.cards}
    assert "broken" not in read and "junk" not in read and "someone-else" not in read
    assert read[card.id].votes == 0 and read[card.id].severity is None
    assert read[card.id].text == card.text
    assert len(live.repairs) >= 4


def test_a_document_whose_map_fields_break_the_rules_is_refused_with_a_message():
    _journey_map, doc, _theirs = shared()
    doc.get("map", type=Map)["created"] = json.dumps("yesterday")
    with pytest.raises(LiveMapError, match="created"):
        read_map(doc)


def test_an_edit_of_one_card_sends_only_that_card():
    journey_map, doc, _theirs = shared(SAMPLES / "b2b-it-services.json")
    card = journey_map.cards[3]
    before = doc.get_state()
    ch.apply_checked(journey_map, ch.SetFields(target="card", item_id=card.id, values={"text": card.text + "!"}))
    update_doc(doc, journey_map, touched=[("cards", card.id)], reorder=())
    assert len(doc.get_update(before)) < 200
    assert isinstance(doc.get("cards", type=Map)[card.id]["text"], Text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(journey_map=journey_maps(max_cards=12), data=st.data())
def test_two_editors_taking_turns_keep_the_same_map(journey_map, data):
    """Each editor both writes its own changes and reads the other's, item by item where it can: what each
    remembers of the places (written or read) must stay true, or the order of the cards drifts apart."""
    maps = [copy_map(journey_map), None]
    replicas = [Replica(), None]
    replicas[0].seed(maps[0])
    replicas[1] = Replica(joined(replicas[0].doc))
    maps[1] = replicas[1].read().journey_map
    for _step in range(data.draw(st.integers(1, 8), label="steps")):
        side = data.draw(st.integers(0, 1), label="side")
        change = data.draw(map_changes(maps[side]), label="change")
        try:
            inverse = ch.apply_checked(maps[side], change)
        except ch.ChangeRefusedError:
            continue
        replicas[side].local(change, inverse, maps[side])
        if data.draw(st.booleans(), label="sync now"):  # else both go on editing apart: concurrent edits
            sync(replicas, maps)
    sync(replicas, maps)


def sync(replicas: list, maps: list) -> None:
    """Both editors get each other's updates and read them; then they hold the same map as the document."""
    exchange(replicas[0].doc, replicas[1].doc)
    for replica, journey_map in zip(replicas, maps, strict=True):
        received, _live = replica.remote(journey_map)
        for part in received:
            ch.apply(journey_map, part)
    assert map_to_bytes(maps[0]) == map_to_bytes(maps[1])
    assert map_to_bytes(maps[0]) == map_to_bytes(read_map(replicas[0].doc).journey_map)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(journey_map=journey_maps(max_cards=12), data=st.data())
def test_whatever_an_editor_changes_the_other_editor_reads_exactly(journey_map, data):
    """Every kind of change, written by what it touched only, reaches the other editor byte for byte;
    the changes the other editor gets (``Replica.remote``) bring its map to the same file."""
    journey_map = copy_map(journey_map)  # Hypothesis may hand the same map again
    mine = Replica()
    mine.seed(journey_map)
    theirs = Replica(joined(mine.doc))
    their_map = theirs.read().journey_map
    for _step in range(data.draw(st.integers(1, 4), label="steps")):
        change = data.draw(map_changes(journey_map), label="change")
        try:
            inverse = ch.apply_checked(journey_map, change)
        except ch.ChangeRefusedError:
            continue
        mine.local(change, inverse, journey_map)
        exchange(mine.doc, theirs.doc)
        assert theirs.pending or map_to_bytes(their_map) == map_to_bytes(journey_map)  # told of every edit
        received, live = theirs.remote(their_map)
        assert live.repairs == []
        for part in received:
            ch.apply_checked(their_map, part)
        assert map_to_bytes(their_map).decode().splitlines() == map_to_bytes(journey_map).decode().splitlines()


def test_a_structure_edit_compares_the_whole_document_and_a_card_edit_only_its_card():
    assert touched_by(ch.RemoveItem(target="lane", item_id="l1")) is None
    assert touched_by(ch.SetFields(target="phase", item_id="p1", values={"id": "p2"})) is None
    assert touched_by(ch.MoveCards(card_ids=["c1"], persona="a", phase="b", lane="c")) == (
        {("cards", "c1")}, {"cards"})
    assert touched_by(ch.SetFields(target="map", values={"title": "x"})) == ({("map", "")}, set())


# --- positions --------------------------------------------------------------------------------------------


def test_keys_between_sort_between_their_bounds_and_stay_short():
    keys = keys_between(None, None, 10_000)
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert max(len(key) for key in keys) <= 4
    assert keys[0] < key_between(keys[0], keys[1]) < keys[1]
    with pytest.raises(ValueError):
        key_between("b", "a")


@given(st.data())
def test_rekeying_changes_the_fewest_keys_and_gives_the_wanted_order(data):
    count = data.draw(st.integers(0, 20))
    ids = [f"i{n}" for n in range(count)]
    keys = dict(zip(ids, keys_between(None, None, count), strict=True))
    for name in data.draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else []:
        keys[name] = data.draw(st.sampled_from(list(keys.values())))  # two items given one key at once
    wanted = data.draw(st.permutations(ids))
    wanted = wanted + [f"new{n}" for n in range(data.draw(st.integers(0, 3)))]
    moved = rekeyed(wanted, keys)
    final = {**keys, **moved}
    assert sorted(wanted, key=lambda name: (final[name], name)) == wanted
    assert all(name.startswith("new") or name in moved or True for name in wanted)
    assert set(moved) >= {name for name in wanted if name.startswith("new")}


def test_places_given_anew_around_a_tie_are_remembered_so_later_reads_keep_the_order():
    """Two cards given one place at once (a tie) leave no room between them: a card put there makes the
    places around it move, and the editor must read them again, not trust what it remembered."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    mine = Replica()
    mine.seed(journey_map)
    first, second = journey_map.cards[0], journey_map.cards[1]
    cards = mine.doc.get("cards", type=Map)
    cards[second.id][ORDER] = cards[first.id][ORDER]  # as two inserts at one place at once leave them
    journey_map = mine.read().journey_map
    theirs = Replica(joined(mine.doc))
    their_map = theirs.read().journey_map
    between = journey_map.cards.index(next(c for c in journey_map.cards if c.id == first.id)) + 1
    new = Card(id="between", persona=first.persona, phase=first.phase, lane=first.lane, text="in the tie")
    change = ch.AddCards(placed=[(between, new)])
    mine.local(change, ch.apply_checked(journey_map, change), journey_map)
    exchange(mine.doc, theirs.doc)
    for part in theirs.remote(their_map)[0]:
        ch.apply_checked(their_map, part)
    last = their_map.cards[-1]
    edit = ch.SetFields(target="card", item_id=last.id, values={"text": last.text + " (edited)"})
    theirs.local(edit, ch.apply_checked(their_map, edit), their_map)
    exchange(mine.doc, theirs.doc)
    for part in mine.remote(journey_map)[0]:  # read item by item, with the places it remembers
        ch.apply_checked(journey_map, part)
    assert [c.id for c in journey_map.cards] == [c.id for c in read_map(mine.doc).journey_map.cards]
    assert map_to_bytes(journey_map) == map_to_bytes(their_map)



def test_the_room_s_updates_are_not_sent_back_and_local_edits_after_them_are():
    """The endpoint stops observing while it applies what the room sent (no echo, and pycrdt does not encode a
    joining editor's whole map again), and observes again for the editor's own edits."""
    from pycrdt import create_update_message, handle_sync_message

    from app.live.sync import SyncEndpoint

    room = Replica()
    room.seed(load_map(SAMPLES / "fitness-watch.json"))
    sent: list[bytes] = []
    mine = Replica()
    endpoint = SyncEndpoint(mine.doc, sent.append)
    endpoint.connection_opened()
    sent.clear()
    assert mine.pending  # nothing read yet: a read is due whatever arrived
    endpoint.receive(create_update_message(room.doc.get_update()))
    assert sent == []  # not echoed
    journey_map = mine.read().journey_map
    assert journey_map is not None and not mine.pending

    edited = journey_map.model_copy(update={"title": "Edited here"})
    mine.local(ch.SetFields(target="map", values={"title": "Edited here"}),
               ch.SetFields(target="map", values={"title": journey_map.title}), edited)
    assert len(sent) == 1 and not mine.pending  # sent, and not taken for someone else's change
    handle_sync_message(sent[0][1:], room.doc)
    assert read_map(room.doc).journey_map.title == "Edited here"

    title = room.doc.get("map", type=Map)["title"]
    title += "!"
    endpoint.receive(create_update_message(room.doc.get_update(mine.doc.get_state())))
    assert len(sent) == 1  # still no echo
    assert mine.pending  # the room's change is seen once the replica watches
    assert mine.remote(edited)[1].journey_map.title == "Edited here!"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=hostile_map_documents(max_cards=8))
def test_the_quick_read_and_the_careful_read_make_the_same_map(document):
    """A joining editor reads the document in one pass per root (pydantic parsing each field's JSON text);
    a document that pass cannot take (fields of a newer version) is read field by field. Both must give the
    map that was written, with hostile text in every field, and the same places of cards and points."""
    journey_map = map_from_bytes(map_to_bytes(map_from_data(document)))  # as a file holds it
    doc = Doc()
    write_map(doc, journey_map)
    places: dict[str, dict[str, str]] = {"cards": {}, "emotions": {}}
    with doc.transaction() as transaction:
        quick = ydoc._quick_read(doc, transaction, places)
    careful = ydoc._repaired_read(doc)
    assert careful.repairs == []
    assert map_to_bytes(careful.journey_map) == map_to_bytes(journey_map)
    newer_fields = any(item.__pydantic_extra__ for name in LISTS for item in getattr(journey_map, name))
    if not newer_fields:
        assert quick is not None
        assert map_to_bytes(quick) == map_to_bytes(journey_map)
        assert places == careful.places


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda path: path.name)
def test_a_usual_document_is_read_in_one_pass_not_field_by_field(path, monkeypatch):
    """The careful read costs a 10,000-card room seconds: a document any editor of this version wrote
    never takes it."""
    journey_map, doc, _theirs = shared(path)

    def careful(_doc):
        raise AssertionError("the careful read ran on a usual document")

    monkeypatch.setattr(ydoc, "_repaired_read", careful)
    live = read_map(joined(doc))
    assert map_to_bytes(live.journey_map) == map_to_bytes(journey_map)
    assert set(live.places["cards"]) == {card.id for card in journey_map.cards}
