"""Colours of the visual language, shared by canvas and poster (Okabe-Ito, colour-blind safe).

Plain ``#RRGGBB`` strings so the Qt-free exporters can use them too.
"""

from __future__ import annotations

#: lane kind -> (card fill, card edge)
CARD_COLORS: dict[str, tuple[str, str]] = {
    "touchpoints": ("#DCEEFB", "#56B4E9"),
    "actions": ("#EEEEEE", "#9E9E9E"),
    "goals": ("#FBF5C4", "#C9B400"),
    "thoughts": ("#ECE4F5", "#A58BC4"),
    "pain_points": ("#FADBC9", "#D55E00"),
    "opportunities": ("#CDEFE3", "#009E73"),
    "owners": ("#F4E7CE", "#C49A48"),
    # Okabe-Ito blue, a shade deeper than the touchpoints' sky: told apart by lightness too, so in greyscale
    # and by every colour vision; black text on it keeps a contrast above 9:1
    "kpis": ("#A6CEE4", "#0072B2"),
    "notes": ("#FFFFFF", "#BDBDBD"),
    "emotions": ("#FFFFFF", "#BDBDBD"),
}

#: score -> colour on a diverging scale, vermillion (-2) through grey (0) to blue (+2)
EMOTION_COLORS: dict[int, str] = {
    -2: "#D55E00",
    -1: "#E8A27A",
    0: "#8F8F8F",
    1: "#5FA3D6",
    2: "#0072B2",
}

TEXT = "#1F1F1F"
MUTED_TEXT = "#5A5A5A"
GRID_LINE = "#D0D0D0"
BAND_EVEN = "#FFFFFF"
BAND_ODD = "#F6F7F9"
HEADER_FILL = "#2F3E4E"
HEADER_TEXT = "#FFFFFF"
HEADER_SUB_TEXT = "#D8E1EA"
LANE_HEADER_FILL = "#E9EDF1"
MOMENT_OF_TRUTH = "#E69F00"
SELECTION = "#0072B2"


def card_colors(lane_kind: str, own_color: str | None = None) -> tuple[str, str]:
    """Fill and edge of a card: its own colour if it has one, else its lane kind's."""
    fill, edge = CARD_COLORS.get(lane_kind, CARD_COLORS["notes"])
    return (own_color or fill), edge
