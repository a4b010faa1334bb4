"""The canvas editor driven with real mouse and keyboard events on the view's viewport."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model import load_map
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(shown_window: MainWindow) -> MainWindow:
    return shown_window


def viewport_point(window: MainWindow, x: float, y: float) -> QPoint:
    """Scroll the scene point into view and return it in viewport coordinates."""
    window.canvas.ensureVisible(x - 1, y - 1, 2, 2, 120, 120)
    QApplication.processEvents()
    return window.canvas.mapFromScene(QPointF(x, y))


def empty_spot(window: MainWindow, phase: str, lane: str) -> QPoint:
    """A point inside a cell below its cards."""
    cell = window.scene.layout.cells[(phase, lane)]
    return viewport_point(window, cell.x + cell.w / 2, cell.bottom - 6)


def card_center(window: MainWindow, card_id: str) -> QPoint:
    rect = window.scene.layout.cards[card_id].rect
    return viewport_point(window, rect.x + rect.w / 2, rect.y + rect.h / 2)


def drag(qtbot, widget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    qtbot.mousePress(widget, LEFT, pos=start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        qtbot.mouseMove(widget, point)
    qtbot.mouseRelease(widget, LEFT, pos=end)


def type_text(widget, text: str) -> None:
    """Type any Unicode text (QTest.keyClicks handles ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def cell_texts(window: MainWindow, phase: str, lane: str, persona: str | None = None) -> list[str]:
    persona = persona or window.current_persona_id
    return [c.text for c in window.journey_map.cards_in(persona, phase, lane)]


def test_window_shows_the_map(window: MainWindow):
    assert window.current_persona_id == "beginner"
    assert window.persona_tabs.count() == 3
    assert set(window.scene.card_items) == {c.id for c in window.journey_map.cards if c.persona == "beginner"}
    assert all(item.card_id == card_id for card_id, item in window.scene.card_items.items())
    assert "fitness-watch.json" in window.windowTitle()
    assert not window.isWindowModified()


def test_double_click_and_type_creates_a_card(qtbot, window: MainWindow):
    viewport = window.canvas.viewport()
    before = cell_texts(window, "awareness", "pain-points")
    qtbot.mouseDClick(viewport, LEFT, pos=empty_spot(window, "awareness", "pain-points"))
    assert window.scene.editor is not None
    qtbot.keyClicks(window.canvas, "Ad too fast")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert window.scene.editor is None
    assert cell_texts(window, "awareness", "pain-points") == [*before, "Ad too fast"]
    assert window.undo_stack.undoText() == "Add card"
    assert window.isWindowModified()
    new_id = window.journey_map.cards_in("beginner", "awareness", "pain-points")[-1].id
    assert new_id in window.scene.card_items


def test_five_cards_by_keyboard_alone(qtbot, window: MainWindow):
    canvas = window.canvas
    window.scene.clearSelection()
    window.scene.set_current_cell(None)
    # Arrows from nowhere land on the first cell, then walk to (Retention, Opportunities).
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    window.scene.clearSelection()
    assert window.scene.current_cell == ("awareness", "touchpoints")
    window.scene.set_current_cell(("retention", "opportunities"))
    before = cell_texts(window, "retention", "opportunities")
    for i, text in enumerate(["Streak reminder", "Coach chat", "Winter plan", "Group runs", "Shoe check"]):
        qtbot.keyClicks(canvas, text)  # typing into the current cell starts a card
        qtbot.keyClick(canvas, Qt.Key.Key_Tab if i < 4 else Qt.Key.Key_Return)
    assert cell_texts(window, "retention", "opportunities") == [
        *before, "Streak reminder", "Coach chat", "Winter plan", "Group runs", "Shoe check",
    ]
    assert window.scene.editor is None


def test_shift_enter_adds_a_line_and_escape_cancels(qtbot, window: MainWindow):
    canvas = window.canvas
    window.scene.set_current_cell(("advocacy", "thoughts"))
    before = cell_texts(window, "advocacy", "thoughts")
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    qtbot.keyClicks(canvas, "first")
    qtbot.keyClick(canvas, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(canvas, "second")
    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert cell_texts(window, "advocacy", "thoughts") == [*before, "first\nsecond"]
    qtbot.keyClick(canvas, Qt.Key.Key_F2)
    qtbot.keyClicks(canvas, " edited")
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert cell_texts(window, "advocacy", "thoughts")[-1] == "first\nsecond"


def test_drag_a_card_to_another_phase(qtbot, window: MainWindow):
    card = window.journey_map.cards_in("beginner", "awareness", "touchpoints")[0]
    start = card_center(window, card.id)
    target = window.scene.layout.cells[("purchase", "touchpoints")]
    window.canvas.ensureVisible(target.x, target.y, target.w, target.h)
    start = card_center(window, card.id)
    end = window.canvas.mapFromScene(QPointF(target.x + target.w / 2, target.bottom - 4))
    drag(qtbot, window.canvas.viewport(), start, end)
    assert card.phase == "purchase"
    assert cell_texts(window, "purchase", "touchpoints")[-1] == card.text
    assert window.undo_stack.undoText() == "Move card"
    placed = window.scene.card_items[card.id].scenePos()
    box = window.scene.layout.cards[card.id].rect
    # Cards sit on the view's pixel grid: their row's top and their offset in it are each at
    # most half a pixel off.
    pixel = window.scene.pixel
    assert abs(placed.x() - box.x) <= pixel / 2 + 1e-9 and abs(placed.y() - box.y) <= pixel + 1e-9
    window.undo_stack.undo()
    assert card.phase == "awareness"
    assert cell_texts(window, "awareness", "touchpoints")[0] == card.text


def test_drag_within_a_cell_reorders(qtbot, window: MainWindow):
    first, second = window.journey_map.cards_in("beginner", "awareness", "touchpoints")
    box = window.scene.layout.cards[second.id].rect
    end = viewport_point(window, box.x + box.w / 2, box.bottom - 2)
    drag(qtbot, window.canvas.viewport(), card_center(window, first.id), end)
    assert cell_texts(window, "awareness", "touchpoints") == [second.text, first.text]


def test_drag_an_emotion_point(qtbot, window: MainWindow):
    point = window.journey_map.emotion("beginner", "consideration")
    assert point.score == 0
    item = window.scene.point_items["consideration"]
    step = window.scene.layout.score_step
    start = viewport_point(window, item.pos().x(), item.pos().y())
    end = window.canvas.mapFromScene(QPointF(item.pos().x(), item.pos().y() + 2 * step))
    drag(qtbot, window.canvas.viewport(), start, end)
    assert window.journey_map.emotion("beginner", "consideration").score == -2
    assert window.undo_stack.undoText() == "Change emotion"
    window.undo_stack.undo()
    assert window.journey_map.emotion("beginner", "consideration").score == 0


def test_click_a_gap_adds_an_emotion_point(qtbot, window: MainWindow):
    window.scene.set_emotion("purchase", None, "Remove emotion point")
    mark = next(m for m in window.scene.layout.emotion_marks if m.phase_id == "purchase")
    assert mark.score is None
    qtbot.mouseClick(window.canvas.viewport(), LEFT, pos=viewport_point(window, mark.x, mark.y))
    assert window.journey_map.emotion("beginner", "purchase").score == 0


def test_add_and_reorder_a_phase(qtbot, window: MainWindow, dialogs):
    window.scene.set_current_cell(("purchase", "touchpoints"))
    dialogs.answers.append("Delivery")
    window.add_phase_action.trigger()
    assert [p.name for p in window.journey_map.phases] == [
        "Awareness", "Consideration", "Purchase", "Delivery", "Retention", "Advocacy",
    ]
    assert window.undo_stack.undoText() == "Add phase"
    headers = window.scene.phase_bar.headers
    assert [h.item_id for h in headers][3] == "delivery"
    # Drag the Delivery header before Awareness.
    delivery, awareness = headers[3].rect, headers[0].rect
    start = viewport_point(window, delivery.x + delivery.w / 2, delivery.y + 10)
    window.canvas.horizontalScrollBar().setValue(0)
    QApplication.processEvents()
    start = window.canvas.mapFromScene(QPointF(delivery.x + delivery.w / 2, delivery.y + 10))
    end = window.canvas.mapFromScene(QPointF(awareness.x + 10, awareness.y + 10))
    if start.x() > window.canvas.viewport().width():
        window.canvas.set_zoom(0.5)
        QApplication.processEvents()
        start = window.canvas.mapFromScene(QPointF(delivery.x + delivery.w / 2, delivery.y + 10))
        end = window.canvas.mapFromScene(QPointF(awareness.x + 10, awareness.y + 10))
    drag(qtbot, window.canvas.viewport(), start, end)
    assert [p.name for p in window.journey_map.phases][:2] == ["Delivery", "Awareness"]
    assert window.undo_stack.undoText() == "Move phase"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert [p.id for p in window.journey_map.phases] == [p.id for p in load_map(SAMPLES / "fitness-watch.json").phases]


def test_delete_phase_says_how_many_cards_go(window: MainWindow, dialogs):
    window.scene.set_current_cell(("advocacy", "touchpoints"))
    dialogs.answers.append(QMessageBox.StandardButton.No)
    window.delete_phase_action.trigger()
    assert "advocacy" in [p.id for p in window.journey_map.phases]
    count = sum(1 for c in window.journey_map.cards if c.phase == "advocacy")
    each = "; ".join(f"{p.name}: {n}" for p in window.journey_map.personas
                     if (n := sum(1 for c in window.journey_map.cards if c.phase == "advocacy" and c.persona == p.id)))
    assert f"Delete phase “Advocacy”? {count} cards go with it ({each})." in dialogs.messages[-1][1]
    dialogs.expect("question", "Delete phase")
    window.delete_phase_action.trigger()  # the stub's answer: Yes
    assert "advocacy" not in [p.id for p in window.journey_map.phases]
    assert not any(c.phase == "advocacy" for c in window.journey_map.cards)
    window.undo_stack.undo()
    assert sum(1 for c in window.journey_map.cards if c.phase == "advocacy") == count


def test_duplicate_a_persona(window: MainWindow):
    source_cards = [c for c in window.journey_map.cards if c.persona == "beginner"]
    window.duplicate_persona_action.trigger()
    copy_id = window.current_persona_id
    assert copy_id != "beginner"
    assert window.journey_map.persona(copy_id).name == "Lena, beginner runner (copy)"
    copies = [c for c in window.journey_map.cards if c.persona == copy_id]
    assert [c.text for c in copies] == [c.text for c in source_cards]
    assert {c.id for c in copies}.isdisjoint({c.id for c in source_cards})
    assert len([e for e in window.journey_map.emotions if e.persona == copy_id]) == 5
    assert window.persona_tabs.count() == 4
    assert set(window.scene.card_items) == {c.id for c in copies}
    window.undo_stack.undo()
    assert window.persona_tabs.count() == 3
    assert window.current_persona_id == "beginner"


def test_ctrl_arrow_delete_duplicate(qtbot, window: MainWindow):
    card = window.journey_map.cards_in("beginner", "awareness", "thoughts")[0]
    window.scene.select_cards([card.id])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert card.phase == "consideration"
    qtbot.keyClick(window.canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert cell_texts(window, "consideration", "thoughts").count(card.text) == 2
    assert window.undo_stack.undoText() == "Duplicate card"
    window.scene.select_cards([c.id for c in window.journey_map.cards_in("beginner", "consideration", "thoughts")])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert cell_texts(window, "consideration", "thoughts") == []
    assert window.undo_stack.undoText() == "Delete 4 cards"


def test_copy_paste_into_another_persona(qtbot, window: MainWindow):
    cards = window.journey_map.cards_in("beginner", "purchase", "pain-points")
    window.scene.select_cards([c.id for c in cards])
    window.copy_action.trigger()
    assert QApplication.clipboard().text() == "\n".join(c.text for c in cards)
    window.set_current_persona("athlete")
    window.scene.set_current_cell(("advocacy", "pain-points"))
    before = cell_texts(window, "advocacy", "pain-points")
    window.paste_action.trigger()
    pasted = window.journey_map.cards_in("athlete", "advocacy", "pain-points")[len(before):]
    assert [c.text for c in pasted] == [c.text for c in cards]
    assert [c.severity for c in pasted] == [c.severity for c in cards]
    assert all(c.id not in {o.id for o in cards} for c in pasted)


def test_paste_plain_text_lines_makes_cards(window: MainWindow):
    QApplication.clipboard().setText("Sticky one\nSticky two\n")
    window.scene.clearSelection()
    window.scene.set_current_cell(("awareness", "actions"))
    window.paste_action.trigger()
    assert cell_texts(window, "awareness", "actions")[-2:] == ["Sticky one", "Sticky two"]


def test_inspector_typing_merges_into_one_step(qtbot, window: MainWindow):
    card = window.journey_map.cards_in("beginner", "awareness", "touchpoints")[0]
    window.scene.select_cards([card.id])
    assert window.inspector.card_id == card.id
    depth = window.undo_stack.count()
    window.inspector.card_owner.clear()
    qtbot.keyClicks(window.inspector.card_owner, "Brand team")
    assert card.owner == "Brand team"
    assert window.undo_stack.count() == depth + 1
    window.inspector.card_severity.setCurrentIndex(3)
    assert card.severity == 3
    assert window.undo_stack.count() == depth + 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert card.owner == "Marketing" and card.severity is None
    assert window.inspector.card_owner.text() == "Marketing"


def test_persona_dock_edits_the_profile(qtbot, window: MainWindow):
    dock = window.persona_dock
    dock.goals.setPlainText("Run 10 km\nJoin a club")
    assert window.journey_map.persona("beginner").goals == ["Run 10 km", "Join a club"]
    dock.name.setText("")
    qtbot.keyClicks(dock.name, "Lena")
    assert window.persona_tabs.tabText(0) == "Lena"


def test_undo_everything_returns_to_the_file_and_redo_returns(qtbot, window: MainWindow, sample_path: Path, dialogs):
    opened = load_map(sample_path)
    window.scene.set_current_cell(("awareness", "thoughts"))
    qtbot.keyClicks(window.canvas, "New thought")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    card = window.journey_map.cards_in("beginner", "advocacy", "owners")[0]
    window.scene.select_cards([card.id])
    qtbot.keyClick(window.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    window.duplicate_persona_action.trigger()
    dialogs.answers.append("Onboarding")
    window.add_phase_action.trigger()
    window.scene.emotion_dragged("awareness", -2)
    window.scene.select_cards([window.journey_map.cards_in(window.current_persona_id, "purchase", "touchpoints")[0].id])
    window.scene.delete_selected()
    final = window.journey_map.model_copy(deep=True)
    assert final != opened
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert window.journey_map == opened
    assert not window.isWindowModified()
    while window.undo_stack.canRedo():
        window.undo_stack.redo()
    assert window.journey_map == final


def test_save_reopen_equal(qtbot, window: MainWindow, tmp_path: Path):
    window.scene.set_current_cell(("advocacy", "opportunities"))
    type_text(window.canvas, "Läufer-Treff — über 10 km")
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    assert cell_texts(window, "advocacy", "opportunities")[-1] == "Läufer-Treff — über 10 km"
    target = tmp_path / "saved.json"
    assert window.save_file(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("saved.json")
    edited = window.journey_map.model_copy(deep=True)
    other = MainWindow()
    qtbot.addWidget(other)
    assert other.open_file(target)
    assert other.journey_map == edited


def test_broken_file_shows_why_and_keeps_the_open_map(window: MainWindow, tmp_path: Path, dialogs):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "journey-map", "schema_version": "9.0"}', "utf-8")
    before = window.journey_map
    dialogs.expect("critical", "Cannot open the map")
    assert not window.open_file(broken)
    assert window.journey_map is before
    kind, text = dialogs.messages[-1]
    assert kind == "critical" and "needs a newer version of the app" in text


def test_unsaved_changes_ask_before_opening_another(window: MainWindow, dialogs):
    window.scene.add_card("awareness", "actions", "Unsaved idea")
    dialogs.answers.append(QMessageBox.StandardButton.Cancel)
    assert not window.open_file(SAMPLES / "b2b-it-services.json")
    assert "Save the changes to fitness-watch.json?" in dialogs.messages[-1][1]
    assert window.journey_map.id == "fitness-watch"
    dialogs.answers.append(QMessageBox.StandardButton.Discard)
    assert window.open_file(SAMPLES / "b2b-it-services.json")
    assert window.journey_map.id == "b2b-it-services"
    assert window.undo_stack.count() == 0


def test_recent_files_and_zoom_shortcuts(qtbot, window: MainWindow, sample_path: Path):
    assert window.recent_files()[0] == str(sample_path.resolve())
    window.canvas.set_zoom(1.0)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.zoom > 1.0
    window.fit_action.trigger()
    assert window.canvas.zoom < 1.0
    assert window.actual_size_action.shortcut() == QKeySequence("Ctrl+1")


def test_headers_stay_visible_while_scrolling(window: MainWindow):
    window.canvas.verticalScrollBar().setValue(400)
    window.canvas.horizontalScrollBar().setValue(300)
    QApplication.processEvents()
    top_left = window.canvas.mapToScene(0, 0)
    assert window.scene.phase_bar.pos().y() == pytest.approx(top_left.y(), abs=1)
    assert window.scene.lane_bar.pos().x() == pytest.approx(top_left.x(), abs=1)


def test_one_edit_on_a_large_map_touches_only_its_items(qtbot, tmp_path: Path):
    from app.model import save_map
    from bench.maps import big_map

    path = tmp_path / "big.json"
    save_map(big_map(cards=3000, personas=3, phases=12, lanes=10, seed=3), path)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(path)
    scene = window.scene
    persona = window.current_persona_id
    items = dict(scene.card_items)
    assert len(items) == 1000
    updates = {card_id: item.updates for card_id, item in items.items()}
    card = next(c for c in window.journey_map.cards if c.persona == persona and len(c.text) > 3)
    window.scene.select_cards([card.id])
    reversed_text = card.text[::-1]
    window.inspector.card_text.setPlainText(reversed_text)  # same length: same geometry
    assert card.text == reversed_text
    assert window.undo_stack.undoText() == "Edit card"
    assert scene.last_touched == {card.id}
    assert {i for i, item in scene.card_items.items() if item.updates != updates[i]} == {card.id}
    assert all(scene.card_items[i] is items[i] for i in items)  # no item was rebuilt
    last_phase = window.journey_map.phases[-1].id
    last_lane = window.journey_map.lanes[-1].id
    new_id = scene.add_card(last_phase, last_lane, "One more")
    assert scene.last_touched == {new_id}
    window.undo_stack.undo()
    assert scene.last_touched == {new_id}
    assert new_id not in scene.card_items


def test_export_from_the_editor(window: MainWindow, tmp_path: Path, dialogs):
    from app.ui.export_dialog import ExportDialog, ExportRequest

    dialog = ExportDialog(window.document, window)
    assert dialog.path.text().endswith("fitness-watch.pdf")
    dialog.kind.setCurrentIndex(dialog.kind.findData("xlsx"))
    assert dialog.path.text().endswith("fitness-watch.xlsx") and not dialog.paper.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.paper.setCurrentText("A1")
    dialog.personas.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.path.setText(str(tmp_path / "poster"))
    request = dialog.request()
    assert request.path == tmp_path / "poster.pdf"
    assert request.personas == ["athlete", "gift-buyer"] and request.paper == "A1"
    assert window.export(request)
    from pypdf import PdfReader

    pages = PdfReader(request.path).pages
    # the summary and the comparison of the two personas chosen, then their two poster pages
    assert len(pages) == 4 and "Executive summary" in pages[0].extract_text()
    assert "Jonas" in pages[-2].extract_text() and "Maria" in pages[-1].extract_text()
    # A failure is shown and leaves no file behind.
    bad = ExportRequest(kind="pdf", path=tmp_path / "small.pdf", paper="A4", personas=["beginner"])
    dialogs.expect("critical", "Export failed", times=2)
    assert not window.export(bad)
    assert "below 6 pt" in dialogs.messages[-1][1]
    assert not bad.path.exists()
    missing = ExportRequest(kind="xlsx", path=tmp_path / "gone" / "map.xlsx")
    assert not window.export(missing)
    assert "folder does not exist" in dialogs.messages[-1][1]
    png = ExportRequest(kind="png", path=tmp_path / "map.png", personas=["beginner"], dpi=72)
    assert window.export(png) and png.path.read_bytes().startswith(b"\x89PNG")


def test_drag_a_lane_header_reorders_lanes(qtbot, window: MainWindow):
    window.canvas.set_zoom(0.5)
    window.canvas.horizontalScrollBar().setValue(0)
    window.canvas.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    headers = window.scene.lane_bar.headers
    owner, touchpoints = headers[-1].rect, headers[0].rect
    start = window.canvas.mapFromScene(QPointF(40, owner.y + owner.h / 2))
    end = window.canvas.mapFromScene(QPointF(40, touchpoints.y + 5))
    drag(qtbot, window.canvas.viewport(), start, end)
    assert window.journey_map.lanes[0].id == "owners"
    assert window.undo_stack.undoText() == "Move lane"
    assert window.scene.lane_bar.headers[0].item_id == "owners"


def test_double_click_an_emotion_point_edits_label_and_note(qtbot, window: MainWindow, monkeypatch):
    from app.ui.dialogs import EmotionDialog

    def fill_in(dialog):
        dialog.label.setText("thrilled")
        dialog.note.setPlainText("Found the perfect strap")
        dialog.score.setValue(2)
        return EmotionDialog.DialogCode.Accepted

    monkeypatch.setattr(EmotionDialog, "exec", fill_in)
    item = window.scene.point_items["purchase"]
    qtbot.mouseDClick(window.canvas.viewport(), LEFT, pos=viewport_point(window, item.pos().x(), item.pos().y()))
    point = window.journey_map.emotion("beginner", "purchase")
    assert (point.score, point.label, point.note) == (2, "thrilled", "Found the perfect strap")
    assert window.undo_stack.undoText() == "Edit emotion point"
    monkeypatch.setattr(EmotionDialog, "exec", lambda dialog: EmotionDialog.REMOVE)
    window.edit_emotion("purchase")
    assert window.journey_map.emotion("beginner", "purchase") is None
    assert "purchase" not in window.scene.point_items


def test_window_opened_on_a_path(qtbot, sample_path: Path, tmp_path: Path, dialogs):
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    assert window.document.path == sample_path and window.journey_map.id == "fitness-watch"
    broken = tmp_path / "broken.json"
    broken.write_text("[]", "utf-8")
    dialogs.expect("critical", "Cannot open the map")
    fallback = MainWindow(path=broken)
    qtbot.addWidget(fallback)
    qtbot.waitUntil(lambda: bool(dialogs.messages))
    assert "JSON list, not an object" in dialogs.messages[-1][1]
    assert fallback.document.path is None and fallback.journey_map.personas


def test_card_colour_from_the_inspector(window: MainWindow, dialogs):
    from PySide6.QtGui import QColor

    card = window.journey_map.cards_in("beginner", "awareness", "touchpoints")[0]
    window.scene.select_cards([card.id])
    dialogs.answers.append(QColor("#cc79a7"))
    window.inspector.card_color.click()
    assert card.color == "#CC79A7"
    assert window.scene.card_items[card.id].fill == QColor("#CC79A7")
    window.undo_stack.undo()
    assert card.color is None



def test_opening_other_maps_frees_the_first(qtbot):
    """The open map is kept out of garbage-collector passes (gc.freeze); the next open collects the one before."""
    import weakref

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(SAMPLES / "fitness-watch.json")
    first = weakref.ref(window.journey_map)
    for name in ("b2b-it-services.json", "onlineshop-retoure.json"):
        assert window.open_file(SAMPLES / name)
        assert first() is not None or name != "b2b-it-services.json"  # collected once the event loop runs
        qtbot.waitUntil(lambda: first() is None, timeout=3000)  # the old scene deleted, then its garbage
    assert first() is None


@pytest.fixture
def dense_window(qtbot, tmp_path: Path) -> MainWindow:
    """One persona of 500 cards over 12 phases and 10 lanes, like one of the bench's large map."""
    from app.model import save_map
    from bench.maps import big_map

    path = tmp_path / "dense.json"
    save_map(big_map(cards=500, personas=1, phases=12, lanes=10, seed=11), path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    assert window.open_file(path)
    QApplication.processEvents()
    return window


def assert_on_pixel_grid(window: MainWindow, card_ids) -> None:
    """Cards sit on whole pixels of the view: moved, their cached pixmaps keep their size
    (Qt rounds a card's device rect; a fractional move could make it a pixel taller)."""
    for card_id in card_ids:
        place = window.canvas.viewportTransform().map(window.scene.card_items[card_id].scenePos())
        assert place.x() == pytest.approx(round(place.x())) and place.y() == pytest.approx(round(place.y()))


def test_a_card_added_repaints_only_below_it_and_moved_cards_keep_their_pixmaps(
    dense_window: MainWindow, monkeypatch: pytest.MonkeyPatch
):
    """A taller row moves the rows below it: Qt copies their cards' cached pixmaps, and nothing
    above the change is painted again. At 100 % rows moved by fractions of a pixel, so cards in
    view were painted again (text and all), and the grid repainted the whole view."""
    from PySide6.QtCore import QObject

    from app.ui.items import CardItem

    window = dense_window
    scene, canvas = window.scene, window.canvas
    canvas.set_zoom(1.0)
    first = window.journey_map.cards[0]
    cell = (first.phase, first.lane)
    canvas.centerOn(scene.card_items[scene.layout.cell_cards[cell][-1]])  # where the new card lands
    scene.set_current_cell(cell)  # adding to the current cell, as after pressing N there

    painted: list[str] = []
    paint = CardItem.paint

    def counting_paint(item, painter, option, widget=None):
        painted.append(item.card_id)
        paint(item, painter, option, widget)

    monkeypatch.setattr(CardItem, "paint", counting_paint)
    regions = []

    class PaintWatcher(QObject):
        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint:
                regions.append(event.region().boundingRect())
            return False

    for _ in range(2):  # as after a minute of work: the view has scrolled to new cards, pixmaps are made
        scene.add_card(*cell, "Benchmark card")
        QApplication.processEvents()
        window.undo_stack.undo()
        QApplication.processEvents()
    watcher = PaintWatcher()
    canvas.viewport().installEventFilter(watcher)
    for _ in range(3):
        scene.clearSelection()
        QApplication.processEvents()
        inside = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        below = {item.card_id for item in scene.card_items.values()
                 if item.box.rect.y > scene.layout.cells[cell].bottom and inside.contains(item.sceneBoundingRect())}
        assert below, "the test needs cards in view below the row"
        painted.clear()
        regions.clear()
        new_id = scene.add_card(*cell, "Benchmark card")
        QApplication.processEvents()
        assert below <= scene.last_touched  # they did move
        assert new_id in painted and not below & set(painted)
        assert_on_pixel_grid(window, below)
        # The new card's bounds reach 2 pt above it (its selection outline).
        top_of_change = canvas.mapFromScene(QPointF(0, scene.layout.cards[new_id].rect.y - 2)).y()
        assert regions and min(r.top() for r in regions) >= top_of_change - 2
        window.undo_stack.undo()
    canvas.viewport().removeEventFilter(watcher)
    canvas.set_zoom(0.9)  # a new zoom puts every card on the new pixel grid
    assert_on_pixel_grid(window, scene.card_items)


def test_what_edits_leave_on_screen_equals_a_full_repaint(dense_window: MainWindow):
    """Edits repaint only what they change; the pixels on screen must still be what a full
    repaint draws (no stale lines, no dashes out of step, no lines darkened by a second draw)."""
    from PySide6.QtGui import QImage

    from app.ui.commands import EditFieldsCommand

    window = dense_window
    scene, canvas = window.scene, window.canvas
    layout = scene.layout
    lane = window.journey_map.cards[0].lane

    def content_bottom(phase_id: str) -> float:
        ids = layout.cell_cards[(phase_id, lane)]
        return layout.cards[ids[-1]].rect.bottom if ids else 0.0

    # The cell that sets its row's height: a card added there moves the rows below.
    cell = (max((p.id for p in window.journey_map.phases), key=content_bottom), lane)
    first = scene.card(layout.cell_cards[cell][0])
    phase = window.journey_map.phases[0].id

    def on_screen() -> QImage:
        """The canvas as the window's backing store holds it (a widget's grab() would repaint it)."""
        area = canvas.viewport().rect().translated(canvas.viewport().mapTo(window, QPoint(0, 0)))
        return window.screen().grabWindow(window.winId()).toImage().copy(area)

    def differing_pixels(a: QImage, b: QImage) -> int:
        # Antialiased curves may differ by a grey level or two where a clip edge cuts them.
        return sum(
            1 for y in range(0, a.height(), 1) for x in range(0, a.width(), 2)
            if max(abs(c1 - c2) for c1, c2 in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb(),
                                                     strict=True)) > 3
        )

    for zoom in (1.0, canvas.zoom):  # 100 % and the fit-width zoom the map opened at
        canvas.set_zoom(zoom)
        canvas.centerOn(scene.card_items[first.id])
        QApplication.processEvents()
        for step in range(3):  # add, undo, add: the cell ends taller than it began
            if step % 2:
                window.undo_stack.undo()
            else:
                scene.add_card(*cell, "One more card")
            QApplication.processEvents()
        for text in ("Changed", "Changed again"):
            window.undo_stack.push(EditFieldsCommand(window.document, "card", first.id, {"text": text}, "Edit"))
            QApplication.processEvents()
        scene.select_cards([first.id])
        scene.move_selected_by(1, 0)
        QApplication.processEvents()
        scene.emotion_dragged(phase, 2)
        QApplication.processEvents()
        live = on_screen()
        canvas.viewport().update()
        QApplication.processEvents()
        assert differing_pixels(live, on_screen()) == 0


def test_a_map_opens_fitted_to_the_width_showing_its_first_lane(qtbot, sample_path: Path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    window.canvas.set_zoom(1.5)
    window.canvas.verticalScrollBar().setValue(200)
    assert window.open_file(sample_path)
    qtbot.waitUntil(lambda: window.canvas.zoom != 1.5)
    layout = window.scene.layout
    assert layout.width * window.canvas.transform().m11() <= window.canvas.viewport().width()
    first_lane = window.canvas.mapFromScene(QPointF(0, layout.lane_headers[0].rect.y)).y()
    assert first_lane == pytest.approx(layout.corner.h * window.canvas.transform().m22(), abs=1)


def assert_cards_where_the_layout_puts_them(window: MainWindow) -> None:
    """Every card item sits in its lane's row, within a pixel of its box, drawn from its box's text."""
    from app.ui.items import Z_CARD

    scene = window.scene
    layout = scene.layout
    assert set(scene.card_items) == set(layout.cards)
    pixel = scene.pixel or 1e-9
    for card_id, item in scene.card_items.items():
        box = layout.cards[card_id]
        assert item.parentItem() is scene.rows[layout.card_cell[card_id][1]]
        place = item.scenePos()
        assert abs(place.x() - box.rect.x) <= pixel / 2 + 1e-9 and abs(place.y() - box.rect.y) <= pixel + 1e-9
        assert (item.shown.lines, item.shown.caption_lines) == (box.lines, box.caption_lines)
        assert (item.shown.rect.w, item.shown.rect.h) == (box.rect.w, box.rect.h)
    assert all(row.zValue() == Z_CARD for row in scene.rows.values())


def test_rows_that_move_take_their_cards_along(dense_window: MainWindow):
    """Cards are held by one item per lane, which moves when a row above grows or shrinks: after
    any edit every card is where the layout puts it, however often its row moved."""
    import random

    from app.ui.commands import EditFieldsCommand

    window = dense_window
    scene = window.scene
    rng = random.Random(5)
    phases = [p.id for p in window.journey_map.phases]
    lanes = [lane.id for lane in window.journey_map.lanes if lane.kind != "emotions"]
    window.canvas.set_zoom(1.0)
    for step in range(40):
        persona = window.current_persona_id
        cards = [c for c in window.journey_map.cards if c.persona == persona]
        action = step % 5
        if action == 0:
            scene.add_card(rng.choice(phases), rng.choice(lanes), "A new card " * rng.randint(1, 12))
        elif action == 1:
            card = rng.choice(cards)
            window.undo_stack.push(EditFieldsCommand(window.document, "card", card.id,
                                                     {"text": card.text + " longer" * rng.randint(1, 9)}, "Edit"))
        elif action == 2:
            scene.select_cards([rng.choice(cards).id])
            scene.move_selected_by(rng.choice([-1, 1]), rng.choice([-1, 0, 1]))
        elif action == 3:
            scene.select_cards([rng.choice(cards).id])
            scene.delete_selected()
        else:
            window.undo_stack.undo()
        QApplication.processEvents()
        assert_cards_where_the_layout_puts_them(window)
    window.canvas.set_zoom(0.9)  # a new zoom places every card again, on the new pixel grid
    assert_cards_where_the_layout_puts_them(window)
    assert_on_pixel_grid(window, scene.card_items)
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert_cards_where_the_layout_puts_them(window)


def test_a_dragged_card_passes_over_the_cards_of_other_rows(qtbot, window: MainWindow):
    """A card is a child of its lane's row: while dragged, its row is lifted above the others,
    so the card is drawn (and hit) over the cards of the rows it passes."""
    from app.ui.items import Z_CARD, CardItem

    scene = window.scene
    card = window.journey_map.cards_in("beginner", "awareness", "touchpoints")[0]
    below = next(c for c in window.journey_map.cards if c.persona == "beginner" and c.lane != card.lane
                 and scene.layout.cards[c.id].rect.y > scene.layout.cards[card.id].rect.y)
    target = scene.layout.cards[below.id].rect
    start = card_center(window, card.id)
    end = viewport_point(window, target.x + target.w / 2, target.y + target.h / 2)
    start = card_center(window, card.id)
    qtbot.mousePress(window.canvas.viewport(), LEFT, pos=start)
    for i in range(1, 9):
        qtbot.mouseMove(window.canvas.viewport(), start + (end - start) * (i / 8))
    on_top = next(i for i in scene.items(window.canvas.mapToScene(end)) if isinstance(i, CardItem))
    assert on_top.card_id == card.id
    assert scene.card_items[card.id].parentItem().zValue() > scene.card_items[below.id].parentItem().zValue()
    qtbot.mouseRelease(window.canvas.viewport(), LEFT, pos=end)
    assert card.lane == below.lane and card.phase == below.phase
    assert all(row.zValue() == Z_CARD for row in scene.rows.values())
    assert_cards_where_the_layout_puts_them(window)
    window.undo_stack.undo()
    assert_cards_where_the_layout_puts_them(window)
