"""Dialogs keep what was typed: Enter accepts from any field (Ctrl+Enter in a note), never a focused Cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton

from app.model import EmotionPoint, load_map
from app.ui.dialogs import EmotionDialog
from app.ui.document import MapDocument
from app.ui.export_dialog import ExportDialog
from tests.conftest import SAMPLES


def emotion_dialog(qtbot) -> EmotionDialog:
    dialog = EmotionDialog(EmotionPoint(persona="p", phase="f", score=1), "Awareness")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.score.setFocus()
    return dialog


def focused(dialog: QDialog):
    """Where the dialog's keyboard focus is: its own focus widget, since offscreen windows are not always the
    active window (after other tests a window of theirs may hold the application's focus)."""
    widget = dialog.focusWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def type_into_focus(dialog: QDialog, text: str) -> None:
    QTest.keyClicks(focused(dialog), text)


def test_tab_label_tab_note_tab_enter_keeps_what_was_typed(qtbot):
    dialog = emotion_dialog(qtbot)
    QTest.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.label
    type_into_focus(dialog, "Excited")
    QTest.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.note
    type_into_focus(dialog, "Saw the ad twice")
    QTest.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert isinstance(focused(dialog), QPushButton)  # focus has left the fields for a button
    QTest.keyClick(focused(dialog), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    point = dialog.edited_point()
    assert (point.label, point.note) == ("Excited", "Saw the ad twice")


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_in_the_label_accepts_and_in_the_note_starts_a_line_until_ctrl_enter(qtbot, key):
    dialog = emotion_dialog(qtbot)
    dialog.note.setFocus()
    QTest.keyClicks(dialog.note, "first")
    QTest.keyClick(dialog.note, key)
    QTest.keyClicks(dialog.note, "second")
    assert dialog.isVisible() and dialog.note.toPlainText() == "first\nsecond"
    QTest.keyClick(dialog.note, key, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    dialog = emotion_dialog(qtbot)
    dialog.label.setFocus()
    QTest.keyClick(dialog.label, key)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_no_button_but_the_accepting_one_takes_enter_in_any_dialog(qtbot):
    document = MapDocument(load_map(SAMPLES / "fitness-watch.json"))
    dialogs = [EmotionDialog(EmotionPoint(persona="p", phase="f"), "Awareness"), ExportDialog(document)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        boxes = dialog.findChildren(QDialogButtonBox)
        assert boxes
        for button in dialog.findChildren(QPushButton):  # in the button box and elsewhere ("Browse…")
            accepting = any(box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole for box in boxes)
            assert button.autoDefault() == accepting, (type(dialog).__name__, button.text())
            assert button.isDefault() == accepting
        # Cancel focused by Tab, then Enter: still accepted (the export dialog's accept writes nothing here).
        cancel = next(b for box in boxes for b in box.buttons()
                      if box.buttonRole(b) == QDialogButtonBox.ButtonRole.RejectRole)
        dialog.show()
        qtbot.waitExposed(dialog)
        accepted = []
        dialog.accepted.connect(lambda d=dialog, seen=accepted: seen.append(d))
        if isinstance(dialog, ExportDialog):  # accept without writing a file
            boxes[0].accepted.disconnect()
            boxes[0].accepted.connect(dialog.accept)
        cancel.setFocus()
        QTest.keyClick(cancel, Qt.Key.Key_Return)
        assert accepted == [dialog], type(dialog).__name__
