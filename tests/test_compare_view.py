"""The compare view (issue 15, item 6): File → Compare with… marks the cards that differ from another version
(new, changed, removed as ghosts), draws the other version's emotion curve, lists every change, leaves on Escape,
and never changes the open map."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolTip

from app.merge.diff import differences
from app.merge.report import diff_lines
from app.model import Card, save_map
from app.model.fileformat import backup_path, map_from_data, map_to_bytes, read_map
from app.ui.compare_marks import GHOST_OPACITY, KINDS, OtherCurveItem
from app.ui.compare_view import CompareView, OtherVersion, compare_with
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES, open_window

SAMPLE = SAMPLES / "b2b-it-services.json"


def edit(path: Path) -> None:
    """The sample edited as a colleague might: two cards added, two changed (one in another persona), three
    removed (the map's first card, one in the middle, one last in its cell), an emotion point rescored."""
    journey_map, _data = read_map(path)
    cards = {card.id: card for card in journey_map.cards}
    cards["c-17"].text = "Demo request form asks 6 questions"
    cards["c-17"].severity = 2
    journey_map.cards.remove(cards["c-1"])
    journey_map.cards.remove(cards["c-5"])
    journey_map.cards.remove(cards["c-24"])
    journey_map.cards.insert(journey_map.cards.index(cards["c-13"]) + 1, Card(
        id="c-new-1", persona="evaluator", phase="consideration", lane="touchpoints", text="Webinar"))
    journey_map.cards.append(Card(id="c-new-2", persona="evaluator", phase="decision", lane="opportunities",
                                  text="Named service manager"))
    cfo_card = next(card for card in journey_map.cards if card.persona == "cfo")
    cfo_card.text = "Changed for the CFO"
    point = next(p for p in journey_map.emotions if p.persona == "evaluator" and p.phase == "decision")
    point.score = 1
    save_map(journey_map, path)


@pytest.fixture(autouse=True)
def _close_views():
    """A view left open by a test is closed after it (its editor window closes, but a window-modal child
    would stay the application's modal widget until the window is deleted)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CompareView) and shiboken6.isValid(widget) and widget.isVisible():
            widget.reject()


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    """(the edited map, the sample as shipped)."""
    original = tmp_path / "shipped.json"
    shutil.copyfile(SAMPLE, original)
    edited = tmp_path / "b2b.json"
    shutil.copyfile(SAMPLE, edited)
    edit(edited)
    return edited, original


@pytest.fixture
def compared(qtbot, versions) -> tuple[MainWindow, CompareView]:
    edited, original = versions
    window = open_window(qtbot, edited)
    view = compare_with(window, OtherVersion(original, original.name))
    assert view is not None
    qtbot.waitExposed(view)
    return window, view


def closed(view: CompareView) -> bool:
    return not shiboken6.isValid(view) or not view.isVisible()


def views_of(window: MainWindow) -> list[CompareView]:
    return [view for view in window.findChildren(CompareView) if view.isVisible()]


# --- marks --------------------------------------------------------------------------------


def test_new_changed_and_removed_cards_are_marked_by_outline_and_badge(compared):
    _window, view = compared
    assert view.persona_id == "evaluator"
    kinds = {card_id: mark.kind for card_id, mark in view.marks.items()}
    assert kinds == {"c-new-1": "added", "c-new-2": "added", "c-17": "changed", "c-1": "removed", "c-5": "removed",
                     "c-24": "removed"}
    assert [view.marks[c].word for c in ("c-new-1", "c-17", "c-5")] == ["new", "changed", "removed"]
    # Not colour alone: three outline styles, and each mark stands over its card.
    assert len({KINDS[kind].line for kind in ("added", "changed", "removed")}) == 3
    for card_id, mark in view.marks.items():
        card = view.scene.card_items[card_id].sceneBoundingRect()
        assert mark.sceneBoundingRect().contains(card.center()), card_id
        assert mark.badge.width() > 0 and mark.isVisible()
    changed = view.marks["c-17"].toolTip()
    assert "severity 3 → 2" in changed and "Demo request form asks 6 questions" in changed
    assert "removed" in view.marks["c-5"].toolTip()


def test_pointing_at_a_changed_card_tells_which_fields_changed(qtbot, compared):
    _window, view = compared  # the canvas takes no clicks or keys, but shows tooltips
    view.show_change(next(i for i, d in enumerate(view.differences) if d.item_id == "c-17"))
    viewport = view.view.viewport()
    pos = view.view.mapFromScene(view.marks["c-17"].card_rect.center())
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    assert QToolTip.isVisible() and "severity 3 → 2" in QToolTip.text()


def test_badges_speak_the_ui_language(qtbot, versions):
    from app import i18n

    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    edited, original = versions
    window = open_window(qtbot, edited)
    view = compare_with(window, OtherVersion(original, original.name))
    assert [view.marks[c].word for c in ("c-new-1", "c-17", "c-5")] == ["⟦new⟧", "⟦changed⟧", "⟦removed⟧"]


def test_removed_cards_are_faded_ghosts_in_their_old_cell_and_place(compared):
    window, view = compared
    layout = view.scene.layout
    assert view.ghosts == {"c-1", "c-5", "c-24"}
    assert layout.card_cell["c-5"] == ("awareness", "thoughts")
    # Each where it was in its cell: the first, the last.
    assert layout.cell_cards[("awareness", "touchpoints")] == ["c-1", "c-2", "c-3"]
    assert layout.cell_cards[("consideration", "kpis")] == ["c-23", "c-24"]
    for card_id, item in view.scene.card_items.items():
        assert item.opacity() == (GHOST_OPACITY if card_id in view.ghosts else 1.0), card_id
    assert "c-5" not in {card.id for card in window.journey_map.cards}  # only the display copy has them


def test_other_persona_is_shown_with_its_own_marks(compared):
    window, view = compared
    cfo = view.persona_box.findData("cfo")
    view.persona_box.setCurrentIndex(cfo)
    assert view.persona_id == "cfo"
    changed = next(d.item_id for d in view.differences if d.target == "card" and d.data.get("persona") == "cfo")
    assert {card_id: mark.kind for card_id, mark in view.marks.items()} == {changed: "changed"}
    assert window.current_persona_id == "evaluator"  # the editor's own persona stays


def test_removed_phases_lanes_and_personas_come_back_as_ghosts_and_headers_are_marked(qtbot, tmp_path):
    original = tmp_path / "shipped.json"
    shutil.copyfile(SAMPLE, original)
    data = read_map(original)[0].model_dump(mode="json")
    data["phases"] = [phase for phase in data["phases"] if phase["id"] != "decision"]
    data["phases"][1]["name"] = "Evaluation"
    data["personas"] = [persona for persona in data["personas"] if persona["id"] != "cfo"]
    data["cards"] = [card for card in data["cards"] if card["phase"] != "decision" and card["persona"] != "cfo"]
    data["emotions"] = [p for p in data["emotions"] if p["phase"] != "decision" and p["persona"] != "cfo"]
    data["lanes"].append({"id": "risks", "name": "Risks"})
    edited = tmp_path / "edited.json"
    save_map(map_from_data(data), edited)
    window = open_window(qtbot, edited)
    view = compare_with(window, OtherVersion(original, original.name))
    phases = {key: mark.kind for key, mark in view.header_marks.items()}
    assert phases == {("phase", "consideration"): "changed", ("phase", "decision"): "removed",
                      ("lane", "risks"): "added"}
    decision = view.header_marks[("phase", "decision")]
    assert decision.word == "removed" and decision.parentItem() is view.scene.phase_bar  # pinned with the bar
    assert "renamed 'Consideration' → 'Evaluation'" in html.unescape(
        view.header_marks[("phase", "consideration")].toolTip())
    layout = view.scene.layout
    assert [h.item_id for h in layout.phase_headers] == ["awareness", "consideration", "decision"]
    assert layout.card_cell["c-25"] == ("decision", "touchpoints")
    assert view.scene.card_items["c-25"].opacity() == GHOST_OPACITY and view.marks["c-25"].kind == "removed"
    decision_x = next(m.x for m in layout.emotion_marks if m.phase_id == "decision")
    assert view.other_curve.points[-1][0] == decision_x  # the other curve reaches the removed phase
    cfo = view.persona_box.findData("cfo")
    assert view.persona_box.itemText(cfo) == "Dr. Weber, CFO (removed)"
    view.persona_box.setCurrentIndex(cfo)
    assert view.scene.card_items and all(item.opacity() == GHOST_OPACITY for item in view.scene.card_items.values())
    assert len(window.journey_map.phases) == 2 and len(window.journey_map.personas) == 2  # the editor's map


# --- the other emotion curve ----------------------------------------------------------------


def pixels_like(view: CompareView, rect: QRectF, color: str) -> int:
    image = QImage(int(rect.width() * 4), int(rect.height() * 4), QImage.Format.Format_ARGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    view.scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    want = QColor(color)
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if abs(image.pixelColor(x, y).red() - want.red()) < 30
               and abs(image.pixelColor(x, y).green() - want.green()) < 30
               and abs(image.pixelColor(x, y).blue() - want.blue()) < 30)


def test_the_other_versions_emotion_curve_is_drawn_beside_the_current_one(compared):
    _window, view = compared
    layout = view.scene.layout
    marks = {mark.phase_id: mark for mark in layout.emotion_marks}
    other = {p.phase: p.score for p in view.other.emotions if p.persona == "evaluator"}
    assert view.other_curve.points == [(marks[phase].x, layout.zero_y - other[phase] * layout.score_step)
                                       for phase in ("awareness", "consideration", "decision")]
    x, y = view.other_curve.points[-1]
    assert y != marks["decision"].y  # rescored: the other point is not under the current face
    assert pixels_like(view, QRectF(x - 8, y - 8, 16, 16), OtherCurveItem.COLOR) > 20
    legend = [label.text() for label in view.findChildren(QLabel)]
    assert "this version" in legend and "other version" in legend


# --- the change list ----------------------------------------------------------------------


def test_the_change_list_has_one_entry_per_difference(compared, versions):
    _window, view = compared
    edited, original = versions
    other, current = read_map(original)[0], read_map(edited)[0]
    found = differences(other, current)
    assert len(found) == 8  # 2 cards added, 2 changed (one the CFO's), 3 removed, 1 emotion point
    assert view.changes_shown() == diff_lines(found, other, current)
    assert view.count_label.text() == "8 changes"


def test_clicking_a_change_scrolls_to_its_card_and_switches_persona(qtbot, compared):
    _window, view = compared
    canvas = view.view
    canvas.set_zoom(2.0)
    canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().maximum())
    row = next(i for i, d in enumerate(view.differences) if d.item_id == "c-5")
    item = view.change_list.item(row)
    qtbot.mouseClick(view.change_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.change_list.visualItemRect(item).center())
    card = view.scene.card_items["c-5"].sceneBoundingRect()
    assert canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(card.center())
    assert view.marks["c-5"].current and not view.marks["c-17"].current
    cfo_row = next(i for i, d in enumerate(view.differences) if d.data.get("persona") == "cfo")
    view.change_list.setCurrentRow(cfo_row)
    assert view.persona_id == "cfo" and view.persona_box.currentData() == "cfo"


def test_clicking_a_marked_card_selects_its_change(qtbot, compared):
    _window, view = compared
    canvas = view.view
    view.show_change(next(i for i, d in enumerate(view.differences) if d.item_id == "c-17"))
    view.change_list.setCurrentRow(-1)
    point = canvas.mapFromScene(view.marks["c-17"].card_rect.center())
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.differences[view.change_list.currentRow()].item_id == "c-17"


# --- leaving, and read-only ---------------------------------------------------------------------


@pytest.mark.parametrize("focus", ["canvas", "list", "persona"])
def test_escape_leaves_the_view_and_nothing_in_the_map_changes(qtbot, versions, focus):
    edited, original = versions
    window = open_window(qtbot, edited)
    window.scene.add_card("awareness", "touchpoints", "An unsaved step")  # a stack with a step, not clean
    on_disk = edited.read_bytes()
    before = map_to_bytes(window.journey_map)
    stack = window.undo_stack
    steps, index, clean = stack.count(), stack.index(), stack.isClean()
    view = compare_with(window, OtherVersion(original, original.name))
    qtbot.waitExposed(view)
    # Look around: every change shown, every persona, a click on a card.
    for row in range(view.change_list.count()):
        view.change_list.setCurrentRow(row)
    for index_ in range(view.persona_box.count()):
        view.persona_box.setCurrentIndex(index_)
    view.set_persona("evaluator")
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.view.mapFromScene(view.marks["c-17"].card_rect.center()))
    widget = {"canvas": view.view, "list": view.change_list, "persona": view.persona_box}[focus]
    with qtbot.waitSignal(view.finished, timeout=2000):
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert closed(view)
    assert map_to_bytes(window.journey_map) == before
    assert (stack.count(), stack.index(), stack.isClean()) == (steps, index, clean)
    assert edited.read_bytes() == on_disk
    assert window.isWindowModified()  # still the one unsaved step, no more, no less
    assert QApplication.activeModalWidget() is None  # the editor takes input again


def test_the_view_is_window_modal_and_does_not_block(compared):
    window, view = compared  # compare_with returned: nothing waited in exec
    assert view.isVisible() and view.windowModality() == Qt.WindowModality.WindowModal
    assert view.parent() is window


# --- which version: the menu, the saved file, the backup, another file ---------------------------


def answer_with(monkeypatch, dialogs, text: str) -> None:
    """The next message box reports the button with this text as clicked."""
    dialogs.expect("box", "Compare the open map with which version?")

    def clicked(box):
        return next(b for b in box.buttons() if b.text().replace("&", "") == text)

    monkeypatch.setattr(QMessageBox, "clickedButton", clicked)


def test_the_file_menu_offers_compare(qtbot, versions):
    window = open_window(qtbot, versions[0])
    file_menu = window.menuBar().actions()[0].menu()
    assert window.compare_action in file_menu.actions()
    assert window.compare_action.text() == "Co&mpare with…"


def test_compare_with_the_backup(qtbot, monkeypatch, dialogs, versions):
    edited, original = versions
    shutil.copyfile(original, backup_path(edited))
    window = open_window(qtbot, edited)
    answer_with(monkeypatch, dialogs, "Backup")
    window.compare_action.trigger()
    [view] = views_of(window)
    assert view.windowTitle() == "Compare: b2b.json and backup b2b.json.bak"
    assert view.marks["c-5"].kind == "removed" and view.marks["c-new-1"].kind == "added"
    offered = [b.text() for b in dialogs.boxes[-1].buttons()]
    assert "Saved File" not in offered  # no unsaved changes, the file is as read: nothing to compare
    assert "Another File…" in offered


def test_compare_with_the_saved_file_when_the_map_has_unsaved_changes(qtbot, monkeypatch, dialogs, versions):
    edited, _original = versions
    window = open_window(qtbot, edited)
    added = window.scene.add_card("awareness", "touchpoints", "Typed just now")
    steps = window.undo_stack.count()
    before = map_to_bytes(window.journey_map)
    answer_with(monkeypatch, dialogs, "Saved File")
    window.compare_action.trigger()
    [view] = views_of(window)
    assert view.windowTitle() == "Compare: b2b.json and saved file b2b.json"
    assert {card_id: mark.kind for card_id, mark in view.marks.items()} == {added: "added"}
    assert view.changes_shown() == [f"Card 'Typed just now' ({added}) added in Tobias, technical evaluator/"
                                    "Awareness/Touchpoints"]
    view.reject()
    assert window.undo_stack.count() == steps and map_to_bytes(window.journey_map) == before
    assert window.document.is_modified  # still unsaved: comparing saved nothing


def test_compare_with_another_file_asks_for_it(qtbot, dialogs, versions):
    edited, original = versions
    window = open_window(qtbot, edited)  # no unsaved change, no backup: straight to the file dialog
    dialogs.file_names.append(str(original))
    window.compare_action.trigger()
    [view] = views_of(window)
    assert len(view.differences) == 8
    assert not dialogs.boxes  # no question first


def test_a_broken_other_file_gives_a_clear_message_and_no_view(qtbot, dialogs, versions, tmp_path):
    edited, _original = versions
    window = open_window(qtbot, edited)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "journey-map", "title": ', encoding="utf-8")
    dialogs.file_names.append(str(broken))
    dialogs.expect("critical", "Cannot compare")
    window.compare_action.trigger()
    assert views_of(window) == []
    kind, text = dialogs.messages[-1]
    assert kind == "critical" and "broken.json" in text
    dialogs.expect("critical", "missing.json")
    assert compare_with(window, OtherVersion(tmp_path / "missing.json", "missing.json")) is None
    assert views_of(window) == []


def test_cancel_shows_no_view(qtbot, monkeypatch, dialogs, versions):
    edited, original = versions
    shutil.copyfile(original, backup_path(edited))
    window = open_window(qtbot, edited)
    dialogs.expect("box", "Compare the open map with which version?")  # clickedButton: none (Cancel)
    window.compare_action.trigger()
    assert views_of(window) == []
    assert [kind for kind, _text in dialogs.messages] == ["box"]  # no file dialog after Cancel


def test_equal_versions_say_so(qtbot, versions):
    edited, _original = versions
    window = open_window(qtbot, edited)
    view = compare_with(window, OtherVersion(edited, edited.name))
    assert view.differences == [] and view.marks == {} and view.change_list.count() == 0
    assert view.count_label.text() == "No changes: the two versions are the same."
