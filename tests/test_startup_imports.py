"""What the editor imports on its way to the first window, and in which order (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, SAMPLES

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
