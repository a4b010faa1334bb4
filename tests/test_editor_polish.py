"""What a facilitator tripped over: redo keys, F1, the status bar, pasted lists, delete questions, focus, F11."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QToolBar

from app.ui.commands import RemoveCardsCommand
from app.ui.main_window import MainWindow
from tests.conftest import run_on_x_server

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def bound_keys(window: MainWindow) -> Counter:
    """Every key sequence of every action the window (its menus, canvas and docks) answers to."""
    actions = {id(a): a for a in window.findChildren(QAction)}
    for widget in (window.canvas, window):
        actions.update({id(a): a for a in widget.actions()})
    return Counter(k.toString() for a in actions.values() for k in a.shortcuts() if not k.isEmpty())


def test_no_key_sequence_is_bound_twice(window: MainWindow):
    twice = {key: n for key, n in bound_keys(window).items() if n > 1}
    assert twice == {}
    redo = {k.toString() for k in window.redo_action.shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= redo


X11_SCRIPT = r"""
import json, sys
from collections import Counter
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from app.ui.application import create_application
from app.ui.commands import RemoveCardsCommand
from app.ui.main_window import MainWindow

app = create_application()
window = MainWindow(path=sys.argv[1])
window.show()
QTest.qWaitForWindowExposed(window)
window.activateWindow()
QTest.qWaitForWindowActive(window)
window.canvas.setFocus()
actions = {id(a): a for a in window.findChildren(QAction)}
keys = Counter(k.toString() for a in actions.values() for k in a.shortcuts() if not k.isEmpty())
results = {"twice": [k for k, n in keys.items() if n > 1], "redo": {}}
for combo in ("Ctrl+Shift+Z", "Ctrl+Y"):
    window.scene.add_card("awareness", "actions", "Typed on X11")
    window.undo_stack.undo()
    before = window.undo_stack.index()
    modifiers = Qt.KeyboardModifier.ControlModifier
    if "Shift" in combo:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.canvas, getattr(Qt.Key, "Key_" + combo[-1]), modifiers)
    app.processEvents()
    results["redo"][combo] = window.undo_stack.index() - before
window.undo_stack.setClean()
print(json.dumps(results))
"""


def test_redo_keys_work_under_x11s_key_scheme(x_server: str, sample_path: Path):
    found, stderr = run_on_x_server(x_server, X11_SCRIPT, str(sample_path), timeout=60)
    assert found["twice"] == []
    assert found["redo"] == {"Ctrl+Shift+Z": 1, "Ctrl+Y": 1}
    assert "Ambiguous shortcut" not in stderr


def test_f1_lists_every_action_with_keys(window: MainWindow, dialogs):
    listed = window.shortcut_list()
    keys_shown = " ".join(keys for keys, _what in listed)
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            for key in action.shortcuts():
                assert key.toString(QKeySequence.SequenceFormat.NativeText) in keys_shown, action.text()
    for key in ("Ctrl+2", "Ctrl+S", "Ctrl+E", "F11", "Ctrl+Shift+N"):
        assert key in keys_shown
    assert any("blocks the journey" in what for _keys, what in listed)  # what severity 5 means
    dialogs.expect("information", "Keyboard shortcuts")
    QTest.keyClick(window.canvas, Qt.Key.Key_F1)
    assert "Ctrl+E" in dialogs.messages[-1][1]


def status_counts(window: MainWindow) -> tuple[int, int]:
    words = window.status_label.text().split()
    return int(words[0]), int(words[words.index("·") + 1])


def actual_counts(window: MainWindow) -> tuple[int, int]:
    cards = window.journey_map.cards
    return sum(1 for c in cards if c.persona == window.current_persona_id), len(cards)


def test_the_status_bar_follows_every_persona_switch_and_structure_edit(window: MainWindow, dialogs):
    dialogs.allow("question", "Delete ")
    assert status_counts(window) == actual_counts(window)
    for persona in [p.id for p in window.journey_map.personas]:
        window.set_current_persona(persona)
        assert status_counts(window) == actual_counts(window)
    dialogs.answers.append("Empty persona")
    window.add_persona_action.trigger()
    assert status_counts(window) == actual_counts(window) and status_counts(window)[0] == 0
    window.set_current_persona(window.journey_map.personas[0].id)
    window.scene.set_current_cell(("awareness", "touchpoints"))
    for action in (window.delete_phase_action, window.delete_lane_action):
        action.trigger()
        assert status_counts(window) == actual_counts(window)
        window.undo_stack.undo()
        assert status_counts(window) == actual_counts(window)
        window.scene.set_current_cell(("awareness", "touchpoints"))
    QTest.keyClick(window.canvas, Qt.Key.Key_PageDown, CTRL)
    assert status_counts(window) == actual_counts(window)


def test_paste_into_a_cell_makes_cards_without_list_marks(window: MainWindow):
    window.scene.set_current_cell(("awareness", "touchpoints"))
    mime = QMimeData()
    mime.setText("- Flyer\n• Radio spot\n1. Podcast")
    assert window.scene.paste(mime) == 3
    texts = [c.text for c in window.journey_map.cards_in(window.current_persona_id, "awareness", "touchpoints")]
    assert texts[-3:] == ["Flyer", "Radio spot", "Podcast"]


def test_a_delete_names_the_cards_of_each_persona_with_the_right_plural(window: MainWindow, dialogs):
    journey_map = window.journey_map
    lane = "touchpoints"
    others = {c.id for c in journey_map.cards if c.lane == lane}
    others.discard(next(iter(sorted(others))))
    window.undo_stack.push(RemoveCardsCommand(window.document, others, "Keep one"))
    assert sum(1 for c in journey_map.cards if c.lane == lane) == 1
    window.scene.set_current_cell(("awareness", lane))
    dialogs.answers.append(QMessageBox.StandardButton.No)
    window.delete_lane_action.trigger()
    lane_name = journey_map.lane(lane).name
    assert dialogs.messages[-1][1] == f"Delete: Delete lane “{lane_name}”? 1 card goes with it."
    dialogs.answers.append(QMessageBox.StandardButton.No)
    window.delete_phase_action.trigger()
    asked = dialogs.messages[-1][1]
    total = sum(1 for c in journey_map.cards if c.phase == "awareness")
    assert f"? {total} cards go with it (" in asked and "(s)" not in asked
    for persona in journey_map.personas:
        n = sum(1 for c in journey_map.cards if c.phase == "awareness" and c.persona == persona.id)
        assert (f"{persona.name}: {n}" in asked) == bool(n)


def test_after_a_structure_edit_typing_captures_again(window: MainWindow, dialogs):
    window.persona_dock.setFocus()
    dialogs.answers.append("Walk-in customer")
    window.add_persona_action.trigger()
    assert QApplication.focusWidget() is window.canvas or window.canvas.hasFocus()
    window.scene.set_current_cell(("awareness", "touchpoints"))
    QTest.keyClicks(window.canvas, "Q")
    assert window.scene.editor is not None


def test_typing_into_the_emotion_lane_says_what_it_holds(window: MainWindow):
    emotion_lane = next(lane.id for lane in window.journey_map.lanes if lane.kind == "emotions")
    window.scene.set_current_cell(("awareness", emotion_lane))
    window.canvas.setFocus()
    QTest.keyClicks(window.canvas, "x")
    assert window.scene.editor is None
    assert "holds points, not cards" in window.statusBar().currentMessage()


def test_add_card_action_starts_a_card_in_the_current_cell(window: MainWindow):
    window.scene.set_current_cell(("purchase", "pain-points"))
    QTest.keyClick(window.canvas, Qt.Key.Key_N, CTRL | SHIFT)
    assert window.scene.editor is not None
    QTest.keyClicks(window.canvas, "Slow checkout")
    QTest.keyClick(window.canvas, Qt.Key.Key_Return)
    texts = [c.text for c in window.journey_map.cards_in(window.current_persona_id, "purchase", "pain-points")]
    assert texts[-1] == "Slow checkout"


def test_severity_steps_are_explained_in_the_inspector(window: MainWindow):
    combo = window.inspector.card_severity
    assert [combo.itemText(i) for i in range(combo.count())][-1].endswith("blocks the journey")
    assert "5 = blocks the journey" in combo.toolTip()


def test_f11_toggles_full_screen(qtbot, window: MainWindow):
    QTest.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.full_screen_action.isChecked()
    QTest.keyClick(window.canvas, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not window.full_screen_action.isChecked()


def assert_fitted_from_top_left(window: MainWindow) -> None:
    view = window.canvas
    QApplication.processEvents()
    hbar, vbar = view.horizontalScrollBar(), view.verticalScrollBar()
    assert hbar.maximum() == 0, "fit width leaves no horizontal scrolling"
    assert vbar.value() == vbar.minimum(), "the first lanes are in sight"
    shown = window.scene.sceneRect().width() * view.transform().m11()
    assert view.viewport().width() - 2 <= shown <= view.viewport().width() + 0.5, "the map fills the width"
    grid_right = view.mapFromScene(QPointF(window.scene.layout.width, 0)).x()
    assert grid_right >= view.viewport().width() - 12 * view.transform().m11() - 2, "no strip of empty canvas"


def test_every_way_a_map_comes_up_shows_it_fitted_from_its_top_left(qtbot, window: MainWindow, sample_path: Path,
                                                                   dialogs, monkeypatch):
    assert_fitted_from_top_left(window)  # opened with the window
    window.canvas.set_zoom(1.0)
    window.canvas.verticalScrollBar().setValue(window.canvas.verticalScrollBar().maximum() // 2)
    QTest.keyClick(window.canvas, Qt.Key.Key_2, CTRL)  # Ctrl+2 from the middle at 100 %
    assert_fitted_from_top_left(window)
    window.canvas.verticalScrollBar().setValue(window.canvas.verticalScrollBar().maximum())
    assert window.open_file(sample_path)  # opened again
    assert_fitted_from_top_left(window)
    dialogs.answers.append(QMessageBox.StandardButton.Discard)
    window.new_file()  # a new, untitled map
    assert_fitted_from_top_left(window)
    fresh = MainWindow()  # a start with no file
    qtbot.addWidget(fresh)
    fresh.resize(1366, 768)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert_fitted_from_top_left(fresh)


def test_a_window_maximised_after_opening_stays_fitted_until_the_user_zooms(qtbot, window: MainWindow):
    assert_fitted_from_top_left(window)
    window.resize(1920, 1080)  # maximised right after the open
    qtbot.waitUntil(lambda: window.canvas.viewport().width() > 1500)
    assert_fitted_from_top_left(window)
    QTest.keyClick(window.canvas, Qt.Key.Key_Plus, CTRL)
    zoom = window.canvas.zoom
    window.resize(1400, 900)
    qtbot.waitUntil(lambda: window.canvas.viewport().width() < 1500)
    assert window.canvas.zoom == zoom  # a zoom the user chose stays


def test_toolbar_buttons_keep_their_place_whatever_the_undo_step_is_called(window: MainWindow, dialogs):
    toolbar = window.findChild(QToolBar, "main-toolbar")
    buttons = [toolbar.widgetForAction(a) for a in toolbar.actions() if not a.isSeparator()]

    def geometry() -> list[tuple[int, int]]:
        QApplication.processEvents()
        return [(b.x(), b.width()) for b in buttons]

    before = geometry()
    assert not window.undo_tool.isEnabled()
    window.scene.add_card("awareness", "actions", "A card")
    after_add = geometry()
    dialogs.answers.append("A much longer name for the first phase of this journey")
    window.scene.set_current_cell(("awareness", "actions"))
    window.rename_phase("awareness")
    assert geometry() == after_add == before
    assert window.undo_tool.isEnabled() and window.undo_tool.text() == "Undo"
    assert "Rename phase" in window.undo_tool.toolTip()
    window.undo_tool.trigger()
    assert window.journey_map.phase("awareness").name != "A much longer name for the first phase of this journey"
    assert window.redo_tool.isEnabled()
    window.redo_tool.trigger()
    assert window.journey_map.phase("awareness").name.startswith("A much longer")


def test_the_rename_dialog_is_wide_enough_for_its_title(window: MainWindow, dialogs, monkeypatch):
    shown = []
    stubbed = QDialog.exec

    def record(dialog):
        shown.append((dialog.windowTitle(), dialog.minimumWidth(), dialog.fontMetrics().horizontalAdvance(
            dialog.windowTitle())))
        return stubbed(dialog)

    monkeypatch.setattr(QInputDialog, "exec", record, raising=False)
    dialogs.answers.append("Entdeckung")
    window.rename_phase("awareness")
    (title, width, needed), = shown
    assert title == "Rename phase" and width >= needed + 120
    assert window.journey_map.phase("awareness").name == "Entdeckung"


def test_a_large_png_reports_progress_in_strips_and_cancel_leaves_no_file(window: MainWindow, tmp_path: Path):
    from app.export import ExportError
    from app.ui.image_export import export_png, export_svg

    seen = []

    def record(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    out = tmp_path / "poster.png"
    export_png(window.document, [window.current_persona_id], out, 300, record)
    assert out.read_bytes().startswith(b"\x89PNG")
    totals = {total for _done, total in seen if total > 1}
    assert len(totals) == 1 and totals.pop() > 3  # drawn in strips, each reported
    assert [done for done, total in seen if total > 1] == sorted(done for done, total in seen if total > 1)
    assert seen[-1] == (1, 1)
    cancelled = tmp_path / "cancelled.png"
    with pytest.raises(ExportError, match="cancelled"):
        export_png(window.document, [window.current_persona_id], cancelled, 300, lambda done, total: done < 2)
    assert not cancelled.exists()
    seen.clear()
    export_svg(window.document, [p.id for p in window.journey_map.personas], tmp_path / "map.svg", record)
    assert seen[-1] == (1, 1) and len(seen) == len(window.journey_map.personas) + 1


def test_the_editors_image_export_shows_progress_with_cancel(window: MainWindow, tmp_path: Path, monkeypatch):
    from PySide6.QtWidgets import QProgressDialog

    from app.ui.export_dialog import ExportRequest

    shown = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: shown.append(self.maximum()) or len(shown) > 2)
    request = ExportRequest(kind="png", path=tmp_path / "big.png", personas=[window.current_persona_id], dpi=300)
    assert not window.export(request)  # cancelled on the third strip
    assert not request.path.exists() and max(shown) > 3
    assert QApplication.overrideCursor() is None
    shown.clear()
    workbook = ExportRequest(kind="xlsx", path=tmp_path / "map.xlsx")
    assert not window.export(workbook)  # the workbook reports its sheets too, and stops on Cancel
    # a step per persona sheet, then Overview, Cards, Emotions, Pain points, Opportunities, and the saving
    assert not workbook.path.exists() and max(shown) == len(window.journey_map.personas) + 6


def right_click(window: MainWindow, scene_x: float, scene_y: float) -> None:
    from PySide6.QtGui import QContextMenuEvent

    viewport = window.canvas.viewport()
    local = window.canvas.mapFromScene(scene_x, scene_y)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, local,
                                                       viewport.mapToGlobal(local)))


def test_right_click_menus_act_on_cards_cells_and_headers(window: MainWindow, dialogs):
    layout = window.scene.layout
    card_id = layout.cell_cards[("awareness", "touchpoints")][0]
    box = layout.cards[card_id].rect  # the map is fitted to the width from its top: the first lanes are in view
    dialogs.answers.append("Severity/4 – makes people give up")
    right_click(window, box.x + box.w / 2, box.y + box.h / 2)
    kind, entries = dialogs.messages[-1]
    assert kind == "menu" and "Move to Phase/Consideration" in entries and "Moment of Truth" in entries
    assert window.journey_map.card(card_id).severity == 4 and window.undo_stack.undoText() == "Edit card"
    dialogs.answers.append("Move to Phase/Purchase")
    right_click(window, box.x + box.w / 2, box.y + box.h / 2)
    moved = window.journey_map.card(card_id)
    assert (moved.phase, moved.lane) == ("purchase", "touchpoints")
    window.undo_stack.undo()
    assert window.journey_map.card(card_id).phase == "awareness"
    # An empty spot of a cell: add a card right there.
    cell = layout.cells[("consideration", "thoughts")]
    dialogs.answers.append("Add Card Here")
    right_click(window, cell.x + cell.w / 2, cell.bottom - 4)
    assert window.scene.editor is not None and window.scene.current_cell == ("consideration", "thoughts")
    window.scene.cancel_editing()
    # A phase header: delete that phase (the question is answered No), rename it.
    header = next(h for h in layout.phase_headers if h.item_id == "retention")
    dialogs.answers += ["Delete Phase", QMessageBox.StandardButton.No]
    right_click(window, header.rect.x + header.rect.w / 2, window.canvas.mapToScene(0, 10).y())
    assert "Delete phase “Retention”?" in dialogs.messages[-1][1]
    assert "retention" in [p.id for p in window.journey_map.phases]
    menu = window.context_menu("lane", "thoughts")
    assert menu.actions()[0].text().startswith("Rename Lane")
    dialogs.answers.append("Customer thoughts")
    menu.actions()[0].trigger()
    assert window.journey_map.lane("thoughts").name == "Customer thoughts"


def test_hovering_an_empty_part_of_a_cell_shows_where_a_card_would_go(qtbot, window: MainWindow):
    scene, viewport = window.scene, window.canvas.viewport()
    layout = scene.layout

    def hover(x: float, y: float) -> bool:
        """A pointer move with no button held (QTest.mouseMove may carry a button state from earlier tests)."""
        from PySide6.QtGui import QMouseEvent

        local = QPointF(window.canvas.mapFromScene(x, y))
        QApplication.sendEvent(viewport, QMouseEvent(QEvent.Type.MouseMove, local, viewport.mapToGlobal(local),
                                                     Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                     Qt.KeyboardModifier.NoModifier))
        return scene.add_hint.isVisible()

    cell = layout.cells[("awareness", "touchpoints")]
    spot = scene.new_card_spot(("awareness", "touchpoints"))
    assert hover(cell.x + cell.w / 2, cell.bottom - 6)
    assert scene.add_hint.text() == "+ card"
    assert abs(scene.add_hint.y() - spot.y()) < 20 and cell.x < scene.add_hint.x() < cell.right
    card = layout.cards[layout.cell_cards[("awareness", "touchpoints")][0]].rect
    assert not hover(card.x + card.w / 2, card.y + card.h / 2)  # over a card
    emotions = next(lane.id for lane in window.journey_map.lanes if lane.kind == "emotions")
    feelings = layout.cells[("awareness", emotions)]
    window.canvas.ensureVisible(feelings.x, feelings.y, feelings.w, feelings.h)
    assert not hover(feelings.x + feelings.w - 10, feelings.bottom - 6)  # the emotion lane holds no cards
    QApplication.sendEvent(viewport, QEvent(QEvent.Type.Leave))  # the pointer leaves the canvas
    assert not scene.add_hint.isVisible()


@pytest.mark.parametrize("zoom", [0.6, 0.89, 1.0, 1.37])
def test_the_emotion_axis_labels_keep_their_signs_at_every_zoom(qtbot, window: MainWindow, zoom: float):
    """No score line runs into its label: a dotted line through "\N{MINUS SIGN}2" hid the minus at 89 %."""
    from app.layout import emotion_axis

    scene, canvas = window.scene, window.canvas
    canvas.set_zoom(zoom)
    lane = next(rect for (_phase, lane), rect in scene.layout.cells.items() if lane == scene.layout.emotion_lane)
    canvas.ensureVisible(lane.x, lane.y, 10, lane.h, 0, 0)
    canvas.horizontalScrollBar().setValue(0)
    QApplication.processEvents()
    axis = emotion_axis(scene.layout, scene.style, scene.metrics)
    image = canvas.viewport().grab().toImage()
    for _score, _text, rect in axis.labels:
        row = canvas.mapFromScene(QPointF(rect.x, rect.y + rect.h / 2)).y()
        left = canvas.mapFromScene(QPointF(lane.x, 0)).x() + 1
        label_left = canvas.mapFromScene(QPointF(rect.x, 0)).x() - 1
        label_right = canvas.mapFromScene(QPointF(rect.right, 0)).x() + 1
        lines_left = canvas.mapFromScene(QPointF(axis.lines_left, 0)).x() - 1  # antialiasing
        background = image.pixelColor(left, row - 2 * int(rect.h))
        gaps = [*range(left, label_left), *range(label_right + 1, lines_left - 1)]
        assert gaps and all(image.pixelColor(x, row) == background for x in gaps), (zoom, _text)
        right_of = canvas.mapFromScene(QPointF(axis.lines_left + 40, 0)).x()
        assert any(image.pixelColor(x, row) != background for x in range(lines_left + 2, right_of))  # the line


@pytest.mark.parametrize("zoom", [None, 0.3, 0.5, 0.89, 1.0, 1.37, 2.0])
def test_the_phase_headers_end_clean_at_every_zoom(qtbot, window: MainWindow, zoom: float | None):
    """Right of the last phase header comes the canvas, at most one blended pixel on: no light or grey
    line (the divider after the last header stuck out of it, and cells scrolled under the bar showed
    the grid's right border there)."""
    from PySide6.QtGui import QColor

    from app.layout import palette

    canvas, layout = window.canvas, window.scene.layout
    if zoom is not None:
        canvas.set_zoom(zoom)
    for scrolled in (0, 150):  # the headers over their own row, and pinned over cells scrolled under them
        canvas.verticalScrollBar().setValue(scrolled)
        canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().maximum())
        QApplication.processEvents()
        image = canvas.viewport().grab().toImage()
        row = int(layout.phase_headers[-1].rect.h * canvas.transform().m11() / 2)
        end = canvas.mapFromScene(QPointF(layout.width, 0)).x()
        background = image.pixelColor(image.width() - 2, row)
        fill = QColor(palette.HEADER_FILL)
        pixels = [image.pixelColor(x, row) for x in range(end - 4, min(end + 8, image.width() - 1))]
        assert pixels[0] == fill, (zoom, scrolled)
        last_fill = max(i for i, color in enumerate(pixels) if color == fill)
        after = pixels[last_fill + 1:]
        assert after[1:] and all(color == background for color in after[1:]), (
            zoom, scrolled, [color.name() for color in pixels])


def test_long_texts_in_the_docks_are_shown_from_their_start(window: MainWindow):
    """A persona's role or a map title too long for its field reads from its first word, for every
    persona shown, not scrolled to its end."""
    from PySide6.QtWidgets import QLineEdit

    window.inspector.map_title.setMinimumWidth(0)
    for persona in window.journey_map.personas:
        window.set_current_persona(persona.id)
        QApplication.processEvents()
        fields = [w for w in window.persona_dock.findChildren(QLineEdit) if w.text()]
        fields.append(window.inspector.map_title)
        assert window.persona_dock.role.text() == persona.role
        for field in fields:
            assert field.cursorPosition() == 0, (persona.name, field.text())
    role = window.persona_dock.role
    role.setFocus()
    role.end(False)
    QTest.keyClicks(role, " and more")  # typing is not disturbed: the cursor stays where the user types
    assert role.text().endswith(" and more") and role.cursorPosition() == len(role.text())


def test_at_first_start_the_docks_leave_a_laptop_screen_to_the_canvas(qtbot):
    """No saved layout yet: on a 1366 x 768 window the docks take at most a quarter of it (their natural
    width took 28 %) and the Inspector still fits its fields without a horizontal scroll bar."""
    from PySide6.QtWidgets import QScrollArea

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    for dock in (window.inspector, window.persona_dock):
        assert 280 <= dock.width() <= 1366 // 4, dock.windowTitle()
        for area in dock.findChildren(QScrollArea):
            assert not area.horizontalScrollBar().isVisible(), dock.windowTitle()
    assert window.canvas.width() >= 1366 * 0.7


def test_paste_with_an_empty_clipboard_does_nothing(window: MainWindow, monkeypatch):
    """Nothing copied yet in this session: the clipboard has no data at all (found while voting)."""
    monkeypatch.setattr(QApplication.clipboard(), "mimeData", lambda *_a: None)
    before, steps = window.journey_map.model_dump_json(), window.undo_stack.count()
    window.paste_action.trigger()
    assert window.journey_map.model_dump_json() == before and window.undo_stack.count() == steps
