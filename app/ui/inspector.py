"""The inspector dock: every field of the selected card, or of the map, phase and lane in focus."""

from __future__ import annotations

from typing import Any

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

from app.model import EVIDENCE_VALUES, LANE_KINDS
from app.ui.commands import push_field_edit
from app.ui.document import MapDocument
from app.ui.forms import (
    Binding,
    ColorButton,
    bind_check,
    bind_color,
    bind_combo,
    bind_line,
    bind_spin,
    bind_text,
    text_box,
)


def severity_steps(tr) -> list[str]:
    """What severity 1 … 5 of a pain point means, in the user's words (Inspector and F1)."""
    return [tr("minor annoyance"), tr("noticeable"), tr("hurts the experience"), tr("makes people give up"),
            tr("blocks the journey")]


def severity_meaning(tr) -> str:
    """The severity steps in one line: "1 = minor annoyance, …, 5 = blocks the journey"."""
    return ", ".join(f"{n} = {meaning}" for n, meaning in enumerate(severity_steps(tr), start=1))


def severity_choices(tr) -> list[tuple[str, int | None]]:
    """(label, value) of every severity a card can have, "none" first: the Inspector's and the card menu's."""
    return [(tr("none"), None), *((f"{n} – {meaning}", n) for n, meaning in enumerate(severity_steps(tr), start=1))]


class InspectorDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Inspector"), parent)
        self.setObjectName("inspector")
        self.document: MapDocument | None = None
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
        page = QWidget()
        form = QFormLayout(page)
        push = self._push_card
        self.card_text = text_box(4)
        self.card_notes = text_box(3)
        self.card_channel = QLineEdit()
        self.card_owner = QLineEdit()
        self.card_severity = QComboBox()
        for text, level in severity_choices(self.tr):
            self.card_severity.addItem(text, level)
        self.card_severity.setToolTip(self.tr("How much this pain point hurts: %1").replace(
            "%1", severity_meaning(self.tr)))
        self.card_evidence = QComboBox()
        self.card_evidence.addItem(self.tr("not stated"), None)
        for value in EVIDENCE_VALUES:
            self.card_evidence.addItem(value, value)
        self.card_mot = QCheckBox(self.tr("Moment of truth"))
        self.card_votes = QSpinBox()
        self.card_votes.setRange(0, 9999)
        self.card_tags = QLineEdit()
        self.card_tags.setPlaceholderText(self.tr("comma-separated"))
        self.card_color = ColorButton(allow_none=True)
        self.card_lane_label = QLabel()
        self.card_bindings = [
            bind_text(self.card_text, "text", push),
            bind_text(self.card_notes, "notes", push),
            bind_line(self.card_channel, "channel", push),
            bind_line(self.card_owner, "owner", push),
            bind_combo(self.card_severity, "severity", push),
            bind_combo(self.card_evidence, "evidence", push),
            bind_check(self.card_mot, "moment_of_truth", push),
            bind_spin(self.card_votes, "votes", push),
            bind_color(self.card_color, "color", push),
        ]
        self.card_tags.textEdited.connect(
            lambda text: push("tags", [t.strip() for t in text.split(",") if t.strip()])
        )
        form.addRow(self.card_lane_label)
        form.addRow(self.tr("Text"), self.card_text)
        form.addRow(self.tr("Notes"), self.card_notes)
        form.addRow(self.tr("Channel"), self.card_channel)
        form.addRow(self.tr("Owner"), self.card_owner)
        form.addRow(self.tr("Severity"), self.card_severity)
        form.addRow(self.tr("Evidence"), self.card_evidence)
        form.addRow("", self.card_mot)
        form.addRow(self.tr("Votes"), self.card_votes)
        form.addRow(self.tr("Tags"), self.card_tags)
        form.addRow(self.tr("Colour"), self.card_color)
        return page

    def _build_map_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        map_box = QGroupBox(self.tr("Map"))
        form = QFormLayout(map_box)
        self.map_title = QLineEdit()
        self.map_goal = QLineEdit()
        self.map_description = text_box(3)
        self.map_bindings = [
            bind_line(self.map_title, "title", self._push_map),
            bind_line(self.map_goal, "goal", self._push_map),
            bind_text(self.map_description, "description", self._push_map),
        ]
        form.addRow(self.tr("Title"), self.map_title)
        form.addRow(self.tr("Goal"), self.map_goal)
        form.addRow(self.tr("Description"), self.map_description)
        layout.addWidget(map_box)

        self.phase_box = QGroupBox(self.tr("Phase"))
        form = QFormLayout(self.phase_box)
        self.phase_name = QLineEdit()
        self.phase_goal = QLineEdit()
        self.phase_description = text_box(2)
        self.phase_bindings = [
            bind_line(self.phase_name, "name", self._push_phase),
            bind_line(self.phase_goal, "goal", self._push_phase),
            bind_text(self.phase_description, "description", self._push_phase),
        ]
        form.addRow(self.tr("Name"), self.phase_name)
        form.addRow(self.tr("Goal"), self.phase_goal)
        form.addRow(self.tr("Description"), self.phase_description)
        layout.addWidget(self.phase_box)

        self.lane_box = QGroupBox(self.tr("Lane"))
        form = QFormLayout(self.lane_box)
        self.lane_name = QLineEdit()
        self.lane_kind = QComboBox()
        for kind in LANE_KINDS:
            self.lane_kind.addItem(kind.replace("_", " "), kind)
        self.lane_bindings = [
            bind_line(self.lane_name, "name", self._push_lane),
            bind_combo(self.lane_kind, "kind", self._push_lane),
        ]
        form.addRow(self.tr("Name"), self.lane_name)
        form.addRow(self.tr("Kind"), self.lane_kind)
        layout.addWidget(self.lane_box)
        layout.addStretch(1)
        return page

    # --- showing ----------------------------------------------------------------

    def set_document(self, document: MapDocument) -> None:
        self.document = document
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
            self.card_lane_label.setText(self.tr("Card in %1 · %2").replace("%1", phase.name).replace("%2", lane.name))
            for binding in self.card_bindings:
                binding.show(getattr(card, binding.field))
            tags = ", ".join(card.tags)
            if [t.strip() for t in self.card_tags.text().split(",") if t.strip()] != card.tags:
                self.card_tags.setText(tags)
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

    def _offer_lane_kinds(self, lane_id: str, kind: str) -> None:
        """A lane that holds cards cannot become the emotion curve, so that choice is not offered."""
        holds_cards = kind != "emotions" and any(c.lane == lane_id for c in self.document.journey_map.cards)
        item = self.lane_kind.model().item(self.lane_kind.findData("emotions"))
        item.setEnabled(not holds_cards)
        item.setToolTip(self.tr("Only a lane without cards can become the emotion curve.") if holds_cards else "")

    # --- editing -----------------------------------------------------------------

    def _push(self, kind: str, item_id: str | None, field: str, value: Any, text: str) -> None:
        if self.document is None or item_id is None:
            return
        push_field_edit(self.document, kind, item_id, {field: value}, text, merge_key=f"inspector:{field}")

    def _push_card(self, field: str, value: Any) -> None:
        self._push("card", self.card_id, field, value, self.tr("Edit card"))

    def _push_map(self, field: str, value: Any) -> None:
        self._push("map", "map", field, value, self.tr("Edit map"))

    def _push_phase(self, field: str, value: Any) -> None:
        self._push("phase", self.phase_id, field, value, self.tr("Edit phase"))

    def _push_lane(self, field: str, value: Any) -> None:
        self._push("lane", self.lane_id, field, value, self.tr("Edit lane"))
