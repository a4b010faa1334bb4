"""What the compare view draws over a map: the mark of a card that differs, and the other version's curve.

A mark is never colour alone (a map is often printed or read in greyscale): each
kind has its own outline (solid and thick for a new card, dotted for a changed
one, dashed for a removed one) and a word on a badge at the card's top edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from app.i18n import N_, _
from app.layout import palette
from app.ui.fonts import QtTextMetrics, draw_lines
from app.ui.items import Z_CARD, Z_CURVE


@dataclass(frozen=True)
class MarkKind:
    word: str
    #: dark enough for the badge's white word (contrast at least 4.5:1); Okabe-Ito hues
    color: str
    line: Qt.PenStyle
    width: float


KINDS: dict[str, MarkKind] = {
    "added": MarkKind(N_("new"), "#00745A", Qt.PenStyle.SolidLine, 3.0),
    "changed": MarkKind(N_("changed"), "#005A96", Qt.PenStyle.DotLine, 2.2),
    "removed": MarkKind(N_("removed"), "#A13F00", Qt.PenStyle.DashLine, 1.6),
}
#: the badge's word, in points (card text is 10 pt, captions 8 pt)
BADGE_SIZE = 8.0
#: how far the outline stands outside the card: inside the 8 pt gap between cards
OUTLINE_GAP = 2.5
#: the width of the halo around the mark of the change chosen in the list
HALO = 3.0
#: the opacity of a removed card, drawn where it was as a ghost
GHOST_OPACITY = 0.45
#: above the cards, below the header bars that stay pinned over them
Z_MARK = Z_CARD + 1
Z_OTHER_CURVE = Z_CURVE + 1

_metrics: QtTextMetrics | None = None


def _text_width(text: str) -> float:
    global _metrics
    if _metrics is None:
        _metrics = QtTextMetrics()
    return _metrics.width(text, BADGE_SIZE, True)


class CardMark(QGraphicsItem):
    """The outline and badge of one card that differs; its tooltip says how (for a changed card, which fields)."""

    def __init__(self, card_id: str, kind: str, card_rect: QRectF, tooltip: str = "") -> None:
        super().__init__()
        self.card_id = card_id
        self.kind = kind
        self.card_rect = QRectF(card_rect)
        self.word = _(KINDS[kind].word)
        width, height = badge_size(self.word)
        # Straddling the card's top edge, in from its left corner: the 8 pt above a card (cell padding
        # or the gap to the card above) holds its upper half, and the card's text starts below it.
        self.badge = QRectF(card_rect.left() + 8, card_rect.top() - height / 2, width, height)
        #: the mark of the change chosen in the list: drawn with a halo, so the eye finds it
        self.current = False
        self.setZValue(Z_MARK)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if tooltip:
            self.setToolTip(tooltip)

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self.update()

    def boundingRect(self) -> QRectF:
        margin = OUTLINE_GAP + KINDS[self.kind].width + HALO
        return self.card_rect.adjusted(-margin, -margin, margin, margin).united(self.badge.adjusted(-1, -1, 1, 1))

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())  # the whole card shows the tooltip, not only the outline
        return path

    def paint(self, painter: QPainter, option, widget=None) -> None:
        kind = KINDS[self.kind]
        color = QColor(kind.color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.current:
            halo = QColor(palette.SELECTION)
            halo.setAlpha(90)
            painter.setPen(QPen(halo, 2 * HALO))
            around = OUTLINE_GAP + HALO
            painter.drawRoundedRect(self.card_rect.adjusted(-around, -around, around, around), 6, 6)
        painter.setPen(QPen(color, kind.width, kind.line, Qt.PenCapStyle.FlatCap))
        painter.drawRoundedRect(self.card_rect.adjusted(-OUTLINE_GAP, -OUTLINE_GAP, OUTLINE_GAP, OUTLINE_GAP), 5, 5)
        paint_badge(painter, self.badge, self.word, color)


def badge_size(word: str) -> tuple[float, float]:
    return _text_width(word) + 8, BADGE_SIZE * 1.5


def paint_badge(painter: QPainter, badge: QRectF, word: str, color: QColor) -> None:
    """A word on a filled badge with a white rim, so it stands out on a card, a cell or a dark header."""
    painter.setPen(QPen(QColor("#FFFFFF"), 1.0))
    painter.setBrush(color)
    painter.drawRoundedRect(badge, 3, 3)
    draw_lines(painter, badge.left() + 4, badge.top() + (badge.height() - BADGE_SIZE * 1.25) / 2, [word],
               BADGE_SIZE, QColor("#FFFFFF"), bold=True)


class HeaderMark(QGraphicsItem):
    """The mark of a phase or lane that differs: its outline inside the header and a badge (a phase's straddles
    the header's bottom edge at its right end, a lane's sits in the header's bottom-left corner, below its name).

    A child of the header bar, so it stays with the header when the bar is pinned to the view's edge.
    """

    def __init__(self, item_id: str, kind: str, rect: QRectF, horizontal: bool, tooltip: str = "") -> None:
        super().__init__()
        self.item_id = item_id
        self.kind = kind
        self.header_rect = QRectF(rect)
        self.word = _(KINDS[kind].word)
        width, height = badge_size(self.word)
        if horizontal:
            self.badge = QRectF(rect.right() - width - 8, rect.bottom() - height / 2, width, height)
        else:
            self.badge = QRectF(rect.left() + 14, rect.bottom() - height - 6, width, height)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        if tooltip:
            self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:
        return self.header_rect.united(self.badge.adjusted(-1, -1, 1, 1))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        kind = KINDS[self.kind]
        color = QColor(kind.color)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = 2 + kind.width / 2
        outline = self.header_rect.adjusted(inset, inset, -inset, -inset)
        painter.setPen(QPen(QColor("#FFFFFF"), kind.width + 2))  # a rim: the mark shows on the dark phase bar
        painter.drawRect(outline)
        painter.setPen(QPen(color, kind.width, kind.line, Qt.PenCapStyle.FlatCap))
        painter.drawRect(outline)
        paint_badge(painter, self.badge, self.word, color)


class OtherCurveItem(QGraphicsItem):
    """The other version's emotion curve: a dashed polyline with hollow diamonds at its points.

    Straight dashed segments and diamonds, beside the current version's smooth solid line and faces:
    the two tell apart by line and shape, not by colour alone (and the purple is not the zero line's grey).
    """

    COLOR = "#9A3F82"  # Okabe-Ito's reddish purple, darkened to stand out on the lane's grey
    DASHES = (4.0, 2.5)  # in pen widths: longer than the zero line's dashes

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(Z_OTHER_CURVE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        #: stretches of consecutive phases that have a point in the other version: [(x, y), ...]
        self.runs: list[list[tuple[float, float]]] = []
        self._bounds = QRectF()

    def set_runs(self, runs: list[list[tuple[float, float]]]) -> None:
        self.prepareGeometryChange()
        self.runs = runs
        points = [point for run in runs for point in run]
        if points:
            xs, ys = [x for x, _y in points], [y for _x, y in points]
            self._bounds = QRectF(min(xs) - 8, min(ys) - 8, max(xs) - min(xs) + 16, max(ys) - min(ys) + 16)
        else:
            self._bounds = QRectF()
        self.update()

    @property
    def points(self) -> list[tuple[float, float]]:
        return [point for run in self.runs for point in run]

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(self.COLOR)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(curve_pen(color))
        for run in self.runs:
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in run]))
        painter.setPen(QPen(color, 1.6))
        painter.setBrush(QColor("#FFFFFF"))
        for x, y in self.points:
            painter.drawPolygon(diamond(x, y, 5.5))


def curve_pen(color: QColor) -> QPen:
    pen = QPen(color, 2.0, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
    pen.setDashPattern(list(OtherCurveItem.DASHES))
    return pen


def diamond(x: float, y: float, radius: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - radius), QPointF(x + radius, y), QPointF(x, y + radius),
                      QPointF(x - radius, y)])
