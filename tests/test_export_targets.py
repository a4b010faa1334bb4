"""The command line and the editor's export dialog choose exporters through one table (app.export.targets)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import i18n
from app.cli import main
from app.export.targets import TARGETS, ExportChoices, Target, Written
from app.model import load_map
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "fitness-watch.json"

BLOCK_QT_EXPORT = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is blocked in this test: " + name)
sys.meta_path.insert(0, BlockQt())
from app.cli import main
sys.exit(main(["export", {sample!r}, "--pdf", {pdf!r}, "--xlsx", {xlsx!r}]))
"""


@pytest.fixture
def calls(monkeypatch) -> list[dict]:
    """Every format's writer replaced by a recorder that writes nothing and reports a warning."""
    seen: list[dict] = []

    def recorder(kind: str):
        def write(journey_map, path, choices, progress, document) -> Written:
            seen.append({"kind": kind, "map": journey_map.id, "path": Path(path), "choices": choices,
                         "progress": progress, "document": document})
            return Written([f"{kind} noted"], f"{kind} summary" if kind == "pdf" else "")

        return write

    for kind, target in list(TARGETS.items()):
        monkeypatch.setitem(TARGETS, kind, Target(target.suffix, recorder(kind), target.name))
    return seen


def test_the_command_line_writes_every_format_through_the_targets(tmp_path: Path, calls, capsys):
    outputs = {kind: tmp_path / f"map{target.suffix}" for kind, target in TARGETS.items()}
    code = main(["export", str(SAMPLE), "--csv", str(outputs["csv"]), "--svg", str(outputs["svg"]), "--png",
                 str(outputs["png"]), "--dpi", "99", "--xlsx", str(outputs["xlsx"]), "--pdf", str(outputs["pdf"]),
                 "--paper", "A2", "--portrait", "--persona", "Lena"])
    assert code == 0
    assert [call["kind"] for call in calls] == list(TARGETS)  # the table's order, not the command line's
    expected = ExportChoices(personas=["beginner"], paper="A2", landscape=False, dpi=99, source=SAMPLE)
    for call in calls:
        assert call["map"] == "fitness-watch" and call["path"] == outputs[call["kind"]]
        assert call["choices"] == expected and call["progress"] is None and call["document"] is None
    out, err = capsys.readouterr()
    assert f"{outputs['pdf']}: written (pdf summary)" in out and f"{outputs['svg']}: written\n" in out
    assert f"{outputs['xlsx']}: warning: xlsx noted" in err
    assert not any(path.exists() for path in outputs.values())


def test_the_command_line_names_the_formats_of_the_table(capsys):
    assert main(["export", str(SAMPLE)]) == 2
    assert capsys.readouterr().err == (
        "journeymap export: name at least one output (--pdf, --xlsx, --png, --svg or --csv)\n")


def test_the_editor_writes_every_format_through_the_same_targets(qtbot, tmp_path: Path, sample_path: Path, calls,
                                                                  dialogs):
    from PySide6.QtWidgets import QWidget

    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportRequest, run_export

    parent = QWidget()
    qtbot.addWidget(parent)
    document = MapDocument(load_map(sample_path), sample_path)
    dialogs.allow("warning", "Exported with warnings")
    for kind, target in TARGETS.items():
        request = ExportRequest(kind=kind, path=tmp_path / f"map{target.suffix}", paper="A1", landscape=False,
                                tile="A4", personas=["athlete"], dpi=72)
        assert run_export(parent, document, request)
    assert [call["kind"] for call in calls] == list(TARGETS)
    expected = ExportChoices(personas=["athlete"], paper="A1", landscape=False, tile="A4", dpi=72, source=sample_path)
    for call in calls:
        assert call["choices"] == expected and call["document"] is document and callable(call["progress"])
    assert [text for kind, text in dialogs.messages if kind == "warning"] == [
        f"Exported with warnings: {kind} noted" for kind in TARGETS]


def test_the_dialog_offers_the_formats_the_targets_write_with_their_suffixes(qtbot, sample_path: Path, monkeypatch):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    monkeypatch.setitem(TARGETS, "svg", Target(".svgz", TARGETS["svg"].write))
    dialog = ExportDialog(MapDocument(load_map(sample_path), sample_path))
    qtbot.addWidget(dialog)
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == list(TARGETS)
    dialog.kind.setCurrentIndex(dialog.kind.findData("svg"))
    assert dialog.path.text() == str(sample_path.with_suffix(".svgz"))
    dialog.path.setText(str(sample_path.parent / "poster"))
    assert dialog.request().path == sample_path.parent / "poster.svgz"


def test_the_poster_preview_draws_the_legends_swatches(qtbot, monkeypatch):
    from PySide6.QtCore import QSize

    from app.export.pdf import PdfOptions, PosterPlanner
    from app.layout import legend
    from app.ui.export_dialog import render_preview

    journey_map = load_map(SAMPLE)
    planner = PosterPlanner(journey_map)
    plan = planner.plan(PdfOptions(personas=["beginner"]))
    as_printed = render_preview(plan, journey_map, planner, QSize(760, 560)).toImage()
    kinds = legend.poster_kinds(journey_map)
    monkeypatch.setattr(legend, "poster_kinds", lambda _map: kinds[::-1])
    assert render_preview(plan, journey_map, planner, QSize(760, 560)).toImage() != as_printed


def test_a_poster_and_a_workbook_are_written_with_qt_unimportable(tmp_path: Path):
    """The dispatch imports an image exporter (and Qt) only for images, so headless machines need no Qt."""
    script = BLOCK_QT_EXPORT.format(sample=str(SAMPLE), pdf=str(tmp_path / "m.pdf"), xlsx=str(tmp_path / "m.xlsx"))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.pdf").stat().st_size > 1000 and (tmp_path / "m.xlsx").stat().st_size > 1000


# --- issue 11: the targets pass the caller's progress on (the editor's progress bar and Cancel) ------------


def _progress_calls(kind: str, tmp_path: Path, answer: bool = True) -> tuple[list[tuple[int, int]], Path]:
    journey_map = load_map(SAMPLE)
    path = tmp_path / f"map{TARGETS[kind].suffix}"
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return answer

    TARGETS[kind].write(journey_map, path, ExportChoices(personas=["beginner"], dpi=30, source=SAMPLE), progress, None)
    return seen, path


def test_a_workbook_written_through_its_target_reports_progress_to_the_end(tmp_path: Path):
    seen, path = _progress_calls("xlsx", tmp_path)
    assert seen and seen[-1][0] == seen[-1][1] and path.stat().st_size > 1000


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_an_image_written_through_its_target_reports_progress_to_the_end(qapp, tmp_path: Path, kind: str):
    seen, path = _progress_calls(kind, tmp_path)
    assert seen and seen[-1][0] == seen[-1][1] and path.stat().st_size > 100


@pytest.mark.parametrize("kind", ["xlsx", "png", "svg"])
def test_cancelling_through_a_targets_progress_leaves_no_file(qapp, tmp_path: Path, kind: str):
    """A cancel is told apart by its kind, not its words (which are in the UI language)."""
    from app.export import ExportCancelledError

    with pytest.raises(ExportCancelledError):
        _progress_calls(kind, tmp_path, answer=False)
    assert list(tmp_path.iterdir()) == []


# --- issue 11: an export is in the language chosen for it, whatever language the editor speaks ----------

#: the workbook's sheets of the fitness-watch sample in each language (a persona's sheet keeps its name)
SHEETS = {
    "en": ["Overview", "Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer", "Cards", "Emotions",
           "Pain points", "Opportunities"],
    "de": ["Übersicht", "Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer", "Karten",
           "Emotionen", "Schmerzpunkte", "Chancen"],
}

#: an evidence word the sample's cards print under their text, in each language
EVIDENCE = {"en": "reported", "de": "berichtet"}


@pytest.mark.parametrize("ui, chosen", [("en", "de"), ("de", "en")])
def test_a_workbook_written_through_its_target_is_in_the_language_chosen_for_it(tmp_path: Path, ui: str,
                                                                                 chosen: str):
    from openpyxl import load_workbook

    i18n.set_language(ui)
    path = tmp_path / "map.xlsx"
    TARGETS["xlsx"].write(load_map(SAMPLE), path, ExportChoices(language=chosen), None, None)
    assert load_workbook(path, read_only=True).sheetnames == SHEETS[chosen]


@pytest.mark.parametrize("kind", ["png", "svg"])
@pytest.mark.parametrize("ui, chosen", [("en", "de"), ("de", "en")])
def test_an_image_written_through_its_target_is_in_the_language_chosen_for_it(qapp, tmp_path: Path, kind: str,
                                                                               ui: str, chosen: str):
    """The image is the one of a map that records that language itself, not the editor's language's."""
    i18n.set_language(ui)

    def image(journey_map, language: str | None, name: str) -> bytes:
        path = tmp_path / f"{name}{TARGETS[kind].suffix}"
        choices = ExportChoices(personas=["beginner"], dpi=30, source=SAMPLE, language=language)
        TARGETS[kind].write(journey_map, path, choices, None, None)
        return path.read_bytes()

    recorded = load_map(SAMPLE)
    recorded.language = chosen
    in_chosen = image(load_map(SAMPLE), chosen, "chosen")
    assert in_chosen == image(recorded, None, "recorded")
    assert in_chosen != image(load_map(SAMPLE), None, "editor")
    if kind == "svg":
        text = in_chosen.decode("utf-8")
        assert EVIDENCE[chosen] in text and EVIDENCE[ui] not in text


# --- issue 11: the poster through the dispatch: its progress, its cancel, and the language chosen for it -------


def test_a_poster_exported_through_the_dispatch_reports_each_page_and_a_cancel_leaves_no_file(tmp_path: Path):
    """The editor's progress bar and Cancel work through ``export`` as through the target itself."""
    from pypdf import PdfReader

    from app.export import ExportCancelledError
    from app.export.targets import export

    journey_map = load_map(SAMPLE)
    path = tmp_path / "map.pdf"
    choices = ExportChoices(personas=["beginner", "athlete"], paper="A3", summary=False, comparison=False)
    seen: list[tuple[int, int]] = []
    export("pdf", journey_map, path, choices, lambda done, total: seen.append((done, total)) or True)
    assert seen == [(1, 2), (2, 2)] and len(PdfReader(path).pages) == 2
    path.unlink()
    with pytest.raises(ExportCancelledError):
        export("pdf", journey_map, path, choices, lambda done, total: False)
    assert list(tmp_path.iterdir()) == []


#: the title block's date, in each language
DATE_WORD = {"en": "Date: ", "de": "Datum: "}


@pytest.mark.parametrize("ui, chosen", [("en", "de"), ("de", "en")])
def test_a_poster_written_through_its_target_is_in_the_language_chosen_for_it(tmp_path: Path, ui: str,
                                                                              chosen: str):
    from pypdf import PdfReader

    i18n.set_language(ui)
    path = tmp_path / "map.pdf"
    choices = ExportChoices(personas=["beginner"], paper="A3", language=chosen, summary=False)  # the poster alone
    TARGETS["pdf"].write(load_map(SAMPLE), path, choices, None, None)
    [page] = PdfReader(path).pages
    text = page.extract_text()
    assert DATE_WORD[chosen] in text and DATE_WORD[ui] not in text
    assert EVIDENCE[chosen] in text and EVIDENCE[ui] not in text


# --- issue 19, item 13: the personas chosen apply to every format, on the command line and in the dialog --------


@pytest.fixture
def workbook_calls(monkeypatch) -> list[dict]:
    """The workbook's exporter replaced by one that records the personas and the paper it was asked for."""
    from app.export import excel

    asked: list[dict] = []

    def export_excel(journey_map, path, progress=None, language=None, personas=None, paper=None):
        asked.append({"personas": personas, "paper": paper})
        return excel.ExcelResult(sheets=[])


    monkeypatch.setattr(excel, "export_excel", export_excel)
    return asked


def test_the_command_line_asks_the_workbook_for_the_personas_chosen(tmp_path: Path, workbook_calls):
    out = str(tmp_path / "m.xlsx")
    assert main(["export", str(SAMPLE), "--xlsx", out, "--persona", "Maria", "--persona", "Lena"]) == 0
    assert main(["export", str(SAMPLE), "--xlsx", out]) == 0
    assert main(["export", str(SAMPLE), "--xlsx", out, "--persona", "Lena", "--persona", "Jonas", "--persona",
                 "Maria"]) == 0
    # in the map's order; every persona is the workbook as it always was
    assert [call["personas"] for call in workbook_calls] == [["beginner", "gift-buyer"], None, None]


@pytest.mark.parametrize("paper, asked", [("letter", "Letter"), ("A4", "A4"), ("auto", None), ("A2", None)])
def test_the_workbook_prints_on_letter_when_asked(paper: str, asked: str | None, tmp_path: Path, workbook_calls):
    """Office paper only: a poster's A2 is not the workbook's paper (it keeps its own default, A4)."""
    assert main(["export", str(SAMPLE), "--xlsx", str(tmp_path / "m.xlsx"), "--paper", paper]) == 0
    assert [call["paper"] for call in workbook_calls] == [asked]


@pytest.mark.parametrize("kind", ["svg", "csv"])
def test_an_image_or_table_for_one_persona_holds_nothing_of_another(kind: str, tmp_path: Path, capsys):
    out = tmp_path / f"lena.{kind}"
    assert main(["export", str(SAMPLE), f"--{kind}", str(out), "--persona", "Lena"]) == 0, capsys.readouterr().err
    text = out.read_text("utf-8-sig")
    journey_map = load_map(SAMPLE)
    assert "Lena" in text
    for persona in journey_map.personas[1:]:
        assert persona.name not in text
    own = {card.text[:20] for card in journey_map.cards if card.persona == "beginner"}
    others = {card.text[:20] for card in journey_map.cards if card.persona != "beginner" and len(card.text) > 20}
    assert others - own and not [start for start in others - own if start in text]


def test_a_png_of_one_persona_is_that_personas_image(tmp_path: Path, capsys):
    from PySide6.QtGui import QImage

    out = {name: tmp_path / f"{name}.png" for name in ("lena", "all")}
    assert main(["export", str(SAMPLE), "--png", str(out["lena"]), "--dpi", "30", "--persona", "Lena"]) == 0
    assert main(["export", str(SAMPLE), "--png", str(out["all"]), "--dpi", "30"]) == 0
    lena, everyone = QImage(str(out["lena"])), QImage(str(out["all"]))
    assert lena.height() * 2.5 < everyone.height()  # three personas stacked; one alone


def test_the_dialogs_persona_choice_applies_to_every_format(qtbot, sample_path: Path, dialogs):
    from PySide6.QtCore import Qt

    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(MapDocument(load_map(sample_path), sample_path))
    qtbot.addWidget(dialog)
    for row in (1, 2):
        dialog.personas.item(row).setCheckState(Qt.CheckState.Unchecked)
    for kind in TARGETS:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        assert dialog.personas.isEnabled(), kind
        assert dialog.request().personas == ["beginner"]
        assert dialog.request().choices(sample_path).personas == ["beginner"]
    dialog.personas.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialogs.expect("warning", "Choose at least one persona.", times=len(TARGETS))
    for kind in TARGETS:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.export_button.click()
        assert dialog.result() != 1


def test_a_workbook_for_one_persona_from_the_command_line_holds_nothing_of_another(tmp_path: Path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "lena.xlsx"
    assert main(["export", str(SAMPLE), "--xlsx", str(out), "--persona", "Lena"]) == 0, capsys.readouterr().err
    journey_map = load_map(SAMPLE)
    workbook = load_workbook(out)
    texts = " ".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
                     if cell.value is not None)
    assert "Lena, beginner runner" in texts
    own = {card.text for card in journey_map.cards if card.persona == "beginner"}
    others = {card.text for card in journey_map.cards if card.persona != "beginner"} - own
    assert "Jonas" not in texts and "Maria" not in texts
    assert others and not [text for text in others if text in texts]


# --- issue 19, item 1: the handout is asked for on the command line and in the dialog ---------------------------


def test_the_command_line_asks_for_a_handout(tmp_path: Path, calls, capsys):
    out = tmp_path / "h.pdf"
    assert main(["export", str(SAMPLE), "--pdf", str(out), "--handout", "--paper", "Letter"]) == 0
    [call] = calls
    assert call["choices"].handout and call["choices"].paper == "Letter"
    calls.clear()
    assert main(["export", str(SAMPLE), "--pdf", str(out)]) == 0
    assert not calls[0]["choices"].handout
    assert main(["export", str(SAMPLE), "--xlsx", str(tmp_path / "m.xlsx"), "--handout"]) == 2
    assert "--handout" in capsys.readouterr().err and len(calls) == 1


def test_a_handout_from_the_command_line_prints_on_a4(tmp_path: Path, capsys):
    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4

    out = tmp_path / "h.pdf"
    assert main(["export", str(SAMPLE), "--pdf", str(out), "--handout", "--persona", "Lena", "--no-summary"]) == 0, (
        capsys.readouterr().err)
    pages = PdfReader(out).pages
    assert len(pages) > 1
    for page in pages:
        assert sorted(round(float(side)) for side in page.mediabox[2:]) == sorted(round(side) for side in A4)


def test_the_dialog_asks_for_a_handout_on_whole_sheets(qtbot, sample_path: Path):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(MapDocument(load_map(sample_path), sample_path))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.tile.setCurrentIndex(dialog.tile.findData("A4"))
    assert not dialog.request().handout and dialog.request().tile == "A4"
    dialog.handout.setChecked(True)
    request = dialog.request()
    assert request.handout and request.tile is None and request.choices(sample_path).handout
    assert not dialog.tile.isEnabled() and "A4" in dialog.preview_text.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    assert not dialog.handout.isEnabled() and not dialog.request().handout
