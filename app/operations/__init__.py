"""Named, pure operations on a map: each applies a change and returns what reverts it.

The Qt undo commands call these and keep the returned values; nothing here
knows about Qt, so the same operations serve scripts and tests.
"""

from __future__ import annotations

import re
from collections.abc import Container
from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError

from app.i18n import N_, _, ngettext
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, map_problems
from app.model.fileformat import explanation
from app.model.ids import new_id
from app.model.schema import CardPlaces
from app.operations.index import CardIndex

# --- cards -------------------------------------------------------------------


def cell_insert_index(journey_map: JourneyMap, persona: str, phase: str, lane: str, position: int | None) -> int:
    """Index in ``journey_map.cards`` that puts a card at ``position`` within a cell.

    The order of cards in a cell is their order in the file; ``None`` or a
    position past the end means after the cell's last card.
    """
    in_cell = [
        i for i, c in enumerate(journey_map.cards) if c.persona == persona and c.phase == phase and c.lane == lane
    ]
    if not in_cell:
        return len(journey_map.cards)
    if position is None or position >= len(in_cell):
        return in_cell[-1] + 1
    return in_cell[max(position, 0)]


def insert_cards(journey_map: JourneyMap, placed: list[tuple[int, Card]], index: CardIndex | None = None) -> None:
    """Insert cards at list indexes, lowest first, so each index means the final position."""
    ordered = sorted(placed, key=lambda item: item[0])
    cards = journey_map.cards
    positions = [position for position, _card in ordered]
    if len(ordered) > 1 and positions[0] >= 0 and positions[-1] < len(cards) + len(ordered) and all(
            a < b for a, b in pairwise(positions)):
        # Distinct places within the final list: one merge gives what inserting the cards one by
        # one, lowest first, would, without shifting the rest of the list once per card (a paste
        # of thousands of cards was quadratic). The list stays the same object.
        merged: list[Card] = []
        taken = 0  # cards of the list already in ``merged``
        for k, (position, card) in enumerate(ordered):
            before = position - k  # the list's cards that come before this one
            merged.extend(cards[taken:before])
            taken = before
            merged.append(card)
        merged.extend(cards[taken:])
        cards[:] = merged
    else:
        for position, card in ordered:
            cards.insert(position, card)
    if index is not None:
        # The cards after them moved too: the index finds them again when asked (it looks near
        # where they were, then learns every position once).
        for position, card in ordered:
            index.remember_position(card.id, position)


def card_positions(journey_map: JourneyMap, card_ids: set[str], index: CardIndex | None) -> list[tuple[int, Card]]:
    """(list index, card) of the cards with these ids, in map order."""
    if index is None:
        return [(i, c) for i, c in enumerate(journey_map.cards) if c.id in card_ids]
    found = [index.card(card_id) for card_id in card_ids]
    return sorted((index.position(card), card) for card in found if card is not None)


def remove_cards(journey_map: JourneyMap, card_ids: set[str], index: CardIndex | None = None) -> list[tuple[int, Card]]:
    """Remove cards; returns (index, card) pairs that :func:`insert_cards` puts back."""
    removed = card_positions(journey_map, card_ids, index)
    _delete_at(journey_map.cards, [position for position, _card in removed])
    return removed


def _delete_at(cards: list[Card], positions: list[int]) -> None:
    """Delete the cards at these distinct list indexes (in ascending order) in one pass: deleting
    them one by one shifted the rest of the list each time. The list stays the same object."""
    if len(positions) == 1:
        del cards[positions[0]]
    elif positions:
        kept: list[Card] = []
        start = 0
        for position in positions:
            kept.extend(cards[start:position])
            start = position + 1
        kept.extend(cards[start:])
        cards[:] = kept


def move_cards(
    journey_map: JourneyMap,
    card_ids: list[str],
    persona: str,
    phase: str,
    lane: str,
    position: int | None,
    index: CardIndex | None = None,
) -> list[tuple[int, Card]]:
    """Move cards (in the given order) into a cell at a position; returns the old (index, copy) pairs."""
    wanted = set(card_ids)
    found = card_positions(journey_map, wanted, index)
    old = [(i, _deep_copy(c)) for i, c in found]
    by_id = {c.id: c for _, c in found}
    # The position counts the cell's other cards, so moving within a cell is stable.
    if index is None:
        journey_map.cards[:] = [c for c in journey_map.cards if c.id not in wanted]
        at = cell_insert_index(journey_map, persona, phase, lane, position)
    else:
        at = index.insert_position(persona, phase, lane, position, leaving=wanted)
        at -= sum(1 for i, _ in found if i < at)
        _delete_at(journey_map.cards, [i for i, _card in found])
    moving = []
    for card_id in card_ids:
        card = by_id[card_id]
        card.persona, card.phase, card.lane = persona, phase, lane
        moving.append(card)
    journey_map.cards[at:at] = moving
    if index is not None:
        for offset, card in enumerate(moving):
            index.remember_position(card.id, at + offset)
    return old


def restore_cards(journey_map: JourneyMap, old: list[tuple[int, Card]], index: CardIndex | None = None) -> None:
    """Undo :func:`move_cards`: put the cards back where and as they were."""
    ids = {card.id for _, card in old}
    current = card_positions(journey_map, ids, index)
    live = {c.id: c for _, c in current}
    _delete_at(journey_map.cards, [position for position, _card in current])
    back = []
    for position, snapshot in old:
        card = live[snapshot.id]
        card.persona, card.phase, card.lane = snapshot.persona, snapshot.phase, snapshot.lane
        back.append((position, card))
    insert_cards(journey_map, back, index)


def neighbour_cell(journey_map: JourneyMap, cell: tuple[str, str] | None, phase_step: int, lane_step: int,
                   cards_only: bool = False) -> tuple[str, str] | None:
    """The cell that many phases right and lanes down, held inside the grid (arrow keys, Ctrl+arrows).

    ``cards_only`` skips emotion lanes, where no card may go; with no cell yet, the first.
    """
    phases = [p.id for p in journey_map.phases]
    lanes = [lane.id for lane in journey_map.lanes if not (cards_only and lane.kind == "emotions")]
    if not phases or not lanes:
        return None
    if cell is None or cell[0] not in phases:
        return (phases[0], lanes[0])
    pi = max(0, min(len(phases) - 1, phases.index(cell[0]) + phase_step))
    li = max(0, min(len(lanes) - 1, lanes.index(cell[1]) + lane_step)) if cell[1] in lanes else 0
    return (phases[pi], lanes[li])


def copy_cards(journey_map: JourneyMap, cards: list[Card], taken: set[str] | None = None,
               card_ids: Container[str] | None = None) -> list[Card]:
    """Copies of cards with new ids (for duplicate and paste), none in ``taken`` or among the map's cards.

    ``card_ids`` answers whether an id is a card's (the editor's card index), so that a
    paste of 50 cards does not first gather the ids of all 10,000 cards of the map.
    """
    existing = card_ids if card_ids is not None else {c.id for c in journey_map.cards}
    taken = set(taken or ())
    copies = []
    for card in cards:
        copy = _deep_copy(card)
        copy.id = new_id("c", taken)
        while copy.id in existing:
            copy.id = new_id("c", taken)
        taken.add(copy.id)
        copies.append(copy)
    return copies


#: values a deep copy can share: they cannot change
_IMMUTABLE = frozenset({str, int, float, bool, type(None)})


def _deep_copy(card: Card) -> Card:
    """What ``card.model_copy(deep=True)`` gives, without walking the texts and numbers most fields hold
    (``deepcopy`` took most of a paste of thousands of cards); lists, evidence and unknown fields are copied."""
    copy = card.model_copy()
    for values in (copy.__dict__, copy.__pydantic_extra__ or {}):  # both dicts are the copy's own
        for name, value in values.items():
            if type(value) not in _IMMUTABLE:
                values[name] = deepcopy(value)
    return copy


# --- fields of any object ----------------------------------------------------

#: fields of a map that say what file it is: written by the file format, never set by an edit
FILE_FORMAT_FIELDS = frozenset({"format", "schema_version"})


def set_fields(target: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """Assign validated field values, all or none; returns the old values, which revert it."""
    old = {name: getattr(target, name) for name in changes}
    done: list[str] = []
    try:
        for name, value in changes.items():
            setattr(target, name, value)
            done.append(name)
    except ValidationError:
        for name in reversed(done):
            setattr(target, name, old[name])
        raise
    return old


def _value_problem(error: ValidationError) -> str:
    item = error.errors(include_url=False)[0]
    return explanation(item).removeprefix("Value error, ")


#: refusal reasons that name one kind of item, by the kind (the words of "there is no …")
NO_SUCH_ITEM = {
    "card": N_("there is no card {id}"),
    "phase": N_("there is no phase {id}"),
    "lane": N_("there is no lane {id}"),
    "persona": N_("there is no persona {id}"),
}
#: what a map's field edits call the item edited ("'colour' is not a field of this card")
_NOT_A_FIELD = {
    "card": N_("{name} is not a field of this card"),
    "phase": N_("{name} is not a field of this phase"),
    "lane": N_("{name} is not a field of this lane"),
    "persona": N_("{name} is not a field of this persona"),
    "emotionpoint": N_("{name} is not a field of this emotion point"),
    "journeymap": N_("{name} is not a field of this map"),
}


def no_such_item(kind: str, item_id: str) -> str:
    """"there is no phase 'p9'" in the UI language."""
    return _(NO_SUCH_ITEM[kind]).format(id=repr(item_id))


def card_place_problems(journey_map: JourneyMap, card: Card) -> list[str]:
    """Why a card cannot be where it says (a persona, phase or lane that is not there, the emotion curve)."""
    return [no_such_item(field, getattr(card, field)) if fault == "missing" else _("the emotion curve holds no cards")
            for field, fault in CardPlaces(journey_map).faults(card)]


@cache
def _field_adapter(model: type, name: str) -> TypeAdapter:
    """A validator for one field's values alone (its type and constraints, without the model's own rules)."""
    field = model.model_fields[name]
    return TypeAdapter(Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation)


#: the map's fields whose contents its rules are about; its texts cannot break them
_MAP_CONTENTS = frozenset({"phases", "lanes", "personas", "cards", "emotions", "kpis"})


def edit_problems(journey_map: JourneyMap, target: Any, changes: dict[str, Any]) -> list[str]:
    """Why setting these fields would break a value or a rule of the map; empty when the edit is fine.

    Checked before an edit is made, so that no edit can leave a map that
    cannot be saved. Only the rules a field edit can touch are checked: the
    value itself, ids that must stay unique, a card's references, the
    emotion lane, which holds no cards, and the map's rules when its lists
    themselves are replaced. Each value is validated alone: a whole-map
    check on every keystroke in the map's title would cost a pass over
    every card.
    """
    problems = []
    validated: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in type(target).model_fields:
            kind = type(target).__name__.lower()
            problems.append(_(_NOT_A_FIELD[kind]).format(name=repr(name)))  # every model class is listed
            continue
        if isinstance(target, JourneyMap) and name in FILE_FORMAT_FIELDS:
            problems.append(_("{name} is the file format's, not an edit (a map saved with another could not "
                              "open)").format(name=name))
            continue
        try:
            validated[name] = _field_adapter(type(target), name).validate_python(value)
        except ValidationError as exc:
            problems.append(_("{field}: {explanation}").format(field=name, explanation=_value_problem(exc)))
    if problems:
        return problems
    trial = target.model_copy(update=validated)  # no validation here: each value was checked above
    if isinstance(target, JourneyMap) and validated.keys() & _MAP_CONTENTS:
        problems.extend(map_problems(trial))
    if "id" in changes and changes["id"] != target.id:
        siblings = {Phase: journey_map.phases, Lane: journey_map.lanes, Persona: journey_map.personas,
                    Card: journey_map.cards}.get(type(target), [])
        if any(item.id == changes["id"] for item in siblings):
            problems.append(_("the id {id} is already used").format(id=repr(changes["id"])))
        elif not isinstance(target, Card):
            problems.append(_("the id of a phase, lane or persona is what cards refer to; it cannot change"))
    if isinstance(target, Lane) and trial.kind == "emotions" and target.kind != "emotions":
        held = sum(1 for card in journey_map.cards if card.lane == target.id)
        if held:
            problems.append(ngettext(
                "lane “{name}” holds {count} card, and the emotion curve holds none: move or delete its cards first",
                "lane “{name}” holds {count} cards, and the emotion curve holds none: move or delete its cards "
                "first", held).format(name=target.name, count=held))
    if isinstance(target, Card) and changes.keys() & {"persona", "phase", "lane"}:
        problems.extend(card_place_problems(journey_map, trial))
    return problems


# --- emotions ----------------------------------------------------------------


def set_emotion(
    journey_map: JourneyMap, persona: str, phase: str, point: EmotionPoint | None
) -> EmotionPoint | None:
    """Put, replace (in its place) or (with None) remove the persona's point in a phase; returns the old point."""
    from app.operations import changes  # the change layer is built on this module

    return changes.apply(journey_map, changes.SetEmotion(persona=persona, phase=phase, point=point)).point


# --- structure: phases, lanes, personas --------------------------------------


@dataclass
class Snapshot:
    """The lists a structural change touches; restoring one is its undo."""

    phases: list[Phase]
    lanes: list[Lane]
    personas: list[Persona]
    cards: list[Card]
    emotions: list[EmotionPoint]

    @classmethod
    def take(cls, journey_map: JourneyMap) -> Snapshot:
        return cls(
            list(journey_map.phases),
            list(journey_map.lanes),
            list(journey_map.personas),
            list(journey_map.cards),
            list(journey_map.emotions),
        )

    def restore(self, journey_map: JourneyMap) -> None:
        # Slice assignment keeps the list objects and skips re-validating the whole map.
        journey_map.phases[:] = self.phases
        journey_map.lanes[:] = self.lanes
        journey_map.personas[:] = self.personas
        journey_map.cards[:] = self.cards
        journey_map.emotions[:] = self.emotions


def insert_phase(journey_map: JourneyMap, phase: Phase, index: int) -> None:
    journey_map.phases.insert(index, phase)


def insert_lane(journey_map: JourneyMap, lane: Lane, index: int) -> None:
    journey_map.lanes.insert(index, lane)


def move_item(items: list, item_id: str, new_index: int) -> None:
    """Move a phase, lane or persona to a new index in its list."""
    index = next(i for i, item in enumerate(items) if item.id == item_id)
    item = items.pop(index)
    items.insert(max(0, min(new_index, len(items))), item)


def _remove(journey_map: JourneyMap, target: str, item_id: str) -> None:
    from app.operations import changes  # the change layer is built on this module

    changes.apply(journey_map, changes.RemoveItem(target=target, item_id=item_id))


def delete_phase(journey_map: JourneyMap, phase_id: str) -> None:
    """Remove a phase with every card and emotion point in it."""
    _remove(journey_map, "phase", phase_id)


def delete_lane(journey_map: JourneyMap, lane_id: str) -> None:
    """Remove a lane with its cards (the emotion lane's points belong to the persona and stay)."""
    _remove(journey_map, "lane", lane_id)


def delete_persona(journey_map: JourneyMap, persona_id: str) -> None:
    """Remove a persona with its whole journey."""
    _remove(journey_map, "persona", persona_id)


def duplicate_persona(journey_map: JourneyMap, persona_id: str, name: str) -> Persona:
    """A copy of a persona with its whole journey, inserted after it; returns the copy."""
    from app.operations import changes  # the change layer is built on this module

    copy = changes.duplicate_persona(journey_map, persona_id, name)
    changes.apply(journey_map, copy)
    return copy.item


def count_contents(journey_map: JourneyMap, *, phase: str = "", lane: str = "", persona: str = "") -> int:
    """How many cards a phase, lane or persona holds (to say what a delete takes with it)."""
    return sum(count_by_persona(journey_map, phase=phase, lane=lane, persona=persona).values())


def count_by_persona(journey_map: JourneyMap, *, phase: str = "", lane: str = "", persona: str = "") -> dict[str, int]:
    """How many cards a phase, lane or persona holds, per persona id in the map's order (none left out but empty)."""
    counts = dict.fromkeys((p.id for p in journey_map.personas), 0)
    for c in journey_map.cards:
        if (not phase or c.phase == phase) and (not lane or c.lane == lane) and (not persona or c.persona == persona):
            counts[c.persona] = counts.get(c.persona, 0) + 1
    return {pid: n for pid, n in counts.items() if n}


#: a list mark at the start of a pasted line: bullets, "1." / "1)", and task boxes "[ ]" / "[x]"
_LIST_MARK = re.compile(r"^(?:[-*+•·‣◦▪–—](?:\s+|$))?(?:\d{1,3}[.)](?:\s+|$))?(?:\[[ xX✓✔]?\]\s*)?")


def card_texts_from_lines(text: str, limit: int = 200) -> list[str]:
    """Card texts from pasted plain text: one per non-empty line, list marks ("- ", "• ", "1. ", "[ ] ") dropped."""
    texts = []
    for line in text.splitlines():
        stripped = _LIST_MARK.sub("", line.strip(), count=1).strip()
        if stripped:
            texts.append(stripped)
    return texts[:limit]
