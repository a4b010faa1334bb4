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

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from app.i18n import N_, _

Keys = QKeySequence.StandardKey


def key_sequences(*keys) -> list[QKeySequence]:
    """Key sequences for standard keys (all of the platform's bindings) and strings, each once."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [
                QKeySequence(key)]:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


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
    #: instead of ``run``: "module:function", imported when triggered and called with the window (a feature
    #: that lives in a module of its own, so the window needs no method for it)
    call: str = ""


#: the module whose functions run the Workshop menu's commands
WORKSHOP = "app.ui.workshop.session:"

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", N_("&New"), "new_file", (Keys.New,), N_("New map from a template")),
    ActionSpec("open", N_("&Open…"), "files.open_dialog", (Keys.Open,)),
    ActionSpec("save", N_("&Save"), "save_file", (Keys.Save,)),
    ActionSpec("save_as", N_("Save &As…"), "files.save_file_as", (Keys.SaveAs,)),
    ActionSpec("compare", N_("Co&mpare with…"), tip=N_("Show what differs from another version of the map: "
                                                      "another file, the saved file or its backup"),
               call="app.ui.compare_view:compare_with"),
    ActionSpec("share_live", N_("Share &Live Session…"), call="app.ui.live_dialogs:share_dialog",
               tip=N_("Let others edit this map with you from their editors, live")),
    ActionSpec("join_live", N_("&Join Live Session…"), call="app.ui.live_dialogs:join_dialog",
               tip=N_("Open a map someone shares live, from the link they give you")),
    ActionSpec("export", N_("&Export…"), "export_dialog", ("Ctrl+E",),
               N_("PDF poster or handout, Excel workbook, image or CSV table")),
    ActionSpec("deliverable", N_("&Deliverable Settings…"), call="app.ui.deliverable_dialog:edit_deliverable",
               tip=N_("Client, author, version label, confidentiality marking and logo on the poster, handout and "
                      "workbook")),
    ActionSpec("quit", N_("&Quit"), "close", (Keys.Quit,)),
    # Made by the undo group (their texts follow the step); keys and places come from here.
    ActionSpec("undo", N_("&Undo"), keys=(Keys.Undo,)),
    # Every platform's redo keys work everywhere, each bound once (a key bound twice does nothing).
    ActionSpec("redo", N_("&Redo"), keys=(Keys.Redo, "Ctrl+Shift+Z", "Ctrl+Y")),
    ActionSpec("add_card", N_("Add &Card"), "add_card_here", ("Ctrl+Shift+N", "Insert"),
               N_("Start a new card in the current cell (or just type into a cell)")),
    ActionSpec("cut", N_("Cu&t"), "cut", (Keys.Cut,), scope="canvas", enabled_when="selection"),
    ActionSpec("copy", N_("&Copy"), "copy", (Keys.Copy,), scope="canvas", enabled_when="selection"),
    ActionSpec("paste", N_("&Paste"), "paste", (Keys.Paste,), scope="canvas"),
    ActionSpec("duplicate", N_("&Duplicate"), "scene.duplicate_selected", ("Ctrl+D",), scope="canvas",
               enabled_when="selection"),
    # Delete and Backspace are the canvas's own keys (the card editor needs them while typing).
    ActionSpec("delete", N_("De&lete"), "scene.delete_selected", scope="canvas-only", enabled_when="selection"),
    ActionSpec("select_all", N_("Select &All Cards"), "select_all", (Keys.SelectAll,), scope="canvas"),
    ActionSpec("preferences", N_("Pre&ferences…"), "show_preferences", (Keys.Preferences,),
               N_("The language of the editor")),
    ActionSpec("zoom_in", N_("Zoom &In"), "canvas.zoom_in", (Keys.ZoomIn, "Ctrl+=")),
    ActionSpec("zoom_out", N_("Zoom &Out"), "canvas.zoom_out", (Keys.ZoomOut,)),
    ActionSpec("fit", N_("&Fit Map"), "canvas.fit_map", ("Ctrl+0",)),
    ActionSpec("actual_size", N_("&100 %"), "actual_size", ("Ctrl+1",)),
    ActionSpec("fit_width", N_("Fit &Width"), "canvas.fit_width", ("Ctrl+2",)),
    ActionSpec("full_screen", N_("F&ull Screen"), "toggle_full_screen", (Keys.FullScreen, "F11"), checkable=True),
    ActionSpec("checks", N_("Health &Check"), keys=("Ctrl+Shift+K",), checkable=True,
               call="app.ui.checks_dock:toggle_checks",
               tip=N_("What to fix before handing the map over, kept current as you edit; a click shows the place")),
    ActionSpec("compare_personas", N_("Compare &Personas"), keys=("Ctrl+Shift+P",), checkable=True,
               call="app.ui.persona_compare:toggle_persona_comparison",
               tip=N_("Every persona's emotion curve in one chart and one lane side by side; a click shows the place")),
    ActionSpec("opportunity_matrix", N_("Opportunity &Matrix"), keys=("Ctrl+Shift+M",), checkable=True,
               call="app.ui.opportunity_matrix:toggle_opportunity_matrix",
               tip=N_("Opportunities by value and effort in four quadrants; drag a card to rate it")),
    ActionSpec("add_phase", N_("Add &Phase…"), "structure.add_phase", refocus=True),
    ActionSpec("delete_phase", N_("Delete Phase"), "structure.delete_phase", refocus=True),
    ActionSpec("add_lane", N_("Add &Lane…"), "structure.add_lane", refocus=True),
    ActionSpec("delete_lane", N_("Delete Lane"), "structure.delete_lane", refocus=True),
    ActionSpec("add_persona", N_("Add P&ersona…"), "structure.add_persona", refocus=True),
    ActionSpec("rename_persona", N_("Rename Persona…"), "structure.rename_persona", refocus=True),
    ActionSpec("duplicate_persona", N_("D&uplicate Persona"), "structure.duplicate_persona", refocus=True),
    ActionSpec("delete_persona", N_("Delete Persona"), "structure.delete_persona", refocus=True),
    ActionSpec("metrics", N_("&Metrics…"), call="app.ui.kpi_panel:edit_map_metrics",
               tip=N_("What the map measures per phase: NPS, CSAT, conversion, churn…, with unit and which way is "
                      "better")),
    ActionSpec("import_kpis", N_("Import &KPIs…"), call="app.ui.kpi_import_dialog:import_kpis",
               tip=N_("Values and targets per phase from a CSV file or workbook sheet (phase, metric, value, target, "
                      "persona, date); a preview says what will change")),
    ActionSpec("next_persona", N_("Next Persona"), "next_persona", ("Ctrl+PgDown",)),
    ActionSpec("prev_persona", N_("Previous Persona"), "previous_persona", ("Ctrl+PgUp",)),
    # F5 and Shift+F5: presenter clickers send either to start a slide show.
    ActionSpec("present", N_("&Present"), keys=("F5", "Shift+F5"), checkable=True,
               call=WORKSHOP + "toggle_presentation",
               tip=N_("The map alone, full screen, in text the back of the room can read (Escape leaves)")),
    ActionSpec("present_second", N_("Present on &Second Screen"), keys=("Ctrl+F5",), checkable=True,
               call=WORKSHOP + "toggle_audience",
               tip=N_("The live map on the projector, the editor on this screen")),
    ActionSpec("next_phase", N_("&Next Phase"), keys=("Alt+PgDown",), call=WORKSHOP + "next_phase",
               tip=N_("Walk the journey: show the next phase large, the others dimmed")),
    ActionSpec("previous_phase", N_("P&revious Phase"), keys=("Alt+PgUp",), call=WORKSHOP + "previous_phase"),
    ActionSpec("whole_map", N_("&Whole Map"), keys=("Alt+Home",), call=WORKSHOP + "whole_map"),
    ActionSpec("blank", N_("Blan&k Screen"), keys=("Ctrl+B",), call=WORKSHOP + "toggle_blank",
               tip=N_("Black out what the room sees, and show it again (B or . while presenting)")),
    ActionSpec("present_normal", N_("Presentation Text Normal"), keys=("Ctrl+Alt+1",), checkable=True,
               call=WORKSHOP + "scale_normal"),
    ActionSpec("present_large", N_("Presentation Text Large"), keys=("Ctrl+Alt+2",), checkable=True,
               call=WORKSHOP + "scale_large"),
    ActionSpec("present_extra_large", N_("Presentation Text Extra Large"), keys=("Ctrl+Alt+3",), checkable=True,
               call=WORKSHOP + "scale_extra_large"),
    ActionSpec("captions", N_("Card &Captions"), keys=("Ctrl+H",), checkable=True, call=WORKSHOP + "toggle_captions",
               tip=N_("Show or hide the line of channel, owner and evidence under each card")),
    ActionSpec("timer_5", N_("Timer: &5 Minutes"), keys=("F6",), call=WORKSHOP + "timer_5",
               tip=N_("Count down an exercise in the corner of the map, for the room to see")),
    ActionSpec("timer_10", N_("Timer: 1&0 Minutes"), keys=("F7",), call=WORKSHOP + "timer_10"),
    ActionSpec("timer_15", N_("Timer: 15 M&inutes"), keys=("F8",), call=WORKSHOP + "timer_15"),
    ActionSpec("timer_custom", N_("Timer: &Other Time…"), keys=("Shift+F8",), call=WORKSHOP + "timer_custom"),
    ActionSpec("timer_agenda", N_("Time&box per Phase…"), keys=("Ctrl+Shift+F8",), call=WORKSHOP + "timer_agenda",
               tip=N_("Minutes for each phase: walking to a phase starts its timer")),
    ActionSpec("timer_toggle", N_("S&tart or Pause the Timer"), keys=("F9",), call=WORKSHOP + "timer_toggle"),
    ActionSpec("timer_add", N_("Timer: +1 Min&ute"), keys=("Ctrl+F9",), call=WORKSHOP + "timer_add_minute"),
    ActionSpec("timer_reset", N_("Reset the Ti&mer"), keys=("Shift+F9",), call=WORKSHOP + "timer_reset"),
    ActionSpec("timer_hide", N_("&Hide the Timer"), keys=("Ctrl+Shift+F9",), call=WORKSHOP + "timer_hide"),
    ActionSpec("vote_start", N_("Start &Dot Voting…"), keys=("Ctrl+Alt+V",), call=WORKSHOP + "vote_start",
               tip=N_("The room puts dots on the cards that matter most; the counts go into the cards' votes")),
    ActionSpec("vote_next", N_("Ne&xt Participant"), keys=("Ctrl+Alt+N",), call=WORKSHOP + "vote_next"),
    ActionSpec("vote_end", N_("&End Voting: Ranking…"), keys=("Ctrl+Alt+E",), call=WORKSHOP + "vote_end"),
    ActionSpec("vote_discard", N_("Discard Voting Round"), keys=("Ctrl+Alt+D",), call=WORKSHOP + "vote_discard"),
    ActionSpec("shortcuts", N_("&Keyboard Shortcuts"), "show_shortcuts", (Keys.HelpContents,)),
    ActionSpec("about", N_("&About"), "show_about"),
)

#: the menu bar: (title, entries); an entry is an action id, None for a separator, or "@name" for a
#: part the window fills itself (templates, recent files, the docks' toggles)
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (N_("&File"), ("new", "@templates", "open", "@recent", None, "save", "save_as", None, "compare", None, "share_live",
                  "join_live", None, "export",
                  "deliverable", None, "quit")),
    (N_("&Edit"), ("undo", "redo", None, "add_card", None, "cut", "copy", "paste", "duplicate", "delete", None,
                  "select_all", None, "preferences")),
    (N_("&View"), ("zoom_in", "zoom_out", "fit", "fit_width", "actual_size", None, "full_screen", None, "@docks",
                   "checks", "compare_personas", "opportunity_matrix")),
    (N_("&Map"), ("add_phase", "delete_phase", None, "add_lane", "delete_lane", None, "add_persona",
                 "rename_persona", "duplicate_persona", "delete_persona", None, "next_persona", "prev_persona", None,
                 "metrics", "import_kpis")),
    (N_("&Workshop"), ("present", "present_second", "blank", None, "next_phase", "previous_phase", "whole_map", None,
                      "present_normal", "present_large", "present_extra_large", "captions", None,
                      "timer_5", "timer_10", "timer_15", "timer_custom", "timer_agenda", "timer_toggle", "timer_add",
                      "timer_reset", "timer_hide", None, "vote_start", "vote_next", "vote_end", "vote_discard")),
    (N_("&Help"), ("shortcuts", "about")),
)

#: the toolbar; "@undo" and "@redo" are its fixed-label step buttons
TOOLBAR: tuple[str | None, ...] = (
    "new", "open", "save", "export", None, "@undo", "@redo", None, "zoom_out", "fit", "zoom_in", None,
    "add_phase", "add_lane", "add_persona",
)


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
                action = QAction(_(spec.text), self.owner)
                run = self._caller(spec.call) if spec.call else self.resolve(spec.run)
                action.triggered.connect(lambda _checked=False, run=run: run())
                if spec.refocus and self.refocus is not None:
                    action.triggered.connect(lambda _checked=False: self.refocus())
            if spec.keys:
                action.setShortcuts(key_sequences(*spec.keys))
            if spec.tip:
                action.setStatusTip(_(spec.tip))
            action.setCheckable(spec.checkable)
            if spec.enabled_when:
                action.setEnabled(self._states.get(spec.enabled_when, False))  # nothing is selected yet
            if spec.scope != "window" and self.canvas is not None:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut if spec.scope == "canvas"
                                          else Qt.ShortcutContext.WidgetShortcut)
                self.canvas.addAction(action)
            self.actions[spec.id] = action

    def _caller(self, call: str) -> Callable[[], object]:
        """``call`` ("module:function") as a callable that imports the module when triggered (not at start)
        and calls the function with the window."""
        module_name, _colon, name = call.partition(":")

        def run() -> object:
            import importlib

            return getattr(importlib.import_module(module_name), name)(self.owner)

        return run

    def action(self, action_id: str) -> QAction:
        return self.actions[action_id]

    def set_state(self, state: str, on: bool) -> None:
        """Enable the actions that need ``state`` ("selection": cards are selected) as it comes and goes."""
        self._states[state] = on
        for spec in self.specs.values():
            if spec.enabled_when == state:
                self.actions[spec.id].setEnabled(on)

    def retranslate(self) -> None:
        """Read every text again in the UI language (after a switch); undo and redo are StepActions'."""
        for spec in self.specs.values():
            action = self.actions[spec.id]
            if spec.id not in STEP_TEXTS:  # undo and redo name their step (StepActions.retranslate)
                action.setText(_(spec.text))
            if spec.tip:
                action.setStatusTip(_(spec.tip))


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


#: undo and redo, by kind: (menu text, menu text naming the step, toolbar label, toolbar tip naming the step)
STEP_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "undo": (N_("&Undo"), N_("&Undo {step}"), N_("Undo"), N_("Undo {step}")),
    "redo": (N_("&Redo"), N_("&Redo {step}"), N_("Redo"), N_("Redo {step}")),
}


class StepActions:
    """Undo and redo for the menu (their text names the step: "&Undo Move card") and for the toolbar.

    The toolbar's buttons keep short fixed labels (the step's name is in the tooltip), so they do
    not change width and move the others under the pointer after every edit. Every text is read
    in the UI language, again by :meth:`retranslate` after a switch.
    """

    def __init__(self, parent: QObject, group: QUndoGroup) -> None:
        self.group = group
        self.menu = {kind: QAction(parent) for kind in STEP_TEXTS}
        self.tool = {kind: QAction(parent) for kind in STEP_TEXTS}
        for kind, run, can_changed, text_changed in (
                ("undo", group.undo, group.canUndoChanged, group.undoTextChanged),
                ("redo", group.redo, group.canRedoChanged, group.redoTextChanged)):
            for action in (self.menu[kind], self.tool[kind]):
                action.triggered.connect(lambda _checked=False, run=run: run())
                can_changed.connect(action.setEnabled)
            text_changed.connect(lambda _step, kind=kind: self._show(kind))
        self.retranslate()

    def step(self, kind: str) -> str:
        return self.group.undoText() if kind == "undo" else self.group.redoText()

    def _show(self, kind: str) -> None:
        menu_text, menu_step, tool_text, tool_step = STEP_TEXTS[kind]
        step = self.step(kind)
        self.menu[kind].setText(_(menu_step).format(step=step) if step else _(menu_text))
        self.tool[kind].setText(_(tool_text))
        self.tool[kind].setToolTip(_(tool_step).format(step=step) if step else _(tool_text))
        enabled = self.group.canUndo() if kind == "undo" else self.group.canRedo()
        self.menu[kind].setEnabled(enabled)
        self.tool[kind].setEnabled(enabled)

    def retranslate(self) -> None:
        for kind in STEP_TEXTS:
            self._show(kind)


def build_menus(window: QMainWindow, registry: ActionRegistry, parts: dict[str, str | list[QAction]]
                ) -> tuple[list[tuple[QMenu, str]], dict[str, QMenu]]:
    """The menu bar laid out by :data:`MENUS`. An "@name" entry of ``parts`` is a submenu (its English title,
    filled by the window) or the window's own actions. Returns (menu, English title) of every menu and
    submenu, for a language switch, and the submenus by entry."""
    titles: list[tuple[QMenu, str]] = []
    submenus: dict[str, QMenu] = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(_(title))
        titles.append((menu, title))
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif entry.startswith("@") and isinstance(parts[entry], str):
                submenus[entry] = menu.addMenu(_(parts[entry]))
                titles.append((submenus[entry], parts[entry]))
            elif entry.startswith("@"):
                menu.addActions(parts[entry])
            else:
                menu.addAction(registry.action(entry))
    return titles, submenus


def build_toolbar(window: QWidget, registry: ActionRegistry, steps: StepActions) -> QToolBar:
    """The toolbar laid out by :data:`TOOLBAR`, with the fixed-label Undo and Redo buttons of ``steps``."""
    toolbar = QToolBar(_("Main toolbar"), window)
    toolbar.setObjectName("main-toolbar")
    tools = {"@undo": steps.tool["undo"], "@redo": steps.tool["redo"]}
    for entry in TOOLBAR:
        if entry is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(tools.get(entry) or registry.action(entry))
    return toolbar
