"""Merge changes from disk: the open map and a colleague's save of its file merged, neither overwriting the other.

The base is the file as this editor last read or wrote it (``MapDocument.disk_bytes``,
or the ``.bak`` beside the file when it holds that version), ours the open map,
theirs the file on disk now. The merge (``app.merge.three_way``) becomes one undo
step, "Merge changes from disk", made of the changes that turn ours into the merged
map, through the same door as any edit; conflicts are recorded in the map, where
the Conflicts panel shows them. Afterwards the file on disk counts as read: saving
writes the merged map over it without asking again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.i18n import _, ngettext
from app.merge.three_way import merge_maps
from app.model import JourneyMap, MapFileError
from app.model.fileformat import backup_path, content_hash, map_from_bytes, read_map, read_regular_file
from app.operations.changes import Batch
from app.ui.commands import StepName

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

CLEAN, CONFLICTS, UNREADABLE, NO_BASE, REFUSED = "clean", "conflicts", "unreadable", "no base", "refused"


@dataclass
class Outcome:
    """What a merge from disk came to: ``kind`` is one of the names above; ``reason`` says why it could not."""

    kind: str
    conflicts: int = 0
    reason: str = ""

    @property
    def merged(self) -> bool:
        return self.kind in (CLEAN, CONFLICTS)


def base_bytes(document: MapDocument) -> bytes | None:
    """The file as this document last read or wrote it: the bytes it kept, or the file's backup when that is
    the same version (a recovered map knows only the hash of the file it was opened from)."""
    if document.disk_bytes is not None:
        return document.disk_bytes
    if document.path is None or document.disk_hash is None:
        return None
    try:
        data = read_regular_file(backup_path(document.path))
    except MapFileError:
        return None
    return data if content_hash(data) == document.disk_hash else None


def merge_from_disk(window: MainWindow) -> Outcome:
    """Merge the file on disk into the open map as one undo step; the map is not saved here."""
    document = window.document
    assert document.path is not None
    window.scene.commit_editing()
    try:
        theirs, data = read_map(document.path)
    except MapFileError as exc:
        return Outcome(UNREADABLE, reason=str(exc))
    base = _base_map(document)
    if base is None:
        return Outcome(NO_BASE, reason=_("the version you opened or last saved is not known any more"))
    result = merge_maps(base, document.journey_map, theirs, ours_label=_("mine"), theirs_label=_("on disk"))
    if result.changes and not window.scene.controller.make(Batch(changes=result.changes),
                                                           StepName(lambda: _("Merge changes from disk"))):
        return Outcome(REFUSED)
    document.remember_disk(data)  # theirs is in the map now: saving over it is no longer a surprise
    count = len(result.conflicts)
    if count:
        window.statusBar().showMessage(ngettext(
            "Merged the changes from disk; {count} conflict to decide in the Conflicts panel, then save.",
            "Merged the changes from disk; {count} conflicts to decide in the Conflicts panel, then save.",
            count).format(count=count), 15000)
        return Outcome(CONFLICTS, count)
    window.statusBar().showMessage(_("Merged the changes from disk."), 6000)
    return Outcome(CLEAN)


def _base_map(document: MapDocument) -> JourneyMap | None:
    data = base_bytes(document)
    if data is None:
        return None
    try:
        return map_from_bytes(data)
    except MapFileError:
        return None
