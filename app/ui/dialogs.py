"""Small dialogs of the editor: message boxes that show text as typed, an emotion point's label and note, the
shortcut list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.i18n import _
from app.model import MAX_SCORE, MIN_SCORE, EmotionPoint
from app.ui.inspector import severity_meaning

_ICONS = {
    "critical": QMessageBox.Icon.Critical,
    "warning": QMessageBox.Icon.Warning,
    "information": QMessageBox.Icon.Information,
    "question": QMessageBox.Icon.Question,
}


def message_box(
    parent: QWidget | None,
    kind: str,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton | None = None,
    default: QMessageBox.StandardButton | None = None,
) -> QMessageBox.StandardButton:
    """Show a message and return the button pressed; its text is plain text, whatever it holds.

    QMessageBox's static functions guess: a text that looks like HTML is shown as
    HTML, with live links. Messages quote map text (a persona's name, a file's
    problems), so a persona named ``<h1>…<a href=…>`` would show as a heading with
    a link to click. ``kind`` is "critical", "warning", "information" or "question"
    (Yes/No unless ``buttons`` says otherwise).
    """
    if buttons is None:
        buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No if kind == "question"
                   else QMessageBox.StandardButton.Ok)
    box = QMessageBox(_ICONS[kind], title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setProperty("message_kind", kind)  # what the tests' dialog guard calls it
    if default is not None:
        box.setDefaultButton(default)
    return QMessageBox.StandardButton(box.exec())


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as typed: Qt shows a tooltip that looks like HTML as HTML, so the text
    is escaped inside an explicit rich-text paragraph (line breaks kept)."""
    import html

    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


def enter_accepts(dialog: QDialog, buttons: QDialogButtonBox, *notes: QPlainTextEdit) -> None:
    """Enter accepts from any field, and Ctrl+Enter from a multi-line note.

    Qt makes every push button of a dialog an "auto default": whichever one
    has focus takes Enter, so Tab past the last field and Enter pressed
    Cancel and threw the typing away. Only the accepting button takes Enter;
    the others are clicked with the mouse or Space.
    """
    accept: QAbstractButton | None = None
    others = [b for b in dialog.findChildren(QPushButton) if b not in buttons.buttons()]  # "Browse…" and the like
    for button in [*buttons.buttons(), *others]:
        accepting = buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole
        button.setAutoDefault(accepting)
        button.setDefault(accepting)
        if accepting:
            accept = button
    if accept is not None:
        for note in notes:
            note.installEventFilter(_CtrlEnterClicks(accept, note))


class _CtrlEnterClicks(QObject):
    """Ctrl+Enter in a multi-line field clicks the dialog's accepting button (Enter alone adds a line)."""

    def __init__(self, button: QAbstractButton, parent: QObject) -> None:
        super().__init__(parent)
        self.button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.button.click()
            return True
        return False


class EmotionDialog(QDialog):
    """Edit one emotion point: score, label and note; or remove it."""

    REMOVE = 2

    def __init__(self, point: EmotionPoint, phase_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase_name = phase_name
        self.form = QFormLayout(self)
        self.score = QSpinBox()
        self.score.setRange(MIN_SCORE, MAX_SCORE)
        self.score.setValue(point.score)
        self.label = QLineEdit(point.label)
        self.note = QPlainTextEdit(point.note)
        self.note.setTabChangesFocus(True)
        self.labels = {field: QLabel() for field in (self.score, self.label, self.note)}
        for field, label in self.labels.items():
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.remove = QPushButton()
        self.buttons.addButton(self.remove, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove.clicked.connect(lambda: self.done(self.REMOVE))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        enter_accepts(self, self.buttons, self.note)
        self.form.addRow(self.buttons)
        self.point = point
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the dialog in the UI language (again after a language switch)."""
        self.setWindowTitle(_("Emotion in {phase}").format(phase=self.phase_name))
        for field, text in ((self.score, _("Score (−2 to +2)")), (self.label, _("Label")), (self.note, _("Note"))):
            self.labels[field].setText(text)
        self.remove.setText(_("Remove point"))
        self.note.setToolTip(_("Enter starts a new line; Ctrl+Enter saves the point."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def edited_point(self) -> EmotionPoint:
        return self.point.model_copy(
            update={"score": self.score.value(), "label": self.label.text(), "note": self.note.toPlainText()}
        )


def shortcut_rows() -> list[tuple[str, str]]:
    """What F1 lists besides the menus' shortcuts (those are read from the actions): the canvas's own keys, in the
    UI language."""
    return [
        (_("Double-click a cell, or type"), _("New card in the cell")),
        (_("Enter / Shift+Enter"), _("Commit the card / new line")),
        (_("Tab"), _("Commit and start the next card in the same cell")),
        (_("Escape"), _("Cancel editing / clear the selection")),
        (_("F2 or Enter"), _("Edit the selected card")),
        (_("Arrows"), _("Move between cells and cards")),
        (_("Ctrl+Arrows"), _("Move the selected cards one cell")),
        (_("Del"), _("Delete the selected cards")),
        (_("Ctrl+wheel"), _("Zoom around the pointer")),
        (_("Wheel, Shift+wheel, Space+drag, middle-drag"), _("Pan")),
        (_("Drag a phase or lane header"), _("Reorder phases and lanes")),
        (_("Drag an emotion face up or down"), _("Change the score")),
        (_("Severity 1 … 5"), severity_meaning()),
        (_("Presenting: → / ← or PgDn / PgUp, Space"), _("Next / previous phase, shown large")),
        (_("Presenting: Home / End"), _("The whole map / the last phase")),
        (_("Presenting: B or . (nothing chosen)"), _("Blank the screen; any key shows the map again")),
        (_("Presenting: type, Enter"), _("A new card in the phase shown")),
        (_("Presenting: Escape"), _("Leave presenting (while typing a card: cancel the card)")),
        (_("Voting: click a card, or Space / + on the selected card"), _("Give it a dot")),
        (_("Voting: right-click or Shift+click, - / Backspace"), _("Take a dot back")),
        (_("Voting: Enter"), _("Next participant")),
    ]


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> None:
    """F1: every shortcut, as a table."""
    import html

    table = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>" for keys, what in rows)
    QMessageBox.information(parent, _("Keyboard shortcuts"), f"<table cellspacing='6'>{table}</table>")


def show_about(parent: QWidget) -> None:
    from app import __version__

    message_box(parent, "information", _("About"), _("Journey Map Editor {version}").format(version=__version__))
