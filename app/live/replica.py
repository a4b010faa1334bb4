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

from pycrdt import Doc, TransactionEvent

from app.live.ydoc import LiveMap, emotion_key, read_map, update_doc
from app.merge.diff import changes_between
from app.model import JourneyMap
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
            case changes.SetFields(values=values) if "id" in values:
                return None
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
    """The shared document of a session and what this editor last read of it."""

    def __init__(self, doc: Doc | None = None) -> None:
        self.doc = doc if doc is not None else Doc()
        #: whether someone else changed the document since :meth:`remote` last read it
        self.pending = False
        self._writing = False
        self._subscription = self.doc.observe(self._seen)

    def _seen(self, _event: TransactionEvent) -> None:
        # The document's events carry no origin: this editor's own writes are told apart by the flag.
        if not self._writing:
            self.pending = True

    def _write(self, journey_map: JourneyMap, **which: Any) -> None:
        self._writing = True
        try:
            update_doc(self.doc, journey_map, origin=LOCAL, **which)
        finally:
            self._writing = False

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
        """The document's map as it is now (LiveMapError when no rule makes it valid)."""
        self.pending = False
        return read_map(self.doc)

    def remote(self, journey_map: JourneyMap) -> tuple[list[changes.Change], LiveMap]:
        """The changes that bring ``journey_map`` to the document's map, and what was read.

        When the document's map needed repairs (a card in a lane someone removed), the repaired map is also
        written back, so that every editor and the file see the same map.
        """
        live = self.read()
        if live.journey_map is None:
            return [], live
        if live.repairs:
            self._write(live.journey_map)
        return changes_between(journey_map, live.journey_map), live

    def close(self) -> None:
        self.doc.unobserve(self._subscription)

