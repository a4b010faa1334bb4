"""Issue 19, item 17: an output whose name does not end as its format's files do is refused, with the right name.

``--pdf out.xlsx`` wrote a PDF named ``.xlsx``; ``--xlsx map.json`` wrote a workbook over the map itself.
The command line refuses every such name before it reads the map or writes anything (exit 2, as for other
bad usage) and says the name to use; a name without an ending gets its format's; the editor's dialog asks
whether to export under the right name instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.export import ExportError
from app.export.targets import TARGETS, ExportChoices, OutputNameError, Target, Written, export, output_name
from app.model import load_map
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "fitness-watch.json"

#: (option, the name given, the name the refusal suggests): each format given another's ending
MISMATCHES = [
    ("pdf", "out.xlsx", "out.pdf"),
    ("xlsx", "out.pdf", "out.xlsx"),
    ("png", "out.svg", "out.png"),
    ("svg", "out.png", "out.svg"),
    ("csv", "out.xlsx", "out.csv"),
    ("pdf", "out.json", "out.pdf"),
    ("xlsx", "out.jpg", "out.xlsx"),
]


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, Path]]:
    """Every format's writer replaced by one that records its call and writes nothing."""
    seen: list[tuple[str, Path]] = []

    def recorder(kind: str):
        def write(journey_map, path, choices, progress, document) -> Written:
            seen.append((kind, Path(path)))
            return Written()

        return write

    for kind, target in list(TARGETS.items()):
        monkeypatch.setitem(TARGETS, kind, Target(target.suffix, recorder(kind), target.name))
    return seen


@pytest.mark.parametrize("kind, given, suggested", MISMATCHES)
def test_the_command_line_refuses_another_formats_ending_and_names_the_right_file(kind, given, suggested,
                                                                                 tmp_path: Path, capsys):
    out = tmp_path / given
    assert main(["export", str(SAMPLE), f"--{kind}", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / suggested) in err and f"--{kind}" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing written, under either name


@pytest.mark.parametrize("kind, given, suggested", MISMATCHES)
def test_the_dispatch_itself_refuses_another_formats_ending(kind, given, suggested, tmp_path: Path, calls):
    """Every caller goes through ``export``: the editor, the command line and scripts alike."""
    with pytest.raises(OutputNameError) as refused:
        export(kind, load_map(SAMPLE), tmp_path / given, ExportChoices())
    assert refused.value.suggestion == tmp_path / suggested and isinstance(refused.value, ExportError)
    assert str(tmp_path / suggested) in str(refused.value)
    assert calls == []


def test_a_map_is_never_written_over_by_an_export(tmp_path: Path, capsys):
    own = tmp_path / "fitness-watch.json"
    shutil.copyfile(SAMPLE, own)
    before = own.read_bytes()
    assert main(["export", str(own), "--xlsx", str(own)]) == 2
    assert str(tmp_path / "fitness-watch.xlsx") in capsys.readouterr().err
    assert own.read_bytes() == before


def test_one_wrong_name_among_several_outputs_writes_none_of_them(tmp_path: Path, calls, capsys):
    code = main(["export", str(SAMPLE), "--pdf", str(tmp_path / "a.pdf"), "--xlsx", str(tmp_path / "b.pdf"),
                 "--svg", str(tmp_path / "c.svg")])
    assert code == 2 and calls == []
    err = capsys.readouterr().err
    assert str(tmp_path / "b.xlsx") in err and "a.pdf" not in err and "c.svg" not in err


@pytest.mark.parametrize("given", ["out.PDF", "out.Pdf", "out.pdf"])
def test_the_ending_is_compared_without_case(given: str, tmp_path: Path, calls, capsys):
    assert main(["export", str(SAMPLE), "--pdf", str(tmp_path / given)]) == 0
    assert calls == [("pdf", tmp_path / given)]  # written under the name given
    assert capsys.readouterr().out == f"{tmp_path / given}: written\n"


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "png", "svg", "csv"])
def test_a_name_without_an_ending_gets_its_formats(kind: str, tmp_path: Path, calls, capsys):
    assert main(["export", str(SAMPLE), f"--{kind}", str(tmp_path / "handout")]) == 0
    written = tmp_path / f"handout.{kind}"
    assert calls == [(kind, written)]
    assert capsys.readouterr().out == f"{written}: written\n"  # the line names the file as written


def test_an_ending_that_is_no_format_keeps_the_name_and_gets_the_formats_ending_suggested(tmp_path: Path, capsys):
    """"client.v2" is a name with a dot, not a file type: the suggestion keeps it whole."""
    assert main(["export", str(SAMPLE), "--pdf", str(tmp_path / "client.v2")]) == 2
    assert str(tmp_path / "client.v2.pdf") in capsys.readouterr().err


@pytest.mark.parametrize("given, expected", [
    ("out", "out.pdf"), ("out.pdf", "out.pdf"), ("OUT.PDF", "OUT.PDF"), ("a.b/out", "a.b/out.pdf"),
    ("out.", "out.pdf"), (".xlsx", ".xlsx.pdf"),  # a name that starts with a dot has no ending (pathlib)
])
def test_output_name_keeps_a_right_name_and_completes_a_name_without_ending(given: str, expected: str):
    assert output_name("pdf", Path(given)) == Path(expected)


@pytest.mark.parametrize("given, suggested", [
    ("out.xlsx", "out.pdf"), ("out.PNG", "out.pdf"), ("report.final", "report.final.pdf"),
    ("map.json", "map.pdf"), ("notes.txt", "notes.pdf"),
])
def test_output_name_suggests_the_right_name(given: str, suggested: str):
    with pytest.raises(OutputNameError) as refused:
        output_name("pdf", Path(given))
    assert refused.value.suggestion == Path(suggested)


# --- the export dialog --------------------------------------------------------------------------------------


def _dialog(qtbot, sample_path: Path, kind: str, name: str):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(MapDocument(load_map(sample_path), sample_path))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.path.setText(str(sample_path.parent / name))
    return dialog


def test_the_dialog_offers_the_right_name_and_exports_under_it_when_accepted(qtbot, sample_path: Path, dialogs):
    from PySide6.QtWidgets import QDialog, QMessageBox

    dialog = _dialog(qtbot, sample_path, "pdf", "out.xlsx")
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    dialog.export_button.click()
    [(kind, text)] = dialogs.messages
    assert kind == "question" and str(sample_path.parent / "out.pdf") in text and ".xlsx" in text
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.request().path == sample_path.parent / "out.pdf"
    assert dialog.path.text() == str(sample_path.parent / "out.pdf")


def test_the_dialog_stays_open_with_the_name_typed_when_the_right_name_is_declined(qtbot, sample_path: Path,
                                                                                  dialogs):
    from PySide6.QtWidgets import QMessageBox

    dialog = _dialog(qtbot, sample_path, "csv", "cards.xlsx")
    dialogs.answers.append(QMessageBox.StandardButton.No)
    dialog.show()
    dialog.export_button.click()
    assert [kind for kind, _text in dialogs.messages] == ["question"]
    assert dialog.isVisible() and dialog.result() != 1
    assert dialog.path.text() == str(sample_path.parent / "cards.xlsx")


def test_the_dialog_completes_a_name_without_ending_without_asking(qtbot, sample_path: Path, dialogs):
    dialog = _dialog(qtbot, sample_path, "xlsx", "workbook")
    dialog.export_button.click()
    assert dialogs.messages == [] and dialog.request().path == sample_path.parent / "workbook.xlsx"


def test_choosing_another_format_renames_the_file_as_the_refusal_would(qtbot, sample_path: Path):
    dialog = _dialog(qtbot, sample_path, "pdf", "client.v2.pdf")
    dialog.kind.setCurrentIndex(dialog.kind.findData("csv"))
    assert dialog.path.text() == str(sample_path.parent / "client.v2.csv")
    dialog.path.setText(str(sample_path.parent / "client.v2"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    assert dialog.path.text() == str(sample_path.parent / "client.v2.xlsx")
