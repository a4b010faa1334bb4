"""Never losing work: kills during saves, autosave and recovery, files changed by others, bad input."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model import MapFileError, load_map, map_from_bytes, save_map
from app.model.fileformat import MAX_FILE_BYTES, TEMP_PREFIX, backup_path, remove_stale_temp_files
from app.recovery import find_recoveries
from app.ui.main_window import MainWindow
from app.ui.safety import install_exception_handler, log_file, recovery_folder
from bench.maps import big_map
from tests.conftest import ROOT, SAMPLES


def answer_with(monkeypatch, dialogs, text: str) -> None:
    """Make the next message box report the button with this text as clicked (and expect that box)."""
    dialogs.expect("box")

    def clicked(box):
        return next(b for b in box.buttons() if b.text().replace("&", "") == text)

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)


# --- saves killed at random moments -------------------------------------------------


def _save_forever(path: str, first: bytes, second: bytes) -> None:
    maps = [map_from_bytes(first), map_from_bytes(second)]
    n = 0
    while True:
        save_map(maps[n % 2], path, keep_backup=True)
        n += 1


@pytest.mark.slow
def test_kill_minus_nine_during_saves_never_leaves_a_broken_file(tmp_path: Path):
    old = big_map(cards=1000, personas=3, seed=1)
    new = big_map(cards=1100, personas=3, seed=2)
    path = tmp_path / "workshop.json"
    save_map(old, path)
    contents = {path.read_bytes()}
    started = time.perf_counter()
    save_map(new, tmp_path / "other.json")
    # A kill must be able to come after a whole save, whatever this machine's load: wait up to a few saves'
    # time (at most 0.6 s, so that a slow machine takes minutes, not a quarter of an hour).
    span = min(0.6, max(0.12, 4 * (time.perf_counter() - started)))
    contents.add((tmp_path / "other.json").read_bytes())
    (tmp_path / "other.json").unlink()
    first, second = sorted(contents)
    context = multiprocessing.get_context("fork")
    rng = random.Random(7)
    kills = 0
    seen = set()
    for attempt in range(300):
        if attempt and attempt % 30 == 0 and len(seen) < 2:
            # A loaded machine (CI beside other jobs) can take longer than the first estimate to fork
            # and finish a save: widen the window until the kills reach both versions.
            span = min(5.0, span * 2)
        process = context.Process(target=_save_forever, args=(str(path), first, second))
        process.start()
        time.sleep(rng.uniform(0.0, span))
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        kills += 1
        assert path.read_bytes() in contents  # always the old or the new content, whole
        seen.add(path.read_bytes())
        load_map(path)
        remove_stale_temp_files(tmp_path, min_age=0)  # what a start an hour later does
        assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    assert kills == 300
    assert seen == contents  # the kills really hit a process that was saving both versions
    if backup_path(path).exists():
        assert backup_path(path).read_bytes() in contents


def test_stale_temp_files_of_live_processes_are_kept(tmp_path: Path):
    mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abc.tmp"
    dead = tmp_path / f"{TEMP_PREFIX}999999999-abc.tmp"
    mine.write_text("x")
    dead.write_text("x")
    assert remove_stale_temp_files(tmp_path, min_age=0) == [dead]
    assert mine.exists()


def test_save_keeps_the_previous_version_as_bak(tmp_path: Path):
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path, keep_backup=True)
    assert not backup_path(path).exists()
    first = path.read_bytes()
    journey_map.title = "Second version"
    save_map(journey_map, path, keep_backup=True)
    assert backup_path(path).read_bytes() == first
    assert load_map(path).title == "Second version"


# --- the editor: autosave and recovery ----------------------------------------------


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_file(sample_path)
    window.autosaver.timer.setInterval(50)
    return window


def test_autosave_writes_the_journal_not_the_file(qtbot, window: MainWindow, sample_path: Path):
    before = sample_path.read_bytes()
    window.scene.add_card("awareness", "actions", "Autosaved idea")
    journal = window.autosaver.journal.path
    qtbot.waitUntil(journal.exists, timeout=3000)
    record = json.loads(journal.read_text("utf-8"))
    assert record["original_path"] == str(sample_path)
    assert any(card["text"] == "Autosaved idea" for card in record["map"]["cards"])
    assert sample_path.read_bytes() == before
    assert find_recoveries(recovery_folder()) == []  # this running session's own journal
    assert window.save_file()
    assert not journal.exists()  # saved: nothing to recover
    window.scene.add_card("awareness", "actions", "Another")
    qtbot.waitUntil(journal.exists, timeout=3000)
    window.autosaver.close()
    assert not journal.exists() and not window.autosaver.journal.lock.exists()


def test_autosave_waits_at_most_a_few_seconds_while_edits_keep_coming(window: MainWindow, monkeypatch):
    import app.ui.safety as safety

    clock = [1000.0]
    monkeypatch.setattr(safety.time, "monotonic", lambda: clock[0])
    window.autosaver.timer.setInterval(60_000)
    for step in range(7):
        window.scene.add_card("awareness", "actions", f"Idea {step}")
        clock[0] += 1.0
    assert window.autosaver.writes == 1  # the 6th second forced a write despite the debounce


def test_crash_then_restart_offers_the_work_back(qtbot, sample_path: Path, dialogs, monkeypatch):
    """End to end: a real editor process edits, autosaves, is killed; the next start restores."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from app.ui.application import create_application\n"
        "from app.ui.main_window import MainWindow\n"
        "app = create_application()\n"
        "w = MainWindow(); w.show(); w.open_file(sys.argv[1])\n"
        "def edit():\n"
        "    w.scene.add_card('purchase', 'pain-points', 'Crash-proof idea')\n"
        "    w.set_current_persona('athlete')\n"
        "    w.scene.emotion_dragged('awareness', -2)\n"
        "    print('edited', flush=True)\n"
        "QTimer.singleShot(100, edit)\n"
        "app.exec()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-c", script, str(sample_path)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout.readline().strip() == "edited"
        # The editor's own data folder (QStandardPaths with the app's names, under this test's HOME).
        folder = Path(os.environ["XDG_DATA_HOME"]) / "JourneyMap" / "JourneyMap Editor" / "recovery"
        qtbot.waitUntil(lambda: any(folder.glob("*.recovery.json")), timeout=10000)
        assert find_recoveries(folder) == []  # the process still runs: its autosave is not ours
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    recoveries = find_recoveries(folder)
    assert len(recoveries) == 1 and recoveries[0].title == "Fitness watch: from first ad to fan"
    expected = recoveries[0].journey_map()
    listing = subprocess.run([sys.executable, "-m", "app", "--recover"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=60)
    assert listing.returncode == 0 and str(recoveries[0].path) in listing.stdout
    window = MainWindow()
    qtbot.addWidget(window)
    answer_with(monkeypatch, dialogs, "Restore")
    assert window.offer_recovery(folder) == 1
    assert "Unsaved work was found" in dialogs.messages[-1][1]
    assert window.journey_map == expected
    assert window.journey_map.cards_in("beginner", "purchase", "pain-points")[-1].text == "Crash-proof idea"
    assert window.journey_map.emotion("athlete", "awareness").score == -2
    assert window.document.path == sample_path and window.isWindowModified()
    assert find_recoveries(folder) == []


def test_recovery_when_the_original_changed_keeps_both(qtbot, window: MainWindow, sample_path: Path, monkeypatch,
                                                       dialogs):
    window.scene.add_card("awareness", "actions", "Mine")
    window.autosaver.write_now()
    journal = window.autosaver.journal
    # Pretend this session died: its lock names a dead process.
    journal.lock.write_text("999999999")
    other = load_map(sample_path)
    other.title = "Colleague's version"
    save_map(other, sample_path)
    (recovery,) = find_recoveries(recovery_folder())
    assert recovery.original_changed()
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    answer_with(monkeypatch, dialogs, "Restore as Copy")
    assert fresh.offer_recovery() == 1
    assert fresh.document.path is None  # restored as an untitled copy
    assert load_map(sample_path).title == "Colleague's version"
    assert any(c.text == "Mine" for c in fresh.journey_map.cards)


def test_discard_and_decide_later(qtbot, window: MainWindow, monkeypatch, dialogs):
    window.scene.add_card("awareness", "actions", "Mine")
    window.autosaver.write_now()
    window.autosaver.journal.lock.write_text("999999999")
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    answer_with(monkeypatch, dialogs, "Decide Later")
    assert fresh.offer_recovery() == 0
    assert len(find_recoveries(recovery_folder())) == 1
    answer_with(monkeypatch, dialogs, "Discard")
    assert fresh.offer_recovery() == 0
    assert find_recoveries(recovery_folder()) == []


def test_unexpected_error_is_logged_autosaved_and_shown(window: MainWindow, dialogs, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_exception_handler(lambda: window)
    window.scene.add_card("awareness", "actions", "Precious")
    dialogs.expect("critical", "Unexpected error")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert "boom in a slot" in log_file().read_text("utf-8")
    kind, text = dialogs.messages[-1]
    assert kind == "critical" and "RuntimeError: boom in a slot" in text and "keeps running" in text
    assert str(window.autosaver.journal.path) in text
    assert window.autosaver.journal.path.exists()


# --- saving when something is wrong -------------------------------------------------------


def test_disk_full_keeps_the_old_file_and_the_map_unsaved(window: MainWindow, sample_path: Path, dialogs, monkeypatch):
    before = sample_path.read_bytes()
    window.scene.add_card("awareness", "actions", "Unsaved")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    dialogs.expect("critical", "Cannot save the map")
    assert not window.save_file()
    assert "No space left on device" in dialogs.messages[-1][1]
    assert sample_path.read_bytes() == before
    assert window.isWindowModified()
    assert not list(sample_path.parent.glob(f"{TEMP_PREFIX}*"))


def test_read_only_folder_keeps_the_map_unsaved(window: MainWindow, tmp_path: Path, dialogs, monkeypatch):
    import tempfile

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    window.scene.add_card("awareness", "actions", "Unsaved")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    dialogs.expect("critical", "Cannot save the map")
    assert not window.save_file(tmp_path / "elsewhere.json")
    assert "permission" in dialogs.messages[-1][1]
    assert window.isWindowModified() and window.document.path.name == "fitness-watch.json"


def test_saving_over_a_file_changed_by_someone_else_asks(window: MainWindow, sample_path: Path, dialogs,
                                                         monkeypatch):
    window.scene.add_card("awareness", "actions", "Mine")
    theirs = load_map(sample_path)
    theirs.title = "Theirs"
    save_map(theirs, sample_path)
    answer_with(monkeypatch, dialogs, "Cancel")
    assert not window.save_file()
    assert "was changed on disk" in dialogs.messages[-1][1]
    assert load_map(sample_path).title == "Theirs"
    answer_with(monkeypatch, dialogs, "Overwrite")
    assert window.save_file()
    assert any(c.text == "Mine" for c in load_map(sample_path).cards)
    # Now Reload: their next change replaces the open map.
    theirs.title = "Theirs again"
    save_map(theirs, sample_path)
    window.scene.add_card("awareness", "actions", "Mine too")
    answer_with(monkeypatch, dialogs, "Reload")
    assert not window.save_file()
    assert window.journey_map.title == "Theirs again" and not window.isWindowModified()


def test_outside_change_of_an_unmodified_file_is_offered_for_reload(qtbot, window: MainWindow, sample_path: Path,
                                                                    dialogs):
    theirs = load_map(sample_path)
    theirs.title = "Pulled from git"
    dialogs.expect("question", "Reload it?")
    save_map(theirs, sample_path)
    qtbot.waitUntil(lambda: window.journey_map.title == "Pulled from git", timeout=5000)
    assert "Reload it?" in dialogs.messages[-1][1]
    assert window.watcher.files() == [str(sample_path)]


def test_broken_file_offers_its_backup(window: MainWindow, sample_path: Path, dialogs):
    window.scene.add_card("awareness", "actions", "Saved twice")
    assert window.save_file()
    sample_path.write_bytes(b'{"format": "journey-map", "schema_ver')  # a colleague's half-synced copy
    dialogs.answers.append(QMessageBox.StandardButton.Open)
    assert window.open_file(sample_path)
    assert "not valid JSON" in dialogs.messages[-1][1]
    assert window.document.path is None and window.isWindowModified()
    assert window.journey_map.id == "fitness-watch"


# --- hostile input -----------------------------------------------------------------------


def test_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no data is written, none must be read
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a huge file"))
    with pytest.raises(MapFileError, match="map files are at most"):
        load_map(path)


def test_huge_texts_and_thousands_of_personas_open(qtbot, tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.cards[0].text = "long " * 20_000
    journey_map.cards[1].text = "x" * 100_000
    path = tmp_path / "long.json"
    save_map(journey_map, path)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(path)
    box = window.scene.layout.cards[journey_map.cards[1].id]
    assert sum(len(line) for line in box.lines) == 100_000
    many = big_map(cards=5000, personas=5000, phases=3, lanes=4, seed=5)
    many.emotions = []
    save_map(many, tmp_path / "many.json")
    assert window.open_file(tmp_path / "many.json")
    assert window.persona_tabs.count() == 5000


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzzed_files_only_ever_raise_the_one_error(data):
    source = (SAMPLES / "b2b-it-services.json").read_bytes()
    how = data.draw(st.sampled_from(["random", "flip", "cut", "splice", "json"]))
    if how == "random":
        blob = data.draw(st.binary(max_size=2000))
    elif how == "flip":
        blob = bytearray(source)
        for _ in range(data.draw(st.integers(1, 20))):
            blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
        blob = bytes(blob)
    elif how == "cut":
        blob = source[: data.draw(st.integers(0, len(source)))]
    elif how == "splice":
        at = data.draw(st.integers(0, len(source)))
        blob = source[:at] + data.draw(st.binary(max_size=50)) + source[at:]
    else:
        parsed = json.loads(source)
        key = data.draw(st.sampled_from(["cards", "phases", "personas", "emotions", "lanes"]))
        items = parsed[key]
        item = items[data.draw(st.integers(0, len(items) - 1))]
        field = data.draw(st.sampled_from(sorted(item)))
        item[field] = data.draw(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                                | st.text(max_size=10) | st.lists(st.integers(), max_size=2))
        blob = json.dumps(parsed).encode()
    try:
        map_from_bytes(blob, "fuzz.json")
    except MapFileError as exc:
        assert str(exc).startswith("fuzz.json: ")


def test_keyboard_capture_is_unaffected_by_autosave(qtbot, window: MainWindow):
    window.scene.set_current_cell(("awareness", "thoughts"))
    qtbot.keyClicks(window.canvas, "Typed while autosaving")
    window.autosaver.write_now()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert window.journey_map.cards_in("beginner", "awareness", "thoughts")[-1].text == "Typed while autosaving"
    QApplication.processEvents()


# --- untitled maps and the editor's own saves ---------------------------------------------


def test_an_untitled_map_is_autosaved_and_recovered_like_a_saved_one(qtbot, monkeypatch, dialogs):
    untitled = MainWindow()
    qtbot.addWidget(untitled)
    assert untitled.document.path is None
    phase, lane = untitled.journey_map.phases[0].id, untitled.journey_map.lanes[0].id
    untitled.scene.add_card(phase, lane, "Never saved, never lost")
    qtbot.waitUntil(lambda: untitled.autosaver.journal.path.exists(), timeout=10000)  # the debounced autosave
    untitled.autosaver.journal.lock.write_text("999999999")  # the session dies
    expected = untitled.journey_map.model_dump()
    (recovery,) = find_recoveries(recovery_folder())
    assert recovery.original_path is None and not recovery.original_changed()
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    answer_with(monkeypatch, dialogs, "Restore")
    assert fresh.offer_recovery() == 1
    assert "File: a new, unsaved map" in dialogs.messages[-1][1]
    assert fresh.journey_map.model_dump() == expected
    assert fresh.document.path is None and fresh.isWindowModified()
    assert find_recoveries(recovery_folder()) == []
    when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert fresh.statusBar().currentMessage() == f"Restored the autosave of {when}. Save to keep it."


def test_the_editors_own_saves_never_look_like_someone_elses_change(qtbot, window: MainWindow, sample_path: Path):
    for text in ("First", "Second", "Third"):
        window.scene.add_card("awareness", "actions", text)
        with qtbot.waitSignal(window.watcher.fileChanged, timeout=3000, raising=False):
            assert window.save_file()
        QApplication.processEvents()
        assert not window.document.changed_on_disk()
        assert "someone else" not in window.statusBar().currentMessage()
        assert window.watcher.files() == [str(sample_path)]  # still watching for the others' changes
        assert not window.isWindowModified()
    # Any question about a change on disk would have failed this test (the dialogs guard).
    saved = [c.text for c in load_map(sample_path).cards]
    assert {"First", "Second", "Third"} <= set(saved)
