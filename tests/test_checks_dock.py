"""The Checks dock: the health check's findings, kept current after edits (not inside them), each a jump."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import i18n
from app import operations as ops
from app.insight.health import LiveCheck, check_map
from app.model import Card, EmotionPoint, save_map
from app.operations import changes
from app.ui import language
from app.ui.checks_dock import ChecksDock, checks_dock_of
from app.ui.commands import push_change, push_field_edit
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES

#: Jonas's moment of truth (checkout) falls where his emotion is -2
MOMENT = "c-58"


def open_dock(window: MainWindow) -> ChecksDock:
    window.checks_action.trigger()
    dock = checks_dock_of(window)
    assert dock.isVisible()
    return dock


def rules_of(dock: ChecksDock) -> list[str]:
    return [finding.rule for finding in dock.findings()]


def click_row(qtbot, dock: ChecksDock, row: int) -> None:
    index = dock.model.index(row)
    dock.list.scrollTo(index)
    qtbot.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=dock.list.visualRect(index).center())


def test_the_action_opens_the_dock_with_the_findings_of_check_map_and_its_tick_follows(shown_window: MainWindow):
    window = shown_window
    assert checks_dock_of(window) is None  # nothing is made before it is asked for
    dock = open_dock(window)
    assert dock.objectName() == "checks-dock"  # the window's saved layout keeps its place
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.checks_action.isChecked()
    assert dock.findings() == check_map(window.journey_map)
    assert len(dock.findings()) == 13 and dock.summary.text() == "13 findings"
    assert dock.model.rowCount() == 13 and dock.list.isVisible()
    window.checks_action.trigger()
    assert dock.isHidden() and not window.checks_action.isChecked()
    window.checks_action.trigger()
    assert dock.isVisible() and window.checks_action.isChecked() and checks_dock_of(window) is dock
    dock.close()  # its own close button
    assert not window.checks_action.isChecked()
    assert window.checks_action.shortcut().toString() == "Ctrl+Shift+K"


def test_clicking_a_finding_shows_its_persona_and_selects_its_card(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    assert window.current_persona_id == "beginner"
    row = rules_of(dock).index("negative_moment_of_truth")
    assert dock.findings()[row].card == MOMENT and dock.findings()[row].persona == "athlete"
    click_row(qtbot, dock, row)
    assert window.current_persona_id == "athlete"
    assert window.scene.selected_card_ids() == [MOMENT]
    assert window.persona_tabs.currentIndex() == 1


def test_enter_on_a_finding_without_a_card_makes_its_cell_current(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    window.set_current_persona("athlete")
    window.scene.select_cards([MOMENT])
    finding = dock.findings()[0]  # Lena's first hand-over gap, in the owners lane of Consideration
    assert finding.card is None and finding.persona == "beginner"
    dock.list.setFocus()
    dock.list.setCurrentIndex(dock.model.index(0))
    qtbot.keyClick(dock.list, Qt.Key.Key_Return)
    assert window.current_persona_id == "beginner"
    assert window.scene.current_cell == (finding.phase, finding.lane) == ("consideration", "owners")
    assert window.scene.selected_card_ids() == []


def test_an_edit_that_fixes_a_finding_removes_it_after_the_pause_and_one_that_adds_it_brings_it_back(
        qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    assert "negative_moment_of_truth" in rules_of(dock)
    assert push_field_edit(window.document, "card", MOMENT, {"moment_of_truth": False}, "Edit card")
    # not inside the edit: the list is the one before until the map rests
    assert "negative_moment_of_truth" in rules_of(dock) and dock.timer.isActive()
    qtbot.waitUntil(lambda: "negative_moment_of_truth" not in rules_of(dock), timeout=2000)
    assert dock.findings() == check_map(window.journey_map) and dock.summary.text() == "12 findings"
    window.undo_stack.undo()  # the flag is back: so is the finding
    qtbot.waitUntil(lambda: "negative_moment_of_truth" in rules_of(dock), timeout=2000)
    assert dock.summary.text() == "13 findings"


def test_emotion_persona_and_structure_edits_are_checked_again(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    document = window.document
    # the emotion at Jonas's checkout rises to 1: his moment of truth is no longer in a negative emotion
    assert push_change(document, changes.SetEmotion(persona="athlete", phase="purchase", point=EmotionPoint(
        persona="athlete", phase="purchase", score=1)), "Emotion")
    qtbot.waitUntil(lambda: "negative_moment_of_truth" not in rules_of(dock), timeout=2000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: "negative_moment_of_truth" in rules_of(dock), timeout=2000)
    # a persona renamed: the sentences name it as it is now
    assert push_field_edit(document, "persona", "athlete", {"name": "Jonas, marathon runner"}, "Rename")
    qtbot.waitUntil(lambda: dock.findings()[-1].message.startswith("Jonas, marathon runner:"), timeout=2000)
    # a phase renamed (a structure change) likewise
    assert push_field_edit(document, "phase", "purchase", {"name": "Checkout"}, "Rename")
    qtbot.waitUntil(lambda: "in Checkout falls" in dock.findings()[-1].message, timeout=2000)
    assert dock.findings() == check_map(window.journey_map)


def test_a_card_that_names_the_hand_over_closes_the_gap(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    gap = dock.findings()[0]
    assert (gap.rule, gap.persona, gap.phase) == ("handover_gap", "beginner", "consideration")
    journey_map = window.journey_map
    card = Card(id="handover-note", persona="beginner", phase="consideration", lane="actions",
                text="Marketing hands the lead over to Content")
    index = ops.cell_insert_index(journey_map, "beginner", "consideration", "actions", None)
    assert push_change(window.document, changes.AddCards(placed=[(index, card)]), "Add card")
    qtbot.waitUntil(lambda: gap not in dock.findings(), timeout=2000)
    assert len(dock.findings()) == 12 and dock.findings() == check_map(journey_map)


def test_a_burst_of_edits_is_checked_once_after_it_only_for_the_persona_it_touched_and_a_hidden_dock_not_at_all(
        qtbot, shown_window: MainWindow, monkeypatch: pytest.MonkeyPatch):
    window = shown_window
    dock = open_dock(window)
    calls, updates = [], []
    real_findings, real_update = ChecksDock.current_findings, LiveCheck.update
    monkeypatch.setattr(ChecksDock, "current_findings", lambda self: calls.append(1) or real_findings(self))
    monkeypatch.setattr(LiveCheck, "update", lambda self, ids: updates.append(set(ids)) or real_update(self, ids))
    live = dock.live  # kept from the first check: no edit below but the structure one checks the whole map
    for text in ("Checkout", "Checkout and", "Checkout and pay"):
        assert push_field_edit(window.document, "card", MOMENT, {"text": text}, "Edit card", merge_key="text")
        assert calls == [] and dock.timer.isActive()  # typing never waits for a check
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    assert not dock.timer.isActive()
    assert updates == [{"athlete"}] and dock.live is live  # only Jonas, whose card it is, was checked again
    assert "“Checkout and pay”" in dock.findings()[-1].message
    assert dock.findings() == check_map(window.journey_map)

    # a card moved to another persona: both are checked again
    assert push_change(window.document, changes.MoveCards(card_ids=[MOMENT], persona="beginner", phase="purchase",
                                                          lane="touchpoints"), "Move")
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=2000)
    assert updates[-1] == {"athlete", "beginner"} and dock.live is live
    assert dock.findings() == check_map(window.journey_map)
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: len(calls) == 3, timeout=2000)
    assert dock.findings() == check_map(window.journey_map)

    window.checks_action.trigger()  # hidden: edits are not checked
    assert dock.isHidden()
    assert push_field_edit(window.document, "card", MOMENT, {"moment_of_truth": False}, "Edit card")
    assert not dock.timer.isActive() and len(calls) == 3
    window.checks_action.trigger()  # shown again: checked at once, as the map is now
    assert len(calls) == 4 and updates[-1] == {"athlete"}
    assert "negative_moment_of_truth" not in rules_of(dock)
    assert push_change(window.document, changes.RemoveItem(target="phase", item_id="advocacy"), "Delete phase")
    qtbot.waitUntil(lambda: len(calls) == 5, timeout=2000)
    assert dock.live is not live and dock.findings() == check_map(window.journey_map)  # structure: the whole map


def test_switching_a_rule_off_hides_its_findings_and_is_an_undoable_edit_of_the_map(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    box = dock.rule_boxes["handover_gap"]
    assert "saved with the map" in box.toolTip() and "saved with the map" in dock.rules_button.toolTip()
    dock.rules_button.click()  # the rules unfold
    assert box.isVisible() and box.text() == "Hand-over gap"
    steps = window.undo_stack.count()
    box.click()
    assert window.journey_map.checks_off == ["handover_gap"] and window.undo_stack.count() == steps + 1
    assert window.document.is_modified and "check" in window.undo_stack.undoText()
    assert rules_of(dock) == ["negative_moment_of_truth"]
    assert dock.findings() == check_map(window.journey_map, {"handover_gap"})
    assert dock.rules_button.text() == "Rules (1 off)" and dock.summary.text() == "1 finding"
    dock.rule_boxes["negative_moment_of_truth"].click()
    assert window.journey_map.checks_off == ["handover_gap", "negative_moment_of_truth"]
    assert dock.findings() == [] and not dock.list.isVisible()
    assert dock.summary.text() == "No findings in the rules switched on"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: rules_of(dock) == ["negative_moment_of_truth"], timeout=2000)
    assert dock.rule_boxes["negative_moment_of_truth"].isChecked()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(dock.findings()) == 13, timeout=2000)
    assert window.journey_map.checks_off is None and dock.rules_button.text() == "Rules"


def test_the_rules_the_map_file_switches_off_start_unticked_and_ids_of_a_later_version_are_kept(
        qtbot, shown_window: MainWindow, tmp_path: Path):
    window = shown_window
    other = window.journey_map.model_copy(deep=True)
    other.checks_off = ["handover_gap", "a_rule_of_a_later_version"]
    path = tmp_path / "switched.json"
    save_map(other, path)
    assert window.open_file(path)
    dock = open_dock(window)
    qtbot.waitUntil(lambda: rules_of(dock) == ["negative_moment_of_truth"], timeout=2000)
    assert not dock.rule_boxes["handover_gap"].isChecked() and dock.rules_button.text() == "Rules (2 off)"
    dock.rule_boxes["handover_gap"].click()  # on again: the later version's id stays in the file
    assert window.journey_map.checks_off == ["a_rule_of_a_later_version"]
    assert len(dock.findings()) == 13 and dock.rule_boxes["handover_gap"].isChecked()
    assert window.save_file()
    assert json.loads(path.read_text("utf-8"))["checks_off"] == ["a_rule_of_a_later_version"]


def test_a_map_without_findings_says_it_is_ready_to_hand_over(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    journey_map = window.journey_map
    count = len(journey_map.cards)
    notes = [Card(id=f"handover-{persona.id}-{phase.id}", persona=persona.id, phase=phase.id, lane="actions",
                  text="Hand-over: Marketing, Content, E-commerce, Retail, Product, CRM, Service, Community")
             for persona in journey_map.personas for phase in journey_map.phases]
    edit = changes.Batch(changes=[changes.AddCards(placed=[(count + i, card) for i, card in enumerate(notes)]),
                                  changes.SetFields(target="card", item_id=MOMENT, values={"moment_of_truth": False})])
    assert push_change(window.document, edit, "Fix the map")
    qtbot.waitUntil(lambda: dock.findings() == [], timeout=2000)
    assert dock.summary.text() == "No findings: the map is ready to hand over"
    assert not dock.list.isVisible()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(dock.findings()) == 13, timeout=2000)
    assert dock.list.isVisible()


def test_opening_another_map_shows_its_findings_and_follows_its_edits(qtbot, shown_window: MainWindow,
                                                                      tmp_path: Path):
    window = shown_window
    dock = open_dock(window)
    target = tmp_path / "b2b.json"
    shutil.copyfile(SAMPLES / "b2b-it-services.json", target)
    assert window.open_file(target)
    qtbot.waitUntil(lambda: dock.findings() == check_map(window.journey_map), timeout=2000)
    assert [f.persona for f in dock.findings()] == ["purchasing", "cfo"]
    assert dock.summary.text() == "2 findings" and dock.document is window.document
    click_row(qtbot, dock, 1)
    assert window.current_persona_id == "cfo" and window.scene.current_cell == ("consideration", "owners")
    # the new map's edits are followed: an owner card that names the hand-over closes Dr. Weber's gap
    card = next(c for c in window.journey_map.cards if c.persona == "cfo" and c.phase == "consideration"
                and c.lane == "owners")
    assert push_field_edit(window.document, "card", card.id, {"text": card.text, "notes": "Hand-over from "
                                                                "Marketing to Sales after the webinar"}, "Edit")
    qtbot.waitUntil(lambda: [f.persona for f in dock.findings()] == ["purchasing"], timeout=2000)


def test_a_language_switch_writes_the_findings_again_in_the_new_language(qtbot, shown_window: MainWindow):
    window = shown_window
    dock = open_dock(window)
    try:
        language.apply_language("de")
        QApplication.processEvents()
        assert i18n.language() == "de"
        assert dock.findings() == check_map(window.journey_map)  # the check's sentences, in German
        assert "Übergabe" in dock.findings()[0].message
    finally:
        language.apply_language(i18n.SOURCE_LANGUAGE)
    QApplication.processEvents()
    assert dock.findings()[0].message.startswith("Lena, beginner runner: the owner changes")
