"""The editor starts without the live sessions' network libraries: they load when a session starts."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_opening_the_editor_window_module_loads_no_network_library():
    script = ("import sys; import app.ui.main_window; "
              "print(sorted(name for name in sys.modules if name.split('.')[0] in "
              "('pycrdt', 'websockets', 'anyio', 'segno') or name.startswith('app.live')))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
