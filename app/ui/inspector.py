"""The inspector dock: every field of the selected card, or of the map, phase and lane in focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.layout.card_fields import EDITED_FIELDS, EVIDENCE_WORDS, CardField
from app.model import EVIDENCE_VALUES, LANE_KINDS
from app.ui.commands import StepName
from app.ui.document import MapDocument
from app.ui.forms import (
    Binding,
    ColorButton,
    bind_check,
    bind_color,
    bind_combo,
    bind_line,
    bind_text,
    text_box,
)
from app.ui.kpi_panel import KpiPanel

if TYPE_CHECKING:
    from app.ui.controller import EditController

#: ``push(field, value)``: an edit of the shown card's field
Push = Callable[[str, Any], None]

#: what each kind of lane is called in the Inspector's choice
LANE_KIND_NAMES: dict[str, str] = {
    "touchpoints": N_("Touchpoints"),
    "actions": N_("Customer actions"),
    "goals": N_("Goals"),
    "thoughts": N_("Thoughts and questions"),
    "emotions": N_("Emotions"),
    "pain_points": N_("Pain points"),
    "opportunities": N_("Opportunities"),
    "owners": N_("Owners"),
    "kpis": N_("KPIs"),
    "notes": N_("Notes"),
}


def severity_steps() -> list[str]:
    """What severity 1 … 5 of a pain point means, in the user's words (Inspector and F1), in the UI language."""
    return [_("minor annoyance"), _("noticeable"), _("hurts the experience"), _("makes people give up"),
            _("blocks the journey")]


def severity_meaning() -> str:
    """The severity steps in one line: "1 = minor annoyance, …, 5 = blocks the journey"."""
    return ", ".join(_("{level} = {meaning}").format(level=n, meaning=meaning)
                     for n, meaning in enumerate(severity_steps(), start=1))


def severity_choices() -> list[tuple[str, int | None]]:
    """(label, value) of every severity a card can have, "none" first: the Inspector's and the card menu's."""
    return [(_("none"), None), *((_("{level} – {meaning}").format(level=n, meaning=meaning), n)
                                  for n, meaning in enumerate(severity_steps(), start=1))]


def _fill_combo(combo: QComboBox, choices: list[tuple[str, Any]]) -> None:
    """Set the combo's item texts by their data, keeping the choice (a language switch: same values)."""
    with QSignalBlocker(combo):
        if combo.count() != len(choices):
            current = combo.currentData()
            combo.clear()
            for text, value in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        else:
            for index, (text, _value) in enumerate(choices):
                combo.setItemText(index, text)


def _text_box_editor(card_field: CardField, push: Push) -> Binding:
    return bind_text(text_box(card_field.editor_lines), card_field.name, push)


def _line_editor(card_field: CardField, push: Push) -> Binding:
    return bind_line(QLineEdit(), card_field.name, push)


def _severity_editor(card_field: CardField, push: Push) -> Binding:
    combo = QComboBox()
    binding = bind_combo(combo, card_field.name, push)

    def retranslate() -> None:
        _fill_combo(combo, severity_choices())
        combo.setToolTip(_("How much this pain point hurts: {meaning}").format(meaning=severity_meaning()))

    binding.retranslate = retranslate
    retranslate()
    return binding


#: the evidence values (the model's are English words) as the Inspector offers them
EVIDENCE_NAMES = EVIDENCE_WORDS  # the Inspector's choices say what the card captions say


def evidence_choices() -> list[tuple[str, str | None]]:
    """(word, value) of every evidence a card can have, "not stated" first, in the UI language."""
    return [(_("not stated"), None), *((_(EVIDENCE_NAMES.get(value, value)), value) for value in EVIDENCE_VALUES)]


def lane_kind_choices() -> list[tuple[str, str]]:
    """(name, kind) of every kind a lane can be, in the UI language."""
    return [(_(LANE_KIND_NAMES.get(kind, kind)), kind) for kind in LANE_KINDS]


def _evidence_editor(card_field: CardField, push: Push) -> Binding:
    combo = QComboBox()
    binding = bind_combo(combo, card_field.name, push)
    binding.retranslate = lambda: _fill_combo(combo, evidence_choices())
    binding.retranslate()
    return binding


def _check_editor(card_field: CardField, push: Push) -> Binding:
    box = QCheckBox(_(card_field.label))
    binding = bind_check(box, card_field.name, push)
    binding.retranslate = lambda: box.setText(_(card_field.label))
    return binding


def _votes_editor(card_field: CardField, push: Push) -> Binding:
    """Any count up to what a spin box holds (2³¹ − 1); a larger one, which a file may hold, is shown as
    "> 2147483647" and not offered for editing, instead of overflowing Qt or showing a smaller number."""
    spin = QSpinBox()
    spin.setRange(0, 2**31 - 1)
    spin.valueChanged.connect(lambda votes: push(card_field.name, votes))

    def read() -> int | None:
        return None if spin.prefix() else spin.value()  # None: a count beyond the box is shown

    def write(votes: int) -> None:
        beyond = votes > spin.maximum()
        spin.setEnabled(not beyond)
        spin.setPrefix("> " if beyond else "")
        spin.setToolTip(ngettext("{count} vote: more than this field can change",
                                 "{count} votes: more than this field can change", votes).format(count=votes)
                        if beyond else "")
        spin.setValue(min(votes, spin.maximum()))

    return Binding(spin, card_field.name, read, write)


def _tag_list(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def _tags_editor(card_field: CardField, push: Push) -> Binding:
    """Tags typed comma-separated; the text is only replaced when it means other tags than the card's."""
    line = QLineEdit()
    line.textEdited.connect(lambda text: push(card_field.name, _tag_list(text)))
    binding = Binding(line, card_field.name, lambda: _tag_list(line.text()), lambda tags: line.setText(", ".join(tags)))
    binding.retranslate = lambda: line.setPlaceholderText(_("comma-separated"))
    binding.retranslate()
    return binding


def _color_editor(card_field: CardField, push: Push) -> Binding:
    return bind_color(ColorButton(allow_none=True), card_field.name, push)


def rating_choices(field: str) -> list[tuple[str, int | None]]:
    """(label, value) of an opportunity's value or effort, "not rated" first, the ends named."""
    low, high = (_("low"), _("high")) if field == "value" else (_("small"), _("large"))
    names = {1: f"1 – {low}", 5: f"5 – {high}"}
    return [(_("not rated"), None), *((names.get(n, str(n)), n) for n in range(1, 6))]


def _rating_editor(card_field: CardField, push: Push) -> Binding:
    combo = QComboBox()
    binding = bind_combo(combo, card_field.name, push)

    def retranslate() -> None:
        _fill_combo(combo, rating_choices(card_field.name))
        combo.setToolTip(_("How much this opportunity is worth to customers and the business (1–5)")
                         if card_field.name == "value" else _("How much it takes to realise (1–5)"))

    binding.retranslate = retranslate
    retranslate()
    return binding


#: A widget and its binding for each editor kind a card field can declare (``card_fields.EDITOR_KINDS``).
CARD_EDITORS: dict[str, Callable[[CardField, Push], Binding]] = {
    "text_box": _text_box_editor,
    "line": _line_editor,
    "severity": _severity_editor,
    "evidence": _evidence_editor,
    "check": _check_editor,
    "votes": _votes_editor,
    "tags": _tags_editor,
    "color": _color_editor,
    "rating": _rating_editor,
}


class InspectorDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Inspector"), parent)
        self.setObjectName("inspector")
        #: (widget's text setter, English message): the fixed words the dock shows, read again by retranslate
        self._words: list[tuple[Callable[[str], object], str]] = []
        self.document: MapDocument | None = None
        #: makes the edits; without one the dock only shows
        self.controller: EditController | None = None
        self.card_id: str | None = None
        #: finds a card by id; the main window hands in the canvas's index (no scan of the whole map)
        self.phase_id: str | None = None
        self.lane_id: str | None = None
        self.stack = QStackedWidget()
        self.card_bindings: list[Binding] = []
        self.map_bindings: list[Binding] = []
        self.phase_bindings: list[Binding] = []
        self.lane_bindings: list[Binding] = []
        self.stack.addWidget(self._build_card_page())
        self.stack.addWidget(self._build_map_page())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        self.setWidget(scroll)

    # --- pages ---------------------------------------------------------------

    def _build_card_page(self) -> QWidget:
        """One row per card field the declaration (``app.layout.card_fields``) gives an editor, in its order."""
        page = QWidget()
        form = self.card_form = QFormLayout(page)
        self.card_lane_label = QLabel()
        self.card_lane_label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the phase's and lane's names
        form.addRow(self.card_lane_label)
        self.card_editors: dict[str, QWidget] = {}
        for card_field in EDITED_FIELDS:
            binding = CARD_EDITORS[card_field.editor](card_field, self._push_card)
            self.card_bindings.append(binding)
            self.card_editors[card_field.name] = binding.widget
            setattr(self, f"card_{card_field.name}", binding.widget)  # window.inspector.card_owner, as before
            if card_field.editor == "check":
                form.addRow("", binding.widget)  # the box carries its own label
            else:
                form.addRow(self._label(card_field.label), binding.widget)
        return page

    def _build_map_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        map_box = self._group(N_("Map"))
        form = QFormLayout(map_box)
        self.map_title = QLineEdit()
        self.map_goal = QLineEdit()
        self.map_description = text_box(3)
        self.map_bindings = [
            bind_line(self.map_title, "title", self._push_map),
            bind_line(self.map_goal, "goal", self._push_map),
            bind_text(self.map_description, "description", self._push_map),
        ]
        form.addRow(self._label(N_("Title")), self.map_title)
        form.addRow(self._label(N_("Goal")), self.map_goal)
        form.addRow(self._label(N_("Description")), self.map_description)
        layout.addWidget(map_box)

        self.phase_box = self._group(N_("Phase"))
        form = QFormLayout(self.phase_box)
        self.phase_name = QLineEdit()
        self.phase_goal = QLineEdit()
        self.phase_description = text_box(2)
        self.phase_bindings = [
            bind_line(self.phase_name, "name", self._push_phase),
            bind_line(self.phase_goal, "goal", self._push_phase),
            bind_text(self.phase_description, "description", self._push_phase),
        ]
        form.addRow(self._label(N_("Name")), self.phase_name)
        form.addRow(self._label(N_("Goal")), self.phase_goal)
        form.addRow(self._label(N_("Description")), self.phase_description)
        layout.addWidget(self.phase_box)

        self.lane_box = self._group(N_("Lane"))
        form = QFormLayout(self.lane_box)
        self.lane_name = QLineEdit()
        self.lane_kind = QComboBox()
        _fill_combo(self.lane_kind, lane_kind_choices())
        self.lane_bindings = [
            bind_line(self.lane_name, "name", self._push_lane),
            bind_combo(self.lane_kind, "kind", self._push_lane),
        ]
        form.addRow(self._label(N_("Name")), self.lane_name)
        form.addRow(self._label(N_("Kind")), self.lane_kind)
        layout.addWidget(self.lane_box)
        self.kpi_panel = KpiPanel()  # the phase's KPIs, when a cell of a KPI lane is in focus
        layout.addWidget(self.kpi_panel)
        layout.addStretch(1)
        return page

    def _label(self, text: str) -> QLabel:
        """A form row's label, in the UI language now and after a switch."""
        label = QLabel(_(text))
        self._words.append((label.setText, text))
        return label

    def _group(self, title: str) -> QGroupBox:
        box = QGroupBox(_(title))
        self._words.append((box.setTitle, title))
        return box

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Every fixed word of the dock in the UI language (after a switch); the map's own text stays."""
        self.setWindowTitle(_("Inspector"))
        for set_text, text in self._words:
            set_text(_(text))
        for binding in self.card_bindings:
            binding.retranslate()
        _fill_combo(self.lane_kind, lane_kind_choices())
        self.kpi_panel.retranslate()
        self.refresh()

    # --- showing ----------------------------------------------------------------

    def set_document(self, document: MapDocument, controller: EditController | None = None) -> None:
        """Show ``document``; edits go to ``controller`` (the window's), so its mode decides what may change."""
        self.document = document
        self.controller = controller
        document.cards_changed.connect(self._cards_changed)
        document.map_changed.connect(self.refresh)
        document.structure_changed.connect(self.refresh)
        document.edit_refused.connect(self.refresh)  # show the value that stayed
        self.show_selection(None, None)

    def show_selection(self, card_id: str | None, cell: tuple[str, str] | None) -> None:
        self.card_id = card_id
        self.phase_id, self.lane_id = cell if cell else (None, None)
        self.refresh()

    def _cards_changed(self, ids: set[str]) -> None:
        if self.card_id in ids:
            self.refresh()

    def refresh(self) -> None:
        if self.document is None:
            return
        journey_map = self.document.journey_map
        card = self.document.cards.card(self.card_id) if self.card_id else None
        if card is not None:
            self.stack.setCurrentIndex(0)
            lane = journey_map.lane(card.lane)
            phase = journey_map.phase(card.phase)
            self.card_lane_label.setText(_("Card in {phase} · {lane}").format(phase=phase.name, lane=lane.name))
            for binding in self.card_bindings:
                binding.show(getattr(card, binding.field))
            for card_field in EDITED_FIELDS:
                if card_field.only_in is not None:
                    self.card_form.setRowVisible(self.card_editors[card_field.name], lane.kind in card_field.only_in)
            return
        self.stack.setCurrentIndex(1)
        for binding in self.map_bindings:
            binding.show(getattr(journey_map, binding.field))
        phase = next((p for p in journey_map.phases if p.id == self.phase_id), None)
        self.phase_box.setVisible(phase is not None)
        if phase is not None:
            for binding in self.phase_bindings:
                binding.show(getattr(phase, binding.field))
        lane = next((item for item in journey_map.lanes if item.id == self.lane_id), None)
        self.lane_box.setVisible(lane is not None)
        if lane is not None:
            self._offer_lane_kinds(lane.id, lane.kind)
            for binding in self.lane_bindings:
                binding.show(getattr(lane, binding.field))
        self.kpi_panel.setVisible(lane is not None and lane.kind == "kpis" and phase is not None)
        if self.kpi_panel.isVisibleTo(self.stack.widget(1)):
            self.kpi_panel.show_phase(journey_map, phase.id, self.controller)

    def _offer_lane_kinds(self, lane_id: str, kind: str) -> None:
        """A lane that holds cards cannot become the emotion curve, so that choice is not offered."""
        holds_cards = kind != "emotions" and any(c.lane == lane_id for c in self.document.journey_map.cards)
        item = self.lane_kind.model().item(self.lane_kind.findData("emotions"))
        item.setEnabled(not holds_cards)
        item.setToolTip(_("Only a lane without cards can become the emotion curve.") if holds_cards else "")

    # --- editing -----------------------------------------------------------------

    def _push(self, kind: str, item_id: str | None, field: str, value: Any, text: str) -> None:
        if self.controller is None or item_id is None:
            return
        if not self.controller.set_fields(kind, item_id, {field: value}, text, merge_key=f"inspector:{field}"):
            self.refresh()  # the value that stayed

    def _push_card(self, field: str, value: Any) -> None:
        self._push("card", self.card_id, field, value, StepName(lambda: _("Edit card")))

    def _push_map(self, field: str, value: Any) -> None:
        self._push("map", "map", field, value, StepName(lambda: _("Edit map")))

    def _push_phase(self, field: str, value: Any) -> None:
        self._push("phase", self.phase_id, field, value, StepName(lambda: _("Edit phase")))

    def _push_lane(self, field: str, value: Any) -> None:
        self._push("lane", self.lane_id, field, value, StepName(lambda: _("Edit lane")))
