"""The projector's type scales, Qt-free (app/layout/projector.py): what a presentation lays out with.

The workshop tests see these styles through the window; these check the numbers themselves, so that a
wrong factor is caught where the styles are made (and under mutation testing, which runs no window).
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from app.export.fonts import ReportlabMetrics
from app.layout import Style, TextWrapper, persona_layout
from app.layout.projector import (
    DEFAULT_SCALE,
    TYPE_SCALES,
    editor_style,
    presentation_style,
    scaled_style,
)
from app.model import load_map
from tests.conftest import SAMPLES

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
