"""One window's workshop: presenting, the audience window, the walk, the timer and dot voting.

The window's Workshop menu (``app.ui.actions``) calls the functions at the end of
this module with the window; each finds the window's :class:`Workshop`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from app.i18n import _
from app.ui.dialogs import message_box
from app.ui.workshop.presenting import Presentation
from app.ui.workshop.walk import PhaseWalk

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.workshop.audience import AudienceWindow

#: the type-scale actions, by scale
SCALE_ACTIONS = {"normal": "present_normal", "large": "present_large", "extra_large": "present_extra_large"}


class Workshop(QObject):
    """What a facilitator runs a workshop with, for one editor window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.walk = PhaseWalk(window.canvas)
        self.presentation = Presentation(window, self.walk)
        self.presentation.add_cover(window.canvas.viewport())
        self.presentation.active_changed.connect(self._presenting_changed)
        self.audience: AudienceWindow | None = None
        self._show_scale()
        window.action_registry.action("captions").setChecked(True)

    # --- presenting -------------------------------------------------------------------

    def toggle_presentation(self) -> None:
        self.presentation.toggle()

    def _presenting_changed(self, active: bool) -> None:
        self.window.action_registry.action("present").setChecked(active)

    def toggle_audience(self) -> None:
        """Open the audience window on another screen, or close it; with one screen, offer presenting here."""
        from app.ui.workshop.audience import AudienceWindow, other_screen

        if self.audience is not None:
            self.close_audience()
            return
        screen = other_screen(self.window)
        if screen is None:
            answer = message_box(
                self.window, "question", _("Only one screen"),
                _("No second screen is connected, so the room cannot get a window of its own. "
                  "Present on this screen instead (F5)?"))
            self.window.action_registry.action("present_second").setChecked(False)
            if answer == QMessageBox.StandardButton.Yes:
                self.presentation.enter()
            return
        self.audience = AudienceWindow(self.window, screen)
        self.presentation.audience_open = True
        self.presentation.apply_style()
        self.presentation.add_cover(self.audience.view.viewport())
        self.audience.open()
        self.window.action_registry.action("present_second").setChecked(True)

    def close_audience(self) -> None:
        if self.audience is not None:
            self.audience.close()
            self.audience.deleteLater()
            self.audience = None
        self.presentation.audience_open = False
        self.presentation.apply_style()
        self.window.action_registry.action("present_second").setChecked(False)

    def scene_replaced(self) -> None:
        """Another map was opened in the window: its scene gets the sizes and the views of the workshop."""
        self.walk.leave()
        self.presentation.apply_style()
        if self.audience is not None:
            self.audience.set_scene(self.window.scene)

    # --- type scale and captions ----------------------------------------------------------

    def set_scale(self, scale: str) -> None:
        self.presentation.set_scale(scale)
        self._show_scale()

    def _show_scale(self) -> None:
        for scale, action_id in SCALE_ACTIONS.items():
            self.window.action_registry.action(action_id).setChecked(scale == self.presentation.scale)

    def toggle_captions(self) -> None:
        self.presentation.toggle_captions()
        self.window.action_registry.action("captions").setChecked(self.presentation.captions)

    # --- walking the journey ----------------------------------------------------------------

    def next_phase(self) -> None:
        self.walk.step(1)

    def previous_phase(self) -> None:
        self.walk.step(-1)

    def whole_map(self) -> None:
        self.walk.show(None)


def workshop(window: MainWindow) -> Workshop:
    return window.workshop


# The Workshop menu's commands (app.ui.actions: ``call="app.ui.workshop.session:…"``).

def toggle_presentation(window: MainWindow) -> None:
    workshop(window).toggle_presentation()


def toggle_audience(window: MainWindow) -> None:
    workshop(window).toggle_audience()


def next_phase(window: MainWindow) -> None:
    workshop(window).next_phase()


def previous_phase(window: MainWindow) -> None:
    workshop(window).previous_phase()


def whole_map(window: MainWindow) -> None:
    workshop(window).whole_map()


def scale_normal(window: MainWindow) -> None:
    workshop(window).set_scale("normal")


def scale_large(window: MainWindow) -> None:
    workshop(window).set_scale("large")


def scale_extra_large(window: MainWindow) -> None:
    workshop(window).set_scale("extra_large")


def toggle_captions(window: MainWindow) -> None:
    workshop(window).toggle_captions()
