"""Two editors in separate processes, each on a real X server (Xvfb) of its own, share a map through a server
process: ``journeymap serve`` and the reference Yjs server (@y/websocket-server). Both cards typed appear in
both editors, and undo takes back only its own editor's card."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import main as cli
from tests.conftest import ROOT, SAMPLES, xvfb_display
from tests.live_servers import accepts, free_port, node_available, node_yjs_server

TOKEN = "live-process-test-token-0123"


@contextmanager
def journeymap_serve(store: Path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(port), "--store", str(store),
                               "--token", TOKEN], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not accepts(port) and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # polling another process's port: there is no signal to wait on
        assert accepts(port), server.stdout.read().decode() if server.poll() is not None else "no server"
        yield f"ws://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


def run_editors(base: str, room: str, folder: Path) -> list[dict]:
    link = f"{base}/{room}?token={TOKEN}"
    assert cli(["push", str(SAMPLES / "fitness-watch.json"), link]) == 0
    with xvfb_display("1280x800x24") as first_display, xvfb_display("1280x800x24") as second_display:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "xcb"}
        editors = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "live_editor_process.py"), link, role,
                                     str(folder)], cwd=ROOT, env={**env, "DISPLAY": display},
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for role, display in (("first", first_display), ("second", second_display))]
        return _reports(editors)


def _reports(editors: list[subprocess.Popen]) -> list[dict]:
    reports = []
    try:
        finished = [editor.communicate(timeout=90) for editor in editors]
        for editor, (out, _err) in zip(editors, finished, strict=True):
            assert editor.returncode == 0, "\n".join(e[-1500:] for _o, e in finished)
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for editor in editors:
            if editor.poll() is None:
                editor.kill()
                editor.wait(10)
    return reports


def check(reports: list[dict]) -> None:
    first, second = reports
    for report in reports:
        assert report["platform"] == "xcb"
        assert "typed by the second editor" in report["texts"]  # the other's card arrived and stayed
        assert "typed by the first editor" not in report["texts"]  # the first editor's own undo reached both
    assert first["undo_steps"] == 1 and second["undo_steps"] == 1  # each stack holds only its own step
    assert first["texts"] == second["texts"]


@pytest.mark.timeout(240)
def test_two_editor_processes_share_a_map_through_journeymap_serve(tmp_path):
    with journeymap_serve(tmp_path / "rooms") as base:
        check(run_editors(base, "workshop", tmp_path))


@pytest.mark.timeout(240)
@pytest.mark.skipif(not node_available(), reason="node or tools/yjs-server/node_modules missing (scripts/setup.sh)")
def test_two_editor_processes_share_a_map_through_the_reference_yjs_server(tmp_path):
    with node_yjs_server() as base:
        check(run_editors(base, "workshop", tmp_path))
