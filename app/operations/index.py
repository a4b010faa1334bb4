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

        Returns the (persona, phase, lane) cells whose card lists changed. The work is one pass
        per touched cell, whatever the number of cards: a paste of thousands of cards into one
        cell filters and sorts that cell once, not once per card.
        """
        touched: set[tuple[str, str, str]] = set()
        # First take every changed card out of its old cell, so the cells hold only cards in map
        # order; then each cell's new cards go in among its cards by their place in the map.
        leaving: dict[tuple[str, str, str], list[Card]] = defaultdict(list)
        for card_id in cards:
            old = self._where.pop(card_id, None)
            if old is not None:
                leaving[old].append(self.by_id[card_id])
        for key, gone in leaving.items():
            in_cell = self.personas[key[0]][key[1:]]
            self._take_out(in_cell, gone)
            touched.add(key)
        coming: dict[tuple[str, str, str], list[Card]] = defaultdict(list)
        for card_id, card in cards.items():
            if card is None:
                self.by_id.pop(card_id, None)
                self._position.pop(card_id, None)
                continue
            self.by_id[card_id] = card
            key = (card.persona, card.phase, card.lane)
            self._where[card_id] = key
            coming[key].append(card)
        for key, new in coming.items():
            self._put_in(self.personas[key[0]][key[1:]], new)
            touched.add(key)
        return touched

    @staticmethod
    def _take_out(in_cell: list[Card], gone: list[Card]) -> None:
        if len(gone) == 1:
            for i, other in enumerate(in_cell):  # cells are short
                if other is gone[0]:
                    del in_cell[i]
                    return
            return
        leaving = {id(card) for card in gone}  # by identity: equal copies are different cards
        in_cell[:] = [other for other in in_cell if id(other) not in leaving]

    def _put_in(self, in_cell: list[Card], new: list[Card]) -> None:
        """Cards into a cell's list (in map order, which the cell keeps)."""
        if len(new) == 1:
            card = new[0]
            at = self.position(card)
            slot = len(in_cell)
            for i, other in enumerate(in_cell):  # cells are short
                if self.position(other) > at:
                    slot = i
                    break
            in_cell.insert(slot, card)
            return
        in_cell.extend(new)
        in_cell.sort(key=self.position)
