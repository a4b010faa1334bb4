"""One editor's side of a live session, without Qt or network: its changes into the shared document, and
the others' changes out of it as changes of the change layer.

The editor makes every edit through its one door (``MapDocument.apply``); :meth:`Replica.local` then
writes what the change touched into the document. When updates from others arrive, :meth:`Replica.remote`
reads the document's map and gives the changes that turn the editor's map into it (``app.merge.diff``),
which the editor applies through the same door, so the canvas redraws only what they touch and every
rule of the map holds. Those changes are not the editor's own: they never go on its undo stack.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, Map, TransactionEvent

from app.live.ydoc import ORDER, ROOTS, LiveMap, emotion_key, read_item, read_map, update_doc
from app.merge.diff import changes_between
from app.model import JourneyMap
from app.model.schema import CardPlaces
from app.operations import changes

#: the origin of this editor's own transactions on the document: anything else came from someone else
LOCAL = "journeymap-local"

#: the lists whose order a change of each kind can move
_REORDERS: dict[type, tuple[str, ...]] = {
    changes.AddCards: ("cards",),
    changes.MoveCards: ("cards",),
    changes.PlaceCards: ("cards",),
    changes.SetEmotion: ("emotions",),
}
#: the map's lists: a change that sets one as a field of the map touches all of it
_LISTS = frozenset({"phases", "lanes", "personas", "cards", "emotions"})
_LIST_OF = {"card": "cards", "phase": "phases", "lane": "lanes", "persona": "personas", "map": "map"}


def touched_by(change: changes.Change) -> tuple[set[tuple[str, str]], set[str]] | None:
    """What a change (or its inverse) touched: (list, key) pairs and the lists it may reorder.

    None when it is a structure edit (a phase, lane or persona inserted, removed or moved, an id renamed),
    which may touch many cards: the whole document is then compared.
    """
    items: set[tuple[str, str]] = set()
    reorder: set[str] = set()
    parts = [change]
    while parts:
        part = parts.pop()
        match part:
            case changes.Batch(changes=inner):
                parts.extend(inner)
            case changes.AddCards(placed=placed) | changes.PlaceCards(cards=placed):
                items.update(("cards", card.id) for _index, card in placed)
            case changes.RemoveCards(card_ids=ids) | changes.MoveCards(card_ids=ids):
                items.update(("cards", card_id) for card_id in ids)
            case changes.SetFields(values=values) if "id" in values or _LISTS & values.keys():
                return None  # an id renamed, or a whole list of the map set at once
            case changes.SetFields(target=target, item_id=item_id) | changes.SetUnknownFields(
                    target=target, item_id=item_id):
                items.add((_LIST_OF[target], item_id if target != "map" else ""))
            case changes.SetEmotion(persona=persona, phase=phase):
                items.add(("emotions", emotion_key(persona, phase)))
            case _:
                return None
        reorder.update(_REORDERS.get(type(part), ()))
    return items, reorder


class Replica:
    """The shared document of a session and what this editor last read of it.

    After one whole read, others' changes are read item by item: the document's events name the cards and
    emotion points they touched, and only those are read again and put in their places among the others
    (whose places this replica remembers). A change of the map's own fields or of its phases, lanes or
    personas, or one that breaks a rule, is read whole again.
    """

    def __init__(self, doc: Doc | None = None) -> None:
        self.doc = doc if doc is not None else Doc()
        self._pending = False
        self._writing = False
        #: each card's and emotion point's place, by list and key, as last read or written (None: unknown)
        self._places: dict[str, dict[str, str]] | None = None
        #: what others touched since the last read: keys by list; "whole" when only a whole read will do
        self._touched: dict[str, set[str]] = {"cards": set(), "emotions": set()}
        self._whole = True
        self._subscriptions: list[tuple[Any, Any]] = []
        self._watching = False
        self._watching_items = False

    @property
    def pending(self) -> bool:
        """Whether someone else may have changed the document since :meth:`remote` last read it.

        Always true until the document is watched, from the seed or the first read that finds a map: an
        observer makes pycrdt encode every update it sees once more, and a joining editor's first update is
        the whole map (about 17 ms for 10,000 cards).
        """
        return self._pending or not self._watching

    def _watch(self) -> None:
        if not self._watching:
            self._watching = True
            self._subscriptions.append((self.doc, self.doc.observe(self._seen)))

    def _watch_items(self) -> None:
        """Observe the items deeply from the first whole read on: until then only a whole read will do, and
        the events of a joining editor's first 10,000 cards would only slow its join."""
        if self._watching_items:
            return
        self._watching_items = True
        for name in ROOTS:
            root = self.doc.get(name, type=Map)
            self._subscriptions.append((root, root.observe_deep(self._toucher(name))))

    def _seen(self, _event: TransactionEvent) -> None:
        # The document's events carry no origin: this editor's own writes are told apart by the flag.
        if not self._writing:
            self._pending = True

    def _toucher(self, name: str):
        """The deep observer of one root (pycrdt passes a callback of two parameters the transaction too)."""
        return lambda events: self._touch(name, events)

    def _touch(self, name: str, events: list) -> None:
        if self._writing:
            return
        if name not in self._touched:
            self._whole = True
            return
        for event in events:
            path = getattr(event, "path", None)
            if path:
                self._touched[name].add(str(path[0]))
            else:
                self._touched[name].update(str(key) for key in getattr(event, "keys", {}))

    def _write(self, journey_map: JourneyMap, **which: Any) -> None:
        self._watch()
        self._writing = True
        try:
            all_placed = update_doc(self.doc, journey_map, origin=LOCAL, **which)
        finally:
            self._writing = False
        touched = which.get("touched")
        if touched is None or all_placed or self._places is None:  # places may have moved beyond the touched
            self._places = None
            return
        for name, key in touched:  # their places may have been given anew
            if name in self._places:
                item = self.doc.get(name, type=Map).get(key)
                place = item.get(ORDER) if isinstance(item, Map) else None
                if isinstance(place, str):
                    self._places[name][key] = place
                else:
                    self._places[name].pop(key, None)

    def seed(self, journey_map: JourneyMap) -> None:
        """Put the editor's whole map into the document (the host starting a session)."""
        self._write(journey_map)

    def local(self, change: changes.Change, inverse: changes.Change, journey_map: JourneyMap) -> None:
        """Write into the document what ``change`` (made, its ``inverse`` returned) did to ``journey_map``."""
        made, undone = touched_by(change), touched_by(inverse)
        if made is None or undone is None:
            self._write(journey_map)
        else:
            self._write(journey_map, touched=made[0] | undone[0], reorder=made[1] | undone[1])

    def read(self) -> LiveMap:
        """The document's map as it is now, read whole (LiveMapError when no rule makes it valid)."""
        self._pending = False
        live = read_map(self.doc)
        if live.journey_map is not None:
            self._watch()
        self._places = live.places if live.journey_map is not None and not live.repairs else None
        self._touched = {"cards": set(), "emotions": set()}
        self._whole = self._places is None
        if not self._whole:
            self._watch_items()
        return live

    def remote(self, journey_map: JourneyMap) -> tuple[list[changes.Change], LiveMap]:
        """The changes that bring ``journey_map`` to the document's map, and what was read.

        When the document's map needed repairs (a card in a lane someone removed), the repaired map is also
        written back, so that every editor and the file see the same map.
        """
        new_map = None if self._whole or self._places is None else self._read_touched(journey_map)
        if new_map is not None:
            self._pending = False
            self._touched = {"cards": set(), "emotions": set()}
            return changes_between(journey_map, new_map), LiveMap(new_map)
        live = self.read()
        if live.journey_map is None:
            return [], live
        if live.repairs:
            self._write(live.journey_map)
        return changes_between(journey_map, live.journey_map), live

    def _read_touched(self, journey_map: JourneyMap) -> JourneyMap | None:
        """The map with only the touched cards and emotion points read again; None when a whole read is due."""
        assert self._places is not None
        lists: dict[str, list] = {}
        rules = CardPlaces(journey_map)
        for name, keys in self._touched.items():
            current = getattr(journey_map, name)
            if not keys:
                lists[name] = current
                continue
            by_key = {_key_of(name, item): item for item in current}
            places = self._places[name]
            root = self.doc.get(name, type=Map)
            for key in keys:
                if key not in root:
                    by_key.pop(key, None)
                    places.pop(key, None)
                    continue
                repairs: list[str] = []
                item, place = read_item(name, key, root[key], repairs)
                if item is None or repairs or not place or not _fits(name, item, rules):
                    return None  # a rule to repair by: the whole read does it, and writes the repair back
                by_key[key] = item
                places[key] = place
            if any(key not in places for key in by_key):
                return None
            lists[name] = [by_key[key] for key in sorted(by_key, key=lambda key: (places[key], key))]
        return journey_map.model_copy(update=lists)

    def close(self) -> None:
        for owner, subscription in self._subscriptions:
            owner.unobserve(subscription)


def _key_of(name: str, item: Any) -> str:
    return emotion_key(item.persona, item.phase) if name == "emotions" else item.id


def _fits(name: str, item: Any, rules: CardPlaces) -> bool:
    """Whether a card or emotion point read alone fits the map's structure as it is."""
    if name == "cards":
        return not rules.faults(item)
    return item.persona in rules.personas and item.phase in rules.phases
