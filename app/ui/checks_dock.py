"""The Checks dock: the map health check's findings, kept current as the map changes, each a jump to its place.

View → Health Check (``toggle_checks``) makes the dock on first use, so the
window needs no code for it. The findings are ``app.insight.health.check_map``'s,
in its order (rule by rule, then map order), one row each: the rule's short
name above the sentence. A click or Enter shows the place: the persona, then the
card selected, or the cell made current.

The check runs after the edits, not inside them, and touches only what changed:
the dock keeps a :class:`~app.insight.health.LiveCheck`, whose findings are kept
per persona. An edit of cards, an emotion point or a persona's profile marks the
personas it touched; after a short rest (``DELAY_MS``) only those are checked
again, from their cells in the editor's card index (no pass over the map's
cards). A change of structure or KPIs, or another map, checks the whole map
again (about 50 ms on the 10,000-card bench map). A hidden dock does not check
at all until it is shown again. Opening another map gives
the window a new document: the dock notices (the window's undo group gets a new
active stack) and follows it.

The rules a map switches off are stored in its file (``JourneyMap.checks_off``,
format 1.1). Ticking or unticking a rule here is an edit of the map like any
other: one step on the undo stack, through the controller (so a voting round
refuses it), saved with the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.insight.health import RULES, Finding, LiveCheck
from app.ui.commands import StepName
from app.ui.map_dock import MapDock, toggle_dock

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

#: how long the map must rest after a change before it is checked again (ms)
DELAY_MS = 150
#: the rule's short name, by id, for the small line above each sentence
RULE_TITLES = {rule.id: rule.title for rule in RULES}


def toggle_checks(window: MainWindow) -> ChecksDock:
    """View → Health Check: the dock shown (made on first use) and in front, or hidden when it is shown."""
    return toggle_dock(window, ChecksDock, "checks-dock")


def checks_dock_of(window: MainWindow) -> ChecksDock | None:
    """The window's dock, if made. Found through Qt, not kept in a Python attribute of the window: a window and
    its dock pointing at each other from Python made a reference cycle that PySide crashed collecting."""
    return window.findChild(ChecksDock, "checks-dock")


def _key(finding: Finding) -> tuple[str, str | None, str | None, str | None, str | None]:
    """What a finding is about, whatever language its sentence is in: the chosen row survives a check."""
    return finding.rule, finding.persona, finding.phase, finding.lane, finding.card


class FindingsModel(QAbstractListModel):
    """The findings as rows: the sentence to show and read aloud, the finding itself for the jump."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        finding = self.findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _("{rule}: {finding}").format(rule=_(RULE_TITLES.get(finding.rule, finding.rule)),
                                                 finding=finding.message)
        return None

    def finding(self, index: QModelIndex | QPersistentModelIndex) -> Finding | None:
        """The finding of a row. Not a data role: a Python object handed through a QVariant was one of the
        things the garbage collector tripped over in PySide."""
        row = index.row() if index.isValid() else -1
        return self.findings[row] if 0 <= row < len(self.findings) else None


class FindingDelegate(QStyledItemDelegate):
    """A row: the rule's name small and muted, the sentence below it wrapped to the dock's width."""

    PAD = 6

    def __init__(self, view: QListView) -> None:
        super().__init__(view)

    @property
    def view(self) -> QListView:
        return self.parent()  # no attribute of its own: no reference cycle with its view

    @property
    def model(self) -> FindingsModel:
        return self.view.model()

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        small.setBold(True)
        return small, QFont(option.font)

    def _width(self) -> int:
        return max(80, self.view.viewport().width() - 2 * self.PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        small, text_font = self._fonts(option)
        width = self._width()
        sentence = QFontMetrics(text_font).boundingRect(
            QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, index.data() or "")
        return QSize(width, 2 * self.PAD + QFontMetrics(small).height() + 2 + sentence.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""  # the band, the selection and the focus frame: the words are drawn below
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, self.view)
        finding = self.model.finding(index)
        if finding is None:
            return
        small, text_font = self._fonts(option)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        rect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText) if selected
                       else palette.color(QPalette.ColorRole.PlaceholderText))
        title_height = QFontMetrics(small).height()
        title = _(RULE_TITLES.get(finding.rule, finding.rule))
        painter.drawText(QRect(rect.x(), rect.y(), rect.width(), title_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(text_font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText) if selected
                       else palette.color(QPalette.ColorRole.Text))
        painter.drawText(rect.adjusted(0, title_height + 2, 0, 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                         finding.message)
        painter.restore()


class ChecksDock(MapDock):
    action_name = "checks_action"
    delay_ms = DELAY_MS
    area = Qt.DockWidgetArea.RightDockWidgetArea

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Health Check"), "checks-dock", window)
        #: the findings kept per persona, and the personas to check again; None: check the whole map
        self.live: LiveCheck | None = None
        self.touched: set[str] = set()

        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("checks-summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)

        self.rules_button = QToolButton()
        self.rules_button.setCheckable(True)
        self.rules_button.setAutoRaise(True)
        self.rules_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.rules_button.setArrowType(Qt.ArrowType.RightArrow)
        self.rules_button.toggled.connect(self._show_rules)
        layout.addWidget(self.rules_button)
        self.rules_box = QWidget()
        rules_layout = QVBoxLayout(self.rules_box)
        rules_layout.setContentsMargins(16, 0, 0, 4)
        rules_layout.setSpacing(2)
        #: a check box per rule, by id: unticked, its findings are left out
        self.rule_boxes: dict[str, QCheckBox] = {}
        for rule in RULES:
            box = QCheckBox()
            box.setChecked(True)
            box.toggled.connect(lambda on, rule_id=rule.id: self.set_rule(rule_id, on))
            rules_layout.addWidget(box)
            self.rule_boxes[rule.id] = box
        self.rules_box.hide()
        layout.addWidget(self.rules_box)

        self.model = FindingsModel(self)
        self.list = QListView()
        self.list.setObjectName("checks-findings")
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)  # each finding its own band
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows wrap again when the dock's width changes
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.clicked.connect(self.jump_to)
        self.list.activated.connect(self.jump_to)
        layout.addWidget(self.list, 1)
        self.setWidget(page)

        self.ready()

    def first_placed(self, window: MainWindow) -> None:
        window.tabifyDockWidget(window.persona_dock, self)  # behind the persona's tab

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every word in the UI language, the findings' sentences too (they are written by the check)."""
        self.setWindowTitle(_("Health Check"))
        self.live = None  # the kept sentences are in the old language
        for rule in RULES:
            box = self.rule_boxes[rule.id]
            box.setText(_(rule.title))
            box.setToolTip(_("Untick to switch this rule off for this map: it is saved with the map, and Ctrl+Z "
                             "undoes it"))
        self.rules_button.setToolTip(_("Switch rules off or on for this map (saved with the map)"))
        self._show_rule_count()
        self.stale = True
        if self.isVisible():
            self.refresh()

    @property
    def disabled(self) -> set[str]:
        """The rules the map switches off (its ``checks_off``)."""
        return set(self.main.journey_map.checks_off or ())

    def _show_rule_count(self) -> None:
        disabled = self.disabled
        for rule_id, box in self.rule_boxes.items():
            if box.isChecked() == (rule_id in disabled):
                was = box.blockSignals(True)  # not a QSignalBlocker: its wrapper could outlive the box
                box.setChecked(rule_id not in disabled)
                box.blockSignals(was)
        off = len(disabled)
        self.rules_button.setText(_("Rules ({count} off)").format(count=off) if off else _("Rules"))

    def _show_rules(self, shown: bool) -> None:
        self.rules_box.setVisible(shown)
        self.rules_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.list.currentIndex().isValid():  # the list got shorter (or longer): the chosen one stays in view
            QTimer.singleShot(0, self, lambda: self.list.scrollTo(self.list.currentIndex()))

    # --- showing ----------------------------------------------------------------------------

    # --- following the map -------------------------------------------------------------------

    def connections(self, document: MapDocument) -> tuple:
        """What changes the findings, and what each needs checked again: some personas, or the whole map."""
        return ((document.cards_changed, self.cards_changed), (document.emotion_changed, self.persona_touched),
                (document.persona_changed, self.persona_touched), (document.structure_changed, self.changed),
                (document.map_replaced, self.changed), (document.kpis_changed, self.changed),
                (document.map_changed, self.rules_changed))

    def changed(self, *_args: object) -> None:
        """The structure, the KPIs or the whole map changed: check it all again once it rests (only while the dock
        is shown)."""
        self.live = None
        super().changed()

    def cards_changed(self, card_ids: set[str]) -> None:
        """Cards were added, changed, moved or removed: their personas, before and after, are checked again."""
        if self.live is not None:
            index = self.main.document.cards
            self.touched |= self.live.personas_of(card_ids)
            self.touched |= {card.persona for card in map(index.card, card_ids) if card is not None}
        self._later()

    def persona_touched(self, persona_id: str, *_args: object) -> None:
        """A persona's emotion point or profile changed: that persona is checked again."""
        self.touched.add(persona_id)
        self._later()

    def rules_changed(self) -> None:
        """The map's own fields changed (its ``checks_off``): the same findings, filtered again."""
        self._later()

    def _later(self) -> None:
        MapDock.changed(self)  # some personas only: the kept findings stay

    def _cards_of(self, persona_id: str) -> list:
        """A persona's cards with their places in the map, from the editor's card index (no pass over the map)."""
        index = self.main.document.cards
        cards = [card for cell in index.cells(persona_id).values() for card in cell]
        return sorted(((index.position(card), card) for card in cards), key=lambda pair: pair[0])

    def current_findings(self) -> list[Finding]:
        """The findings now, checking again only what changed since the last time."""
        journey_map = self.main.journey_map
        if self.live is None or self.live.map is not journey_map:
            self.live = LiveCheck(journey_map, self._cards_of)
        elif self.touched:
            self.live.update(self.touched)
        self.touched = set()
        return self.live.findings(self.disabled)

    def refresh(self) -> None:
        """Check the map now and show its findings, keeping the chosen one chosen."""
        self.timer.stop()
        self.follow_document()
        self.stale = False
        disabled = self.disabled
        self._show_rule_count()
        findings = self.current_findings()
        if findings != self.model.findings:
            current = self.list.currentIndex()
            chosen = _key(self.model.findings[current.row()]) if current.isValid() else None
            self.model.set_findings(findings)
            keys = [_key(finding) for finding in findings]
            if chosen in keys:
                index = self.model.index(keys.index(chosen))
                self.list.setCurrentIndex(index)
                self.list.scrollTo(index)
        count = len(findings)
        if count:
            text = ngettext("{count} finding", "{count} findings", count).format(count=count)
        elif disabled:
            text = _("No findings in the rules switched on")
        else:
            text = _("No findings: the map is ready to hand over")
        self.summary.setText(text)
        self.list.setVisible(bool(count))

    def set_rule(self, rule_id: str, on: bool) -> None:
        """Switch a rule on or off for this map: an edit of its ``checks_off`` (ids a later version added are
        kept), one undo step; the findings follow at once."""
        journey_map = self.main.journey_map
        stored = list(journey_map.checks_off or ())
        wanted = [rule for rule in stored if rule != rule_id] + ([] if on or rule_id in stored else [rule_id])
        if wanted != stored:
            title = next(rule.title for rule in RULES if rule.id == rule_id)  # read in the UI language of the time
            step = StepName(lambda: (_("Switch on the check “{rule}”") if on
                                     else _("Switch off the check “{rule}”")).format(rule=_(title)))
            self.main.scene.controller.set_fields("map", journey_map.id, {"checks_off": wanted or None}, step)
        self.refresh()  # a refused edit (a voting round) ticks the box back

    # --- the jump ------------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        return list(self.model.findings)

    def jump_to(self, index: QModelIndex) -> None:
        """Show the finding's place: its persona, then its card selected, or its cell made current."""
        finding = self.model.finding(index)
        if finding is not None:
            self.show_finding(finding)

    def show_finding(self, finding: Finding) -> bool:
        """Go to where the finding is; False when the map no longer has it (checked again then)."""
        window = self.main
        journey_map = window.journey_map
        if finding.persona is not None:
            if all(p.id != finding.persona for p in journey_map.personas):
                self.refresh()
                return False
            if finding.persona != window.current_persona_id:
                window.set_current_persona(finding.persona)
        scene = window.scene
        if finding.card is not None:
            if finding.card not in scene.card_items:
                self.refresh()
                return False
            scene.select_cards([finding.card])
            return True
        layout = scene.layout
        phases = [phase.id for phase in journey_map.phases]
        lanes = [lane.id for lane in journey_map.lanes]
        if finding.phase is None and finding.lane is None:
            return True  # a persona as a whole: it is shown
        cell = (finding.phase or (phases[0] if phases else ""), finding.lane or "")
        if cell not in layout.cells and finding.lane is None:  # a phase: its first lane with cells
            cell = next(((cell[0], lane) for lane in lanes if (cell[0], lane) in layout.cells), cell)
        if cell in layout.cells:
            scene.clearSelection()
            scene.set_current_cell(cell)
            scene.ensure_visible(scene.cell_rect(cell))
            return True
        mark = next((m for m in layout.emotion_marks if m.phase_id == cell[0]), None)
        if finding.lane is not None and finding.lane == layout.emotion_lane and mark is not None:
            radius = 3 * scene.style.emotion_radius
            scene.ensure_visible(QRectF(mark.x - radius, mark.y - radius, 2 * radius, 2 * radius))
            return True
        return False
