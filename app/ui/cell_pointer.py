"""The pointer on the canvas outside cards: a click picks a cell, a double-click starts a card or an emotion
point, hovering shows where a card would go, a right-click asks the window for a menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF

from app.ui.items import CardItem, EmotionPointItem, LaneBarItem, PhaseBarItem

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene


class CellPointer(QObject):
    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.scene = scene

    def interactive_item_at(self, pos: QPointF):
        """The card, face, header bar or editor under a point: what gets the mouse there, if anything."""
        scene = self.scene
        for item in scene.items(pos):
            if item is scene.editor or isinstance(item, (CardItem, EmotionPointItem, PhaseBarItem, LaneBarItem)):
                return item
        return None

    def pressed(self, pos: QPointF) -> bool:
        """A press outside the items: picks the cell, or adds the point of an emotion ⊕; True when handled."""
        scene = self.scene
        if scene.editor is not None and not scene.editor.sceneBoundingRect().contains(pos):
            scene.commit_editing()
        if self.interactive_item_at(pos) is not None:
            return False
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is None:
            return False
        scene.set_current_cell(cell)
        if scene.is_emotion_lane(cell[1]):
            mark = next((m for m in scene.layout.emotion_marks if m.phase_id == cell[0]), None)
            if mark is not None and mark.score is None and abs(pos.x() - mark.x) < 14 and abs(pos.y() - mark.y) < 14:
                scene.add_emotion(cell[0], 0)
                return True
        return False

    def double_clicked(self, pos: QPointF) -> bool:
        """A double-click outside the items starts a card (or sets a missing emotion point); True when handled."""
        scene = self.scene
        if self.interactive_item_at(pos) is not None:
            return False
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is None:
            return True
        if scene.is_emotion_lane(cell[1]):
            if scene.document.journey_map.emotion(scene.persona_id, cell[0]) is None:
                scene.add_emotion(cell[0], scene.layout.score_at(pos.y()))
            return True
        scene.clearSelection()
        scene.start_new_card(cell)
        return True

    def new_card_spot(self, cell: tuple[str, str]) -> QPointF:
        """Where a new card of a cell starts: below its last card, or at the top of an empty cell."""
        layout, style = self.scene.layout, self.scene.style
        rect = layout.cells[cell]
        ids = layout.cell_cards.get(cell, [])
        y = layout.cards[ids[-1]].rect.bottom + style.card_gap if ids else rect.y + style.cell_padding
        return QPointF(rect.x + style.cell_padding, y)

    def show_add_hint(self, pos: QPointF | None) -> None:
        """Show "+ card" in the empty part of the cell under ``pos``; hide it anywhere else (or with None).

        Runs on every pointer move: the cheap tests (cell, lane, below the cards) come first, the
        hit test of the items under the pointer (a pinned header bar may cover the cell) last.
        """
        scene = self.scene
        cell = None if pos is None or scene.editor is not None else scene.layout.cell_at(pos.x(), pos.y())
        spot = None
        if cell is not None and not scene.is_emotion_lane(cell[1]):
            spot = self.new_card_spot(cell)
            if pos.y() < spot.y() or self.interactive_item_at(pos) is not None:
                spot = None  # over the cell's cards, or over a header pinned above the cell
        if spot is None:
            scene.add_hint.hide()
            return
        scene.add_hint.setPos(spot + QPointF(scene.style.card_padding, scene.style.card_padding))
        scene.add_hint.show()

    def context_menu(self, pos: QPointF, screen_pos) -> None:
        """A right-click says what is under the pointer; the window offers what can be done with it."""
        scene = self.scene
        item = self.interactive_item_at(pos)
        if isinstance(item, CardItem):
            if not item.isSelected():
                scene.clearSelection()
                item.setSelected(True)
            scene.set_current_cell(scene.cell_of_card(item.card_id))
            scene.context_menu_requested.emit("card", item.card_id, screen_pos)
        elif isinstance(item, (PhaseBarItem, LaneBarItem)):
            index = item.header_at(item._along(item.mapFromScene(pos)))
            if index is not None:
                kind = "phase" if isinstance(item, PhaseBarItem) else "lane"
                scene.context_menu_requested.emit(kind, item.headers[index].item_id, screen_pos)
        elif item is None and (cell := scene.layout.cell_at(pos.x(), pos.y())) is not None:
            scene.clearSelection()
            scene.set_current_cell(cell)
            scene.context_menu_requested.emit("cell", "/".join(cell), screen_pos)
