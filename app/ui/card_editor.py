"""In-place text editor for a card: Enter commits, Shift+Enter adds a line, Escape cancels, Tab goes on."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen, QTextOption
from PySide6.QtWidgets import QGraphicsTextItem

from app.layout import palette
from app.ui.fonts import family
from app.ui.items import Z_EDITOR


class CardTextEditor(QGraphicsTextItem):
    """Lives in the scene while a card is being written; reports how editing ended."""

    def __init__(self, width: float, text: str, finished: Callable[[str, str], None], size: float = 10) -> None:
        super().__init__()
        self._finished = finished
        self._done = False
        font = QFont(family())
        font.setPixelSize(max(1, round(size)))  # scene units are points: the cards' text size
        self.setFont(font)
        self.setDefaultTextColor(QColor(palette.TEXT))
        self.setTextWidth(width)
        self.document().setDocumentMargin(6)
        option = self.document().defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.setPlainText(text)
        self.setZValue(Z_EDITOR)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)

    def start(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = self.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.setTextCursor(cursor)

    def paint(self, painter, option, widget=None) -> None:
        area = self.boundingRect()
        painter.fillRect(area, QColor("#FFFFFF"))
        painter.setPen(QPen(QColor(palette.SELECTION), 2))
        painter.drawRect(QRectF(area).adjusted(1, 1, -1, -1))
        super().paint(painter, option, widget)

    def finish(self, how: str) -> None:
        """End editing once: ``commit``, ``next`` (commit and start another) or ``cancel``."""
        if self._done:
            return
        self._done = True
        self._finished(how, self.toPlainText())

    def sceneEvent(self, event) -> bool:
        # QGraphicsTextItem hands Tab straight to its text control; take it first.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.finish("next")
            return True
        return super().sceneEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.textCursor().insertText("\n")
            else:
                self.finish("commit")
            return
        if key == Qt.Key.Key_Escape:
            self.finish("cancel")
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.finish("next")
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish("commit")
