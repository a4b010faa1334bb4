"""The Qt-free layers really are Qt-free: they import with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

QT_FREE = [
    "app.model", "app.model.templates", "app.model.json_schema", "app.operations", "app.layout",
    "app.layout.palette", "app.layout.legend", "app.export.targets", "app.cli", "app.operations.changes",
    "app.recovery", "app.layout.card_fields", "app.layout.projector", "app.workshop.countdown",
    "app.workshop.voting", "app.insight.health", "app.insight.commands",
    "app.live.links", "app.live.transport", "app.live.server", "app.live.commands",
]

BLOCK_QT = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is blocked in this test: " + name)
sys.meta_path.insert(0, BlockQt())
import importlib
for module in sys.argv[1:]:
    importlib.import_module(module)
from app.cli import main
sys.exit(main(["validate", "sample_maps/fitness-watch.json"]))
"""


def test_qt_free_layers_import_without_qt():
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *QT_FREE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "fitness-watch.json: ok" in result.stdout
