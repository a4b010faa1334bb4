"""The value × effort matrix the Opportunity matrix dock shows: opportunity chips in cells, a tray of unrated ones.

A widget that paints itself and knows nothing of the document: the dock hands it
``Chip`` values and listens to ``rate_requested`` (a chip dropped on a cell or on
the tray, or moved with Ctrl+arrow keys) and ``activated`` (double-click or Enter).
The chip stays where it was until the dock has made the change and handed the chips
again, so what is shown is always the map, undo included.

Where things go is ``app.ui.opportunity_matrix_layout``'s; here they are painted
(each quadrant tinted and named, so the names do not depend on colour) and the
mouse and the keys are turned into those two signals. A drag moves a ghost of the
chip with the pointer and marks the cell or tray it would land in; Escape cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.i18n import _
from app.insight.priorities import HIGH_FROM
from app.layout import palette
from app.ui.opportunity_matrix_layout import (
    CHIP_PAD,
    RATINGS,
    STRIPE,
    Chip,
    LinesCache,
    MatrixLayout,
    arrange,
    band_label,
    chip_tooltip,
    fonts,
    hint,
    minimum_width,
    next_towards,
    reading_order,
)

#: a quadrant's tint and the edge of its name band (Okabe-Ito hues, light; the name says it too)
QUADRANT_TINTS = {"quick_win": ("#E2F3EC", "#009E73"), "big_bet": ("#E3EFF8", "#0072B2"),
                  "fill_in": ("#F1F1F1", "#8F8F8F"), "money_pit": ("#FBE8DD", "#D55E00")}
CHIP_FILL = "#FFFFFF"
CHIP_EDGE = palette.CARD_COLORS["opportunities"][1]


class MatrixView(QWidget):
    """The matrix and the tray, painted; chips are dragged with the mouse or moved with Ctrl+arrow keys."""

    #: (card id, value or None, effort or None): put the card there (None, None: back to the tray)
    rate_requested = Signal(str, object, object)
    #: a chip double-clicked or Enter pressed on it: show its card on the map
    activated = Signal(str)
    #: the chosen chip changed (its card id, "" for none)
    current_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opportunity-matrix-view")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumWidth(minimum_width(self.font()))
        self.chips: list[Chip] = []
        self.current = ""
        #: where everything is at the widget's size (``_arrange``)
        self.plan = MatrixLayout()
        #: the chips' wrapped words, kept between arrangements (``arrange``)
        self._words: LinesCache = {}
        #: card id -> chip
        self._by_id: dict[str, Chip] = {}
        self._press: tuple[str, QPointF] | None = None
        #: the chip being dragged: (card id, where the pointer holds it inside the chip, where the pointer is)
        self.drag: tuple[str, QPointF, QPointF] | None = None

    # --- data ------------------------------------------------------------------------------

    def set_chips(self, chips: list[Chip]) -> None:
        """Show these chips (in rank order); the chosen chip stays chosen while it is among them."""
        self.chips = list(chips)
        self._by_id = {chip.card_id: chip for chip in self.chips}
        if self.current and self.chip(self.current) is None:
            self.current = ""
            self.current_changed.emit("")
        if self.drag is not None and self.chip(self.drag[0]) is None:
            self.drag = self._press = None
        self._arrange()
        self.update()

    def chip(self, card_id: str) -> Chip | None:
        return self._by_id.get(card_id)

    def cell_of(self, card_id: str) -> tuple[int, int] | None:
        chip = self.chip(card_id)
        return chip.cell if chip is not None else None

    def tray_chips(self) -> list[Chip]:
        return [chip for chip in self.chips if chip.cell is None]

    def cell_chips(self, value: int, effort: int) -> list[Chip]:
        return [chip for chip in self.chips if chip.cell == (value, effort)]

    def set_current(self, card_id: str) -> None:
        """Choose a chip (the keyboard's); "" chooses none."""
        card_id = card_id if self.chip(card_id) is not None else ""
        if card_id != self.current:
            self.current = card_id
            self.current_changed.emit(card_id)
            self.update()
        if card_id in self.chip_rects:
            self._scroll_to(self.chip_rects[card_id].toAlignedRect())

    # --- geometry --------------------------------------------------------------------------

    @property
    def chip_rects(self) -> dict[str, QRectF]:
        """Card id -> where its chip is."""
        return self.plan.chip_rects

    @property
    def cell_rects(self) -> dict[tuple[int, int], QRectF]:
        """(value, effort) -> its cell."""
        return self.plan.cell_rects

    @property
    def tray(self) -> QRectF:
        return self.plan.tray

    def _arrange(self) -> None:
        self.plan = arrange(self.chips, float(max(self.width(), self.minimumWidth())), float(self.height()),
                            self.font(), self._words)
        if self.minimumHeight() != self.plan.needed:
            self.setMinimumHeight(self.plan.needed)  # more than the scroll area shows: it scrolls

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange()
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.LanguageChange):
            self._words.clear()  # measured in the old font, or "(no text)" in the old language
            self.setMinimumWidth(minimum_width(self.font()))
            self._arrange()
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, max(self.plan.needed, 360))

    # --- where things are -----------------------------------------------------------------------

    def chip_at(self, pos: QPointF) -> str:
        return self.plan.chip_at(pos, [chip.card_id for chip in self.chips])

    def target_at(self, pos: QPointF) -> tuple[int, int] | str | None:
        """Where a chip let go at ``pos`` goes: a cell (value, effort), "tray", or None (nowhere: it stays)."""
        return self.plan.target_at(pos)

    def drop(self, card_id: str, target: tuple[int, int] | str | None) -> bool:
        """A chip let go over ``target``: ask for the change when it is a new place (one step); False if none."""
        chip = self.chip(card_id)
        if chip is None or target is None or (target == "tray" and chip.cell is None):
            return False  # nowhere, or from the tray to the tray (a value alone, set in the Inspector, stays)
        value, effort = (None, None) if target == "tray" else target
        if chip.value == value and chip.effort == effort:
            return False
        self.rate_requested.emit(card_id, value, effort)
        return True

    def band_label(self, name: str) -> str:
        """A quadrant's name in the UI language, with how many chips it holds: "Quick wins · 3"."""
        return band_label(self.chips, name)

    def badge(self, card_id: str) -> str:
        """The votes as the chip shows them ("●●● 3"; "" without votes)."""
        return self.plan.lines.get(card_id, ([], ""))[1]

    # --- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.BAND_EVEN))
        self._paint_matrix(painter)
        self._paint_tray(painter)
        dragged = self.drag[0] if self.drag is not None else ""
        visible = QRectF(event.rect()).adjusted(-2, -2, 2, 2)
        for chip in self.chips:
            rect = self.chip_rects.get(chip.card_id)
            if rect is not None and rect.intersects(visible):
                self._paint_chip(painter, chip, rect, ghost_place=chip.card_id == dragged)
        if self.drag is not None:
            self._paint_drag(painter)
        painter.end()

    def _paint_matrix(self, painter: QPainter) -> None:
        text_font, bold, _small = fonts(self.font())
        cells = self.cell_rects
        if not cells:
            return
        for name, band, on_top in self.plan.bands:
            tint, edge = QUADRANT_TINTS[name]
            rows = [cells[(v, 1)] for v in (RATINGS[HIGH_FROM - 1:] if on_top else RATINGS[:HIGH_FROM - 1])]
            area = QRectF(band.x(), min(band.top(), *(r.top() for r in rows)), band.width(),
                          max(band.bottom(), *(r.bottom() for r in rows)) - min(band.top(), *(r.top() for r in rows)))
            painter.fillRect(area, QColor(tint))
            painter.setPen(QColor(palette.TEXT))
            painter.setFont(bold)
            label = self.band_label(name)
            inner = band.adjusted(8, 0, -8, 0)
            align = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignLeft if name in ("quick_win", "fill_in")
                                                     else Qt.AlignmentFlag.AlignRight)
            painter.drawText(inner, align, QFontMetricsF(bold).elidedText(label, Qt.TextElideMode.ElideRight,
                                                                          inner.width()))
            painter.setPen(QPen(QColor(edge), 3))
            y = band.top() + 1.5 if on_top else band.bottom() - 1.5
            painter.drawLine(QPointF(band.left() + 1, y), QPointF(band.right() - 1, y))
        target = self.target_at(self.drag[2]) if self.drag is not None else None
        painter.setPen(QPen(QColor(palette.GRID_LINE), 1))
        for rect in cells.values():
            painter.drawRect(rect)
        if isinstance(target, tuple):
            painter.fillRect(cells[target].adjusted(1, 1, -1, -1), QColor(0, 114, 178, 40))
            painter.setPen(QPen(QColor(palette.SELECTION), 2, Qt.PenStyle.DashLine))
            painter.drawRect(cells[target].adjusted(1, 1, -1, -1))
        # the middle lines, between 2 and 3
        painter.setPen(QPen(QColor(palette.MUTED_TEXT), 2))
        grid = self.plan.grid
        x = cells[(1, HIGH_FROM)].left()
        y = cells[(HIGH_FROM, 1)].bottom()
        painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
        painter.setPen(QPen(QColor(palette.GRID_LINE), 1))
        painter.drawRect(grid)
        painter.setPen(QColor(palette.MUTED_TEXT))
        painter.setFont(text_font)
        for value, rect in self.plan.value_labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        for effort, rect in self.plan.effort_labels:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(effort))
        painter.setFont(bold)
        painter.setPen(QColor(palette.TEXT))
        painter.drawText(self.plan.effort_title, Qt.AlignmentFlag.AlignCenter,
                         QFontMetricsF(bold).elidedText(_("Effort (low → high)"), Qt.TextElideMode.ElideRight,
                                                        self.plan.effort_title.width()))
        title = self.plan.value_title
        painter.save()
        painter.translate(title.left(), title.bottom())
        painter.rotate(-90)
        painter.drawText(QRectF(0, 0, title.height(), title.width()), Qt.AlignmentFlag.AlignCenter,
                         QFontMetricsF(bold).elidedText(_("Value (low → high)"), Qt.TextElideMode.ElideRight,
                                                        title.height()))
        painter.restore()

    def _paint_tray(self, painter: QPainter) -> None:
        _text, bold, small = fonts(self.font())
        tray = self.tray
        over = self.drag is not None and self.target_at(self.drag[2]) == "tray"
        painter.setPen(QPen(QColor(palette.SELECTION) if over else QColor(palette.GRID_LINE), 2 if over else 1,
                            Qt.PenStyle.DashLine))
        painter.setBrush(QColor(0, 114, 178, 30) if over else QColor(palette.BAND_ODD))
        painter.drawRoundedRect(tray, 4, 4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        count = len(self.tray_chips())
        painter.setFont(bold)
        painter.setPen(QColor(palette.TEXT))
        title = _("Not rated yet: {count}").format(count=count) if count else _("Not rated yet")
        heading = self.plan.tray_title
        painter.drawText(heading, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetricsF(bold).elidedText(title, Qt.TextElideMode.ElideRight, heading.width()))
        painter.setFont(small)
        painter.setPen(QColor(palette.MUTED_TEXT))
        if not count:
            painter.drawText(tray.adjusted(8, 4, -8, -4 - self.plan.hint_height),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             _("Drop a card here to clear its value and effort"))
        painter.drawText(self.plan.hint, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                         | Qt.TextFlag.TextWordWrap, hint())

    def _paint_chip(self, painter: QPainter, chip: Chip, rect: QRectF, ghost_place: bool = False) -> None:
        text_font, _bold, small = fonts(self.font())
        if ghost_place:  # where the dragged chip was: an outline
            painter.setPen(QPen(QColor(palette.MUTED_TEXT), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            return
        chosen = chip.card_id == self.current
        painter.setPen(QPen(QColor(palette.SELECTION if chosen else CHIP_EDGE), 2.5 if chosen else 1))
        painter.setBrush(QColor(CHIP_FILL))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        left = rect.left() + CHIP_PAD
        if chip.color:
            painter.fillRect(QRectF(rect.left() + 1.5, rect.top() + 1.5, STRIPE, rect.height() - 3),
                             QColor(chip.color))
            left += STRIPE
        lines, badge = self.plan.lines.get(chip.card_id, ([chip.text], ""))
        metrics = QFontMetricsF(text_font)
        painter.setFont(text_font)
        painter.setPen(QColor(palette.TEXT))
        y = rect.top() + CHIP_PAD
        for line in lines:
            painter.drawText(QRectF(left, y, rect.right() - left, metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            y += metrics.height()
        if badge:
            painter.setFont(small)
            painter.setPen(QColor(palette.MUTED_TEXT))
            painter.drawText(QRectF(left, rect.top() + CHIP_PAD, rect.right() - CHIP_PAD - left,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, badge)

    def _paint_drag(self, painter: QPainter) -> None:
        card_id, grip, pos = self.drag
        chip, rect = self.chip(card_id), self.chip_rects.get(card_id)
        if chip is None or rect is None:
            return
        ghost = QRectF(pos - grip, rect.size())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 60))  # a shadow: the chip is lifted off the matrix
        painter.drawRoundedRect(ghost.translated(3, 3), 3, 3)
        self._paint_chip(painter, chip, ghost)

    # --- the mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        card_id = self.chip_at(pos)
        self.set_current(card_id)
        self._press = (card_id, pos) if card_id else None
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self.drag is not None:
            self.drag = (self.drag[0], self.drag[1], pos)
            self._scroll_to(QRect(pos.toPoint(), QSize(1, 1)))
            self.update()
        elif self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            card_id, start = self._press
            if (pos - start).manhattanLength() >= QApplication.startDragDistance():
                self.drag = (card_id, start - self.chip_rects[card_id].topLeft(), pos)
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self.update()
        else:
            over = self.chip_at(pos)
            self.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.ArrowCursor)
            self.setToolTip(self.tooltip(over) if over else "")
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        drag, self.drag, self._press = self.drag, None, None
        self.unsetCursor()
        if drag is not None:
            self.drop(drag[0], self.target_at(event.position()))
        self.update()
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        card_id = self.chip_at(event.position())
        if card_id and event.button() == Qt.MouseButton.LeftButton:
            self._press = None
            self.activated.emit(card_id)
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    # --- the keyboard --------------------------------------------------------------------------

    def order(self) -> list[str]:
        """The chips in reading order: the matrix row by row from the top left, then the tray."""
        return reading_order(self.chips, self.chip_rects)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        arrows = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (1, 0), Qt.Key.Key_Down: (-1, 0)}
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = self._press = None
            self.unsetCursor()
            self.update()
            return
        if key in arrows and self.chips:
            if not self.current:
                self.set_current(self.order()[0])
            elif modifiers & Qt.KeyboardModifier.ControlModifier:
                self.move_current(*arrows[key])
            else:
                self._choose_towards(*arrows[key])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current:
            self.activated.emit(self.current)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current:
            self.drop(self.current, "tray")
            return
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.chips:
            order = self.order()
            self.set_current(order[0] if key == Qt.Key.Key_Home else order[-1])
            return
        super().keyPressEvent(event)

    def move_current(self, value_step: int, effort_step: int) -> bool:
        """Ctrl+arrow: the chosen chip one cell further (an unrated one enters in the middle, 3 × 3)."""
        chip = self.chip(self.current)
        if chip is None:
            return False
        if chip.cell is None:
            target = (chip.value or HIGH_FROM, chip.effort or HIGH_FROM)
        else:
            target = (min(5, max(1, chip.value + value_step)), min(5, max(1, chip.effort + effort_step)))
        return self.drop(chip.card_id, target)

    def _choose_towards(self, value_step: int, effort_step: int) -> None:
        """An arrow: the next chip that way in the same row (or column) of the matrix, else the nearest that way."""
        chip = self.chip(self.current)
        found = next_towards(self.chips, self.chip_rects, chip, effort_step, -value_step) if chip else ""
        if found:  # none that way: the chosen one stays chosen
            self.set_current(found)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab and Shift+Tab go from chip to chip, and on to the next widget after the last one."""
        order = self.order()
        if self.hasFocus() and order:
            index = order.index(self.current) if self.current in order else (-1 if forward else len(order))
            index += 1 if forward else -1
            if 0 <= index < len(order):
                self.set_current(order[index])
                return True
        return super().focusNextPrevChild(forward)

    def tooltip(self, card_id: str) -> str:
        """The chip's whole text and what it stands for (``chip_tooltip``); "" for no chip."""
        chip = self.chip(card_id)
        return chip_tooltip(chip) if chip is not None else ""

    def _scroll_to(self, rect: QRect) -> None:
        """Keep ``rect`` in view of the scroll area the matrix sits in (a drag near its edge scrolls it)."""
        parent = self.parentWidget()
        area = parent.parentWidget() if parent is not None else None
        if isinstance(area, QScrollArea):
            center = rect.center()
            area.ensureVisible(center.x(), center.y(), rect.width() // 2 + 16, rect.height() // 2 + 16)
