"""Files a team can open: modes of new files, saves through symbolic links, special files refused at once."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from app.cli import main
from app.model import MapFileError, load_map, save_map
from app.model.fileformat import atomic_write, backup_path, read_regular_file
from app.recovery import RecoveryJournal, file_hash, find_recoveries
from tests.conftest import ROOT, SAMPLES


@contextlib.contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- modes: a colleague on the shared drive can open what you wrote -----------------------


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_maps_and_every_export_get_the_mode_of_a_new_file(tmp_path: Path, mask: int, expected: int, capsys):
    sample = SAMPLES / "fitness-watch.json"
    with umask(mask):
        assert main(["new", "-o", str(tmp_path / "new.json")]) == 0
        outputs = {kind: tmp_path / f"out.{kind}" for kind in ("pdf", "xlsx", "png", "svg")}
        args = ["export", str(sample), "--paper", "A0", "--dpi", "30"]
        for kind, path in outputs.items():
            args += [f"--{kind}", str(path)]
        assert main(args) == 0, capsys.readouterr().err
    assert mode_of(tmp_path / "new.json") == expected
    for path in outputs.values():
        assert mode_of(path) == expected, path.name


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_a_first_save_as_gets_the_new_file_mode_and_an_existing_file_keeps_its_own(tmp_path: Path, mask: int):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    first = tmp_path / "first.json"
    with umask(mask):
        save_map(journey_map, first, keep_backup=True)
        assert mode_of(first) == 0o666 & ~mask
        os.chmod(first, 0o604)  # an unusual mode the owner chose on purpose
        journey_map.title = "Changed"
        save_map(journey_map, first, keep_backup=True)
    assert mode_of(first) == 0o604
    assert load_map(first).title == "Changed"


@pytest.mark.parametrize("hard_links", [True, False])
def test_the_backup_gets_the_mode_of_the_file_it_backs_up(tmp_path: Path, monkeypatch, hard_links: bool):
    if not hard_links:
        def no_links(*_args):
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_links)  # a file system without hard links: the copy path
    path = tmp_path / "map.json"
    shutil.copyfile(SAMPLES / "fitness-watch.json", path)
    for mode in (0o640, 0o664):
        os.chmod(path, mode)
        save_map(load_map(path), path, keep_backup=True)
        assert mode_of(backup_path(path)) == mode


def test_the_recovery_folder_and_its_files_are_private(tmp_path: Path):
    folder = tmp_path / "data" / "recovery"
    with umask(0o002):
        journal = RecoveryJournal(folder)
        journal.write(load_map(SAMPLES / "fitness-watch.json"), None, None)
    assert mode_of(folder) == 0o700
    assert mode_of(journal.path) == 0o600
    assert mode_of(journal.lock) == 0o600
    journal.close()
    os.chmod(folder, 0o755)  # made readable by an older version, or by hand
    RecoveryJournal(folder).close()
    assert mode_of(folder) == 0o700


def test_the_temp_file_of_a_save_is_made_in_the_targets_own_folder(tmp_path: Path, monkeypatch):
    folders = []
    real_mkstemp = tempfile.mkstemp

    def recording(*args, **kwargs):
        folders.append(Path(kwargs["dir"]).resolve())
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", recording)
    nested = tmp_path / "drive" / "team"
    nested.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # a relative path too: its folder, not the working directory
    save_map(load_map(SAMPLES / "fitness-watch.json"), nested / "m.json")
    save_map(load_map(SAMPLES / "fitness-watch.json"), Path("drive/team/relative.json"))
    atomic_write(nested / "export.pdf", b"%PDF")
    assert folders == [nested.resolve()] * 3


# --- symbolic links: the link stays, its target gets the change ----------------------------


@pytest.fixture
def linked_map(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real"
    real.mkdir()
    target = real / "m.json"
    shutil.copyfile(SAMPLES / "fitness-watch.json", target)
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "m.json")  # relative, as people make them
    return link, target


def test_saving_through_a_link_writes_its_target_and_keeps_the_link(linked_map, monkeypatch):
    link, target = linked_map
    folders = []
    real_mkstemp = tempfile.mkstemp
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **k: folders.append(Path(k["dir"])) or real_mkstemp(*a, **k))
    journey_map = load_map(link)
    journey_map.title = "Saved through the link"
    save_map(journey_map, link, keep_backup=True)
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "m.json")
    assert load_map(target).title == "Saved through the link"
    assert backup_path(target).is_file() and not backup_path(link).exists()
    assert load_map(backup_path(target)).title != "Saved through the link"
    assert folders == [target.parent]
    assert not list(link.parent.glob(".journeymap-save-*"))


def test_the_editor_saves_through_a_link_and_only_others_changes_count(qtbot, linked_map, tmp_path: Path, dialogs):
    from app.ui.main_window import MainWindow

    link, target = linked_map
    window = MainWindow(path=str(link))
    qtbot.addWidget(window)
    window.scene.add_card("awareness", "actions", "Written through the link")
    window.autosaver.write_now()
    journal = window.autosaver.journal
    assert journal.path.exists()
    journal.lock.write_text("999999999")  # as after a crash: its process is gone
    (recovery,) = find_recoveries(journal.folder)
    assert recovery.original_path == target
    assert window.save_file()
    assert link.is_symlink()
    assert any(c.text == "Written through the link" for c in load_map(target).cards)
    assert not window.document.changed_on_disk()  # our own save is not someone else's change
    dialogs.allow("question", "was changed by someone else. Reload it?")  # when the watcher sees it
    other = load_map(target)
    other.title = "A colleague's change"
    save_map(other, target)
    assert window.document.changed_on_disk()


def test_exports_to_a_linked_path_write_the_target(tmp_path: Path, capsys):
    outputs = tmp_path / "deliverables"
    outputs.mkdir()
    for kind in ("pdf", "xlsx"):
        (outputs / f"final.{kind}").write_bytes(b"old")
        (tmp_path / f"link.{kind}").symlink_to(outputs / f"final.{kind}")
    args = ["export", str(SAMPLES / "fitness-watch.json"), "--paper", "A0",
            "--pdf", str(tmp_path / "link.pdf"), "--xlsx", str(tmp_path / "link.xlsx")]
    assert main(args) == 0, capsys.readouterr().err
    for kind in ("pdf", "xlsx"):
        assert (tmp_path / f"link.{kind}").is_symlink()
        assert (outputs / f"final.{kind}").stat().st_size > 1000


# --- special files: refused at once, never read ----------------------------------------------


def special_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    found = {"fifo": fifo, "device": zero}
    sock_path = tmp_path / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    found["socket"] = sock_path
    return found


def test_validate_refuses_pipes_devices_and_sockets_at_once(tmp_path: Path):
    files = special_files(tmp_path)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "app", "validate", *map(str, files.values())],
                            capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert f"{files['fifo']}: this is a named pipe (FIFO), not a file" in result.stdout
    assert f"{files['device']}: this is a device, not a file" in result.stdout
    assert f"{files['socket']}: this is a socket, not a file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_editor_refuses_a_pipe_and_keeps_the_open_map(qtbot, tmp_path: Path, dialogs):
    from app.ui.main_window import MainWindow

    window = MainWindow(path=str(SAMPLES / "fitness-watch.json"))
    qtbot.addWidget(window)
    fifo = special_files(tmp_path)["fifo"]
    dialogs.expect("critical", "Cannot open the map")
    assert not window.open_file(fifo)
    assert "named pipe" in dialogs.messages[-1][1]
    assert window.journey_map.id == "fitness-watch"
    assert file_hash(fifo) is None  # the outside-change check never blocks on it either


def test_reads_stop_one_byte_past_the_limit_whatever_stat_said(tmp_path: Path, monkeypatch):
    path = tmp_path / "growing.json"
    path.write_bytes(b"x" * 5000)
    real_stat = Path.stat

    def small_stat(self, *args, **kwargs):  # the file grew after stat looked at it
        result = real_stat(self, *args, **kwargs)
        return os.stat_result((*result[:6], 10, *result[7:]))

    monkeypatch.setattr(Path, "stat", small_stat)
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(MapFileError, match="at most"):
        read_regular_file(path, limit=100)
    assert sum(read) <= 101
    assert read_regular_file(path, limit=5000) == b"x" * 5000


# --- issue 11: saves as the mutation run found them untested ---------------------------------------------


@pytest.fixture
def in_german():
    """Run the test body in German; back to English afterwards, whatever happens."""
    from app.i18n import set_language

    set_language("de")
    yield
    set_language("en")


def test_a_killed_saves_leftover_is_named_so_that_a_later_start_can_clear_it(tmp_path: Path, monkeypatch):
    """A save killed before its rename leaves its temporary file: the name must say whose save it was."""
    from app.model import fileformat

    def killed(*_args, **_kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", killed)
    monkeypatch.setattr(os, "unlink", lambda *_args, **_kwargs: None)  # the process died: nothing cleans up
    with pytest.raises(OSError):
        atomic_write(tmp_path / "map.json", b"{}")
    monkeypatch.undo()
    leftovers = [entry.name for entry in tmp_path.iterdir()]
    assert len(leftovers) == 1
    assert fileformat._TEMP_NAME.fullmatch(leftovers[0])
    assert leftovers[0].startswith(f"{fileformat.TEMP_PREFIX}{os.getpid()}@{fileformat.host_name()}-")


def test_a_save_whose_temp_file_vanished_still_says_why_it_failed(tmp_path: Path, monkeypatch, in_german):
    """The clean-up of a failed save must not hide the failure (someone else removed the temporary file)."""
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    def gone(*_args, **_kwargs):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "unlink", gone)
    path = tmp_path / "map.json"
    with pytest.raises(MapFileError) as info:
        save_map(load_map(SAMPLES / "fitness-watch.json"), path)
    assert info.value.path == path
    assert info.value.problem == "Sie haben keine Berechtigung, in diesen Ordner zu schreiben"


def test_a_drive_that_refuses_modes_still_saves(tmp_path: Path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    path = tmp_path / "map.json"
    save_map(load_map(SAMPLES / "fitness-watch.json"), path)
    assert path.read_bytes() == (SAMPLES / "fitness-watch.json").read_bytes()


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="folders can be synced only where they can be opened")
def test_a_save_syncs_the_folder_after_the_rename(tmp_path: Path, monkeypatch):
    """Without it a power cut right after a save can bring the old file back."""
    synced = []
    real_fsync = os.fsync

    def recording(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording)
    atomic_write(tmp_path / "map.json", b"{}")
    assert synced == [False, True]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the umask is read from /proc")
def test_the_new_file_mode_is_read_without_touching_the_umask(monkeypatch):
    """Setting the umask, even for a moment, would change files other threads create meanwhile."""
    from app.model.fileformat import new_file_mode

    def touched(*_args):
        raise AssertionError("the umask was changed")

    with umask(0o027):
        monkeypatch.setattr(os, "umask", touched)
        assert new_file_mode() == 0o640
        monkeypatch.undo()


@pytest.mark.parametrize("status", [OSError(2, "No such file or directory"), "Name:\tx\nUmask:\tnone\n"])
def test_without_a_readable_umask_in_proc_it_is_asked_for_and_kept(monkeypatch, status):
    """No /proc (macOS, Windows) or a line this code cannot read: ask the system, and leave the umask as it was."""
    from app.model import fileformat

    class Status:
        def __init__(self, _name: str) -> None:
            pass

        def read_text(self) -> str:
            if isinstance(status, Exception):
                raise status
            return status

    with umask(0o027):
        monkeypatch.setattr(fileformat, "Path", Status)
        assert fileformat.new_file_mode() == 0o640
        monkeypatch.undo()
        assert os.umask(0o027) == 0o027


def _unwritable_map():
    """A map JSON cannot hold: an unknown field nested deeper than the writer goes (only code can make one,
    the reader refuses such files)."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    value: list = []
    for _level in range(300):
        value = [value]
    journey_map.__pydantic_extra__["deep"] = value
    return journey_map


def test_a_map_that_json_cannot_hold_is_refused_before_writing_in_german(tmp_path: Path, in_german):
    path = tmp_path / "map.json"
    with pytest.raises(MapFileError) as info:
        save_map(_unwritable_map(), path)
    assert info.value.path == path
    assert info.value.problem == ("die Map konnte nicht als JSON geschrieben werden: Maximum serialization depth "
                                  "exceeded")
    assert not path.exists()


@pytest.mark.parametrize("failure, german", [
    (OSError(28, "No space left on device"), "die Map konnte nicht gespeichert werden: No space left on device; "
                                             "die bisherige Datei ist unverändert"),
    (OSError("the drive went away"), "die Map konnte nicht gespeichert werden: the drive went away; die bisherige "
                                     "Datei ist unverändert"),
    (PermissionError(13, "Permission denied"), "Sie haben keine Berechtigung, in diesen Ordner zu schreiben"),
    (FileNotFoundError(2, "No such file or directory"), "der Ordner existiert nicht (wurde ein Laufwerk "
                                                        "getrennt?)"),
])
def test_a_failed_save_names_the_file_and_the_reason_in_german(tmp_path: Path, monkeypatch, in_german, failure,
                                                              german):
    def fail(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(os, "replace", fail)
    path = tmp_path / "map.json"
    with pytest.raises(MapFileError) as info:
        save_map(load_map(SAMPLES / "fitness-watch.json"), path)
    assert info.value.path == path
    assert info.value.problem == german


def test_a_pipe_is_refused_naming_it_and_an_unknown_kind_of_file_too(tmp_path: Path):
    from app.model.fileformat import _refuse_special

    fifo = special_files(tmp_path)["fifo"]
    with pytest.raises(MapFileError) as info:
        read_regular_file(fifo)
    assert info.value.path == fifo
    assert info.value.problem == "this is a named pipe (FIFO), not a file; only regular files can be opened"
    with pytest.raises(MapFileError) as info:  # a kind the table does not name (a Solaris door, a whiteout)
        _refuse_special(fifo, stat.S_IFLNK | 0o777)
    assert info.value.problem == "this is not a regular file"


def test_a_pipe_swapped_in_after_the_stat_is_opened_without_blocking_and_refused(tmp_path: Path, monkeypatch):
    """The stat and the open are two steps: a FIFO put in place between them must not block the open."""
    import app.model.fileformat as fileformat

    fifo = special_files(tmp_path)["fifo"]
    regular = (tmp_path / "regular.json")
    regular.write_bytes(b"{}")
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: real_stat(regular) if self == fifo else real_stat(self, **kw))
    opened: list[int] = []
    real_open = os.open

    def recording_open(path, flags, *args):
        opened.append(flags)
        if not flags & os.O_NONBLOCK:  # a blocking open of a pipe with no writer would wait forever
            raise AssertionError("a regular-looking file was opened in blocking mode")
        return real_open(path, flags, *args)

    monkeypatch.setattr(fileformat.os, "open", recording_open)
    with pytest.raises(MapFileError) as info:
        read_regular_file(fifo)
    assert info.value.path == fifo
    assert info.value.problem == "this is a named pipe (FIFO), not a file; only regular files can be opened"
    flags = opened[0]
    assert flags & os.O_ACCMODE == os.O_RDONLY
    assert flags & os.O_NOCTTY, "a terminal device must not become the controlling terminal"
