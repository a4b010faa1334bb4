"""The canvas scene: mirrors one persona's journey from the document, item by item.

The scene listens to the document's signals, lays the persona out again
(text wrapping is cached) and touches only the items whose card changed or
whose place moved. Gestures become commands on the document's undo stack.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsScene

from app import operations as ops
from app.i18n import Catalogue, _
from app.layout import PersonaLayout, Style, TextWrapper, palette, persona_layout
from app.layout.card_fields import CAPTION_FIELDS
from app.layout.projector import editor_style
from app.model import Card, EmotionPoint
from app.ui.card_drag import CardDrag
from app.ui.card_editing import InPlaceEditing
from app.ui.card_mirror import CardMirror, EmotionMirror
from app.ui.cell_pointer import CellPointer
from app.ui.controller import EditController
from app.ui.document import MapDocument
from app.ui.fonts import QtTextMetrics
from app.ui.items import (
    CardItem,
    CornerItem,
    DropIndicatorItem,
    EmotionCurveItem,
    GridItem,
    LaneBarItem,
    PhaseBarItem,
    add_hint_item,
    qrect,
)
from app.ui.kpi_badges import KpiBadgeLayer
from app.ui.selection import one_selection_signal

if TYPE_CHECKING:
    from app.ui.card_editor import CardTextEditor

#: points of empty canvas below the map, and right of it: little there, so fitting the width gives
#: the map the window's width, not a strip of empty canvas (48 pt were 56 px at 1920 px)
SCENE_MARGIN = 48
SCENE_MARGIN_RIGHT = 12
#: room the scrollable area keeps below the map, so growing rows do not resize it each time
SCENE_SLACK = 240


class JourneyScene(QGraphicsScene):
    current_cell_changed = Signal()
    rename_phase_requested = Signal(str)
    rename_lane_requested = Signal(str)
    emotion_edit_requested = Signal(str)
    message = Signal(str)
    #: (what: "card", "cell", "phase" or "lane"; its id or "phase/lane" cell; screen position) on a right-click
    context_menu_requested = Signal(str, str, QPoint)

    def __init__(self, document: MapDocument, persona_id: str, parent=None, words: Catalogue | None = None) -> None:
        """``words``: the language of the fixed words inside cards (evidence); None, the UI language (the
        canvas); an image export gives the deliverable's."""
        super().__init__(parent)
        self.document = document
        self.persona_id = persona_id
        #: makes the changes the user's gestures on this scene ask for
        self.controller = EditController(self)
        self.style = editor_style()
        self.metrics = QtTextMetrics()
        self.wrapper = TextWrapper(self.metrics, words)
        self.layout = PersonaLayout.empty(persona_id)  # laid out by the first sync below
        #: the card items, one row item per lane holding them (app.ui.card_mirror)
        self.mirror = CardMirror(self)
        self.card_items = self.mirror.items
        self.rows = self.mirror.rows
        self.emotions = EmotionMirror(self)
        self.point_items = self.emotions.point_items
        self.current_cell: tuple[str, str] | None = None
        #: typing a card in place, dragging cards, the pointer outside cards: parts of the scene of their own
        self.editing = InPlaceEditing(self)
        self.drag = CardDrag(self)
        self.pointer = CellPointer(self)
        #: scene units per screen pixel of the view (0: place cards exactly, as for export)
        self.pixel = 0.0
        #: card ids whose items the last sync created, changed, moved or removed
        self.last_touched: set[str] = set()
        self._pins = (0.0, 0.0)

        self.setBackgroundBrush(QColor("#FAFAFA"))
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.grid = GridItem()
        self.phase_bar = PhaseBarItem(self)
        self.lane_bar = LaneBarItem(self)
        self.corner = CornerItem(self)
        self.curve = EmotionCurveItem(self)
        self.drop_indicator = DropIndicatorItem()
        for item in (self.grid, self.phase_bar, self.lane_bar, self.corner, self.curve, self.drop_indicator):
            self.addItem(item)
        self.add_hint = add_hint_item(self.style.text_size)  # "+ card" under the pointer in an empty part of a cell
        self.addItem(self.add_hint)
        self.kpi_badges = KpiBadgeLayer(self)

        document.cards_changed.connect(self.sync)
        document.emotion_changed.connect(self._emotion_changed)
        document.structure_changed.connect(self._structure_changed)
        document.persona_changed.connect(self._persona_changed)
        self.sync(set(), rebuild=True)

    # --- mirroring the document ---------------------------------------------

    def lane_kinds(self) -> dict[str, str]:
        return {lane.id: lane.kind for lane in self.document.journey_map.lanes}

    def retranslate(self) -> None:
        """The canvas's own words in the UI language (after a switch): the "+ card" hint, and the cards'
        captions, whose evidence words are the UI language's on the canvas."""
        self.add_hint.setText(_("+ card"))
        # Only cards whose caption has a fixed word are laid out again (as after an edit), not the persona.
        worded = [name for name, _text, word in CAPTION_FIELDS if word]
        cells = self.document.cards.cells(self.persona_id).values()
        self.sync({card.id for cell in cells for card in cell if any(getattr(card, name) for name in worded)})

    def set_persona(self, persona_id: str) -> None:
        """Show another persona's journey: its cards replace the current ones."""
        if persona_id == self.persona_id:
            return
        self.cancel_editing()
        self.persona_id = persona_id
        self.clearSelection()
        self.sync(set())
        self._update_corner()

    def sync(self, dirty: set[str], rebuild: bool = False, lanes: set[str] | frozenset[str] = frozenset()) -> None:
        """Lay out again and update only the items whose card changed or moved.

        ``dirty`` holds the ids of cards added, changed, moved or removed since the
        last sync; ``rebuild`` lays out from scratch (after a structural change).
        Cards sit in one :class:`CardRowItem` per lane: a row that only moved (a row
        above it grew or shrank) is moved as a whole, so an edit costs a call per row
        below it, not per card; only the cards of the cells the edit touched are placed. ``lanes``: rows laid
        out again whatever their cards (the KPI lanes, when the KPIs changed).
        """
        journey_map = self.document.journey_map
        if self.persona_id not in {p.id for p in journey_map.personas}:
            self.persona_id = journey_map.personas[0].id if journey_map.personas else ""
        old = self.layout
        layout = self.layout = persona_layout(
            journey_map, self.persona_id, self.wrapper, self.style, previous=None if rebuild else old, dirty=dirty,
            cards=self.document.cards, dirty_lanes=lanes,
        )
        with one_selection_signal(self):  # removed cards leave the selection: one signal, not one each
            self.last_touched = self.mirror.update(old, layout, dirty)

        if old is not layout and (old.cells != layout.cells or not self.grid.layout):
            self.grid.set_layout(layout)
            self._fit_scene_rect()
        if self.phase_bar.headers != layout.phase_headers:
            self.phase_bar.set_headers(layout.phase_headers, self.style.lane_header_width)
        if self.lane_bar.headers != layout.lane_headers:
            self.lane_bar.set_headers(layout.lane_headers, layout.corner.h)
        if self.corner.rect.isEmpty() or old.corner != layout.corner:
            self._update_corner()
        self.emotions.update(old, layout)
        self.kpi_badges.update(layout)
        if self.current_cell not in layout.cells:
            self.set_current_cell(None)
        self.pin_headers(*self._pins)

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Paint the background only where the grid's cells do not: filling it twice cost a fifth of an edit."""
        brush = self.backgroundBrush()
        cells = self.grid.cells_rect() if self.grid.isVisible() else QRectF()
        if not rect.intersects(cells):
            painter.fillRect(rect, brush)
            return
        inside = rect.intersected(cells)
        for part in (
            QRectF(rect.left(), rect.top(), rect.width(), inside.top() - rect.top()),
            QRectF(rect.left(), inside.bottom(), rect.width(), rect.bottom() - inside.bottom()),
            QRectF(rect.left(), inside.top(), inside.left() - rect.left(), inside.height()),
            QRectF(inside.right(), inside.top(), rect.right() - inside.right(), inside.height()),
        ):
            if part.width() > 0 and part.height() > 0:
                painter.fillRect(part, brush)

    def set_view_scale(self, scale: float) -> None:
        """Place cards on whole screen pixels of a view drawn at ``scale`` pixels per point.

        Qt keeps a card's cached pixmap when the card moves by whole pixels only; at 100 %
        (4/3 pixels per point) a row that grows by a card moved the cards below by a fraction
        of a pixel, so each visible one was painted again, text and all.
        """
        pixel = 1 / scale if scale > 0 else 0.0
        if pixel == self.pixel:
            return
        self.pixel = pixel
        self.mirror.snap_to_pixels(self.layout)

    def snap(self, value: float) -> float:
        """A coordinate on the view's pixel grid (off it by at most half a pixel)."""
        pixel = self.pixel
        return round(value / pixel) * pixel if pixel else value

    def snapped(self, x: float, y: float) -> QPointF:
        """A place on the view's pixel grid (off it by at most half a pixel)."""
        return QPointF(self.snap(x), self.snap(y))

    def card_bounds(self, width: float, height: float) -> QRectF:
        """A card's bounds: the card, its shadow (1.5 right, 2 down) and a selection outline
        1.25 outside it, in whole pixels of the view, so Qt's rounding of them to the pixmap
        it caches cannot flip by a pixel as the card moves."""
        pixel = self.pixel
        if not pixel:
            return QRectF(-2, -2, width + 5, height + 5)
        margin = math.ceil(2 / pixel - 1e-6) * pixel
        right = math.ceil((width + 3) / pixel - 1e-6) * pixel
        bottom = math.ceil((height + 3) / pixel - 1e-6) * pixel
        return QRectF(-margin, -margin, margin + right, margin + bottom)

    def content_rect(self) -> QRectF:
        """The map with a margin: what fitting to the window shows."""
        return QRectF(0, 0, self.layout.width, self.layout.height).adjusted(0, 0, SCENE_MARGIN_RIGHT, SCENE_MARGIN)

    def _fit_scene_rect(self) -> None:
        """Grow the scrollable area with room to spare and shrink it only when much is left over.

        A new scene rect re-lays out the scroll bars and repaints the whole canvas, so a
        card that makes its row taller must not change it every time.
        """
        content = self.content_rect()
        current = self.sceneRect()
        spare = SCENE_SLACK * 2
        if (
            current.contains(content)
            and current.width() - content.width() <= spare
            and current.height() - content.height() <= spare
        ):
            return
        self.setSceneRect(content.adjusted(0, 0, 0, SCENE_SLACK))

    def _update_corner(self) -> None:
        journey_map = self.document.journey_map
        persona = next((p for p in journey_map.personas if p.id == self.persona_id), None)
        name = persona.name if persona else ""
        color = persona.color if persona else palette.HEADER_FILL
        style = self.style
        lines = self.wrapper.wrap(name, style.header_size, style.lane_header_width - 2 * style.header_padding, True)
        self.corner.set_content(self.layout.corner, lines, color)

    def _emotion_changed(self, persona_id: str, _phase_id: str) -> None:
        if persona_id == self.persona_id:
            self.sync(set())

    def _structure_changed(self) -> None:
        # Lane kinds colour cards and phases place them: a structural change refreshes every card.
        self.sync(set(self.card_items), rebuild=True)
        self._update_corner()
        self.lane_bar.update()

    def set_style(self, style: Style) -> None:
        """Other sizes (a projector's type scale, captions hidden): every item laid out again, the map unchanged."""
        self.commit_editing()  # a card being typed is kept
        self.style = style
        self.emotions.clear()  # their faces' size is the style's
        self._structure_changed()

    def _persona_changed(self, persona_id: str) -> None:
        if persona_id == self.persona_id:
            self._update_corner()

    def pin_headers(self, top: float, left: float) -> None:
        """Keep the header bars visible at the view's top and left edges, like frozen panes."""
        self._pins = (top, left)
        y = max(0.0, top)
        x = max(0.0, left)
        if self.phase_bar.pos() != QPointF(0, y):
            self.phase_bar.setPos(0, y)
        if self.lane_bar.pos() != QPointF(x, 0):
            self.lane_bar.setPos(x, 0)
        if self.corner.pos() != QPointF(x, y):
            self.corner.setPos(x, y)

    # --- cells and selection -------------------------------------------------

    def set_current_cell(self, cell: tuple[str, str] | None) -> None:
        if cell != self.current_cell:
            self.current_cell = cell
            self.grid.set_current_cell(cell)
            self.current_cell_changed.emit()

    def cell_of_card(self, card_id: str) -> tuple[str, str] | None:
        return self.layout.card_cell.get(card_id)

    def card(self, card_id: str) -> Card | None:
        return self.document.cards.card(card_id)

    def insert_index(self, phase_id: str, lane_id: str) -> int:
        """List index after the last card of a cell of the shown persona (from the index, no scan)."""
        return self.document.cards.insert_position(self.persona_id, phase_id, lane_id, None)

    def selected_card_ids(self) -> list[str]:
        """Selected cards in map order (the order they keep when moved or copied)."""
        index = self.document.cards
        selected = [index.card(item.card_id) for item in self.selectedItems() if isinstance(item, CardItem)]
        return [card.id for card in sorted((c for c in selected if c is not None), key=index.position)]

    def select_cards(self, card_ids: list[str]) -> None:
        """Select exactly these cards and show the last; a selection that stays the same sends no signal."""
        selected = {item.card_id for item in self.selectedItems() if isinstance(item, CardItem)}
        if selected != set(card_ids) & self.card_items.keys():
            with one_selection_signal(self):
                self.clearSelection()
                for card_id in card_ids:
                    item = self.card_items.get(card_id)
                    if item is not None:
                        item.setSelected(True)
        if card_ids and card_ids[-1] in self.card_items:
            self.set_current_cell(self.cell_of_card(card_ids[-1]))
            self.ensure_visible(self.card_items[card_ids[-1]].sceneBoundingRect())

    def select_all_cards(self) -> None:
        """Select every card shown, telling the selection's change once (not once per card)."""
        with one_selection_signal(self):
            for item in self.card_items.values():
                item.setSelected(True)

    def ensure_visible(self, rect: QRectF) -> None:
        for view in self.views():
            view.ensureVisible(rect, 40, 40)

    def is_emotion_lane(self, lane_id: str) -> bool:
        """Whether a lane is an emotion curve (no cards go there); a map may have more than one."""
        return any(lane.id == lane_id and lane.kind == "emotions" for lane in self.document.journey_map.lanes)

    # --- typing in place (app.ui.card_editing) ---------------------------------------

    @property
    def editor(self) -> CardTextEditor | None:
        """The open in-place editor, if any."""
        return self.editing.editor

    def start_new_card(self, cell: tuple[str, str] | None = None, text: str = "") -> bool:
        return self.editing.start_new_card(cell, text)

    def edit_card(self, card_id: str) -> None:
        self.editing.edit_card(card_id)

    def cancel_editing(self) -> None:
        self.editing.cancel()

    def commit_editing(self) -> None:
        self.editing.commit()

    # --- gestures, made into changes by the controller (app.ui.controller) --------------

    def paste(self, mime: QMimeData) -> int:
        return self.controller.paste(mime)

    def card_pressed(self, item: CardItem) -> None:
        self.drag.pressed(item)

    def cards_dragging(self, pos: QPointF) -> None:
        self.drag.moved(pos)

    def cards_dropped(self, pos: QPointF) -> None:
        self.drag.dropped(pos)

    def add_card(self, phase_id: str, lane_id: str, text: str, **fields) -> str:
        return self.controller.add_card(phase_id, lane_id, text, **fields)

    def delete_selected(self) -> None:
        self.controller.delete_selected()

    def duplicate_selected(self) -> None:
        self.controller.duplicate_selected()

    def move_selected_by(self, phase_step: int, lane_step: int) -> None:
        self.controller.move_selected_by(phase_step, lane_step)

    def neighbour_cell(self, cell: tuple[str, str] | None, phase_step: int, lane_step: int,
                       cards_only: bool = False) -> tuple[str, str] | None:
        return ops.neighbour_cell(self.document.journey_map, cell, phase_step, lane_step, cards_only)

    # --- emotions ----------------------------------------------------------------

    def emotion_dragged(self, phase_id: str, score: int) -> None:
        self.controller.emotion_dragged(phase_id, score)

    def add_emotion(self, phase_id: str, score: int) -> None:
        self.controller.add_emotion(phase_id, score)

    def set_emotion(self, phase_id: str, point: EmotionPoint | None, text: str) -> None:
        self.controller.set_emotion(phase_id, point, text)

    def edit_emotion(self, phase_id: str) -> None:
        self.emotion_edit_requested.emit(phase_id)

    # --- structure -----------------------------------------------------------

    def move_phase(self, phase_id: str, new_index: int) -> None:
        self.controller.move_phase(phase_id, new_index)

    def move_lane(self, lane_id: str, new_index: int) -> None:
        self.controller.move_lane(lane_id, new_index)

    def request_rename_phase(self, phase_id: str) -> None:
        self.rename_phase_requested.emit(phase_id)

    def request_rename_lane(self, lane_id: str) -> None:
        self.rename_lane_requested.emit(lane_id)

    # --- the pointer outside cards (app.ui.cell_pointer) --------------------------------

    def mousePressEvent(self, event) -> None:
        if self.pointer.pressed(event.scenePos()):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.pointer.double_clicked(event.scenePos()):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event) -> None:
        self.show_add_hint(event.scenePos() if event.buttons() == Qt.MouseButton.NoButton else None)
        super().mouseMoveEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.pointer.context_menu(event.scenePos(), event.screenPos())
        event.accept()

    def new_card_spot(self, cell: tuple[str, str]) -> QPointF:
        return self.pointer.new_card_spot(cell)

    def show_add_hint(self, pos: QPointF | None) -> None:
        self.pointer.show_add_hint(pos)

    def cell_rect(self, cell: tuple[str, str]) -> QRectF:
        return qrect(self.layout.cells[cell])
