"""The benchmark keeps working: its quick run (smallest map) completes and writes its figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_quick_benchmark_runs(tmp_path: Path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--json", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(out.read_text("utf-8"))
    assert figures["load_save"]["small"]["cards"] == 100
    edits = figures["canvas"]["small"]["edits_ms"]
    assert set(edits) == {"100 %", "fit width"}
    assert set(edits["100 %"]) == {"add_card", "edit_text", "move_card", "drag_emotion", "undo"}
    assert figures["exports"]["xlsx_s"] > 0
    assert "Load small (100 cards)" in result.stdout
