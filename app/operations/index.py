"""Where every card is, kept current edit by edit, so an edit's cost does not grow with the map.

``journey_map.cards`` stays the truth (its order is the file's order and the
order of cards in a cell). The index answers, without scanning the list:
the card with an id, the cards of a persona's cell in map order, and a card's
list position. A full scan builds it; card commands then re-file only the
cards they touched, and a structural change rebuilds it.
"""

from __future__ import annotations

from collections import defaultdict

from app.model import Card, JourneyMap

#: how far from its last known position a card is looked for before the positions are rescanned
SEARCH_RADIUS = 48

CellKey = tuple[str, str]


class CardIndex:
    def __init__(self, journey_map: JourneyMap) -> None:
        self.journey_map = journey_map
        self.rebuild()

    def rebuild(self) -> None:
        """A full scan: after opening, and after changes that touch many cards (structure, undo of those)."""
        self.by_id: dict[str, Card] = {}
        #: persona -> (phase, lane) -> the cell's cards in map order
        self.personas: dict[str, dict[CellKey, list[Card]]] = defaultdict(lambda: defaultdict(list))
        self._where: dict[str, tuple[str, str, str]] = {}
        self._position: dict[str, int] = {}
        for position, card in enumerate(self.journey_map.cards):
            self.by_id[card.id] = card
            self.personas[card.persona][(card.phase, card.lane)].append(card)
            self._where[card.id] = (card.persona, card.phase, card.lane)
            self._position[card.id] = position

    # --- questions ---------------------------------------------------------------

    def __contains__(self, card_id: object) -> bool:
        return card_id in self.by_id

    def card(self, card_id: str) -> Card | None:
        return self.by_id.get(card_id)

    def cells(self, persona_id: str) -> dict[CellKey, list[Card]]:
        """A persona's cards by (phase, lane) cell, each list in map order (read only)."""
        return self.personas[persona_id]

    def cell(self, persona_id: str, phase_id: str, lane_id: str) -> list[Card]:
        return self.personas[persona_id].get((phase_id, lane_id), [])

    def cell_of(self, card_id: str) -> tuple[str, str, str] | None:
        """(persona, phase, lane) of a card as last filed."""
        return self._where.get(card_id)

    def position(self, card: Card) -> int:
        """The card's index in ``journey_map.cards``: looked for near where it last was, by identity."""
        cards = self.journey_map.cards
        count = len(cards)
        guess = self._position.get(card.id, 0)
        if guess < count and cards[guess] is card:
            return guess
        for step in range(1, SEARCH_RADIUS):
            for candidate in (guess + step, guess - step):
                if 0 <= candidate < count and cards[candidate] is card:
                    self._position[card.id] = candidate
                    return candidate
        # Many cards were inserted or removed before it: learn every position again, once.
        self._position = {c.id: i for i, c in enumerate(cards)}
        found = self._position.get(card.id)
        if found is None or cards[found] is not card:
            raise KeyError(card.id)
        return found

    def remember_position(self, card_id: str, position: int) -> None:
        """Where an operation just put a card, so finding it needs no search."""
        self._position[card_id] = position

    def insert_position(self, persona_id: str, phase_id: str, lane_id: str, position: int | None,
                        leaving: set[str] = frozenset()) -> int:
        """List index that puts a card at ``position`` among a cell's cards (``None``: after the last).

        Cards in ``leaving`` are not counted; the same rule as ``cell_insert_index``.
        """
        in_cell = [c for c in self.cell(persona_id, phase_id, lane_id) if c.id not in leaving]
        if not in_cell:
            return len(self.journey_map.cards)
        if position is None or position >= len(in_cell):
            return self.position(in_cell[-1]) + 1
        return self.position(in_cell[max(position, 0)])

    # --- keeping it current --------------------------------------------------------

    def refile(self, cards: dict[str, Card | None]) -> set[tuple[str, str, str]]:
        """Re-file cards that were added, changed, moved (a Card) or removed (None) in the map.

        Returns the (persona, phase, lane) cells whose card lists changed.
        """
        touched: set[tuple[str, str, str]] = set()
        # First take every changed card out of its old cell, so the cells hold only cards in map
        # order; then each changed card goes in before the first card that follows it in the map.
        for card_id in cards:
            old = self._where.pop(card_id, None)
            if old is not None:
                in_cell = self.personas[old[0]][old[1:]]
                filed = self.by_id[card_id]
                for i, other in enumerate(in_cell):
                    if other is filed:
                        del in_cell[i]
                        break
                touched.add(old)
        for card_id, card in cards.items():
            if card is None:
                self.by_id.pop(card_id, None)
                self._position.pop(card_id, None)
                continue
            self.by_id[card_id] = card
            key = (card.persona, card.phase, card.lane)
            in_cell = self.personas[card.persona][(card.phase, card.lane)]
            at = self.position(card)
            slot = len(in_cell)
            for i, other in enumerate(in_cell):  # cells are short
                if self.position(other) > at:
                    slot = i
                    break
            in_cell.insert(slot, card)
            self._where[card_id] = key
            touched.add(key)
        return touched
