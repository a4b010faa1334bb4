"""The audience window: the live map on a second screen (the projector) while the laptop keeps the editor.

It is a second, read-only view of the very scene the editor edits (no copy): every
edit shows at once. It shows what the editor's canvas shows, scaled to the
projector, so the pinned header bars, a walk through the phases and a scroll all
reach the room; it passes no key or click to the scene.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.i18n import _
from app.ui.view import POINTS_TO_PIXELS, CanvasView

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def other_screen(window: QWidget) -> QScreen | None:
    """A screen the window is not on (the projector), or None with one screen."""
    here = window.screen() or QGuiApplication.primaryScreen()
    others = [screen for screen in QGuiApplication.screens() if screen is not here]
    return others[0] if others else None


class AudienceWindow(QWidget):
    """A frameless full-screen window on another screen, showing the editor's scene as the editor sees it."""

    def __init__(self, window: MainWindow, screen: QScreen) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setWindowTitle(_("Journey Map Editor — audience"))
        self.editor_window = window
        self.view = CanvasView(window.scene, self, read_only=True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(CanvasView.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setGeometry(screen.geometry())
        self._screen = screen
        canvas = window.canvas
        for signal in (canvas.horizontalScrollBar().valueChanged, canvas.verticalScrollBar().valueChanged):
            signal.connect(self._schedule)
        canvas.zoom_changed.connect(self._schedule)
        window.scene.sceneRectChanged.connect(self._schedule)
        self._pending = False

    def open(self) -> None:
        self.show()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(self._screen)
        self.setGeometry(self._screen.geometry())
        self.showFullScreen()
        self.follow()

    def set_scene(self, scene) -> None:
        """Another map was opened in the editor: show its scene."""
        if self.view.scene() is not scene:
            self.view.setScene(scene)
            scene.sceneRectChanged.connect(self._schedule)
        self._schedule()

    def _schedule(self, *_args) -> None:
        """Follow the editor once the event loop is free (a scroll and a zoom come together)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.follow)

    def shown_rect(self) -> QRectF:
        """The part of the map the editor's canvas shows."""
        canvas = self.editor_window.canvas
        return canvas.mapToScene(canvas.viewport().rect()).boundingRect()

    def follow(self) -> None:
        """Show what the editor shows, as large as this screen allows, from the same top-left corner."""
        self._pending = False
        if self.view.scene() is not self.editor_window.scene:
            self.set_scene(self.editor_window.scene)
        rect = self.shown_rect()
        area = self.view.viewport().size()
        if rect.isEmpty() or area.isEmpty():
            return
        scale = min(area.width() / rect.width(), area.height() / rect.height())
        self.view.set_zoom(scale / POINTS_TO_PIXELS)
        self.view.horizontalScrollBar().setValue(round(rect.left() * scale))
        self.view.verticalScrollBar().setValue(round(rect.top() * scale))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._schedule()
