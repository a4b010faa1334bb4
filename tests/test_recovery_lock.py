"""A crashed editor's autosave is offered back even while its pid still exists (a zombie, or a reused pid)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.model import load_map
from app.recovery import SUFFIX, RecoveryJournal, find_recoveries
from tests.conftest import ROOT, SAMPLES

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process ages are read from /proc")

EDITOR = """
import sys, time
from app.model import load_map
from app.recovery import RecoveryJournal
journal = RecoveryJournal(sys.argv[1])
journal.write(load_map(sys.argv[2]), None, None)
print(journal.session, flush=True)
time.sleep(120)
"""


def process_state(pid: int) -> str:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()[0]


def test_the_autosave_of_a_killed_editor_is_offered_while_it_is_still_a_zombie(tmp_path: Path):
    editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(tmp_path), str(SAMPLES / "fitness-watch.json")],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        session = editor.stdout.readline().strip()
        assert find_recoveries(tmp_path) == []  # it runs: its autosave is not a crash's
        os.kill(editor.pid, signal.SIGKILL)  # and nobody has collected it yet: a zombie keeps its pid
        deadline = time.monotonic() + 10
        while process_state(editor.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process_state(editor.pid) == "Z"
        (found,) = find_recoveries(tmp_path)
        assert found.session == session and found.title == load_map(SAMPLES / "fitness-watch.json").title
    finally:
        editor.kill()
        editor.wait(timeout=10)


def test_a_pid_reused_by_a_process_started_after_the_lock_does_not_hide_the_autosave(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    journal.write(load_map(SAMPLES / "fitness-watch.json"), None, None)
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        journal.lock.write_text(str(stranger.pid))  # as if the editor had had the stranger's pid before a reboot
        written = time.time() - 3600
        os.utime(journal.lock, (written, written))
        (found,) = find_recoveries(tmp_path)
        assert found.path == journal.path
        # The same pid in a lock written after the process started belongs to a running editor.
        os.utime(journal.lock, None)
        assert find_recoveries(tmp_path) == []
        assert (tmp_path / f"{journal.session}{SUFFIX}").exists()
    finally:
        stranger.kill()
        stranger.wait(timeout=10)
