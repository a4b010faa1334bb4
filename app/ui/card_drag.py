"""Dragging cards on the canvas: the drop line while they move, and where they land.

Where the cards go is a change made by the scene's controller; this module only
follows the drag and finds the place under the pointer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF

from app.ui.items import Z_DRAGGED, CardItem

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene


class CardDrag(QObject):
    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.dragging = False

    def pressed(self, item: CardItem) -> None:
        self.dragging = False
        self.scene.set_current_cell(self.scene.cell_of_card(item.card_id))

    def moved(self, pos: QPointF) -> None:
        scene = self.scene
        if not self.dragging:
            self.dragging = True
            dragged = [item for item in scene.selectedItems() if isinstance(item, CardItem)]
            for item in dragged:
                item.setZValue(Z_DRAGGED)
            scene.mirror.raise_rows_of(dragged)
        target = self.drop_target(pos)
        if target is None:
            scene.drop_indicator.setVisible(False)
            return
        cell, _position, y = target
        rect = scene.layout.cells[cell]
        scene.drop_indicator.show_at(rect.x + scene.style.cell_padding, y, scene.style.card_width)

    def drop_target(self, pos: QPointF) -> tuple[tuple[str, str], int, float] | None:
        """(cell, position among the cell's other cards, y of the insertion line) under a point."""
        scene = self.scene
        layout, style = scene.layout, scene.style
        cell = layout.cell_at(pos.x(), pos.y())
        if cell is None or scene.is_emotion_lane(cell[1]):
            return None
        moving = set(scene.selected_card_ids())
        others = [i for i in layout.cell_cards.get(cell, []) if i not in moving]
        rect = layout.cells[cell]
        for position, card_id in enumerate(others):
            box = layout.cards[card_id].rect
            if pos.y() < box.y + box.h / 2:
                return cell, position, box.y - style.card_gap / 2
        y = layout.cards[others[-1]].rect.bottom + style.card_gap / 2 if others else rect.y + 6
        return cell, len(others), y

    def dropped(self, pos: QPointF) -> None:
        scene = self.scene
        scene.drop_indicator.setVisible(False)
        if not self.dragging:
            return
        self.dragging = False
        ids = scene.selected_card_ids()
        target = self.drop_target(pos)
        if target is None or not ids:
            scene.sync(set(ids))  # snap back
            return
        cell, position, _y = target
        current = list(scene.layout.cell_cards.get(cell, []))
        moving = set(ids)
        others = [i for i in current if i not in moving]
        if others[:position] + ids + others[position:] == current:  # dropped where they are: snap back
            scene.sync(set(ids))
            return
        scene.controller.drop_cards(ids, cell, position)
