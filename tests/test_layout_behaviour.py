"""The layout as the canvas uses it: a click lands in the cell under it, a drag in the emotion lane
snaps to a whole score, long words break into pieces that fill the line, and the emotion curve
has gaps where a phase has no point and never swings past the scores it joins."""

from __future__ import annotations

import itertools

import pytest

from app.layout import (
    EmotionMark,
    PersonaLayout,
    Rect,
    Style,
    TextWrapper,
    curve_runs,
    emotion_axis,
    persona_layout,
    smooth_curve,
)
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase


class MonoMetrics:
    """Every character 0.6 em wide (bold 0.7 em)."""

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return len(text) * size * (0.7 if bold else 0.6)


def grid() -> JourneyMap:
    return JourneyMap(
        id="m", title="Grid",
        phases=[Phase(id="a", name="A"), Phase(id="b", name="B"), Phase(id="c", name="C")],
        lanes=[Lane(id="t", name="T", kind="touchpoints"), Lane(id="e", name="E", kind="emotions")],
        personas=[Persona(id="p", name="P")],
        emotions=[EmotionPoint(persona="p", phase="a", score=2), EmotionPoint(persona="p", phase="c", score=-1)],
    )


def test_a_rectangle_holds_its_top_left_edge_but_not_its_far_edges():
    rect = Rect(10, 20, 30, 40)
    assert rect.contains(10, 20) and rect.contains(39.9, 59.9) and rect.contains(25, 40)
    assert not rect.contains(40, 30) and not rect.contains(20, 60)
    assert not rect.contains(9.9, 30) and not rect.contains(20, 19.9)
    assert (rect.right, rect.bottom) == (40, 60)


def test_an_empty_layout_has_nothing_in_it():
    empty = PersonaLayout.empty("p")
    assert (empty.persona_id, empty.width, empty.height, empty.corner) == ("p", 0.0, 0.0, Rect(0, 0, 0, 0))
    assert empty.phase_headers == [] and empty.lane_headers == [] and empty.cells == {} and empty.cards == {}
    assert empty.cell_cards == {} and empty.emotion_lane is None and empty.emotion_marks == []
    assert empty.zero_y is None and empty.score_step == 0.0 and empty.card_cell == {} and empty.changed is None
    assert empty.cell_at(0, 0) is None and empty.score_at(100) == 0


def test_a_point_finds_the_cell_under_it_and_each_phase_its_column():
    layout = persona_layout(grid(), "p", MonoMetrics(), Style())
    for (phase, lane), rect in layout.cells.items():
        assert layout.cell_at(rect.x + 1, rect.y + 1) == (phase, lane)
        assert layout.cell_at(rect.right - 0.5, rect.bottom - 0.5) == (phase, lane)
    assert layout.cell_at(-5, -5) is None and layout.cell_at(layout.width + 5, 0) is None
    assert [layout.column_x(p) for p in "abc"] == [h.rect.x for h in layout.phase_headers]
    assert layout.column_x("a") < layout.column_x("b") < layout.column_x("c")


def test_a_height_in_the_emotion_lane_snaps_to_a_whole_score():
    layout = persona_layout(grid(), "p", MonoMetrics(), Style())
    zero, step = layout.zero_y, layout.score_step
    assert step > 0
    assert layout.score_at(zero) == 0
    assert layout.score_at(zero - step) == 1 and layout.score_at(zero + step) == -1
    assert layout.score_at(zero - 1.4 * step) == 1 and layout.score_at(zero - 1.6 * step) == 2
    assert layout.score_at(zero - 10 * step) == 2 and layout.score_at(zero + 10 * step) == -2
    marks = {m.phase_id: m for m in layout.emotion_marks}
    assert marks["a"].score == 2 and layout.score_at(marks["a"].y) == 2
    assert marks["c"].score == -1 and layout.score_at(marks["c"].y) == -1
    assert marks["b"].score is None


@pytest.mark.parametrize(("word", "width", "pieces"), [
    ("abcdefghij", 30, ["abcde", "fghij"]),       # 6 pt a character at 10 pt: five fit in 30 pt
    ("abcdefghijk", 30, ["abcde", "fghij", "k"]),
    ("abcdefghij", 31, ["abcde", "fghij"]),
    ("abcdefghij", 36, ["abcdef", "ghij"]),
    ("abcdef", 5, ["a", "b", "c", "d", "e", "f"]),  # not even one character fits: one a line, never none
])
def test_a_word_wider_than_the_line_breaks_where_the_line_is_full(word, width, pieces):
    assert TextWrapper(MonoMetrics()).wrap(word, 10, width) == pieces


def test_bold_text_is_measured_bold_when_broken():
    assert TextWrapper(MonoMetrics()).wrap("abcdefgh", 10, 30, bold=True) == ["abcd", "efgh"]


def test_the_curve_has_a_gap_where_a_phase_has_no_point():
    def mark(x, score):
        return EmotionMark(phase_id=str(x), x=x, y=-10 * (score or 0), score=score, label_lines=[])

    marks = [mark(0, 1), mark(1, 2), mark(2, None), mark(3, -1), mark(4, None), mark(5, None), mark(6, 0)]
    assert curve_runs(marks) == [[(0, -10), (1, -20)], [(3, 10)], [(6, 0)]]
    assert curve_runs([mark(0, None)]) == [] and curve_runs([]) == []


def test_curve_segments_join_the_points_with_tangents_that_never_overshoot():
    points = [(0.0, 0.0), (60.0, 60.0), (120.0, 0.0), (180.0, 30.0)]
    segments = smooth_curve(points)
    assert [(s[0], s[3]) for s in segments] == list(itertools.pairwise(points))
    first, middle, last = segments
    assert first[1] == (10.0, 10.0)  # the first point is its own neighbour: a gentle start
    assert first[2] == (40.0, 60.0)  # the tangent at the peak would rise past 60: held at 60
    assert middle[1] == (80.0, 60.0) and middle[2] == (100.0, 5.0)
    assert last[1] == (140.0, 0.0)  # the tangent would dip below the valley at 0: held at 0
    assert last[2] == (170.0, 25.0)  # the last point is its own neighbour too
    for start, c1, c2, end in segments:
        low, high = min(start[1], end[1]), max(start[1], end[1])
        assert low <= c1[1] <= high and low <= c2[1] <= high
    assert smooth_curve([(0.0, 0.0)]) == [] and smooth_curve([]) == []


@pytest.mark.parametrize("style", [Style(), Style(caption_size=14.0, cell_padding=2.0)])
def test_the_emotion_axis_labels_stand_beside_their_lines_never_on_them(style: Style):
    layout = persona_layout(grid(), "p", MonoMetrics(), style)
    axis = emotion_axis(layout, style, MonoMetrics())
    assert [(score, text) for score, text, _rect in axis.labels] == [(2, "+2"), (0, "0"), (-2, "\N{MINUS SIGN}2")]
    lane = layout.cells[("a", "e")]
    for score, text, rect in axis.labels:
        line_y = layout.zero_y - score * layout.score_step
        assert rect.y + rect.h / 2 == pytest.approx(line_y)  # centred on the line it names
        assert rect.w == pytest.approx(MonoMetrics().width(text, style.caption_size))
        assert lane.x < rect.x and rect.right < axis.lines_left  # in the gutter, left of where lines begin
        assert lane.y <= rect.y and rect.bottom <= lane.bottom
    assert axis.lines_left < layout.emotion_marks[0].x  # the gutter stays left of the first face
    no_lane = persona_layout(grid().model_copy(update={"lanes": grid().lanes[:1], "emotions": []}), "p",
                             MonoMetrics(), style)
    assert emotion_axis(no_lane, style, MonoMetrics()) is None
