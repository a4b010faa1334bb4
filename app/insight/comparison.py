"""Persona comparison: every persona's emotion curve over the shared phases, and where they diverge.

One source for the comparison view, the poster's comparison page and the workbook's
Emotions sheet, so the three always agree. Imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.model import Card, JourneyMap, Persona, Phase

#: line patterns, by name; each exporter draws them its own way (Qt pen style, reportlab dash, Excel dash)
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot")
#: point markers, by name
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "cross", "star")
#: colours given to a persona whose own colour another persona already has (Okabe-Ito, then darker tones)
FALLBACK_COLORS: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    "#004B75", "#8F3E00", "#006B4E", "#8A4E72", "#9C6B00", "#2C7FAD",
)


@dataclass(frozen=True)
class CurveStyle:
    """How one persona's curve is told apart: colour, and also line pattern and marker (never colour alone)."""

    color: str
    dash: str
    marker: str


@dataclass(frozen=True)
class PersonaCurve:
    persona: Persona
    #: the score in each phase, in phase order; None where the persona has no point
    scores: tuple[int | None, ...]
    style: CurveStyle


@dataclass(frozen=True)
class PhaseSpread:
    """How far the personas' feelings lie apart in one phase: the first place to look for divergence."""

    phase: Phase
    low: int | None
    high: int | None
    #: how many personas have a point in the phase
    count: int

    @property
    def width(self) -> int:
        """High minus low; 0 with fewer than two points."""
        return (self.high - self.low) if self.low is not None and self.high is not None else 0


def curve_style(index: int, color: str) -> CurveStyle:
    """The pattern and marker of the persona at ``index``: unique for the first 24 personas.

    Both change with every persona (the pattern shifts once more after twelve, where the two cycles would
    meet again), so even three personas differ in colour, line and marker alike.
    """
    cycle = len(DASHES) * len(MARKERS) // 2  # 12: where (index % 4, index % 6) repeats
    return CurveStyle(color=color, dash=DASHES[(index + index // cycle) % len(DASHES)],
                      marker=MARKERS[index % len(MARKERS)])


def persona_colors(personas: list[Persona]) -> list[str]:
    """Each persona's own colour, except that a colour already taken goes to the first free fallback colour.

    Past the fallbacks a colour repeats; the pattern and marker still tell the curves apart.
    """
    taken: set[str] = set()
    colors = []
    for persona in personas:
        color = persona.color.upper()
        if color in taken:
            color = next((spare for spare in FALLBACK_COLORS if spare not in taken), color)
        taken.add(color)
        colors.append(color)
    return colors


def curves(journey_map: JourneyMap) -> list[PersonaCurve]:
    """Every persona's curve, in persona order, each with a style of its own."""
    points = {(p.persona, p.phase): p.score for p in journey_map.emotions}
    colors = persona_colors(journey_map.personas)
    return [
        PersonaCurve(persona=persona,
                     scores=tuple(points.get((persona.id, phase.id)) for phase in journey_map.phases),
                     style=curve_style(i, colors[i]))
        for i, persona in enumerate(journey_map.personas)
    ]


def spreads(journey_map: JourneyMap) -> list[PhaseSpread]:
    """The lowest and highest score of any persona in each phase, in phase order."""
    by_phase: dict[str, list[int]] = {}
    for point in journey_map.emotions:
        by_phase.setdefault(point.phase, []).append(point.score)
    result = []
    for phase in journey_map.phases:
        scores = by_phase.get(phase.id, [])
        result.append(PhaseSpread(phase=phase, low=min(scores, default=None), high=max(scores, default=None),
                                  count=len(scores)))
    return result


def widest_gap(journey_map: JourneyMap) -> PhaseSpread | None:
    """The phase where the personas' feelings lie furthest apart (the first of equals), or None if none differ."""
    best = max(spreads(journey_map), key=lambda spread: spread.width, default=None)
    return best if best is not None and best.width > 0 else None


def lane_grid(journey_map: JourneyMap, lane_id: str) -> dict[tuple[str, str], list[Card]]:
    """The cards of one lane, by (persona id, phase id), in the map's order: the lane side by side."""
    grid: dict[tuple[str, str], list[Card]] = {}
    for card in journey_map.cards:
        if card.lane == lane_id:
            grid.setdefault((card.persona, card.phase), []).append(card)
    return grid


def default_lane(journey_map: JourneyMap) -> str | None:
    """The lane a comparison shows first: the pain points if the map has them, else the first card lane."""
    card_lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
    preferred = next((lane for lane in card_lanes if lane.kind == "pain_points"), None)
    chosen = preferred or (card_lanes[0] if card_lanes else None)
    return chosen.id if chosen is not None else None
