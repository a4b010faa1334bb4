"""A dock that shows something of the open map and follows it: the Health Check, Compare Personas and the
Opportunity matrix.

Each is made on first use (the window needs no code for it) and found through Qt, not through an
attribute of the window: a window and its dock pointing at each other from Python made a reference
cycle that PySide crashed collecting. A change of the map restarts a short single-shot timer, so an
edit never waits for the dock; a hidden dock only notes that it is stale and draws when shown again.
Opening another map gives the window a new document (its undo group gets a new active stack): the
dock notices and follows it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QDockWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

Dock = TypeVar("Dock", bound="MapDock")


class MapDock(QDockWidget):
    """The common part of the map's docks; a subclass builds its page, then calls :meth:`ready`, and gives
    :meth:`connections`, :meth:`refresh` and :meth:`retranslate`."""

    #: the window's action whose tick follows whether the dock is open ("checks_action")
    action_name = ""
    #: how long the map must rest after a change before the dock draws again (ms)
    delay_ms = 200
    #: where the dock goes when the window's saved layout has no place for it
    area = Qt.DockWidgetArea.BottomDockWidgetArea

    @property
    def main(self) -> MainWindow:
        """The window (the dock's parent)."""
        return self.parentWidget()

    def __init__(self, title: str, object_name: str, window: MainWindow) -> None:
        super().__init__(title, window)
        self.setObjectName(object_name)  # the window's saved layout keeps its place
        self.document: MapDocument | None = None
        #: a change came while the dock was hidden: draw when it shows again
        self.stale = True
        self._connected: list[tuple[object, Callable]] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.delay_ms)
        self.timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility_changed)
        # Opening, reloading or starting a map gives the window a new document and its undo stack.
        window.undo_group.activeStackChanged.connect(lambda _stack: self.follow_document())
        #: no saved place: on first showing a bottom dock takes half the window's height (Qt's default: a strip)
        self.first_showing = not window.restoreDockWidget(self)
        if self.first_showing:
            window.addDockWidget(self.area, self)
            self.first_placed(window)

    def first_placed(self, window: MainWindow) -> None:
        """Where the dock goes beside the others the first time (tabbed with one of them, say)."""

    def ready(self) -> None:
        """The page is built: hidden until shown, in the UI language, following the window's map."""
        self.hide()
        self.retranslate()
        self.follow_document()

    # --- what a subclass gives ------------------------------------------------------------------

    def connections(self, document: MapDocument) -> tuple[tuple[object, Callable], ...]:
        """(signal, slot) of each change of the document the dock follows."""
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    # --- showing ----------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_panel(self) -> None:
        """Show the dock in front of the docks it shares a place with, up to date now."""
        self.show()
        self.raise_()
        if self.first_showing and self.area == Qt.DockWidgetArea.BottomDockWidgetArea and not self.isFloating():
            self.first_showing = False
            window = self.main
            window.resizeDocks([self], [max(300, window.height() // 2)], Qt.Orientation.Vertical)
        if self.stale or self.document is not self.main.document:
            self.refresh()

    def sync_action(self) -> None:
        """The menu's tick follows whether the dock is open (its own close button too)."""
        action = getattr(self.main, self.action_name, None)
        if action is not None:
            action.setChecked(not self.isHidden())

    def _visibility_changed(self, visible: bool) -> None:
        self.sync_action()
        if visible and (self.stale or self.document is not self.main.document):
            self.timer.start(0)  # shown again after changes: draw once it is on screen

    # --- following the map --------------------------------------------------------------------------

    def follow_document(self) -> None:
        """Listen to the window's document (a new one after opening another map) and draw it."""
        document = self.main.document
        if document is self.document:
            return
        old = self.document
        if old is not None and isValid(old):
            for signal, slot in self._connected:
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        self.document = document
        self._connected = list(self.connections(document))
        for signal, slot in self._connected:
            signal.connect(slot)
        self.changed()

    def changed(self, *_args: object) -> None:
        """The map changed: draw again once it rests (only while the dock is shown)."""
        self.stale = True
        if self.isVisible():
            self.timer.start()


def toggle_dock(window: MainWindow, dock_class: type[Dock], object_name: str) -> Dock:
    """A View menu's dock shown (made on first use) and in front, or hidden when it is shown."""
    dock = window.findChild(dock_class, object_name)
    if dock is None:
        dock = dock_class(window)
        dock.show_panel()
    elif dock.isHidden() or not dock.isVisible():  # closed, or behind another dock's tab
        dock.show_panel()
    else:
        dock.hide()
    dock.sync_action()
    return dock
