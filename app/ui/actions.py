"""Every command of the editor's window declared once: id, text, keys, where it shows, when it is enabled.

The menus, the toolbar, the context menus and the F1 list are all built from
these declarations, and :meth:`ActionRegistry.retranslate` reads every text
again after a language switch. A declaration names the window method it runs,
so this module holds no behaviour of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QToolBar, QWidget

Keys = QKeySequence.StandardKey
#: the translation context of every action text
CONTEXT = "Actions"


def key_sequences(*keys) -> list[QKeySequence]:
    """Key sequences for standard keys (all of the platform's bindings) and strings, each once."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [
                QKeySequence(key)]:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


def _(text: str) -> str:
    """Marks an action text for the translation catalogue; it is translated when shown."""
    return text


@dataclass(frozen=True)
class ActionSpec:
    """One command. ``run`` names the window's method (or ``scene.method``); ``keys`` are standard keys or
    strings. ``scope``: "window" (anywhere in the window), "canvas" (the canvas and what is in it: the
    editing keys must not eat keys typed in the docks) or "canvas-only" (the canvas itself)."""

    id: str
    text: str
    run: str = ""
    keys: tuple = ()
    tip: str = ""
    scope: Literal["window", "canvas", "canvas-only"] = "window"
    checkable: bool = False
    #: a state of the window the action needs (see ``ActionRegistry.set_state``), e.g. "selection"
    enabled_when: str = ""
    #: after it runs the keyboard goes back to the canvas, so typing captures again (structure edits)
    refocus: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", _("&New"), "new_file", (Keys.New,), _("New map from a template")),
    ActionSpec("open", _("&Open…"), "files.open_dialog", (Keys.Open,)),
    ActionSpec("save", _("&Save"), "save_file", (Keys.Save,)),
    ActionSpec("save_as", _("Save &As…"), "files.save_file_as", (Keys.SaveAs,)),
    ActionSpec("export", _("&Export…"), "export_dialog", ("Ctrl+E",), _("PDF poster, Excel workbook or image")),
    ActionSpec("quit", _("&Quit"), "close", (Keys.Quit,)),
    # Made by the undo group (their texts follow the step); keys and places come from here.
    ActionSpec("undo", _("&Undo"), keys=(Keys.Undo,)),
    # Every platform's redo keys work everywhere, each bound once (a key bound twice does nothing).
    ActionSpec("redo", _("&Redo"), keys=(Keys.Redo, "Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("add_card", _("Add &Card"), "add_card_here", ("Ctrl+Shift+N", "Insert"),
               _("Start a new card in the current cell (or just type into a cell)")),
    ActionSpec("cut", _("Cu&t"), "cut", (Keys.Cut,), scope="canvas", enabled_when="selection"),
    ActionSpec("copy", _("&Copy"), "copy", (Keys.Copy,), scope="canvas", enabled_when="selection"),
    ActionSpec("paste", _("&Paste"), "paste", (Keys.Paste,), scope="canvas"),
    ActionSpec("duplicate", _("&Duplicate"), "scene.duplicate_selected", ("Ctrl+D",), scope="canvas",
               enabled_when="selection"),
    # Delete and Backspace are the canvas's own keys (the card editor needs them while typing).
    ActionSpec("delete", _("De&lete"), "scene.delete_selected", scope="canvas-only", enabled_when="selection"),
    ActionSpec("select_all", _("Select &All Cards"), "select_all", (Keys.SelectAll,), scope="canvas"),
    ActionSpec("zoom_in", _("Zoom &In"), "canvas.zoom_in", (Keys.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", _("Zoom &Out"), "canvas.zoom_out", (Keys.ZoomOut,)),
    ActionSpec("fit", _("&Fit Map"), "canvas.fit_map", ("Ctrl+0",)),
    ActionSpec("actual_size", _("&100 %"), "actual_size", ("Ctrl+1",)),
    ActionSpec("fit_width", _("Fit &Width"), "canvas.fit_width", ("Ctrl+2",)),
    ActionSpec("full_screen", _("F&ull Screen"), "toggle_full_screen", (Keys.FullScreen, "F11"), checkable=True),
    ActionSpec("add_phase", _("Add &Phase…"), "structure.add_phase", refocus=True),
    ActionSpec("delete_phase", _("Delete Phase"), "structure.delete_phase", refocus=True),
    ActionSpec("add_lane", _("Add &Lane…"), "structure.add_lane", refocus=True),
    ActionSpec("delete_lane", _("Delete Lane"), "structure.delete_lane", refocus=True),
    ActionSpec("add_persona", _("Add P&ersona…"), "structure.add_persona", refocus=True),
    ActionSpec("rename_persona", _("Rename Persona…"), "structure.rename_persona", refocus=True),
    ActionSpec("duplicate_persona", _("D&uplicate Persona"), "structure.duplicate_persona", refocus=True),
    ActionSpec("delete_persona", _("Delete Persona"), "structure.delete_persona", refocus=True),
    ActionSpec("next_persona", _("Next Persona"), "next_persona", ("Ctrl+PgDown",)),
    ActionSpec("prev_persona", _("Previous Persona"), "previous_persona", ("Ctrl+PgUp",)),
    ActionSpec("shortcuts", _("&Keyboard Shortcuts"), "show_shortcuts", (Keys.HelpContents,)),
    ActionSpec("about", _("&About"), "show_about"),
)

#: the menu bar: (title, entries); an entry is an action id, None for a separator, or "@name" for a
#: part the window fills itself (templates, recent files, the docks' toggles)
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (_("&File"), ("new", "@templates", "open", "@recent", None, "save", "save_as", None, "export", None, "quit")),
    (_("&Edit"), ("undo", "redo", None, "add_card", None, "cut", "copy", "paste", "duplicate", "delete", None,
                  "select_all")),
    (_("&View"), ("zoom_in", "zoom_out", "fit", "fit_width", "actual_size", None, "full_screen", None, "@docks")),
    (_("&Map"), ("add_phase", "delete_phase", None, "add_lane", "delete_lane", None, "add_persona",
                 "rename_persona", "duplicate_persona", "delete_persona", None, "next_persona", "prev_persona")),
    (_("&Help"), ("shortcuts", "about")),
)

#: the toolbar; "@undo" and "@redo" are its fixed-label step buttons
TOOLBAR: tuple[str | None, ...] = (
    "new", "open", "save", "export", None, "@undo", "@redo", None, "zoom_out", "fit", "zoom_in", None,
    "add_phase", "add_lane", "add_persona",
)


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass
class ActionRegistry:
    """The window's QActions, made from :data:`ACTIONS`; ``action(id)`` finds one."""

    owner: QObject
    resolve: Callable[[str], Callable[[], object]]
    canvas: object = None
    refocus: Callable[[], object] | None = None
    specs: dict[str, ActionSpec] = field(default_factory=dict)
    actions: dict[str, QAction] = field(default_factory=dict)
    _states: dict[str, bool] = field(default_factory=dict)

    def build(self, made_elsewhere: dict[str, QAction] | None = None) -> None:
        """Make every declared action; ``made_elsewhere`` (undo, redo) only get their keys and place."""
        made_elsewhere = made_elsewhere or {}
        for spec in ACTIONS:
            self.specs[spec.id] = spec
            action = made_elsewhere.get(spec.id)
            if action is None:
                action = QAction(translate(spec.text), self.owner)
                run = self.resolve(spec.run)
                action.triggered.connect(lambda _checked=False, run=run: run())
                if spec.refocus and self.refocus is not None:
                    action.triggered.connect(lambda _checked=False: self.refocus())
            if spec.keys:
                action.setShortcuts(key_sequences(*spec.keys))
            if spec.tip:
                action.setStatusTip(translate(spec.tip))
            action.setCheckable(spec.checkable)
            if spec.enabled_when:
                action.setEnabled(self._states.get(spec.enabled_when, False))  # nothing is selected yet
            if spec.scope != "window" and self.canvas is not None:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut if spec.scope == "canvas"
                                          else Qt.ShortcutContext.WidgetShortcut)
                self.canvas.addAction(action)
            self.actions[spec.id] = action

    def action(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def set_state(self, state: str, on: bool) -> None:
        """Enable the actions that need ``state`` ("selection": cards are selected) as it comes and goes."""
        self._states[state] = on
        for spec in self.specs.values():
            if spec.enabled_when == state:
                self.actions[spec.id].setEnabled(on)

    def retranslate(self) -> None:
        """Read every text again (after the language changed); undo and redo keep their step's text."""
        for spec in self.specs.values():
            action = self.actions[spec.id]
            if spec.id not in ("undo", "redo"):
                action.setText(translate(spec.text))
            if spec.tip:
                action.setStatusTip(translate(spec.tip))


def menu_shortcuts(registry: ActionRegistry) -> list[tuple[str, str]]:
    """(keys, what) of every action in the menus that has keys, in menu order: the F1 list, read from the
    actions themselves so it cannot drift from what the keys do."""
    rows = []
    for _title, entries in MENUS:
        for entry in entries:
            if entry is None or entry.startswith("@"):
                continue
            action = registry.action(entry)
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys and action.text():
                rows.append((" / ".join(keys), action.text().replace("&", "").removesuffix("…")))
    return rows


def _step_tool(parent: QWidget, text: str, run, can_changed, text_changed, enabled: bool) -> QAction:
    action = QAction(text, parent)
    action.triggered.connect(lambda _checked=False: run())
    can_changed.connect(action.setEnabled)
    text_changed.connect(lambda step: action.setToolTip(f"{text} {step}".strip()))
    action.setEnabled(enabled)
    return action


def build_toolbar(window: QWidget, registry: ActionRegistry, undo_group: QUndoGroup) -> tuple[QToolBar, QAction,
                                                                                           QAction]:
    """The toolbar laid out by :data:`TOOLBAR`; returns it with its Undo and Redo buttons.

    Those keep short fixed labels (the step's name is in the tooltip), so the buttons
    do not change width and move the others under the pointer after every edit.
    """
    toolbar = QToolBar(QCoreApplication.translate("MainWindow", "Main"), window)
    toolbar.setObjectName("main-toolbar")
    undo = _step_tool(window, QCoreApplication.translate("MainWindow", "Undo"), undo_group.undo,
                      undo_group.canUndoChanged, undo_group.undoTextChanged, undo_group.canUndo())
    redo = _step_tool(window, QCoreApplication.translate("MainWindow", "Redo"), undo_group.redo,
                      undo_group.canRedoChanged, undo_group.redoTextChanged, undo_group.canRedo())
    tools = {"@undo": undo, "@redo": redo}
    for entry in TOOLBAR:
        if entry is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(tools.get(entry) or registry.action(entry))
    return toolbar, undo, redo
