"""The canvas's items that follow a persona's layout: its cards, and its emotion curve and faces.

After each layout only the card items whose card changed, or whose cell did,
are touched; a row that only moved (a row above it grew or shrank) moves as one
item, so an edit costs a call per row below it, not per card.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from app.layout import CardBox, PersonaLayout, palette
from app.ui.items import Z_CARD, Z_DRAGGED, CardItem, CardRowItem, EmotionPointItem

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene


class CardMirror:
    def __init__(self, scene: JourneyScene) -> None:
        self.scene = scene
        self.items: dict[str, CardItem] = {}
        #: one item per lane holding its cards, so a row that moves is moved as one item
        self.rows: dict[str, CardRowItem] = {}
        self._raised: set[CardRowItem] = set()

    def update(self, old: PersonaLayout, layout: PersonaLayout, dirty: set[str]) -> set[str]:
        """Bring the items to a new layout; returns the ids of the cards whose items were made, changed,
        moved or removed (``dirty``: cards added, changed, moved or removed since ``old``)."""
        scene = self.scene
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
        index = scene.document.cards
        kinds = scene.lane_kinds()
        for card_id in candidates:
            box = layout.cards.get(card_id)
            item = self.items.get(card_id)
            if box is None:
                if item is not None:
                    self.remove(card_id)
                    touched.add(card_id)
                continue
            lane_id = layout.card_cell[card_id][1]
            before = old.cards.get(card_id)
            if item is None:
                item = CardItem(scene, card_id)
                self.items[card_id] = item
            elif card_id not in dirty and item.shown is not None:
                shown = item.shown
                if shown.lines is box.lines and shown.caption_lines is box.caption_lines and (
                    shown.rect.w, shown.rect.h) == (box.rect.w, box.rect.h):
                    # Laid out again with the same text: at most its place changed (a card above it in
                    # its cell grew or went), and its cached pixmap is kept.
                    self.place(item, box, lane_id, tops[lane_id])
                    if before is None or before.rect != box.rect:
                        touched.add(card_id)
                    continue
            card = index.card(card_id)
            fill, edge = palette.card_colors(kinds[card.lane], card.color)
            item.set_box(box, fill, edge)
            self.place(item, box, lane_id, tops[lane_id])
            item.setZValue(Z_CARD)
            touched.add(card_id)
        if layout.changed is None:
            for card_id in [i for i in self.items if i not in layout.cards]:
                self.remove(card_id)
                touched.add(card_id)
            for lane_id in [i for i in self.rows if i not in tops]:
                row = self.rows.pop(lane_id)
                for child in row.childItems():  # none are left: their cards went with their lane
                    child.setParentItem(None)
                scene.removeItem(row)
        self.lower_rows()
        return touched

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
            row = self.rows[lane_id] = CardRowItem(lane_id, self.scene.snap(top))
            self.scene.addItem(row)
        return row

    def _place_row(self, row: CardRowItem, top: float) -> None:
        """Put a row at its lane's top, on the view's pixel grid (its cards keep their cached pixmaps)."""
        y = self.scene.snap(top) - row.base
        if row.y() != y:
            row.setPos(0, y)

    def place(self, item: CardItem, box: CardBox, lane_id: str, top: float) -> None:
        """Put a card in its lane's row, on the view's pixel grid.

        Its place on the map is the row's top on the pixel grid plus its offset from the top
        on the pixel grid: at most a pixel from the layout, and the same however the row
        moved since, so cards of a row stay evenly spaced and a repaint shows the same pixels.
        """
        row = self._row(lane_id, top)
        snap = self.scene.snap
        place = QPointF(snap(box.rect.x), row.base + snap(box.rect.y - top))
        if item.parentItem() is not row:
            item.setParentItem(row)
        if item.pos() != place:
            item.setPos(place)

    def remove(self, card_id: str) -> None:
        item = self.items.pop(card_id)
        item.setParentItem(None)
        self.scene.removeItem(item)

    def raise_rows_of(self, items: Iterable[CardItem]) -> None:
        """Lift the rows of dragged cards above the others, so the cards pass over other rows' cards."""
        for item in items:
            row = item.parentItem()
            if isinstance(row, CardRowItem):
                row.setZValue(Z_DRAGGED)
                self._raised.add(row)

    def lower_rows(self) -> None:
        for row in self._raised:
            row.setZValue(Z_CARD)
        self._raised.clear()


    def snap_to_pixels(self, layout: PersonaLayout) -> None:
        """Place every row and card again on the view's pixel grid (the zoom changed)."""
        tops = {header.item_id: header.rect.y for header in layout.lane_headers}
        for lane_id, row in self.rows.items():
            if lane_id in tops:
                row.base = self.scene.snap(tops[lane_id])
                row.setPos(0, 0)
        for card_id, item in self.items.items():
            box = layout.cards.get(card_id)
            if box is not None and item.shown is not None:
                item.setRect(self.scene.card_bounds(box.rect.w, box.rect.h))
                lane_id = layout.card_cell[card_id][1]
                self.place(item, box, lane_id, tops[lane_id])


class EmotionMirror:
    """The emotion curve and one face item per point of the shown persona."""

    def __init__(self, scene: JourneyScene) -> None:
        self.scene = scene
        self.point_items: dict[str, EmotionPointItem] = {}

    def clear(self) -> None:
        """Take every face away (the next update makes them anew, e.g. at another size)."""
        for item in self.point_items.values():
            self.scene.removeItem(item)
        self.point_items.clear()

    def update(self, old: PersonaLayout, layout: PersonaLayout) -> None:
        scene, curve = self.scene, self.scene.curve
        if layout.emotion_lane is None:
            curve.setVisible(False)
            for item in self.point_items.values():
                scene.removeItem(item)
            self.point_items.clear()
            return
        curve.setVisible(True)
        lane_rect = next(h.rect for h in layout.lane_headers if h.item_id == layout.emotion_lane)
        left = scene.style.lane_header_width
        area = QRectF(left, lane_rect.y, layout.width - left, lane_rect.h)
        if old.emotion_marks != layout.emotion_marks or curve.lane_rect != area or not curve.marks:
            curve.set_curve(layout.emotion_marks, area, layout.zero_y, layout.score_step)
        wanted = {m.phase_id: m for m in layout.emotion_marks if m.score is not None}
        for phase_id in [p for p in self.point_items if p not in wanted]:
            scene.removeItem(self.point_items.pop(phase_id))
        for phase_id, mark in wanted.items():
            item = self.point_items.get(phase_id)
            if item is None:
                item = self.point_items[phase_id] = EmotionPointItem(scene, phase_id)
                scene.addItem(item)
            if item.mark != mark or item.pos() != QPointF(mark.x, mark.y):
                item.set_mark(mark)
