"""The dot-voting round's two dialogs: setting a round up, and its ranking at the end.

The setup asks what a facilitator decides before the room votes (which lanes,
how many dots and people, turns or one pool, hidden or open counts) and gives
:class:`~app.workshop.voting.VotingRules`. The ranking lists the voted cards,
most dots first; a click finds the card on the map, and the facilitator adds
the votes to the map, discards the round or goes back to voting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.model import JourneyMap
from app.ui.dialogs import enter_accepts, plain_tooltip
from app.workshop.voting import VotingRules, default_lanes

#: a card's text in the ranking is cut after this many characters (the whole text is its tooltip)
SHOWN_TEXT = 120


def _hint(text: str) -> QLabel:
    """A short, smaller line under a control that says why it matters."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setContentsMargins(24, 0, 0, 4)  # under the check box's text, not its box
    return label


class VotingSetupDialog(QDialog):
    """Which lanes the room votes on, how many dots each participant has, how many participants, and how."""

    def __init__(self, journey_map: JourneyMap, parent: QWidget | None = None, *,
                 initial: VotingRules | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Start dot voting"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The room puts dots on the cards that matter most. Choose which cards can get dots "
                         "and how the room votes."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        checked = initial.lanes if initial is not None else default_lanes(journey_map)
        group = QGroupBox(_("Lanes whose cards get dots"))
        lanes_layout = QVBoxLayout(group)
        #: a check box per lane that holds cards (all but the emotion curve), by lane id
        self.lane_boxes: dict[str, QCheckBox] = {}
        for lane in journey_map.lanes:
            if lane.kind == "emotions":
                continue
            count = sum(1 for card in journey_map.cards if card.lane == lane.id)
            box = QCheckBox(ngettext("{name} ({count} card)", "{name} ({count} cards)", count).format(
                name=lane.name, count=count))
            box.setChecked(lane.id in checked)
            box.toggled.connect(self._update)
            lanes_layout.addWidget(box)
            self.lane_boxes[lane.id] = box
        layout.addWidget(group)

        form = QFormLayout()
        self.dots = QSpinBox()
        self.dots.setRange(1, 20)
        self.dots.setValue(initial.dots if initial is not None else 3)
        self.participants = QSpinBox()
        self.participants.setRange(1, 100)
        self.participants.setValue(initial.participants if initial is not None else 8)
        form.addRow(_("Dots per participant:"), self.dots)
        form.addRow(_("Participants:"), self.participants)
        self.total = QLabel()
        form.addRow("", self.total)
        layout.addLayout(form)
        self.dots.valueChanged.connect(self._update)
        self.participants.valueChanged.connect(self._update)

        self.turns = QCheckBox(_("Each participant takes a turn"))
        self.turns.setChecked(initial.turns if initial is not None else True)
        layout.addWidget(self.turns)
        layout.addWidget(_hint(_("Each one places their own dots in turn. Off: you click for the whole room "
                                 "from one pool of dots.")))
        self.hidden = QCheckBox(_("Hidden voting: show the dots only at the end"))
        self.hidden.setChecked(initial.hidden if initial is not None else False)
        layout.addWidget(self.hidden)
        layout.addWidget(_hint(_("Seeing the others' dots sways the room: hidden, everyone votes on their own "
                                 "judgement.")))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Start voting"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        enter_accepts(self, self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def chosen_lanes(self) -> frozenset[str]:
        return frozenset(lane_id for lane_id, box in self.lane_boxes.items() if box.isChecked())

    def _update(self) -> None:
        """A round needs a lane to vote on; the total says how many dots the room has."""
        self.ok_button.setEnabled(bool(self.chosen_lanes()))
        total = self.dots.value() * self.participants.value()
        self.total.setText(ngettext("{count} dot in all", "{count} dots in all", total).format(count=total))

    def rules(self) -> VotingRules:
        """The round as the controls set it."""
        return VotingRules(lanes=self.chosen_lanes(), dots=self.dots.value(),
                           participants=self.participants.value(), turns=self.turns.isChecked(),
                           hidden=self.hidden.isChecked())


def _shown_text(text: str) -> str:
    """A card's text on one line of the list: its lines joined, cut with an ellipsis when long."""
    line = " ".join(text.split())
    return line if len(line) <= SHOWN_TEXT else line[:SHOWN_TEXT - 1].rstrip() + "…"


class RankingDialog(QDialog):
    """The round's result: the voted cards, most dots first, and what to do with the votes.

    ``exec()`` returns, and :meth:`decision` says, :attr:`ADD`, :attr:`DISCARD` or
    :attr:`CONTINUE` (Escape and the window's close button continue: nothing is lost).
    """

    CONTINUE = 0  # QDialog.Rejected: Escape goes back to voting
    ADD = 1
    DISCARD = 2

    #: the id of the card a row stands for, when the row is clicked or activated (to show it on the map)
    card_chosen = Signal(str)

    def __init__(self, journey_map: JourneyMap, ranking: list[tuple[str, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Voting results"))
        self._decision = self.CONTINUE
        layout = QVBoxLayout(self)
        cards = {card.id: card for card in journey_map.cards}
        rows = [(card_id, count) for card_id, count in ranking if card_id in cards]
        total = sum(count for _id, count in rows)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        if rows:
            self.summary.setText(
                ngettext("{count} dot cast", "{count} dots cast", total).format(count=total) + " · "
                + ngettext("{count} card with dots", "{count} cards with dots", len(rows)).format(count=len(rows))
                + "\n" + _("Click a row to find the card on the map."))
        else:
            self.summary.setText(_("No dots were cast in this round: there is nothing to add to the map."))
        layout.addWidget(self.summary)

        several = len(journey_map.personas) > 1
        headers = [_("Rank"), _("Dots"), _("Card"), *([_("Persona")] if several else []), _("Phase"), _("Lane")]
        self.table = QTreeWidget()
        self.table.setColumnCount(len(headers))
        self.table.setHeaderLabels(headers)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        phases = {phase.id: phase.name for phase in journey_map.phases}
        lanes = {lane.id: lane.name for lane in journey_map.lanes}
        personas = {persona.id: persona.name for persona in journey_map.personas}
        rank, previous = 0, None
        for place, (card_id, count) in enumerate(rows, start=1):
            if count != previous:  # ties share a rank: 1, 2, 2, 4
                rank, previous = place, count
            card = cards[card_id]
            where = [*([personas.get(card.persona, "")] if several else []), phases.get(card.phase, ""),
                     lanes.get(card.lane, "")]
            item = QTreeWidgetItem([str(rank), str(count), _shown_text(card.text) or _("(no text)"), *where])
            item.setData(0, Qt.ItemDataRole.UserRole, card_id)
            for column in (0, 1):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, plain_tooltip(card.text))
            self.table.addTopLevelItem(item)
        header = self.table.header()
        header.setStretchLastSection(False)
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in range(3, len(headers)):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 180))
        self.table.itemClicked.connect(self._chosen)
        self.table.itemActivated.connect(self._chosen)
        self.table.installEventFilter(self)
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table, 1)

        self.buttons = QDialogButtonBox()
        self.add_button = self._button(_("Add votes to the map"), QDialogButtonBox.ButtonRole.AcceptRole, self.ADD)
        self.discard_button = self._button(_("Discard round"), QDialogButtonBox.ButtonRole.DestructiveRole,
                                           self.DISCARD)
        self.continue_button = self._button(_("Continue voting"), QDialogButtonBox.ButtonRole.RejectRole,
                                            self.CONTINUE)
        self.add_button.setEnabled(bool(rows))
        self.add_button.setToolTip(_("The dots are added to each card's votes, as one step you can undo."))
        self.discard_button.setToolTip(_("The dots of this round are thrown away; the map stays as it is."))
        self.continue_button.setToolTip(_("Back to the room's voting, with every dot kept."))
        layout.addWidget(self.buttons)
        if rows:
            self.resize(760, 460)
            self.table.setFocus()
            self.table.setCurrentItem(self.table.topLevelItem(0))
        else:  # nothing to add or lose: Enter goes back to voting
            self.continue_button.setDefault(True)
            self.continue_button.setFocus()
            self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    def _button(self, text: str, role: QDialogButtonBox.ButtonRole, decision: int) -> QPushButton:
        button = self.buttons.addButton(text, role)
        button.clicked.connect(lambda: self._decide(decision))
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row finds its card and stops there: the list passes the key on, and the dialog would
        press its default button (add the votes and close) as well."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            item = self.table.currentItem()
            if item is not None:
                self._chosen(item)
            return True
        return super().eventFilter(watched, event)

    def _decide(self, decision: int) -> None:
        self._decision = decision
        self.done(decision)

    def _chosen(self, item: QTreeWidgetItem) -> None:
        self.card_chosen.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def reject(self) -> None:
        """Escape and the close button go back to voting: nothing the room did is lost."""
        self._decision = self.CONTINUE
        super().reject()

    def decision(self) -> int:
        """What the facilitator chose: :attr:`ADD`, :attr:`DISCARD` or :attr:`CONTINUE` (the default)."""
        return self._decision
