"""Graphics items of the canvas: the grid, the header bars, cards and the emotion curve.

Items only paint what the layout computed and report gestures to the scene;
they never change the map themselves.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from app.i18n import _
from app.layout import (
    CardBox,
    EmotionMark,
    HeaderBox,
    PersonaLayout,
    Rect,
    Style,
    curve_runs,
    emotion_axis,
    palette,
    smooth_curve,
)
from app.model import SCORES
from app.ui.fonts import draw_line_bars, draw_lines

if TYPE_CHECKING:
    # Only for annotations: importing QStyle makes PySide build its dozen enums (10 ms of start-up).
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from app.ui.scene import JourneyScene

Z_GRID = 0
Z_CARD = 10
Z_CURVE = 5
Z_POINT = 20
Z_DRAGGED = 50
Z_EDITOR = 60
Z_LANE_BAR = 80
Z_PHASE_BAR = 90
Z_CORNER = 100
#: points the grid's bounds reach below the map, so rows growing do not change them
GRID_SLACK = 240


def add_hint_item(text_size: float) -> QGraphicsSimpleTextItem:
    """A faint "+ card" where a new card would go, shown under the pointer in an empty part of a cell."""
    hint = QGraphicsSimpleTextItem()
    hint.setText(_("+ card"))
    font = QFont(hint.font())
    font.setPointSizeF(text_size)
    hint.setFont(font)
    hint.setBrush(QColor("#9A9A9A"))
    hint.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    hint.setZValue(5)
    hint.hide()
    return hint


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def roomy_bounds(bounds: QRectF, content: QRectF, horizontal: bool) -> QRectF | None:
    """New bounds for ``content`` with room to grow along one axis, or None if ``bounds`` still fit.

    A geometry change repaints a whole item, so bars and the grid keep bounds a little larger
    than what they show (like the scene rect): a row that grows does not change them.
    """
    if horizontal:
        length, room, across = content.width(), bounds.width(), content.height() == bounds.height()
    else:
        length, room, across = content.height(), bounds.height(), content.width() == bounds.width()
    if content.topLeft() == bounds.topLeft() and across and length <= room <= length + 2 * GRID_SLACK:
        return None
    return content.adjusted(0, 0, GRID_SLACK, 0) if horizontal else content.adjusted(0, 0, 0, GRID_SLACK)


def changed_area(before: Rect | None, after: Rect | None) -> QRectF:
    """What must be repainted when a band changes from ``before`` to ``after``.

    A band that only grows or shrinks at its bottom (a card added to its lane) keeps its top,
    its fill and its text: only the strip between the two bottoms changes. At 100 % a lane
    can be taller than the view, so repainting all of it would repaint the whole view.
    """
    if before is not None and after is not None and (before.x, before.y, before.w) == (after.x, after.y, after.w):
        low, high = sorted((before.bottom, after.bottom))
        return QRectF(after.x, low, after.w, high - low).adjusted(0, -2, 0, 2)
    area = QRectF()
    for rect in (before, after):
        if rect is not None:
            area = area.united(qrect(rect))
    return area


def dashed_outline(rect: QRectF, dash: float, gap: float, within: QRectF | None = None) -> list[QLineF]:
    """A rectangle's outline as dashes, each side starting with a dash at its top or left end.

    Qt's own dashed pens start the pattern where the clipped stroke starts, so a partial
    repaint could shift the dashes against the ones left on screen; fixed segments cannot.
    Sides run down and right, so a cell that grows at the bottom keeps its dashes above.
    With ``within``, only the dashes that reach into it are made (the same ones, in the same places).
    """
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    period = dash + gap
    lines = []
    # (fixed coordinate, start, end along the side, horizontal)
    for fixed, start, end, horizontal in (
        (top, left, right, True), (bottom, left, right, True), (left, top, bottom, False), (right, top, bottom, False),
    ):
        first, last = start, end
        if within is not None:
            low, high = (within.top(), within.bottom()) if horizontal else (within.left(), within.right())
            if not low <= fixed <= high:
                continue
            low, high = (within.left(), within.right()) if horizontal else (within.top(), within.bottom())
            first, last = max(start, low), min(end, high)
            if first > last:
                continue
        # The first dash that ends at or after ``first``, on the side's fixed pattern.
        k = max(0, int((first - start - dash) // period))
        position = start + k * period
        while position < end and position <= last:
            stop = min(position + dash, end)
            if horizontal:
                lines.append(QLineF(position, fixed, stop, fixed))
            else:
                lines.append(QLineF(fixed, position, fixed, stop))
            position = start + (k := k + 1) * period
    return lines


def star_polygon(cx: float, cy: float, outer: float) -> QPolygonF:
    import math

    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else outer * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return QPolygonF(points)


class GridItem(QGraphicsItem):
    """Cell backgrounds, alternating lane bands and thin cell borders, all in one item."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_GRID)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        # Paint is told the exposed part, so a small repaint fills a few cells, not the whole grid.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.layout: PersonaLayout | None = None
        self.current_cell: tuple[str, str] | None = None
        self._bounds = QRectF()
        self._row_tops: list[float] = []
        self._col_lefts: list[float] = []

    def set_layout(self, layout: PersonaLayout) -> None:
        """Take new cells and repaint only the cells that moved, grew or went.

        A card that makes its row taller moves the rows below it, not the ones above:
        repainting the whole grid would repaint the whole view on every such edit.
        """
        old = self.layout
        self.layout = layout
        # Row and column edges, so a paint finds the exposed cells by bisection, not by testing each.
        self._row_tops = [h.rect.y for h in layout.lane_headers]
        self._col_lefts = [h.rect.x for h in layout.phase_headers]
        grown = roomy_bounds(self._bounds, QRectF(0, 0, layout.width, layout.height), horizontal=False)
        if grown is not None:
            self.prepareGeometryChange()
            self._bounds = grown
            return
        if old is None:
            self.update()
            return
        changed = self._changed_rows(old, layout)
        if changed is None:  # other phases or lanes: compare cell by cell
            changed = QRectF()
            for key in old.cells.keys() | layout.cells.keys():
                before, after = old.cells.get(key), layout.cells.get(key)
                if before != after:
                    changed = changed.united(changed_area(before, after))
        if not changed.isEmpty():
            self.update(changed.adjusted(-2, -2, 2, 2))

    @staticmethod
    def _changed_rows(old: PersonaLayout, layout: PersonaLayout) -> QRectF | None:
        """What changed between two layouts of the same columns and lanes, row by row (a cell is
        its column's span of its lane's band), or None when the columns or lanes differ."""
        columns = [(h.item_id, h.rect.x, h.rect.w) for h in layout.phase_headers]
        if (
            not columns
            or columns != [(h.item_id, h.rect.x, h.rect.w) for h in old.phase_headers]
            or [h.item_id for h in layout.lane_headers] != [h.item_id for h in old.lane_headers]
        ):
            return None
        left = layout.phase_headers[0].rect.x
        width = layout.phase_headers[-1].rect.right - left
        changed = QRectF()
        for before, after in zip(old.lane_headers, layout.lane_headers, strict=True):
            b, a = before.rect, after.rect
            if (b.y, b.h) != (a.y, a.h):
                changed = changed.united(changed_area(Rect(left, b.y, width, b.h), Rect(left, a.y, width, a.h)))
        return changed

    def set_current_cell(self, cell: tuple[str, str] | None) -> None:
        if cell != self.current_cell:
            old = self.current_cell
            self.current_cell = cell
            for changed in (old, cell):
                if self.layout is not None and changed in self.layout.cells:
                    self.update(qrect(self.layout.cells[changed]).adjusted(-2, -2, 2, 2))

    def boundingRect(self) -> QRectF:
        return self._bounds.adjusted(-2, -2, 2, 2)

    def cells_rect(self) -> QRectF:
        """The area the cells fill edge to edge (the scene's background need not paint under it)."""
        layout = self.layout
        if layout is None or not layout.lane_headers or not layout.phase_headers:
            return QRectF()
        left, right = layout.phase_headers[0].rect.x, layout.phase_headers[-1].rect.right
        top, bottom = layout.lane_headers[0].rect.y, layout.lane_headers[-1].rect.bottom
        return QRectF(left, top, right - left, bottom - top)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        layout = self.layout
        if layout is None or not layout.lane_headers or not layout.phase_headers:
            return
        exposed = option.exposedRect
        first_row = max(0, bisect_right(self._row_tops, exposed.top()) - 1)
        last_row = bisect_right(self._row_tops, exposed.bottom())
        first_col = max(0, bisect_right(self._col_lefts, exposed.left()) - 1)
        last_col = bisect_right(self._col_lefts, exposed.right())
        lanes = layout.lane_headers[first_row:last_row]
        phases = layout.phase_headers[first_col:last_col]
        if not lanes or not phases:
            return
        even, odd = QColor(palette.BAND_EVEN), QColor(palette.BAND_ODD)
        left, right = phases[0].rect.x, phases[-1].rect.right
        top, bottom = lanes[0].rect.y, lanes[-1].rect.bottom
        # Cells of a lane are as tall as the lane: one band per lane, then the borders in one call.
        lines = [QLineF(left, bottom, right, bottom)]
        for row, lane in enumerate(lanes, start=first_row):
            painter.fillRect(QRectF(left, lane.rect.y, right - left, lane.rect.h), odd if row % 2 else even)
            lines.append(QLineF(left, lane.rect.y, right, lane.rect.y))
        for phase in phases:
            lines.append(QLineF(phase.rect.x, top, phase.rect.x, bottom))
        lines.append(QLineF(right, top, right, bottom))
        # A cosmetic pen is one device pixel at any zoom (0.75 pt is about that at 100 %) and
        # takes the raster engine's fast line path instead of stroking outlines. Unsmoothed,
        # a line drawn again by a later partial repaint comes out the same, not darker.
        pen = QPen(QColor(palette.GRID_LINE), 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.current_cell in layout.cells:
            area = qrect(layout.cells[self.current_cell]).adjusted(1.5, 1.5, -1.5, -1.5)
            painter.setPen(QPen(QColor(palette.SELECTION), 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawLines(dashed_outline(area, dash=10, gap=5, within=exposed.adjusted(-3, -3, 3, 3)))


class HeaderBarItem(QGraphicsItem):
    """A pinned bar of headers along one axis; drag a header to reorder, double-click to rename.

    Subclasses say which axis they run along and how a header is painted; the
    scene methods that move and rename what they show are handed in.
    """

    horizontal = True

    def __init__(self, scene: JourneyScene, z: float, move, rename) -> None:
        super().__init__()
        self.journey_scene = scene
        self.move = move
        self.rename = rename
        self.setZValue(z)
        # Paint is told the exposed part, so a repaint of a few headers draws only those.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.headers: list[HeaderBox] = []
        self._bounds = QRectF()
        self.drag_from: int | None = None
        self.drop_at: float | None = None

    def set_headers(self, headers: list[HeaderBox], start: float) -> None:
        """Take new headers and repaint only those that changed.

        The bounds reach past the last header with room to grow (clicks there pass through),
        so a row that grows taller repaints the headers below it, not the whole bar.
        """
        old = self.headers
        self.headers = headers
        if not headers:
            content = QRectF()
        elif self.horizontal:
            content = QRectF(start, 0, headers[-1].rect.right - start, headers[0].rect.h)
        else:
            content = QRectF(0, start, headers[0].rect.w, headers[-1].rect.bottom - start)
        grown = roomy_bounds(self._bounds, content, self.horizontal)
        if grown is not None:
            self.prepareGeometryChange()
            self._bounds = grown
            return
        changed = QRectF()
        for i in range(max(len(old), len(headers))):
            before = old[i] if i < len(old) else None
            after = headers[i] if i < len(headers) else None
            if before != after:
                same_text = before is not None and after is not None and before.lines == after.lines \
                    and before.sub_lines == after.sub_lines and before.item_id == after.item_id
                if same_text:
                    changed = changed.united(changed_area(before.rect, after.rect))
                else:
                    for header in (before, after):
                        if header is not None:
                            changed = changed.united(qrect(header.rect))
        if not changed.isEmpty():
            self.update(changed.adjusted(-3, -3, 3, 3))

    def boundingRect(self) -> QRectF:
        return self._bounds.adjusted(-3, 0, 3, 0) if self.horizontal else self._bounds.adjusted(0, -3, 0, 3)

    def _along(self, point: QPointF) -> float:
        return point.x() if self.horizontal else point.y()

    def _span(self, header: HeaderBox) -> tuple[float, float]:
        r = header.rect
        return (r.x, r.w) if self.horizontal else (r.y, r.h)

    def header_at(self, position: float) -> int | None:
        for i, header in enumerate(self.headers):
            start, length = self._span(header)
            if start <= position < start + length:
                return i
        return None

    def drop_index(self, position: float) -> int:
        """Insertion index (0..n) nearest to a position along the bar."""
        for i, header in enumerate(self.headers):
            start, length = self._span(header)
            if position < start + length / 2:
                return i
        return len(self.headers)

    def exposed_headers(self, option: QStyleOptionGraphicsItem) -> list[HeaderBox]:
        """The headers a repaint reaches (with a margin for their border lines)."""
        exposed = option.exposedRect.adjusted(-2, -2, 2, 2)
        return [h for h in self.headers if exposed.intersects(qrect(h.rect))]

    def paint_drop_line(self, painter: QPainter) -> None:
        if self.drop_at is None:
            return
        painter.setPen(QPen(QColor(palette.MOMENT_OF_TRUTH), 4))
        if self.horizontal:
            painter.drawLine(QPointF(self.drop_at, 0), QPointF(self.drop_at, self._bounds.height()))
        else:
            painter.drawLine(QPointF(0, self.drop_at), QPointF(self._bounds.width(), self.drop_at))

    def mousePressEvent(self, event) -> None:
        index = self.header_at(self._along(event.pos()))
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.drag_from = index
            event.accept()
        else:
            event.ignore()  # past the last header: the canvas below takes the click

    def mouseMoveEvent(self, event) -> None:
        if self.drag_from is None:
            return
        index = self.drop_index(self._along(event.pos()))
        if index < len(self.headers):
            self.drop_at = self._span(self.headers[index])[0]
        else:
            start, length = self._span(self.headers[-1])
            self.drop_at = start + length
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self.drag_from is not None and self.drop_at is not None:
            target = self.drop_index(self._along(event.pos()))
            new_index = target - 1 if target > self.drag_from else target
            if new_index != self.drag_from:
                self.move(self.headers[self.drag_from].item_id, new_index)
        self.drag_from = None
        self.drop_at = None
        self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.header_at(self._along(event.pos()))
        if index is not None:
            self.rename(self.headers[index].item_id)


class PhaseBarItem(HeaderBarItem):
    """The row of phase headers; pinned to the top of the view while scrolling."""

    horizontal = True

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene, Z_PHASE_BAR, scene.move_phase, scene.request_rename_phase)
        #: the phase a walk through the journey shows (app.ui.workshop.walk): the other headers are dimmed
        self.focused: str | None = None

    def set_focused(self, phase_id: str | None) -> None:
        if phase_id != self.focused:
            self.focused = phase_id
            self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self.journey_scene.style
        last = self.headers[-1].item_id if self.headers else None
        # One device pixel more at the far end covers the grid's right border where cells scroll
        # under the pinned bar: it showed as a stray grey line right of the headers.
        device_pixel = 1 / max(painter.worldTransform().m11(), 1e-6)
        for header in self.exposed_headers(option):
            area = qrect(header.rect)
            if header.item_id == last:
                painter.fillRect(area.adjusted(0, 0, device_pixel, 0), QColor(palette.HEADER_FILL))
            else:
                painter.fillRect(area, QColor(palette.HEADER_FILL))
                painter.setPen(QPen(QColor("#FFFFFF"), 1))
                painter.drawLine(area.topRight(), area.bottomRight())
            pad = style.header_padding
            bottom = draw_lines(
                painter, area.x() + pad, area.y() + pad, header.lines, style.header_size,
                QColor(palette.HEADER_TEXT), bold=True,
            )
            draw_lines(
                painter, area.x() + pad, bottom + 4, header.sub_lines, style.goal_size, QColor(palette.HEADER_SUB_TEXT)
            )
            if self.focused is not None and header.item_id != self.focused:
                painter.fillRect(area, QColor(250, 250, 250, 150))  # dimmed while another phase is walked to
        self.paint_drop_line(painter)


class LaneBarItem(HeaderBarItem):
    """The column of lane headers; pinned to the left of the view while scrolling."""

    horizontal = False

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene, Z_LANE_BAR, scene.move_lane, scene.request_rename_lane)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self.journey_scene.style
        kinds = self.journey_scene.lane_kinds()
        for header in self.exposed_headers(option):
            area = qrect(header.rect)
            painter.fillRect(area, QColor(palette.LANE_HEADER_FILL))
            _fill, edge = palette.card_colors(kinds.get(header.item_id, "notes"))
            painter.fillRect(QRectF(area.x(), area.y(), 6, area.height()), QColor(edge))
            painter.setPen(QPen(QColor(palette.GRID_LINE), 0.75))
            painter.drawLine(area.bottomLeft(), area.bottomRight())
            pad = style.header_padding
            draw_lines(
                painter, area.x() + pad + 4, area.y() + pad, header.lines, style.header_size,
                QColor(palette.TEXT), bold=True,
            )
        self.paint_drop_line(painter)


class CornerItem(QGraphicsItem):
    """The top-left corner: the persona's name, above the lane headers, pinned both ways."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__()
        self.journey_scene = scene
        self.setZValue(Z_CORNER)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.rect = QRectF()
        self.lines: list[str] = []
        self.color = QColor(palette.HEADER_FILL)

    def set_content(self, rect: Rect, lines: list[str], color: str) -> None:
        self.prepareGeometryChange()
        self.rect = qrect(rect)
        self.lines = lines
        self.color = QColor(color)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        style = self.journey_scene.style
        painter.fillRect(self.rect, QColor(palette.HEADER_FILL))
        painter.fillRect(QRectF(self.rect.x(), self.rect.bottom() - 6, self.rect.width(), 6), self.color)
        draw_lines(
            painter, self.rect.x() + style.header_padding, self.rect.y() + style.header_padding,
            self.lines, style.header_size, QColor(palette.HEADER_TEXT), bold=True,
        )


class CardRowItem(QGraphicsRectItem):
    """Holds the cards of one lane: a row that moves because a row above grew moves as one item.

    A card added to a lane makes it taller and every row below moves down. Moving each card
    cost a call per card below the edit; moving the rows costs one per row, and Qt shifts the
    cards' cached pixmaps with them. Cards are children, placed relative to their row (see
    ``CardMirror.place``); the row draws nothing and is never hit.
    """

    def __init__(self, lane_id: str, base: float) -> None:
        super().__init__()  # an empty rect and no pen: no bounds, no paint, no Python call per repaint
        self.lane_id = lane_id
        #: scene y the row's offset is counted from (its top when it was made or last re-based)
        self.base = base
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setPen(Qt.PenStyle.NoPen)
        self.setZValue(Z_CARD)


#: a card's flags, combined once (a paste makes thousands of cards)
_CARD_FLAGS = (
    QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
)


class CardItem(QGraphicsRectItem):
    """A sticky note: fill by lane kind (or its own colour), wrapped text, a caption line, marks.

    A rect item, so Qt keeps the bounds itself: the view asks every card for them on every
    repaint, and a Python ``boundingRect`` cost a call into Python per card (about 1 ms for
    the 500 cards of a persona, on every edit). A card is a child of its lane's
    :class:`CardRowItem`: ``pos()`` is relative to the row, ``scenePos()`` is its place on the map.
    """

    def __init__(self, scene: JourneyScene, card_id: str) -> None:
        super().__init__()
        self.journey_scene = scene
        self.card_id = card_id
        #: the box the card was last drawn from: its text, size and marks (its place may be older)
        self.shown: CardBox | None = None
        self.fill = QColor("#FFFFFF")
        self.edge = QColor("#BDBDBD")
        self.setFlags(_CARD_FLAGS)
        self.setZValue(Z_CARD)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        # Cards are painted once into a pixmap at the current zoom and then copied: panning and
        # rows that move below an edit cost a copy, not text layout and antialiased shapes.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setPen(Qt.PenStyle.NoPen)  # the rect is only the bounds: paint() draws the card
        self.updates = 0

    @property
    def box(self) -> CardBox | None:
        """The card's box in the scene's current layout (where it is on the map, in points)."""
        return self.journey_scene.layout.cards.get(self.card_id)

    def set_box(self, box: CardBox, fill: str, edge: str) -> None:
        """Take new content and size; a card that looks the same is not painted again (its cache is kept).

        The scene places the card (``CardMirror.place``).
        """
        self.updates += 1
        old = self.shown
        fill_color, edge_color = QColor(fill), QColor(edge)
        if old is None or (box.rect.w, box.rect.h) != (old.rect.w, old.rect.h):
            self.setRect(self.journey_scene.card_bounds(box.rect.w, box.rect.h))
        same_look = (
            old is not None
            and (box.rect.w, box.rect.h) == (old.rect.w, old.rect.h)
            and (box.lines, box.caption_lines, box.severity, box.moment_of_truth)
            == (old.lines, old.caption_lines, old.severity, old.moment_of_truth)
            and (fill_color, edge_color) == (self.fill, self.edge)
        )
        self.shown = box
        self.fill, self.edge = fill_color, edge_color
        if not same_look:
            self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        if self.shown is not None:
            path.addRect(QRectF(0, 0, self.shown.rect.w, self.shown.rect.h))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        shown = self.shown
        if shown is None:
            return
        style: Style = self.journey_scene.style
        w, h = shown.rect.w, shown.rect.h
        selected = self.isSelected()  # what Qt's State_Selected says, without the QStyle enums
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 28))
        painter.drawRoundedRect(QRectF(1.5, 2, w, h), 4, 4)
        painter.setBrush(QBrush(self.fill))
        painter.setPen(QPen(QColor(palette.SELECTION), 2.5) if selected else QPen(self.edge, 1.0))
        painter.drawRoundedRect(QRectF(0, 0, w, h), 4, 4)
        pad = style.card_padding
        # Level of detail: below ~3 px a glyph is noise, and bars draw ten times faster.
        readable = option.levelOfDetailFromTransform(painter.worldTransform()) * style.text_size >= 3.0
        draw = draw_lines if readable else draw_line_bars
        bottom = draw(painter, pad, pad, shown.lines, style.text_size, QColor(palette.TEXT))
        if shown.caption_lines:
            draw(painter, pad, bottom + 4, shown.caption_lines, style.caption_size, QColor(palette.MUTED_TEXT))
        if shown.moment_of_truth:
            painter.setPen(QPen(QColor("#8A5A00"), 0.8))
            painter.setBrush(QColor(palette.MOMENT_OF_TRUTH))
            painter.drawPolygon(star_polygon(w - 10, 10, 7))

    def mousePressEvent(self, event) -> None:
        self.journey_scene.card_pressed(self)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        self.journey_scene.cards_dragging(event.scenePos())

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        self.journey_scene.cards_dropped(event.scenePos())

    def mouseDoubleClickEvent(self, event) -> None:
        self.journey_scene.edit_card(self.card_id)


class DropIndicatorItem(QGraphicsItem):
    """The line that shows where dragged cards will land."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_DRAGGED + 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.line = QRectF()
        self.setVisible(False)

    def show_at(self, x: float, y: float, width: float) -> None:
        self.prepareGeometryChange()
        self.line = QRectF(x, y - 2, width, 4)
        self.setVisible(True)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.line.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.fillRect(self.line, QColor(palette.SELECTION))


class EmotionCurveItem(QGraphicsItem):
    """The zero line, the smooth curve through the persona's points, and the gaps to click."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__()
        self.journey_scene = scene
        self.setZValue(Z_CURVE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.marks: list[EmotionMark] = []
        self.lane_rect = QRectF()
        self.zero_y = 0.0
        self.step = 0.0

    def set_curve(self, marks: list[EmotionMark], lane_rect: QRectF, zero_y: float, step: float) -> None:
        """Take new marks; when only scores changed, repaint only the stretch of curve they bend."""
        old = self.marks
        same_frame = (lane_rect, zero_y, step) == (self.lane_rect, self.zero_y, self.step) and len(old) == len(marks)
        changed = [i for i, (a, b) in enumerate(zip(old, marks, strict=False)) if a != b] if same_frame else []
        if not same_frame:
            self.prepareGeometryChange()
        self.marks, self.lane_rect, self.zero_y, self.step = marks, lane_rect, zero_y, step
        if not same_frame:
            self.update()
        elif changed:
            # A smooth segment depends on the two points either side of it.
            left = marks[max(0, changed[0] - 2)].x - 16
            right = marks[min(len(marks) - 1, changed[-1] + 2)].x + 16
            self.update(QRectF(left, lane_rect.top(), right - left, lane_rect.height()))

    def boundingRect(self) -> QRectF:
        return self.lane_rect

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene = self.journey_scene
        axis = emotion_axis(scene.layout, scene.style, scene.metrics)
        left = axis.lines_left if axis is not None else self.lane_rect.left()
        right = self.lane_rect.right()
        for score in (score for score in SCORES if score):  # the zero line is drawn dashed below
            y = self.zero_y - score * self.step
            painter.setPen(QPen(QColor("#E4E4E4"), 0.75, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(QPen(QColor("#9A9A9A"), 1.2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(left, self.zero_y), QPointF(right, self.zero_y))
        for _score, text, rect in axis.labels if axis is not None else ():
            draw_lines(painter, rect.x, rect.y, [text], scene.style.caption_size, QColor(palette.MUTED_TEXT))
        runs = curve_runs(self.marks)
        painter.setPen(QPen(QColor("#3C3C3C"), 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for points in runs:
            path = QPainterPath(QPointF(*points[0]))
            for _start, c1, c2, end in smooth_curve(points):
                path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
            painter.drawPath(path)
        painter.setPen(QPen(QColor("#B0B0B0"), 1.2, Qt.PenStyle.DashLine))
        for mark in self.marks:
            if mark.score is None:
                painter.drawEllipse(QPointF(mark.x, mark.y), 11, 11)
                painter.drawLine(QPointF(mark.x - 5, mark.y), QPointF(mark.x + 5, mark.y))
                painter.drawLine(QPointF(mark.x, mark.y - 5), QPointF(mark.x, mark.y + 5))


class EmotionPointItem(QGraphicsItem):
    """One point of the curve: a face coloured by score with its label; drag up or down to rescore."""

    def __init__(self, scene: JourneyScene, phase_id: str) -> None:
        super().__init__()
        self.journey_scene = scene
        self.phase_id = phase_id
        self.mark: EmotionMark | None = None
        self.setZValue(Z_POINT)
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.press_y: float | None = None
        self.radius = scene.style.emotion_radius

    def set_mark(self, mark: EmotionMark) -> None:
        self.prepareGeometryChange()
        self.mark = mark
        self.setPos(mark.x, mark.y)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-100, -self.radius - 2, 200, 2 * self.radius + 34)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius + 4, self.radius + 4)
        return path

    def live_score(self) -> int:
        return self.journey_scene.layout.score_at(self.pos().y())

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.mark is None or self.mark.score is None:
            return
        score = self.live_score() if self.press_y is not None else self.mark.score
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius
        painter.setPen(QPen(QColor("#2A2A2A"), 1.2))
        painter.setBrush(QColor(palette.EMOTION_COLORS[score]))
        painter.drawEllipse(QPointF(0, 0), r, r)
        # A face, so the score reads without colour: eyes and a mouth curved by the score.
        painter.setBrush(QColor("#1A1A1A"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(-4, -3.5), 1.6, 1.6)
        painter.drawEllipse(QPointF(4, -3.5), 1.6, 1.6)
        painter.setPen(QPen(QColor("#1A1A1A"), 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        mouth = QPainterPath(QPointF(-5, 4.5 - score * 0.6))
        mouth.quadTo(QPointF(0, 4.5 + score * 1.8), QPointF(5, 4.5 - score * 0.6))
        painter.drawPath(mouth)
        style = self.journey_scene.style
        lines = self.mark.label_lines
        if lines:
            metrics = self.journey_scene.metrics
            y = r + 4
            for line in lines:
                width = metrics.width(line, style.emotion_label_size)
                painter.fillRect(
                    QRectF(-width / 2 - 3, y - 1, width + 6, style.line_height(style.emotion_label_size) + 1),
                    QColor(255, 255, 255, 215),
                )
                draw_lines(painter, -width / 2, y, [line], style.emotion_label_size, QColor(palette.TEXT))
                y += style.line_height(style.emotion_label_size)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and self.mark is not None:
            # Only up and down, within the lane.
            layout = self.journey_scene.layout
            top = layout.zero_y - 2 * layout.score_step
            bottom = layout.zero_y + 2 * layout.score_step
            return QPointF(self.mark.x, max(top, min(bottom, value.y())))
        return super().itemChange(change, value)

    def mousePressEvent(self, event) -> None:
        self.press_y = self.pos().y()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if self.press_y is None:
            return
        self.press_y = None
        self.journey_scene.emotion_dragged(self.phase_id, self.live_score())

    def mouseDoubleClickEvent(self, event) -> None:
        self.journey_scene.edit_emotion(self.phase_id)
