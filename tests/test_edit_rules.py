"""No edit can make a map that cannot be saved; a save or autosave that fails says so and keeps the last good state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from app import operations as ops
from app.model import Card, load_map, map_problems
from app.ui.commands import EditFieldsCommand, push_field_edit
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLE_FILES


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    return window


def lanes_with_cards(journey_map) -> list[str]:
    return [lane.id for lane in journey_map.lanes
            if lane.kind != "emotions" and any(c.lane == lane.id for c in journey_map.cards)]


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_lane_that_holds_cards_can_become_the_emotion_curve(path: Path):
    journey_map = load_map(path)
    empty = [lane.id for lane in journey_map.lanes if lane.id not in lanes_with_cards(journey_map)]
    for lane_id in lanes_with_cards(journey_map):
        lane = journey_map.lane(lane_id)
        (problem,) = ops.edit_problems(journey_map, lane, {"kind": "emotions"})
        assert "holds" in problem and "move or delete its cards first" in problem
        for kind in ("notes", "kpis", "pain_points"):  # every other kind stays open
            assert ops.edit_problems(journey_map, lane, {"kind": kind}) == []
    for lane_id in empty:
        assert ops.edit_problems(journey_map, journey_map.lane(lane_id), {"kind": "emotions"}) == []


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"lane": "no-such-lane"}, "no lane"),
        ({"phase": "no-such-phase"}, "no phase"),
        ({"persona": "nobody"}, "no persona"),
        ({"severity": 9}, "severity"),
        ({"color": "red"}, "color"),
        ({"votes": -1}, "votes"),
        ({"text": "fine", "severity": 0}, "severity"),
    ],
)
def test_card_edits_that_break_a_value_or_a_reference_are_refused_and_change_nothing(changes, words):
    journey_map = load_map(SAMPLE_FILES[0])
    card = journey_map.cards[0]
    before = card.model_dump()
    problems = ops.edit_problems(journey_map, card, changes)
    assert problems and words in " ".join(problems)
    assert card.model_dump() == before


def test_set_fields_is_all_or_nothing():
    card = load_map(SAMPLE_FILES[0]).cards[0]
    before = card.model_dump()
    with pytest.raises(ValidationError):
        ops.set_fields(card, {"text": "changed first", "severity": 7})
    assert card.model_dump() == before


def test_a_card_cannot_be_put_into_the_emotion_lane_by_a_field_edit():
    journey_map = load_map(SAMPLE_FILES[0])
    emotion_lane = next(lane.id for lane in journey_map.lanes if lane.kind == "emotions")
    assert ops.edit_problems(journey_map, journey_map.cards[0], {"lane": emotion_lane}) == [
        "the emotion curve holds no cards"]


def test_ids_stay_unique_and_references_stay_whole():
    journey_map = load_map(SAMPLE_FILES[0])
    first, second = journey_map.cards[:2]
    assert "already used" in ops.edit_problems(journey_map, second, {"id": first.id})[0]
    phase = journey_map.phases[0]
    assert ops.edit_problems(journey_map, phase, {"id": "brand-new"})  # cards refer to it
    assert ops.edit_problems(journey_map, phase, {"name": "Renamed", "goal": "Trust"}) == []


def test_the_inspector_does_not_offer_the_emotion_curve_for_a_lane_with_cards(window: MainWindow, dialogs):
    journey_map = window.journey_map
    lane_id = lanes_with_cards(journey_map)[0]
    phase_id = journey_map.phases[0].id
    window.scene.set_current_cell((phase_id, lane_id))
    combo = window.inspector.lane_kind
    emotions = combo.findData("emotions")
    assert not combo.model().item(emotions).isEnabled()
    # Forced anyway (a script, an old combo state): refused with a message, nothing changes.
    steps = window.undo_stack.count()
    dialogs.expect("warning", "This change was not made")
    combo.setCurrentIndex(emotions)
    assert journey_map.lane(lane_id).kind != "emotions"
    assert window.undo_stack.count() == steps
    assert combo.currentData() == journey_map.lane(lane_id).kind
    kind, text = dialogs.messages[-1]
    assert kind == "warning" and "move or delete its cards first" in text
    assert map_problems(journey_map) == []
    assert window.save_file()
    # A lane without cards may become the emotion curve.
    empty = next(lane.id for lane in journey_map.lanes if lane.id not in lanes_with_cards(journey_map))
    window.scene.set_current_cell((phase_id, empty))
    assert combo.model().item(emotions).isEnabled() or journey_map.lane(empty).kind == "emotions"


def test_a_broken_map_is_never_saved_or_autosaved_and_the_window_says_so(qtbot, window: MainWindow,
                                                                          sample_path: Path, dialogs):
    window.scene.add_card(window.journey_map.phases[0].id, lanes_with_cards(window.journey_map)[0], "Good state")
    window.autosaver.write_now()
    journal = window.autosaver.journal.path
    good = json.loads(journal.read_text("utf-8"))["map"]
    on_disk = sample_path.read_bytes()
    # An edit that skips the door (as a future bug might): the map now breaks its rules.
    lane_id = lanes_with_cards(window.journey_map)[0]
    window.undo_stack.push(EditFieldsCommand(window.document, "lane", lane_id, {"kind": "emotions"}, "Bypass"))
    assert map_problems(window.journey_map)
    window.autosaver.write_now()
    assert json.loads(journal.read_text("utf-8"))["map"] == good  # the last good state is kept
    assert window.autosave_warning.isVisible() or not window.isVisible()
    assert "breaks its own rules" in window.autosave_warning.text()
    dialogs.expect("critical", "Cannot save the map")
    assert not window.save_file()
    kind, text = dialogs.messages[-1]
    assert kind == "critical" and "not saved" in text
    assert sample_path.read_bytes() == on_disk and window.isWindowModified()
    window.undo_stack.undo()
    window.autosaver.write_now()
    assert window.autosave_warning.isHidden() and window.autosaver.last_error is None


def test_a_failing_autosave_is_shown_until_one_works_again(window: MainWindow):
    window.show()
    window.scene.add_card(window.journey_map.phases[0].id, lanes_with_cards(window.journey_map)[0], "Note")
    journal = window.autosaver.journal

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    journal.write = disk_full
    window.autosaver.write_now()
    assert window.autosave_warning.isVisible()
    assert "No space left on device" in window.autosave_warning.text()
    del journal.write  # the disk has room again
    window.scene.add_card(window.journey_map.phases[0].id, lanes_with_cards(window.journey_map)[0], "Again")
    window.autosaver.write_now()
    assert not window.autosave_warning.isVisible()


def test_push_field_edit_the_scripting_door_for_field_edits_refuses_like_the_panels(window: MainWindow, dialogs):
    document = window.document
    card = document.journey_map.cards[0]
    assert push_field_edit(document, "card", card.id, {"severity": 3}, "Edit card")
    assert document.cards.card(card.id).severity == 3
    dialogs.expect("warning", "Edit card was refused: severity")
    assert not push_field_edit(document, "card", card.id, {"severity": 6}, "Edit card")
    assert document.cards.card(card.id).severity == 3
    assert isinstance(document.cards.card(card.id), Card)
    assert dialogs.messages[-1][0] == "warning"
