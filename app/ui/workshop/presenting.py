"""Presentation mode: the map alone, full screen, at a type scale the back of the room can read.

Entering hides the menus, toolbar, docks, tabs and status bar and lays the map out
again with projector-sized text (``app.layout.projector``); leaving puts the window
back as it was. The map and its undo stack are never touched: capture keeps
working (type into a cell, Enter, Tab, Ctrl+Z), because facilitators write while
the room talks. Keys of its own, as presenter clickers send them: → / ← and
PgDn / PgUp walk the phases, Home shows the whole map, B or . blanks the screen,
Escape leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from app.layout.projector import DEFAULT_SCALE, TYPE_SCALES, presentation_style
from app.ui import settings

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.workshop.walk import PhaseWalk

#: keys that walk the journey while presenting (a clicker sends PgDn / PgUp)
NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_PageDown)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)
#: keys a clicker's "blank screen" button sends
BLANK_KEYS = (Qt.Key.Key_B, Qt.Key.Key_Period)


class BlankCover(QWidget):
    """A black screen over a view (a clicker's blank button): the room looks at the people, not the map."""

    def __init__(self, viewport: QWidget, always: bool) -> None:
        """``always``: blank this view whenever the screen is blanked (the audience window); otherwise only
        while presenting (the editor's canvas, which the room sees only then)."""
        # A child of the scroll area, over its viewport: the viewport's own children scroll with the map.
        super().__init__(viewport.parentWidget() or viewport)
        self.viewport = viewport
        self.always = always
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.setGeometry(self.viewport.geometry())
        return False

    def cover(self, on: bool) -> None:
        self.setGeometry(self.viewport.geometry())
        self.setVisible(on)
        self.raise_()

    def paintEvent(self, _event) -> None:
        QPainter(self).fillRect(self.rect(), QColor("#000000"))


class Presentation(QObject):
    """Presentation mode of one window; ``toggle`` enters and leaves it."""

    active_changed = Signal(bool)
    #: the scene was laid out again at other sizes (what is drawn on cards follows)
    restyled = Signal()

    def __init__(self, window: MainWindow, walk: PhaseWalk) -> None:
        super().__init__(window)
        self.window = window
        self.walk = walk
        self.active = False
        self.scale = settings.read(settings.PRESENT_SCALE)
        if self.scale not in TYPE_SCALES:
            self.scale = DEFAULT_SCALE
        #: cards show their captions (channel, owner, evidence); one key hides them for the room
        self.captions = True
        #: the screen is blanked
        self.blank = False
        #: another window shows the map to the room (app.ui.workshop.audience): the scene keeps the type scale
        self.audience_open = False
        self._saved: dict[str, object] = {}
        self._covers: list[BlankCover] = []
        self._actions_added = False

    # --- entering and leaving ---------------------------------------------------------

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        if self.active:
            return
        window = self.window
        window.scene.commit_editing()
        self._saved = {
            "state": window.saveState(), "geometry": window.saveGeometry(),
            "full_screen": window.isFullScreen(), "maximized": window.isMaximized(),
            "zoom": window.canvas.zoom, "fit": window.canvas.fit_mode,
            "shown": [w for w in self._chrome() if w.isVisible()],
        }
        self._keep_shortcuts()
        for widget in self._saved["shown"]:
            widget.hide()
        self.active = True
        self.apply_style()
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # none on the projector; the wheel and the walk still scroll
        window.canvas.setHorizontalScrollBarPolicy(off)
        window.canvas.setVerticalScrollBarPolicy(off)
        screen = window.screen()
        if screen is not None:  # a window manager that ignores "full screen" (or none) still gets it
            window.setGeometry(screen.geometry())
        window.showFullScreen()
        window.canvas.fit_width()
        window.canvas.setFocus()
        self.active_changed.emit(True)

    def leave(self) -> None:
        if not self.active:
            return
        window = self.window
        self.active = False
        self.set_blank(False)
        window.canvas.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        window.canvas.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.walk.leave()
        self.apply_style()
        saved = self._saved
        if not saved.get("full_screen"):
            window.showMaximized() if saved.get("maximized") else window.showNormal()
            window.restoreGeometry(saved["geometry"])  # type: ignore[arg-type]
        for widget in saved.get("shown", []):  # type: ignore[union-attr]
            widget.show()
        window.restoreState(saved.get("state", QByteArray()))  # type: ignore[arg-type]
        if saved.get("fit") == "width":
            window.canvas.fit_width()
        elif saved.get("fit") == "map":
            window.canvas.fit_map()
        else:
            window.canvas.set_zoom(float(saved.get("zoom", 1.0)))  # type: ignore[arg-type]
        window.full_screen_action.setChecked(window.isFullScreen())
        window.canvas.setFocus()
        self.active_changed.emit(False)

    def _chrome(self) -> list[QWidget]:
        """Everything of the window but the map: menus, toolbars, docks, persona tabs, status bar."""
        window = self.window
        return [window.menuBar(), window.statusBar(), window.persona_tabs,
                *window.findChildren(QToolBar), *window.findChildren(QDockWidget)]

    def _keep_shortcuts(self) -> None:
        """A hidden menu bar takes its actions' keys with it: the window holds them too (once)."""
        if not self._actions_added:
            registry = self.window.action_registry
            self.window.addActions([registry.action(spec.id) for spec in registry.specs.values()
                                    if spec.scope == "window"] + list(self.window.step_actions.menu.values()))
            self._actions_added = True

    # --- how the map looks ---------------------------------------------------------------

    def apply_style(self) -> None:
        """The scene's sizes for what shows it now: the type scale while presenting or while the room
        sees it in another window, the editor's otherwise; captions as chosen."""
        scale = self.scale if self.active or self.audience_open else "editor"
        style = presentation_style(scale, self.captions)
        scene = self.window.scene
        if scene.style is not style:
            scene.set_style(style)
            if self.active and self.walk.phase_id is None:
                self.window.canvas.fit_width()
            self.walk.refresh()
            self.restyled.emit()

    def set_scale(self, scale: str) -> None:
        """Normal, large or extra large (kept for the next time)."""
        if scale in TYPE_SCALES:
            self.scale = scale
            settings.write(settings.PRESENT_SCALE, scale)
            self.apply_style()
            self.walk.rezoom()

    def toggle_captions(self) -> None:
        self.captions = not self.captions
        self.apply_style()

    def set_blank(self, on: bool) -> None:
        if on == self.blank:
            return
        self.blank = on
        self._show_covers()

    def _show_covers(self) -> None:
        for cover in self._covers:
            cover.cover(self.blank and (cover.always or self.active))

    def add_cover(self, viewport: QWidget, always: bool) -> BlankCover:
        """A view the room sees (the presenting canvas, the audience window) blanks with the screen."""
        cover = BlankCover(viewport, always)
        self._covers.append(cover)
        cover.destroyed.connect(lambda _obj=None, c=cover: self._covers.remove(c) if c in self._covers else None)
        self._show_covers()
        return cover

    # --- keys of presenting (the workshop hands them over: app.ui.workshop.session) ------------

    def _writing(self) -> bool:
        scene = self.window.scene
        return scene.current_cell is not None or bool(scene.selected_card_ids())

    def navigation_key(self, event: QKeyEvent, voting: bool) -> bool:
        """Escape, the walk's keys, blanking; True when presenting used the key. The card editor is closed."""
        scene = self.window.scene
        key, modifiers = event.key(), event.modifiers()
        plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                 | Qt.KeyboardModifier.MetaModifier)
        if key == Qt.Key.Key_Escape:
            if self.blank:
                self.set_blank(False)
            elif self._writing():  # first back to "nothing chosen", where B and . blank again
                scene.clearSelection()
                scene.set_current_cell(None)
            else:
                self.leave()
            return True
        if not plain:
            return False
        if self.blank:  # any key brings the map back, as in a slide show
            self.set_blank(False)
            return True
        if key in NEXT_KEYS or key in PREVIOUS_KEYS:
            self.walk.step(1 if key in NEXT_KEYS else -1)
            return True
        if key == Qt.Key.Key_Home:
            self.walk.show(None)
            return True
        if key == Qt.Key.Key_End:
            self.walk.show(self.walk.phase_ids()[-1] if self.walk.phase_ids() else None)
            return True
        writing = self._writing() and not voting  # nothing is typed while the room votes
        if key in BLANK_KEYS and not writing:
            self.set_blank(True)
            return True
        if key == Qt.Key.Key_Space and not self._writing():  # a slide show's "next"
            self.walk.step(1)
            return True
        return False

    def capture_key(self, event: QKeyEvent) -> bool:
        """Writing while presenting: with nothing chosen, typing or Enter starts a card in the phase shown."""
        scene = self.window.scene
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return True  # the keyboard stays on the map (the window's hidden parts would take it)
        text = event.text()
        starts_card = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Insert) or (text and text.isprintable())
        if starts_card and not self._writing():
            cell = scene.controller.default_cell()  # the phase walked to, its first card lane
            if cell is not None:
                scene.start_new_card(cell, text if text.isprintable() else "")
                return True
        return False
