"""One registry of actions: every command is declared once, and the menus, the toolbar, the context
menus and the F1 list are built from it; a language switch re-reads every text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QToolBar

from app import i18n
from app.ui.actions import ACTIONS, MENUS, TOOLBAR
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, sample_path: Path) -> MainWindow:
    window = MainWindow(path=str(sample_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_actions(window: MainWindow) -> list[QAction]:
    return [action for top in window.menuBar().actions() for action in top.menu().actions()]


def test_every_declared_action_is_in_a_menu_and_every_menu_entry_is_declared(window: MainWindow):
    declared = {spec.id for spec in ACTIONS}
    placed = {entry for _title, entries in MENUS for entry in entries if entry and not entry.startswith("@")}
    assert placed == declared  # nothing declared that no menu offers, nothing offered that is not declared
    registry = window.action_registry
    shown = set(map(id, menu_actions(window)))
    for action_id in declared:
        assert id(registry.action(action_id)) in shown, action_id
        assert getattr(window, f"{action_id}_action") is registry.action(action_id)  # the scripting names
    tools = [a for a in window.findChild(QToolBar).actions() if not a.isSeparator()]
    wanted = [entry for entry in TOOLBAR if entry is not None]
    assert len(tools) == len(wanted)
    for tool, entry in zip(tools, wanted, strict=True):
        if not entry.startswith("@"):
            assert tool is registry.action(entry)


def test_keys_come_from_the_declarations(window: MainWindow):
    from app.ui.actions import key_sequences

    for spec in ACTIONS:
        assert window.action_registry.action(spec.id).shortcuts() == key_sequences(*spec.keys), spec.id


def test_actions_that_need_selected_cards_follow_the_selection(window: MainWindow):
    needing = [spec.id for spec in ACTIONS if spec.enabled_when == "selection"]
    assert set(needing) == {"cut", "copy", "duplicate", "delete"}
    scene = window.scene
    scene.clearSelection()
    QApplication.processEvents()
    assert not any(window.action_registry.action(i).isEnabled() for i in needing)
    scene.select_cards([window.journey_map.cards[0].id])
    QApplication.processEvents()
    assert all(window.action_registry.action(i).isEnabled() for i in needing)


def test_a_language_switch_rereads_every_action_menu_and_f1_text(window: MainWindow):
    i18n.set_language(i18n.PSEUDO_LANGUAGE)  # every translated text comes back as ⟦text⟧
    window.retranslate()
    titles = [top.text() for top in window.menuBar().actions()]
    assert titles == [f"⟦{title}⟧" for title, _entries in MENUS]
    for spec in ACTIONS:
        if spec.id not in ("undo", "redo"):  # these show the step's name, from the undo stack
            assert window.action_registry.action(spec.id).text() == f"⟦{spec.text}⟧", spec.id
    rows = dict((what, keys) for keys, what in window.shortcut_list())
    assert "⟦Save⟧" in rows and "⟦Add Card⟧" in rows
    assert window.undo_action.text() == "⟦&Undo⟧"
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    window.retranslate()
    assert window.save_action.text() == "&Save"


def test_the_context_menu_offers_the_declared_actions(window: MainWindow):
    card = window.journey_map.cards[0]
    menu = window.context_menu("card", card.id)
    offered = set(map(id, menu.actions()))
    for action_id in ("duplicate", "copy", "cut", "delete"):
        assert id(window.action_registry.action(action_id)) in offered, action_id


# --- modes and views that only show (issue 13: views only show, the controller changes) -----------------


def test_a_read_only_second_view_shows_every_change_and_makes_none(qtbot, window: MainWindow):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    from app.ui.view import CanvasView

    audience = CanvasView(window.scene, read_only=True)
    qtbot.addWidget(audience)
    audience.resize(900, 600)
    audience.show()
    qtbot.waitExposed(audience)
    stack, scene = window.undo_stack, window.scene
    before = window.journey_map.model_dump()
    cell = scene.layout.cells[("awareness", "touchpoints")]
    spot = audience.mapFromScene(QPointF(cell.x + cell.w / 2, cell.bottom - 6))
    QTest.mouseDClick(audience.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    scene.set_current_cell(("awareness", "touchpoints"))
    scene.select_cards([scene.layout.cell_cards[("awareness", "touchpoints")][0]])
    audience.setFocus()
    for key in (Qt.Key.Key_A, Qt.Key.Key_Delete, Qt.Key.Key_Return):
        QTest.keyClick(audience, key)
    QTest.keyClick(audience, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert scene.editor is None and stack.count() == 0 and window.journey_map.model_dump() == before
    card_id = scene.add_card("awareness", "touchpoints", "Seen on the second screen")  # the editor's view edits
    assert stack.count() == 1
    item = next(i for i in audience.items() if getattr(i, "card_id", None) == card_id)  # same scene, shown there
    assert item.isVisible()


def test_a_mode_that_allows_no_changes_refuses_every_gesture_and_says_so(window: MainWindow):
    from app.ui.controller import EditingMode, Mode

    scene, stack = window.scene, window.undo_stack
    messages: list[str] = []
    scene.message.connect(messages.append)
    scene.controller.set_mode(Mode())  # presenting: everything shows, nothing changes
    before = window.journey_map.model_dump()
    scene.add_card("awareness", "touchpoints", "Not now")
    scene.select_cards([window.journey_map.cards[0].id])
    scene.delete_selected()
    scene.move_selected_by(1, 0)
    scene.controller.add_phase("Later")
    assert window.journey_map.model_dump() == before and stack.count() == 0
    assert messages and messages[-1] == "The map is only shown now: nothing can be changed."
    scene.controller.set_mode(EditingMode())
    scene.add_card("awareness", "touchpoints", "Now")
    assert stack.count() == 1


def test_the_panels_edit_through_the_controller_so_its_mode_decides(qtbot, window: MainWindow):
    """The Inspector and the persona dock are views too: a mode that allows nothing refuses their edits."""
    from app.ui.controller import EditingMode, Mode

    scene, stack, journey_map = window.scene, window.undo_stack, window.journey_map
    card = journey_map.cards_in(scene.persona_id, "awareness", "touchpoints")[0]
    persona = journey_map.persona(scene.persona_id)
    scene.select_cards([card.id])
    messages: list[str] = []
    scene.message.connect(messages.append)
    scene.controller.set_mode(Mode())
    before = journey_map.model_dump()
    qtbot.keyClicks(window.inspector.card_owner, "X")
    window.inspector.card_severity.setCurrentIndex(4)
    window.persona_dock.goals.setPlainText("Refused goal")
    qtbot.keyClicks(window.persona_dock.role, "Y")
    assert journey_map.model_dump() == before and stack.count() == 0
    assert len(messages) == 4
    # each panel shows the value that stayed
    assert window.inspector.card_owner.text() == (card.owner or "")
    assert window.inspector.card_severity.currentIndex() != 4
    assert window.persona_dock.goals.toPlainText() == "\n".join(persona.goals)
    assert window.persona_dock.role.text() == persona.role

    owner, role = card.owner, persona.role
    scene.controller.set_mode(EditingMode())
    for field, text in ((window.inspector.card_owner, "Brand team"), (window.persona_dock.role, "Night-shift nurse")):
        field.selectAll()
        qtbot.keyClicks(field, text)  # typing: one undo step per field
    assert (card.owner, persona.role) == ("Brand team", "Night-shift nurse") and stack.count() == 2
    stack.undo()
    stack.undo()
    assert (card.owner, persona.role) == (owner, role)
