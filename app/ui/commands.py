"""The undo stack's one command: a change value (``app.operations.changes``) and its inverse.

:func:`push_change` is the door every edit goes through: the document makes the
change (or refuses it, telling why, with nothing changed), and a
:class:`ChangeCommand` then holds it and its inverse, so undo and redo are
"apply the other one". The named commands below are that command built from
the arguments the canvas and scripts pass; none of them touches the map or
tells the listeners itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from app import operations as ops
from app.model import Card, EmotionPoint, JourneyMap
from app.operations import changes
from app.ui.document import MapDocument

MERGE_EDIT_ID = 1001


class StepName(str):
    """An undo step's name in the UI language, which can be read again after a language switch:
    ``StepName(lambda: _("Add card"))`` (Edit → Undo then names the step in the new language)."""

    make: Callable[[], str]

    def __new__(cls, make: Callable[[], str]) -> StepName:
        name = super().__new__(cls, make())
        name.make = make
        return name


def retranslate_steps(stack: QUndoStack) -> None:
    """Name every step of ``stack`` whose name is a :class:`StepName` in the UI language now."""
    for index in range(stack.count()):
        command = stack.command(index)
        name = getattr(command, "name", None)
        if isinstance(name, StepName):
            command.setText(name.make())


class ChangeCommand(QUndoCommand):
    """One undo step: a change, or a batch of them, made through the document.

    Built by :func:`push_change` with the inverse of a change already made (and
    checked), its first redo does nothing; built directly, its redo makes the change.
    With a ``merge_key``, field edits of the same fields of the same object merge
    into one step (typing in one field).
    """

    def __init__(self, document: MapDocument, change: changes.Change, text: str, merge_key: str | None = None,
                 inverse: changes.Change | None = None) -> None:
        super().__init__(text)
        #: the name as given: a StepName is read again after a language switch
        self.name = text
        self.document = document
        self.change = change
        self.merge_key = merge_key
        self.inverse = inverse
        self._made = inverse is not None

    def redo(self) -> None:
        if self._made:
            self._made = False
            return
        self.inverse = self._apply(self.change) or self.inverse

    def undo(self) -> None:
        assert self.inverse is not None
        self._apply(self.inverse)

    def _apply(self, change: changes.Change) -> changes.Change | None:
        """Make an undo or a redo: unchecked, as an inverse made on this map fits it, unless the map is shared
        live, where others may have changed what the step restores: then a step that no longer fits is
        refused and told, and the map stays as the others left it."""
        if not self.document.shared:
            return self.document.apply(change, checked=False)
        try:
            return self.document.apply(change)
        except changes.ChangeRefusedError as refused:
            self.document.edit_refused.emit(self.text(), "; ".join(refused.problems))
            return None

    def id(self) -> int:
        return MERGE_EDIT_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        mine, theirs = self.change, getattr(other, "change", None)
        if not (
            isinstance(other, ChangeCommand)
            and other.merge_key == self.merge_key
            and isinstance(mine, changes.SetFields)
            and isinstance(theirs, changes.SetFields)
            and (theirs.target, theirs.item_id) == (mine.target, mine.item_id)
            and theirs.values.keys() == mine.values.keys()
        ):
            return False
        self.change = theirs.model_copy(deep=True)  # the undo keeps this step's first old values
        return True


def push_change(document: MapDocument, change: changes.Change, text: str, merge_key: str | None = None) -> bool:
    """Make a change as one undo step, or refuse it before anything changes when it would break the map.

    A refusal is told through ``document.edit_refused`` (the window shows it);
    returns whether the change was made.
    """
    try:
        inverse = document.apply(change)
    except changes.ChangeRefusedError as refused:
        document.edit_refused.emit(text, "; ".join(refused.problems))
        return False
    document.undo_stack.push(ChangeCommand(document, change, text, merge_key, inverse))
    return True


def push_field_edit(
    document: MapDocument, kind: str, item_id: str, values: dict[str, Any], text: str, merge_key: str | None = None
) -> bool:
    """Set fields of a card, phase, lane, persona or the map (``kind``) as one undo step, or refuse it."""
    return push_change(document, changes.SetFields(target=kind, item_id=item_id, values=values), text, merge_key)


class AddCardsCommand(ChangeCommand):
    """Insert new cards at list positions (new card, paste, duplicate)."""

    def __init__(self, document: MapDocument, placed: list[tuple[int, Card]], text: str) -> None:
        super().__init__(document, changes.AddCards(placed=placed), text)


class RemoveCardsCommand(ChangeCommand):
    def __init__(self, document: MapDocument, card_ids: set[str], text: str) -> None:
        super().__init__(document, changes.RemoveCards(card_ids=sorted(card_ids)), text)


class MoveCardsCommand(ChangeCommand):
    """Move cards into a cell (of any persona) at a position among the cell's other cards."""

    def __init__(self, document: MapDocument, card_ids: list[str], target: tuple[str, str, str],
                 position: int | None, text: str) -> None:
        persona, phase, lane = target
        super().__init__(document, changes.MoveCards(card_ids=list(card_ids), persona=persona, phase=phase,
                                                     lane=lane, position=position), text)


class EditFieldsCommand(ChangeCommand):
    """Change fields of a card, phase, lane, persona or the map; with a ``merge_key``, typing merges."""

    def __init__(self, document: MapDocument, kind: str, item_id: str, changes_: dict[str, Any], text: str,
                 merge_key: str | None = None) -> None:
        super().__init__(document, changes.SetFields(target=kind, item_id=item_id, values=dict(changes_)), text,
                         merge_key)

    @property
    def changes(self) -> dict[str, Any]:
        """The values this step sets (after merging, the last typed)."""
        return self.change.values


class SetEmotionCommand(ChangeCommand):
    """Set, change or remove (``point=None``) a persona's emotion point in a phase."""

    def __init__(self, document: MapDocument, persona_id: str, phase_id: str, point: EmotionPoint | None,
                 text: str) -> None:
        super().__init__(document, changes.SetEmotion(persona=persona_id, phase=phase_id, point=point), text)


class StructureCommand(QUndoCommand):
    """A structure edit given as a function, undone by restoring the lists it touched.

    Kept for scripts that edit with a function; the editor itself makes
    structure edits as change values (``InsertItem``, ``RemoveItem``, ``MoveItem``).
    ``change`` runs once; redo after undo restores the lists as they were
    after it, so new ids and copies stay the same across undo and redo.
    """

    def __init__(self, document: MapDocument, change: Callable[[JourneyMap], object], text: str) -> None:
        super().__init__(text)
        #: the name as given: a StepName is read again after a language switch
        self.name = text
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
