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

from app import __version__, i18n
from app import recovery as recovery_module
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map, map_problems, save_map
from app.recovery import (
    RECOVERY_FORMAT,
    SUFFIX,
    RecoveryJournal,
    file_hash,
    find_recoveries,
    salvage_map,
    scan_recoveries,
)
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



# --- issue 20: a bad journal hides nothing, and what does not read is listed (no Qt) ---------------

def sample_data() -> dict:
    return json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))


def journal(folder: Path, session: str, *, text: str | None = None, raw: bytes | None = None, **fields) -> Path:
    """A recovery file a dead session left (its lock names no live process)."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {"format": RECOVERY_FORMAT, "original_path": None, "saved_at": "2024-05-01T10:00:00Z",
              "app_version": "0.9", "base_hash": None, "title": f"Map {session}", "map": sample_data()}
    record.update(fields)
    path = folder / f"{session}{SUFFIX}"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text if text is not None else json.dumps(record), "utf-8")
    (folder / f"{session}.lock").write_text(str(DEAD_PID))
    return path


def lane_kind_broken() -> dict:
    """A map after an edit that skipped the rules (issue 11): a lane with cards became the emotion curve."""
    data = sample_data()
    for lane in data["lanes"]:
        if lane["id"] == "actions":
            lane["kind"] = "emotions"
    return data


# --- B4: one bad journal breaks nothing --------------------------------------------------------


@pytest.mark.parametrize("content", ["[]", "null", "42", '"text"', "true"])
def test_a_journal_of_json_that_is_no_object_hides_no_good_journal(tmp_path: Path, content: str):
    good = journal(tmp_path, "1-good")
    bad = journal(tmp_path, "2-bad", text=content)
    assert [r.path for r in find_recoveries(tmp_path)] == [good]
    scan = scan_recoveries(tmp_path)
    (broken,) = scan.broken
    assert broken.path == bad and "not a recovery record: the file holds a JSON" in broken.problem
    assert broken.salvage() is None and bad.exists()


# --- B5: what does not read or validate is listed, with what is wrong ----------------------------


def test_journals_that_do_not_read_or_validate_are_listed_with_what_is_wrong(tmp_path: Path):
    whole = json.dumps({"format": RECOVERY_FORMAT, "original_path": None, "saved_at": "2024-05-02T10:00:00Z",
                        "title": "Cut", "map": sample_data()})
    cut = journal(tmp_path, "1-cut", text=whole[: len(whole) // 2])
    newer = sample_data()
    newer["schema_version"] = "2.0"
    journal(tmp_path, "2-newer", map=newer, saved_at="2024-05-03T10:00:00Z")
    journal(tmp_path, "3-lanes", map=lane_kind_broken(), saved_at="2024-05-04T10:00:00Z", title="Lane edit")
    bad_utf8 = json.dumps({"format": RECOVERY_FORMAT, "saved_at": "2024-05-05T10:00:00Z", "title": "Bytes",
                           "map": sample_data()}).encode().replace(b"Fitness watch", b"Fitness \xff watch")
    journal(tmp_path, "4-utf8", raw=bad_utf8)
    journal(tmp_path, "5-time", saved_at="yesterday")
    journal(tmp_path, "6-format", format="something-else")
    journal(tmp_path, "7-good")
    scan = scan_recoveries(tmp_path)
    assert [r.session for r in scan.found] == ["7-good"]
    problems = {b.session: b.problem for b in scan.broken}
    assert "(the file is cut off)" in problems["1-cut"]
    assert "needs a newer version of the app" in problems["2-newer"]
    assert "is the emotion curve and holds no cards" in problems["3-lanes"]
    assert "not UTF-8 text (byte 0xff on line 1)" in problems["4-utf8"]
    assert "time of the autosave does not read" in problems["5-time"]
    assert "not a recovery record of this app" in problems["6-format"]
    by_session = {b.session: b for b in scan.broken}
    assert by_session["3-lanes"].title == "Lane edit"
    assert by_session["1-cut"].saved_at.timestamp() == pytest.approx(cut.stat().st_mtime, abs=1)
    # Listing deletes nothing, and their locks stay with them.
    assert len(list(tmp_path.glob(f"*{SUFFIX}"))) == 7 and len(list(tmp_path.glob("*.lock"))) == 7
    assert len(scan_recoveries(tmp_path)) == 7  # offered again


def test_what_can_be_read_of_a_broken_map_opens_as_a_valid_map(tmp_path: Path):
    data = lane_kind_broken()
    cards = len(data["cards"])
    salvage = salvage_map(data)
    assert salvage is not None and map_problems(salvage.journey_map) == []
    assert len(salvage.journey_map.cards) == cards  # every card kept: the lane became a notes lane
    assert salvage.journey_map.lane("actions").kind == "notes" and salvage.lanes_made_notes == ["Customer actions"]
    assert not salvage.complete
    # An item that does not read, or refers to nothing, is left out; the rest stays.
    data = sample_data()
    data["cards"][0]["persona"] = "ghost"
    data["cards"][1]["severity"] = "very"
    data["emotions"].append(dict(data["emotions"][0]))
    data["created"] = "not a time"
    salvage = salvage_map(data)
    assert salvage.left_out == {"cards": 2, "emotions": 1} and salvage.fields_reset == ["created"]
    assert len(salvage.journey_map.cards) == cards - 2 and map_problems(salvage.journey_map) == []
    # What cannot be read is not guessed at.
    newer = sample_data()
    newer["schema_version"] = "2.0"
    assert salvage_map(newer) is None and salvage_map([]) is None
    # A valid map comes back whole.
    assert salvage_map(sample_data()).complete


def test_a_journal_with_bad_utf8_opens_what_reads(tmp_path: Path):
    raw = json.dumps({"format": RECOVERY_FORMAT, "saved_at": "2024-05-05T10:00:00Z", "title": "Bytes",
                      "map": sample_data()}).encode().replace(b"Fitness watch", b"Fitness \xff watch")
    journal(tmp_path, "1-utf8", raw=raw)
    (broken,) = scan_recoveries(tmp_path).broken
    salvage = broken.salvage()
    assert salvage is not None and salvage.journey_map.title.startswith("Fitness \ufffd watch")


# --- A1: a journal whose folder cannot be written ---------------------------------------------


def test_a_journal_that_cannot_start_takes_its_folder_when_it_can(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(NotADirectoryError):
        RecoveryJournal(blocker / "recovery")
    later = RecoveryJournal(blocker / "recovery", start=False)
    assert not later.started
    with pytest.raises(OSError):
        later.write(load_map(SAMPLES / "fitness-watch.json"), None, None)
    later.folder = tmp_path / "recovery"  # the disk is writable again
    later.path, later.lock = later.folder / later.path.name, later.folder / later.lock.name
    later.write(load_map(SAMPLES / "fitness-watch.json"), None, None)
    assert later.started and later.path.exists() and later.lock.read_text() == str(os.getpid())


def test_each_way_a_journal_is_wrong_is_named_exactly(tmp_path: Path):
    (tmp_path / f"1-folder{SUFFIX}").mkdir()
    journal(tmp_path, "2-extra", text='{"format": "journey-map-recovery"} and more')
    journal(tmp_path, "3-deep", text="[" * 100_000 + "]" * 100_000)
    journal(tmp_path, "4-nomap", map=[1, 2])
    journal(tmp_path, "5-list", text="[]")
    journal(tmp_path, "6-null", text="null")
    journal(tmp_path, "7-format", format=None)
    journal(tmp_path, "8-cut", text='{"format": "journey-map-recovery", "title": "x"')
    journal(tmp_path, "9-bytes-and-cut", raw=b'{"title": "\xff')
    problems = {b.session: b.problem for b in scan_recoveries(tmp_path).broken}
    assert problems == {
        "1-folder": "this is a folder, not a file",
        "2-extra": "not valid JSON at line 1, column 36: Extra data",
        "3-deep": "not valid JSON",
        "4-nomap": "the record holds no map",
        "5-list": "not a recovery record: the file holds a JSON list, not an object",
        "6-null": "not a recovery record: the file holds a JSON null, not an object",
        "7-format": 'not a recovery record of this app ("format" is None)',
        "8-cut": "not valid JSON at line 1, column 48: Expecting ',' delimiter (the file is cut off)",
        "9-bytes-and-cut": "the file is not UTF-8 text (byte 0xff on line 1)",
    }


def test_what_a_broken_journal_still_tells_is_kept(tmp_path: Path):
    folder_file = tmp_path / f"0-folder{SUFFIX}"
    folder_file.mkdir()
    journal(tmp_path, "1-time", saved_at=None, title=5, original_path=str(tmp_path / "m.json"))
    journal(tmp_path, "2-invalid", map={**lane_kind_broken(), "title": "From the map"}, title=None,
            original_path=7)
    journal(tmp_path, "3-nomap", map="x", title="Kept title")
    os.utime(tmp_path / f"1-time{SUFFIX}", (1_700_000_000, 1_700_000_000))
    broken = {b.session: b for b in scan_recoveries(tmp_path).broken}
    timed = broken["1-time"]
    assert timed.saved_at == datetime.fromtimestamp(1_700_000_000, UTC)  # no time of its own: the file's
    assert timed.title == "Fitness watch: from first ad to fan"  # a title that is no text: the map's
    assert timed.original_path == tmp_path / "m.json"
    assert timed.salvage().complete and timed.salvage().journey_map == load_map(SAMPLES / "fitness-watch.json")
    invalid = broken["2-invalid"]
    assert invalid.title == "From the map" and invalid.original_path is None
    assert invalid.saved_at == datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)
    assert invalid.problem.startswith("not a valid journey map: cards[")
    assert invalid.problem.endswith(" more)") and "\n" not in invalid.problem  # one line, with how many more
    assert broken["3-nomap"].title == "Kept title" and broken["3-nomap"].data is None
    assert broken["3-nomap"].salvage() is None
    assert broken["0-folder"].title == "" and broken["0-folder"].original_path is None
    assert len(scan_recoveries(tmp_path)) == 4
    broken["3-nomap"].discard()
    assert not (tmp_path / f"3-nomap{SUFFIX}").exists() and len(scan_recoveries(tmp_path)) == 3
    broken["3-nomap"].discard()  # twice is harmless


def test_a_journal_of_a_live_session_is_not_listed_even_when_broken(tmp_path: Path):
    journal(tmp_path, "1-live", text="[]")
    (tmp_path / "1-live.lock").write_text(str(os.getpid()))
    assert len(scan_recoveries(tmp_path)) == 0


def test_a_good_journal_reads_its_facts_as_their_types(tmp_path: Path):
    journal(tmp_path, "1-odd", base_hash=12, title=34, app_version=5.0, original_path="")
    (found,) = find_recoveries(tmp_path)
    assert (found.base_hash, found.title, found.app_version, found.original_path) == (None, "34", "5.0", None)


def test_a_salvage_leaves_out_what_does_not_read_and_keeps_the_rest():
    data = sample_data()
    data["phases"].append(dict(data["phases"][0]))  # a repeated id
    data["personas"].append({"id": "bad id!", "name": "X"})
    data["cards"] = {"not": "a list"}
    data["emotions"][0]["persona"] = "ghost"
    data["emotions"].append(dict(data["emotions"][1]))  # a second point for one persona and phase
    data["id"] = "not an id!"
    data["title"] = 5
    data["schema_version"] = "one"
    salvage = salvage_map(data)
    assert salvage is not None and map_problems(salvage.journey_map) == []
    assert salvage.left_out == {"phases": 1, "personas": 1, "cards": 1, "emotions": 2}
    assert sorted(salvage.fields_reset) == ["id", "title"]
    assert salvage.journey_map.id == "recovered-map" and salvage.journey_map.title == "Recovered map"
    assert salvage.journey_map.schema_version == "1.0" and salvage.journey_map.cards == []
    assert len(salvage.journey_map.phases) == len(sample_data()["phases"])
    assert len(salvage.journey_map.emotions) == len(sample_data()["emotions"]) - 1
    assert not salvage.complete and salvage.lanes_made_notes == []


def test_a_salvage_does_not_guess_at_another_major_version_or_at_no_map():
    for version in ("0.9", "2.0", "10.1"):
        data = sample_data()
        data["schema_version"] = version
        assert salvage_map(data) is None
    assert salvage_map(None) is None and salvage_map("map") is None
    same_major = sample_data()
    same_major["schema_version"] = "1.7"
    same_major["cards"][0]["lane"] = "nowhere"
    salvage = salvage_map(same_major)
    assert salvage.left_out == {"cards": 1} and salvage.journey_map.schema_version == "1.7"


def test_a_salvaged_emotion_lane_without_cards_stays_the_curve():
    data = lane_kind_broken()
    data["lanes"].append({"id": "second-curve", "name": "", "kind": "emotions"})
    data["lanes"] = [lane for lane in data["lanes"] if lane["id"] != "emotions"]
    salvage = salvage_map(data)
    kinds = {lane.id: lane.kind for lane in salvage.journey_map.lanes}
    assert kinds["actions"] == "notes" and kinds["second-curve"] == "emotions"
    assert salvage.lanes_made_notes == ["Customer actions"] and salvage.left_out == {}
    data["lanes"][1]["name"] = ""
    assert salvage_map(data).lanes_made_notes == ["actions"]  # a lane without a name by its id



@pytest.mark.parametrize("orphan", [{"persona": "nobody"}, {"phase": "gone"}])
def test_a_card_the_salvage_leaves_out_does_not_cost_the_emotion_curve(orphan):
    """Only cards the copy keeps make an emotion lane a notes lane."""
    data = sample_data()
    curve = next(lane["id"] for lane in data["lanes"] if lane["kind"] == "emotions")
    card = {**data["cards"][0], "id": "c-orphan", "lane": curve, **orphan}
    data["cards"].append(card)
    salvage = salvage_map(data)
    assert {lane.id: lane.kind for lane in salvage.journey_map.lanes}[curve] == "emotions"
    assert salvage.lanes_made_notes == [] and salvage.left_out == {"cards": 1}
    assert "c-orphan" not in {c.id for c in salvage.journey_map.cards}

@pytest.mark.parametrize("created", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_a_journal_whose_map_overflows_a_date_hides_nothing(tmp_path: Path, created: str):
    good = journal(tmp_path, "1-good")
    data = sample_data()
    data["created"] = created
    odd = journal(tmp_path, "2-date", map=data)
    scan = scan_recoveries(tmp_path)
    assert [r.path for r in scan.found] == [good] or sorted(r.path for r in scan.found) == sorted([good, odd])
    for broken in scan.broken:  # if the model refuses the date, the rest of the map opens as a copy
        assert broken.path == odd
        salvage = broken.salvage()
        assert salvage is not None and len(salvage.journey_map.cards) == len(data["cards"])


def test_a_journal_that_breaks_the_reading_itself_is_listed_not_raised(tmp_path: Path, monkeypatch):
    journal(tmp_path, "1-good")
    journal(tmp_path, "2-odd")
    real = recovery_module._examine

    def explode(path):
        if path.name.startswith("2-"):
            raise KeyError("something nobody thought of")
        return real(path)

    monkeypatch.setattr(recovery_module, "_examine", explode)
    scan = scan_recoveries(tmp_path)
    assert [r.session for r in scan.found] == ["1-good"]
    (broken,) = scan.broken
    assert broken.problem == "the file could not be examined (KeyError: 'something nobody thought of')"


def test_what_is_wrong_with_a_journal_is_said_exactly_and_keeps_what_the_record_tells(tmp_path: Path, monkeypatch):
    """Each way a journal is broken, in its exact words, with the title and time the record still holds;
    the broken ones newest first."""
    wrong_format = journal(tmp_path, "1-format", format="other-app", title="Kick-off", saved_at="2024-05-03T10:00:00Z")
    no_time = journal(tmp_path, "2-time", saved_at="yesterday", title="Review")
    data = sample_data()
    data["cards"] = "not a list"
    journal(tmp_path, "3-cards", map=data, title="Cards", saved_at="2024-05-02T10:00:00Z")
    journal(tmp_path, "4-bytes", raw=b'{"title": "x",\n "map": "\xff"}')

    def raising(_data, _path=None):
        raise ValueError("odd")

    broken = {b.session: b for b in scan_recoveries(tmp_path).broken}
    assert broken["1-format"].problem == 'not a recovery record of this app ("format" is \'other-app\')'
    assert (broken["1-format"].title, broken["1-format"].saved_at) == ("Kick-off", datetime(2024, 5, 3, 10, tzinfo=UTC))
    assert (broken["2-time"].problem, broken["2-time"].title) == ("the time of the autosave does not read", "Review")
    assert broken["4-bytes"].problem == "the file is not UTF-8 text (byte 0xff on line 2)"
    assert broken["3-cards"].title == "Cards" and broken["3-cards"].problem.startswith("not a valid journey map")
    monkeypatch.setattr(recovery_module, "map_from_data", raising)
    odd = {b.session: b for b in scan_recoveries(tmp_path).broken}
    assert odd["3-cards"].problem == "the map does not read (ValueError: odd)" and odd["3-cards"].title == "Cards"
    assert [b.session for b in scan_recoveries(tmp_path).broken][-2:] == ["1-format", "3-cards"]  # newest first
    assert wrong_format.exists() and no_time.exists()


def test_a_long_list_of_problems_is_cut_to_its_first_two_lines():
    first_line = recovery_module._first_line
    assert first_line("one") == "one"
    assert first_line("not valid:\n  a\n") == "not valid: a"
    assert first_line("not valid:\n  a\n  b") == "not valid: a (and 1 more)"
    assert first_line("not valid:\n  a\n  b\n  c\n\n") == "not valid: a (and 2 more)"


def test_a_journal_whose_file_time_does_not_read_is_dated_at_the_epoch(tmp_path: Path, monkeypatch):
    path = journal(tmp_path, "1-cut", text='{"format": "journey-map-recovery", "map": {')
    real_stat = Path.stat

    def stat_fails_for_the_journal(self, *args, **kwargs):
        if self == path and not kwargs and not args:
            raise OSError("gone")
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(recovery_module, "read_regular_file", lambda _p: path.read_bytes())
    monkeypatch.setattr(Path, "stat", stat_fails_for_the_journal)
    broken = recovery_module._examine(path)
    assert broken.saved_at == datetime(1970, 1, 1, tzinfo=UTC)


# --- issue 11: behaviour the mutation run found untested ----------------------------------------------


def test_a_map_that_reads_whole_salvages_complete_with_nothing_to_report():
    salvage = salvage_map(sample_data())
    assert salvage.complete
    assert salvage.left_out == {} and salvage.fields_reset == [] and salvage.lanes_made_notes == []
    assert ", ".join(salvage.fields_reset) == ""  # what the recovery dialog shows


def test_a_salvage_does_not_report_the_format_name_as_reset():
    data = sample_data()
    data["format"] = "journey-map-draft"
    data["cards"][0]["lane"] = "nowhere"
    salvage = salvage_map(data)
    assert salvage.fields_reset == [] and salvage.left_out == {"cards": 1}
    assert salvage.journey_map.format == "journey-map"


def test_a_map_that_lost_every_field_but_its_lists_is_salvaged_as_a_recovered_map():
    data = {name: sample_data()[name] for name in ("phases", "lanes", "personas", "cards", "emotions")}
    salvage = salvage_map(data)
    assert salvage is not None
    assert salvage.journey_map.title == "Recovered map" and salvage.journey_map.id == "recovered-map"
    assert sorted(salvage.fields_reset) == ["id", "title"]
    assert len(salvage.journey_map.cards) == len(data["cards"])


def test_a_list_the_map_does_not_have_is_not_counted_as_left_out():
    data = sample_data()
    del data["emotions"]
    data["cards"][0]["lane"] = "nowhere"
    salvage = salvage_map(data)
    assert salvage.left_out == {"cards": 1}
    assert salvage.journey_map.emotions == []


def test_items_after_one_that_does_not_read_are_kept():
    data = sample_data()
    count = len(data["cards"])
    data["cards"][0]["id"] = "not an id!"
    data["cards"][1]["votes"] = "many"
    salvage = salvage_map(data)
    assert salvage.left_out == {"cards": 2}
    assert [card.id for card in salvage.journey_map.cards] == [card["id"] for card in data["cards"][2:]]
    assert len(salvage.journey_map.cards) == count - 2


def test_emotion_points_that_do_not_read_and_that_refer_to_nothing_are_counted_together():
    data = sample_data()
    data["emotions"][0]["score"] = 99  # does not read
    data["emotions"][1]["persona"] = "ghost"  # refers to nothing
    salvage = salvage_map(data)
    assert salvage.left_out == {"emotions": 2}
    assert len(salvage.journey_map.emotions) == len(data["emotions"]) - 2


def test_a_journal_that_cannot_be_examined_is_listed_last_with_no_title_under_its_own_file(tmp_path: Path,
                                                                                            monkeypatch):
    journal(tmp_path, "1-old", saved_at="1971-01-01T00:00:00Z", map={"not": "a map"})
    odd = journal(tmp_path, "2-odd")
    real = recovery_module._examine

    def explode(path):
        if path.name.startswith("2-"):
            raise RuntimeError("boom")
        return real(path)

    monkeypatch.setattr(recovery_module, "_examine", explode)
    scan = scan_recoveries(tmp_path)
    assert [r.session for r in scan.broken] == ["1-old", "2-odd"]
    broken = scan.broken[1]
    assert broken.path == odd and broken.session == "2-odd"
    assert broken.title == "" and broken.original_path is None and broken.salvage() is None
    assert broken.saved_at == datetime(1970, 1, 1, tzinfo=UTC)
    assert broken.problem == "the file could not be examined (RuntimeError: boom)"


def test_without_proc_a_running_process_counts_as_alive(tmp_path: Path, monkeypatch):
    """Not Linux (no /proc): the process exists, its age is unknown, so its lock is believed."""
    lock = tmp_path / "s.lock"
    lock.write_text(str(os.getpid()))
    read_text = Path.read_text

    def no_proc(self, *args, **kwargs):
        if str(self).startswith("/proc/"):
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", no_proc)
    assert recovery_module._process_started(os.getpid()) == float("-inf")
    assert recovery_module._session_alive(os.getpid(), lock)


@ON_PROC
@pytest.mark.parametrize("state, alive", [("Z", False), ("X", False), ("S", True), ("R", True)])
def test_a_process_the_kernel_reports_dead_does_not_hold_its_lock(tmp_path: Path, monkeypatch, state, alive):
    lock = tmp_path / "s.lock"
    lock.write_text(str(os.getpid()))
    read_text = Path.read_text
    mine = f"/proc/{os.getpid()}/stat"

    def stat_in_state(self, *args, **kwargs):
        text = read_text(self, *args, **kwargs)
        if str(self) == mine:
            at = text.rindex(")") + 2
            text = text[:at] + state + text[at + 1:]
        return text

    monkeypatch.setattr(Path, "read_text", stat_in_state)
    assert recovery_module._session_alive(os.getpid(), lock) is alive


@ON_PROC
def test_an_editor_whose_program_name_holds_a_parenthesis_is_seen_running(tmp_path: Path):
    program = tmp_path / "ed) Z 1 (x"  # the name /proc shows in parentheses
    program.symlink_to(sys.executable)
    editor = subprocess.Popen([str(program), "-c", "import time; time.sleep(60)"])
    try:
        deadline = time.monotonic() + 10
        while "ed)" not in Path(f"/proc/{editor.pid}/stat").read_text() and time.monotonic() < deadline:
            time.sleep(0.01)
        lock = tmp_path / "s.lock"
        lock.write_text(str(editor.pid))
        started = recovery_module._process_started(editor.pid)
        assert started is not None and abs(started - time.time()) < 30
        assert recovery_module._session_alive(editor.pid, lock)
    finally:
        editor.kill()
        editor.wait(timeout=10)


def test_a_lock_that_is_gone_holds_nothing_even_for_a_live_pid(tmp_path: Path):
    assert not recovery_module._session_alive(os.getpid(), tmp_path / "gone.lock")


@pytest.mark.parametrize("after, alive", [(0.0, True), (2.0, True), (2.5, False), (60.0, False)])
def test_a_process_started_more_than_two_seconds_after_its_lock_did_not_write_it(tmp_path: Path, monkeypatch,
                                                                                  after, alive):
    lock = tmp_path / "s.lock"
    lock.write_text(str(os.getpid()))
    os.utime(lock, (1_000_000, 1_000_000))
    monkeypatch.setattr(recovery_module, "_process_started", lambda _pid: 1_000_000 + after)
    assert recovery_module._session_alive(os.getpid(), lock) is alive


@pytest.mark.parametrize("language, counted", [
    ("en", ["(and 1 more)", "(and 2 more)"]),
    ("de", ["(und 1 weiteres Problem)", "(und 2 weitere Probleme)"]),
])
def test_a_broken_journal_counts_the_problems_its_line_leaves_out_in_the_editors_language(
        tmp_path: Path, language: str, counted: list[str]):
    i18n.set_language(language)
    for bad_cards, words in zip((2, 3), counted, strict=True):
        data = sample_data()
        for card in data["cards"][:bad_cards]:
            card["severity"] = 9
        folder = tmp_path / f"{bad_cards}-bad"
        journal(folder, "1-severity", map=data)
        (broken,) = scan_recoveries(folder).broken
        assert broken.problem.endswith(words) and broken.problem.count("cards[") == 1


def test_an_item_that_repeats_an_id_is_left_out_and_the_items_after_it_are_kept():
    data = sample_data()
    phases, cards = [phase["id"] for phase in data["phases"]], [card["id"] for card in data["cards"]]
    first_text = data["cards"][0]["text"]
    data["phases"].insert(1, dict(data["phases"][0], name="Same id again"))
    data["cards"].insert(1, dict(data["cards"][0], text="Same id again"))
    salvage = salvage_map(data)
    assert salvage.left_out == {"phases": 1, "cards": 1}
    assert [phase.id for phase in salvage.journey_map.phases] == phases
    assert [card.id for card in salvage.journey_map.cards] == cards
    assert salvage.journey_map.cards[0].text == first_text  # the first of the two is kept
