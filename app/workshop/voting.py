"""A dot-voting round of a workshop: who has how many dots left, where they went, and the votes it adds.

The room picks the pain points and opportunities that matter by putting dots on
cards. The round lives beside the map, not in it: dots come and go while the
room votes, and only when the facilitator ends the round and keeps it do the
counts reach the cards' ``votes``, as one change (:meth:`VotingRound.change`)
that the undo stack takes back in one step. Discarding the round leaves the
map untouched. No Qt here: the canvas asks this object and draws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.i18n import ngettext
from app.model import Card, JourneyMap
from app.operations.changes import Batch, SetFields

#: the lanes a round votes on unless the facilitator picks others: what a workshop prioritises
VOTED_KINDS = ("pain_points", "opportunities")


@dataclass(frozen=True)
class VotingRules:
    """What the facilitator set up: which lanes, how many dots, how many people, and how they vote.

    ``turns``: each participant in turn casts their own ``dots``; otherwise the
    facilitator clicks for the room from one pool of ``dots × participants``.
    ``hidden``: no counts are shown until the round ends, because seeing the
    others' dots sways the room.
    """

    lanes: frozenset[str] = field(default_factory=frozenset)
    dots: int = 3
    participants: int = 8
    turns: bool = True
    hidden: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "lanes", frozenset(self.lanes))
        if self.dots < 1:
            raise ValueError(f"each participant needs at least one dot, not {self.dots}")
        if self.participants < 1:
            raise ValueError(f"a round needs at least one participant, not {self.participants}")

    @property
    def total(self) -> int:
        """Every dot of the round: ``dots × participants``."""
        return self.dots * self.participants


def default_lanes(journey_map: JourneyMap) -> frozenset[str]:
    """The lanes voted on by default: pain points and opportunities, or, in a map that has neither, every
    lane that holds cards (all but the emotion curve)."""
    chosen = frozenset(lane.id for lane in journey_map.lanes if lane.kind in VOTED_KINDS)
    return chosen or frozenset(lane.id for lane in journey_map.lanes if lane.kind != "emotions")


class VotingRound:
    """The dots of one round as they are cast and taken back.

    In turns mode each participant has a tally of their own, so a participant
    takes back only their own dots; in pool mode there is one tally for the room.
    The caller checks :meth:`can_vote` before :meth:`cast` (the round knows card
    ids, not the map). A participant may put several dots on one card.
    """

    def __init__(self, rules: VotingRules) -> None:
        self.rules = rules
        self._tallies: list[Counter[str]] = [Counter() for _i in range(rules.participants if rules.turns else 1)]
        self._current = 0
        self._ended = False

    # --- who is voting ------------------------------------------------------------------

    @property
    def participant(self) -> int:
        """The participant whose turn it is, from 1 (always 1 in pool mode)."""
        return self._current + 1

    @property
    def _tally(self) -> Counter[str]:
        return self._tallies[self._current]

    @property
    def dots_left(self) -> int:
        """The current participant's dots not yet cast (in pool mode: the room's)."""
        allowed = self.rules.dots if self.rules.turns else self.rules.total
        return allowed - self._tally.total()

    @property
    def cast_total(self) -> int:
        """Every dot on a card now."""
        return sum(tally.total() for tally in self._tallies)

    def next_participant(self) -> bool:
        """Hand over to the next participant; False (and no change) after the last one, in pool mode or
        once the round ended."""
        if self._ended or self._current + 1 >= len(self._tallies):
            return False
        self._current += 1
        return True

    @property
    def used_up(self) -> bool:
        """Nothing more can be cast: every dot is on a card, or the last participant has none left (those
        before them may have kept some)."""
        return self.cast_total >= self.rules.total or (
            self._current == len(self._tallies) - 1 and self.dots_left <= 0)

    # --- casting ------------------------------------------------------------------------

    def can_vote(self, card: Card) -> bool:
        """Whether the card is in a lane of the round."""
        return card.lane in self.rules.lanes

    def cast(self, card_id: str) -> bool:
        """One dot of the current participant (or the pool) on the card; False when none is left or the
        round ended."""
        if self._ended or self.dots_left <= 0:
            return False
        self._tally[card_id] += 1
        return True

    def take_back(self, card_id: str) -> bool:
        """Take one dot off the card: one of the current participant's own in turns mode (never another's),
        any in pool mode. False when there is none to take or the round ended."""
        if self._ended or self._tally[card_id] <= 0:
            return False
        self._tally[card_id] -= 1
        if not self._tally[card_id]:
            del self._tally[card_id]
        return True

    # --- what the room sees -------------------------------------------------------------

    @property
    def counts(self) -> dict[str, int]:
        """Every card with at least one dot: its dots of all participants."""
        total: Counter[str] = Counter()
        for tally in self._tallies:
            total.update(tally)
        return {card_id: count for card_id, count in total.items() if count > 0}

    def own_counts(self) -> dict[str, int]:
        """The current participant's dots by card (in pool mode: every dot); shown even in hidden voting,
        so a participant sees where their own dots went."""
        return {card_id: count for card_id, count in self._tally.items() if count > 0}

    def visible_counts(self) -> dict[str, int]:
        """The counts the canvas may show: none while hidden voting goes on."""
        return {} if self.rules.hidden and not self._ended else self.counts

    def end(self) -> None:
        """The round is over: no more dots, and hidden counts are shown."""
        self._ended = True

    @property
    def ended(self) -> bool:
        return self._ended

    def ranking(self, card_order: Iterable[str]) -> list[tuple[str, int]]:
        """(card id, dots) of the cards with dots, most first, ties in ``card_order`` (the map's order).

        A card that is not in ``card_order`` (deleted during the round) is left out, as :meth:`change`
        leaves it out.
        """
        counts = self.counts
        present = [(card_id, counts[card_id]) for card_id in dict.fromkeys(card_order) if card_id in counts]
        return sorted(present, key=lambda pair: -pair[1])  # a stable sort keeps the map's order for ties

    def change(self, journey_map: JourneyMap) -> Batch | None:
        """The round's dots added to the cards' ``votes``, one field change per card in map order, as one
        batch (one undo step); None when no card of the map got a dot. Cards deleted during the round are
        skipped."""
        counts = self.counts
        parts = [SetFields(target="card", item_id=card.id, values={"votes": card.votes + counts[card.id]})
                 for card in journey_map.cards if card.id in counts]
        return Batch(changes=parts) if parts else None

    def status_text(self) -> str:
        """The banner's line: whose turn and how many dots are left, in the UI language."""
        if self._ended:
            count = self.cast_total
            return ngettext("Voting ended · {count} dot cast", "Voting ended · {count} dots cast",
                            count).format(count=count)
        if self.used_up:
            count = self.cast_total
            return ngettext("No dots left · {count} dot cast: end the round to see the ranking",
                            "No dots left · {count} dots cast: end the round to see the ranking",
                            count).format(count=count)
        left = self.dots_left
        if self.rules.turns:
            return ngettext("Participant {n} of {total} · {left} dot left",
                            "Participant {n} of {total} · {left} dots left", left).format(
                n=self.participant, total=self.rules.participants, left=left)
        total = self.rules.total
        return ngettext("{left} of {total} dot left", "{left} of {total} dots left", total).format(
            left=left, total=total)
