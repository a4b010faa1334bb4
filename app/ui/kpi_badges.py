"""KPI badges on the canvas: each metric's value against its target in the cells of a KPI lane.

A badge tells its status three ways, never by colour alone: the ▲/▼ mark in its text, a
tinted fill and a solid (met) or dashed (missed) edge. One item per cell; an update touches
only the cells whose badges changed or moved, like the card rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.insight.kpis import STATUS_COLORS
from app.layout import KpiBadge, PersonaLayout, palette
from app.ui.fonts import draw_lines
from app.ui.items import Z_CARD

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene

CellKey = tuple[str, str]


class KpiCellItem(QGraphicsItem):
    """The badges of one cell, painted from the layout's boxes (scene coordinates)."""

    def __init__(self, badges: tuple[KpiBadge, ...], style) -> None:
        super().__init__()
        self.setZValue(Z_CARD - 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # a click goes to the cell below: select, type
        self.style = style
        self.badges: tuple[KpiBadge, ...] = ()
        self._bounds = QRectF()
        self.set_badges(badges)

    def set_badges(self, badges: tuple[KpiBadge, ...]) -> None:
        self.prepareGeometryChange()
        self.badges = badges
        bounds = QRectF()
        for badge in badges:
            x, y, w, h = badge.rect
            bounds = bounds.united(QRectF(x, y, w, h))
        self._bounds = bounds.adjusted(-1, -1, 1, 1)
        self.setToolTip("\n".join(" ".join(badge.lines) for badge in badges))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pad = self.style.card_padding / 2
        for badge in self.badges:
            fill, edge = STATUS_COLORS.get(badge.status, STATUS_COLORS["open"])
            x, y, w, h = badge.rect
            pen = QPen(QColor(edge), 1.5)
            if badge.status == "missed":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(QRectF(x, y, w, h), h / 2 if len(badge.lines) == 1 else 6, 6)
            draw_lines(painter, x + pad * 2, y + pad, list(badge.lines), self.style.caption_size,
                       QColor(palette.TEXT), bold=True)


class KpiBadgeLayer(QObject):
    """The scene's badge items, kept in step with the layout; lays the KPI lanes out again when KPIs change."""

    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.items: dict[CellKey, KpiCellItem] = {}
        scene.document.kpis_changed.connect(self.kpis_changed)

    def scene(self) -> JourneyScene:
        return self.parent()  # type: ignore[return-value]

    def kpis_changed(self) -> None:
        """Only the KPI lanes are laid out again; the rows below move as a whole, as after a card edit."""
        scene = self.scene()
        lanes = {lane.id for lane in scene.document.journey_map.lanes if lane.kind == "kpis"}
        if lanes:  # their cards move down or up under the badges: they are told as changed
            cells = scene.layout.cell_cards
            scene.sync({card_id for cell, ids in cells.items() if cell[1] in lanes for card_id in ids}, lanes=lanes)

    def update(self, layout: PersonaLayout) -> None:
        """Create, change, move or remove the items of the cells whose badges differ from what is shown."""
        scene = self.scene()
        wanted = layout.kpi_badges
        for key in [key for key in self.items if key not in wanted]:
            scene.removeItem(self.items.pop(key))
        for key, badges in wanted.items():
            item = self.items.get(key)
            if item is None:
                item = self.items[key] = KpiCellItem(badges, scene.style)
                scene.addItem(item)
            elif item.badges != badges or item.style is not scene.style:
                item.style = scene.style
                item.set_badges(badges)
