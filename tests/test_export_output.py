"""An export is written whole or says in words why not; the poster font measures text and names the
characters it cannot draw."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from app.export import ExportError
from app.export.excel import export_excel
from app.export.font_fallback import missing_characters
from app.export.fonts import ReportlabMetrics
from app.model import JourneyMap, Phase, fileformat


def tiny_map() -> JourneyMap:
    return JourneyMap(id="m", title="Tiny", phases=[Phase(id="a", name="A")])


def refuse_with(monkeypatch, error: OSError) -> None:
    def atomic_write(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(fileformat, "atomic_write", atomic_write)


def test_a_folder_is_not_a_file_name(tmp_path: Path):
    with pytest.raises(ExportError) as caught:
        export_excel(tiny_map(), tmp_path)
    assert str(caught.value) == "this is a folder; give a file name"


def test_a_missing_folder_is_named(tmp_path: Path):
    with pytest.raises(ExportError) as caught:
        export_excel(tiny_map(), tmp_path / "no" / "such" / "map.xlsx")
    assert str(caught.value) == "the folder does not exist"


def test_no_permission_says_where_the_problem_may_be(tmp_path: Path, monkeypatch):
    refuse_with(monkeypatch, PermissionError(errno.EACCES, "Permission denied"))
    with pytest.raises(ExportError) as caught:
        export_excel(tiny_map(), tmp_path / "map.xlsx")
    assert str(caught.value) == "cannot write here (no permission, or the file is open in another program)"
    assert caught.value.__suppress_context__  # the message is the whole story, not a traceback


@pytest.mark.parametrize(("error", "message"), [
    (OSError(errno.ENOSPC, "No space left on device"), "could not be written: No space left on device"),
    (OSError("the disk went away"), "could not be written: the disk went away"),
])
def test_other_write_failures_say_what_the_system_said(tmp_path: Path, monkeypatch, error, message):
    refuse_with(monkeypatch, error)
    with pytest.raises(ExportError) as caught:
        export_excel(tiny_map(), tmp_path / "map.xlsx")
    assert str(caught.value) == message
    assert not (tmp_path / "map.xlsx").exists()


def test_text_is_measured_regular_unless_asked_bold():
    metrics = ReportlabMetrics()
    regular, bold = metrics.width("Hello world", 10), metrics.width("Hello world", 10, bold=True)
    assert regular == metrics.width("Hello world", 10, bold=False) and bold > regular > 0
    assert metrics.width("Hello world", 20) == pytest.approx(2 * regular)


def test_line_breaks_and_tabs_are_never_reported_as_missing_glyphs():
    assert missing_characters(["line one\nline two\tindented", "Größe – ok"]) == set()
    nowhere = "\U0010ff00\U0010ff01"  # private use: no font has them (東京 has a fallback font now, issue 19)
    assert missing_characters([nowhere + "\n", "x"]) == set(nowhere)
