"""The editor's dialogs and prompts in German and English (issue 14, items 2 and 3): every dialog, message box,
prompt and status message of the dialogs area shows no English in German (each is made once in English and
once in German, and a text the two share is English left over, unless it is map text or a reviewed word),
plurals are right for one and for several, open dialogs say their words again after a language switch, and the
export dialog offers the deliverable's language."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QWidget,
)

import app
from app import i18n
from app.export import ExportError
from app.export.targets import TARGETS, Target, Written
from app.model import load_map
from app.recovery import file_hash, scan_recoveries
from app.ui import language
from app.ui.dialogs import EmotionDialog, shortcut_rows
from app.ui.document import MapDocument
from app.ui.export_dialog import ExportDialog, ExportRequest, run_export
from app.ui.main_window import MainWindow
from app.ui.recovery_dialog import RecoveryDialog, entries_of
from tests.conftest import SAMPLES
from tests.test_recovery_behaviour import journal, lane_kind_broken

#: texts that are the same in German, reviewed: product, format and paper names, the languages' own names,
#: and words German uses as they are
SAME_IN_GERMAN = {"PDF", "Excel", "PNG", "SVG", "Persona", "Personas", "Moment of Truth", "English", "Deutsch", "OK",
                  "A0", "A1", "A2", "A3", "A4", "Letter", "Tabloid", "F11"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """Qt's catalogue and the UI language are process-wide: English again after every test."""
    yield
    language.apply_language(i18n.SOURCE_LANGUAGE)


def german() -> None:
    """The editor's switch to German: the app's words and Qt's own (qtbase_de: Save, Discard, Cancel…)."""
    language.apply_language("de")
    assert i18n.language() == "de"


def plain(text: str) -> str:
    """A tooltip's or a label's words without markup or mnemonic marks."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("&", "").strip()


def widget_texts(root: QWidget) -> list[str]:
    """Every text a user can see in ``root`` and its children: titles, labels, buttons, choices, list and table
    cells and headers, tooltips and placeholders."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            texts += [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        texts += [item.text(), item.toolTip()]
    return [plain(text) for text in texts if plain(text)]


def message_texts(dialogs) -> list[str]:
    """The lines of every message shown (title: text, informative text) and the buttons of the boxes."""
    texts = [line for kind, text in dialogs.messages if kind != "open" for line in text.split("\n")]
    for box in dialogs.boxes:  # title, text and informative text each on their own, and the buttons
        texts += [box.windowTitle(), *box.text().split("\n"), *box.informativeText().split("\n")]
        texts += [button.text() for button in box.buttons()]
    return [plain(text) for text in texts if plain(text)]


class Data:
    """The map's and the machine's own words in a scenario: they stay as they are in every language."""

    def __init__(self, folder: Path) -> None:
        self.words: set[str] = {str(folder), folder.as_uri()}

    def add(self, *words: object) -> None:
        self.words.update(str(word) for word in words if str(word))

    def without(self, text: str) -> str:
        """The text with the data left out: what the app says around it."""
        for word in sorted(self.words, key=len, reverse=True):
            text = text.replace(word, "…")
        return text


def english_left(scenario: Callable[[Path, Data], list[str]], tmp_path: Path) -> list[str]:
    """Run ``scenario`` in English and in German: the German texts (data left out) that are also English."""
    english_data, german_data = Data(tmp_path / "en"), Data(tmp_path / "de")
    (tmp_path / "en").mkdir()
    (tmp_path / "de").mkdir()
    english = {english_data.without(text) for text in scenario(tmp_path / "en", english_data)}
    german()
    shown = scenario(tmp_path / "de", german_data)
    left = []
    for text in shown:
        words = german_data.without(text).replace(str(tmp_path / "de"), "…")
        if words in english and words not in SAME_IN_GERMAN and re.search(r"[A-Za-z]{2,}", words):
            left.append(text)
    assert shown, "the scenario showed nothing"
    return sorted(set(left))


def sample_copy(folder: Path, name: str = "fitness-watch.json") -> Path:
    target = folder / name
    shutil.copyfile(SAMPLES / name, target)
    return target


# --- every dialog in German ---------------------------------------------------------------------------


def test_the_export_dialog_has_no_english_left_in_german(qtbot, tmp_path: Path):
    def scenario(folder: Path, data: Data) -> list[str]:
        path = sample_copy(folder)
        document = MapDocument(load_map(path), path)
        data.add(path, path.with_suffix(".pdf"), *(p.name for p in document.journey_map.personas))
        dialog = ExportDialog(document)
        qtbot.addWidget(dialog)
        texts = widget_texts(dialog)
        for kind in TARGETS:  # each format's preview words
            dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
            texts += widget_texts(dialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
        for paper, tile in (("A4", None), ("A0", None), ("A3", "A4")):  # refused, fixed paper, tiled
            dialog.paper.setCurrentText(paper)
            dialog.tile.setCurrentIndex(dialog.tile.findData(tile))
            texts += widget_texts(dialog)
        dialog.paper.setCurrentIndex(0)
        texts += widget_texts(dialog)
        return texts

    assert english_left(scenario, tmp_path) == []


def crashed(folder: Path, original: Path) -> None:
    """What crashed sessions left: a restorable autosave, one whose file changed since, one that reads in part
    and one of which nothing reads."""
    journal(folder, "1-good", saved_at="2024-05-04T10:00:00Z", title="Good one")
    journal(folder, "2-changed", saved_at="2024-05-03T10:00:00Z", title="Changed one", original_path=str(original),
            base_hash="0" * 64)
    journal(folder, "3-lanes", map=lane_kind_broken(), title="Lane edit")
    journal(folder, "4-cut", text='{"format": "journey-map-recovery", "ma')


def test_the_recovery_list_has_no_english_left_in_german(qtbot, tmp_path: Path):
    def scenario(folder: Path, data: Data) -> list[str]:
        original = sample_copy(folder)
        crashed(folder / "recovery", original)
        scan = scan_recoveries(folder / "recovery")
        data.add(original, "Good one", "Changed one", "Lane edit", "Customer actions", "Kundenaktionen",
                 *(str(item.path) for item in [*scan.found, *scan.broken]))
        for item in scan.broken:  # what is wrong with a broken journal is said by app.recovery (cli.po)
            data.add(item.problem.rstrip("."))
        dialog = RecoveryDialog(entries_of(scan))
        qtbot.addWidget(dialog)
        texts = []
        for row in range(dialog.table.rowCount()):
            dialog.table.selectRow(row)
            texts += widget_texts(dialog)
            data.add(dialog.table.item(row, 2).text())  # the time
        return texts

    assert english_left(scenario, tmp_path) == []


def answer_boxes(monkeypatch, text: str | None) -> None:
    """Message boxes with buttons of their own report the button with this text as clicked (None: none)."""
    def clicked(box):
        return next((b for b in box.buttons() if b.text().replace("&", "") == text), None)

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)


def test_every_prompt_and_message_of_the_window_has_no_english_left_in_german(qtbot, tmp_path: Path, monkeypatch,
                                                                             dialogs):
    from app.ui.safety import install_exception_handler

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    for kind in ("box", "question", "critical", "warning", "information", "text", "dialog", "menu", "file"):
        dialogs.allow(kind)
    windows: list[MainWindow] = []

    def scenario(folder: Path, data: Data) -> list[str]:
        dialogs.messages.clear()
        dialogs.boxes.clear()
        path = sample_copy(folder)
        window = MainWindow(path=str(path))
        qtbot.addWidget(window)
        windows.append(window)
        journey_map = window.journey_map
        data.add(path, path.name, journey_map.title, *(p.name for p in journey_map.personas),
                 *(p.name for p in journey_map.phases), *(lane.name for lane in journey_map.lanes))
        texts: list[str] = []
        # the recovery prompt for one autosave (decided later)
        journal(folder / "recovery", "1-one", title="Crashed map")
        data.add("Crashed map")
        answer_boxes(monkeypatch, None)
        window.offer_recovery(folder / "recovery")
        data.add(*(line.split(": ", 1)[1] for line in dialogs.messages[-1][1].split("\n") if line.count(":") >= 2))
        texts.append(window.recoveries_waiting.text())
        texts.append(window.recoveries_waiting.toolTip())
        # unsaved changes, then a save over a file someone else changed, then over a read-only file
        window.scene.add_card("awareness", "actions", "Note")
        window.maybe_save()
        path.write_text(path.read_text("utf-8").replace("Fitness", "Fitnes"), "utf-8")
        window.files.save_file()
        window.document.disk_hash = file_hash(path)
        path.chmod(0o444)
        window.files.save_file()
        path.chmod(0o644)
        window.save_file()  # "Saved …" in the status bar
        texts.append(window.statusBar().currentMessage())
        # someone else changes the file (reload?), then moves it away
        path.write_text(path.read_text("utf-8").replace("Fitnes", "Fitness"), "utf-8")
        dialogs.answers.append(QMessageBox.StandardButton.No)
        window.files.file_changed_on_disk(str(path))
        window.scene.add_card("awareness", "actions", "Another")
        path.write_text(path.read_text("utf-8").replace("Fitness", "Fitnes"), "utf-8")
        window.files.file_changed_on_disk(str(path))  # unsaved work: said in the status bar
        texts.append(window.statusBar().currentMessage())
        moved = path.with_name("moved.json")
        path.rename(moved)
        window.files._check_missing()
        texts.append(window.statusBar().currentMessage())
        moved.rename(path)
        # a file that does not open, with and without the previous version beside it
        broken = folder / "broken.json"
        broken.write_text("{", "utf-8")
        window.document.undo_stack.setClean()
        window.open_file(broken)
        shutil.copyfile(path, folder / "broken.json.bak")
        window.open_file(broken)
        data.add(broken.name, "broken.json.bak")
        # the Map menu's prompts: add, rename and delete a phase, a lane and a persona
        structure = window.structure
        structure.add_phase()
        structure.add_lane()
        structure.add_persona()
        structure.rename_phase("awareness")
        structure.rename_lane("actions")
        structure.rename_persona()
        window.scene.set_current_cell(None)
        structure.delete_phase()  # no cell chosen: said in the status bar
        texts.append(window.statusBar().currentMessage())
        structure.delete_lane()
        texts.append(window.statusBar().currentMessage())
        window.scene.set_current_cell(("awareness", "actions"))
        for delete in (structure.delete_phase, structure.delete_lane, structure.delete_persona):
            dialogs.answers.append(QMessageBox.StandardButton.No)
            delete()
        for kind, target in (("cell", "awareness/actions"), ("card", journey_map.cards[0].id),
                             ("phase", "awareness"), ("lane", "actions")):
            menu = structure.context_menu(kind, target)
            texts += [action.text() for action in menu.actions() if not action.isSeparator()]
            texts += [a.text() for action in menu.actions() if action.menu() for a in action.menu().actions()]
            data.add(*(c.text for c in journey_map.cards))
        # the emotion point, the shortcut list and About
        point = next(p for p in journey_map.emotions if p.persona == window.current_persona_id)
        emotion = EmotionDialog(point, journey_map.phase(point.phase).name, window)
        texts += widget_texts(emotion)
        window.show_shortcuts()
        texts += [text for row in shortcut_rows() for text in row]
        window.show_about()
        # an export that fails, one with warnings, an image that cannot be made
        monkeypatch.setitem(TARGETS, "xlsx", Target(".xlsx", lambda *_a: Written([f"w{n}" for n in range(12)])))
        run_export(window, window.document, ExportRequest(kind="xlsx", path=folder / "map.xlsx"))
        monkeypatch.setitem(TARGETS, "svg", Target(".svg", lambda *_a: (_ for _ in ()).throw(KeyError("x"))))
        run_export(window, window.document, ExportRequest(kind="svg", path=folder / "map.svg"))
        from app.ui.image_export import export_png

        for personas, dpi in (([], 150), (["beginner"], 5)):
            with pytest.raises(ExportError) as refused:
                export_png(window.document, personas, folder / "map.png", dpi)
            texts.append(str(refused.value))
        # autosave failing, then an unexpected error
        def disk_full(*_args, **_kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(window.autosaver.journal, "write", disk_full)
        window.autosaver.write_now()
        texts += [window.autosave_warning.text(), window.statusBar().currentMessage(),
                  window.safety_status.title_suffix()]
        window.autosaver.journal.path.parent.mkdir(parents=True, exist_ok=True)
        install_exception_handler(lambda: window)
        sys.excepthook(RuntimeError, RuntimeError("boom"), None)
        from app.ui.safety import log_file

        data.add("No space left on device", "RuntimeError: boom", "KeyError: 'x'", log_file(), app.__version__,
                 window.autosaver.journal.path, folder / "map.xlsx", folder / "map.svg", "w0", "w1", "w2", "w3", "w4",
                 "w5", "w6", "w7", "w8", "w9")
        window.autosaver.last_error = None
        window.autosaver.close()
        return texts + message_texts(dialogs)

    assert english_left(scenario, tmp_path) == []
    assert len(dialogs.boxes) >= 8  # the scenario reached the prompts


# --- plurals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_delete_says_its_cards_in_the_right_plural_for_one_and_for_several(lang, qtbot, dialogs, sample_path):
    from app.ui.commands import RemoveCardsCommand

    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    if lang == "de":
        german()
    journey_map = window.journey_map
    keep = sorted(c.id for c in journey_map.cards if c.lane == "touchpoints")[0]
    others = {c.id for c in journey_map.cards if c.lane == "touchpoints"} - {keep}
    window.undo_stack.push(RemoveCardsCommand(window.document, others, "Keep one"))
    window.scene.set_current_cell(("awareness", "touchpoints"))
    lane = journey_map.lane("touchpoints").name
    phase = journey_map.phase("awareness").name
    total = sum(1 for c in journey_map.cards if c.phase == "awareness")
    for _n in range(2):
        dialogs.answers.append(QMessageBox.StandardButton.No)
    window.structure.delete_lane()
    window.structure.delete_phase()
    one, several = dialogs.messages[-2][1], dialogs.messages[-1][1]
    if lang == "de":
        assert one == f"Löschen: Zeile „{lane}“ löschen? 1 Karte wird mitgelöscht."
        assert several.startswith(f"Löschen: Phase „{phase}“ löschen? {total} Karten werden mitgelöscht (")
    else:
        assert one == f"Delete: Delete lane “{lane}”? 1 card goes with it."
        assert several.startswith(f"Delete: Delete phase “{phase}”? {total} cards go with it (")
    assert total > 1 and "(n)" not in several and "(s)" not in several


@pytest.mark.parametrize(("lang", "one", "several"), [
    ("en", "1 autosaved map waits for a decision…", "3 autosaved maps wait for a decision…"),
    ("de", "1 automatisch gesicherte Map wartet auf eine Entscheidung…",
     "3 automatisch gesicherte Maps warten auf eine Entscheidung…"),
])
def test_the_waiting_autosaves_are_counted_in_the_right_plural(lang, one, several, qtbot):
    if lang == "de":
        german()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_recoveries_waiting(1)
    assert window.recoveries_waiting.text() == one
    window.show_recoveries_waiting(3)
    assert window.recoveries_waiting.text() == several
    window.autosaver.close()


@pytest.mark.parametrize(("lang", "one", "several"), [
    ("en", "… and 1 more warning", "… and 15 more warnings"),
    ("de", "… und 1 weitere Warnung", "… und 15 weitere Warnungen"),
])
def test_the_warnings_left_out_are_counted_in_the_right_plural(lang, one, several, qtbot, tmp_path, monkeypatch,
                                                               dialogs):
    if lang == "de":
        german()
    parent = QWidget()
    qtbot.addWidget(parent)
    document = MapDocument(load_map(SAMPLES / "fitness-watch.json"), None)
    dialogs.allow("warning")
    for count in (11, 25):
        monkeypatch.setitem(TARGETS, "xlsx", Target(".xlsx", lambda *_a, n=count: Written([f"w{i}" for i in range(n)])))
        assert run_export(parent, document, ExportRequest(kind="xlsx", path=tmp_path / "map.xlsx"))
    assert dialogs.messages[-2][1].endswith("\n" + one) and dialogs.messages[-1][1].endswith("\n" + several)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_recovery_list_counts_its_maps_and_what_is_left_out_in_the_right_plural(lang, qtbot, tmp_path):
    if lang == "de":
        german()
    journal(tmp_path / "one", "1-lanes", map=lane_kind_broken())
    data = lane_kind_broken()
    data["cards"][0]["severity"] = 99  # one card does not read
    data["cards"][1]["severity"] = 99  # nor a second
    journal(tmp_path / "several", "1-lanes", map=lane_kind_broken())
    journal(tmp_path / "several", "2-cards", map=data)
    one = RecoveryDialog(entries_of(scan_recoveries(tmp_path / "one")))
    several = RecoveryDialog(entries_of(scan_recoveries(tmp_path / "several")))
    qtbot.addWidget(one)
    qtbot.addWidget(several)
    cards_row = next(r for r in range(several.table.rowCount()) if several.table.item(r, 0).text() == "Map 2-cards")
    several.table.selectRow(cards_row)
    if lang == "de":
        assert "1 automatisch gesicherte Map wurde gefunden. Wählen Sie, was damit geschehen soll;" in one.intro.text()
        assert "2 automatisch gesicherte Maps wurden gefunden. Wählen Sie für jede," in several.intro.text()
        assert "„Später entscheiden“" in several.intro.text()
        assert "2 Elemente der Map sind nicht lesbar und fehlen in der Kopie." in several.details.text()
    else:
        assert "1 autosaved map was found. Choose what to do with it;" in one.intro.text()
        assert "2 autosaved maps were found. Choose what to do with each;" in several.intro.text()
        assert "2 items of the map do not read and are left out of the copy." in several.details.text()
    assert "(s)" not in one.intro.text() + several.intro.text() + several.details.text()


@pytest.mark.parametrize(("lang", "one", "several"), [
    ("en", "1 A4 landscape sheet", "6 A4 landscape sheets"),
    ("de", "1 A4-Blatt quer", "6 A4-Blätter quer"),
])
def test_the_sheets_of_a_tiled_poster_are_counted_in_the_right_plural(lang, one, several, monkeypatch):
    """As the export dialog's preview and the poster's summary say them (the plan's words)."""
    from app.export.pdf import PdfOptions, PosterPlan, PosterPlanner

    if lang == "de":
        german()
    plan = PosterPlanner(load_map(SAMPLES / "fitness-watch.json")).plan(PdfOptions(paper="A0", tile="a4"))
    for count, wanted in ((1, one), (6, several)):
        monkeypatch.setattr(PosterPlan, "sheets", lambda _plan, n=count: n)
        monkeypatch.setattr(plan, "landscape", True, raising=False)
        assert plan.tiling_text() == wanted


# --- open dialogs say their words again after a switch -------------------------------------------------------


def test_an_open_export_dialog_says_its_words_again_in_german_and_back(qtbot, sample_path):
    document = MapDocument(load_map(sample_path), sample_path)
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    english = widget_texts(dialog)
    assert "Language of the deliverable" in english and "Cancel" in english
    german()  # installs Qt's catalogue: Qt sends LanguageChange to every widget
    texts = widget_texts(dialog)
    assert dialog.windowTitle() == "Exportieren" and dialog.export_button.text() == "Exportieren"
    for word in ("Dateiformat", "Datei", "Sprache des Exports", "Papier", "Querformat", "Aufteilung",
                 "Auflösung (dpi)", "Durchsuchen…", "Datei nach dem Export öffnen", "Abbrechen", "Exportieren",
                 "PDF-Poster", "Excel-Arbeitsmappe", "Automatisch (kleinstes lesbares Format)",
                 "Nicht aufteilen: ein Blatt pro Seite", "Auf A4-Blätter aufteilen"):
        assert word in texts, word
    assert dialog.paper.currentText() == "Automatisch (kleinstes lesbares Format)" and dialog.request().paper == "auto"
    assert dialog.preview_text.text().startswith("Kartentext wird mit ")
    assert not set(texts) & (set(english) - SAME_IN_GERMAN - {p.name for p in document.journey_map.personas}
                             - {str(dialog._default_path())})
    language.apply_language("en")
    assert widget_texts(dialog) == english


def test_an_open_recovery_list_says_its_words_again_when_told_the_language_changed(qtbot, tmp_path, sample_path):
    crashed(tmp_path, sample_path)
    dialog = RecoveryDialog(entries_of(scan_recoveries(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    chosen = dialog.combos[1].currentIndex()
    dialog.combos[1].setCurrentIndex(chosen + 1)
    i18n.set_language("de")  # the app's words only: the event is what tells the dialog
    QApplication.sendEvent(dialog, QEvent(QEvent.Type.LanguageChange))
    assert dialog.windowTitle() == "Ungespeicherte Arbeit wiederherstellen"
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["Journey Map", "Datei", "Zuletzt gesichert", "Zustand", "Aktion"]
    assert dialog.combos[1].currentIndex() == chosen + 1  # the choice made stays
    assert [dialog.combos[0].itemText(i) for i in range(dialog.combos[0].count())] == [
        "Später entscheiden", "Wiederherstellen", "Als unbenannte Kopie öffnen", "Verwerfen"]
    assert dialog.show_file_button.text() == "Im Ordner zeigen"
    assert dialog.details.text().splitlines()[1].startswith("Datei der automatischen Sicherung: ")
    assert dialog.intro.text().startswith("Der Editor wurde nicht ordnungsgemäß beendet. 4 automatisch")
    buttons = [b.text() for b in dialog.findChildren(QAbstractButton)]
    assert {"Anwenden", "Später entscheiden", "Alle wiederherstellen", "Alle verwerfen",
            "Alle später entscheiden"} <= set(buttons)


def test_an_open_emotion_dialog_and_the_autosave_warning_follow_a_switch(qtbot, sample_path, monkeypatch):
    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    journey_map = window.journey_map
    point = journey_map.emotions[0]
    dialog = EmotionDialog(point, journey_map.phase(point.phase).name, window)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(window.autosaver.journal, "write",
                        lambda *_a, **_k: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    window.scene.add_card("awareness", "actions", "Note")
    window.autosaver.write_now()
    assert window.autosave_warning.text().startswith("⚠ Autosave failed: No space left on device.")
    window.show_recoveries_waiting(2)
    german()
    assert dialog.windowTitle() == f"Emotion in der Phase „{journey_map.phase(point.phase).name}“"
    assert dialog.remove.text() == "Punkt entfernen" and dialog.labels[dialog.note].text() == "Notiz"
    assert window.autosave_warning.text().startswith("⚠ Automatisches Speichern fehlgeschlagen: No space left")
    assert window.recoveries_waiting.text() == "2 automatisch gesicherte Maps warten auf eine Entscheidung…"
    assert window.windowTitle().endswith("⚠ automatisches Speichern scheitert")
    window.autosaver.last_error = None
    window.autosaver.close()


# --- the deliverable's language -------------------------------------------------------------------------------


def test_the_export_dialog_offers_the_deliverables_language_the_maps_first(qtbot, tmp_path, monkeypatch):
    german_sample = SAMPLES / "onlineshop-retoure.json"
    english_sample = SAMPLES / "fitness-watch.json"
    for path, wanted in ((german_sample, "de"), (english_sample, "en")):
        dialog = ExportDialog(MapDocument(load_map(path), path))
        qtbot.addWidget(dialog)
        assert dialog.language.currentData() == wanted
        assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == [
            i18n.LANGUAGE_NAMES[code] for code in i18n.LANGUAGES]
        assert dialog.request().language == wanted
    seen = []
    monkeypatch.setitem(TARGETS, "xlsx", Target(".xlsx", lambda _m, _p, choices, *_a: seen.append(choices.language)
                                                or Written()))
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    request = dialog.request()
    assert request.language == "de" and dialog.language.isEnabled()
    assert run_export(dialog, dialog.document, ExportRequest(kind="xlsx", path=tmp_path / "x.xlsx", language="de"))
    assert seen == ["de"]
    for kind in ("png", "svg", "pdf"):  # every deliverable has a language, the images' card captions too
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        assert dialog.language.isEnabled() and dialog.request().language == "de"


def test_the_posters_preview_is_planned_in_the_chosen_language(qtbot, sample_path):
    dialog = ExportDialog(MapDocument(load_map(sample_path), sample_path))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.update_preview()
    assert dialog._planner.language == "en"
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert dialog._planner is not None and dialog._planner.language == "de"
    assert json.dumps(dialog.request().choices(sample_path).language) == '"de"'
