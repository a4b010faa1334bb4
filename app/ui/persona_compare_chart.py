"""The persona comparison's chart: every persona's emotion curve over the phases, drawn with QPainter.

Each curve is told apart by colour, line pattern and marker together (from
``app.insight.comparison.curves``), so a greyscale print or a colour-blind
reader still sees whose curve is whose. A shaded band per phase runs from the
lowest to the highest score with its width written above it: where the band is
tall, the personas' journeys diverge. Points that coincide are spread sideways
so each stays visible, and the legend wraps into columns, so 12 personas and
more stay readable. A missing point leaves a gap in its persona's line.

A click on a point (or Enter on the point chosen with the arrow keys) asks to
show that persona's map at that phase (``point_activated``); a click on a
legend entry asks for that persona alone (phase id "").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.i18n import _
from app.insight.comparison import PersonaCurve, PhaseSpread
from app.layout import score_label
from app.model import MAX_SCORE, MIN_SCORE, Phase
from app.ui.persona_compare_style import NAME_MAX, RADIUS, SAMPLE_WIDTH, curve_pen, draw_marker

#: points closer than this to the pointer are hit (px)
HIT = 9.0
MARGIN = 8
SPREAD_FILL = QColor(120, 130, 145, 45)
SPREAD_EDGE = QColor(120, 130, 145, 110)


@dataclass
class Geometry:
    """Where everything sits for the widget's size: computed once per size and data, used to draw and to hit."""

    legend: list[QRect]
    plot: QRectF
    columns: list[QRectF]
    #: (persona index, phase index) -> the point's centre, coinciding points already spread apart
    points: dict[tuple[int, int], QPointF]
    #: phase index -> the shaded band from the highest to the lowest score
    bands: dict[int, QRectF]
    spread_top: float
    label_top: float


class EmotionChart(QWidget):
    """Every persona's emotion curve over the phases, with the spread per phase; points are jumps."""

    #: (persona id, phase id): show this persona's map at this phase ("" for the persona alone)
    point_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("persona-compare-chart")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(180)
        self.phases: list[Phase] = []
        self.curves: list[PersonaCurve] = []
        self.spreads: list[PhaseSpread] = []
        #: the phase index whose band is the widest (its figure is bold), or None
        self.widest: int | None = None
        #: the point the keyboard is on: (persona index, phase index)
        self.current: tuple[int, int] | None = None
        #: the persona the pointer is over (legend or point): drawn on top and thicker
        self.hovered: int | None = None
        self._geometry: Geometry | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(_("Emotion curves of all personas"))
        self.setToolTip("")
        self._describe()

    # --- data -------------------------------------------------------------------------------------

    def set_data(self, phases: list[Phase], curves: list[PersonaCurve], spreads: list[PhaseSpread]) -> None:
        """Show these curves; the point the keyboard was on stays chosen if its persona and phase are still there."""
        old = self.point_ids(self.current) if self.current is not None else None
        self.phases, self.curves, self.spreads = list(phases), list(curves), list(spreads)
        widths = [spread.width for spread in self.spreads]
        self.widest = widths.index(max(widths)) if widths and max(widths) > 0 else None
        self.current = self._index_of(old) if old is not None else None
        if self.current is None or self._score(self.current) is None:
            self.current = self._first_point()
        self.hovered = None if self.hovered is None or self.hovered >= len(self.curves) else self.hovered
        self._geometry = None
        self._describe()
        self.update()

    def point_ids(self, point: tuple[int, int]) -> tuple[str, str]:
        return self.curves[point[0]].persona.id, self.phases[point[1]].id

    def _index_of(self, ids: tuple[str, str]) -> tuple[int, int] | None:
        persona = next((i for i, c in enumerate(self.curves) if c.persona.id == ids[0]), None)
        phase = next((i for i, p in enumerate(self.phases) if p.id == ids[1]), None)
        return (persona, phase) if persona is not None and phase is not None else None

    def _score(self, point: tuple[int, int]) -> int | None:
        persona, phase = point
        if 0 <= persona < len(self.curves) and 0 <= phase < len(self.phases):
            return self.curves[persona].scores[phase]
        return None

    def _first_point(self) -> tuple[int, int] | None:
        for persona, curve in enumerate(self.curves):
            for phase, score in enumerate(curve.scores):
                if score is not None:
                    return persona, phase
        return None

    # --- geometry ---------------------------------------------------------------------------------

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return font

    def legend_column_width(self) -> int:
        bold = QFont(self.font())
        bold.setBold(True)  # the entry pointed at is bold: it must fit then too
        metrics = QFontMetrics(bold)
        widest = max((metrics.horizontalAdvance(c.persona.name) for c in self.curves), default=0)
        return SAMPLE_WIDTH + 6 + min(NAME_MAX, widest) + 18

    def geometry_now(self) -> Geometry:
        """The layout for the current size and data (cached until either changes)."""
        if self._geometry is None:
            self._geometry = self._layout()
        return self._geometry

    def _layout(self) -> Geometry:
        width, height = self.width(), self.height()
        metrics, small = QFontMetrics(self.font()), QFontMetrics(self._small_font())
        row_height = metrics.height() + 4
        column_width = self.legend_column_width()
        columns = max(1, (width - 2 * MARGIN) // column_width) if self.curves else 1
        legend = []
        for index in range(len(self.curves)):
            row, column = divmod(index, columns)
            legend.append(QRect(MARGIN + column * column_width, MARGIN + row * row_height,
                                column_width - 10, row_height))
        rows = math.ceil(len(self.curves) / columns) if self.curves else 0
        legend_bottom = MARGIN + rows * row_height
        spread_top = legend_bottom + 6
        axis_width = max(small.horizontalAdvance(score_label(s)) for s in range(MIN_SCORE, MAX_SCORE + 1)) + 10
        count = max(1, len(self.phases))
        room = (width - 2 * MARGIN - axis_width) / count - 4
        wraps = any(small.horizontalAdvance(phase.name) > room for phase in self.phases)
        label_height = (2 if wraps else 1) * small.height() + 4  # a second line only when a name needs it
        plot = QRectF(MARGIN + axis_width, spread_top + small.height() + 4, 0, 0)
        plot.setRight(width - MARGIN)
        plot.setBottom(max(plot.top() + 40, height - MARGIN - label_height))
        step = plot.width() / count
        phase_columns = [QRectF(plot.left() + i * step, plot.top(), step, plot.height())
                         for i in range(len(self.phases))]
        points: dict[tuple[int, int], QPointF] = {}
        bands: dict[int, QRectF] = {}
        for phase_index, column in enumerate(phase_columns):
            by_score: dict[int, list[int]] = {}
            for persona_index, curve in enumerate(self.curves):
                score = curve.scores[phase_index]
                if score is not None:
                    by_score.setdefault(score, []).append(persona_index)
            gap = min(2 * RADIUS + 3, column.width() * 0.7 / max((len(v) for v in by_score.values()), default=1))
            for score, personas in by_score.items():
                y = self.y_of(score, plot)
                for k, persona_index in enumerate(personas):  # coinciding points spread sideways, in legend order
                    points[persona_index, phase_index] = QPointF(
                        column.center().x() + (k - (len(personas) - 1) / 2) * gap, y)
            if by_score:
                low, high = min(by_score), max(by_score)
                band_width = max(column.width() * 0.5, min(column.width() * 0.9,
                                                             gap * max(len(v) for v in by_score.values()) + 8))
                top, bottom = self.y_of(high, plot) - RADIUS - 3, self.y_of(low, plot) + RADIUS + 3
                bands[phase_index] = QRectF(column.center().x() - band_width / 2, top, band_width, bottom - top)
        return Geometry(legend=legend, plot=plot, columns=phase_columns, points=points, bands=bands,
                        spread_top=spread_top, label_top=plot.bottom() + 6)

    @staticmethod
    def y_of(score: float, plot: QRectF) -> float:
        inner = plot.adjusted(0, RADIUS + 4, 0, -(RADIUS + 4))
        return inner.top() + (MAX_SCORE - score) / (MAX_SCORE - MIN_SCORE) * inner.height()

    def resizeEvent(self, event) -> None:
        self._geometry = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._geometry = None
        elif event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 180)

    # --- what is where ------------------------------------------------------------------------------

    def point_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The point under ``pos`` (the nearest within reach), as (persona index, phase index)."""
        best, best_distance = None, HIT
        for key, center in self.geometry_now().points.items():
            distance = math.hypot(center.x() - pos.x(), center.y() - pos.y())
            if distance <= best_distance:
                best, best_distance = key, distance
        return best

    def legend_at(self, pos: QPointF) -> int | None:
        return next((i for i, rect in enumerate(self.geometry_now().legend) if rect.contains(pos.toPoint())), None)

    def band_at(self, pos: QPointF) -> int | None:
        geometry = self.geometry_now()
        return next((i for i, column in enumerate(geometry.columns)
                     if column.left() <= pos.x() < column.right() and geometry.spread_top <= pos.y()
                     <= column.bottom()), None)

    def point_center(self, persona_id: str, phase_id: str) -> QPointF | None:
        """Where a persona's point in a phase is drawn (None when it has none there)."""
        key = self._index_of((persona_id, phase_id))
        return self.geometry_now().points.get(key) if key is not None else None

    def point_text(self, point: tuple[int, int]) -> str:
        curve, phase = self.curves[point[0]], self.phases[point[1]]
        score = curve.scores[point[1]]
        return _("{persona} in {phase}: {score}").format(
            persona=curve.persona.name, phase=phase.name, score=score_label(score) if score is not None else "–")

    def spread_text(self, phase_index: int) -> str:
        spread = self.spreads[phase_index]
        if spread.count == 0:
            return _("{phase}: no persona has an emotion here").format(phase=spread.phase.name)
        if spread.count == 1:
            return _("{phase}: one persona at {score}").format(phase=spread.phase.name, score=score_label(spread.low))
        return _("{phase}: from {low} to {high}, a spread of {width} ({count} personas)").format(
            phase=spread.phase.name, low=score_label(spread.low), high=score_label(spread.high),
            width=spread.width, count=spread.count)

    def _describe(self) -> None:
        """The screen reader's description: the point the keyboard is on."""
        self.setAccessibleDescription(
            self.point_text(self.current) + " " + _("(Enter shows it on the map)") if self.current else "")

    # --- drawing --------------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        geometry = self.geometry_now()
        self._draw_legend(painter, geometry)
        self._draw_axes(painter, geometry)
        self._draw_bands(painter, geometry)
        order = [i for i in range(len(self.curves)) if i != self.hovered]
        if self.hovered is not None:
            order.append(self.hovered)  # the one pointed at is drawn on top
        for index in order:
            self._draw_line(painter, geometry, index)
        for index in order:
            self._draw_markers(painter, geometry, index)
        if self.current is not None and self.hasFocus() and self.current in geometry.points:
            center = geometry.points[self.current]
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(center, RADIUS + 5, RADIUS + 5)
        if not self.curves or not self.phases:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("No personas to compare") if not self.curves else _("The map has no phases"))
        painter.end()

    def _draw_legend(self, painter: QPainter, geometry: Geometry) -> None:
        text_color = self.palette().color(QPalette.ColorRole.Text)
        for index, rect in enumerate(geometry.legend):
            curve = self.curves[index]
            y = rect.center().y()
            painter.setPen(curve_pen(curve, 3.0 if index == self.hovered else 2.0))
            painter.drawLine(QPointF(rect.left() + 2, y), QPointF(rect.left() + SAMPLE_WIDTH - 2, y))
            draw_marker(painter, curve, QPointF(rect.left() + SAMPLE_WIDTH / 2, y))
            font = QFont(self.font())
            font.setBold(index == self.hovered)
            painter.setFont(font)
            painter.setPen(text_color)
            text_rect = rect.adjusted(SAMPLE_WIDTH + 6, 0, 0, 0)
            name = QFontMetrics(font).elidedText(curve.persona.name, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(self.font())

    def _draw_axes(self, painter: QPainter, geometry: Geometry) -> None:
        palette = self.palette()
        plot = geometry.plot
        small = self._small_font()
        small_metrics = QFontMetrics(small)
        painter.setFont(small)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        painter.setPen(QPen(grid, 0.6))
        for column in geometry.columns[1:]:  # a thin line between phases
            painter.drawLine(QPointF(column.left(), plot.top()), QPointF(column.left(), plot.bottom()))
        for score in range(MIN_SCORE, MAX_SCORE + 1):
            y = self.y_of(score, plot)
            pen = QPen(grid, 1.4 if score == 0 else 0.6)
            pen.setStyle(Qt.PenStyle.SolidLine if score == 0 else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(MARGIN, y - small_metrics.height() / 2, plot.left() - MARGIN - 6,
                                    small_metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, score_label(score))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for phase, column in zip(self.phases, geometry.columns, strict=False):
            box = QRectF(column.left() + 2, geometry.label_top, column.width() - 4, 2 * small_metrics.height() + 2)
            text = self._two_lines(phase.name, small_metrics, int(box.width()))
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.setFont(self.font())

    @staticmethod
    def _two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
        """``text`` wrapped into at most two lines of ``width``, the second elided if it must be."""
        if metrics.horizontalAdvance(text) <= width:
            return text
        words, first = text.split(), ""
        while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
            first = (first + " " + words.pop(0)).strip()
        if not first:  # one long word: break it where the width ends
            return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        rest = " ".join(words)
        return first + ("\n" + metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width) if rest else "")

    def _draw_bands(self, painter: QPainter, geometry: Geometry) -> None:
        small = self._small_font()
        metrics = QFontMetrics(small)
        for index, band in geometry.bands.items():
            painter.setPen(QPen(SPREAD_EDGE, 1))
            painter.setBrush(QBrush(SPREAD_FILL))
            painter.drawRoundedRect(band, 4, 4)
            spread = self.spreads[index]
            if spread.count < 2:
                continue
            column = geometry.columns[index]
            text = _("spread {width}").format(width=spread.width)
            if metrics.horizontalAdvance(text) > column.width() - 4:
                text = f"↕ {spread.width}"
            font = QFont(small)
            font.setBold(index == self.widest)
            painter.setFont(font)
            painter.setPen(self.palette().color(QPalette.ColorRole.Text if index == self.widest
                                                else QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(column.left(), geometry.spread_top, column.width(), metrics.height() + 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        painter.setFont(self.font())

    def _draw_line(self, painter: QPainter, geometry: Geometry, index: int) -> None:
        curve = self.curves[index]
        painter.setPen(curve_pen(curve, 3.2 if index == self.hovered else 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for phase in range(len(self.phases) - 1):  # a phase without a point leaves a gap
            start, end = geometry.points.get((index, phase)), geometry.points.get((index, phase + 1))
            if start is not None and end is not None:
                painter.drawLine(start, end)

    def _draw_markers(self, painter: QPainter, geometry: Geometry, index: int) -> None:
        curve = self.curves[index]
        for phase in range(len(self.phases)):
            center = geometry.points.get((index, phase))
            if center is not None:
                draw_marker(painter, curve, center, RADIUS + (1.5 if index == self.hovered else 0))

    # --- pointer and keys ---------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = QPointF(event.pos())
            point, legend, band = self.point_at(pos), self.legend_at(pos), self.band_at(pos)
            if point is not None:
                QToolTip.showText(event.globalPos(), self.point_text(point) + "\n" + _("Click to show it on the map"),
                                  self)
            elif legend is not None:
                QToolTip.showText(event.globalPos(), self.curves[legend].persona.name, self)
            elif band is not None:
                QToolTip.showText(event.globalPos(), self.spread_text(band), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        point, legend = self.point_at(pos), self.legend_at(pos)
        hovered = point[0] if point is not None else legend
        self.setCursor(Qt.CursorShape.PointingHandCursor if hovered is not None else Qt.CursorShape.ArrowCursor)
        if hovered != self.hovered:
            self.hovered = hovered
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        point, legend = self.point_at(pos), self.legend_at(pos)
        if point is not None:
            self.current = point
            self._describe()
            self.update()
            self.point_activated.emit(*self.point_ids(point))
        elif legend is not None:
            self.point_activated.emit(self.curves[legend].persona.id, "")
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
                 Qt.Key.Key_Down: (1, 0)}
        if key in moves and self.current is not None:
            self.move_current(*moves[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current is not None:
            self.point_activated.emit(*self.point_ids(self.current))
        else:
            super().keyPressEvent(event)

    def move_current(self, persona_step: int, phase_step: int) -> None:
        """Arrow keys: along the persona's curve to its next point, or to the next persona's nearest point."""
        persona, phase = self.current
        if phase_step:
            scores = self.curves[persona].scores
            candidates = range(phase + phase_step, len(scores) if phase_step > 0 else -1, phase_step)
            found = next((i for i in candidates if scores[i] is not None), None)
            if found is not None:
                self.current = (persona, found)
        else:
            for other in range(persona + persona_step, len(self.curves) if persona_step > 0 else -1, persona_step):
                scores = self.curves[other].scores
                near = sorted((i for i, s in enumerate(scores) if s is not None), key=lambda i: abs(i - phase))
                if near:
                    self.current = (other, near[0])
                    break
        self.hovered = self.current[0] if self.current is not None else None
        self._describe()
        self.update()

    def focusInEvent(self, event) -> None:
        if self.current is not None:
            self.hovered = self.current[0]
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.hovered = None
        self.update()
        super().focusOutEvent(event)
