"""The Qt-free layout (wrapping, growing cells, the curve) and the pure operations."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import operations as ops
from app.layout import Style, TextWrapper, persona_layout, smooth_curve
from app.model import Card, load_map
from tests.conftest import SAMPLES


class MonoMetrics:
    """Every character 0.6 em wide: easy to reason about."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) * size * 0.6


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), st.integers(20, 300))
def test_wrapped_lines_fit_and_keep_every_character(text, width):
    wrapper = TextWrapper(MonoMetrics())
    lines = wrapper.wrap(text, 10, width)
    assert all(MonoMetrics().width(line, 10) <= width or len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_cells_grow_to_hold_their_cards():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    style = Style()
    layout = persona_layout(journey_map, "beginner", MonoMetrics(), style)
    for (phase, lane), ids in layout.cell_cards.items():
        cell = layout.cells[(phase, lane)]
        for card_id in ids:
            box = layout.cards[card_id].rect
            assert cell.x <= box.x and box.right <= cell.right
            assert cell.y <= box.y and box.bottom <= cell.bottom
    # A row is as tall as its biggest cell, and rows stack without gaps.
    rows = layout.lane_headers
    for upper, lower in itertools.pairwise(rows):
        assert upper.rect.bottom == lower.rect.y
    long = journey_map.cards_in("beginner", "purchase", "pain-points")[0]
    long.text = "word " * 200
    taller = persona_layout(journey_map, "beginner", MonoMetrics(), style)
    lane = next(h for h in taller.lane_headers if h.item_id == "pain-points")
    assert lane.rect.h > next(h for h in layout.lane_headers if h.item_id == "pain-points").rect.h
    assert len(taller.cards[long.id].lines) > 20


def test_emotion_marks_follow_scores():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    layout = persona_layout(journey_map, "athlete", MonoMetrics())
    marks = {m.phase_id: m for m in layout.emotion_marks}
    assert marks["purchase"].score == -2 and marks["purchase"].y > layout.zero_y
    assert marks["consideration"].y < layout.zero_y
    assert layout.score_at(marks["purchase"].y) == -2
    assert layout.score_at(layout.zero_y - 99 * layout.score_step) == 2


def test_smooth_curve_never_overshoots():
    points = [(0, 0), (10, 100), (20, 0), (30, 50)]
    for start, c1, c2, end in smooth_curve(points):
        low, high = min(start[1], end[1]), max(start[1], end[1])
        assert low <= c1[1] <= high and low <= c2[1] <= high


def test_move_and_restore_cards_keep_order():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    original = [c.id for c in journey_map.cards]
    first, second = journey_map.cards_in("beginner", "awareness", "touchpoints")
    old = ops.move_cards(journey_map, [second.id], "beginner", "awareness", "touchpoints", 0)
    assert [c.id for c in journey_map.cards_in("beginner", "awareness", "touchpoints")] == [second.id, first.id]
    ops.restore_cards(journey_map, old)
    assert [c.id for c in journey_map.cards] == original
    old = ops.move_cards(journey_map, [first.id], "athlete", "advocacy", "owners", None)
    assert journey_map.cards_in("athlete", "advocacy", "owners")[-1] is first
    ops.restore_cards(journey_map, old)
    assert [c.id for c in journey_map.cards] == original and first.persona == "beginner"


def test_remove_and_insert_cards_round_trip():
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    before = journey_map.model_copy(deep=True)
    ids = {journey_map.cards[i].id for i in (0, 5, 6, 40)}
    removed = ops.remove_cards(journey_map, ids)
    assert len(journey_map.cards) == len(before.cards) - 4
    ops.insert_cards(journey_map, removed)
    assert journey_map == before


def test_structure_snapshot_restores_everything():
    journey_map = load_map(SAMPLES / "onlineshop-retoure.json")
    before = journey_map.model_copy(deep=True)
    snapshot = ops.Snapshot.take(journey_map)
    ops.delete_phase(journey_map, "kauf")
    ops.delete_lane(journey_map, "chancen")
    copy = ops.duplicate_persona(journey_map, "sabine", "Sabine 2")
    assert len([c for c in journey_map.cards if c.persona == copy.id]) > 0
    snapshot.restore(journey_map)
    assert journey_map == before


def test_cell_insert_index():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    cards = journey_map.cards_in("beginner", "awareness", "touchpoints")
    index = ops.cell_insert_index(journey_map, "beginner", "awareness", "touchpoints", 1)
    assert journey_map.cards[index] is cards[1]
    end = ops.cell_insert_index(journey_map, "beginner", "awareness", "touchpoints", None)
    assert journey_map.cards[end - 1] is cards[-1]
    assert ops.cell_insert_index(journey_map, "beginner", "awareness", "nowhere", 0) == len(journey_map.cards)
    assert isinstance(cards[0], Card)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_incremental_layout_equals_a_full_layout(data):
    """Reusing unchanged cells after an edit gives exactly the layout computed from scratch."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    metrics = MonoMetrics()
    wrapper = TextWrapper(metrics)
    layout = persona_layout(journey_map, "beginner", wrapper)
    for step in range(data.draw(st.integers(1, 6))):
        cards = [c for c in journey_map.cards if c.persona == "beginner"]
        card = data.draw(st.sampled_from(cards))
        action = data.draw(st.sampled_from(["text", "move", "remove", "add", "severity"]))
        if action == "text":
            card.text = data.draw(st.text(alphabet="ab ", max_size=120))
            dirty = {card.id}
        elif action == "severity":
            card.severity = data.draw(st.none() | st.integers(1, 5))
            dirty = {card.id}
        elif action == "move":
            phase = data.draw(st.sampled_from([p.id for p in journey_map.phases]))
            lane = data.draw(st.sampled_from(["touchpoints", "actions", "pain-points"]))
            ops.move_cards(journey_map, [card.id], "beginner", phase, lane, data.draw(st.none() | st.integers(0, 3)))
            dirty = {card.id}
        elif action == "remove":
            ops.remove_cards(journey_map, {card.id})
            dirty = {card.id}
        else:
            new = Card(id=f"new-{step}", persona="beginner", phase=card.phase, lane=card.lane,
                       text=data.draw(st.text(alphabet="xy ", max_size=80)))
            ops.insert_cards(journey_map, [(ops.cell_insert_index(journey_map, "beginner", card.phase, card.lane,
                                                                  None), new)])
            dirty = {new.id}
        layout = persona_layout(journey_map, "beginner", wrapper, previous=layout, dirty=dirty)
        assert layout == persona_layout(journey_map, "beginner", TextWrapper(metrics))


def test_card_index_finds_cards_after_many_shifts_and_keeps_cell_order():
    """Positions are found near where they were, and after 100 inserts in front by one rescan."""
    from app.operations.index import CardIndex

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    index = CardIndex(journey_map)
    last = journey_map.cards[-1]
    assert journey_map.cards[index.position(last)] is last
    front = [Card(id=f"front-{i}", persona="beginner", phase="awareness", lane="touchpoints", text=str(i))
             for i in range(100)]
    ops.insert_cards(journey_map, [(0, card) for card in front], index)
    index.refile({card.id: card for card in front})
    assert journey_map.cards[index.position(last)] is last
    cell = [c.id for c in index.cell("beginner", "awareness", "touchpoints")]
    assert cell == [c.id for c in journey_map.cards if (c.persona, c.phase, c.lane) ==
                    ("beginner", "awareness", "touchpoints")]
    assert cell[:100] == [c.id for c in reversed(front)]  # each inserted at 0: the last is first
    moved = front[5]
    ops.move_cards(journey_map, [moved.id], "athlete", "advocacy", "owners", 0, index)
    index.refile({moved.id: moved})
    assert index.cell("athlete", "advocacy", "owners")[0] is moved
    assert moved not in index.cell("beginner", "awareness", "touchpoints")
    assert index.insert_position("athlete", "advocacy", "owners", None) == index.position(
        index.cell("athlete", "advocacy", "owners")[-1]) + 1


def test_card_index_moving_cards_into_the_cell_one_of_them_is_in():
    """Found by the edit-sequence state machine: cards re-filed together must not see each other's old places."""
    from app.operations.index import CardIndex

    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    index = CardIndex(journey_map)
    target = ("purchasing", "consideration", "touchpoints")
    assert [c.id for c in index.cell(*target)] == ["c-43", "c-44"]
    ops.move_cards(journey_map, ["c-45", "c-43"], *target, None, index)
    index.refile({card_id: index.card(card_id) for card_id in ["c-45", "c-43"]})
    truth = [c.id for c in journey_map.cards if (c.persona, c.phase, c.lane) == target]
    assert truth == ["c-44", "c-45", "c-43"]
    assert [c.id for c in index.cell(*target)] == truth


@pytest.mark.parametrize(
    ("pasted", "cards"),
    [
        ("- Ad on Instagram\n- Store visit\n", ["Ad on Instagram", "Store visit"]),
        ("• Ad\n  • nested\n* star\n+ plus", ["Ad", "nested", "star", "plus"]),
        ("1. First\n2) Second\n10. Tenth", ["First", "Second", "Tenth"]),
        ("[ ] open task\n[x] done task\n- [ ] markdown task", ["open task", "done task", "markdown task"]),
        ("2024 was the year\n-5 % churn\nPlain line", ["2024 was the year", "-5 % churn", "Plain line"]),
        ("\n\n   \n-   \n", []),
    ],
)
def test_pasted_lines_lose_their_list_marks(pasted: str, cards: list[str]):
    assert ops.card_texts_from_lines(pasted) == cards


def test_counts_per_persona_name_only_personas_with_cards_in_map_order():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    order = [p.id for p in journey_map.personas]
    for phase in journey_map.phases:
        counts = ops.count_by_persona(journey_map, phase=phase.id)
        assert list(counts) == [pid for pid in order if pid in counts]
        for pid in order:
            expected = sum(1 for c in journey_map.cards if c.phase == phase.id and c.persona == pid)
            assert counts.get(pid, 0) == expected and (pid in counts) == bool(expected)
    lane = journey_map.lanes[0].id
    assert sum(ops.count_by_persona(journey_map, lane=lane).values()) == ops.count_contents(journey_map, lane=lane)
    first = order[0]
    assert ops.count_by_persona(journey_map, persona=first) == {
        first: sum(1 for c in journey_map.cards if c.persona == first)}
    assert ops.card_texts_from_lines("\n".join(f"- line {i}" for i in range(300)))[-1] == "line 199"


def test_an_emotion_point_without_a_label_has_no_label_lines():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    wrapper = TextWrapper(MonoMetrics())
    for index, point in enumerate(journey_map.emotions):
        point.label = ["", "   ", "Happy"][index % 3]
    for persona in journey_map.personas:
        layout = persona_layout(journey_map, persona.id, wrapper, Style())
        for mark in layout.emotion_marks:
            point = journey_map.emotion(persona.id, mark.phase_id)
            if point is None or not point.label.strip():
                assert mark.label_lines == []
            else:
                assert mark.label_lines == ["Happy"]
