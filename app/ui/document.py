"""The open map, its file path and its undo stack, with past-tense signals for every change.

Every edit is a change value (``app.operations.changes``) that :meth:`MapDocument.apply`
makes and then announces with the signals that match it; the canvas and the docks
listen and update only what a change touched. (``notify_structure`` remains for
the structure command that scripts still build from a function.)
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.i18n import _
from app.model import JourneyMap, MapFileError, map_problems, utc_now
from app.model.fileformat import content_hash, encode_map, read_map, read_regular_file, save_bytes
from app.model.gc_pause import gc_paused
from app.operations import changes
from app.operations.index import CardIndex
from app.recovery import file_hash

#: a change that adds or touches this many cards makes objects that live as long as the map
BULK_CHANGE_CARDS = 200


class MapDocument(QObject):
    #: ids of cards whose content or place changed, that were added, or removed
    cards_changed = Signal(set)
    #: (persona id, phase id) of an emotion point that was set, changed or removed
    emotion_changed = Signal(str, str)
    #: phases, lanes or personas were added, removed, reordered or renamed
    structure_changed = Signal()
    #: a persona's profile fields changed
    persona_changed = Signal(str)
    #: title, goal or description of the map changed
    map_changed = Signal()
    #: the map's KPIs (metrics and values) changed; ``map_changed`` is emitted too
    kpis_changed = Signal()
    #: a different map is now open (new, open, reload)
    map_replaced = Signal()
    path_changed = Signal()
    #: (what was tried, why not) for an edit refused because it would break the map
    edit_refused = Signal(str, str)
    #: (change, inverse) of every change made, after its own signals: a live session sends it on
    applied = Signal(object, object)
    #: someone else changed the map (a live session): it differs from its file though the undo stack is clean
    others_changed = Signal()

    def __init__(self, journey_map: JourneyMap, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journey_map = journey_map
        self.path = path
        self.undo_stack = QUndoStack(self)
        #: whether the map is shared in a live session: undo and redo are then checked (others may have
        #: changed what a step would restore)
        self.shared = False
        #: where every card is, so edits find cards and cells without scanning the map
        self.cards = CardIndex(journey_map)
        #: the file's bytes as this document last read or wrote it: the base of a merge with a change by others
        self.disk_bytes: bytes | None = None
        self._disk_hash: str | None = None
        if path is not None:
            with contextlib.suppress(MapFileError):  # no such file (yet): nothing to notice changes of
                self.remember_disk(read_regular_file(path))

    @property
    def disk_hash(self) -> str | None:
        """Hash of the file as this document last read or wrote it, to notice changes by others."""
        return self._disk_hash

    @disk_hash.setter
    def disk_hash(self, value: str | None) -> None:
        self._disk_hash = value
        if self.disk_bytes is not None and (value is None or content_hash(self.disk_bytes) != value):
            self.disk_bytes = None  # told a version whose bytes it does not hold (a recovered map's base)

    def remember_disk(self, data: bytes) -> None:
        """The file holds ``data`` as this document read or wrote it: what a later change by others is told
        against, and the base a merge with it starts from."""
        self.disk_bytes = data
        self._disk_hash = content_hash(data)

    # --- file -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> MapDocument:
        """Load a file; raises MapFileError and creates nothing if it is not a valid map.

        The disk hash is that of exactly the bytes that were parsed, so a file replaced
        while it is read counts as changed by someone else and a save asks first.
        """
        journey_map, data = read_map(path)
        document = cls(journey_map, None, parent)  # no path yet: it would hash the file again, as it is now
        document.path = Path(path)
        document.remember_disk(data)
        return document

    def changed_on_disk(self) -> bool:
        """True when the file was changed by someone else since this document read or wrote it."""
        return self.path is not None and self.disk_hash is not None and file_hash(self.path) != self.disk_hash

    def save(self, path: str | Path) -> None:
        """Save atomically, keeping the previous version as NAME.json.bak; on success the stack is clean.

        Raises MapFileError, for any reason, and changes nothing (the map stays unsaved).
        """
        problems = map_problems(self.journey_map)
        if problems:  # no edit should allow this; if one did, say so rather than write a broken file
            raise MapFileError(path, _("the map breaks its own rules, so it was not saved: {problems}").format(
                problems="; ".join(problems[:5])))
        stamp = self.journey_map.modified
        if not self.undo_stack.isClean() or self.path is None or Path(path) != self.path:
            self.journey_map.modified = utc_now()
        try:
            data = encode_map(self.journey_map, path)
            save_bytes(data, path, keep_backup=True)
        except Exception as exc:
            self.journey_map.modified = stamp
            if isinstance(exc, MapFileError):
                raise
            raise MapFileError(path, _("the map could not be saved: {reason}; the previous file is unchanged").format(
                reason=exc)) from exc
        self.remember_disk(data)  # what was written, not a second read a colleague's save could beat
        if self.path != Path(path):
            self.path = Path(path)
            self.path_changed.emit()
        self.undo_stack.setClean()

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # --- changes ------------------------------------------------------------

    def apply(self, change: changes.Change, checked: bool = True) -> changes.Change:
        """Make a change, tell the listeners what it touched, and return its inverse.

        Checked (the default), a change that would break the map raises
        ``ChangeRefusedError`` and nothing changes or is told. Undo and redo apply
        unchecked: an inverse made on this map always fits it.
        """
        make = changes.apply_checked if checked else changes.apply
        # A paste of thousands of cards makes hundreds of thousands of objects (cards, canvas
        # items) and no garbage cycles: the collector's passes over them would only add pauses.
        with gc_paused():
            inverse = make(self.journey_map, change, self.cards)
            touched = self._announce(change, inverse)
        self.applied.emit(change, inverse)
        if touched >= BULK_CHANGE_CARDS:
            # They join the opened map's objects, which the window keeps out of the collector's
            # passes (``gc.freeze``): otherwise every later pass scans them, a pause of 10-20 ms in
            # the middle of typing after a paste of 5,000 cards. Undo still frees them (by count).
            gc.freeze()
        return inverse

    def changed_by_others(self) -> None:
        """Others changed the map: it is unsaved now, and the autosave journal keeps it."""
        self.undo_stack.resetClean()
        self.others_changed.emit()

    def _announce(self, change: changes.Change, inverse: changes.Change) -> int:
        """Emit the signals for what the change touched; return how many cards it touched."""
        cards: set[str] = set()
        emotions: list[tuple[str, str]] = []
        personas: list[str] = []
        told = {"structure": False, "map": False, "kpis": False}

        def visit(item: changes.Change) -> None:
            match item:
                case changes.Batch(changes=parts):
                    for part in parts:
                        visit(part)
                case changes.AddCards(placed=placed):
                    cards.update(card.id for _i, card in placed)
                case changes.RemoveCards(card_ids=ids) | changes.MoveCards(card_ids=ids):
                    cards.update(ids)
                case changes.PlaceCards(cards=placed):
                    cards.update(card.id for _i, card in placed)
                case changes.SetFields(target="card", item_id=card_id, values=values):
                    cards.add(card_id)
                    if "id" in values:
                        cards.add(values["id"])
                case changes.SetFields(target="persona", item_id=persona_id):
                    personas.append(persona_id)
                case changes.SetFields(target="map", values=values):
                    told["map"] = True
                    told["kpis"] |= "kpis" in values
                case changes.SetUnknownFields(target="map"):
                    told["map"] = True
                case changes.SetUnknownFields(target="card", item_id=card_id):
                    cards.add(card_id)
                case changes.SetUnknownFields(target="persona", item_id=persona_id):
                    personas.append(persona_id)
                case changes.SetEmotion(persona=persona, phase=phase):
                    emotions.append((persona, phase))
                case _:  # a phase or lane edited; phases, lanes or personas inserted, removed or moved
                    told["structure"] = True

        visit(change)
        if isinstance(change, changes.SetFields) and change.target == "card" and isinstance(
                inverse, changes.SetFields):
            cards.add(inverse.item_id)  # a card whose id changed is told under both ids
        if told["structure"]:
            self.structure_changed.emit()
        if cards:
            self.cards_changed.emit(cards)
        for persona, phase in dict.fromkeys(emotions):
            self.emotion_changed.emit(persona, phase)
        for persona_id in dict.fromkeys(personas):
            self.persona_changed.emit(persona_id)
        if told["kpis"]:
            self.kpis_changed.emit()
        if told["map"]:
            self.map_changed.emit()
        return len(cards)

    # --- the structure command of scripts, which changes lists by a function ---

    def notify_structure(self) -> None:
        self.cards.rebuild()  # phases, lanes or personas went: many cards may have gone or come back
        self.structure_changed.emit()
