"""The persona comparison's grid: one lane of the map side by side, a row per persona, a column per phase.

Each cell lists that persona's cards of the lane in that phase as small boxes
in the canvas's card colours, wrapped (at most ``MAX_LINES`` lines; the whole
text is in the tooltip). A click on a card, or Enter on a cell (again for its
next card), asks to show that card on the canvas (``LaneGrid.card_activated``).
The row headers carry each persona's line sample and marker, so a row matches
its curve in the chart above.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.i18n import _, ngettext
from app.insight import comparison
from app.insight.comparison import PersonaCurve
from app.layout import palette
from app.ui.persona_compare_style import NAME_MAX, SAMPLE_WIDTH, draw_sample

if TYPE_CHECKING:
    from app.model import JourneyMap

#: a card's text in a cell gets at most this many lines (the whole text is in the tooltip)
MAX_LINES = 4


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
