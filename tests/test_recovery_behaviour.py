"""The autosave journal as a crash survivor sees it: work left by a dead session is offered back, newest
first, with what it came from; a running session's autosave, a broken record or a broken map is not;
nothing of it is readable by others, and a clean end leaves nothing behind."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import __version__
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map, save_map
from app.recovery import RECOVERY_FORMAT, SUFFIX, RecoveryJournal, file_hash, find_recoveries
from tests.conftest import ROOT, SAMPLES

DEAD_PID = 2**31 - 2  # larger than any pid_max: no such process


def small_map(title: str = "Workshop Größe") -> JourneyMap:
    return JourneyMap(
        id="m", title=title, phases=[Phase(id="a", name="A")], lanes=[Lane(id="t", name="T", kind="touchpoints")],
        personas=[Persona(id="p", name="P")], cards=[Card(id="c", persona="p", phase="a", lane="t", text="Ad")],
    )


def crash(journal: RecoveryJournal) -> None:
    """The session dies: its lock stays behind naming a process that is gone."""
    journal.lock.write_text(str(DEAD_PID))


def record(folder: Path, session: str, **fields) -> Path:
    data = {"format": RECOVERY_FORMAT, "original_path": None, "saved_at": "2024-05-01T10:00:00Z",
            "app_version": "0.9", "base_hash": None, "title": "T", "map": small_map().model_dump(mode="json")}
    data.update(fields)
    path = folder / f"{session}{SUFFIX}"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_work_of_a_crashed_session_is_offered_back_with_where_it_came_from(tmp_path: Path):
    original = tmp_path / "map.json"
    save_map(small_map(), original)
    link = tmp_path / "link.json"
    link.symlink_to(original)
    folder = tmp_path / "recovery"
    journal = RecoveryJournal(folder)
    edited = small_map("Edited title")
    journal.write(edited, link, file_hash(original))
    assert find_recoveries(folder) == []  # this session is alive: its autosave is not a leftover
    crash(journal)
    (found,) = find_recoveries(folder)
    assert found.path == journal.path and found.session == journal.session
    assert found.original_path == original  # the link's target, the file a save would change
    assert found.title == "Edited title" and found.app_version == __version__
    assert found.base_hash == file_hash(original)
    assert abs(found.saved_at.timestamp() - time.time()) < 5 and found.saved_at.tzinfo == UTC
    assert found.journey_map().model_dump() == edited.model_dump()
    assert not found.original_changed()
    original.write_text(original.read_text("utf-8").replace("Workshop", "Changed by a colleague"), "utf-8")
    assert found.original_changed()
    original.unlink()
    assert found.original_changed()
    found.discard()
    assert not journal.path.exists() and find_recoveries(folder) == []
    found.discard()  # twice is harmless


def test_a_map_never_saved_has_no_original_to_compare(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    journal.write(small_map(), None, None)
    crash(journal)
    (found,) = find_recoveries(tmp_path)
    assert found.original_path is None and found.base_hash is None and not found.original_changed()


def test_the_autosave_is_private_and_readable_text(tmp_path: Path):
    folder = tmp_path / "deep" / "recovery"
    journal = RecoveryJournal(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert journal.session.startswith(f"{os.getpid()}-") and len(journal.session.split("-")[1]) == 8
    assert journal.lock.read_text() == str(os.getpid())
    assert stat.S_IMODE(journal.lock.stat().st_mode) == 0o600
    journal.write(small_map(), None, None)
    assert stat.S_IMODE(journal.path.stat().st_mode) == 0o600
    text = journal.path.read_bytes().decode("utf-8")
    assert "Workshop Größe" in text  # UTF-8, not escapes
    data = json.loads(text)
    assert data["format"] == RECOVERY_FORMAT and data["map"]["title"] == "Workshop Größe"
    assert datetime.strptime(data["saved_at"], "%Y-%m-%dT%H:%M:%SZ")


def test_an_existing_recovery_folder_is_made_private(tmp_path: Path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    RecoveryJournal(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_broken_map_is_refused_and_the_last_good_autosave_stays(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    journal.write(small_map(), None, None)
    good = journal.path.read_bytes()
    broken = small_map()
    broken.cards[0].__dict__["persona"] = "ghost"  # as a faulty edit could leave it
    with pytest.raises(ValueError, match=r"the map breaks its own rules \(cards\[0\]\.persona: no persona"):
        journal.write(broken, None, None)
    assert journal.path.read_bytes() == good


def test_clear_drops_the_autosave_and_close_the_lock_too(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    journal.write(small_map(), None, None)
    journal.clear()
    assert not journal.path.exists() and journal.lock.exists()
    journal.clear()
    journal.write(small_map(), None, None)
    journal.close()
    assert list(tmp_path.iterdir()) == []
    journal.close()


def test_leftovers_are_listed_newest_first_and_bad_records_skipped(tmp_path: Path):
    record(tmp_path, "1-old", saved_at="2024-05-01T10:00:00Z")
    record(tmp_path, "2-new", saved_at="2024-06-01T10:00:00Z", title="Newest")
    record(tmp_path, "3-mid", saved_at="2024-05-15T10:00:00Z", original_path=str(tmp_path / "m.json"))
    record(tmp_path, "4-format", format="something-else")
    record(tmp_path, "5-nomap", map=[1, 2])
    record(tmp_path, "6-time", saved_at="yesterday")
    record(tmp_path, "7-invalid", map={"id": "x"})
    record(tmp_path, "8-nokey", saved_at=None)
    (tmp_path / f"9-text{SUFFIX}").write_text("not json at all")
    (tmp_path / f"10-bytes{SUFFIX}").write_bytes(b"\xff\xfe\x00")
    found = find_recoveries(tmp_path)
    assert [r.session for r in found] == ["2-new", "3-mid", "1-old"]
    assert found[0].title == "Newest" and found[0].app_version == "0.9"
    assert found[0].saved_at == datetime(2024, 6, 1, 10, 0, 0, tzinfo=UTC)
    assert found[1].original_path == tmp_path / "m.json"


def test_missing_facts_of_an_older_record_read_as_empty(tmp_path: Path):
    path = record(tmp_path, "1-old")
    data = json.loads(path.read_text("utf-8"))
    del data["app_version"], data["title"], data["base_hash"], data["original_path"]
    path.write_text(json.dumps(data), "utf-8")
    (found,) = find_recoveries(tmp_path)
    assert (found.app_version, found.title, found.base_hash, found.original_path) == ("", "", None, None)


def test_a_live_sessions_autosave_is_not_offered_and_stale_locks_are_swept(tmp_path: Path):
    record(tmp_path, "1-live")
    (tmp_path / "1-live.lock").write_text(str(os.getpid()))
    record(tmp_path, "2-dead")
    (tmp_path / "2-dead.lock").write_text(str(DEAD_PID))
    (tmp_path / "3-stale.lock").write_text(str(DEAD_PID))  # a dead session that had nothing unsaved
    (tmp_path / "4-garbage.lock").write_text("not a pid")
    (tmp_path / "5-running.lock").write_text(str(os.getpid()))  # a running session with nothing unsaved yet
    assert [r.session for r in find_recoveries(tmp_path)] == ["2-dead"]
    assert sorted(p.name for p in tmp_path.glob("*.lock")) == ["1-live.lock", "2-dead.lock", "5-running.lock"]


def test_no_folder_means_nothing_to_recover(tmp_path: Path):
    assert find_recoveries(tmp_path / "never-made") == []


def test_file_hash_is_the_sha256_of_the_bytes_or_none(tmp_path: Path):
    path = tmp_path / "f.json"
    path.write_bytes(b"hello")
    assert file_hash(path) == hashlib.sha256(b"hello").hexdigest()
    assert file_hash(tmp_path / "missing.json") is None
    assert file_hash(None) is None
    assert file_hash(tmp_path) is None  # a folder is no file


def test_an_autosave_refused_for_a_broken_map_names_its_first_three_problems(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    broken = small_map()
    for card_id in ("c2", "c3", "c4"):
        broken.cards.append(Card(id=card_id, persona="p", phase="a", lane="t"))
    for card in broken.cards:
        card.__dict__["phase"] = "gone"
    with pytest.raises(ValueError) as caught:
        journal.write(broken, None, None)
    assert str(caught.value) == ("the map breaks its own rules (cards[0].phase: no phase with id 'gone'; "
                                 "cards[1].phase: no phase with id 'gone'; cards[2].phase: no phase with id 'gone')")


def test_the_autosave_time_is_utc_on_a_computer_in_another_zone(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TZ", "EST5")
    time.tzset()
    try:
        journal = RecoveryJournal(tmp_path)
        journal.write(small_map(), None, None)
        saved = json.loads(journal.path.read_text("utf-8"))["saved_at"]
        when = datetime.strptime(saved, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs(when.timestamp() - time.time()) < 5
    finally:
        monkeypatch.undo()
        time.tzset()


def test_text_from_newer_versions_is_kept_even_where_utf8_cannot_hold_it(tmp_path: Path):
    journal = RecoveryJournal(tmp_path)
    kept = small_map()
    kept.__pydantic_extra__["future"] = "lone \ud800 surrogate"  # unknown fields are kept as they came
    journal.write(kept, None, None)
    crash(journal)
    (found,) = find_recoveries(tmp_path)
    assert found.data["future"] == "lone \ud800 surrogate"


def test_a_recovered_map_that_no_longer_reads_names_the_recovery_file(tmp_path: Path):
    from app.model import MapFileError

    path = record(tmp_path, "1-old")
    (found,) = find_recoveries(tmp_path)
    found.data["phases"] = "not a list"
    with pytest.raises(MapFileError) as caught:
        found.journey_map()
    assert path.name in str(caught.value)


def test_a_folder_whose_mode_cannot_be_changed_still_takes_autosaves(tmp_path: Path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError("not the owner")

    monkeypatch.setattr("app.recovery.os.chmod", refuse)
    journal = RecoveryJournal(tmp_path)
    journal.write(small_map(), None, None)
    assert journal.path.exists()


def test_every_leftover_is_found_whatever_order_the_folder_lists_them_in(tmp_path: Path):
    for i in range(10):
        record(tmp_path, f"{i}-good", saved_at=f"2024-05-{i + 10}T10:00:00Z")
        record(tmp_path, f"{i}-bad", format="other")
    assert [r.session for r in find_recoveries(tmp_path)] == [f"{i}-good" for i in reversed(range(10))]


def test_a_lock_longer_than_any_pid_was_not_written_by_this_app(tmp_path: Path):
    record(tmp_path, "1-odd")
    (tmp_path / "1-odd.lock").write_text(str(os.getpid()).rjust(65))  # 65 bytes: not one of our locks
    record(tmp_path, "2-ours")
    (tmp_path / "2-ours.lock").write_text(str(os.getpid()).rjust(64))
    assert [r.session for r in find_recoveries(tmp_path)] == ["1-odd"]


def test_a_stale_lock_removed_by_someone_else_meanwhile_is_no_error(tmp_path: Path, monkeypatch):
    (tmp_path / "3-stale.lock").write_text(str(DEAD_PID))

    def already_gone(self, missing_ok=False):
        raise FileNotFoundError(self)

    monkeypatch.setattr(Path, "unlink", already_gone)
    assert find_recoveries(tmp_path) == []


# --- a crashed editor's pid that still exists (a zombie, a reused pid) --------------------------

ON_PROC = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process ages are read from /proc")
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


@ON_PROC
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


@ON_PROC
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
