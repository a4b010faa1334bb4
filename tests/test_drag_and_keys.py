"""Drags land where the drop line showed, and Ctrl+arrows keep cards in the card lanes of the grid.

Driven with real mouse and key events on the canvas. While a header or a card is
dragged, the test reads where the scene draws its drop line, releases, and checks
that the model's new order is the one the line showed, for moves in both
directions. Ctrl+arrows are pressed on a card in every cell, in every direction,
with the emotion lane in the middle, at the top, at the bottom, and twice.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from app import operations as ops
from app.model import Lane
from app.model.schema import map_problems
from app.ui.commands import StructureCommand
from app.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(shown_window: MainWindow) -> MainWindow:
    return shown_window


def show_all(window: MainWindow) -> None:
    window.canvas.fit_map()
    QApplication.processEvents()


def to_view(window: MainWindow, x: float, y: float) -> QPoint:
    point = window.canvas.mapFromScene(QPointF(x, y))
    assert window.canvas.viewport().rect().contains(point), "the test point must be in view"
    return point


def press_and_move(qtbot, window: MainWindow, start: QPoint, end: QPoint, steps: int = 6) -> None:
    viewport = window.canvas.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (i / steps))


def ids(items) -> list[str]:
    return [item.id for item in items]


def moved(order: list[str], item: str, gap: int) -> list[str]:
    """The order after putting ``item`` into the gap ``gap`` (0..n) of ``order`` as it was."""
    rest = [i for i in order if i != item]
    rest.insert(gap - 1 if gap > order.index(item) else gap, item)
    return rest


# --- header drags --------------------------------------------------------------------


def header_gap_under_line(bar) -> int:
    """Which gap between headers the bar's drop line is drawn in (0 = before the first)."""
    assert bar.drop_at is not None, "a drop line is drawn while a header is dragged"
    edges = [bar._span(h)[0] for h in bar.headers] + [sum(bar._span(bar.headers[-1]))]
    assert any(abs(bar.drop_at - edge) < 1e-6 for edge in edges), "the line sits on an edge between headers"
    return min(range(len(edges)), key=lambda i: abs(edges[i] - bar.drop_at))


def drag_header(qtbot, window: MainWindow, horizontal: bool, source: int, to: float) -> int:
    """Drag header ``source`` to ``to`` (a scene coordinate along the bar); returns the gap the line showed."""
    scene = window.scene
    bar = scene.phase_bar if horizontal else scene.lane_bar
    rect = bar.headers[source].rect
    offset = bar.pos()
    if horizontal:
        y = offset.y() + rect.y + min(12.0, rect.h / 2)
        start = to_view(window, offset.x() + rect.x + rect.w / 2, y)
        end = to_view(window, offset.x() + to, y)
    else:
        x = offset.x() + rect.x + min(40.0, rect.w / 2)
        start = to_view(window, x, offset.y() + rect.y + rect.h / 2)
        end = to_view(window, x, offset.y() + to)
    press_and_move(qtbot, window, start, end)
    gap = header_gap_under_line(bar)
    qtbot.mouseRelease(window.canvas.viewport(), LEFT, pos=end)
    assert bar.drop_at is None  # the line is gone after the drop
    return gap


def targets_along(bar, visible: tuple[float, float]) -> list[float]:
    """Points a quarter and three quarters into each header in view, and just past the last one."""
    points = []
    for header in bar.headers:
        start, length = bar._span(header)
        points += [start + length / 4, start + 3 * length / 4]
    start, length = bar._span(bar.headers[-1])
    points.append(start + length + 6)
    low, high = visible
    return [p for p in points if low + 2 < p < high - 2]


def check_header_drags(qtbot, window: MainWindow, horizontal: bool, sources: list[int]) -> int:
    scene = window.scene
    bar = scene.phase_bar if horizontal else scene.lane_bar
    field = "phases" if horizontal else "lanes"
    stack = window.undo_stack
    tried = 0
    for source in sources:
        view = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
        along = bar.pos().x() if horizontal else bar.pos().y()
        low, high = (view.left(), view.right()) if horizontal else (view.top(), view.bottom())
        visible = (low - along, high - along)
        for to in targets_along(bar, visible):
            order = ids(getattr(window.journey_map, field))
            item = order[source]
            depth = stack.index()
            gap = drag_header(qtbot, window, horizontal, source, to)
            expected = moved(order, item, gap)
            assert ids(getattr(window.journey_map, field)) == expected, (item, "dropped at gap", gap)
            assert [h.item_id for h in bar.headers] == expected
            if expected != order:
                assert stack.index() == depth + 1
                stack.undo()
                QApplication.processEvents()
            else:
                assert stack.index() == depth  # dropped where it was: nothing to undo
            assert ids(getattr(window.journey_map, field)) == order
            tried += 1
    return tried


def test_a_dragged_phase_header_lands_where_the_drop_line_showed(qtbot, window: MainWindow):
    show_all(window)
    count = len(window.journey_map.phases)
    tried = check_header_drags(qtbot, window, True, [0, count // 2, count - 1])
    assert tried >= 3 * (2 * count + 1)  # every gap, from the left, the middle and the right


def test_a_dragged_lane_header_lands_where_the_drop_line_showed(qtbot, window: MainWindow):
    show_all(window)
    count = len(window.journey_map.lanes)
    emotion = ids(window.journey_map.lanes).index(window.scene.layout.emotion_lane)
    tried = check_header_drags(qtbot, window, False, [0, emotion, count - 1])
    assert tried >= 3 * (2 * count + 1)


def test_header_drags_in_a_scrolled_view_use_the_pinned_bars(qtbot, window: MainWindow):
    """Scrolled, the bars are pinned to the view's edges: the drop line and the drop use where they are drawn."""
    canvas = window.canvas
    canvas.set_zoom(0.8)
    canvas.verticalScrollBar().setValue(canvas.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert window.scene.phase_bar.pos().y() > 0
    count = len(window.journey_map.phases)
    assert check_header_drags(qtbot, window, True, [0, 1]) >= 4
    canvas.verticalScrollBar().setValue(0)
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().maximum())
    QApplication.processEvents()
    assert window.scene.lane_bar.pos().x() > 0
    assert check_header_drags(qtbot, window, False, [0, 2]) >= 4
    assert len(window.journey_map.phases) == count


# --- card drags ------------------------------------------------------------------------


def fill_cell(window: MainWindow, cell: tuple[str, str], count: int) -> None:
    while len(window.scene.layout.cell_cards.get(cell, [])) < count:
        window.scene.add_card(*cell, f"Filler {len(window.scene.layout.cell_cards.get(cell, []))}")
    window.scene.clearSelection()


def card_drop_under_line(window: MainWindow, dragged: list[str]) -> tuple[tuple[str, str], int]:
    """The cell and the position among the cards that stay there that the scene's drop line shows."""
    line = window.scene.drop_indicator
    assert line.isVisible(), "a drop line is drawn while a card is dragged over a card lane"
    x, y = line.line.x(), line.line.center().y()
    layout = window.scene.layout
    cells = [key for key, rect in layout.cells.items() if rect.x <= x < rect.x + rect.w and rect.y <= y <= rect.bottom]
    assert len(cells) == 1, "the line is drawn inside one cell"
    cell = cells[0]
    others = [i for i in layout.cell_cards[cell] if i not in dragged]
    return cell, sum(1 for i in others if layout.cards[i].rect.y + layout.cards[i].rect.h / 2 < y)


def drag_card(qtbot, window: MainWindow, card_id: str, x: float, y: float):
    """Drag a card by its middle to a scene point; returns what the drop line showed (or None)."""
    box = window.scene.layout.cards[card_id].rect
    start = to_view(window, box.x + box.w / 2, box.y + box.h / 2)
    end = to_view(window, x, y)
    press_and_move(qtbot, window, start, end)
    shown = card_drop_under_line(window, [card_id]) if window.scene.drop_indicator.isVisible() else None
    qtbot.mouseRelease(window.canvas.viewport(), LEFT, pos=end)
    assert not window.scene.drop_indicator.isVisible()
    return shown


def drop_points(window: MainWindow, cell: tuple[str, str]) -> list[tuple[float, float]]:
    """Points over the top and bottom quarter of each card of a cell, and in the empty space below them."""
    layout = window.scene.layout
    rect = layout.cells[cell]
    x = rect.x + rect.w / 2
    points = []
    for card_id in layout.cell_cards[cell]:
        box = layout.cards[card_id].rect
        points += [(x, box.y + box.h / 4), (x, box.y + 3 * box.h / 4)]
    points.append((x, rect.bottom - 6))
    return points


def test_a_dragged_card_lands_where_the_drop_line_showed(qtbot, window: MainWindow):
    show_all(window)
    journey_map = window.journey_map
    persona = window.current_persona_id
    phases = ids(journey_map.phases)
    lanes = [lane.id for lane in journey_map.lanes if lane.kind != "emotions"]
    middle = (phases[len(phases) // 2], lanes[len(lanes) // 2])
    p, lane = phases.index(middle[0]), lanes.index(middle[1])
    # The same cell (down and up), cells left and right, lanes above and below (across the emotion lane too).
    targets = [middle, (phases[p - 1], middle[1]), (phases[p + 1], middle[1]), (middle[0], lanes[0]),
               (middle[0], lanes[-1]), (phases[0], lanes[lane - 1]), (phases[-1], lanes[lane + 1])]
    for cell in targets:
        fill_cell(window, cell, 3)
    show_all(window)
    stack = window.undo_stack
    tried = 0
    for source_index in (0, 1, 2):
        for cell in targets:
            for x, y in drop_points(window, cell):
                card_id = window.scene.layout.cell_cards[middle][source_index]
                before = {c: list(window.scene.layout.cell_cards[c]) for c in targets}
                depth = stack.index()
                shown = drag_card(qtbot, window, card_id, x, y)
                assert shown is not None and shown[0] == cell
                target, position = shown
                expected = [i for i in before[target] if i != card_id]
                expected.insert(position, card_id)
                assert [c.id for c in journey_map.cards_in(persona, *target)] == expected, (
                    card_id, "dropped at", shown)
                assert window.scene.layout.cell_cards[target] == expected
                if (target, expected) == (middle, before[middle]):
                    assert stack.index() == depth  # put back where it was: no command
                else:
                    assert stack.index() == depth + 1 and stack.undoText() == "Move card"
                    if target != middle:  # the cell it left keeps its other cards in order
                        assert [c.id for c in journey_map.cards_in(persona, *middle)] == [
                            i for i in before[middle] if i != card_id]
                    stack.undo()
                    QApplication.processEvents()
                assert {c: window.scene.layout.cell_cards[c] for c in targets} == before
                tried += 1
    assert tried == 3 * sum(2 * 3 + 1 for _ in targets)


@pytest.mark.parametrize("second", [False, True], ids=["one-emotion-lane", "two-emotion-lanes"])
def test_a_card_dragged_onto_an_emotion_lane_shows_no_line_and_stays(qtbot, window: MainWindow, second: bool):
    if second:  # a second emotion lane (a valid map: it holds no cards either)
        mood = Lane(id="mood", name="Mood", kind="emotions")
        push_structure(window, lambda m: ops.insert_lane(m, mood, len(m.lanes)), "Add lane")
    show_all(window)
    layout = window.scene.layout
    phase = window.journey_map.phases[1].id
    card_id = layout.cell_cards[(phase, "touchpoints")][0]
    before = window.journey_map.model_dump()
    depth = window.undo_stack.index()
    emotion_lanes = [lane.id for lane in window.journey_map.lanes if lane.kind == "emotions"]
    assert len(emotion_lanes) == 1 + second
    for lane in emotion_lanes:
        cell = layout.cells[(phase, lane)]
        assert drag_card(qtbot, window, card_id, cell.x + cell.w / 2, cell.y + cell.h / 3) is None
        assert window.journey_map.model_dump() == before and window.undo_stack.index() == depth
        box = window.scene.layout.cards[card_id].rect
        placed = window.scene.card_items[card_id].scenePos()  # cards sit in their lane's row item
        assert abs(placed.x() - box.x) <= window.scene.pixel and abs(placed.y() - box.y) <= window.scene.pixel
        # Typing into an emotion lane's cell starts no card either.
        window.scene.clearSelection()
        window.scene.set_current_cell((phase, lane))
        qtbot.keyClicks(window.canvas, "x")
        assert window.scene.editor is None
        assert window.journey_map.model_dump() == before


# --- Ctrl+arrows ------------------------------------------------------------------------


ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


def expected_cell(window: MainWindow, cell: tuple[str, str], dx: int, dy: int) -> tuple[str, str] | None:
    """The next cell that holds cards in that direction, or None at the grid's edge."""
    phases = ids(window.journey_map.phases)
    lanes = [lane.id for lane in window.journey_map.lanes if lane.kind != "emotions"]
    p, lane = phases.index(cell[0]) + dx, lanes.index(cell[1]) + dy
    if not (0 <= p < len(phases) and 0 <= lane < len(lanes)):
        return None
    return phases[p], lanes[lane]


def check_ctrl_arrows_from_every_cell(qtbot, window: MainWindow) -> int:
    journey_map, scene, stack = window.journey_map, window.scene, window.undo_stack
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    pressed = 0
    for phase in ids(journey_map.phases):
        for lane in [lane_id for lane_id, kind in kinds.items() if kind != "emotions"]:
            card_id = scene.add_card(phase, lane, "Arrow test")
            card = window.document.cards.card(card_id)
            for key, (dx, dy) in ARROWS.items():
                scene.select_cards([card_id])
                depth, count = stack.index(), stack.count()
                target = expected_cell(window, (phase, lane), dx, dy)
                qtbot.keyClick(window.canvas, key, CTRL)
                pressed += 1
                assert kinds[card.lane] != "emotions"
                assert map_problems(journey_map) == []
                if target is None:
                    assert (card.phase, card.lane) == (phase, lane), (phase, lane, key)
                    assert (stack.index(), stack.count()) == (depth, count), "nothing is pushed at the edge"
                else:
                    assert (card.phase, card.lane) == target, (phase, lane, key)
                    assert stack.index() == depth + 1
                    assert scene.cell_of_card(card_id) == target
                    stack.undo()
                    assert (card.phase, card.lane) == (phase, lane)
            stack.undo()  # the added card
    return pressed


def push_structure(window: MainWindow, change, text: str) -> None:
    window.undo_stack.push(StructureCommand(window.document, change, text))
    QApplication.processEvents()


@pytest.mark.parametrize("emotion_lane", ["middle", "top", "bottom", "twice"])
def test_ctrl_arrows_never_move_a_card_into_an_emotion_lane_or_off_the_grid(
    qtbot, window: MainWindow, emotion_lane: str
):
    journey_map = window.journey_map
    emotion = next(lane.id for lane in journey_map.lanes if lane.kind == "emotions")
    if emotion_lane == "top":
        window.scene.move_lane(emotion, 0)
    elif emotion_lane == "bottom":
        window.scene.move_lane(emotion, len(journey_map.lanes) - 1)
    elif emotion_lane == "twice":  # a second emotion lane (a valid map: it holds no cards either)
        second = Lane(id="mood", name="Mood", kind="emotions")
        push_structure(window, lambda m: ops.insert_lane(m, second, 1), "Add lane")
    QApplication.processEvents()
    opened = journey_map.model_dump()
    pressed = check_ctrl_arrows_from_every_cell(qtbot, window)
    card_lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
    assert pressed == 4 * len(journey_map.phases) * len(card_lanes)
    assert journey_map.model_dump() == opened


def test_ctrl_arrows_move_a_selection_in_several_cells_each_one_step_or_not_at_all(qtbot, window: MainWindow):
    """A selection across cells moves as a block: every card one cell that way, or, at an edge, none."""
    journey_map, scene, stack = window.journey_map, window.scene, window.undo_stack
    phases = ids(journey_map.phases)
    persona = window.current_persona_id
    first = journey_map.cards_in(persona, phases[0], "thoughts")[0]
    middle = journey_map.cards_in(persona, phases[2], "touchpoints")[0]
    last = journey_map.cards_in(persona, phases[-1], "actions")[0]
    for selection, key, expected in [
        ([first, last], Qt.Key.Key_Right, None),  # the last phase's card cannot go right: none moves
        ([first, last], Qt.Key.Key_Left, None),
        ([first, middle], Qt.Key.Key_Right, [(phases[1], "thoughts"), (phases[3], "touchpoints")]),
        ([middle, last], Qt.Key.Key_Left, [(phases[1], "touchpoints"), (phases[-2], "actions")]),
        ([first, middle], Qt.Key.Key_Up, None),  # touchpoints is the first lane
        ([first, middle], Qt.Key.Key_Down, [(phases[0], "pain-points"), (phases[2], "actions")]),
    ]:
        before = [(c.phase, c.lane) for c in selection]
        scene.select_cards([c.id for c in selection])
        depth = stack.index()
        qtbot.keyClick(window.canvas, key, CTRL)
        if expected is None:
            assert [(c.phase, c.lane) for c in selection] == before and stack.index() == depth
        else:
            assert [(c.phase, c.lane) for c in selection] == expected
            assert stack.index() == depth + 1  # one undo step
            assert set(scene.selected_card_ids()) == {c.id for c in selection}
            stack.undo()
            assert [(c.phase, c.lane) for c in selection] == before
        assert map_problems(journey_map) == []


def test_dragged_cards_of_a_selection_land_together_where_the_drop_line_showed(qtbot, window: MainWindow):
    """Several selected cards (not next to each other) dragged by one of them go, in map order, to the line."""
    journey_map, scene, stack = window.journey_map, window.scene, window.undo_stack
    persona = window.current_persona_id
    phases = ids(journey_map.phases)
    home, other = (phases[1], "thoughts"), (phases[2], "thoughts")
    fill_cell(window, home, 4)
    fill_cell(window, other, 2)
    show_all(window)
    tried = 0
    for cell in (home, other):
        for x, y in drop_points(window, cell):
            before = {c: list(scene.layout.cell_cards[c]) for c in (home, other)}
            chosen = [before[home][0], before[home][2]]
            scene.select_cards(chosen)
            depth = stack.index()
            box = scene.layout.cards[chosen[0]].rect
            press_and_move(qtbot, window, to_view(window, box.x + box.w / 2, box.y + box.h / 2), to_view(window, x, y))
            target, position = card_drop_under_line(window, chosen)
            assert target == cell
            others = [i for i in before[target] if i not in chosen]
            qtbot.mouseRelease(window.canvas.viewport(), LEFT, pos=to_view(window, x, y))
            expected = others[:position] + chosen + others[position:]
            assert [c.id for c in journey_map.cards_in(persona, *target)] == expected, ("dropped at", position)
            if expected != before[target]:
                assert stack.index() == depth + 1
                stack.undo()
            else:
                assert stack.index() == depth
            assert {c: scene.layout.cell_cards[c] for c in (home, other)} == before
            tried += 1
    assert tried == 2 * 4 + 1 + 2 * 2 + 1
