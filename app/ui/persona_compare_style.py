"""How the persona comparison tells personas apart on screen: the line pattern and marker of each curve.

``app.insight.comparison`` names them ("dash", "triangle"); this module draws
them with Qt for the chart, its legend and the grid's row headers.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from app.insight.comparison import PersonaCurve

#: the line pattern names of ``app.insight.comparison.DASHES`` as Qt pen styles
PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}
#: a marker's radius (px)
RADIUS = 5.5
#: the legend's line-and-marker sample, and the longest a name gets before it is elided (px)
SAMPLE_WIDTH = 34
NAME_MAX = 190


def marker_path(marker: str, center: QPointF, radius: float = RADIUS) -> QPainterPath:
    """The outline of a marker ("circle", "square", "triangle", "diamond", "cross", "star") around ``center``."""
    x, y, r = center.x(), center.y(), radius
    path = QPainterPath()
    if marker == "square":
        side = r * 0.9
        path.addRect(QRectF(x - side, y - side, 2 * side, 2 * side))
    elif marker == "triangle":
        path.addPolygon(QPolygonF([QPointF(x, y - r * 1.15), QPointF(x + r * 1.1, y + r * 0.8),
                                   QPointF(x - r * 1.1, y + r * 0.8)]))
        path.closeSubpath()
    elif marker == "diamond":
        path.addPolygon(QPolygonF([QPointF(x, y - r * 1.2), QPointF(x + r, y), QPointF(x, y + r * 1.2),
                                   QPointF(x - r, y)]))
        path.closeSubpath()
    elif marker == "cross":  # an X of two thick bars, filled and edged like the others
        arm, half = r * 1.25, r * 0.42
        bar = QPainterPath()
        bar.addRect(QRectF(-arm, -half, 2 * arm, 2 * half))
        path = QTransform().translate(x, y).rotate(45).map(bar).united(
            QTransform().translate(x, y).rotate(-45).map(bar))
    elif marker == "star":
        star = []
        for k in range(10):
            radius_k = r * 1.3 if k % 2 == 0 else r * 0.55
            angle = -math.pi / 2 + k * math.pi / 5
            star.append(QPointF(x + radius_k * math.cos(angle), y + radius_k * math.sin(angle)))
        path.addPolygon(QPolygonF(star))
        path.closeSubpath()
    else:
        path.addEllipse(center, r, r)
    return path


def curve_pen(curve: PersonaCurve, width: float = 2.0) -> QPen:
    """The pen of a persona's line: its colour and its pattern."""
    pen = QPen(QColor(curve.style.color), width)
    pen.setStyle(PEN_STYLES.get(curve.style.dash, Qt.PenStyle.SolidLine))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def draw_marker(painter: QPainter, curve: PersonaCurve, center: QPointF, radius: float = RADIUS) -> None:
    """A persona's marker, filled with its colour and edged darker: light colours and stacked points stay apart."""
    color = QColor(curve.style.color)
    painter.setPen(QPen(color.darker(170), 1.2))
    painter.setBrush(color)
    painter.drawPath(marker_path(curve.style.marker, center, radius))


def draw_sample(painter: QPainter, curve: PersonaCurve, left: QPointF) -> None:
    """A persona's line sample with its marker, from ``left`` (its left end): rows match the chart's curves."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(curve_pen(curve))
    painter.drawLine(left + QPointF(1, 0), left + QPointF(SAMPLE_WIDTH - 1, 0))
    draw_marker(painter, curve, left + QPointF(SAMPLE_WIDTH / 2, 0))
