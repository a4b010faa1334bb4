"""The main window: canvas, persona tabs, inspector and persona docks, menus, files.

Stable surface for scripts and tests: ``open_file(path)``, ``save_file(path)``,
``journey_map``, ``undo_stack``, ``canvas``, ``current_persona_id`` and
``set_current_persona(persona_id)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.model import JourneyMap, MapFileError
from app.model.fileformat import remove_stale_temp_files, write_target
from app.model.templates import DEFAULT_TEMPLATE, new_map, template_names, template_title
from app.ui import live_dialogs, settings
from app.ui.actions import ActionRegistry, StepActions, build_menus, build_toolbar, menu_shortcuts
from app.ui.commands import retranslate_steps
from app.ui.conflicts_dock import ConflictsDock
from app.ui.dialogs import message_box, shortcut_rows, show_about, show_shortcuts
from app.ui.document import MapDocument
from app.ui.file_session import FileSession
from app.ui.first_paint import after_first_paint
from app.ui.inspector import InspectorDock
from app.ui.open_map_memory import collect_previous_map, freeze_first_map
from app.ui.persona_dock import PersonaDock
from app.ui.persona_tabs import PersonaTabs
from app.ui.safety import Autosaver
from app.ui.safety_status import SafetyStatus
from app.ui.scene import JourneyScene
from app.ui.status_text import StatusText
from app.ui.structure_flow import StructureFlow
from app.ui.view import CanvasView
from app.ui.workshop.session import Workshop

if TYPE_CHECKING:
    from app.ui.export_dialog import ExportRequest


class MainWindow(QMainWindow):
    def __init__(self, journey_map: JourneyMap | None = None, path: str | Path | None = None) -> None:
        """A window on ``journey_map``, or on the file ``path``, or on a new map from the default template."""
        super().__init__()
        self.undo_group = QUndoGroup(self)
        document, open_error = None, None
        if path is not None:
            try:
                document = MapDocument.open(path)
            except MapFileError as exc:
                open_error = str(exc)
        self.document = document or MapDocument(
            journey_map or new_map(DEFAULT_TEMPLATE, _("Untitled journey map"))
        )
        first = self.document.journey_map.personas[0].id if self.document.journey_map.personas else ""
        self.scene = JourneyScene(self.document, first, self)
        self.canvas = CanvasView(self.scene)
        self.persona_tabs = PersonaTabs()
        self.persona_tabs.persona_chosen.connect(self.set_current_persona)
        self.persona_tabs.tabBarDoubleClicked.connect(lambda _i: self.structure.rename_persona())
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.persona_tabs)
        layout.addWidget(self.canvas)
        self.setCentralWidget(central)
        self.inspector = InspectorDock(self)
        self.persona_dock = PersonaDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.persona_dock)
        self.conflicts_dock = ConflictsDock(self)  # shows itself when the map has merge conflicts
        self.setAcceptDrops(True)
        self.autosaver = Autosaver(self)
        self.files = FileSession(self)
        self.structure = StructureFlow(self)
        self.watcher = self.files.watcher
        self._build_actions()
        self._build_menus()
        self.workshop = Workshop(self)  # presenting, the audience window, the timer, dot voting
        self._attach_document(self.document, fresh_scene=False)
        self.resize(1400, 900)
        geometry = settings.read(settings.WINDOW_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.read(settings.WINDOW_STATE)
        if state is not None:
            self.restoreState(state)
        else:
            self._size_docks_for_screen()
        self.canvas.zoom_changed.connect(self._update_status)
        if document is not None:
            after_first_paint(self.canvas.viewport(), lambda: self.files.add_recent(document.path))
        self.canvas.show_start()  # a new map too: from its top-left, fitted to the window as it is shown
        if open_error is not None:
            QTimer.singleShot(0, lambda: message_box(self, "critical", _("Cannot open the map"), open_error))

    # --- the stable surface ---------------------------------------------------

    @property
    def journey_map(self) -> JourneyMap:
        return self.document.journey_map

    @property
    def undo_stack(self):
        return self.document.undo_stack

    def _size_docks_for_screen(self) -> None:
        """At first start the docks take a quarter of the screen (300 to 400 px): on a 1366 px laptop
        their natural width left the canvas little more than half the window."""
        screen = self.screen() or QApplication.primaryScreen()
        width = max(300, min(400, screen.availableGeometry().width() * 6 // 25)) if screen is not None else 400
        docks = [self.inspector, self.persona_dock]
        self.resizeDocks(docks, [width] * len(docks), Qt.Orientation.Horizontal)

    @property
    def current_persona_id(self) -> str:
        return self.scene.persona_id

    def set_current_persona(self, persona_id: str) -> None:
        ids = [p.id for p in self.journey_map.personas]
        if persona_id not in ids:
            raise KeyError(persona_id)
        self.persona_tabs.setCurrentIndex(ids.index(persona_id))
        self.scene.set_persona(persona_id)
        self.persona_dock.show_persona(persona_id)
        self._selection_changed()
        self._update_status()

    # Files: the window's file life cycle (app.ui.file_session) under the names scripts use.

    def open_file(self, path: str | Path) -> bool:
        """Open a map; a broken file shows why (offering its backup) and leaves the open map untouched."""
        return self.files.open_file(path)

    def save_file(self, path: str | Path | None = None) -> bool:
        """Save to ``path`` (or the current file); asks before writing over someone else's change."""
        return self.files.save_file(path)

    def new_file(self, template: str = DEFAULT_TEMPLATE) -> None:
        self.files.new_file(template)

    def maybe_save(self) -> bool:
        return self.files.maybe_save()

    def recent_files(self) -> list[str]:
        return self.files.recent_files()

    def reload_from_disk(self) -> bool:
        return self.files.reload_from_disk()

    def share_session(self, lan: bool = False) -> str:
        """Share the open map in a live session on this computer; the join link (LiveError if it cannot)."""
        return live_dialogs.share_session(self, lan)

    def join_session(self, link: str) -> None:
        """Open the map of a live session's link in this window (LiveError, saying why, if it cannot)."""
        live_dialogs.join_session(self, link)

    def offer_recovery(self, folder: Path | None = None) -> int:
        """At start: offer back what a crash left, in one question; returns how many maps were restored."""
        from app.ui.recovery_dialog import offer_recoveries

        if folder is not None:
            self._recovery_folder = folder
        return offer_recoveries(self, self._recovery_folder)

    def show_recoveries_waiting(self, count: int) -> None:
        self.safety_status.show_recoveries_waiting(count)

    def _edit_refused(self, what: str, why: str) -> None:
        message_box(self, "warning", _("This change was not made"),
                    _("{change} was refused: {reason}.").format(change=what, reason=why))

    # --- document wiring ---------------------------------------------------------

    def _attach_document(self, document: MapDocument, fresh_scene: bool = True) -> None:
        old = self.document
        self.document = document
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        if old is not document:
            self.undo_group.removeStack(old.undo_stack)
            old.undo_stack.blockSignals(True)
            old.blockSignals(True)
            old.deleteLater()
        document.setParent(self)
        if fresh_scene:
            first = document.journey_map.personas[0].id if document.journey_map.personas else ""
            old_scene = self.scene
            old_scene.blockSignals(True)
            self.scene = JourneyScene(document, first, self)
            self.canvas.setScene(self.scene)
            old_scene.deleteLater()
            self.workshop.scene_replaced()
            self.canvas.show_start()  # opened, restored, reloaded or new: from the top-left, fitted
        self.scene.selectionChanged.connect(self._selection_changed)
        self.scene.current_cell_changed.connect(self._selection_changed)
        self.scene.rename_phase_requested.connect(self.structure.rename_phase)
        self.scene.rename_lane_requested.connect(self.structure.rename_lane)
        self.scene.emotion_edit_requested.connect(self.structure.edit_emotion)
        self.scene.context_menu_requested.connect(self.structure.show_context_menu)
        self.scene.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        document.undo_stack.cleanChanged.connect(self._update_title)
        document.path_changed.connect(self._update_title)
        document.structure_changed.connect(self._refresh_persona_tabs)
        document.persona_changed.connect(lambda _id: self._refresh_persona_tabs())
        document.cards_changed.connect(lambda _ids: self._update_status())
        document.structure_changed.connect(self._update_status)  # after the scene has laid the persona out
        document.edit_refused.connect(self._edit_refused)
        self.inspector.set_document(document, self.scene.controller)
        self.persona_dock.set_document(document, self.scene.controller)
        self.conflicts_dock.set_document(document)
        self.autosaver.set_document(document)
        self.files.watch(document.path)
        if document.path is not None:
            remove_stale_temp_files(write_target(document.path).parent)  # where its saves write
        self._refresh_persona_tabs()
        self.persona_dock.show_persona(self.scene.persona_id)
        self._update_title()
        self._update_status()
        # Keep the open map out of the garbage collector's passes; collect the previous one (app.ui.open_map_memory).
        collect_previous_map() if old is not document else freeze_first_map()

    def _update_title(self) -> None:
        name = self.document.path.name if self.document.path else _("Untitled")
        title = _("{file}[*] — Journey Map Editor").format(file=name)
        self.setWindowTitle(title + self.safety_status.title_suffix())
        self.setWindowModified(self.document.is_modified)
        self.setWindowFilePath(str(self.document.path or ""))

    def _update_status(self, *_args) -> None:
        persona_cards = len(self.scene.layout.cards)
        in_persona = ngettext("{count} card in this persona", "{count} cards in this persona",
                              persona_cards).format(count=persona_cards)
        text = _("{cards_in_persona} · {count} in the map · zoom {zoom} %").format(
            cards_in_persona=in_persona, count=len(self.journey_map.cards), zoom=round(self.canvas.zoom * 100))
        self.status_label.setText(text)

    def _refresh_persona_tabs(self) -> None:
        personas = self.journey_map.personas
        current = self.scene.persona_id
        self.persona_tabs.show_personas(personas, current)
        ids = [p.id for p in personas]
        if current not in ids and ids:
            self.set_current_persona(ids[0])
        self.delete_persona_action.setEnabled(len(personas) > 1)

    def _selection_changed(self) -> None:
        ids = self.scene.selected_card_ids()
        self.inspector.show_selection(ids[0] if len(ids) == 1 else None, self.scene.current_cell)
        self.action_registry.set_state("selection", bool(ids))

    # --- actions and menus ---------------------------------------------------------

    def _run(self, name: str):
        """The callable an action declaration names: a window method, or ``scene.x`` / ``canvas.x``
        (looked up when triggered: the scene is replaced when another map is opened)."""
        owner, _dot, method = name.rpartition(".")
        if owner:
            return lambda: getattr(getattr(self, owner), method)()
        return getattr(self, method)

    def _build_actions(self) -> None:
        self.step_actions = StepActions(self, self.undo_group)
        made_by_group = dict(self.step_actions.menu)  # undo and redo: their text names the step
        self.action_registry = ActionRegistry(self, self._run, self.canvas, self.canvas.setFocus)
        self.action_registry.build(made_by_group)
        for action_id, action in self.action_registry.actions.items():
            setattr(self, f"{action_id}_action", action)  # the scripting names: window.save_action, …

    def actual_size(self) -> None:
        self.canvas.set_zoom(1.0)

    def next_persona(self) -> None:
        self._step_persona(1)

    def previous_persona(self) -> None:
        self._step_persona(-1)

    def _build_menus(self) -> None:
        """The menu bar and the toolbar, laid out by ``app.ui.actions.MENUS`` and ``TOOLBAR``."""
        #: (menu, English title) of every menu and submenu, read again by retranslate
        self._menu_titles, submenus = build_menus(self, self.action_registry, {
            "@templates": N_("New from &Template"), "@recent": N_("Open &Recent"),
            "@docks": [self.inspector.toggleViewAction(), self.persona_dock.toggleViewAction(),
                       self.conflicts_dock.toggleViewAction()]})
        self.template_menu, self.recent_menu = submenus["@templates"], submenus["@recent"]
        for name in template_names():
            action = self.template_menu.addAction(template_title(name), lambda n=name: self.new_file(n))
            action.setData(name)  # retranslate names it again
        self.recent_menu.aboutToShow.connect(self.files.fill_recent_menu)

        self.toolbar = build_toolbar(self, self.action_registry, self.step_actions)
        self.undo_tool, self.redo_tool = self.step_actions.tool["undo"], self.step_actions.tool["redo"]
        self.addToolBar(self.toolbar)
        self.status_label = StatusText()
        self.statusBar().addPermanentWidget(self.status_label)
        self.safety_status = SafetyStatus(self)
        self.safety_status.changed.connect(self._update_title)
        self.autosave_warning = self.safety_status.autosave_warning
        self.recoveries_waiting = self.safety_status.recoveries_waiting
        self._recovery_folder: Path | None = None
        #: windows opened for further maps restored at start (each with its own autosave)
        self.restored_windows: list[MainWindow] = []

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "toolbar"):  # not while being built
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Show every word of the window in the UI language now (a switch at run time): actions, menus,
        toolbar, docks, canvas, status bar and title. The map's own text is never translated."""
        self.action_registry.retranslate()
        for action in self.template_menu.actions():
            action.setText(template_title(action.data()))
        retranslate_steps(self.undo_stack)  # the steps' names, as Edit → Undo shows them
        self.step_actions.retranslate()
        for menu, title in self._menu_titles:
            menu.setTitle(_(title))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        self.inspector.retranslate()
        self.persona_dock.retranslate()
        self.scene.retranslate()
        self._update_title()
        self._update_status()

    # --- files ----------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_file(files[0])

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.workshop.closing()  # the editor's layout is the one stored, not the presentation's
        self.autosaver.close()
        settings.write(settings.WINDOW_GEOMETRY, self.saveGeometry())
        settings.write(settings.WINDOW_STATE, self.saveState())
        event.accept()

    # Dialogs are imported when first opened: they are not part of the window at start-up.

    def export_dialog(self) -> None:
        from app.ui.export_dialog import ExportDialog

        self.scene.commit_editing()
        dialog = ExportDialog(self.document, self)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export(dialog.request())

    def export(self, request: ExportRequest) -> bool:
        """Run an export as chosen in the dialog (scripts and tests call this directly)."""
        from app.ui.export_dialog import run_export

        done = run_export(self, self.document, request)
        if done:
            self.statusBar().showMessage(_("Exported to {path}").format(path=request.path), 6000)
        return done

    # --- files changed by others and recovery ----------------------------------

    # --- clipboard -------------------------------------------------------------------

    def copy(self) -> None:
        mime = self.scene.controller.copy_selected()
        if mime is not None:
            QApplication.clipboard().setMimeData(mime)

    def cut(self) -> None:
        self.copy()
        self.scene.delete_selected()

    def paste(self) -> None:
        self.scene.controller.paste(QApplication.clipboard().mimeData())

    def select_all(self) -> None:
        self.scene.select_all_cards()  # one selection signal: the window re-reads the selection once

    # --- structure -----------------------------------------------------------------------

    # The Map menu's and the canvas's conversations (app.ui.structure_flow), under the names scripts use.

    def rename_phase(self, phase_id: str) -> None:
        self.structure.rename_phase(phase_id)

    def edit_emotion(self, phase_id: str) -> None:
        self.structure.edit_emotion(phase_id)

    def context_menu(self, kind: str, target: str) -> QMenu:
        """What can be done with a card, a cell, a phase or a lane, from the same actions as the menus."""
        return self.structure.context_menu(kind, target)

    def add_card_here(self) -> None:
        """Edit → Add Card: a new card in the current cell, or in the first card lane of the phase shown."""
        scene = self.scene
        cell = scene.controller.default_cell()
        self.canvas.setFocus()
        if cell is not None:
            scene.clearSelection()
            scene.start_new_card(cell)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    def _step_persona(self, step: int) -> None:
        ids = [p.id for p in self.journey_map.personas]
        if ids:
            self.set_current_persona(ids[(ids.index(self.current_persona_id) + step) % len(ids)])

    # --- help -------------------------------------------------------------------------------

    def shortcut_list(self) -> list[tuple[str, str]]:
        """Every declared action with keys, in menu order, then the canvas gestures (F1)."""
        return menu_shortcuts(self.action_registry) + shortcut_rows()

    def show_shortcuts(self) -> None:
        show_shortcuts(self, self.shortcut_list())

    def show_preferences(self) -> None:
        """Edit → Preferences…: the editor's language, applied at once."""
        from app.ui.preferences import PreferencesDialog

        PreferencesDialog(self).exec()

    def show_about(self) -> None:
        show_about(self)
