"""Small helpers that bind form widgets to model fields through undo commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.i18n import _


def text_box(lines: int, hint: str = "") -> QPlainTextEdit:
    """A multi-line field of a fixed height in which Tab moves on (forms are filled by keyboard)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 * lines + 10)
    box.setPlaceholderText(hint)
    return box


def list_to_text(values: list[str]) -> str:
    return "\n".join(values)


def text_to_list(text: str) -> list[str]:
    """One entry per line, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Binding:
    """One widget shows one field; user edits call ``push(field, value)``."""

    def __init__(self, widget: QWidget, field: str, read: Callable[[], Any], write: Callable[[Any], None]) -> None:
        self.widget = widget
        self.field = field
        self._read = read
        self._write = write
        #: sets the widget's own words (a check box's label, a combo's choices) again after a language switch
        self.retranslate: Callable[[], None] = lambda: None

    def show(self, value: Any) -> None:
        with QSignalBlocker(self.widget):
            if self._read() != value:
                self._write(value)


def bind_line(widget: QLineEdit, field: str, push: Callable[[str, Any], None]) -> Binding:
    widget.textEdited.connect(lambda text: push(field, text))

    def write(text: str) -> None:
        widget.setText(text)
        if not widget.hasFocus():
            widget.setCursorPosition(0)  # a long text shown from its start, not scrolled to its end

    return Binding(widget, field, widget.text, write)


def bind_text(widget: QPlainTextEdit, field: str, push: Callable[[str, Any], None], as_list: bool = False) -> Binding:
    if as_list:
        widget.textChanged.connect(lambda: push(field, text_to_list(widget.toPlainText())))
        return Binding(
            widget, field, lambda: text_to_list(widget.toPlainText()), lambda v: widget.setPlainText(list_to_text(v))
        )
    widget.textChanged.connect(lambda: push(field, widget.toPlainText()))
    return Binding(widget, field, widget.toPlainText, widget.setPlainText)


def bind_check(widget: QCheckBox, field: str, push: Callable[[str, Any], None]) -> Binding:
    widget.toggled.connect(lambda checked: push(field, checked))
    return Binding(widget, field, widget.isChecked, widget.setChecked)


def bind_combo(widget: QComboBox, field: str, push: Callable[[str, Any], None]) -> Binding:
    """Items carry their model value as item data (None for "none")."""
    widget.currentIndexChanged.connect(lambda _i: push(field, widget.currentData()))

    def write(value: Any) -> None:
        index = widget.findData(value)
        widget.setCurrentIndex(max(index, 0))

    return Binding(widget, field, widget.currentData, write)


class ColorButton(QPushButton):
    """Shows a colour; clicking opens the colour dialog."""

    def __init__(self, allow_none: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_none = allow_none
        self.value: str | None = None
        self.set_value(None)

    def set_value(self, value: str | None) -> None:
        self.value = value
        if value:
            text = "#000000" if QColor(value).lightness() > 140 else "#FFFFFF"
            self.setStyleSheet(f"background-color: {value}; color: {text};")
            self.setText(value.upper())
        else:
            self.setStyleSheet("")
            self.setText(_("Lane colour"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.set_value(self.value)
        super().changeEvent(event)


def bind_color(widget: ColorButton, field: str, push: Callable[[str, Any], None]) -> Binding:
    def choose() -> None:
        start = QColor(widget.value or "#FFFFFF")
        color = QColorDialog.getColor(start, widget, _("Choose a colour"))
        if color.isValid():
            value = color.name().upper()
            widget.set_value(value)
            push(field, value)

    widget.clicked.connect(choose)
    return Binding(widget, field, lambda: widget.value, widget.set_value)
