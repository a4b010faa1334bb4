"""The Conflicts dock: what a merge could not decide, one line each, and the decision for the one chosen.

A merge leaves a valid map that records its conflicts (``JourneyMap.conflicts``).
This dock lists them in words, shows both sides' values of the chosen one, and
decides it ("Keep mine", "Take theirs", or a typed value) as one undo step made
by ``app.merge.resolve`` through the window's controller; a click shows the card
(or phase, lane, persona, emotion point) on the canvas. It appears by itself when
conflicts come (a map opened with them, a merge, an undo of a decision), and a
button in the status bar says how many remain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.merge.report import Namer, describe_conflict, field_name, shown
from app.merge.resolve import KEEP_MINE, TAKE_THEIRS, Edited, editable, exists, resolve
from app.model import JourneyMap
from app.model.schema import Conflict
from app.operations.changes import ChangeRefusedError
from app.ui.commands import StepName

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

#: fields whose value a person types as a list, one entry per line
LIST_FIELDS = {"tags", "goals", "pains", "channels", "decision_criteria"}
#: fields holding a choice or a stamp, not free text: decided by a side, never typed
CHOICE_FIELDS = {"evidence", "kind", "color", "language", "created", "modified", "id"}
_OBJECT_DATA = {"card": "cards", "phase": "phases", "lane": "lanes", "persona": "personas"}
ID_ROLE = Qt.ItemDataRole.UserRole
#: what a conflict is about, by its target (the words of a diff's lines)
OBJECT_NAMES = {
    "map": N_("Map {name}"), "phase": N_("Phase {name}"), "lane": N_("Lane {name}"), "persona": N_("Persona {name}"),
    "card": N_("Card {name}"), "emotion": N_("Emotion point of {name}"),
}


class ConflictsDock(QDockWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Conflicts"), window)
        self.setObjectName("conflicts")
        self.main = window
        self.document: MapDocument | None = None
        #: how many conflicts the list showed last: more now means new ones came (the dock shows itself)
        self.count = 0
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = _ConflictList()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)  # long lines wrap: each conflict stays one band
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 6)  # two conflicts at least
        self.list.currentItemChanged.connect(lambda *_items: self.show_details())
        self.list.itemClicked.connect(lambda item: self.show_object(item.data(ID_ROLE)))
        self.list.itemActivated.connect(lambda item: self.show_object(item.data(ID_ROLE)))
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)  # the rest of the height: the details take what they need

        self.details = QWidget()
        grid = QVBoxLayout(self.details)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)  # a laptop's screen shows the whole decision without scrolling
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setStyleSheet("font-weight: bold;")
        grid.addWidget(self.what)
        #: (title label, value label) for mine, theirs and the version both started from, one above the other
        #: (a narrow dock leaves no room for titles beside long values)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for side in ("ours", "theirs", "base"):
            title, value = QLabel(), QLabel()
            title.setWordWrap(True)
            title.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setIndent(12)
            grid.addWidget(title)
            grid.addWidget(value)
            self.rows[side] = (title, value)
        self.gone = QLabel()
        self.gone.setWordWrap(True)
        grid.addWidget(self.gone)
        buttons = QHBoxLayout()
        self.keep_mine = QPushButton()
        self.take_theirs = QPushButton()
        self.keep_mine.clicked.connect(lambda: self.decide(KEEP_MINE))
        self.take_theirs.clicked.connect(lambda: self.decide(TAKE_THEIRS))
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.take_theirs)
        buttons.addStretch(1)
        grid.addLayout(buttons)
        self.editor_label = QLabel()
        self.editor_label.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 3 + 12)
        self.use_value = QPushButton()
        self.use_value.clicked.connect(self.use_typed_value)
        grid.addWidget(self.editor_label)
        grid.addWidget(self.editor)
        use_row = QHBoxLayout()
        use_row.addWidget(self.use_value)
        use_row.addStretch(1)
        grid.addLayout(use_row)
        layout.addWidget(self.details)
        scroll = QScrollArea()  # a short dock (a laptop's screen) scrolls rather than squeezing the editor
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.setWidget(scroll)

        #: in the status bar while conflicts remain: how many; a click shows this dock
        self.status_button = QPushButton()
        self.status_button.setObjectName("conflicts-remaining")
        self.status_button.setFlat(True)
        self.status_button.setStyleSheet("font-weight: bold;")
        self.status_button.clicked.connect(self.show_panel)
        self.status_button.hide()
        window.statusBar().addPermanentWidget(self.status_button)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        window.tabifyDockWidget(window.persona_dock, self)  # the persona dock's full height, in front when shown
        self.hide()
        self.retranslate()

    # --- words ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Title, buttons, the list and the chosen conflict in the UI language (after a switch)."""
        self.setWindowTitle(_("Conflicts"))
        self.keep_mine.setText(_("Keep mine"))
        self.take_theirs.setText(_("Take theirs"))
        self.use_value.setText(_("Use this value"))
        self.editor_label.setText(_("Or type the value to keep:"))
        self.refresh()

    # --- the document ---------------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        """Show ``document``'s conflicts; the dock shows itself when it has any and hides when it has none."""
        self.document = document
        for signal in (document.map_changed, document.structure_changed, document.emotion_changed,
                       document.persona_changed):
            signal.connect(self._changed)
        document.cards_changed.connect(self._cards_changed)
        self.count = 0
        self.refresh()
        self._show_if_conflicts()
        # The window restores its saved layout after this (at start): then show it again as the map needs.
        QTimer.singleShot(0, self, self._show_if_conflicts)

    def _show_if_conflicts(self) -> None:
        if self.document is not None:
            self.setVisible(bool(self.document.journey_map.conflicts))

    def _cards_changed(self, card_ids: set[str]) -> None:
        """Typing in a card is a card change: only one a conflict names (its text is in a line) is told here,
        so an edit elsewhere in a big map costs nothing."""
        if any(c.target == "card" and c.item_id in card_ids for c in self.document.journey_map.conflicts or []):
            self.refresh()

    def _changed(self, *_args: Any) -> None:
        if self.document is not None and (self.document.journey_map.conflicts or self.list.count()):
            self.refresh()  # names of cards and phases in the lines, or the conflicts themselves

    def conflicts(self) -> list[Conflict]:
        return list(self.document.journey_map.conflicts or []) if self.document is not None else []

    def refresh(self) -> None:
        """The list as the map's conflicts are now, keeping the chosen one (or the one after it)."""
        conflicts = self.conflicts()
        namer = Namer(self.document.journey_map) if conflicts else None
        chosen, row = self.current_id(), self.list.currentRow()
        with QSignalBlocker(self.list):
            if [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())] != [c.id for c in conflicts]:
                self.list.clear()
                for conflict in conflicts:
                    item = QListWidgetItem()
                    item.setData(ID_ROLE, conflict.id)
                    self.list.addItem(item)
            for i, conflict in enumerate(conflicts):
                self.list.item(i).setText(describe_conflict(conflict, namer))
            ids = [c.id for c in conflicts]
            if chosen in ids:
                self.list.setCurrentRow(ids.index(chosen))
            elif conflicts:
                self.list.setCurrentRow(max(0, min(row, len(conflicts) - 1)))
        count = len(conflicts)
        remaining = ngettext("{count} conflict to decide", "{count} conflicts to decide", count).format(count=count)
        self.summary.setText(remaining if count else _("No conflicts left to decide. Save the map to keep your "
                                                       "decisions."))
        self.status_button.setText(remaining)
        self.status_button.setToolTip(_("Show the Conflicts panel"))
        self.status_button.setVisible(count > 0)
        self.list.setVisible(count > 0)
        self.show_details()
        if count > self.count:
            self.show_panel()  # a merge left conflicts, or an undo brought one back
        self.count = count

    def show_panel(self) -> None:
        """Show the dock in front, tall enough for its list and the chosen conflict if the window has room."""
        appearing = self.isHidden()
        self.show()
        self.raise_()
        if appearing:  # room for the list and the chosen conflict, taken from the docks beside it
            screen = self.main.screen()
            limit = screen.availableGeometry().height() * 3 // 5 if screen is not None else 480
            wanted = self.widget().widget().sizeHint().height() + self.list.minimumHeight()  # more of the list
            self.widget().setMinimumHeight(min(wanted, limit))

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current(self) -> Conflict | None:
        chosen = self.current_id()
        return next((c for c in self.conflicts() if c.id == chosen), None)

    # --- the chosen conflict ----------------------------------------------------------------

    def show_details(self) -> None:
        conflict = self.current()
        self.details.setVisible(conflict is not None)
        if conflict is None:
            return
        journey_map = self.document.journey_map
        namer = Namer(journey_map)
        here = exists(journey_map, conflict)
        what = _(OBJECT_NAMES[conflict.target]).format(name=namer.item(conflict.target, conflict.item_id))
        self.what.setText(_("{object} · {field}").format(object=what, field=field_name(conflict.field))
                          if conflict.field else what)
        ours_title = _("Mine ({label})").format(label=conflict.ours_label) if _named(conflict.ours_label, "mine") \
            else _("Mine")
        theirs_title = _("Theirs ({label})").format(label=conflict.theirs_label) \
            if _named(conflict.theirs_label, "theirs") else _("Theirs")
        titles = {"ours": ours_title, "theirs": theirs_title, "base": _("Before")}
        if conflict.kind == "changed":
            mine = current_value(journey_map, conflict) if here else conflict.ours
            values = {"ours": mine, "theirs": conflict.theirs, "base": conflict.base}
            texts = {side: value_text(conflict, value, namer) for side, value in values.items()}
        else:
            remover = "ours" if conflict.kind == "removed_by_ours" else "theirs"
            texts = {remover: _("removed it"), "base": ""}
            texts["theirs" if remover == "ours" else "ours"] = _("changed it (kept in the map until you decide)")
        for side, (title, value) in self.rows.items():
            title.setText(titles[side] + ":")
            value.setText(texts[side])
            title.setVisible(bool(texts[side]))
            value.setVisible(bool(texts[side]))
        self.gone.setText(_("It is no longer in the map: deciding only clears the conflict."))
        self.gone.setVisible(not here)
        typed = here and editable(conflict) and conflict.field not in CHOICE_FIELDS and _typeable(conflict)
        for widget in (self.editor_label, self.editor, self.use_value):
            widget.setVisible(typed)
        if typed:
            value = current_value(journey_map, conflict)
            self.editor.setPlainText("\n".join(value) if isinstance(value, list) else str(value or ""))

    def decide(self, choice: str | Edited) -> bool:
        """Resolve the chosen conflict as one undo step; returns whether it was made."""
        conflict = self.current()
        if conflict is None or self.document is None:
            return False
        try:
            change = resolve(self.document.journey_map, conflict.id, choice)
        except ChangeRefusedError as refused:
            self.document.edit_refused.emit(_("Resolve conflict"), "; ".join(refused.problems))
            return False
        return self.main.scene.controller.make(change, StepName(lambda: _("Resolve conflict")))

    def use_typed_value(self) -> bool:
        conflict = self.current()
        if conflict is None:
            return False
        text = self.editor.toPlainText()
        if conflict.field in LIST_FIELDS or isinstance(conflict.ours, list) or isinstance(conflict.theirs, list):
            value: Any = [line.strip() for line in text.splitlines() if line.strip()]
        else:
            value = text
        return self.decide(Edited(value))

    # --- showing the object on the canvas ----------------------------------------------------

    def show_object(self, conflict_id: str | None) -> None:
        """Show what the conflict is about: select its card, or bring its persona, phase or lane into view."""
        conflict = next((c for c in self.conflicts() if c.id == conflict_id), None)
        if conflict is None or not exists(self.document.journey_map, conflict):
            return
        window, target, item_id = self.main, conflict.target, conflict.item_id
        if target == "card":
            card = self.document.cards.card(item_id)
            if card.persona != window.current_persona_id:
                window.set_current_persona(card.persona)
            window.scene.select_cards([card.id])
            return
        if target == "persona":
            window.set_current_persona(item_id)
            return
        phase_id = lane_id = None
        if target == "emotion":
            persona, _slash, phase_id = item_id.partition("/")
            if persona != window.current_persona_id:
                window.set_current_persona(persona)
            lane_id = window.scene.layout.emotion_lane
        elif target == "phase":
            phase_id = item_id
        elif target == "lane":
            lane_id = item_id
        scene = window.scene
        cell = next((key for key in scene.layout.cells if (phase_id is None or key[0] == phase_id)
                     and (lane_id is None or key[1] == lane_id)), None)
        if cell is not None:
            scene.clearSelection()
            scene.set_current_cell(cell)  # the Inspector shows the phase and the lane
            scene.ensure_visible(scene.cell_rect(cell))


class _ConflictList(QListWidget):
    """A list that asks for its minimum height only: the room left by the chosen conflict's details is its."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _named(label: str, side: str) -> bool:
    """Whether a side's label says more than "Mine" or "Theirs" already does."""
    generic = {"mine", "ours", _("mine"), _("ours")} if side == "mine" else {"theirs", _("theirs")}
    return bool(label) and label.casefold() not in {word.casefold() for word in generic}


def _typeable(conflict: Conflict) -> bool:
    """A text (or a list of texts) on both sides: what a person can type in the editor."""
    def text(value: Any) -> bool:
        return value is None or isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(item, str) for item in value))

    return text(conflict.ours) and text(conflict.theirs) and (conflict.ours, conflict.theirs) != (None, None)


def current_value(journey_map: JourneyMap, conflict: Conflict) -> Any:
    """The conflicted field's value in the map now, as JSON (what "Keep mine" keeps)."""
    name = conflict.field or ""
    if conflict.target == "map":
        return journey_map.model_dump(mode="json", include={name}).get(name)
    if conflict.target == "emotion":
        persona, _slash, phase = conflict.item_id.partition("/")
        item: Any = journey_map.emotion(persona, phase)
    else:
        item = next(i for i in getattr(journey_map, _OBJECT_DATA[conflict.target]) if i.id == conflict.item_id)
    if conflict.target == "card" and name == "cell":
        return [item.persona, item.phase, item.lane]
    return item.model_dump(mode="json", include={name}).get(name)


def value_text(conflict: Conflict, value: Any, namer: Namer) -> str:
    """A side's value in full, for reading and comparing (the list's lines cut long texts)."""
    if conflict.field == "cell" and isinstance(value, list) and len(value) == 3:
        return namer.cell(value)
    if isinstance(value, str) and value:
        return value
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return "\n".join(value)
    return shown(value)
