"""The words of the legends: the poster and the workbook name card kinds, marks and emotions alike.

Both exporters read their legend text from here, so a word changed once
changes on paper and in the workbook together.
"""

from __future__ import annotations

from app.layout import score_label, severity_text
from app.model import MAX_SCORE, MIN_SCORE, JourneyMap

#: lane kind -> what a legend calls its cards, in legend order; emotions and notes get no swatch
KIND_WORDS: dict[str, str] = {
    "touchpoints": "Touchpoint",
    "actions": "Action",
    "thoughts": "Thought",
    "pain_points": "Pain point",
    "opportunities": "Opportunity",
    "owners": "Owner",
    "kpis": "KPI",
    "goals": "Goal",
}

#: the kinds the workbook's overview lists, whatever lanes the map has
WORKBOOK_KINDS = ("touchpoints", "actions", "thoughts", "pain_points", "opportunities", "owners", "kpis")

LEGEND_TITLE = "Legend"

#: the marks a card can carry, with the severity as a card shows it
MARKS = f"Severity {severity_text(3)} · ▲ votes · ★ moment of truth"

#: the poster's emotion scale, beside its coloured dots (which print ``score_label`` each)
EMOTION_RANGE = f"emotion {score_label(MIN_SCORE)} … {score_label(MAX_SCORE)}"

#: the workbook's emotion scale, in words, as its cells write scores (``+2``, ``-1``)
EMOTION_SCALE = f"Emotion scores: {MIN_SCORE:+d} very negative … 0 neutral … {MAX_SCORE:+d} very positive"


def poster_kinds(journey_map: JourneyMap) -> list[tuple[str, str]]:
    """(kind, word) for the poster's swatches: the kinds of the map's lanes, in legend order."""
    present = {lane.kind for lane in journey_map.lanes}
    return [(kind, word) for kind, word in KIND_WORDS.items() if kind in present]


def workbook_kinds() -> list[tuple[str, str]]:
    """(kind, word) for the workbook's swatches; a pain point names its severity scale there."""
    return [(kind, f"{KIND_WORDS[kind]} (severity 1-5)" if kind == "pain_points" else KIND_WORDS[kind])
            for kind in WORKBOOK_KINDS]
