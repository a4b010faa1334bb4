"""Type scales for presenting on a projector: bigger text that re-flows the grid, not a bitmap zoom.

Card text on a projector must be read from the back of the room. Zooming the
editor's layout only helps until the map no longer fits the screen's width, so
a presentation lays the map out again with larger text in columns that widen
less than the text grows: cards wrap into more lines, and a five-phase map
fitted to a 1920 px wide screen shows card text about 25 px (normal), 27 px
(large) or 31 px (extra large) high.
"""

from __future__ import annotations

from dataclasses import replace

from app.layout import Style

#: (text growth, column growth) of each type scale, against the editor's sizes
_GROWTH = {"normal": (1.7, 1.0), "large": (2.1, 1.15), "extra_large": (2.7, 1.3)}
#: the scales, smallest first
TYPE_SCALES: tuple[str, ...] = tuple(_GROWTH)
DEFAULT_SCALE = "normal"


def scaled_style(base: Style, text: float, columns: float) -> Style:
    """``base`` with every text size grown by ``text`` and the widths by ``columns``."""
    return replace(
        base,
        card_width=base.card_width * columns,
        # Lane names ("Opportunities", "Berührungspunkte") are single long words in the header's size.
        lane_header_width=base.lane_header_width * max(columns, text ** 0.6),
        cell_min_height=base.cell_min_height * text,
        phase_header_min_height=base.phase_header_min_height * text,
        emotion_lane_height=base.emotion_lane_height * columns,
        emotion_radius=base.emotion_radius * text ** 0.5,
        text_size=base.text_size * text,
        header_size=base.header_size * text,
        goal_size=base.goal_size * text,
        caption_size=base.caption_size * text,
        emotion_label_size=base.emotion_label_size * text,
        mark_room=base.mark_room * text,
    )


# Made once and kept: the layout caches wrapped card text under the style's id, so a style must
# live as long as the program (a new one could be given the id of one that was freed).
_EDITOR = Style()
_STYLES: dict[tuple[str, bool], Style] = {}
for _scale, (_text, _columns) in _GROWTH.items():
    _STYLES[(_scale, True)] = scaled_style(_EDITOR, _text, _columns)
    _STYLES[(_scale, False)] = replace(_STYLES[(_scale, True)], captions=False)
_STYLES[("editor", True)] = _EDITOR
_STYLES[("editor", False)] = replace(_EDITOR, captions=False)


def presentation_style(scale: str, captions: bool = True) -> Style:
    """The style of a type scale ("normal", "large", "extra_large", or "editor" for the editor's own)."""
    return _STYLES[(scale if (scale, captions) in _STYLES else DEFAULT_SCALE, captions)]


def editor_style() -> Style:
    """The editor's sizes (one shared object, see above)."""
    return _EDITOR
