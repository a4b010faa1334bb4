"""The Opportunity matrix dock: chips in their value × effort cells, drags and keys as one undo step each, live."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from app import i18n
from app.insight.priorities import quadrant
from app.operations import changes
from app.ui.commands import push_change, push_field_edit
from app.ui.main_window import MainWindow
from app.ui.opportunity_matrix import OpportunityMatrixDock, opportunity_matrix_of, toggle_opportunity_matrix
from app.ui.opportunity_matrix_layout import vote_text
from app.ui.opportunity_matrix_view import MatrixView
from tests.conftest import SAMPLES

#: opportunity cards of the fitness-watch sample and the (value, effort) the tests give them: one or more per quadrant
RATINGS = {"c-6": (4, 2), "c-15": (5, 1), "c-63": (5, 4), "c-41": (3, 3), "c-33": (2, 1), "c-47": (1, 2),
           "c-79": (1, 5), "c-72": (2, 3)}
#: of the sample's 15 opportunity cards, these have no rating
UNRATED = {"c-24", "c-55", "c-85", "c-93", "c-102", "c-108", "c-114"}


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    """The editor at 1400x900 with the fitness-watch sample, its opportunities partly rated (format 1.1)."""
    data = json.loads((SAMPLES / "fitness-watch.json").read_text(encoding="utf-8"))
    data["schema_version"] = "1.1"
    for card in data["cards"]:
        if card["id"] in RATINGS:
            card["value"], card["effort"] = RATINGS[card["id"]]
    path = tmp_path / "rated.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(1400, 900)
    main.show()
    qtbot.waitExposed(main)
    assert main.open_file(path)
    QApplication.processEvents()
    return main


def open_matrix(window: MainWindow) -> OpportunityMatrixDock:
    dock = toggle_opportunity_matrix(window)
    assert dock.isVisible()
    QApplication.processEvents()
    return dock


def cells(view: MatrixView) -> dict[str, tuple[int, int] | None]:
    return {chip.card_id: chip.cell for chip in view.chips}


def card(window: MainWindow, card_id: str):
    return window.document.cards.card(card_id)


def point_of(view: MatrixView, card_id: str) -> QPoint:
    return view.chip_rects[card_id].center().toPoint()


def drag(qtbot, dock: OpportunityMatrixDock, card_id: str, to: QPointF) -> None:
    """Press on the chip, move in steps to ``to`` and let go, as a hand does (the view's own mouse handling)."""
    view = dock.view
    start = point_of(view, card_id)
    end = to.toPoint()
    for spot in (start, end):
        dock.scroll.ensureVisible(spot.x(), spot.y(), 10, 10)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(view, start + (end - start) * step / 5)
    assert view.drag is not None and view.drag[0] == card_id  # a drag, not a click
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    assert view.drag is None


def test_the_dock_is_made_on_first_use_shows_every_opportunity_and_toggles(window: MainWindow):
    assert opportunity_matrix_of(window) is None  # nothing is made before it is asked for
    dock = open_matrix(window)
    assert dock.objectName() == "opportunity-matrix-dock"
    assert opportunity_matrix_of(window) is dock
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert dock.personas.currentText() == "All personas" and dock.persona_id() is None  # the default
    assert [dock.personas.itemText(i) for i in range(dock.personas.count())] == [
        "All personas", "Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer"]
    assert set(cells(dock.view)) == set(RATINGS) | UNRATED
    assert dock.summary.text() == "15 opportunities, 7 not rated yet"
    toggle_opportunity_matrix(window)
    assert dock.isHidden()
    toggle_opportunity_matrix(window)
    assert dock.isVisible() and opportunity_matrix_of(window) is dock


def test_the_menu_tick_follows_the_dock(window: MainWindow):
    from PySide6.QtGui import QAction

    action = QAction(window)  # as the window makes it from the declaration "opportunity_matrix"
    action.setCheckable(True)
    window.opportunity_matrix_action = action
    dock = open_matrix(window)
    assert action.isChecked()
    dock.close()  # its own close button
    assert not action.isChecked()
    toggle_opportunity_matrix(window)
    assert action.isChecked()


def test_each_chip_sits_in_its_value_by_effort_cell_in_the_right_quadrant(window: MainWindow):
    view = open_matrix(window).view
    assert cells(view) == {**RATINGS, **dict.fromkeys(UNRATED)}
    for card_id, (value, effort) in RATINGS.items():
        assert view.cell_rects[(value, effort)].contains(view.chip_rects[card_id]), card_id
        assert view.target_at(view.chip_rects[card_id].center()) == (value, effort)
    for card_id in UNRATED:
        assert view.tray.contains(view.chip_rects[card_id]), card_id
    # high value on top, low effort on the left: quick wins top left, money pits bottom right
    quick, bet, fill, pit = (view.cell_rects[cell].center() for cell in [(5, 1), (5, 5), (1, 1), (1, 5)])
    assert quick.x() < bet.x() and quick.y() < fill.y() and fill.x() < pit.x() and bet.y() < pit.y()
    assert quadrant(*RATINGS["c-15"]) == "quick_win" and quadrant(*RATINGS["c-63"]) == "big_bet"
    assert quadrant(*RATINGS["c-33"]) == "fill_in" and quadrant(*RATINGS["c-79"]) == "money_pit"
    # the middle lines between 2 and 3: value 3 and effort 3 are high
    assert quadrant(*RATINGS["c-41"]) == "big_bet" and quadrant(*RATINGS["c-72"]) == "money_pit"
    assert [view.band_label(name) for name in ("quick_win", "big_bet", "fill_in", "money_pit")] == [
        "Quick wins · 2", "Big bets · 2", "Fill-ins · 2", "Money pits · 2"]
    rects = list(view.chip_rects.values())
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])  # none hides another


def test_several_chips_in_one_cell_stack_without_overlapping(qtbot, window: MainWindow):
    view = open_matrix(window).view
    for card_id in ("c-24", "c-55", "c-85"):
        push_field_edit(window.document, "card", card_id, {"value": 5, "effort": 1}, "rate")
    qtbot.waitUntil(lambda: len(view.cell_chips(5, 1)) == 4)
    stacked = [view.chip_rects[chip.card_id] for chip in view.cell_chips(5, 1)]
    for upper, lower in itertools.pairwise(stacked):
        assert upper.bottom() <= lower.top()
    assert all(view.cell_rects[(5, 1)].contains(rect) for rect in stacked)  # the row grew to hold them


def test_votes_show_as_dots_and_a_count(qtbot, window: MainWindow):
    view = open_matrix(window).view
    assert card(window, "c-63").votes == 9 and card(window, "c-102").votes == 3
    assert view.badge("c-63") == "●●●●● 9"  # at most five dots, the exact count beside them
    assert view.badge("c-102") == "●●● 3"
    assert "9 votes" in view.tooltip("c-63")
    push_field_edit(window.document, "card", "c-102", {"votes": 0}, "votes")
    qtbot.waitUntil(lambda: view.badge("c-102") == "")
    assert vote_text(1) == "● 1" and vote_text(12, 1) == "● 12"


def test_dragging_from_the_tray_into_a_cell_sets_value_and_effort_in_one_undo_step(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    before = stack.count()
    drag(qtbot, dock, "c-24", view.cell_rects[(5, 2)].center())
    assert (card(window, "c-24").value, card(window, "c-24").effort) == (5, 2)
    assert stack.count() == before + 1 and stack.undoText() == "Rate opportunity"
    assert view.cell_of("c-24") == (5, 2)  # at once, not after the pause
    assert view.cell_rects[(5, 2)].contains(view.chip_rects["c-24"])
    stack.undo()
    assert (card(window, "c-24").value, card(window, "c-24").effort) == (None, None)
    qtbot.waitUntil(lambda: view.cell_of("c-24") is None)  # back in the tray
    assert view.tray.contains(view.chip_rects["c-24"])
    stack.redo()
    qtbot.waitUntil(lambda: view.cell_of("c-24") == (5, 2))


def test_dragging_from_cell_to_cell_moves_both_ratings_in_one_step(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    before = stack.count()
    drag(qtbot, dock, "c-79", view.cell_rects[(4, 1)].center())  # a money pit becomes a quick win
    assert (card(window, "c-79").value, card(window, "c-79").effort) == (4, 1)
    assert stack.count() == before + 1
    assert view.band_label("quick_win") == "Quick wins · 3"
    stack.undo()
    assert (card(window, "c-79").value, card(window, "c-79").effort) == (1, 5)
    qtbot.waitUntil(lambda: view.cell_of("c-79") == (1, 5))
    assert stack.canRedo() and stack.index() == before


def test_dragging_back_to_the_tray_clears_both_in_one_step(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    before = stack.count()
    drag(qtbot, dock, "c-63", view.tray.center())
    assert (card(window, "c-63").value, card(window, "c-63").effort) == (None, None)
    assert stack.count() == before + 1 and stack.undoText() == "Clear opportunity rating"
    assert view.cell_of("c-63") is None and view.tray.contains(view.chip_rects["c-63"])
    stack.undo()
    assert (card(window, "c-63").value, card(window, "c-63").effort) == (5, 4)
    qtbot.waitUntil(lambda: view.cell_of("c-63") == (5, 4))


def test_a_drag_let_go_outside_the_matrix_or_on_its_own_cell_changes_nothing(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    before = stack.count()
    drag(qtbot, dock, "c-6", view.cell_rects[(4, 2)].bottomLeft() + QPointF(3, -3))  # its own cell
    drag(qtbot, dock, "c-6", QPointF(2, 2))  # the margin, outside the matrix and the tray
    assert stack.count() == before and view.cell_of("c-6") == (4, 2)
    push_field_edit(window.document, "card", "c-24", {"value": 4}, "value alone")  # as the Inspector can
    qtbot.waitUntil(lambda: view.chip("c-24").value == 4)
    assert view.cell_of("c-24") is None  # no effort: still in the tray
    drag(qtbot, dock, "c-24", view.tray.bottomLeft() + QPointF(8, -8))  # from the tray to the tray
    assert stack.count() == before + 1 and card(window, "c-24").value == 4


def test_escape_during_a_drag_puts_the_chip_back(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    before = stack.count()
    start, end = point_of(view, "c-6"), view.cell_rects[(1, 5)].center().toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, end)
    assert view.drag is not None and view.target_at(view.drag[2]) == (1, 5)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.drag is None
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    assert stack.count() == before and view.cell_of("c-6") == (4, 2) and card(window, "c-6").value == 4


def test_ctrl_arrows_move_the_chosen_chip_a_cell_one_step_per_key_and_delete_sends_it_to_the_tray(
        qtbot, window: MainWindow):
    dock = open_matrix(window)
    view, stack = dock.view, window.undo_stack
    view.setFocus()
    view.set_current("c-6")  # value 4, effort 2
    before = stack.count()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view, Qt.Key.Key_Right, ctrl)
    assert (card(window, "c-6").value, card(window, "c-6").effort) == (4, 3)
    qtbot.keyClick(view, Qt.Key.Key_Up, ctrl)
    assert (card(window, "c-6").value, card(window, "c-6").effort) == (5, 3)
    qtbot.keyClick(view, Qt.Key.Key_Up, ctrl)  # at the edge: nothing to do, no step
    assert stack.count() == before + 2 and view.current == "c-6" and view.cell_of("c-6") == (5, 3)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert (card(window, "c-6").value, card(window, "c-6").effort) == (None, None)
    assert stack.count() == before + 3
    qtbot.keyClick(view, Qt.Key.Key_Left, ctrl)  # from the tray it enters in the middle
    assert (card(window, "c-6").value, card(window, "c-6").effort) == (3, 3)
    stack.undo()
    stack.undo()
    assert (card(window, "c-6").value, card(window, "c-6").effort) == (5, 3)
    qtbot.waitUntil(lambda: view.cell_of("c-6") == (5, 3))


def test_arrows_and_tab_choose_chips(qtbot, window: MainWindow):
    view = open_matrix(window).view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # nothing chosen: the first in reading order
    assert view.current == "c-15"  # value 5, effort 1
    qtbot.keyClick(view, Qt.Key.Key_Up)  # nothing above: it stays chosen
    assert view.current == "c-15"
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.current == "c-63"  # value 5, effort 4: the next one to the right
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.cell_of(view.current) == (3, 3)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current == view.order()[view.order().index("c-41") + 1]
    assert window.undo_stack.count() == 0  # choosing changes nothing


def test_double_click_and_enter_show_the_card_on_the_map(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view = dock.view
    assert window.current_persona_id == "beginner"
    spot = point_of(view, "c-63")  # Jonas's
    dock.scroll.ensureVisible(spot.x(), spot.y())
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=spot)
    assert window.current_persona_id == "athlete"
    assert window.scene.selected_card_ids() == ["c-63"]
    view.setFocus()
    view.set_current("c-114")  # Maria's, in the tray
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_persona_id == "gift-buyer"
    assert window.scene.selected_card_ids() == ["c-114"]


def test_the_persona_chooser_shows_one_personas_opportunities(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view = dock.view
    assert all(chip.color for chip in view.chips)  # all personas: each chip marked with its persona's colour
    assert {chip.color for chip in view.chips} == {p.color for p in window.journey_map.personas}
    for persona in window.journey_map.personas:  # and the legend says whose colour is whose
        assert f'<span style="color:{persona.color}">█</span>&nbsp;{persona.name}' in dock.legend.text()
    dock.personas.setCurrentIndex(dock.personas.findData("athlete"))
    assert dock.persona_id() == "athlete"
    assert set(cells(view)) == {"c-47", "c-55", "c-63", "c-72", "c-79"}
    assert not any(chip.color for chip in view.chips) and dock.legend.text() == ""
    assert dock.summary.text() == "5 opportunities, 1 not rated yet"
    dock.set_persona(None)
    assert len(view.chips) == 15
    window.set_current_persona("athlete")  # the canvas's persona does not choose the matrix's
    assert dock.persona_id() is None


def test_the_chooser_follows_persona_names_and_removal(qtbot, window: MainWindow):
    dock = open_matrix(window)
    dock.set_persona("athlete")
    push_field_edit(window.document, "persona", "athlete", {"name": "Jonas, marathon"}, "rename")
    qtbot.waitUntil(lambda: dock.personas.findText("Jonas, marathon") >= 0)
    assert dock.persona_id() == "athlete"
    window.scene.controller.delete("persona", "athlete", "delete persona")
    qtbot.waitUntil(lambda: dock.personas.findData("athlete") < 0)
    assert dock.persona_id() is None and len(dock.view.chips) == 10  # back to all personas
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: dock.personas.findData("athlete") >= 0 and len(dock.view.chips) == 15)


def test_it_follows_edits_deletes_and_undo_after_a_pause_not_while_hidden(qtbot, window: MainWindow):
    dock = open_matrix(window)
    view = dock.view
    push_field_edit(window.document, "card", "c-6", {"text": "Ads with real first-time runners"}, "text")
    assert view.chip("c-6").text != "Ads with real first-time runners"  # not inside the edit: after a pause
    qtbot.waitUntil(lambda: view.chip("c-6").text == "Ads with real first-time runners")
    push_change(window.document, changes.RemoveCards(card_ids=["c-15"]), "delete")
    qtbot.waitUntil(lambda: view.chip("c-15") is None)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: view.cell_of("c-15") == (5, 1))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: view.chip("c-6").text.startswith("Beginner-focused"))
    # a card moved into the opportunities lane joins; a card moved out leaves
    push_change(window.document, changes.MoveCards(card_ids=["c-5"], persona="beginner", phase="awareness",
                                                       lane="opportunities"),
                "move")
    qtbot.waitUntil(lambda: view.chip("c-5") is not None)
    dock.hide()
    push_field_edit(window.document, "card", "c-33", {"value": 5, "effort": 5}, "rate")
    qtbot.wait(3 * 200)  # longer than the pause: a hidden dock does not draw
    assert view.cell_of("c-33") == (2, 1) and dock.stale
    toggle_opportunity_matrix(window)
    qtbot.waitUntil(lambda: view.cell_of("c-33") == (5, 5))


def test_a_refused_drag_leaves_the_chip_where_it_was(qtbot, window: MainWindow):
    from app.ui.controller import Mode

    dock = open_matrix(window)
    view = dock.view
    window.scene.controller.set_mode(Mode())  # shows only, as during a voting round
    before = window.undo_stack.count()
    drag(qtbot, dock, "c-15", view.cell_rects[(1, 5)].center())
    assert window.undo_stack.count() == before and card(window, "c-15").value == 5
    assert view.cell_of("c-15") == (5, 1)


def test_another_map_opened_is_followed(qtbot, window: MainWindow, tmp_path: Path):
    dock = open_matrix(window)
    other = tmp_path / "other.json"
    other.write_bytes((SAMPLES / "b2b-it-services.json").read_bytes())
    assert window.open_file(other)
    expected = {c.id for c in window.journey_map.cards
                if any(lane.id == c.lane and lane.kind == "opportunities" for lane in window.journey_map.lanes)}
    qtbot.waitUntil(lambda: set(cells(dock.view)) == expected)
    assert expected


def test_the_words_are_in_the_ui_language(qtbot, window: MainWindow):
    from app.ui import language

    dock = open_matrix(window)
    language.apply_language(i18n.PSEUDO_LANGUAGE)
    try:
        qtbot.waitUntil(lambda: dock.windowTitle().startswith("⟦"))
        assert dock.view.band_label("quick_win").startswith("⟦")
        assert dock.personas.itemText(0).startswith("⟦") and dock.summary.text().startswith("⟦")
        assert dock.view.tooltip("c-6").splitlines()[-1].startswith("⟦")
    finally:
        language.apply_language("en")
