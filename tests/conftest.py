"""Test set-up: offscreen Qt, settings in a temporary folder, no modal dialog can block."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_maps"
SAMPLE_FILES = sorted(SAMPLES.glob("*.json"))


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the fitness-watch sample, safe to save over."""
    target = tmp_path / "fitness-watch.json"
    shutil.copyfile(SAMPLES / "fitness-watch.json", target)
    return target


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own settings and data folders, so none sees another's state."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "runtime"))
    (home / "runtime").mkdir(mode=0o700)
    yield home


class DialogStubs:
    """Records the modal dialogs a test triggered and answers them."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.answers: list[object] = []
        self.file_names: list[str] = []

    def next_answer(self, default):
        return self.answers.pop(0) if self.answers else default


@pytest.fixture(autouse=True)
def dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> DialogStubs:
    """Replace every blocking dialog call with a recorder; tests queue answers in ``answers``."""
    stubs = DialogStubs()
    try:
        from PySide6.QtGui import QColor, QDesktopServices
        from PySide6.QtWidgets import QColorDialog, QDialog, QFileDialog, QInputDialog, QMessageBox
    except ImportError:  # the Qt-free tests run without PySide6 importable
        return stubs

    def message(kind: str, default):
        def show(_parent, title, text, *args, **kwargs):
            stubs.messages.append((kind, f"{title}: {text}"))
            return stubs.next_answer(default)

        return staticmethod(show)

    monkeypatch.setattr(QMessageBox, "critical", message("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", message("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "information", message("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", message("question", QMessageBox.StandardButton.Yes))

    def exec_box(box):
        stubs.messages.append(("box", f"{box.windowTitle()}: {box.text()}"))
        answer = stubs.next_answer(QMessageBox.StandardButton.Cancel)
        if isinstance(answer, QMessageBox.StandardButton):
            return answer.value
        return answer

    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    monkeypatch.setattr(QDialog, "exec", lambda dialog: stubs.next_answer(QDialog.DialogCode.Rejected))

    def file_name(*_args, **_kwargs):
        name = stubs.file_names.pop(0) if stubs.file_names else ""
        return name, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_name))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(file_name))

    def get_text(*_args, **_kwargs):
        answer = stubs.next_answer(None)
        return (answer, True) if answer is not None else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *_a, **_k: stubs.next_answer(QColor())))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: stubs.messages.append(("open", url))))
    return stubs
