"""The words of the legends: the poster and the workbook name card kinds, marks and emotions alike.

Both exporters read their legend text from here, so a word changed once
changes on paper and in the workbook together. The words are English message
ids of the catalogue; each function gives them in a deliverable's language
(``words``: ``app.i18n.catalogue(language)``; None: the UI language).
"""

from __future__ import annotations

from app.i18n import N_, Catalogue, current
from app.layout import score_label, severity_text
from app.model import MAX_SCORE, MIN_SCORE, JourneyMap

#: lane kind -> what a legend calls its cards, in legend order; emotions and notes get no swatch
KIND_WORDS: dict[str, str] = {
    "touchpoints": N_("Touchpoint"),
    "actions": N_("Action"),
    "thoughts": N_("Thought"),
    "pain_points": N_("Pain point"),
    "opportunities": N_("Opportunity"),
    "owners": N_("Owner"),
    "kpis": N_("KPI"),
    "goals": N_("Goal"),
}

LEGEND_TITLE = N_("Legend")

#: the marks a card can carry, with the severity as a card shows it ({severity}: ●●●○○ 3/5)
MARKS = N_("Severity {severity} · ▲ votes · ★ moment of truth")

#: the poster's emotion scale, beside its coloured dots (which print ``score_label`` each)
EMOTION_RANGE = N_("emotion {lowest} … {highest}")

#: the workbook's emotion scale, in words, as its cells write scores (``+2``, ``-1``)
EMOTION_SCALE = N_("Emotion scores: {lowest} very negative … 0 neutral … {highest} very positive")

#: a kind in the workbook's legend that names its severity scale ({kind}: the kind's word)
WITH_SEVERITY = N_("{kind} (severity 1-5)")


def _words(words: Catalogue | None) -> Catalogue:
    return words or current()


def title(words: Catalogue | None = None) -> str:
    return _words(words).gettext(LEGEND_TITLE)


def marks(words: Catalogue | None = None) -> str:
    return _words(words).gettext(MARKS).format(severity=severity_text(3))


def emotion_range(words: Catalogue | None = None) -> str:
    return _words(words).gettext(EMOTION_RANGE).format(lowest=score_label(MIN_SCORE), highest=score_label(MAX_SCORE))


def emotion_scale(words: Catalogue | None = None) -> str:
    return _words(words).gettext(EMOTION_SCALE).format(lowest=f"{MIN_SCORE:+d}", highest=f"{MAX_SCORE:+d}")


def kind_word(kind: str, words: Catalogue | None = None) -> str:
    """What the legend calls the cards of a lane kind ("Pain point", "Schmerzpunkt")."""
    return _words(words).gettext(KIND_WORDS[kind])


def poster_kinds(journey_map: JourneyMap, words: Catalogue | None = None) -> list[tuple[str, str]]:
    """(kind, word) for the poster's swatches: the kinds of the map's lanes, in legend order."""
    present = {lane.kind for lane in journey_map.lanes}
    return [(kind, kind_word(kind, words)) for kind in KIND_WORDS if kind in present]


def workbook_kinds(journey_map: JourneyMap, words: Catalogue | None = None) -> list[tuple[str, str]]:
    """(kind, word) for the workbook's swatches: the kinds of the map's lanes, as on the poster; a pain point
    names its severity scale there."""
    words = _words(words)
    return [(kind, words.gettext(WITH_SEVERITY).format(kind=word) if kind == "pain_points" else word)
            for kind, word in poster_kinds(journey_map, words)]
