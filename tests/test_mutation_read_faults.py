"""What reading a map file says when the system refuses it, in the UI language: a folder is called a folder at
whichever step the system finds it out (the check before opening, the opening, the reading: a file swapped for
a folder in between, or a system that refuses to open a folder), any other failure is "the file could not be
read" with the system's reason; and a system without some of the open flags (Windows has no O_NONBLOCK and no
O_NOCTTY) reads a map all the same.
"""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

import pytest

from app import i18n
from app.model import fileformat
from app.model.fileformat import MapFileError, read_regular_file

FOLDER = {"en": "this is a folder, not a file", "de": "dies ist ein Ordner, keine Datei"}
NOT_READ = {"en": "the file could not be read: {reason}", "de": "die Datei konnte nicht gelesen werden: {reason}"}
FLAGS = ("O_NONBLOCK", "O_NOCTTY", "O_BINARY")


def refusing(monkeypatch: pytest.MonkeyPatch, step: str, error: OSError, path: Path) -> None:
    """Make the system fail ``step`` ("open" or "read") of ``path`` with ``error``; other files as usual."""
    if step == "open":
        real_open = os.open

        def fake_open(name, flags, *args, **kwargs):
            if Path(name) == path:
                raise error
            return real_open(name, flags, *args, **kwargs)

        monkeypatch.setattr(fileformat.os, "open", fake_open)
    else:
        real_read, real_fstat = os.read, os.fstat
        ours = set()

        def fake_fstat(fd):
            ours.add(fd)
            return real_fstat(fd)

        def fake_read(fd, size):
            if fd in ours:
                raise error
            return real_read(fd, size)

        monkeypatch.setattr(fileformat.os, "fstat", fake_fstat)
        monkeypatch.setattr(fileformat.os, "read", fake_read)


def problem(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    with pytest.raises(MapFileError) as caught:
        read_regular_file(path)
    monkeypatch.undo()
    assert caught.value.path == path
    assert str(caught.value) == f"{path}: {caught.value.problem}"
    return caught.value.problem


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("step", ["stat", "open", "read"])
def test_a_folder_is_called_a_folder_whichever_step_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            language: str, step: str):
    i18n.set_language(language)
    path = tmp_path / "journey.json"
    if step == "stat":
        path.mkdir()
    else:
        path.write_bytes(b"{}")
        refusing(monkeypatch, step, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)), path)
    assert problem(path, monkeypatch) == FOLDER[language]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("step", ["open", "read"])
@pytest.mark.parametrize(("error", "reason"), [
    (OSError(errno.EIO, "Input/output error"), "Input/output error"),
    (OSError(errno.ESTALE, "Stale file handle"), "Stale file handle"),
    (OSError("the share went away"), "the share went away")])  # no strerror: the error's own words
def test_any_other_failure_says_the_file_could_not_be_read_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   language: str, step: str, error: OSError,
                                                                   reason: str):
    i18n.set_language(language)
    path = tmp_path / "journey.json"
    path.write_bytes(b"{}")
    refusing(monkeypatch, step, error, path)
    assert problem(path, monkeypatch) == NOT_READ[language].format(reason=reason)


@pytest.mark.parametrize("missing", [combination for count in range(1, len(FLAGS) + 1)
                                     for combination in itertools.combinations(FLAGS, count)])
def test_a_system_without_some_open_flags_reads_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         missing: tuple[str, ...]):
    """Only the flags the system has are passed: read-only always, and none it lacks."""
    path = tmp_path / "journey.json"
    path.write_bytes(b'{"format": "journey-map"}\n')
    expected = os.O_RDONLY
    for name in FLAGS:
        if name not in missing:
            expected |= getattr(os, name, 0)
    seen = []
    real_open = os.open

    def spying_open(name, flags, *args, **kwargs):
        seen.append(flags)
        return real_open(name, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        for name in missing:
            patch.delattr(os, name, raising=False)
        patch.setattr(fileformat.os, "open", spying_open)
        data = read_regular_file(path)
    assert data == b'{"format": "journey-map"}\n'
    assert seen == [expected]
