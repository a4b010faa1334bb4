"""The layout as the canvas uses it: a click lands in the cell under it, a drag in the emotion lane
snaps to a whole score, long words break into pieces that fill the line, and the emotion curve
has gaps where a phase has no point and never swings past the scores it joins; and the projector's type
scales (app/layout/projector.py) that a presentation lays the map out in.

The projector's styles are checked here, Qt-free, and not only through the workshop window: mutation testing
runs no window (setup.cfg lists this file), so otherwise a wrong factor would survive unseen."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from app.export.fonts import ReportlabMetrics
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
from app.layout.projector import (
    DEFAULT_SCALE,
    TYPE_SCALES,
    editor_style,
    presentation_style,
    scaled_style,
)
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLES


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


# --- the projector's type scales ---------------------------------------------------------------------------

#: the sizes that grow with the text, and the widths that grow with the columns
TEXT_FIELDS = ("cell_min_height", "phase_header_min_height", "text_size", "header_size", "goal_size",
               "caption_size", "emotion_label_size", "mark_room")
COLUMN_FIELDS = ("card_width", "emotion_lane_height")


def test_scaled_style_grows_each_size_by_its_own_factor_and_keeps_the_rest():
    base = Style()
    grown = scaled_style(base, 2.0, 1.5)
    for name in TEXT_FIELDS:
        assert getattr(grown, name) == pytest.approx(getattr(base, name) * 2.0), name
    for name in COLUMN_FIELDS:
        assert getattr(grown, name) == pytest.approx(getattr(base, name) * 1.5), name
    # A lane name is one long word in the header's size: its column grows with the text when that grows faster.
    assert grown.lane_header_width == pytest.approx(base.lane_header_width * 2.0 ** 0.6)
    assert scaled_style(base, 1.1, 1.5).lane_header_width == pytest.approx(base.lane_header_width * 1.5)
    assert grown.emotion_radius == pytest.approx(base.emotion_radius * 2.0 ** 0.5)
    changed = {*TEXT_FIELDS, *COLUMN_FIELDS, "lane_header_width", "emotion_radius"}
    for field in dataclasses.fields(Style):
        if field.name not in changed:
            assert getattr(grown, field.name) == getattr(base, field.name), field.name


def test_each_larger_scale_has_larger_text_and_wider_columns():
    styles = [editor_style()] + [presentation_style(scale) for scale in TYPE_SCALES]
    assert TYPE_SCALES == ("normal", "large", "extra_large")
    for smaller, larger in itertools.pairwise(styles):
        for name in TEXT_FIELDS:
            assert getattr(larger, name) > getattr(smaller, name), name
        assert larger.card_width >= smaller.card_width
        # Columns widen less than the text grows: cards wrap into more lines instead of leaving the screen.
        assert larger.card_width / smaller.card_width < larger.text_size / smaller.text_size


@pytest.mark.parametrize("scale", ["editor", *TYPE_SCALES])
def test_a_scale_without_captions_differs_only_in_the_captions(scale):
    shown, hidden = presentation_style(scale, captions=True), presentation_style(scale, captions=False)
    assert shown.captions and not hidden.captions
    assert dataclasses.replace(hidden, captions=True) == shown


@pytest.mark.parametrize("scale", ["editor", *TYPE_SCALES])
def test_a_style_is_made_once_and_kept(scale):
    """The layout caches wrapped text under the style's id, so every call must give the very same object."""
    for captions in (True, False):
        assert presentation_style(scale, captions) is presentation_style(scale, captions)
    assert presentation_style("editor") is editor_style()
    assert editor_style() == Style()


def test_an_unknown_scale_is_the_default_one():
    assert DEFAULT_SCALE == "normal"
    assert presentation_style("huge") is presentation_style(DEFAULT_SCALE)
    assert presentation_style("huge", captions=False) is presentation_style(DEFAULT_SCALE, captions=False)


def test_a_five_phase_map_fitted_to_a_1920_pixel_screen_shows_the_documented_text_heights():
    """The module's promise: about 25, 27 and 31 px card text on a full-HD projector (the editor: about 15)."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    assert len(journey_map.phases) == 5
    wrapper = TextWrapper(ReportlabMetrics())
    shown = {}
    for scale in ("editor", *TYPE_SCALES):
        style = presentation_style(scale)
        layout = persona_layout(journey_map, journey_map.personas[0].id, wrapper, style)
        shown[scale] = style.text_size * 1920 / layout.width
    assert shown["editor"] == pytest.approx(15.5, abs=0.5)
    assert shown["normal"] == pytest.approx(25, abs=0.5)
    assert shown["large"] == pytest.approx(27, abs=0.5)
    assert shown["extra_large"] == pytest.approx(31, abs=0.5)


# --- KPI badges in the KPI lane (issue 17) --------------------------------------------------------------------


def _kpi_map() -> JourneyMap:
    from app.model import Kpis

    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    journey_map.kpis = Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"}, {"id": "win", "name": "Win rate of qualified offers", "unit": "%"}],
        "values": [{"metric": "nps", "phase": "awareness", "value": 20, "target": 30},
                   {"metric": "win", "phase": "awareness", "value": 41.5, "target": 40},
                   {"metric": "nps", "phase": "decision", "value": 12},
                   {"metric": "nps", "phase": "decision", "persona": "cfo", "value": 50, "target": 45}]})
    return journey_map


def test_kpi_badges_stack_at_the_top_of_their_cell_as_wide_as_a_card_and_the_cards_follow_below():
    from app.insight.kpis import badge_text, readings

    journey_map, style = _kpi_map(), Style()
    wrapper = TextWrapper(ReportlabMetrics())
    for persona in ("evaluator", "cfo"):
        layout = persona_layout(journey_map, persona, wrapper, style)
        for phase in journey_map.phases:
            cell = layout.cells[(phase.id, "kpis")]
            badges = layout.kpi_badges.get((phase.id, "kpis"), ())
            expected = readings(journey_map, persona, phase.id)
            assert [badge.metric_id for badge in badges] == [reading.metric.id for reading in expected]
            y = cell.y + style.cell_padding
            for badge, reading in zip(badges, expected, strict=True):
                text = badge_text(reading, wrapper.words)
                lines = wrapper.wrap(text, style.caption_size, style.card_width - style.card_padding, bold=True)
                assert list(badge.lines) == lines and badge.status == reading.status
                assert badge.rect == Rect(cell.x + style.cell_padding, y, style.card_width,
                                          style.card_padding + len(lines) * style.line_height(style.caption_size))
                y = badge.rect.bottom + style.card_gap / 2
            cards = [layout.cards[card_id].rect for card_id in layout.cell_cards[(phase.id, "kpis")]]
            if badges and cards:
                assert cards[0].y == badges[-1].rect.bottom + style.card_gap
    # the CFO's own decision value replaces the all-personas one in the CFO's view only
    cfo = persona_layout(journey_map, "cfo", wrapper, style).kpi_badges[("decision", "kpis")]
    evaluator = persona_layout(journey_map, "evaluator", wrapper, style).kpi_badges[("decision", "kpis")]
    assert "50" in " ".join(cfo[0].lines) and "12" in " ".join(evaluator[0].lines)


def test_kpi_badges_move_with_their_row_when_a_row_above_grows_as_a_fresh_layout_places_them():
    journey_map, style = _kpi_map(), Style()
    wrapper = TextWrapper(ReportlabMetrics())
    before = persona_layout(journey_map, "evaluator", wrapper, style)
    card = next(c for c in journey_map.cards if c.persona == "evaluator" and c.lane == "touchpoints")
    card.text = " ".join(["a much longer touchpoint text that wraps over many lines"] * 6)
    after = persona_layout(journey_map, "evaluator", wrapper, style, previous=before, dirty={card.id})
    fresh = persona_layout(journey_map, "evaluator", wrapper, style)
    assert after.cells[("awareness", "kpis")].y > before.cells[("awareness", "kpis")].y  # the rows below moved
    assert after.kpi_badges == fresh.kpi_badges
    assert after.kpi_badges.keys() == before.kpi_badges.keys()


def test_a_badge_speaks_the_layouts_language_and_fills_a_card_width_before_it_wraps():
    """The poster lays out a German map's badges with a German wrapper whatever the editor speaks ("41,5"),
    and a badge text that fits a card's width less the badge's padding stays on one line."""
    from app.i18n import catalogue
    from app.insight.kpis import badge_text, readings

    journey_map, style = _kpi_map(), Style()
    german = TextWrapper(ReportlabMetrics(), catalogue("de"))
    badges = persona_layout(journey_map, "evaluator", german, style).kpi_badges[("awareness", "kpis")]
    assert "41,5" in " ".join(badges[1].lines)
    # a metric name that makes the badge just narrower than the room a badge has
    wrapper, room = TextWrapper(ReportlabMetrics()), style.card_width - style.card_padding
    name = "W"
    while True:
        journey_map.kpis.metrics[0].name = name + "x"
        text = badge_text(readings(journey_map, "evaluator", "awareness")[0])
        if wrapper.metrics.width(text, style.caption_size, True) > room:
            break
        name += "x"
    journey_map.kpis.metrics[0].name = name
    badge = persona_layout(journey_map, "evaluator", wrapper, style).kpi_badges[("awareness", "kpis")][0]
    assert len(badge.lines) == 1, badge.lines
