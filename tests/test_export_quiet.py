"""Exports speak only when something is wrong: Qt's font-database chatter stays off stderr."""

from __future__ import annotations

import os
import subprocess
import sys

from app.model import load_map, save_map
from tests.conftest import ROOT, SAMPLES


def test_an_image_export_of_text_in_many_scripts_prints_only_what_it_wrote(tmp_path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.cards[0].text = "客户旅程 שלום مرحبا नमस्ते สวัสดี"
    save_map(journey_map, tmp_path / "intl.json")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_LOGGING_RULES", None)
    result = subprocess.run([sys.executable, "-m", "app", "export", str(tmp_path / "intl.json"), "--png",
                             str(tmp_path / "m.png"), "--svg", str(tmp_path / "m.svg"), "--persona", "Lena"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "qt.text.font.db" not in result.stderr and "OpenType" not in result.stderr, result.stderr[:500]
    assert (tmp_path / "m.png").exists() and (tmp_path / "m.svg").exists()
