"""The Conflicts dock (issue 15, item 4): a map with recorded merge conflicts opens with them listed; each is
decided (Keep mine, Take theirs, a typed value) as one undo step that undo takes back; a click shows the card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.merge.report import conflict_lines
from app.merge.resolve import KEEP_MINE, resolve
from app.merge.three_way import merge_maps
from app.model import load_map, save_map
from app.operations import changes as ch
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES


def _set(target: str, item_id: str, **values) -> ch.SetFields:
    return ch.SetFields(target=target, item_id=item_id, values=values)


OURS = [_set("card", "c-1", text="Mine: first 5 km together"), _set("card", "c-5", severity=1),
        ch.RemoveCards(card_ids=["c-3"]), _set("card", "c-43", text="Mine: athlete ad"),
        _set("phase", "purchase", name="Buying")]
THEIRS = [_set("card", "c-1", text="Theirs: run your first 5 km"), _set("card", "c-5", severity=5),
          _set("card", "c-3", notes="Seen in 4 of 6 interviews"), _set("card", "c-43", text="Theirs: athlete ad"),
          _set("phase", "purchase", name="Checkout")]


@pytest.fixture
def merged_path(tmp_path: Path) -> Path:
    """The sample merged from two sides that changed the same things: five conflicts recorded in the file."""
    base = load_map(SAMPLES / "fitness-watch.json")
    ours, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    ch.apply_checked(ours, ch.Batch(changes=OURS))
    ch.apply_checked(theirs, ch.Batch(changes=THEIRS))
    result = merge_maps(base, ours, theirs, ours_label="mine", theirs_label="on disk")
    assert len(result.conflicts) == 5
    path = tmp_path / "merged.json"
    save_map(result.merged, path)
    return path


@pytest.fixture
def window(qtbot, merged_path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_file(merged_path)
    QApplication.processEvents()
    return window


def row_of(window: MainWindow, target: str, item_id: str) -> int:
    conflicts = window.journey_map.conflicts
    return next(i for i, c in enumerate(conflicts) if (c.target, c.item_id) == (target, item_id))


def choose(qtbot, window: MainWindow, target: str, item_id: str) -> None:
    """Click the conflict's line in the list, as a user does."""
    dock = window.conflicts_dock
    item = dock.list.item(row_of(window, target, item_id))
    dock.list.scrollToItem(item)
    qtbot.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=dock.list.visualItemRect(item).center())
    assert dock.current().item_id == item_id


def lines(window: MainWindow) -> list[str]:
    dock = window.conflicts_dock
    return [dock.list.item(i).text() for i in range(dock.list.count())]


def test_a_map_with_conflicts_opens_with_the_dock_listing_each_in_words(window: MainWindow):
    dock = window.conflicts_dock
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()  # in front of the persona dock it shares
    assert lines(window) == conflict_lines(window.journey_map)
    assert any("Mine: first 5 km" in line and "Theirs: run your" in line for line in lines(window))
    assert window.conflicts_dock.status_button.isVisible()
    assert window.conflicts_dock.status_button.text() == "5 conflicts to decide"


def test_a_map_without_conflicts_shows_no_dock_and_no_count(qtbot, window: MainWindow, sample_path: Path, dialogs):
    window.undo_stack.setClean()
    assert window.open_file(sample_path)
    assert not window.conflicts_dock.isVisible()
    assert not window.conflicts_dock.status_button.isVisible()


@pytest.mark.parametrize(("button", "wanted"), [("keep_mine", "Mine: first 5 km together"),
                                                ("take_theirs", "Theirs: run your first 5 km")])
def test_keep_mine_or_take_theirs_is_one_undo_step_and_undo_brings_the_conflict_back(qtbot, window: MainWindow,
                                                                                    button: str, wanted: str):
    dock = window.conflicts_dock
    before = window.journey_map.model_copy(deep=True)
    choose(qtbot, window, "card", "c-1")
    steps = window.undo_stack.count()
    qtbot.mouseClick(getattr(dock, button), Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Resolve conflict"
    assert window.journey_map.card("c-1").text == wanted
    assert " ".join(window.scene.layout.cards["c-1"].lines) == wanted  # the canvas shows it
    assert len(window.journey_map.conflicts) == 4 and dock.list.count() == 4
    assert dock.status_button.text() == "4 conflicts to decide"
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert window.journey_map == before
    assert dock.list.count() == 5 and lines(window) == conflict_lines(before)
    assert dock.status_button.text() == "5 conflicts to decide"


def test_a_typed_value_decides_a_text_conflict(qtbot, window: MainWindow):
    dock = window.conflicts_dock
    choose(qtbot, window, "card", "c-1")
    assert dock.editor.isVisible() and dock.editor.toPlainText() == "Mine: first 5 km together"
    dock.editor.setPlainText("Run your first 5 km, together")
    qtbot.mouseClick(dock.use_value, Qt.MouseButton.LeftButton)
    assert window.journey_map.card("c-1").text == "Run your first 5 km, together"
    assert window.undo_stack.undoText() == "Resolve conflict"
    window.undo_stack.undo()
    assert window.journey_map.card("c-1").text == "Mine: first 5 km together"
    assert dock.list.count() == 5


def test_a_number_is_decided_by_a_side_not_typed(qtbot, window: MainWindow):
    dock = window.conflicts_dock
    choose(qtbot, window, "card", "c-5")
    assert not dock.editor.isVisible() and not dock.use_value.isVisible()
    assert dock.rows["ours"][1].text() == "1" and dock.rows["theirs"][1].text() == "5"
    qtbot.mouseClick(dock.take_theirs, Qt.MouseButton.LeftButton)
    assert window.journey_map.card("c-5").severity == 5


def test_keep_mine_of_a_card_i_removed_removes_it_and_undo_puts_it_back(qtbot, window: MainWindow):
    dock = window.conflicts_dock
    choose(qtbot, window, "card", "c-3")
    assert "removed it" in dock.rows["ours"][1].text()
    qtbot.mouseClick(dock.keep_mine, Qt.MouseButton.LeftButton)
    assert window.document.cards.card("c-3") is None and "c-3" not in window.scene.card_items
    window.undo_stack.undo()
    assert window.journey_map.card("c-3").notes == "Seen in 4 of 6 interviews"
    assert "c-3" in window.scene.card_items


def test_clicking_a_conflict_shows_its_card_switching_persona(qtbot, window: MainWindow):
    assert window.current_persona_id == "beginner"
    choose(qtbot, window, "card", "c-43")  # a card of the athlete
    assert window.current_persona_id == "athlete"
    assert window.scene.selected_card_ids() == ["c-43"]
    assert window.inspector.card_id == "c-43"
    choose(qtbot, window, "card", "c-1")
    assert window.current_persona_id == "beginner" and window.scene.selected_card_ids() == ["c-1"]


def test_clicking_a_phase_conflict_puts_that_phase_in_focus(qtbot, window: MainWindow):
    window.scene.select_cards(["c-1"])
    choose(qtbot, window, "phase", "purchase")
    assert window.scene.selected_card_ids() == []
    assert window.scene.current_cell[0] == "purchase"
    assert window.inspector.phase_id == "purchase"


def test_the_map_saves_with_conflicts_left_and_as_1_0_once_all_are_decided(qtbot, window: MainWindow,
                                                                            merged_path: Path):
    dock = window.conflicts_dock
    qtbot.mouseClick(dock.take_theirs, Qt.MouseButton.LeftButton)
    assert window.save_file()
    saved = json.loads(merged_path.read_text())
    assert saved["schema_version"] == "1.1" and len(saved["conflicts"]) == 4
    while dock.list.count():
        qtbot.mouseClick(dock.keep_mine, Qt.MouseButton.LeftButton)
    assert window.journey_map.conflicts is None
    assert dock.summary.text().startswith("No conflicts left")
    assert not dock.status_button.isVisible() and dock.isVisible()  # it stays to say so
    assert window.save_file()
    saved = json.loads(merged_path.read_text())
    assert saved["schema_version"] == "1.0" and "conflicts" not in saved
    window.undo_stack.undo()  # the last decision: its conflict comes back, the count too
    assert dock.list.count() == 1 and dock.status_button.isVisible()


def test_a_hidden_dock_shows_itself_when_an_undo_brings_a_conflict_back(qtbot, window: MainWindow):
    dock = window.conflicts_dock
    qtbot.mouseClick(dock.keep_mine, Qt.MouseButton.LeftButton)
    dock.close()
    window.undo_stack.undo()
    assert dock.isVisible()
    dock.close()
    qtbot.mouseClick(dock.status_button, Qt.MouseButton.LeftButton)
    assert dock.isVisible()


def test_the_dock_speaks_german_after_a_switch(window: MainWindow):
    from app.ui.language import apply_language

    try:
        apply_language("de")
        assert all(line.startswith(("Karte", "Phase")) for line in lines(window))
    finally:
        apply_language("en")  # Qt's own catalogue too, which the tests' set-up does not reset


def test_the_list_follows_edits_and_keeps_the_chosen_conflict(qtbot, window: MainWindow):
    dock = window.conflicts_dock
    choose(qtbot, window, "card", "c-43")
    window.scene.controller.edit_card_text("c-1", "Edited after the merge")
    assert "Edited after the merge" in lines(window)[row_of(window, "card", "c-1")]
    assert dock.current().item_id == "c-43"
    first = window.journey_map.conflicts[0]
    assert first.item_id != "c-43"
    window.scene.controller.make(resolve(window.journey_map, first.id, KEEP_MINE), "Resolve conflict")  # another one
    assert dock.current().item_id == "c-43"
    row = dock.list.currentRow()
    assert 0 < row < dock.list.count() - 1
    qtbot.mouseClick(dock.take_theirs, Qt.MouseButton.LeftButton)  # decided: the next one is chosen, in its row
    assert dock.list.currentRow() == row
    assert dock.current() == window.journey_map.conflicts[row] and dock.current().item_id != "c-43"


def _point(score: int) -> ch.SetEmotion:
    from app.model import EmotionPoint

    return ch.SetEmotion(persona="athlete", phase="retention", point=EmotionPoint(
        persona="athlete", phase="retention", score=score))


@pytest.mark.parametrize(("ours", "theirs", "persona", "cell"), [
    (_set("lane", "thoughts", name="Ideas"), _set("lane", "thoughts", name="Mind"), "beginner", ("awareness",
                                                                                                 "thoughts")),
    (_point(-2), _point(2), "athlete", ("retention", "emotions")),
    (_set("persona", "gift-buyer", role="Aunt"), _set("persona", "gift-buyer", role="Uncle"), "gift-buyer", None),
])
def test_clicking_a_lane_emotion_or_persona_conflict_shows_it(qtbot, tmp_path: Path, ours, theirs, persona, cell):
    base = load_map(SAMPLES / "fitness-watch.json")
    sides = [base.model_copy(deep=True), base.model_copy(deep=True)]
    for side, change in zip(sides, (ours, theirs), strict=True):
        ch.apply_checked(side, change)
    path = tmp_path / "one-conflict.json"
    save_map(merge_maps(base, *sides).merged, path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_file(path)
    conflict = window.journey_map.conflicts[0]
    choose(qtbot, window, conflict.target, conflict.item_id)
    assert window.current_persona_id == persona
    if cell is not None:
        assert window.scene.current_cell == cell


def test_typing_in_a_conflicts_card_renames_its_line_and_other_cards_leave_the_list_alone(window, monkeypatch):
    from app.ui.commands import push_change

    dock, document = window.conflicts_dock, window.document
    line = dock.list.item(row_of(window, "card", "c-43"))
    push_change(document, _set("card", "c-43", text="Renamed while deciding"), "Edit")
    assert "Renamed while deciding" in line.text()
    refreshed = []
    monkeypatch.setattr(dock, "refresh", lambda: refreshed.append(True))
    other = next(c.id for c in window.journey_map.cards if c.id not in {"c-1", "c-3", "c-5", "c-43"})
    push_change(document, _set("card", other, text="An edit elsewhere"), "Edit")
    assert refreshed == []  # a map of thousands of cards: typing elsewhere names no conflict again
    push_change(document, _set("card", "c-1", notes="a note"), "Edit")
    assert refreshed == [True]
