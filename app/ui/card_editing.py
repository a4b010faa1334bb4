"""Typing a card's text in place on the canvas: the editor's life from opening to commit or cancel.

What was typed becomes a change through the scene's controller (a new card,
or the card's new text); this module only runs the editor item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF

if TYPE_CHECKING:
    from app.ui.card_editor import CardTextEditor
    from app.ui.scene import JourneyScene


class InPlaceEditing(QObject):
    def __init__(self, scene: JourneyScene) -> None:
        super().__init__(scene)
        self.scene = scene
        self.editor: CardTextEditor | None = None
        #: ("new", phase, lane) or ("edit", card id) while the editor is open
        self.mode: tuple[str, ...] | None = None

    def start_new_card(self, cell: tuple[str, str] | None = None, text: str = "") -> bool:
        """Open the editor for a new card at the end of a cell."""
        scene = self.scene
        cell = cell or scene.current_cell
        if cell is None or scene.is_emotion_lane(cell[1]) or not scene.persona_id:
            return False
        self.cancel()
        scene.set_current_cell(cell)
        scene.add_hint.hide()
        self._open(("new", *cell), scene.new_card_spot(cell), text)
        return True

    def edit_card(self, card_id: str) -> None:
        scene = self.scene
        if card_id not in scene.layout.cards:
            return
        self.cancel()
        scene.select_cards([card_id])
        box = scene.layout.cards[card_id]
        self._open(("edit", card_id), QPointF(box.rect.x, box.rect.y), scene.document.cards.card(card_id).text)

    def _open(self, mode: tuple[str, ...], pos: QPointF, text: str) -> None:
        from app.ui.card_editor import CardTextEditor  # on first use: not needed to show a map

        editor = CardTextEditor(self.scene.style.card_width, text, self._finished, self.scene.style.text_size)
        # Keep a Python reference and add to the scene before use (see PySide ownership notes).
        self.editor = editor
        self.mode = mode
        self.scene.addItem(editor)
        editor.setPos(pos)
        editor.start()
        self.scene.ensure_visible(editor.sceneBoundingRect())

    def cancel(self) -> None:
        if self.editor is not None:
            self.editor.finish("cancel")

    def commit(self) -> None:
        if self.editor is not None:
            self.editor.finish("commit")

    def _finished(self, how: str, text: str) -> None:
        scene = self.scene
        editor, mode = self.editor, self.mode
        self.editor, self.mode = None, None
        if editor is not None:
            editor.clearFocus()
            scene.removeItem(editor)
        if mode is None:
            return
        text = text.strip("\n")
        if how != "cancel":
            if mode[0] == "new" and text.strip():
                scene.add_card(mode[1], mode[2], text)
            elif mode[0] == "edit" and text != scene.document.cards.card(mode[1]).text:
                scene.controller.edit_card_text(mode[1], text)
        for view in scene.views():
            if view.isInteractive():  # not a view that only shows
                view.setFocus()
        if how == "next":
            cell = (mode[1], mode[2]) if mode[0] == "new" else scene.cell_of_card(mode[1])
            if cell is not None:
                self.start_new_card(cell)
