"""Merge instead of overwrite (issue 15, item 5): when someone else saved the open map's file, Save offers
Merge: their changes and mine end up in the map and on disk as one undo step; conflicts open the Conflicts
dock; a file that is not a map says so and offers the old choices; nobody's work is lost unseen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.model import load_map, save_map
from app.model.fileformat import backup_path, content_hash
from app.ui.document import MapDocument
from app.ui.main_window import MainWindow

ORIGINAL_C2 = "Poster at the bus stop on the way to work"


@pytest.fixture
def window(shown_window: MainWindow) -> MainWindow:
    return shown_window


def click_in_turn(monkeypatch, dialogs, *texts: str) -> list[QMessageBox]:
    """The next message boxes report the buttons with these texts as clicked, one box each, in turn; returns
    the boxes asked (filled as they come)."""
    asked: list[QMessageBox] = []
    answers = list(texts)
    dialogs.expect("box", times=len(texts))
    pressed: dict[int, object] = {}

    def clicked(box):
        if id(box) not in pressed:
            asked.append(box)
            text = answers.pop(0)
            pressed[id(box)] = next(b for b in box.buttons() if b.text().replace("&", "") == text)
        return pressed[id(box)]

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)
    return asked


def save_from_outside(path: Path, **texts: str) -> None:
    """A colleague's editor: the file as it is on disk, cards' texts changed, saved over it."""
    theirs = load_map(path)
    for card_id, text in texts.items():
        theirs.card(card_id.replace("_", "-")).text = text
    save_map(theirs, path)


def test_the_document_keeps_the_bytes_it_read_and_wrote(sample_path: Path, qtbot):
    document = MapDocument.open(sample_path)
    assert document.disk_bytes == sample_path.read_bytes()
    assert MapDocument(load_map(sample_path), sample_path).disk_bytes == sample_path.read_bytes()
    document.journey_map.title = "Written"
    document.save(sample_path)
    assert document.disk_bytes == sample_path.read_bytes() and b"Written" in document.disk_bytes
    assert document.disk_hash == content_hash(document.disk_bytes)
    document.disk_hash = "another version"  # a recovered map knows only the hash of the file it came from
    assert document.disk_bytes is None
    assert MapDocument(load_map(sample_path), sample_path.with_name("none.json")).disk_bytes is None


def test_merge_on_save_keeps_both_edits_in_the_map_and_on_disk_as_one_undo_step(window: MainWindow,
                                                                               sample_path: Path, dialogs,
                                                                               monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine: the first card")
    save_from_outside(sample_path, c_2="Theirs: the second card")
    steps = window.undo_stack.count()
    asked = click_in_turn(monkeypatch, dialogs, "Merge")
    assert window.save_file()
    assert len(asked) == 1 and "was changed on disk" in asked[0].text()  # asked once, then saved
    assert window.journey_map.card("c-1").text == "Mine: the first card"
    assert window.journey_map.card("c-2").text == "Theirs: the second card"
    on_disk = load_map(sample_path)
    assert on_disk.card("c-1").text == "Mine: the first card" and on_disk.card("c-2").text == "Theirs: the second card"
    assert not window.isWindowModified() and on_disk.conflicts is None
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Merge changes from disk"
    window.undo_stack.undo()  # theirs goes, mine stays
    assert window.journey_map.card("c-2").text == ORIGINAL_C2
    assert window.journey_map.card("c-1").text == "Mine: the first card"
    assert window.isWindowModified()
    assert not window.conflicts_dock.isVisible()


def test_merge_with_a_conflict_opens_the_conflicts_dock_and_writes_nothing_yet(window: MainWindow,
                                                                              sample_path: Path, dialogs,
                                                                              monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine: the first card")
    save_from_outside(sample_path, c_1="Theirs: the first card", c_2="Theirs: the second card")
    theirs_bytes = sample_path.read_bytes()
    click_in_turn(monkeypatch, dialogs, "Merge")
    assert not window.save_file()  # decide first
    assert sample_path.read_bytes() == theirs_bytes  # their work is still on disk
    dock = window.conflicts_dock
    assert dock.isVisible() and dock.list.count() == 1
    assert "mine" in dock.list.item(0).text() and "on disk" in dock.list.item(0).text()
    assert dock.rows["theirs"][0].text() == "Theirs (on disk):"
    assert window.journey_map.card("c-1").text == "Mine: the first card"  # the map holds mine until decided
    assert window.journey_map.card("c-2").text == "Theirs: the second card"
    assert "1 conflict to decide" in window.statusBar().currentMessage()
    dock.take_theirs.click()
    assert window.save_file()  # no question now: what is on disk was merged
    on_disk = load_map(sample_path)
    assert on_disk.card("c-1").text == "Theirs: the first card" and on_disk.conflicts is None
    assert on_disk.schema_version == "1.0"


def test_undo_of_a_merge_with_conflicts_takes_the_conflicts_away_too(window: MainWindow, sample_path: Path,
                                                                    dialogs, monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine")
    ours = window.journey_map.model_copy(deep=True)
    save_from_outside(sample_path, c_1="Theirs")
    click_in_turn(monkeypatch, dialogs, "Merge")
    window.save_file()
    assert window.journey_map.conflicts
    window.undo_stack.undo()
    assert window.journey_map == ours
    assert window.conflicts_dock.list.count() == 0 and not window.conflicts_dock.status_button.isVisible()


def test_a_file_on_disk_that_is_not_a_map_cannot_be_merged_and_the_old_choices_are_offered(
        window: MainWindow, sample_path: Path, dialogs, monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine")
    sample_path.write_bytes(b'{"format": "journey-map", "schema_ver')  # a half-synced copy
    asked = click_in_turn(monkeypatch, dialogs, "Merge", "Cancel")
    assert not window.save_file()
    assert len(asked) == 2
    texts = [[b.text().replace("&", "") for b in box.buttons()] for box in asked]
    assert "Merge" in texts[0] and "Reload" in texts[0]
    assert "Merge" not in texts[1] and "Overwrite" in texts[1] and "Save as Copy…" in texts[1]
    assert "cannot be merged" in asked[1].informativeText() and "not valid JSON" in asked[1].informativeText()
    assert window.journey_map.card("c-1").text == "Mine" and window.isWindowModified()
    click_in_turn(monkeypatch, dialogs, "Overwrite")
    assert window.save_file()
    assert load_map(sample_path).card("c-1").text == "Mine"


def test_without_the_version_it_started_from_the_map_cannot_be_merged(window: MainWindow, sample_path: Path,
                                                                      dialogs, monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine")
    window.document.disk_hash = "a version this editor never held"  # as a recovered map's
    save_from_outside(sample_path, c_2="Theirs")
    asked = click_in_turn(monkeypatch, dialogs, "Merge", "Cancel")
    assert not window.save_file()
    assert "not known" in asked[1].informativeText()
    assert load_map(sample_path).card("c-2").text == "Theirs"


def test_a_recovered_map_merges_against_the_backup_that_holds_its_version(window: MainWindow, sample_path: Path,
                                                                         dialogs, monkeypatch):
    original = sample_path.read_bytes()
    window.scene.controller.edit_card_text("c-1", "Mine")
    window.document.disk_hash = "forget the bytes"
    window.document.disk_hash = content_hash(original)
    assert window.document.disk_bytes is None
    backup_path(sample_path).write_bytes(original)  # their editor kept the version it wrote over
    save_from_outside(sample_path, c_2="Theirs")
    click_in_turn(monkeypatch, dialogs, "Merge")
    assert window.save_file()
    on_disk = load_map(sample_path)
    assert on_disk.card("c-1").text == "Mine" and on_disk.card("c-2").text == "Theirs"


def test_a_file_changed_again_during_the_question_is_asked_about_again(window: MainWindow, sample_path: Path,
                                                                        dialogs, monkeypatch):
    window.scene.controller.edit_card_text("c-1", "Mine")
    save_from_outside(sample_path, c_2="Theirs")
    asked = click_in_turn(monkeypatch, dialogs, "Merge", "Merge")
    import app.ui.file_session as file_session

    merge = file_session.merge_from_disk

    def merge_then_they_save_again(win):
        outcome = merge(win)
        if len(asked) == 1:
            save_from_outside(sample_path, c_3="Theirs again")
        return outcome

    monkeypatch.setattr(file_session, "merge_from_disk", merge_then_they_save_again)
    assert window.save_file()
    assert len(asked) == 2
    on_disk = load_map(sample_path)
    assert (on_disk.card("c-1").text, on_disk.card("c-2").text, on_disk.card("c-3").text) == (
        "Mine", "Theirs", "Theirs again")


def test_a_modified_map_told_of_a_change_on_disk_says_merge_is_offered(qtbot, window: MainWindow,
                                                                     sample_path: Path):
    window.scene.controller.edit_card_text("c-1", "Mine")
    save_from_outside(sample_path, c_2="Theirs")
    qtbot.waitUntil(lambda: "merge their changes" in window.statusBar().currentMessage(), timeout=5000)
