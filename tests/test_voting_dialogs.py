"""The dot-voting dialogs with real clicks and keys: the setup's defaults and the rules it gives, the ranking's
rows in order, a click that finds a card, and the decision each button makes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from app.model import JourneyMap, load_map
from app.ui.workshop.voting_dialogs import RankingDialog, VotingSetupDialog
from app.workshop.voting import VotingRules
from tests.conftest import SAMPLES

VOTED = frozenset({"pain-points", "opportunities"})


@pytest.fixture
def journey_map() -> JourneyMap:
    return load_map(SAMPLES / "fitness-watch.json")


def shown(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box) -> None:
    """Click a check box on its box (a click right of its text, in its stretched width, does nothing)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_the_setup_offers_every_card_lane_with_pain_points_and_opportunities_checked(qtbot, journey_map):
    dialog = shown(qtbot, VotingSetupDialog(journey_map))
    assert list(dialog.lane_boxes) == ["touchpoints", "actions", "thoughts", "pain-points", "opportunities", "owners"]
    assert {lane for lane, box in dialog.lane_boxes.items() if box.isChecked()} == VOTED
    assert dialog.lane_boxes["pain-points"].text() == "Pain points (15 cards)"
    assert (dialog.dots.value(), dialog.participants.value()) == (3, 8)
    assert dialog.turns.isChecked()
    assert not dialog.hidden.isChecked()
    assert dialog.total.text() == "24 dots in all"
    assert dialog.ok_button.text() == "Start voting"
    assert dialog.ok_button.isEnabled()
    assert dialog.rules() == VotingRules(lanes=VOTED, dots=3, participants=8, turns=True, hidden=False)


def test_unchecking_every_lane_disables_start(qtbot, journey_map):
    dialog = shown(qtbot, VotingSetupDialog(journey_map))
    tick(qtbot, dialog.lane_boxes["pain-points"])
    assert dialog.ok_button.isEnabled()
    tick(qtbot, dialog.lane_boxes["opportunities"])
    assert not dialog.ok_button.isEnabled()
    tick(qtbot, dialog.lane_boxes["owners"])
    assert dialog.ok_button.isEnabled()
    assert dialog.rules().lanes == frozenset({"owners"})


def test_the_rules_are_what_the_controls_say(qtbot, journey_map):
    dialog = shown(qtbot, VotingSetupDialog(journey_map))
    for spin, typed in ((dialog.dots, "5"), (dialog.participants, "12")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, typed)
    tick(qtbot, dialog.turns)
    tick(qtbot, dialog.hidden)
    tick(qtbot, dialog.lane_boxes["touchpoints"])
    assert dialog.total.text() == "60 dots in all"
    assert dialog.rules() == VotingRules(lanes=VOTED | {"touchpoints"}, dots=5, participants=12, turns=False,
                                         hidden=True)
    dialog.dots.setValue(50)
    dialog.participants.setValue(0)
    assert (dialog.rules().dots, dialog.rules().participants) == (20, 1)  # 1–20 dots, 1–100 participants
    dialog.participants.setValue(1000)
    assert dialog.rules().participants == 100
    assert dialog.total.text() == "2000 dots in all"


def test_the_setup_can_start_from_the_last_rounds_rules_and_enter_starts(qtbot, journey_map):
    last = VotingRules(lanes=frozenset({"thoughts", "gone-lane"}), dots=1, participants=1, turns=False, hidden=True)
    dialog = shown(qtbot, VotingSetupDialog(journey_map, initial=last))
    assert dialog.rules() == VotingRules(lanes=frozenset({"thoughts"}), dots=1, participants=1, turns=False,
                                         hidden=True)
    assert dialog.total.text() == "1 dot in all"
    dialog.dots.setFocus()
    qtbot.keyClick(dialog.dots, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def ranking_dialog(qtbot, journey_map, ranking) -> RankingDialog:
    return shown(qtbot, RankingDialog(journey_map, ranking))


RANKING = [("c-14", 3), ("c-5", 2), ("c-6", 2), ("c-24", 1)]


def rows(dialog: RankingDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.topLevelItem(i).text(c) for c in range(table.columnCount())]
            for i in range(table.topLevelItemCount())]


def test_the_ranking_lists_the_cards_in_order_with_shared_ranks_for_ties(qtbot, journey_map):
    dialog = ranking_dialog(qtbot, journey_map, RANKING)
    header = dialog.table.headerItem()
    assert [header.text(c) for c in range(dialog.table.columnCount())] == [
        "Rank", "Dots", "Card", "Persona", "Phase", "Lane"]
    card = journey_map.card
    persona = {p.id: p.name for p in journey_map.personas}
    phase = {p.id: p.name for p in journey_map.phases}
    lane = {lane.id: lane.name for lane in journey_map.lanes}
    expected = [[rank, dots, card(card_id).text, persona[card(card_id).persona], phase[card(card_id).phase],
                 lane[card(card_id).lane]] for (card_id, dots), rank in zip(RANKING, ["1", "2", "2", "4"], strict=True)]
    for row in expected:
        row[1] = str(row[1])
    assert rows(dialog) == expected
    assert [dialog.table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(4)] == [
        "c-14", "c-5", "c-6", "c-24"]
    assert dialog.summary.text().startswith("8 dots cast · 4 cards with dots")
    assert dialog.add_button.isEnabled()


def test_a_long_card_text_is_cut_on_one_line_and_a_card_no_longer_in_the_map_is_left_out(qtbot, journey_map):
    journey_map.card("c-5").text = "word " * 60 + "\nsecond line"
    dialog = ranking_dialog(qtbot, journey_map, [("c-5", 2), ("deleted", 2), ("c-6", 1)])
    shown_text = rows(dialog)[0][2]
    assert len(shown_text) <= 120 and shown_text.endswith("…") and "\n" not in shown_text
    assert "second line" in dialog.table.topLevelItem(0).toolTip(2)
    assert [row[0:2] for row in rows(dialog)] == [["1", "2"], ["2", "1"]]


def test_clicking_a_row_finds_its_card(qtbot, journey_map):
    dialog = ranking_dialog(qtbot, journey_map, RANKING)
    table = dialog.table
    for index, card_id in ((2, "c-6"), (0, "c-14")):
        where = table.visualItemRect(table.topLevelItem(index)).center()
        with qtbot.waitSignal(dialog.card_chosen, timeout=1000) as chosen:
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        assert chosen.args == [card_id]
    assert dialog.isVisible()  # finding a card does not close the list
    assert dialog.decision() == RankingDialog.CONTINUE


def test_enter_on_a_row_finds_its_card_and_presses_no_button(qtbot, journey_map):
    dialog = ranking_dialog(qtbot, journey_map, RANKING)
    dialog.table.setFocus()
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    with qtbot.waitSignal(dialog.card_chosen, timeout=1000) as chosen:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert chosen.args == ["c-5"]
    assert dialog.isVisible()
    assert dialog.decision() == RankingDialog.CONTINUE


@pytest.mark.parametrize(("button", "decision"), [
    ("add_button", RankingDialog.ADD), ("discard_button", RankingDialog.DISCARD),
    ("continue_button", RankingDialog.CONTINUE)])
def test_each_button_closes_with_its_decision(qtbot, journey_map, button, decision):
    dialog = ranking_dialog(qtbot, journey_map, RANKING)
    assert dialog.decision() == RankingDialog.CONTINUE
    click(qtbot, getattr(dialog, button))
    assert not dialog.isVisible()
    assert dialog.decision() == decision
    assert dialog.result() == decision


def test_the_three_decisions_differ_and_escape_continues_voting(qtbot, journey_map):
    assert len({RankingDialog.ADD, RankingDialog.DISCARD, RankingDialog.CONTINUE}) == 3
    dialog = ranking_dialog(qtbot, journey_map, RANKING)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.decision() == RankingDialog.CONTINUE


def test_an_empty_ranking_says_no_dots_were_cast_and_cannot_add(qtbot, journey_map):
    dialog = ranking_dialog(qtbot, journey_map, [])
    assert "No dots were cast" in dialog.summary.text()
    assert dialog.table.topLevelItemCount() == 0
    assert not dialog.add_button.isEnabled()
    assert dialog.discard_button.isEnabled() and dialog.continue_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # Enter goes back to voting
    assert not dialog.isVisible()
    assert dialog.decision() == RankingDialog.CONTINUE
    again = ranking_dialog(qtbot, journey_map, [])
    click(qtbot, again.discard_button)
    assert again.decision() == RankingDialog.DISCARD


def test_a_map_with_one_persona_has_no_persona_column(qtbot, journey_map):
    keep = journey_map.personas[0].id
    journey_map.cards[:] = [card for card in journey_map.cards if card.persona == keep]
    journey_map.emotions[:] = [point for point in journey_map.emotions if point.persona == keep]
    journey_map.personas[:] = journey_map.personas[:1]
    dialog = ranking_dialog(qtbot, journey_map, [("c-5", 1)])
    header = dialog.table.headerItem()
    assert [header.text(c) for c in range(dialog.table.columnCount())] == ["Rank", "Dots", "Card", "Phase", "Lane"]
    assert rows(dialog)[0][3:] == ["Awareness", "Pain points"]
