"""Starting the editor from a shell: no display, a typo or a missing file get one clear line, never Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import app.ui.application
from app.cli import main
from app.display import display_problem
from app.model import load_map
from tests.conftest import ROOT, SAMPLES


@pytest.fixture
def editor_runs(monkeypatch) -> list:
    """Record what the editor would have been opened on, instead of opening it."""
    opened = []
    monkeypatch.setattr(app.ui.application, "run_editor", lambda path=None, language=None: opened.append(path) or 0)
    return opened


@pytest.mark.parametrize(("typed", "meant"), [("exprot", "export"), ("valdiate", "validate"), ("shcema", "schema"),
                                              ("nwe", "new"), ("Export", "export")])
def test_a_mistyped_command_is_named_with_the_one_meant(typed: str, meant: str, capsys, editor_runs):
    assert main([typed, "map.json", "--pdf", "out.pdf"]) == 2
    err = capsys.readouterr().err
    assert err == (f"journeymap: unknown command {typed!r}; did you mean {meant!r}? "
                   "(journeymap --help lists the commands)\n")
    assert editor_runs == []


def test_a_missing_file_is_said_before_qt_starts_unless_a_new_map_is_asked_for(tmp_path: Path, capsys, editor_runs):
    missing = tmp_path / "workshop.json"
    for word in (str(missing), "workshop"):  # a path, and a word close to no command
        assert main([word]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"journeymap: {word}: there is no such file") and err.count("\n") == 1
        assert f"journeymap --new {word}" in err
    assert editor_runs == [] and not missing.exists()
    assert main(["--new", str(missing)]) == 0
    assert editor_runs == [str(missing)]
    assert load_map(missing).title == "workshop" and load_map(missing).personas
    assert main(["--new", str(missing)]) == 0  # there is one now: it is opened as it is
    assert editor_runs == [str(missing)] * 2


def test_without_a_display_the_editor_says_so_and_points_to_the_headless_commands(monkeypatch, capsys, editor_runs):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main([str(SAMPLES / "fitness-watch.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no display to open the editor on" in err and "validate, new, schema, export" in err
    assert editor_runs == []
    assert main(["validate", str(SAMPLES / "fitness-watch.json")]) == 0  # the headless commands still work


def test_no_display_in_a_real_process_ends_cleanly_not_with_qts_abort():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "app", str(SAMPLES / "fitness-watch.json")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert "Reinstalling" not in result.stderr and "plugin" not in result.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "problem"),
    [
        ({}, "linux", "no display"),
        ({"DISPLAY": ":987"}, "linux", "does not answer"),  # no X server has that number here
        ({"DISPLAY": "unix:987.0"}, "linux", "does not answer"),
        ({"DISPLAY": ":987", "QT_QPA_PLATFORM": "offscreen"}, "linux", None),
        ({"QT_QPA_PLATFORM": "offscreen:configfile=screens.json"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", "no display"),
        ({"DISPLAY": "remotehost:10.0"}, "linux", None),  # cannot be told without the network: Qt decides
        ({}, "win32", None),
        ({}, "darwin", None),
    ],
)
def test_display_problem(environ: dict, platform: str, problem: str | None):
    found = display_problem(environ, platform)
    assert (found is None) if problem is None else (problem in found)


def test_on_a_real_x_server_the_check_lets_the_editor_open(x_server: str, tmp_path: Path):
    environ = {"DISPLAY": x_server}
    assert display_problem(environ, "linux") is None
    # The editor really starts there (the OS libraries of Qt's xcb platform are installed) and closes.
    script = ("from PySide6.QtCore import QTimer\n"
              "import app.ui.application as application\n"
              "qt = application.create_application()\n"
              "QTimer.singleShot(500, qt.quit)\n"
              "raise SystemExit(application.run_editor(None))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = x_server
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
