"""Structure edits (delete, move and duplicate phases, lanes and personas) keep the map whole.

Every edit is made the way the editor makes it (the window's actions, the scene's
move methods that the header bars call, the same StructureCommand on the document's
undo stack), on every phase, lane and persona of every sample map, and in random
sequences with undo and redo in between. After each step no card or emotion point
refers to something that is gone, the canvas shows exactly the current persona's
cards and points, and undo gives back the whole map exactly (``model_dump`` equal),
redo the state after the edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication, QMessageBox

from app import operations as ops
from app.model import load_map
from app.model.schema import map_problems
from app.operations.index import CardIndex
from app.ui.commands import StructureCommand
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLE_FILES

SAMPLE_IDS = [path.stem for path in SAMPLE_FILES]


@pytest.fixture
def window(qtbot) -> MainWindow:
    window = MainWindow()  # not shown: these tests check the model and the items, not pixels
    qtbot.addWidget(window)
    return window


def open_sample(window: MainWindow, path: Path) -> None:
    assert window.open_file(path)
    QApplication.processEvents()


# --- what must hold after every step ---------------------------------------------


def dangling_references(journey_map) -> list[str]:
    """Cards and emotion points that refer to a phase, lane or persona that is not in the map."""
    phases = {p.id for p in journey_map.phases}
    lanes = {lane.id: lane.kind for lane in journey_map.lanes}
    personas = {p.id for p in journey_map.personas}
    problems = []
    for card in journey_map.cards:
        if card.persona not in personas or card.phase not in phases or card.lane not in lanes:
            problems.append(f"card {card.id} -> ({card.persona}, {card.phase}, {card.lane})")
        elif lanes[card.lane] == "emotions":
            problems.append(f"card {card.id} sits in the emotion lane {card.lane}")
    for point in journey_map.emotions:
        if point.persona not in personas or point.phase not in phases:
            problems.append(f"emotion point -> ({point.persona}, {point.phase})")
    return problems


def assert_whole(window: MainWindow) -> None:
    """The map refers only to what exists, and the document's index and the canvas mirror it."""
    journey_map = window.journey_map
    assert dangling_references(journey_map) == []
    assert map_problems(journey_map) == []
    index, fresh = window.document.cards, CardIndex(journey_map)
    assert index.by_id.keys() == fresh.by_id.keys()
    scene = window.scene
    persona = scene.persona_id
    assert persona in {p.id for p in journey_map.personas}
    assert set(scene.card_items) == {c.id for c in journey_map.cards if c.persona == persona}
    assert set(scene.point_items) == {
        e.phase for e in journey_map.emotions if e.persona == persona
    } if scene.layout.emotion_lane else not scene.point_items
    assert [h.item_id for h in scene.phase_bar.headers] == [p.id for p in journey_map.phases]
    assert [h.item_id for h in scene.lane_bar.headers] == [lane.id for lane in journey_map.lanes]
    tabs = window.persona_tabs
    assert [tabs.tabData(i) for i in range(tabs.count())] == [p.id for p in journey_map.personas]


def do_undo_redo(window: MainWindow, edit: Callable[[], None], text: str) -> dict:
    """Make one edit (one command on the stack), check it, undo it, redo it; returns the map after."""
    stack = window.undo_stack
    before = window.journey_map.model_dump()
    depth = stack.index()
    edit()
    QApplication.processEvents()
    assert stack.count() == depth + 1 and stack.index() == depth + 1
    assert stack.undoText() == text
    after = window.journey_map.model_dump()
    assert_whole(window)
    stack.undo()
    QApplication.processEvents()
    assert window.journey_map.model_dump() == before
    assert_whole(window)
    stack.redo()
    QApplication.processEvents()
    assert window.journey_map.model_dump() == after
    assert_whole(window)
    return after


def ids(items) -> list[str]:
    return [item.id for item in items]


# --- each edit on everything of every sample ---------------------------------------


def delete_phase(window: MainWindow, phase_id: str) -> None:
    window.scene.set_current_cell((phase_id, window.journey_map.lanes[0].id))
    window.delete_phase_action.trigger()  # the question is answered Yes (the tests allow it)


def delete_lane(window: MainWindow, lane_id: str) -> None:
    window.scene.set_current_cell((window.journey_map.phases[0].id, lane_id))
    window.delete_lane_action.trigger()


def delete_persona(window: MainWindow, persona_id: str) -> None:
    window.set_current_persona(persona_id)
    window.delete_persona_action.trigger()


def duplicate_persona(window: MainWindow, persona_id: str) -> None:
    window.set_current_persona(persona_id)
    window.duplicate_persona_action.trigger()


def move_persona(window: MainWindow, persona_id: str, index: int) -> None:
    """The editor has no gesture for this yet: the StructureCommand a tab drag would push."""
    window.undo_stack.push(
        StructureCommand(window.document, lambda m: ops.move_item(m.personas, persona_id, index), "Move persona")
    )


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=SAMPLE_IDS)
def test_deleting_any_phase_lane_or_persona_takes_its_contents_and_undo_restores_exactly(
    window: MainWindow, path: Path, dialogs
):
    dialogs.allow("question", "Delete ")  # each delete says what goes with it; answered Yes
    open_sample(window, path)
    opened = window.journey_map.model_dump()
    for phase_id in ids(window.journey_map.phases):
        kept = [c.id for c in window.journey_map.cards if c.phase != phase_id]
        after = do_undo_redo(window, lambda phase_id=phase_id: delete_phase(window, phase_id), "Delete phase")
        assert phase_id not in ids(window.journey_map.phases)
        assert [c["id"] for c in after["cards"]] == kept  # only its cards went, the others keep their order
        assert not any(e.phase == phase_id for e in window.journey_map.emotions)
        window.undo_stack.undo()
    for lane_id in ids(window.journey_map.lanes):
        kept = [c.id for c in window.journey_map.cards if c.lane != lane_id]
        points = window.journey_map.model_dump()["emotions"]
        after = do_undo_redo(window, lambda lane_id=lane_id: delete_lane(window, lane_id), "Delete lane")
        assert lane_id not in ids(window.journey_map.lanes)
        assert [c["id"] for c in after["cards"]] == kept
        assert after["emotions"] == points  # emotion points belong to persona and phase, not to the lane
        window.undo_stack.undo()
    for persona_id in ids(window.journey_map.personas):
        kept = [c.id for c in window.journey_map.cards if c.persona != persona_id]
        do_undo_redo(window, lambda persona_id=persona_id: delete_persona(window, persona_id), "Delete persona")
        assert persona_id not in ids(window.journey_map.personas)
        assert ids(window.journey_map.cards) == kept
        assert not any(e.persona == persona_id for e in window.journey_map.emotions)
        window.undo_stack.undo()
    assert window.journey_map.model_dump() == opened


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=SAMPLE_IDS)
def test_moving_any_phase_lane_or_persona_anywhere_only_reorders_and_undo_restores_exactly(
    window: MainWindow, path: Path
):
    open_sample(window, path)
    journey_map = window.journey_map
    opened = journey_map.model_dump()
    cases = [
        ("phases", window.scene.move_phase, "Move phase"),
        ("lanes", window.scene.move_lane, "Move lane"),
        ("personas", lambda item_id, index: move_persona(window, item_id, index), "Move persona"),
    ]
    for field, move, text in cases:
        order = ids(getattr(journey_map, field))
        for item_id in order:
            for index in range(len(order)):
                if order.index(item_id) == index:
                    continue  # not a move
                expected = [i for i in order if i != item_id]
                expected.insert(index, item_id)
                after = do_undo_redo(window, lambda m=move, i=item_id, to=index: m(i, to), text)
                assert ids(getattr(journey_map, field)) == expected
                # Nothing but the order of that one list changed.
                assert {k: v for k, v in after.items() if k != field} == {
                    k: v for k, v in opened.items() if k != field
                }
                window.undo_stack.undo()
    assert journey_map.model_dump() == opened


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=SAMPLE_IDS)
def test_duplicating_any_persona_copies_its_journey_and_undo_restores_exactly(window: MainWindow, path: Path):
    open_sample(window, path)
    journey_map = window.journey_map
    opened = journey_map.model_dump()
    for persona_id in ids(journey_map.personas):
        source_cards = [c.model_dump(exclude={"id", "persona"}) for c in journey_map.cards if c.persona == persona_id]
        source_points = [e.model_dump(exclude={"persona"}) for e in journey_map.emotions if e.persona == persona_id]
        do_undo_redo(window, lambda persona_id=persona_id: duplicate_persona(window, persona_id),
                     "Duplicate persona")
        order = ids(journey_map.personas)
        copy_id = order[order.index(persona_id) + 1]
        copies = [c for c in journey_map.cards if c.persona == copy_id]
        assert [c.model_dump(exclude={"id", "persona"}) for c in copies] == source_cards
        assert len(set(ids(journey_map.cards))) == len(journey_map.cards)  # copies got their own ids
        assert [e.model_dump(exclude={"persona"}) for e in journey_map.emotions if e.persona == copy_id] \
            == source_points
        window.undo_stack.undo()
        assert copy_id not in ids(journey_map.personas)
    assert journey_map.model_dump() == opened


# --- random sequences -----------------------------------------------------------------


def random_edit(window: MainWindow, data: st.DataObject) -> None:
    journey_map = window.journey_map
    kinds = ["move phase", "move lane", "move persona", "duplicate persona"]
    if len(journey_map.phases) > 1:
        kinds.append("delete phase")
    if len(journey_map.lanes) > 1:
        kinds.append("delete lane")
    if len(journey_map.personas) > 1:
        kinds.append("delete persona")
    kind = data.draw(st.sampled_from(kinds), label="edit")
    if kind.endswith("phase"):
        item = data.draw(st.sampled_from(ids(journey_map.phases)), label="phase")
    elif kind.endswith("lane"):
        item = data.draw(st.sampled_from(ids(journey_map.lanes)), label="lane")
    else:
        item = data.draw(st.sampled_from(ids(journey_map.personas)), label="persona")
    if kind.startswith("move"):
        items = getattr(journey_map, kind.split()[1] + "s")
        index = data.draw(st.integers(0, len(items) - 1), label="to")
        if ids(items).index(item) == index:
            return
        move = {"phase": window.scene.move_phase, "lane": window.scene.move_lane,
                "persona": lambda i, to: move_persona(window, i, to)}[kind.split()[1]]
        move(item, index)
    else:
        {"delete phase": delete_phase, "delete lane": delete_lane, "delete persona": delete_persona,
         "duplicate persona": duplicate_persona}[kind](window, item)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), path=st.sampled_from(SAMPLE_FILES))
def test_random_structure_sequences_keep_the_map_whole_and_undo_all_of_it(
    window: MainWindow, dialogs, data, path: Path
):
    dialogs.allow("question", "Delete ")  # each delete says what goes with it; answered Yes
    if window.document.is_modified:  # a failed example left its edits: drop them, do not ask
        dialogs.answers.append(QMessageBox.StandardButton.Discard)
    open_sample(window, path)
    stack = window.undo_stack
    opened = load_map(path).model_dump()
    assert window.journey_map.model_dump() == opened
    states = [opened]  # the map after each command on the stack, by stack index
    for _ in range(data.draw(st.integers(1, 10), label="steps")):
        action = data.draw(st.sampled_from(["edit", "edit", "undo", "redo"]), label="action")
        if action == "undo" and stack.canUndo():
            stack.undo()
        elif action == "redo" and stack.canRedo():
            stack.redo()
        elif action == "edit":
            depth = stack.index()
            random_edit(window, data)
            if stack.index() != depth:  # a move to where the item is pushes nothing
                assert stack.index() == depth + 1 and stack.count() == depth + 1
                del states[depth + 1:]
                states.append(window.journey_map.model_dump())
        QApplication.processEvents()
        assert_whole(window)
        assert window.journey_map.model_dump() == states[stack.index()]
    while stack.canRedo():
        stack.redo()
    final = window.journey_map.model_dump()
    assert final == states[-1]
    while stack.canUndo():
        stack.undo()
        assert window.journey_map.model_dump() == states[stack.index()]
    assert_whole(window)
    assert window.journey_map.model_dump() == opened
    while stack.canRedo():
        stack.redo()
    assert window.journey_map.model_dump() == final
    while stack.canUndo():
        stack.undo()
    assert stack.isClean()
