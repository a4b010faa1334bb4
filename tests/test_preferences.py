"""Edit → Preferences…: the language choice is stored and applied at once, to every open window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app import i18n
from app.ui import language, settings
from app.ui.main_window import MainWindow
from app.ui.preferences import PreferencesDialog


@pytest.fixture(autouse=True)
def english_afterwards():
    """Qt's catalogue, the locale and the stored choice outlive a test (Qt reads its settings folder once)."""
    QSettings().remove(settings.LANGUAGE.key)
    yield
    QSettings().remove(settings.LANGUAGE.key)
    language.apply_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def choose(dialog: PreferencesDialog, code: str) -> None:
    dialog.language.setCurrentIndex(dialog.language.findData(code))


def test_edit_preferences_opens_the_dialog(window: MainWindow, dialogs):
    assert window.preferences_action in window.menuBar().actions()[1].menu().actions()  # the Edit menu
    dialogs.expect("dialog", "Preferences")
    window.preferences_action.trigger()
    assert dialogs.messages[-1] == ("dialog", "Preferences")


def test_ok_stores_the_choice_and_switches_the_open_window_at_once(qtbot, window: MainWindow):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.choice() == ""  # nothing stored: the system's language
    choose(dialog, "de")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert QSettings().value(settings.LANGUAGE.key) == "de"
    assert settings.read(settings.LANGUAGE) == "de"
    assert i18n.language() == "de"
    assert window.menuBar().actions()[0].text() == "&Datei"
    assert window.save_action.text() == "&Speichern"
    assert window.inspector.windowTitle() == "Eigenschaften"
    assert "Karten bei dieser Persona" in window.status_label.text()
    # Qt's own words switch too: the dialog's buttons and the shortcut names
    again = PreferencesDialog(window)
    qtbot.addWidget(again)
    assert again.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    assert again.windowTitle() == "Einstellungen" and again.choice() == "de"


def test_apply_switches_while_the_dialog_stays_open_and_the_dialog_follows(qtbot, window: MainWindow):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    choose(dialog, "de")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert window.save_action.text() == "&Speichern"
    assert dialog.windowTitle() == "Einstellungen" and dialog.language_label.text() == "&Sprache:"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).text() == "Anwenden"
    choose(dialog, "en")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert window.save_action.text() == "&Save" and dialog.windowTitle() == "Preferences"
    assert settings.read(settings.LANGUAGE) == "en"


def test_cancel_changes_nothing(qtbot, window: MainWindow):
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    choose(dialog, "de")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert QSettings().value(settings.LANGUAGE.key) is None
    assert i18n.language() == "en" and window.save_action.text() == "&Save"


def test_system_default_is_stored_as_empty_and_follows_the_locale(qtbot, monkeypatch, window: MainWindow):
    settings.write(settings.LANGUAGE, "en")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.choice() == "en"
    assert dialog.language.itemText(0) == "System default (Deutsch)"
    choose(dialog, "")
    dialog.accept()
    assert settings.read(settings.LANGUAGE) == ""
    assert i18n.language() == "de" and window.save_action.text() == "&Speichern"
    QApplication.processEvents()
    assert language.start_language() == "de"  # the next start follows the system as well
