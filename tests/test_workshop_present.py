"""Workshop mode (issue 16): presenting, capturing while presenting, walking the phases, the audience window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox, QToolBar

from app.layout.projector import editor_style
from tests.conftest import ROOT, run_on_x_server

CTRL = Qt.KeyboardModifier.ControlModifier


def dump(window) -> str:
    return window.journey_map.model_dump_json()


def key(window, key, modifier=Qt.KeyboardModifier.NoModifier, text: str | None = None) -> None:
    QTest.keyClick(window.canvas, key, modifier)
    QApplication.processEvents()


def type_text(window, text: str) -> None:
    QTest.keyClicks(window.canvas if window.scene.editor is None else QApplication.focusWidget(), text)
    QApplication.processEvents()


def chrome(window) -> list:
    return [window.menuBar(), window.statusBar(), window.persona_tabs, *window.findChildren(QToolBar),
            window.inspector, window.persona_dock]


def test_f5_presents_the_map_alone_in_bigger_text_and_escape_brings_the_editor_back(shown_window):
    window = shown_window
    window.scene.select_cards([window.journey_map.cards[0].id])
    window.scene.controller.delete_selected()  # an undo step that must survive presenting
    before, steps, index = dump(window), window.undo_stack.count(), window.undo_stack.index()
    shown = [w for w in chrome(window) if w.isVisible()]
    assert window.inspector in shown and window.menuBar() in shown
    key(window, Qt.Key.Key_F5)
    assert window.workshop.presentation.active
    assert window.isFullScreen()
    assert not any(w.isVisible() for w in chrome(window))
    assert not any(d.isVisible() for d in window.findChildren(QDockWidget))
    assert window.scene.style.text_size >= 1.5 * editor_style().text_size  # laid out again, not zoomed
    assert window.scene.controller.mode.name == "presenting"
    assert window.present_action.isChecked()
    assert window.scene.current_cell is not None  # the cell of the deleted card
    key(window, Qt.Key.Key_Escape)  # first back to "nothing chosen"
    assert window.workshop.presentation.active and window.scene.current_cell is None
    key(window, Qt.Key.Key_Escape)
    assert not window.workshop.presentation.active
    assert not window.isFullScreen()
    assert [w for w in chrome(window) if w.isVisible()] == shown
    assert window.scene.style is editor_style()
    assert window.scene.controller.mode.name == "editing"
    assert (dump(window), window.undo_stack.count(), window.undo_stack.index()) == (before, steps, index)
    window.undo_stack.undo()  # the step taken before presenting is still there to undo
    assert len(window.journey_map.cards) == len(json.loads(before)["cards"]) + 1


def test_a_card_is_captured_while_presenting_and_undone_with_ctrl_z(shown_window):
    window = shown_window
    key(window, Qt.Key.Key_F5)
    count = len(window.journey_map.cards)
    key(window, Qt.Key.Key_Right)  # walk to the first phase: new cards land there
    first_phase = window.journey_map.phases[0].id
    type_text(window, "Queue at the till")
    assert window.scene.editor is not None
    key(window, Qt.Key.Key_Return)
    added = [c for c in window.journey_map.cards if c.text == "Queue at the till"]
    assert len(window.journey_map.cards) == count + 1 and len(added) == 1
    assert added[0].phase == first_phase and added[0].persona == window.current_persona_id
    # The new card is selected: Escape goes back to "nothing chosen", and typing starts a card again.
    key(window, Qt.Key.Key_Escape)
    assert window.workshop.presentation.active and window.scene.current_cell is None
    type_text(window, "Second")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # commit, and the next card in the same cell
    type_text(window, "Third")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    cell = [c.id for c in window.journey_map.cards
            if (c.persona, c.phase, c.lane) == (added[0].persona, added[0].phase, added[0].lane)]
    texts = {c.id: c.text for c in window.journey_map.cards}
    assert [texts[i] for i in cell][-3:] == ["Queue at the till", "Second", "Third"]
    assert window.workshop.presentation.active  # Enter and Tab did not leave
    key(window, Qt.Key.Key_Z, CTRL)
    assert "Third" not in {c.text for c in window.journey_map.cards}
    assert "Second" in {c.text for c in window.journey_map.cards}
    key(window, Qt.Key.Key_Escape)
    key(window, Qt.Key.Key_Escape)
    assert not window.workshop.presentation.active
    assert "Queue at the till" in {c.text for c in window.journey_map.cards}


def test_the_arrows_and_a_clickers_page_keys_walk_the_phases_and_home_shows_the_whole_map(shown_window):
    window = shown_window
    phases = [p.id for p in window.journey_map.phases]
    key(window, Qt.Key.Key_F5)
    walk = window.workshop.walk
    whole_zoom = window.canvas.zoom
    assert walk.phase_id is None and walk.veil.parts == []
    key(window, Qt.Key.Key_Right)
    assert walk.phase_id == phases[0]
    assert window.canvas.zoom > whole_zoom  # the phase talked about is shown large
    for expected in phases[1:]:
        key(window, Qt.Key.Key_PageDown)
        assert walk.phase_id == expected
        assert window.scene.controller.focused_phase == expected
    key(window, Qt.Key.Key_PageDown)  # the last phase stays
    assert walk.phase_id == phases[-1]
    key(window, Qt.Key.Key_Left)
    key(window, Qt.Key.Key_PageUp)
    assert walk.phase_id == phases[-3]
    # The focused column is lit, every other column is veiled; the focused one is in view.
    focus = next(h.rect for h in window.scene.layout.phase_headers if h.item_id == phases[-3])
    veiled = walk.veil.parts
    assert veiled and all(not part.intersects(
        part.__class__(focus.x + 1, focus.y + 1, focus.w - 2, focus.h - 2)) for part in veiled)
    covered = sum(part.width() for part in veiled)
    assert covered == pytest.approx(window.scene.layout.width - window.scene.style.lane_header_width - focus.w)
    visible = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
    assert visible.left() <= focus.x and focus.x + focus.w <= visible.right()
    assert window.scene.phase_bar.focused == phases[-3]  # the other phases' headers are dimmed
    key(window, Qt.Key.Key_Home)
    assert walk.phase_id is None and walk.veil.parts == [] and window.scene.phase_bar.focused is None
    assert window.canvas.zoom == pytest.approx(whole_zoom)
    key(window, Qt.Key.Key_End)
    assert walk.phase_id == phases[-1]
    key(window, Qt.Key.Key_Escape)
    assert walk.phase_id is None and window.scene.controller.focused_phase is None and walk.veil.parts == []


def test_a_cell_being_written_in_walks_along_with_the_phase(shown_window):
    window = shown_window
    phases = [p.id for p in window.journey_map.phases]
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_Right)
    window.scene.set_current_cell((phases[0], "actions"))
    key(window, Qt.Key.Key_Right)
    assert window.scene.current_cell == (phases[1], "actions")
    type_text(window, "Reads reviews")
    key(window, Qt.Key.Key_Return)
    card = next(c for c in window.journey_map.cards if c.text == "Reads reviews")
    assert (card.phase, card.lane) == (phases[1], "actions")


def test_b_and_period_blank_the_screen_only_when_nothing_is_being_written(shown_window):
    window = shown_window
    presentation = window.workshop.presentation
    key(window, Qt.Key.Key_F5)
    cover = presentation._covers[0]
    for blank_key in (Qt.Key.Key_B, Qt.Key.Key_Period):
        key(window, blank_key)
        assert presentation.blank and cover.isVisible()
        window.canvas.verticalScrollBar().setValue(window.canvas.verticalScrollBar().maximum())
        QApplication.processEvents()
        assert cover.geometry() == window.canvas.viewport().geometry()  # all black, wherever the map is
        key(window, blank_key)  # any key brings the map back
        assert not presentation.blank and not cover.isVisible()
    window.scene.set_current_cell((window.journey_map.phases[0].id, "touchpoints"))
    count = len(window.journey_map.cards)
    type_text(window, "b")  # a facilitator writing "better signage" gets a card, not a black screen
    assert not presentation.blank and window.scene.editor is not None
    type_text(window, "etter signage")
    key(window, Qt.Key.Key_Return)
    assert len(window.journey_map.cards) == count + 1
    assert window.journey_map.cards[-1].text == "better signage" or "better signage" in {
        c.text for c in window.journey_map.cards}
    window.scene.clearSelection()
    window.scene.set_current_cell(None)
    key(window, Qt.Key.Key_B)
    key(window, Qt.Key.Key_Escape)  # Escape first shows the map again, then leaves
    assert not presentation.blank and presentation.active
    key(window, Qt.Key.Key_Escape)
    assert not presentation.active


def test_the_type_scale_and_hidden_captions_lay_the_cards_out_again(shown_window):
    window = shown_window
    key(window, Qt.Key.Key_F5)
    sizes = {}
    for action in ("present_normal", "present_large", "present_extra_large"):
        getattr(window, f"{action}_action").trigger()
        assert getattr(window, f"{action}_action").isChecked()
        sizes[action] = window.scene.style.text_size
        faces = list(window.scene.point_items.values())
        assert faces and all(face.radius == window.scene.style.emotion_radius for face in faces)
        item = next(iter(window.scene.card_items.values()))
        assert item.box.rect.w == window.scene.style.card_width  # the items follow the layout
    assert sizes["present_normal"] < sizes["present_large"] < sizes["present_extra_large"]
    captioned = next(c for c in window.journey_map.cards
                     if c.persona == window.current_persona_id and (c.channel or c.owner))
    with_caption = window.scene.layout.cards[captioned.id]
    assert with_caption.caption_lines
    key(window, Qt.Key.Key_H, CTRL)
    without = window.scene.layout.cards[captioned.id]
    # Channel, owner and evidence go; the severity and the votes stay (they say how much the card matters).
    assert without.rect.h <= with_caption.rect.h
    shown = " ".join(without.caption_lines)
    for card in window.journey_map.cards:
        if card.persona != window.current_persona_id:
            continue
        words = " ".join(window.scene.layout.cards[card.id].caption_lines)
        assert not card.channel or card.channel not in words
        assert not card.owner or card.owner not in words
        if card.severity:
            assert f"{card.severity}/5" in words
        if card.votes:
            assert f"▲{card.votes}" in words
    assert captioned.channel not in shown
    assert not window.captions_action.isChecked()
    key(window, Qt.Key.Key_H, CTRL)
    assert window.scene.layout.cards[captioned.id].caption_lines == with_caption.caption_lines


def test_walking_works_from_the_editor_too_and_a_deleted_phase_ends_the_walk(shown_window, dialogs):
    window = shown_window
    phases = [p.id for p in window.journey_map.phases]
    window.next_phase_action.trigger()
    assert window.workshop.walk.phase_id == phases[0]
    window.next_phase_action.trigger()
    assert window.workshop.walk.phase_id == phases[1]
    # Add Card puts the new card into the phase walked to.
    window.scene.set_current_cell(None)
    window.add_card_action.trigger()
    first_card_lane = next(lane.id for lane in window.journey_map.lanes if lane.kind != "emotions")
    assert window.scene.editing.mode == ("new", phases[1], first_card_lane)
    window.scene.cancel_editing()
    dialogs.allow("question", "Delete")
    window.scene.set_current_cell((phases[1], "touchpoints"))
    window.delete_phase_action.trigger()
    assert phases[1] not in [p.id for p in window.journey_map.phases]
    assert window.workshop.walk.phase_id is None and window.workshop.walk.veil.parts == []


TWO_SCREENS = {"screens": [
    {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
    {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1},
]}

SCREENS_SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from app.ui.main_window import MainWindow
from app.ui.view import POINTS_TO_PIXELS
laptop, projector = app.screens()
window = MainWindow(path=sys.argv[1])
window.setGeometry(laptop.availableGeometry().adjusted(0, 0, 0, -40))
window.show()
app.processEvents()
found = {}
# The audience window: on the other screen, the very scene the editor edits.
window.present_second_action.trigger()
for _ in range(5):
    app.processEvents()
audience = window.workshop.audience
found["audience_screen"] = audience.screen().name()
found["audience_geometry"] = list(audience.geometry().getRect())
found["same_scene"] = audience.view.scene() is window.scene
found["editor_still_editing"] = window.scene.controller.mode.name == "editing" and window.menuBar().isVisible()
found["audience_text_px"] = window.scene.style.text_size * audience.view.zoom * POINTS_TO_PIXELS
editor_rect = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
shown = audience.view.mapToScene(audience.view.viewport().rect()).boundingRect()
found["same_corner"] = [round(shown.left() - editor_rect.left(), 1), round(shown.top() - editor_rect.top(), 1)]
found["fills"] = [round(shown.width() / editor_rect.width(), 2), round(shown.height() / editor_rect.height(), 2)]
card_id = window.scene.add_card(window.journey_map.phases[0].id, "touchpoints", "Seen on the projector")
app.processEvents()
items = audience.view.items(audience.view.viewport().rect())
found["edit_seen"] = any(getattr(item, "card_id", None) == card_id for item in items)
window.present_second_action.trigger()
app.processEvents()
found["closed"] = window.workshop.audience is None and window.scene.style.text_size == 10
# Presenting on the 1920 x 1080 screen: card text height in pixels, five phases fitted to the width.
window.setGeometry(projector.availableGeometry().adjusted(0, 0, -100, -100))
app.processEvents()
window.present_action.trigger()
for _ in range(5):
    app.processEvents()
found["present_screen"] = window.screen().name()
found["present_size"] = [window.width(), window.height()]
found["phases"] = len(window.journey_map.phases)
found["text_px"] = {}
for scale in ("normal", "large", "extra_large"):
    window.workshop.set_scale(scale)
    app.processEvents()
    found["text_px"][scale] = window.scene.style.text_size * window.canvas.zoom * POINTS_TO_PIXELS
window.workshop.set_scale("normal")
window.present_action.trigger()
window.undo_stack.setClean()
print(json.dumps(found))
"""


def test_two_screens_the_audience_window_shows_the_live_scene_and_presenting_text_is_projector_sized(
        tmp_path: Path, sample_path: Path):
    """Two fake screens (a 1366 x 768 laptop, a 1920 x 1080 projector) through Qt's offscreen configfile."""
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps(TWO_SCREENS), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens}", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-c", SCREENS_SCRIPT, str(sample_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["audience_screen"] == "projector"
    assert found["audience_geometry"] == [1366, 0, 1920, 1080]
    assert found["same_scene"] and found["edit_seen"] and found["editor_still_editing"]
    assert found["audience_text_px"] >= 16  # the editor's area, scaled up to the projector
    # The room sees what the editor shows, from the same corner, as large as the projector allows.
    assert all(abs(d) <= 2 for d in found["same_corner"]), found["same_corner"]
    assert min(found["fills"]) == pytest.approx(1.0, abs=0.02) and max(found["fills"]) >= 1.0, found["fills"]
    assert found["closed"]
    assert found["present_screen"] == "projector" and found["present_size"] == [1920, 1080]
    assert found["phases"] == 5
    text = found["text_px"]
    assert 24 <= text["normal"] < text["large"] < text["extra_large"], text


def test_with_one_screen_presenting_on_a_second_one_offers_presenting_here(shown_window, dialogs):
    window = shown_window
    assert len(QApplication.screens()) == 1
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    key(window, Qt.Key.Key_F5, CTRL)
    assert dialogs.messages[-1][0] == "question" and "second screen" in dialogs.messages[-1][1]
    assert window.workshop.audience is None and not window.present_second_action.isChecked()
    assert window.workshop.presentation.active
    key(window, Qt.Key.Key_Escape)
    key(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)  # a clicker's other "start" key
    assert window.workshop.presentation.active
    key(window, Qt.Key.Key_Escape)
    dialogs.answers.append(QMessageBox.StandardButton.No)
    window.present_second_action.trigger()
    assert not window.workshop.presentation.active


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_timer_counts_down_on_the_presented_map_and_ends_with_time(shown_window):
    from app.ui.workshop.timer_badge import TimerBadge

    window = shown_window
    clock = window.workshop.clock = FakeClock()
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_F7)  # ten minutes, running
    badges = [b for b in window.canvas.findChildren(TimerBadge)]
    assert len(badges) == 1 and badges[0].isVisible()
    badge, timer = badges[0], window.workshop.timer
    assert badge.text() == "10:00" and timer.running
    clock.now += 61
    timer.tick()
    assert badge.text() == "08:59"
    key(window, Qt.Key.Key_F9)  # pause: the time stands still
    clock.now += 300
    timer.tick()
    assert badge.text() == "08:59" and not timer.running
    key(window, Qt.Key.Key_F9)
    key(window, Qt.Key.Key_F9, CTRL)  # one more minute
    assert badge.text() == "09:59"
    clock.now += 599
    timer.tick()
    assert badge.text() == "00:00" or badge.text() == "Time!"
    clock.now += 1
    timer.tick()
    assert timer.finished and badge.text() == "Time!"
    looks = {badge.flash_on}
    badge.flash()
    looks.add(badge.flash_on)
    assert looks == {True, False}  # it flashes
    key(window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)  # reset: full time, paused
    assert badge.text() == "10:00" and not timer.running and not timer.finished
    key(window, Qt.Key.Key_F9, CTRL | Qt.KeyboardModifier.ShiftModifier)  # hide
    assert not badge.isVisible()
    key(window, Qt.Key.Key_F6)  # a preset shows it again, at five minutes
    assert badge.isVisible() and badge.text() == "05:00"
    assert window.workshop.presentation.active  # none of the timer's keys left presenting
    assert window.undo_stack.count() == 0 and not window.document.is_modified  # the timer is not in the map


def test_another_time_is_asked_for_and_a_wrong_one_is_explained(shown_window, dialogs):
    window = shown_window
    window.workshop.clock = FakeClock()
    dialogs.answers.append("7:30")
    window.timer_custom_action.trigger()
    assert window.workshop.timer.remaining() == 450
    dialogs.answers.append("soon")
    dialogs.expect("warning", "is not a time")
    window.timer_custom_action.trigger()
    assert window.workshop.timer.remaining() == 450


@pytest.mark.parametrize("text, minutes", [("7", 7), ("7:30", 7.5), (" 0,5 ", 0.5), ("0:45", 0.75), ("90", 90),
                                           ("", None), ("0", None), ("-3", None), ("7:75", None), ("abc", None),
                                           ("1440", None), ("nan", None)])
def test_a_typed_time_is_read_as_minutes(text, minutes):
    from app.ui.workshop.session import parse_minutes

    assert parse_minutes(text) == minutes


X11_SCRIPT = r"""
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from app.ui.application import create_application
app = create_application()
from app.ui.main_window import MainWindow
from app.ui.view import POINTS_TO_PIXELS
window = MainWindow(path=sys.argv[1])
window.resize(1366, 768)
window.show()
QTest.qWaitForWindowExposed(window)
window.activateWindow()
QTest.qWaitForWindowActive(window)
window.canvas.setFocus()
found = {}
def settle():
    for _ in range(20):
        app.processEvents()
        QTest.qWait(10)
QTest.keyClick(window.canvas, Qt.Key.Key_F5)
settle()
found["presenting"] = window.workshop.presentation.active
found["size"] = [window.width(), window.height()]
found["menu_shown"] = window.menuBar().isVisible()
found["text_px"] = window.scene.style.text_size * window.canvas.zoom * POINTS_TO_PIXELS
QTest.keyClick(window.canvas, Qt.Key.Key_PageDown)
QTest.keyClick(window.canvas, Qt.Key.Key_Right)
settle()
found["phase"] = window.workshop.walk.phase_id
QTest.keyClicks(window.canvas, "Queue")
QTest.keyClick(window.focusWidget(), Qt.Key.Key_Return)
settle()
found["captured"] = [c.phase for c in window.journey_map.cards if c.text == "Queue"]
QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
found["undone"] = not any(c.text == "Queue" for c in window.journey_map.cards)
window.scene.clearSelection()
window.scene.set_current_cell(None)
QTest.keyClick(window.canvas, Qt.Key.Key_Escape)
settle()
found["left"] = not window.workshop.presentation.active
found["size_after"] = [window.width(), window.height()]
found["menu_after"] = window.menuBar().isVisible()
window.undo_stack.setClean()
print(json.dumps(found))
"""


def test_presenting_keys_and_full_screen_on_a_real_x_server(x_server: str, sample_path: Path):
    """F5, the clicker's PgDn, typing a card, Ctrl+Z and Escape on X11, where full screen is a real window size."""
    found, _stderr = run_on_x_server(x_server, X11_SCRIPT, str(sample_path))
    assert found["presenting"] and found["size"] == [1920, 1080] and not found["menu_shown"]
    assert found["text_px"] >= 24
    assert found["phase"] == "consideration"
    assert found["captured"] == ["consideration"] and found["undone"]
    assert found["left"] and found["size_after"] == [1366, 768] and found["menu_after"]


def test_closing_the_window_while_presenting_keeps_the_editors_layout_for_next_time(qtbot, sample_path, dialogs):
    from app.ui import settings
    from app.ui.main_window import MainWindow

    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    window.resize(700, 560)  # the offscreen screen is 800 x 800
    window.show()
    qtbot.waitExposed(window)
    window.present_action.trigger()
    assert window.isFullScreen()
    window.close()
    again = MainWindow(path=str(sample_path))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.isFullScreen() and (again.width(), again.height()) == (700, 560)
    assert again.inspector.isVisible() and again.menuBar().isVisible() and again.statusBar().isVisible()
    assert settings.read(settings.WINDOW_STATE) is not None


def test_a_timebox_per_phase_starts_when_the_walk_reaches_that_phase(shown_window, dialogs, monkeypatch):
    from app.ui.workshop.agenda_dialog import AgendaDialog

    window = shown_window
    phases = [p.id for p in window.journey_map.phases]
    window.workshop.clock = FakeClock()
    seen: list[list[str]] = []

    def facilitator_sets(dialog):  # what the facilitator types into the dialog, then OK
        seen.append(list(dialog.boxes))
        dialog.boxes[phases[0]].setValue(7)
        dialog.boxes[phases[2]].setValue(12)
        return AgendaDialog.DialogCode.Accepted

    monkeypatch.setattr(AgendaDialog, "exec", facilitator_sets)
    window.timer_agenda_action.trigger()
    assert seen == [phases]  # one box per phase, in the map's order
    assert window.workshop.agenda == {phases[0]: 7, phases[2]: 12}
    key(window, Qt.Key.Key_F5)
    clock = window.workshop.clock
    key(window, Qt.Key.Key_Right)  # the first phase: 7 minutes start
    assert window.workshop.timer.remaining() == 7 * 60 and window.workshop.timer.running
    clock.now += 60
    key(window, Qt.Key.Key_Home)
    key(window, Qt.Key.Key_Right)  # the same phase again: its timebox is not started over
    assert window.workshop.timer.remaining() == 6 * 60
    key(window, Qt.Key.Key_Right)  # no timebox: the running timer goes on
    assert window.workshop.timer.remaining() == 6 * 60
    key(window, Qt.Key.Key_Right)
    assert window.workshop.timer.remaining() == 12 * 60
    clock.now += 30
    key(window, Qt.Key.Key_End)
    key(window, Qt.Key.Key_Right)  # → on the last phase stays there
    window.present_large_action.trigger()  # another type scale is no step of the walk
    assert window.workshop.timer.remaining() == 12 * 60 - 30
    monkeypatch.setattr(AgendaDialog, "exec", lambda dialog: AgendaDialog.DialogCode.Rejected)
    window.timer_agenda_action.trigger()  # cancelled: the agenda stays
    assert window.workshop.agenda == {phases[0]: 7, phases[2]: 12}
    assert window.undo_stack.count() == 0  # not part of the map



def test_a_card_being_typed_is_kept_when_the_type_scale_captions_or_presenting_change(shown_window):
    window = shown_window
    window.workshop.set_scale("normal")  # the scale is kept between runs: each change below must be one
    for change in (lambda: key(window, Qt.Key.Key_F5), lambda: key(window, Qt.Key.Key_H, CTRL),
                   lambda: window.present_large_action.trigger(), lambda: key(window, Qt.Key.Key_F5)):
        window.scene.start_new_card((window.journey_map.phases[0].id, "actions"))
        text = f"Idea {len(window.journey_map.cards)}"
        type_text(window, text)
        change()
        assert window.scene.editor is None and text in {c.text for c in window.journey_map.cards}


def test_tab_while_presenting_keeps_the_keyboard_on_the_map(shown_window):
    window = shown_window
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.canvas
    key(window, Qt.Key.Key_Right)
    assert window.workshop.walk.phase_id == window.journey_map.phases[0].id


def test_ctrl_b_blanks_what_the_room_sees_and_only_then(shown_window):
    window = shown_window
    presentation = window.workshop.presentation
    key(window, Qt.Key.Key_B, CTRL)  # in the editor, with no room to blank: it says so
    assert not presentation.blank
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_B, CTRL)
    assert presentation.blank and presentation._covers[0].isVisible()
    key(window, Qt.Key.Key_B, CTRL)
    assert not presentation.blank and not presentation._covers[0].isVisible()


def test_cancelling_the_close_keeps_presenting(shown_window, dialogs):
    window = shown_window
    window.scene.add_card(window.journey_map.phases[0].id, "actions", "Unsaved")
    key(window, Qt.Key.Key_F5)
    dialogs.answers.append(QMessageBox.StandardButton.Cancel)
    window.close()
    assert window.isVisible() and window.workshop.presentation.active


def test_opening_another_map_while_presenting_walking_and_voting(shown_window, dialogs, tmp_path):
    import shutil

    from app.workshop.voting import VotingRules
    from tests.conftest import SAMPLES

    window = shown_window
    other = tmp_path / "b2b.json"
    shutil.copyfile(SAMPLES / "b2b-it-services.json", other)
    key(window, Qt.Key.Key_F5)
    key(window, Qt.Key.Key_Right)
    window.workshop.start_voting(VotingRules(lanes=frozenset({"pain-points"}), dots=2, participants=2))
    pain = next(c.id for c in window.journey_map.cards
                if c.persona == window.current_persona_id and c.lane == "pain-points")
    window.workshop.voting.cast(pain)
    window.undo_stack.setClean()
    assert window.open_file(other)
    # The round on the other map is over, without its dots; voting can start again; the walk works.
    assert window.workshop.voting is None and window.vote_start_action.isEnabled()
    assert window.scene.controller.mode.name == "presenting"
    assert window.workshop.presentation.active and window.scene.style.text_size > 10
    key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Right)
    phases = [p.id for p in window.journey_map.phases]
    assert window.workshop.walk.phase_id == phases[1]
    assert window.workshop.walk.veil.scene() is window.scene and window.workshop.walk.veil.parts
    key(window, Qt.Key.Key_Escape)
    key(window, Qt.Key.Key_Escape)
    assert not window.workshop.presentation.active
