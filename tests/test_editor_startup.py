"""The editor's start on a map (start-up time): what it imports in which order, and what waits for the first paint."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import warnings

import pytest

from tests.conftest import ROOT, SAMPLES, x_server_report, xvfb_display

#: the editor started as ``journeymap MAP`` does, quitting as soon as its window is about to show
START = """
import json, sys
from app import cli
from app.ui import application

def quit_at_once(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    QTimer.singleShot(0, QApplication.quit)

application.window_hooks.append(quit_at_once)
cli.main([sys.argv[1]])
print(json.dumps(list(sys.modules)))
"""


def test_the_qt_free_layers_and_pydantic_are_imported_before_qt(tmp_path):
    """PySide6 reads the source of every module imported after it (its feature hook): the model's
    and pydantic's hundred and fifty modules come first, so that start-up does not pay for it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", START, str(SAMPLES / "fitness-watch.json")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    after_qt = modules[modules.index("PySide6"):]
    late = [name for name in after_qt if name.split(".")[0] in ("pydantic", "pydantic_core")
            or (name.startswith("app.") and not name.startswith(("app.ui", "app.i18n")))]
    assert late == [], late
    assert "app.ui.main_window" in after_qt  # the window was made


def test_opening_a_map_does_not_scan_the_installed_packages_for_pydantic_plugins():
    script = ("import sys; from app.model import load_map; load_map(sys.argv[1]); "
              "import pydantic.plugin._loader as plugins; print(plugins._plugins)")
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run([sys.executable, "-c", script, str(SAMPLES / "fitness-watch.json")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"  # never scanned (a scan leaves a dict, empty or not)


#: the editor started on a map; what it writes and looks through is logged against its canvas's first paint
ORDER = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from app import cli
from app.ui import application, file_session, main_window

log = []
add_recent, offer_recovery = file_session.FileSession.add_recent, main_window.MainWindow.offer_recovery
file_session.FileSession.add_recent = lambda self, path: (log.append("recent files written"), add_recent(self, path))
main_window.MainWindow.offer_recovery = lambda self, *a: (log.append("recovery looked for"), offer_recovery(self, *a))

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in log:
            log.append("painted")
            QTimer.singleShot(200, QApplication.quit)
        return False

def watch(window):
    window.first_paint = FirstPaint(window)
    window.canvas.viewport().installEventFilter(window.first_paint)

application.window_hooks.append(watch)
cli.main([sys.argv[1]])
print(log)
"""


def _on_a_fresh_x_server(command: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, str]:
    """Run ``command`` on an X server of its own; returns the result and, when Qt's xcb platform did not start,
    what the X server said and whether it took a client from the test process then.

    In several whole-suite CI runs Qt could not connect to the test's fresh Xvfb, each time on both tries (the
    last two on display :0 and on :183), and never when this module ran alone or under load here. That one
    failure of the platform's start, before any of the editor's code ran, is tried up to three times, each on
    a new X server, with a warning that keeps the server's side of it for the next look.
    """
    report = ""
    for attempt in (1, 2, 3):
        with xvfb_display() as display:
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                                    env={**env, "DISPLAY": display})
            if "no Qt platform plugin could be initialized" not in result.stderr:
                return result, ""
            report = x_server_report(display)
        if attempt < 3:
            warnings.warn(f"Qt's xcb platform did not start (try {attempt}), trying on a new X server: "
                          f"{result.stderr[-400:]}\n{report}", stacklevel=1)
    return result, report


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_the_map_is_painted_before_the_recent_files_are_written_and_recoveries_looked_for(tmp_path, platform):
    """Neither is needed to see the map: the recent files' write syncs a settings file to disk (12-20 ms)."""
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "QT_LOGGING_RULES": ""}  # Qt's reason, should it fail
    command = [sys.executable, "-c", ORDER, str(SAMPLES / "fitness-watch.json")]
    report = ""
    if platform == "xcb":
        result, report = _on_a_fresh_x_server(command, env)
    else:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, f"{result.stderr}\n{report}"
    log = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert log[0] == "painted"
    assert sorted(log[1:]) == ["recent files written", "recovery looked for"]


def test_work_after_the_first_paint_runs_once_after_it_or_after_the_longest_wait(qtbot, monkeypatch):
    """A window that is painted calls back right after its paint; one never painted (minimised, on another
    desktop) still calls back after the longest wait, so a crash's recovery is always offered; never twice."""
    from PySide6.QtWidgets import QWidget

    from app.ui import first_paint

    monkeypatch.setattr(first_paint, "LONGEST_WAIT_MS", 1000)
    shown, hidden = QWidget(), QWidget()
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    calls: list[str] = []
    first_paint.after_first_paint(shown, lambda: calls.append("shown"))
    first_paint.after_first_paint(hidden, lambda: calls.append("hidden"))
    shown.show()
    qtbot.waitUntil(lambda: "shown" in calls, timeout=900)  # by the paint, before the longest wait
    assert calls == ["shown"]
    qtbot.waitUntil(lambda: "hidden" in calls, timeout=3000)
    qtbot.wait(300)  # the shown widget's longest wait has passed too
    assert calls == ["shown", "hidden"]
