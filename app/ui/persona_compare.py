"""The persona comparison (View → Compare Personas): where the personas' journeys diverge, in one dock.

On top, every persona's emotion curve over the phases (``EmotionChart``, one
colour, pattern and marker per persona, the spread per phase as a band);
below, one lane of the map (pain points first) side by side: a row per
persona, a column per phase, each cell listing that persona's cards there. A
click on a point shows that persona's map at that phase; a click on a card (or
Enter on a cell, again for its next card) shows the card on the canvas,
selected. The data comes from ``app.insight.comparison``, which the poster and
the workbook use too, so all three agree.

Made on first use (``toggle_persona_comparison``) in the bottom dock area and
floatable, so a facilitator can put it on another screen. Like the Checks
dock it follows the document's signals after a short pause (``DELAY_MS``),
and a hidden dock does not rebuild until it is shown again.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.i18n import _, ngettext
from app.insight import comparison
from app.insight.comparison import PersonaCurve
from app.layout import palette, score_label
from app.ui.persona_compare_chart import NAME_MAX, SAMPLE_WIDTH, EmotionChart, curve_pen, marker_path

if TYPE_CHECKING:
    from app.model import JourneyMap
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

#: how long the map must rest after a change before the comparison is drawn again (ms)
DELAY_MS = 250
#: a card's text in a cell gets at most this many lines (the whole text is in the tooltip)
MAX_LINES = 4


def toggle_persona_comparison(window: MainWindow) -> PersonaCompareDock:
    """View → Compare Personas: the dock shown (made on first use) and in front, or hidden when it is shown."""
    dock = persona_comparison_of(window)
    if dock is None:
        dock = PersonaCompareDock(window)
        dock.show_panel()
    elif dock.isHidden() or not dock.isVisible():  # closed, or behind another dock's tab
        dock.show_panel()
    else:
        dock.hide()
    dock.sync_action()
    return dock


def persona_comparison_of(window: MainWindow) -> PersonaCompareDock | None:
    """The window's dock, if made; found through Qt, not kept in an attribute of the window (no reference cycle)."""
    return window.findChild(PersonaCompareDock, "persona-compare-dock")


def draw_sample(painter: QPainter, curve: PersonaCurve, left: QPointF) -> None:
    """A persona's line sample with its marker, from ``left`` (its left end): rows match the chart's curves."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(curve_pen(curve))
    painter.drawLine(left + QPointF(1, 0), left + QPointF(SAMPLE_WIDTH - 1, 0))
    color = QColor(curve.style.color)
    painter.setPen(QPen(color.darker(170), 1.2))
    painter.setBrush(color)
    painter.drawPath(marker_path(curve.style.marker, left + QPointF(SAMPLE_WIDTH / 2, 0)))


def wrapped(text: str, metrics: QFontMetrics, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` broken into lines of ``width`` at word boundaries (inside a word only if it must), at most
    ``max_lines``, the last one elided when text is left over."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split()
        line = ""
        while words:
            word = words.pop(0)
            candidate = f"{line} {word}" if line else word
            if metrics.horizontalAdvance(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while metrics.horizontalAdvance(word) > width and len(word) > 1:  # a word wider than the cell
                cut = len(word) - 1
                while cut > 1 and metrics.horizontalAdvance(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1:])
        lines = [*lines[:max_lines - 1], metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return lines


class CardsDelegate(QStyledItemDelegate):
    """A cell: its cards stacked, each a small tinted box with its text wrapped (the canvas's card colours)."""

    PAD = 4
    GAP = 3
    INNER = 4

    def __init__(self, grid: LaneGrid) -> None:
        super().__init__(grid)

    @property
    def grid(self) -> LaneGrid:
        return self.parent()  # no attribute of its own: no reference cycle with its view

    def font(self) -> QFont:
        font = QFont(self.grid.font())
        font.setPointSizeF(max(7.5, self.grid.font().pointSizeF() * 0.92))
        return font

    def card_boxes(self, rect: QRect, cards: list[tuple[str, str]]) -> list[tuple[str, QRect, list[str]]]:
        """(card id, box, lines) of each card of a cell drawn in ``rect``, top to bottom."""
        metrics = QFontMetrics(self.font())
        width = max(20, rect.width() - 2 * self.PAD - 2 * self.INNER)
        y = rect.top() + self.PAD
        boxes = []
        for card_id, text in cards:
            lines = wrapped(text, metrics, width)
            height = len(lines) * metrics.lineSpacing() + 2 * self.INNER - (metrics.lineSpacing() - metrics.height())
            boxes.append((card_id, QRect(rect.left() + self.PAD, y, rect.width() - 2 * self.PAD, height), lines))
            y += height + self.GAP
        return boxes

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = self.grid.columnWidth(index.column()) - (1 if self.grid.showGrid() else 0)  # as painted
        boxes = self.card_boxes(QRect(0, 0, width, 0), self.grid.cards_at(index.row(), index.column()))
        height = (boxes[-1][1].bottom() + self.PAD + 1) if boxes else QFontMetrics(self.font()).height() + 8
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        view_option = QStyleOptionViewItem(option)
        self.initStyleOption(view_option, index)
        view_option.text = ""  # the band, the selection and the focus frame: the cards are drawn below
        view_option.icon = QIcon()
        self.grid.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, view_option, painter, self.grid)
        cards = self.grid.cards_at(index.row(), index.column())
        if not cards:
            return
        fill, edge = palette.card_colors(self.grid.lane_kind)
        font = self.font()
        metrics = QFontMetrics(font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        for card_id, box, lines in self.card_boxes(option.rect, cards):
            chosen = card_id == self.grid.chosen_card
            painter.setPen(QPen(QColor(palette.SELECTION if chosen else edge), 2.2 if chosen else 1))
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            painter.setPen(QColor(palette.TEXT))
            y = box.top() + self.INNER
            for line in lines:
                painter.drawText(QRect(box.left() + self.INNER, y, box.width() - 2 * self.INNER, metrics.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
                y += metrics.lineSpacing()
        painter.restore()


class PersonaHeader(QHeaderView):
    """The grid's row headers: each persona's line sample and marker at full size, then its name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def _name(self, logical_index: int) -> str:
        return str(self.model().headerData(logical_index, Qt.Orientation.Vertical) or "")

    def sectionSizeFromContents(self, logical_index: int) -> QSize:
        size = super().sectionSizeFromContents(logical_index)
        width = min(NAME_MAX, QFontMetrics(self.font()).horizontalAdvance(self._name(logical_index)))
        return QSize(SAMPLE_WIDTH + 14 + width + 10, size.height())

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical_index)
        option.rect = rect
        option.text = ""
        option.icon = QIcon()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        grid: LaneGrid = self.parent()
        curve = grid.curve_of(logical_index)
        painter.save()
        if curve is not None:
            draw_sample(painter, curve, QPointF(rect.left() + 6, rect.center().y()))
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        text_rect = rect.adjusted(SAMPLE_WIDTH + 14, 0, -4, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(self.font()).elidedText(self._name(logical_index), Qt.TextElideMode.ElideRight,
                                                              text_rect.width()))
        painter.restore()


class LaneGrid(QTableWidget):
    """One lane side by side: a row per persona, a column per phase, the cards of each cell listed."""

    #: a card was clicked, or chosen with Enter: show it on the canvas
    card_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("persona-compare-grid")
        self.persona_ids: list[str] = []
        self.phase_ids: list[str] = []
        self.lane_kind = "notes"
        #: (row, column) -> [(card id, text)]
        self.cells: dict[tuple[int, int], list[tuple[str, str]]] = {}
        #: the card last shown from here (drawn with the selection's edge); Enter on its cell goes on to the next
        self.chosen_card: str | None = None
        self.setItemDelegate(CardsDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the grid, arrows move in it
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.sectionResized.connect(lambda *_args: self._rows_later())
        self.setVerticalHeader(PersonaHeader(self))
        self.curves: list[PersonaCurve] = []
        self.row_timer = QTimer(self)
        self.row_timer.setSingleShot(True)
        self.row_timer.setInterval(0)
        self.row_timer.timeout.connect(self.resizeRowsToContents)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rows_later()  # stretched columns change width without telling each section's resize

    def _rows_later(self) -> None:
        self.row_timer.start()  # the columns' widths settle first: the rows' heights follow once

    def curve_of(self, row: int) -> PersonaCurve | None:
        return self.curves[row] if 0 <= row < len(self.curves) else None

    def cards_at(self, row: int, column: int) -> list[tuple[str, str]]:
        return self.cells.get((row, column), [])

    def card_ids(self, persona_id: str, phase_id: str) -> list[str]:
        """The ids of the cards shown for a persona in a phase, top to bottom (empty when not shown)."""
        if persona_id not in self.persona_ids or phase_id not in self.phase_ids:
            return []
        return [card_id for card_id, _text in self.cards_at(self.persona_ids.index(persona_id),
                                                             self.phase_ids.index(phase_id))]

    def fill(self, journey_map: JourneyMap, lane_id: str | None, curves: list[PersonaCurve]) -> None:
        """Show the cards of ``lane_id``; the current cell stays on its persona and phase if they stay."""
        current = self.currentIndex()
        keep = ((self.persona_ids[current.row()], self.phase_ids[current.column()])
                if current.isValid() and current.row() < len(self.persona_ids)
                and current.column() < len(self.phase_ids) else None)
        lane = next((lane for lane in journey_map.lanes if lane.id == lane_id), None)
        self.lane_kind = lane.kind if lane is not None else "notes"
        grid = comparison.lane_grid(journey_map, lane_id) if lane_id else {}
        self.curves = list(curves)
        self.persona_ids = [curve.persona.id for curve in curves]
        self.phase_ids = [phase.id for phase in journey_map.phases]
        self.cells = {}
        self.setRowCount(len(self.persona_ids))
        self.setColumnCount(len(self.phase_ids))
        for column, phase in enumerate(journey_map.phases):
            header = QTableWidgetItem(phase.name)
            header.setToolTip(phase.name)
            self.setHorizontalHeaderItem(column, header)
        for row, curve in enumerate(curves):
            header = QTableWidgetItem(curve.persona.name)
            header.setToolTip(curve.persona.name)
            self.setVerticalHeaderItem(row, header)
            for column, phase in enumerate(journey_map.phases):
                cards = [(card.id, card.text.strip() or _("(no text)"))
                         for card in grid.get((curve.persona.id, phase.id), [])]
                self.cells[row, column] = cards
                item = QTableWidgetItem("\n".join(text for _id, text in cards))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                where = _("{persona}, {phase}").format(persona=curve.persona.name, phase=phase.name)
                if cards:
                    count = ngettext("{count} card", "{count} cards", len(cards)).format(count=len(cards))
                    item.setToolTip(where + "\n" + "\n".join("• " + text for _id, text in cards))
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 f"{where}: {count}: " + "; ".join(text for _id, text in cards))
                else:
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, where + ": " + _("no cards"))
                self.setItem(row, column, item)
        if keep is not None and keep[0] in self.persona_ids and keep[1] in self.phase_ids:
            self.setCurrentCell(self.persona_ids.index(keep[0]), self.phase_ids.index(keep[1]))
        self.resizeRowsToContents()

    def card_at(self, pos: QPoint) -> str | None:
        """The card drawn under ``pos`` (viewport coordinates), if any."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        delegate: CardsDelegate = self.itemDelegate()
        for card_id, box, _lines in delegate.card_boxes(self.visualRect(index),
                                                          self.cards_at(index.row(), index.column())):
            if box.contains(pos):
                return card_id
        return None

    def card_position(self, card_id: str) -> QPoint | None:
        """The centre of a card's box in the viewport (scrolled into view first), for a click."""
        for (row, column), cards in self.cells.items():
            if any(card == card_id for card, _text in cards):
                index = self.model().index(row, column)
                self.scrollTo(index)
                delegate: CardsDelegate = self.itemDelegate()
                for found, box, _lines in delegate.card_boxes(self.visualRect(index), cards):
                    if found == card_id:
                        return box.center()
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            card_id = self.card_at(event.position().toPoint())
            if card_id is not None:
                self.choose(card_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            current = self.currentIndex()
            cards = [card_id for card_id, _text in self.cards_at(current.row(), current.column())]
            if cards:  # Enter shows the cell's first card; again, the next one
                following = cards.index(self.chosen_card) + 1 if self.chosen_card in cards else 0
                self.choose(cards[following % len(cards)])
            event.accept()
            return
        super().keyPressEvent(event)

    def choose(self, card_id: str) -> None:
        self.chosen_card = card_id
        self.viewport().update()
        self.card_activated.emit(card_id)


class PersonaCompareDock(QDockWidget):
    @property
    def main(self) -> MainWindow:
        """The window (the dock's parent; not kept in an attribute, see ``persona_comparison_of``)."""
        return self.parentWidget()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Compare Personas"), window)
        self.setObjectName("persona-compare-dock")  # the window's saved layout keeps its place
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.document: MapDocument | None = None
        #: a change came while the dock was hidden: rebuild when it shows again
        self.stale = True
        #: how many times the comparison was built (the tests count rebuilds)
        self.builds = 0

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.chart = EmotionChart()
        self.chart.point_activated.connect(self.show_point)
        self.splitter.addWidget(self.chart)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(6, 4, 0, 0)
        row = QHBoxLayout()
        self.lane_label = QLabel()
        self.lanes = QComboBox()
        self.lanes.setObjectName("persona-compare-lane")
        self.lanes.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lanes.currentIndexChanged.connect(self._lane_chosen)
        self.lane_label.setBuddy(self.lanes)
        self.summary = QLabel()
        self.summary.setObjectName("persona-compare-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.lane_label)
        row.addWidget(self.lanes)
        row.addSpacing(16)
        row.addWidget(self.summary, 1)
        lower_layout.addLayout(row)
        self.grid = LaneGrid()
        self.grid.card_activated.connect(self.show_card)
        lower_layout.addWidget(self.grid, 1)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.setWidget(self.splitter)
        self.setFocusProxy(self.grid)
        #: the lane the user chose (kept across rebuilds while the map has it)
        self.lane_id: str | None = None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility_changed)
        # Opening, reloading or starting a map gives the window a new document and its undo stack.
        window.undo_group.activeStackChanged.connect(lambda _stack: self.follow_document())

        #: no saved place: on first showing it takes half the window's height (Qt's default left the grid a row)
        self.first_showing = not window.restoreDockWidget(self)
        if self.first_showing:  # where the saved layout had it, else along the bottom
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.hide()
        self.retranslate()
        self.follow_document()

    # --- words ----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Compare Personas"))
        self.lane_label.setText(_("&Lane:"))
        self.lanes.setToolTip(_("The lane shown side by side for every persona and phase"))
        self.grid.setToolTip("")
        self.grid.setAccessibleName(_("Cards of the chosen lane, a row per persona, a column per phase"))
        self.grid.setAccessibleDescription(_("Enter shows the cell's card on the map; again, its next card"))
        self.chart.retranslate()
        self.stale = True
        if self.isVisible():
            self.refresh()

    # --- showing ----------------------------------------------------------------------------

    def show_panel(self) -> None:
        """Show the dock in front of the docks it shares a place with, up to date now."""
        self.show()
        self.raise_()
        if self.first_showing and not self.isFloating():
            self.first_showing = False
            window = self.main
            window.resizeDocks([self], [max(300, window.height() // 2)], Qt.Orientation.Vertical)
        if self.stale or self.document is not self.main.document:
            self.refresh()

    def sync_action(self) -> None:
        """The menu's tick follows whether the dock is open (its own close button too)."""
        action = getattr(self.main, "compare_personas_action", None)
        if action is not None:
            action.setChecked(not self.isHidden())

    def _visibility_changed(self, visible: bool) -> None:
        self.sync_action()
        if visible and (self.stale or self.document is not self.main.document):
            self.timer.start(0)  # shown again after changes: rebuild once it is on screen

    # --- following the map -------------------------------------------------------------------

    def follow_document(self) -> None:
        """Listen to the window's document (a new one after opening another map)."""
        document = self.main.document
        if document is self.document:
            return
        old = self.document
        if old is not None and isValid(old):
            for signal in self._signals(old):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self.changed)
        self.document = document
        for signal in self._signals(document):
            signal.connect(self.changed)
        self.changed()

    @staticmethod
    def _signals(document: MapDocument) -> tuple:
        """What changes the comparison: cards, structure (phases, lanes, personas), persona colours, emotions."""
        return (document.cards_changed, document.structure_changed, document.persona_changed,
                document.emotion_changed, document.map_replaced)

    def changed(self, *_args: object) -> None:
        """The map changed: rebuild once it rests (only while the dock is shown)."""
        self.stale = True
        if self.isVisible():
            self.timer.start()

    def refresh(self) -> None:
        """Build the chart, the lane chooser and the grid from the map as it is now."""
        self.timer.stop()
        self.follow_document()
        self.stale = False
        self.builds += 1
        journey_map = self.main.journey_map
        curves = comparison.curves(journey_map)
        self.chart.set_data(journey_map.phases, curves, comparison.spreads(journey_map))
        self._fill_lanes(journey_map)
        self.grid.fill(journey_map, self.lane_id, curves)
        self._show_summary(journey_map)

    def _fill_lanes(self, journey_map: JourneyMap) -> None:
        card_lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
        if self.lane_id not in [lane.id for lane in card_lanes]:
            self.lane_id = comparison.default_lane(journey_map)
        self.lanes.blockSignals(True)
        self.lanes.clear()
        for lane in card_lanes:
            self.lanes.addItem(lane.name, lane.id)
        self.lanes.setCurrentIndex(self.lanes.findData(self.lane_id) if self.lane_id else -1)
        self.lanes.blockSignals(False)
        self.lanes.setEnabled(bool(card_lanes))

    def _show_summary(self, journey_map: JourneyMap) -> None:
        widest = comparison.widest_gap(journey_map)
        if len(journey_map.personas) < 2:
            text = _("Add a second persona to compare journeys")
        elif widest is None:
            text = _("The personas feel the same in every phase")
        else:
            text = _("The journeys diverge most in {phase}: from {low} to {high}").format(
                phase=widest.phase.name, low=score_label(widest.low), high=score_label(widest.high))
        self.summary.setText(text)

    def _lane_chosen(self, index: int) -> None:
        lane_id = self.lanes.itemData(index)
        if lane_id and lane_id != self.lane_id:
            self.lane_id = lane_id
            journey_map = self.main.journey_map
            self.grid.fill(journey_map, lane_id, self.chart.curves)

    def choose_lane(self, lane_id: str) -> None:
        """Show ``lane_id`` in the grid, as choosing it in the box does."""
        self.lanes.setCurrentIndex(self.lanes.findData(lane_id))

    # --- the jumps ------------------------------------------------------------------------------

    def show_point(self, persona_id: str, phase_id: str) -> bool:
        """Show a persona's map (switched to as its tab does) with the phase in view; False if it is gone."""
        window = self.main
        journey_map = window.journey_map
        if all(p.id != persona_id for p in journey_map.personas):
            self.refresh()
            return False
        if persona_id != window.current_persona_id:
            window.set_current_persona(persona_id)
        if not phase_id:
            return True
        scene = window.scene
        layout = scene.layout
        mark = next((m for m in layout.emotion_marks if m.phase_id == phase_id), None)
        if mark is not None:
            radius = 3 * scene.style.emotion_radius
            scene.ensure_visible(QRectF(mark.x - radius, mark.y - radius, 2 * radius, 2 * radius))
            return True
        header = next((h for h in layout.phase_headers if h.item_id == phase_id), None)
        if header is not None:
            scene.ensure_visible(QRectF(header.rect.x, header.rect.y, header.rect.w, header.rect.h))
            return True
        return False

    def show_card(self, card_id: str) -> bool:
        """Show a card on the canvas, selected, in its persona's map; False if the map no longer has it."""
        window = self.main
        card = next((c for c in window.journey_map.cards if c.id == card_id), None)
        if card is None:
            self.refresh()
            return False
        if card.persona != window.current_persona_id:
            window.set_current_persona(card.persona)
        window.scene.select_cards([card_id])
        return True
