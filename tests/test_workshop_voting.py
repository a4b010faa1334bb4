"""Dot voting on the canvas (issue 16): real clicks and keys cast dots, the end adds them as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.workshop.voting_dialogs import RankingDialog, VotingSetupDialog
from app.ui.workshop.voting_mode import VoteDots, VotingBanner
from app.workshop.voting import VotingRules

VOTED = frozenset({"pain-points", "opportunities"})


def card_ids(window, lane: str) -> list[str]:
    return [c.id for c in window.journey_map.cards if c.persona == window.current_persona_id and c.lane == lane]


def click_card(window, card_id: str, button=Qt.MouseButton.LeftButton,
               modifier=Qt.KeyboardModifier.NoModifier) -> None:
    item = window.scene.card_items[card_id]
    window.scene.ensure_visible(item.sceneBoundingRect())
    QApplication.processEvents()
    point: QPoint = window.canvas.mapFromScene(item.sceneBoundingRect().center())
    QTest.mouseClick(window.canvas.viewport(), button, modifier, point)
    QApplication.processEvents()


def press(window, key) -> None:
    QTest.keyClick(window.canvas, key)
    QApplication.processEvents()


def votes(window) -> dict[str, int]:
    return {c.id: c.votes for c in window.journey_map.cards}


def test_a_full_round_of_three_participants_with_two_dots_adds_the_counts_as_one_undo_step(shown_window, dialogs):
    window = shown_window
    pains, ideas = card_ids(window, "pain-points"), card_ids(window, "opportunities")
    before, steps = votes(window), window.undo_stack.count()
    assert window.workshop.start_voting(VotingRules(lanes=VOTED, dots=2, participants=3))
    session = window.workshop.voting
    assert window.scene.controller.mode.name == "voting"
    banner = window.canvas.findChildren(VotingBanner)[0]
    assert banner.isVisible() and banner.text() == "Participant 1 of 3 · 2 dots left"
    # Participant 1: both dots on the first pain point. Participant 2: one each. Participant 3: a third
    # click after two is refused.
    click_card(window, pains[0])
    click_card(window, pains[0])
    assert banner.text().startswith("Participant 1 of 3 · 0 dots left")
    click_card(window, ideas[0])  # no dot left: nothing happens
    press(window, Qt.Key.Key_Return)
    assert banner.text() == "Participant 2 of 3 · 2 dots left"
    click_card(window, pains[0])
    click_card(window, ideas[0])
    press(window, Qt.Key.Key_Return)
    click_card(window, ideas[1])
    click_card(window, ideas[0])
    click_card(window, pains[1])  # the third click of participant 3
    assert session.round.counts == {pains[0]: 3, ideas[0]: 2, ideas[1]: 1}
    assert session.shown_counts() == session.round.counts  # the room sees the dots as they come
    at = banner.geometry()
    window.canvas.verticalScrollBar().setValue(window.canvas.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert banner.geometry() == at  # the banner stays put while the map scrolls beneath
    assert window.undo_stack.count() == steps and votes(window) == before  # nothing in the map yet
    dialogs.answers.append(RankingDialog.ADD)
    window.vote_end_action.trigger()
    assert dialogs.messages[-1] == ("dialog", "Voting results")
    after = votes(window)
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {pains[0]: 3, ideas[0]: 2,
                                                                                 ideas[1]: 1}
    assert window.undo_stack.count() == steps + 1  # one step for the whole round
    assert "votes" in window.undo_stack.undoText().lower()
    assert window.workshop.voting is None and window.scene.controller.mode.name == "editing"
    assert not [b for b in window.canvas.findChildren(VotingBanner) if b.isVisible()]
    assert not [i for i in window.scene.items() if isinstance(i, VoteDots)]
    window.undo_stack.undo()
    assert votes(window) == before
    window.undo_stack.redo()
    assert votes(window) == after


def test_hidden_voting_shows_no_counts_before_the_end(shown_window, dialogs):
    window = shown_window
    pains = card_ids(window, "pain-points")
    before = votes(window)
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=2, participants=2, hidden=True))
    session = window.workshop.voting
    for _participant in range(2):
        click_card(window, pains[0])
        click_card(window, pains[1])
        press(window, Qt.Key.Key_Return)
    assert session.round.counts == {pains[0]: 2, pains[1]: 2}
    assert session.shown_counts() == {}
    assert not [i for i in window.scene.items() if isinstance(i, VoteDots)]
    banner = window.canvas.findChildren(VotingBanner)[0]
    assert banner.text() == "No dots left · 4 dots cast: end the round to see the ranking"  # no count per card
    dialogs.answers.append(RankingDialog.ADD)
    window.vote_end_action.trigger()
    assert votes(window)[pains[0]] == before[pains[0]] + 2 and votes(window)[pains[1]] == before[pains[1]] + 2


def test_discarding_a_round_adds_nothing_and_asks_first(shown_window, dialogs):
    window = shown_window
    ideas = card_ids(window, "opportunities")
    before, steps = votes(window), window.undo_stack.count()
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=3, participants=1, turns=False))
    click_card(window, ideas[0])
    dialogs.answers.append(QMessageBox.StandardButton.No)
    window.vote_discard_action.trigger()
    assert window.workshop.voting is not None  # "No": the dots stay
    dialogs.answers.append(RankingDialog.DISCARD)
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    window.vote_end_action.trigger()
    assert window.workshop.voting is None
    assert votes(window) == before and window.undo_stack.count() == steps
    # Going on voting after seeing the ranking keeps the round.
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=1, participants=1))
    click_card(window, ideas[1])
    dialogs.answers.append(RankingDialog.CONTINUE)
    window.vote_end_action.trigger()
    assert window.workshop.voting is not None and window.workshop.voting.round.counts == {ideas[1]: 1}
    window.workshop.voting.finish(add=False)


def test_while_voting_cards_are_not_edited_dragged_or_voted_outside_the_chosen_lanes(shown_window, dialogs):
    window = shown_window
    touchpoint, pain = card_ids(window, "touchpoints")[0], card_ids(window, "pain-points")[0]
    before, steps = window.journey_map.model_dump_json(), window.undo_stack.count()
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=2, participants=1))
    session = window.workshop.voting
    click_card(window, touchpoint)
    assert session.round.counts == {}  # not a lane of the round
    QTest.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      window.canvas.mapFromScene(window.scene.card_items[pain].sceneBoundingRect().center()))
    assert window.scene.editor is None  # no typing into a card
    window.scene.select_cards([pain])
    QTest.keyClicks(window.canvas, "xy")
    assert window.scene.editor is None
    press(window, Qt.Key.Key_Space)  # the selected card gets a dot from the keyboard
    press(window, Qt.Key.Key_Plus)
    assert session.round.counts == {pain: 2}
    press(window, Qt.Key.Key_Minus)
    assert session.round.counts == {pain: 1}
    click_card(window, pain, Qt.MouseButton.RightButton)  # a right-click takes one back
    assert session.round.counts == {}
    click_card(window, pain)
    click_card(window, pain, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert session.round.counts == {}
    window.paste_action.trigger()  # no change reaches the map while the room votes
    window.scene.controller.delete_selected()
    assert window.journey_map.model_dump_json() == before and window.undo_stack.count() == steps
    session.finish(add=False)
    assert window.scene.controller.mode.name == "editing"


def test_voting_while_presenting_keeps_the_walk_and_the_audience_sees_the_banner(shown_window, dialogs):
    window = shown_window
    pains = card_ids(window, "pain-points")
    press(window, Qt.Key.Key_F5)
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=2, participants=2))
    press(window, Qt.Key.Key_Right)
    assert window.workshop.walk.phase_id == window.journey_map.phases[0].id
    assert window.scene.controller.mode.name == "voting"
    click_card(window, pains[0])
    assert window.workshop.voting.round.counts == {pains[0]: 1}
    dialogs.answers.append(RankingDialog.ADD)
    window.vote_end_action.trigger()
    assert window.scene.controller.mode.name == "presenting"  # back to presenting, not editing
    press(window, Qt.Key.Key_Escape)
    assert window.scene.controller.mode.name == "editing"


def test_the_setup_dialog_starts_a_round_with_its_rules(shown_window, dialogs):
    window = shown_window
    dialogs.answers.append(VotingSetupDialog.DialogCode.Accepted)
    window.vote_start_action.trigger()
    rules = window.workshop.voting.round.rules
    assert rules.lanes == VOTED and (rules.dots, rules.participants, rules.turns, rules.hidden) == (3, 8, True, False)
    assert not window.vote_start_action.isEnabled() and window.vote_end_action.isEnabled()
    window.workshop.voting.finish(add=False)
    assert window.vote_start_action.isEnabled() and not window.vote_end_action.isEnabled()
    dialogs.answers.append(VotingSetupDialog.DialogCode.Rejected)
    window.vote_start_action.trigger()
    assert window.workshop.voting is None


@pytest.mark.parametrize("count", [1, 6, 7, 12])
def test_many_dots_on_one_card_show_as_one_dot_and_a_number(count):
    dots = VoteDots(count, 4.0)
    assert dots.label() == ("" if count <= 6 else f"×{count}")
    assert dots.boundingRect().width() > 0


def test_the_banner_speaks_the_language_switched_to_during_a_round(shown_window, dialogs):
    from app.ui.language import apply_language

    window = shown_window
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=2, participants=3))
    banner = window.canvas.findChildren(VotingBanner)[0]
    try:
        apply_language("de")
        QApplication.processEvents()
        assert banner.text() == "Teilnehmer 1 von 3 · 2 Punkte übrig"
    finally:
        apply_language("en")
        QApplication.processEvents()
    assert banner.text() == "Participant 1 of 3 · 2 dots left"
    window.workshop.voting.finish(add=False)


def test_presenting_started_during_a_round_keeps_the_rounds_keys_and_the_clickers_blank(shown_window, dialogs):
    window = shown_window
    pains = card_ids(window, "pain-points")
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=1, participants=2))
    press(window, Qt.Key.Key_F5)  # presenting after the round began
    assert window.scene.controller.mode.name == "voting"
    click_card(window, pains[0])
    press(window, Qt.Key.Key_Return)  # hands over, opens no card
    assert window.scene.editor is None and window.workshop.voting.round.participant == 2
    QTest.keyClicks(window.canvas, "xy")  # typing starts no card while the room votes
    assert window.scene.editor is None
    press(window, Qt.Key.Key_B)  # the clicker's blank works, even with a card selected
    assert window.workshop.presentation.blank
    press(window, Qt.Key.Key_B)
    press(window, Qt.Key.Key_Right)
    assert window.workshop.walk.phase_id == window.journey_map.phases[0].id
    window.scene.select_cards([pains[1]])
    press(window, Qt.Key.Key_Space)  # Space gives the selected card a dot, it does not walk on
    assert window.workshop.voting.round.counts == {pains[0]: 1, pains[1]: 1}
    assert window.workshop.walk.phase_id == window.journey_map.phases[0].id
    window.workshop.voting.finish(add=False)


def test_undo_is_off_during_a_round_and_another_persona_keeps_the_round_going(shown_window, dialogs):
    window = shown_window
    window.scene.add_card(window.journey_map.phases[0].id, "pain-points", "Found before the round")
    steps, before = window.undo_stack.count(), votes(window)
    window.workshop.start_voting(VotingRules(lanes=VOTED, dots=3, participants=1))
    assert not window.undo_action.isEnabled() and not window.undo_tool.isEnabled()
    first_persona = window.current_persona_id
    pain = card_ids(window, "pain-points")[0]
    click_card(window, pain)
    QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert window.undo_stack.count() == steps and "Found before the round" in {
        c.text for c in window.journey_map.cards}  # Ctrl+Z changed nothing
    # Another persona: its cards get dots, and the first persona's dots are drawn again on return.
    QTest.keyClick(window.canvas, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert window.current_persona_id != first_persona
    other = card_ids(window, "opportunities")[0]
    click_card(window, other)
    assert window.workshop.voting.shown_counts() == {other: 1}
    QTest.keyClick(window.canvas, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert window.workshop.voting.shown_counts() == {pain: 1}
    dialogs.answers.append(RankingDialog.ADD)
    window.vote_end_action.trigger()
    assert votes(window)[pain] == before[pain] + 1 and votes(window)[other] == before[other] + 1
    assert window.undo_action.isEnabled() and window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert votes(window) == before
