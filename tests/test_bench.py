"""The benchmark keeps working: its quick run (smallest map) completes and writes its figures."""

from __future__ import annotations

import json
import os
import re
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
    # Issue 20's ratios, each printed with its target: paste, validate with duplicate ids, a long word, tiling.
    growth = figures["growth"]
    assert (growth["paste"]["few"], growth["paste"]["many"]) == (5, 500)
    assert growth["paste"]["paste_ratio"] > 0 and growth["paste"]["undo_ratio"] > 0
    assert (growth["validate"]["few"], growth["validate"]["many"]) == (500, 2000) and growth["validate"]["ratio"] > 0
    assert (growth["word"]["few"], growth["word"]["many"]) == (10_000, 100_000) and growth["word"]["ratio"] > 0
    tiling = growth["tiling"]
    assert tiling["sheets"] > 1 and tiling["tiled_bytes"] > 0 and tiling["size_ratio"] > 0
    merge = figures["merge"]  # issue 15: diff and merge against json.loads of the same files
    assert merge["changed_per_side"] == 25 and merge["diff_ratio"] > 0 and merge["merge_ratio"] > 0
    assert re.search(r"Merge of two branches of a 100-card map, 25 cards changed on each", result.stdout)
    health = figures["health"]  # issue 17: the live health check checks only the persona an edit touched
    assert health["cards"] == 100 and health["persona_update_s"] > 0 and health["whole_check_s"] > 0
    assert re.search(r"live: the persona an edit touched checked again +[\d.]+ ms", result.stdout)
    live = figures["live"]  # issue 21: latency, convergence and join, on loopback
    assert live["latency"]["edits"] == 10 and live["latency"]["median_ms"] > 0
    assert (live["convergence"]["clients"], live["convergence"]["cards"]) == (3, 115 + 30)
    assert live["convergence"]["converged_s"] > 0 and live["join"]["cards"] == 100 and live["join"]["join_ratio"] > 0
    for line in (r"an edit on the other editor's canvas \(median of 10, loopback\) +[\d.]+ ms +≤ 100 ms",
                 r"3 clients add 10 cards each at once, all converged +[\d.]+ s +≤ 5 s",
                 r"ratio join / open \(median of 2 pairs\) +[\d.]+x +≤ 2x"):
        assert re.search(line, result.stdout), line
    for line in (r"paste: 500 / 5 cards \(100x the cards\) +[\d.]+x +≤ 100x",
                 r"ratio 2,000 / 500 cards +[\d.]+x +≤ 5\.0x", r"ratio 100 KB / 10 KB +[\d.]+x +≤ 12\.0x",
                 r"time, tiled / untiled \(median of pairs\) +[\d.]+x +≤ 1\.5x",
                 r"size, tiled / untiled \(\d+ / \d+ KB\) +[\d.]+x +≤ 1\.5x"):
        assert re.search(line, result.stdout), line


def test_the_start_up_probe_starts_the_editor_as_the_command_does(tmp_path: Path):
    """The start-up figure is the user's `journeymap MAP`: the probe runs the command line's main
    (so a missing file ends there, as for the user) and reports the canvas's first paint."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}

    def probe(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bench.startup_probe", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    for args in (("app", str(ROOT / "sample_maps" / "fitness-watch.json")), ("bare",)):
        result = probe(*args)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.splitlines() == ["painted"]
    missing = probe("app", str(tmp_path / "missing.json"))
    assert missing.returncode == 1 and "painted" not in missing.stdout
    assert "there is no such file" in missing.stderr
