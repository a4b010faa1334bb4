"""Never losing work: the debounced autosave, the user-data folders, and the emergency handler."""

from __future__ import annotations

import contextlib
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.recovery import RecoveryJournal
from app.ui.document import MapDocument

#: An autosave is written this long after the last edit ...
AUTOSAVE_DELAY_MS = 2000
#: ... and at the latest this long after the first unsaved edit, even while edits keep coming.
AUTOSAVE_MAX_WAIT_S = 5.0


def data_folder() -> Path:
    """The user's data folder for this app (QStandardPaths), created on demand.

    A folder that cannot be made (a full or read-only disk) is no error here:
    the editor still starts, and what writes into it (autosave, the log) says
    so itself.
    """
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def recovery_folder() -> Path:
    return data_folder() / "recovery"


def log_file() -> Path:
    folder = data_folder() / "logs"
    with contextlib.suppress(OSError):  # writing the log then fails, and the error box says so
        folder.mkdir(parents=True, exist_ok=True)
    return folder / "journeymap.log"


def _reason(exc: BaseException) -> str:
    """Why an autosave failed, in the system's words ("No space left on device")."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class Autosaver(QObject):
    """Writes the open map to the recovery journal a moment after edits stop."""

    #: why the last autosave failed (the last good one is kept), or "" once one works again
    error_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.journal = RecoveryJournal(folder or recovery_folder(), start=False)
        self.last_error: str | None = None
        try:
            self.journal.start()
        except OSError as exc:  # a full or read-only disk: the editor runs, autosave is off and says why
            self.last_error = _reason(exc)
        self.document: MapDocument | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.write_now)
        self._pending_since: float | None = None
        self.writes = 0

    def set_document(self, document: MapDocument) -> None:
        if self.document is not None:
            self.document.undo_stack.indexChanged.disconnect(self._changed)
            self.document.others_changed.disconnect(self._changed)
            self.document.undo_stack.cleanChanged.disconnect(self._clean_changed)
        self.document = document
        document.undo_stack.indexChanged.connect(self._changed)
        document.others_changed.connect(self._changed)
        document.undo_stack.cleanChanged.connect(self._clean_changed)
        if document.is_modified:
            self._changed()
        else:
            self.journal.clear()

    def _changed(self, *_args) -> None:
        now = time.monotonic()
        if self._pending_since is None:
            self._pending_since = now
        if now - self._pending_since >= AUTOSAVE_MAX_WAIT_S:
            self.write_now()
        else:
            self.timer.start()

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.timer.stop()
            self._pending_since = None
            self.journal.clear()

    def write_now(self) -> None:
        """Autosave immediately (also called on an unexpected error)."""
        self.timer.stop()
        self._pending_since = None
        document = self.document
        if document is None or not document.is_modified:
            return
        try:
            self.journal.write(document.journey_map, document.path, document.disk_hash)
        except Exception as exc:  # whatever the reason, the workshop goes on and is told
            self._set_error(_reason(exc))
            return
        self.writes += 1
        self._set_error(None)

    @property
    def off(self) -> bool:
        """True while autosave has never been able to write to its folder in this session."""
        return not self.journal.started

    def _set_error(self, error: str | None) -> None:
        changed = error != self.last_error
        self.last_error = error
        if changed:
            self.error_changed.emit(error or "")

    def close(self) -> None:
        """A clean exit: nothing is left to recover."""
        self.timer.stop()
        self.journal.close()


def log_exception(error: BaseException, what: str = "") -> str | None:
    """Append the error's traceback to the editor's log (``log_file()``); None, or why it could not be written
    (a full or read-only disk: the details then go to the terminal)."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    heading = f"--- {datetime.now().isoformat(timespec='seconds')}" + (f" {what}" if what else "")
    try:
        with log_file().open("a", encoding="utf-8") as handle:
            handle.write(f"{heading}\n{text}\n")
    except OSError as exc:
        if sys.__stderr__ is not None:
            sys.__stderr__.write(text)
        return _reason(exc)
    return None


def install_exception_handler(window_getter: Callable[[], QWidget | None]) -> None:
    """Unexpected errors (in slots too) are logged, the map is autosaved, and the user is told."""

    def handle(kind, value, tb) -> None:
        log = log_file()
        log_error = log_exception(value.with_traceback(tb) if value is not None else kind())
        window = window_getter()
        saved = ""
        autosaver = getattr(window, "autosaver", None)
        if autosaver is not None:
            autosaver.write_now()
            if autosaver.last_error is None and autosaver.document is not None and autosaver.document.is_modified:
                saved = str(autosaver.journal.path)
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        message = _("Something went wrong inside the editor: {error}").format(error=f"{kind.__name__}: {value}")
        if saved:
            message += "\n\n" + _("Your map was saved for recovery: {path}").format(path=saved)
        if log_error is None:
            message += "\n\n" + _("Details are in {path}. The editor keeps running.").format(path=log)
        else:
            message += "\n\n" + _("The details could not be written to {path} ({reason}). The editor keeps "
                                    "running.").format(path=log, reason=log_error)
        from app.ui.dialogs import message_box

        message_box(window, "critical", _("Unexpected error"), message)

    sys.excepthook = handle
