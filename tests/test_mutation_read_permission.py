"""What reading a map file says when the system refuses the user the right to read it (a file of another user,
a folder the user may not enter): "you do not have permission to read this file", in the UI language, as a
MapFileError naming the file, whichever step the system refuses (looking at it, opening it, reading it), and
through ``load_map`` the same. Simulated: the tests may run as root, whom no permission stops.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app import i18n
from app.model import fileformat
from app.model.fileformat import MapFileError, load_map
from tests.test_mutation_read_faults import problem, refusing

NO_PERMISSION = {"en": "you do not have permission to read this file",
                 "de": "Sie haben keine Berechtigung, diese Datei zu lesen"}
ERRORS = [PermissionError(errno.EACCES, "Permission denied"), PermissionError(errno.EPERM, "Operation not permitted")]


def refusing_stat(monkeypatch: pytest.MonkeyPatch, error: OSError, path: Path) -> None:
    """Make looking at ``path`` (``stat``: a folder on the way the user may not enter) fail with ``error``."""
    real_stat = os.stat

    def fake_stat(name, *args, **kwargs):
        if Path(name) == path:
            raise error
        return real_stat(name, *args, **kwargs)

    monkeypatch.setattr(fileformat.os, "stat", fake_stat)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("step", ["stat", "open", "read"])
@pytest.mark.parametrize("error", ERRORS, ids=["EACCES", "EPERM"])
def test_a_file_the_user_may_not_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str,
                                             step: str, error: OSError):
    i18n.set_language(language)
    path = tmp_path / "journey.json"
    path.write_bytes(b'{"format": "journey-map"}\n')
    if step == "stat":
        refusing_stat(monkeypatch, error, path)
    else:
        refusing(monkeypatch, step, error, path)
    assert problem(path, monkeypatch) == NO_PERMISSION[language]


@pytest.mark.parametrize("language", ["en", "de"])
def test_opening_a_map_the_user_may_not_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str):
    i18n.set_language(language)
    path = tmp_path / "journey.json"
    path.write_bytes(b'{"format": "journey-map"}\n')
    refusing(monkeypatch, "open", ERRORS[0], path)
    with pytest.raises(MapFileError) as caught:
        load_map(path)
    assert caught.value.path == path and caught.value.problem == NO_PERMISSION[language]
    assert str(caught.value) == f"{path}: {NO_PERMISSION[language]}"
