"""Every undoable change to a map, as QUndoCommands that hold ids and before/after values.

A command calls the pure operations and then notifies the document; it never
touches a graphics item and never pushes another command (several changes
that belong together are composed with ``beginMacro``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from app import operations as ops
from app.model import Card, EmotionPoint, JourneyMap
from app.ui.document import MapDocument

MERGE_EDIT_ID = 1001


class AddCardsCommand(QUndoCommand):
    """Insert new cards at list positions (new card, paste, duplicate)."""

    def __init__(self, document: MapDocument, placed: list[tuple[int, Card]], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.placed = placed

    def redo(self) -> None:
        document = self.document
        ops.insert_cards(document.journey_map, self.placed, document.cards)
        document.notify_cards({card.id: card for _, card in self.placed})

    def undo(self) -> None:
        document = self.document
        ids = {card.id for _, card in self.placed}
        ops.remove_cards(document.journey_map, ids, document.cards)
        document.notify_cards(dict.fromkeys(ids))


class RemoveCardsCommand(QUndoCommand):
    def __init__(self, document: MapDocument, card_ids: set[str], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.card_ids = set(card_ids)
        self.removed: list[tuple[int, Card]] = []

    def redo(self) -> None:
        document = self.document
        self.removed = ops.remove_cards(document.journey_map, self.card_ids, document.cards)
        document.notify_cards(dict.fromkeys(self.card_ids))

    def undo(self) -> None:
        document = self.document
        ops.insert_cards(document.journey_map, self.removed, document.cards)
        document.notify_cards({card.id: card for _, card in self.removed})


class MoveCardsCommand(QUndoCommand):
    """Move cards into a cell (of any persona) at a position among the cell's other cards."""

    def __init__(
        self,
        document: MapDocument,
        card_ids: list[str],
        target: tuple[str, str, str],
        position: int | None,
        text: str,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.card_ids = list(card_ids)
        self.target = target
        self.position = position
        self.old: list[tuple[int, Card]] = []

    def redo(self) -> None:
        persona, phase, lane = self.target
        document = self.document
        self.old = ops.move_cards(
            document.journey_map, self.card_ids, persona, phase, lane, self.position, document.cards
        )
        document.notify_cards({card_id: document.cards.card(card_id) for card_id in self.card_ids})

    def undo(self) -> None:
        document = self.document
        ops.restore_cards(document.journey_map, self.old, document.cards)
        document.notify_cards({card_id: document.cards.card(card_id) for card_id in self.card_ids})


def _target(document: MapDocument, kind: str, item_id: str) -> Any:
    journey_map = document.journey_map
    return {
        "card": document.cards.by_id.__getitem__,
        "phase": journey_map.phase,
        "lane": journey_map.lane,
        "persona": journey_map.persona,
        "map": lambda _id: journey_map,
    }[kind](item_id)


class EditFieldsCommand(QUndoCommand):
    """Change fields of a card, phase, lane, persona or the map.

    With a ``merge_key`` (typing in one inspector field), consecutive edits of
    the same field of the same object merge into one undo step.
    """

    def __init__(
        self,
        document: MapDocument,
        kind: str,
        item_id: str,
        changes: dict[str, Any],
        text: str,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.kind = kind
        self.item_id = item_id
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}
        self.merge_key = merge_key

    def _apply(self, values: dict[str, Any]) -> dict[str, Any]:
        target = _target(self.document, self.kind, self.item_id)
        old = ops.set_fields(target, values)
        if self.kind == "card":
            self.document.notify_cards({self.item_id: target})
        elif self.kind == "persona":
            self.document.notify_persona(self.item_id)
        elif self.kind == "map":
            self.document.notify_map()
        else:
            self.document.notify_structure()
        return old

    def redo(self) -> None:
        old = self._apply(self.changes)
        if not self.old:
            self.old = old

    def undo(self) -> None:
        self._apply(self.old)

    def id(self) -> int:
        return MERGE_EDIT_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditFieldsCommand)
            and other.merge_key == self.merge_key
            and (other.kind, other.item_id) == (self.kind, self.item_id)
            and other.changes.keys() == self.changes.keys()
        ):
            return False
        self.changes = dict(other.changes)
        return True


def push_field_edit(
    document: MapDocument, kind: str, item_id: str, changes: dict[str, Any], text: str, merge_key: str | None = None
) -> bool:
    """Push a field edit, or refuse it before anything changes when it would break the map.

    A refusal is told through ``document.edit_refused`` (the window shows it);
    returns whether the edit was made.
    """
    problems = ops.edit_problems(document.journey_map, _target(document, kind, item_id), changes)
    if problems:
        document.edit_refused.emit(text, "; ".join(problems))
        return False
    document.undo_stack.push(EditFieldsCommand(document, kind, item_id, changes, text, merge_key))
    return True


class SetEmotionCommand(QUndoCommand):
    """Set, change or remove (``point=None``) a persona's emotion point in a phase."""

    def __init__(
        self, document: MapDocument, persona_id: str, phase_id: str, point: EmotionPoint | None, text: str
    ) -> None:
        super().__init__(text)
        self.document = document
        self.persona_id = persona_id
        self.phase_id = phase_id
        self.point = point
        self.old: EmotionPoint | None = None
        self.old_index: int | None = None

    def redo(self) -> None:
        emotions = self.document.journey_map.emotions
        self.old_index = next(
            (i for i, e in enumerate(emotions) if e.persona == self.persona_id and e.phase == self.phase_id), None
        )
        self.old = ops.set_emotion(self.document.journey_map, self.persona_id, self.phase_id, self.point)
        self.document.notify_emotion(self.persona_id, self.phase_id)

    def undo(self) -> None:
        ops.set_emotion(self.document.journey_map, self.persona_id, self.phase_id, None)
        if self.old is not None:
            index = len(self.document.journey_map.emotions) if self.old_index is None else self.old_index
            self.document.journey_map.emotions.insert(index, self.old)
        self.document.notify_emotion(self.persona_id, self.phase_id)


class StructureCommand(QUndoCommand):
    """A change to phases, lanes or personas, undone by restoring the lists it touched.

    ``change`` runs once; redo after undo restores the lists as they were
    after it, so new ids and copies stay the same across undo and redo.
    """

    def __init__(self, document: MapDocument, change: Callable[[JourneyMap], object], text: str) -> None:
        super().__init__(text)
        self.document = document
        self.change = change
        self.before: ops.Snapshot | None = None
        self.after: ops.Snapshot | None = None

    def redo(self) -> None:
        journey_map = self.document.journey_map
        if self.after is None:
            self.before = ops.Snapshot.take(journey_map)
            self.change(journey_map)
            self.after = ops.Snapshot.take(journey_map)
        else:
            self.after.restore(journey_map)
        self.document.notify_structure()

    def undo(self) -> None:
        assert self.before is not None
        self.before.restore(self.document.journey_map)
        self.document.notify_structure()
