"""Prioritised opportunities: value × effort, the four quadrants, and the order to fund them in.

One source for the Opportunity matrix view, its poster page, its workbook sheet and the summary
page, so all four put the same card in the same quadrant. Imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.i18n import N_
from app.model import Card, JourneyMap

Quadrant = Literal["quick_win", "big_bet", "fill_in", "money_pit"]
#: the quadrants in the order they are funded: quick wins first
QUADRANTS: tuple[Quadrant, ...] = ("quick_win", "big_bet", "fill_in", "money_pit")
#: what each quadrant is called (translate with ``_()`` where shown)
QUADRANT_NAMES: dict[str, str] = {
    "quick_win": N_("Quick wins"),
    "big_bet": N_("Big bets"),
    "fill_in": N_("Fill-ins"),
    "money_pit": N_("Money pits"),
}
#: a rating of 3 or more is "high": the matrix's middle line runs between 2 and 3
HIGH_FROM = 3


@dataclass(frozen=True)
class RankedOpportunity:
    card: Card
    #: None while the card has no value or no effort yet
    quadrant: Quadrant | None
    rank: int


def quadrant(value: int | None, effort: int | None) -> Quadrant | None:
    """Where a card with this value and effort sits; None when either is not rated."""
    if value is None or effort is None:
        return None
    if value >= HIGH_FROM:
        return "big_bet" if effort >= HIGH_FROM else "quick_win"
    return "money_pit" if effort >= HIGH_FROM else "fill_in"


def opportunity_cards(journey_map: JourneyMap, persona_id: str | None = None) -> list[Card]:
    """The cards of the map's opportunity lanes (of one persona, or of all), in the map's order."""
    lanes = {lane.id for lane in journey_map.lanes if lane.kind == "opportunities"}
    return [card for card in journey_map.cards
            if card.lane in lanes and (persona_id is None or card.persona == persona_id)]


def ranked(journey_map: JourneyMap, persona_id: str | None = None) -> list[RankedOpportunity]:
    """Opportunities in the order to fund them: by quadrant (quick wins first, unrated last), then higher
    value, lower effort, more votes, then the map's order."""
    order = {name: i for i, name in enumerate(QUADRANTS)}

    def key(item: tuple[int, Card]) -> tuple:
        position, card = item
        where = quadrant(card.value, card.effort)
        return (order[where] if where is not None else len(order), -(card.value or 0), card.effort or 6,
                -card.votes, position)

    cards = sorted(enumerate(opportunity_cards(journey_map, persona_id)), key=key)
    return [RankedOpportunity(card, quadrant(card.value, card.effort), rank)
            for rank, (_position, card) in enumerate(cards, start=1)]
