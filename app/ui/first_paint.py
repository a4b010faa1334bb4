"""Work the user does not need for seeing the map, done once the map is on the screen.

Starting the editor on a map, the recent-files list is written (QSettings syncs the whole file
to disk, 12-20 ms) and the recovery folder is looked through: done before the first paint, both
only made the map appear later.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], object]) -> None:
        super().__init__(widget)  # lives as long as the widget: a widget never painted never calls back
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._call)  # once the paint is done
        return False

    def _call(self) -> None:
        self.deleteLater()
        self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` once ``widget`` has been painted for the first time from now."""
    _AfterFirstPaint(widget, callback)
