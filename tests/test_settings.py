"""Settings are typed in one place: what earlier versions stored reads back as the declared type, and a
value that does not read gives the default instead of an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from app.ui import settings


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "editor.ini"), QSettings.Format.IniFormat)


@pytest.mark.parametrize(("setting", "stored", "expected"), [
    (settings.EXPORT_OPEN, "true", True),
    (settings.EXPORT_OPEN, "false", False),
    (settings.EXPORT_DPI, "300", 300),
    (settings.EXPORT_DPI, "lots", 150),  # unreadable: the default
    (settings.RECENT_FILES, "/maps/one.json", ["/maps/one.json"]),  # INI stores a one-item list as a string
    (settings.RECENT_FILES, ["/a.json", "/b.json"], ["/a.json", "/b.json"]),
    (settings.EXPORT_KIND, "xlsx", "xlsx"),
    (settings.WINDOW_STATE, "not bytes", None),
])
def test_stored_values_read_back_as_their_declared_type(store: QSettings, setting, stored, expected):
    store.setValue(setting.key, stored)
    store.sync()
    again = QSettings(store.fileName(), QSettings.Format.IniFormat)  # as the next session reads it
    assert settings.read(setting, again) == expected


def test_nothing_stored_gives_the_default_and_a_written_value_reads_back(store: QSettings):
    for setting in settings.ALL:
        assert settings.read(setting, store) == setting.default
    values = {settings.EXPORT_OPEN: True, settings.EXPORT_DPI: 600, settings.EXPORT_PAPER: "A2",
              settings.RECENT_FILES: ["/x.json"], settings.WINDOW_GEOMETRY: QByteArray(b"\x01\x02")}
    for setting, value in values.items():
        settings.write(setting, value, store)
    store.sync()
    again = QSettings(store.fileName(), QSettings.Format.IniFormat)
    for setting, value in values.items():
        assert settings.read(setting, again) == value, setting.key
    assert again.value(settings.EXPORT_OPEN.key) == "true"  # stored as earlier versions stored it


def test_every_key_is_declared_once():
    keys = [setting.key for setting in settings.ALL]
    assert len(keys) == len(set(keys))
