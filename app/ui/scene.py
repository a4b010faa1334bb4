"""The canvas scene: mirrors one persona's journey from the document, item by item.

The scene listens to the document's signals, lays the persona out again
(text wrapping is cached) and touches only the items whose card changed or
whose place moved. Gestures become commands on the document's undo stack.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from app import operations as ops
from app.layout import CardBox, PersonaLayout, Style, TextWrapper, palette, persona_layout
from app.model import Card, EmotionPoint
from app.ui.controller import EditController
from app.ui.document import MapDocument
from app.ui.fonts import QtTextMetrics
from app.ui.items import (
    Z_CARD,
    Z_DRAGGED,
    CardItem,
    CardRowItem,
    CornerItem,
    DropIndicatorItem,
    EmotionCurveItem,
    EmotionPointItem,
    GridItem,
    LaneBarItem,
    PhaseBarItem,
    qrect,
)

if TYPE_CHECKING:
    from app.ui.card_editor import CardTextEditor

CARDS_MIME = "application/x-journeymap-cards+json"
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

    def __init__(self, document: MapDocument, persona_id: str, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.persona_id = persona_id
        #: makes the changes the user's gestures on this scene ask for
        self.controller = EditController(self)
        self.style = Style()
        self.metrics = QtTextMetrics()
        self.wrapper = TextWrapper(self.metrics)
        self.layout = PersonaLayout.empty(persona_id)  # laid out by the first sync below
        self.card_items: dict[str, CardItem] = {}
        #: one item per lane holding its cards, so a row that moves is moved as one item
        self.rows: dict[str, CardRowItem] = {}
        self._raised_rows: set[CardRowItem] = set()
        self.point_items: dict[str, EmotionPointItem] = {}
        self.current_cell: tuple[str, str] | None = None
        self.editor: CardTextEditor | None = None
        self._editing: tuple[str, ...] | None = None
        self._dragging = False
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
        # A faint "+ card" where a new card would go, under the pointer in an empty part of a cell.
        self.add_hint = QGraphicsSimpleTextItem()
        self.add_hint.setText(self.tr("+ card"))
        font = QFont(self.add_hint.font())
        font.setPointSizeF(self.style.text_size)
        self.add_hint.setFont(font)
        self.add_hint.setBrush(QColor("#9A9A9A"))
        self.add_hint.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.add_hint.setZValue(5)
        self.add_hint.hide()
        self.addItem(self.add_hint)

        document.cards_changed.connect(self.sync)
        document.emotion_changed.connect(self._emotion_changed)
        document.structure_changed.connect(self._structure_changed)
        document.persona_changed.connect(self._persona_changed)
        self.sync(set(), rebuild=True)

    # --- mirroring the document ---------------------------------------------

    def lane_kinds(self) -> dict[str, str]:
        return {lane.id: lane.kind for lane in self.document.journey_map.lanes}

    def set_persona(self, persona_id: str) -> None:
        """Show another persona's journey: its cards replace the current ones."""
        if persona_id == self.persona_id:
            return
        self.cancel_editing()
        self.persona_id = persona_id
        self.clearSelection()
        self.sync(set())
        self._update_corner()

    def sync(self, dirty: set[str], rebuild: bool = False) -> None:
        """Lay out again and update only the items whose card changed or moved.

        ``dirty`` holds the ids of cards added, changed, moved or removed since the
        last sync; ``rebuild`` lays out from scratch (after a structural change).
        Cards sit in one :class:`CardRowItem` per lane: a row that only moved (a row
        above it grew or shrank) is moved as a whole, so an edit costs a call per row
        below it, not per card; only the cards of the cells the edit touched are placed.
        """
        journey_map = self.document.journey_map
        if self.persona_id not in {p.id for p in journey_map.personas}:
            self.persona_id = journey_map.personas[0].id if journey_map.personas else ""
        old = self.layout
        layout = self.layout = persona_layout(
            journey_map, self.persona_id, self.wrapper, self.style, previous=None if rebuild else old, dirty=dirty,
            cards=self.document.cards,
        )
        touched: set[str] = set()
        tops = {header.item_id: header.rect.y for header in layout.lane_headers}
        if layout.changed is None:
            candidates: Iterable[str] = layout.cards.keys()
        else:
            candidates = self._cards_in_touched_cells(old, layout, dirty)
            # Rows that moved take their cards along; those cards moved all the same.
            old_tops = {header.item_id: header.rect.y for header in old.lane_headers}
            phases = [header.item_id for header in layout.phase_headers]
            for lane_id, top in tops.items():
                if old_tops.get(lane_id, top) != top:
                    for phase_id in phases:
                        touched.update(layout.cell_cards.get((phase_id, lane_id), ()))
        for lane_id, row in self.rows.items():
            if lane_id in tops:
                self._place_row(row, tops[lane_id])
        index = self.document.cards
        kinds = self.lane_kinds()
        for card_id in candidates:
            box = layout.cards.get(card_id)
            item = self.card_items.get(card_id)
            if box is None:
                if item is not None:
                    self._remove_card(card_id)
                    touched.add(card_id)
                continue
            lane_id = layout.card_cell[card_id][1]
            before = old.cards.get(card_id)
            if item is None:
                item = CardItem(self, card_id)
                self.card_items[card_id] = item
            elif card_id not in dirty and item.shown is not None:
                shown = item.shown
                if shown.lines is box.lines and shown.caption_lines is box.caption_lines and (
                    shown.rect.w, shown.rect.h) == (box.rect.w, box.rect.h):
                    # Laid out again with the same text: at most its place changed (a card above it in
                    # its cell grew or went), and its cached pixmap is kept.
                    self.place_card(item, box, lane_id, tops[lane_id])
                    if before is None or before.rect != box.rect:
                        touched.add(card_id)
                    continue
            card = index.card(card_id)
            fill, edge = palette.card_colors(kinds[card.lane], card.color)
            item.set_box(box, fill, edge)
            self.place_card(item, box, lane_id, tops[lane_id])
            item.setZValue(Z_CARD)
            touched.add(card_id)
        if layout.changed is None:
            for card_id in [i for i in self.card_items if i not in layout.cards]:
                self._remove_card(card_id)
                touched.add(card_id)
            for lane_id in [i for i in self.rows if i not in tops]:
                row = self.rows.pop(lane_id)
                for child in row.childItems():  # none are left: their cards went with their lane
                    child.setParentItem(None)
                self.removeItem(row)
        self._lower_rows()
        self.last_touched = touched

        if old is not layout and (old.cells != layout.cells or not self.grid.layout):
            self.grid.set_layout(layout)
            self._fit_scene_rect()
        if self.phase_bar.headers != layout.phase_headers:
            self.phase_bar.set_headers(layout.phase_headers, self.style.lane_header_width)
        if self.lane_bar.headers != layout.lane_headers:
            self.lane_bar.set_headers(layout.lane_headers, layout.corner.h)
        if self.corner.rect.isEmpty() or old.corner != layout.corner:
            self._update_corner()
        self._sync_emotions(old)
        if self.current_cell not in layout.cells:
            self.set_current_cell(None)
        self.pin_headers(*self._pins)

    @staticmethod
    def _cards_in_touched_cells(old: PersonaLayout, layout: PersonaLayout, dirty: set[str]) -> set[str]:
        """The dirty cards and every card of the cells they left or entered: the only cards whose
        boxes an incremental layout made anew (the others kept theirs or moved with their row)."""
        cells = {old.card_cell.get(i) for i in dirty} | {layout.card_cell.get(i) for i in dirty}
        cells.discard(None)
        found = set(dirty)
        for cell in cells:
            found.update(old.cell_cards.get(cell, ()))
            found.update(layout.cell_cards.get(cell, ()))
        return found

    def _row(self, lane_id: str, top: float) -> CardRowItem:
        row = self.rows.get(lane_id)
        if row is None:
            row = self.rows[lane_id] = CardRowItem(lane_id, self.snap(top))
            self.addItem(row)
        return row

    def _place_row(self, row: CardRowItem, top: float) -> None:
        """Put a row at its lane's top, on the view's pixel grid (its cards keep their cached pixmaps)."""
        y = self.snap(top) - row.base
        if row.y() != y:
            row.setPos(0, y)

    def place_card(self, item: CardItem, box: CardBox, lane_id: str, top: float) -> None:
        """Put a card in its lane's row, on the view's pixel grid.

        Its place on the map is the row's top on the pixel grid plus its offset from the top
        on the pixel grid: at most a pixel from the layout, and the same however the row
        moved since, so cards of a row stay evenly spaced and a repaint shows the same pixels.
        """
        row = self._row(lane_id, top)
        place = QPointF(self.snap(box.rect.x), row.base + self.snap(box.rect.y - top))
        if item.parentItem() is not row:
            item.setParentItem(row)
        if item.pos() != place:
            item.setPos(place)

    def _remove_card(self, card_id: str) -> None:
        item = self.card_items.pop(card_id)
        item.setParentItem(None)
        self.removeItem(item)

    def raise_rows_of(self, items: Iterable[CardItem]) -> None:
        """Lift the rows of dragged cards above the others, so the cards pass over other rows' cards."""
        for item in items:
            row = item.parentItem()
            if isinstance(row, CardRowItem):
                row.setZValue(Z_DRAGGED)
                self._raised_rows.add(row)

    def _lower_rows(self) -> None:
        for row in self._raised_rows:
            row.setZValue(Z_CARD)
        self._raised_rows.clear()

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
        tops = {header.item_id: header.rect.y for header in self.layout.lane_headers}
        for lane_id, row in self.rows.items():
            if lane_id in tops:
                row.base = self.snap(tops[lane_id])
                row.setPos(0, 0)
        cells = self.layout.card_cell
        for card_id, item in self.card_items.items():
            box = self.layout.cards.get(card_id)
            if box is not None and item.shown is not None:
                item.setRect(self.card_bounds(box.rect.w, box.rect.h))
                lane_id = cells[card_id][1]
                self.place_card(item, box, lane_id, tops[lane_id])

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

    def _sync_emotions(self, old: PersonaLayout) -> None:
        layout = self.layout
        if layout.emotion_lane is None:
            self.curve.setVisible(False)
            for item in self.point_items.values():
                self.removeItem(item)
            self.point_items.clear()
            return
        self.curve.setVisible(True)
        lane_rect = next(h.rect for h in layout.lane_headers if h.item_id == layout.emotion_lane)
        left = self.style.lane_header_width
        area = QRectF(left, lane_rect.y, layout.width - left, lane_rect.h)
        if (
            old.emotion_marks != layout.emotion_marks
            or self.curve.lane_rect != area
            or not self.curve.marks
        ):
            self.curve.set_curve(layout.emotion_marks, area, layout.zero_y, layout.score_step)
        wanted = {m.phase_id: m for m in layout.emotion_marks if m.score is not None}
        for phase_id in [p for p in self.point_items if p not in wanted]:
            self.removeItem(self.point_items.pop(phase_id))
        for phase_id, mark in wanted.items():
            item = self.point_items.get(phase_id)
            if item is None:
                item = self.point_items[phase_id] = EmotionPointItem(self, phase_id)
                self.addItem(item)
            if item.mark != mark or item.pos() != QPointF(mark.x, mark.y):
                item.set_mark(mark)

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
            self.clearSelection()
            for card_id in card_ids:
                item = self.card_items.get(card_id)
                if item is not None:
                    item.setSelected(True)
        if card_ids and card_ids[-1] in self.card_items:
            self.set_current_cell(self.cell_of_card(card_ids[-1]))
            self.ensure_visible(self.card_items[card_ids[-1]].sceneBoundingRect())

    def ensure_visible(self, rect: QRectF) -> None:
        for view in self.views():
            view.ensureVisible(rect, 40, 40)

    def is_emotion_lane(self, lane_id: str) -> bool:
        """Whether a lane is an emotion curve (no cards go there); a map may have more than one."""
        return any(lane.id == lane_id and lane.kind == "emotions" for lane in self.document.journey_map.lanes)

    # --- editing text in place --------------------------------------------------

    def start_new_card(self, cell: tuple[str, str] | None = None, text: str = "") -> bool:
        """Open the editor for a new card at the end of a cell."""
        cell = cell or self.current_cell
        if cell is None or self.is_emotion_lane(cell[1]) or not self.persona_id:
            return False
        self.cancel_editing()
        self.set_current_cell(cell)
        self.add_hint.hide()
        self._open_editor(("new", *cell), self.new_card_spot(cell), text)
        return True

    def edit_card(self, card_id: str) -> None:
        if card_id not in self.layout.cards:
            return
        self.cancel_editing()
        self.select_cards([card_id])
        box = self.layout.cards[card_id]
        text = self.document.cards.card(card_id).text
        self._open_editor(("edit", card_id), QPointF(box.rect.x, box.rect.y), text)

    def _open_editor(self, mode: tuple[str, ...], pos: QPointF, text: str) -> None:
        from app.ui.card_editor import CardTextEditor  # on first use: not needed to show a map

        editor = CardTextEditor(self.style.card_width, text, self._editor_finished)
        # Keep a Python reference and add to the scene before use (see PySide ownership notes).
        self.editor = editor
        self._editing = mode
        self.addItem(editor)
        editor.setPos(pos)
        editor.start()
        self.ensure_visible(editor.sceneBoundingRect())

    def cancel_editing(self) -> None:
        if self.editor is not None:
            self.editor.finish("cancel")

    def commit_editing(self) -> None:
        if self.editor is not None:
            self.editor.finish("commit")

    def _editor_finished(self, how: str, text: str) -> None:
        editor, mode = self.editor, self._editing
        self.editor, self._editing = None, None
        if editor is not None:
            editor.clearFocus()
            self.removeItem(editor)
        if mode is None:
            return
        text = text.strip("\n")
        if how != "cancel":
            if mode[0] == "new" and text.strip():
                self.add_card(mode[1], mode[2], text)
            elif mode[0] == "edit" and text != self.document.cards.card(mode[1]).text:
                self.controller.edit_card_text(mode[1], text)
        for view in self.views():
            if view.isInteractive():  # not a view that only shows
                view.setFocus()
        if how == "next":
            cell = (mode[1], mode[2]) if mode[0] == "new" else self.cell_of_card(mode[1])
            if cell is not None:
                self.start_new_card(cell)

    # --- gestures, made into changes by the controller (app.ui.controller) --------------

    def add_card(self, phase_id: str, lane_id: str, text: str, **fields) -> str:
        return self.controller.add_card(phase_id, lane_id, text, **fields)

    def delete_selected(self) -> None:
        self.controller.delete_selected()

    def duplicate_selected(self) -> None:
        self.controller.duplicate_selected()

    def move_selected_by(self, phase_step: int, lane_step: int) -> None:
        self.controller.move_selected_by(phase_step, lane_step)

    def neighbour_cell(
        self, cell: tuple[str, str] | None, phase_step: int, lane_step: int, cards_only: bool = False
    ) -> tuple[str, str] | None:
        journey_map = self.document.journey_map
        phases = [p.id for p in journey_map.phases]
        lanes = [lane.id for lane in journey_map.lanes if not (cards_only and self.is_emotion_lane(lane.id))]
        if not phases or not lanes:
            return None
        if cell is None or cell[0] not in phases:
            return (phases[0], lanes[0])
        pi = max(0, min(len(phases) - 1, phases.index(cell[0]) + phase_step))
        li = max(0, min(len(lanes) - 1, lanes.index(cell[1]) + lane_step)) if cell[1] in lanes else 0
        return (phases[pi], lanes[li])

    # --- clipboard -------------------------------------------------------------

    def copy_selected(self) -> QMimeData | None:
        ids = self.selected_card_ids()
        if not ids:
            return None
        cards = [self.document.journey_map.card(i).model_dump(mode="json") for i in ids]
        mime = QMimeData()
        mime.setData(CARDS_MIME, json.dumps({"cards": cards}, ensure_ascii=False).encode("utf-8"))
        mime.setText("\n".join(card["text"] for card in cards))
        return mime

    def paste(self, mime: QMimeData) -> int:
        """Paste cards (from this or another window) into the current cell, or as plain text lines."""
        cards: list[Card] = []
        if mime.hasFormat(CARDS_MIME):
            try:
                raw = json.loads(bytes(mime.data(CARDS_MIME)).decode("utf-8"))["cards"]
                cards = [Card.model_validate(item) for item in raw]
            except (ValueError, KeyError, TypeError):
                self.message.emit(self.tr("The clipboard does not hold cards this app can read."))
                return 0
        elif mime.hasText():
            texts = ops.card_texts_from_lines(mime.text())
            cards = [Card(id="x", persona="x", phase="x", lane="x", text=text) for text in texts]
        return self.controller.paste_cards(cards)

    # --- dragging cards ----------------------------------------------------------

    def card_pressed(self, item: CardItem) -> None:
        self._dragging = False
        self.set_current_cell(self.cell_of_card(item.card_id))

    def cards_dragging(self, pos: QPointF) -> None:
        if not self._dragging:
            self._dragging = True
            dragged = [item for item in self.selectedItems() if isinstance(item, CardItem)]
            for item in dragged:
                item.setZValue(Z_DRAGGED)
            self.raise_rows_of(dragged)
        target = self._drop_target(pos)
        if target is None:
            self.drop_indicator.setVisible(False)
            return
        cell, _position, y = target
        rect = self.layout.cells[cell]
        self.drop_indicator.show_at(rect.x + self.style.cell_padding, y, self.style.card_width)

    def _drop_target(self, pos: QPointF) -> tuple[tuple[str, str], int, float] | None:
        """(cell, position among the cell's other cards, y of the insertion line) under a point."""
        cell = self.layout.cell_at(pos.x(), pos.y())
        if cell is None or self.is_emotion_lane(cell[1]):
            return None
        moving = set(self.selected_card_ids())
        others = [i for i in self.layout.cell_cards.get(cell, []) if i not in moving]
        rect = self.layout.cells[cell]
        for position, card_id in enumerate(others):
            box = self.layout.cards[card_id].rect
            if pos.y() < box.y + box.h / 2:
                return cell, position, box.y - self.style.card_gap / 2
        y = self.layout.cards[others[-1]].rect.bottom + self.style.card_gap / 2 if others else rect.y + 6
        return cell, len(others), y

    def cards_dropped(self, pos: QPointF) -> None:
        self.drop_indicator.setVisible(False)
        if not self._dragging:
            return
        self._dragging = False
        ids = self.selected_card_ids()
        target = self._drop_target(pos)
        if target is None or not ids:
            self.sync(set(ids))  # snap back
            return
        cell, position, _y = target
        current = list(self.layout.cell_cards.get(cell, []))
        moving = set(ids)
        others = [i for i in current if i not in moving]
        if others[:position] + ids + others[position:] == current:  # dropped where they are: snap back
            self.sync(set(ids))
            return
        self.controller.drop_cards(ids, cell, position)

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

    # --- mouse on empty cells ----------------------------------------------------

    def _interactive_item_at(self, pos: QPointF):
        for item in self.items(pos):
            if item is self.editor or isinstance(item, (CardItem, EmotionPointItem, PhaseBarItem, LaneBarItem)):
                return item
        return None

    def mousePressEvent(self, event) -> None:
        pos = event.scenePos()
        if self.editor is not None and not self.editor.sceneBoundingRect().contains(pos):
            self.commit_editing()
        if self._interactive_item_at(pos) is None:
            cell = self.layout.cell_at(pos.x(), pos.y())
            if cell is not None:
                self.set_current_cell(cell)
                if self.is_emotion_lane(cell[1]):
                    mark = next((m for m in self.layout.emotion_marks if m.phase_id == cell[0]), None)
                    if mark is not None and mark.score is None and abs(pos.x() - mark.x) < 14 and abs(
                        pos.y() - mark.y
                    ) < 14:
                        self.add_emotion(cell[0], 0)
                        event.accept()
                        return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        pos = event.scenePos()
        if self._interactive_item_at(pos) is not None:
            super().mouseDoubleClickEvent(event)
            return
        cell = self.layout.cell_at(pos.x(), pos.y())
        if cell is None:
            return
        if self.is_emotion_lane(cell[1]):
            if self.document.journey_map.emotion(self.persona_id, cell[0]) is None:
                self.add_emotion(cell[0], self.layout.score_at(pos.y()))
            return
        self.clearSelection()
        self.start_new_card(cell)
        event.accept()

    def new_card_spot(self, cell: tuple[str, str]) -> QPointF:
        """Where a new card of a cell starts: below its last card, or at the top of an empty cell."""
        rect = self.layout.cells[cell]
        ids = self.layout.cell_cards.get(cell, [])
        y = self.layout.cards[ids[-1]].rect.bottom + self.style.card_gap if ids else rect.y + self.style.cell_padding
        return QPointF(rect.x + self.style.cell_padding, y)

    def mouseMoveEvent(self, event) -> None:
        self.show_add_hint(event.scenePos() if event.buttons() == Qt.MouseButton.NoButton else None)
        super().mouseMoveEvent(event)

    def show_add_hint(self, pos: QPointF | None) -> None:
        """Show "+ card" in the empty part of the cell under ``pos``; hide it anywhere else (or with None).

        Runs on every pointer move: the cheap tests (cell, lane, below the cards) come first, the
        hit test of the items under the pointer (a pinned header bar may cover the cell) last.
        """
        cell = None if pos is None or self.editor is not None else self.layout.cell_at(pos.x(), pos.y())
        spot = None
        if cell is not None and not self.is_emotion_lane(cell[1]):
            spot = self.new_card_spot(cell)
            if pos.y() < spot.y() or self._interactive_item_at(pos) is not None:
                spot = None  # over the cell's cards, or over a header pinned above the cell
        if spot is None:
            self.add_hint.hide()
            return
        self.add_hint.setPos(spot + QPointF(self.style.card_padding, self.style.card_padding))
        self.add_hint.show()

    def contextMenuEvent(self, event) -> None:
        """A right-click says what is under the pointer; the window offers what can be done with it."""
        pos = event.scenePos()
        item = self._interactive_item_at(pos)
        if isinstance(item, CardItem):
            if not item.isSelected():
                self.clearSelection()
                item.setSelected(True)
            self.set_current_cell(self.cell_of_card(item.card_id))
            self.context_menu_requested.emit("card", item.card_id, event.screenPos())
        elif isinstance(item, (PhaseBarItem, LaneBarItem)):
            index = item.header_at(item._along(item.mapFromScene(pos)))
            if index is not None:
                kind = "phase" if isinstance(item, PhaseBarItem) else "lane"
                self.context_menu_requested.emit(kind, item.headers[index].item_id, event.screenPos())
        elif item is None and (cell := self.layout.cell_at(pos.x(), pos.y())) is not None:
            self.clearSelection()
            self.set_current_cell(cell)
            self.context_menu_requested.emit("cell", "/".join(cell), event.screenPos())
        event.accept()

    def cell_rect(self, cell: tuple[str, str]) -> QRectF:
        return qrect(self.layout.cells[cell])
