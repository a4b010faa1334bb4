"""Work the user does not need for seeing the map, done once the map is on the screen.

Starting the editor on a map, the recent-files list is written (QSettings syncs the whole file
to disk, 12-20 ms) and the recovery folder is looked through: done before the first paint, both
only made the map appear later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: the longest the work waits for the paint: a window started minimised or on another desktop is
#: not painted until it is looked at, and a crash's recovery must still be offered
LONGEST_WAIT_MS = 2000


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)  # lives as long as the widget
        self._callback: Callable[[], object] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(LONGEST_WAIT_MS, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)  # once the paint is done
        return False

    def _call(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:  # once: after the paint or after the longest wait, whichever comes first
            self.parent().removeEventFilter(self)
            self.deleteLater()
            callback()


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` once ``widget`` has been painted for the first time from now, or after
    ``LONGEST_WAIT_MS`` if it is not painted by then."""
    _AfterFirstPaint(widget, callback)
