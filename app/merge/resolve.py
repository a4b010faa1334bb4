"""Deciding one recorded merge conflict: the change that applies the choice and drops the record.

A merge keeps a valid choice in the map (ours for a field both sides changed,
the changed object for a removal) and records the conflict
(``JourneyMap.conflicts``). Resolving it is an ordinary change of the change
layer, so it goes through the same door as any edit and undo brings the
record back: "Keep mine" keeps what the map holds now (or removes an object
our side had removed), "Take theirs" sets their value (or removes what they
removed), and an edited value sets that. The record goes in the same step;
the last one sets ``conflicts`` to None, so the map is written as format 1.0
again when nothing else needs 1.1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from app.i18n import _
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import Conflict
from app.operations.changes import (
    Batch,
    Change,
    ChangeRefusedError,
    MoveCards,
    RemoveCards,
    RemoveItem,
    SetEmotion,
    SetFields,
    SetUnknownFields,
)

#: the choices of a person, by what the Conflicts panel's buttons say
KEEP_MINE = "ours"
TAKE_THEIRS = "theirs"
_STRUCTURE_LISTS = {"phase": "phases", "lane": "lanes", "persona": "personas"}
#: the fields this app knows, by conflict target (any other is an unknown field of a newer version)
_KNOWN_FIELDS = {"map": JourneyMap.model_fields, "phase": Phase.model_fields, "lane": Lane.model_fields,
                 "persona": Persona.model_fields, "card": Card.model_fields}


@dataclass(frozen=True)
class Edited:
    """A value the person typed instead of either side's (a text "ours" is ``Edited("ours")``)."""

    value: Any


def find_conflict(journey_map: JourneyMap, conflict_id: str) -> Conflict:
    found = next((c for c in journey_map.conflicts or [] if c.id == conflict_id), None)
    if found is None:
        raise ChangeRefusedError([_("there is no conflict {id} in the map").format(id=repr(conflict_id))])
    return found


def exists(journey_map: JourneyMap, conflict: Conflict) -> bool:
    """Whether the object the conflict is about is still in the map (it may have been removed since)."""
    if conflict.target == "map":
        return True
    if conflict.target == "card":
        return any(card.id == conflict.item_id for card in journey_map.cards)
    if conflict.target == "emotion":
        return _point(journey_map, conflict.item_id) is not None
    return any(item.id == conflict.item_id for item in getattr(journey_map, _STRUCTURE_LISTS[conflict.target]))


def editable(conflict: Conflict) -> bool:
    """Whether a person can type a value for the conflict instead of choosing a side."""
    return conflict.kind == "changed" and conflict.field != "cell"


def resolve(journey_map: JourneyMap, conflict_id: str, choice: str | Edited | Any) -> Change:
    """The change that decides one conflict: ``KEEP_MINE``, ``TAKE_THEIRS``, or a value (``Edited``; any
    other value than the two words counts as edited too). Raises ``ChangeRefusedError`` for a choice that
    cannot be made (no such conflict, a value for a removal, a value an emotion point cannot hold);
    the checks of the map's rules are the door's (``apply_checked``), as for every change."""
    conflict = find_conflict(journey_map, conflict_id)
    if not isinstance(choice, Edited) and choice not in (KEEP_MINE, TAKE_THEIRS):
        choice = Edited(choice)
    parts: list[Change] = []
    if exists(journey_map, conflict):
        parts = _decide(journey_map, conflict, choice)
    remaining = [c for c in journey_map.conflicts or [] if c.id != conflict_id]
    parts.append(SetFields(target="map", values={"conflicts": remaining or None}))
    return Batch(changes=parts)


def _decide(journey_map: JourneyMap, conflict: Conflict, choice: str | Edited) -> list[Change]:
    if conflict.kind != "changed":
        if isinstance(choice, Edited):
            raise ChangeRefusedError([_("a removal is decided by keeping or removing the object, not by a value")])
        remove = (conflict.kind == "removed_by_ours") == (choice == KEEP_MINE)
        return [_removal(journey_map, conflict)] if remove else []
    if choice == KEEP_MINE:
        return []  # the map holds our value (or what the person made of it since)
    value = conflict.theirs if choice == TAKE_THEIRS else choice.value  # type: ignore[union-attr]
    if conflict.target == "card" and conflict.field == "cell":
        if not (isinstance(value, list) and len(value) == 3 and all(isinstance(part, str) for part in value)):
            raise ChangeRefusedError([_("a card's place is a persona, a phase and a lane")])
        persona, phase, lane = value
        card = next(card for card in journey_map.cards if card.id == conflict.item_id)
        if (card.persona, card.phase, card.lane) == (persona, phase, lane):
            return []
        return [MoveCards(card_ids=[card.id], persona=persona, phase=phase, lane=lane)]
    if conflict.target == "emotion":
        point = _point(journey_map, conflict.item_id)
        assert point is not None  # it exists (checked by the caller)
        try:
            changed = EmotionPoint.model_validate({**point.model_dump(), conflict.field or "": value})
        except ValidationError as exc:
            raise ChangeRefusedError([str(error["msg"]) for error in exc.errors(include_url=False)]) from None
        return [SetEmotion(persona=point.persona, phase=point.phase, point=changed)]
    name = conflict.field or ""
    if name not in _KNOWN_FIELDS[conflict.target]:  # a field of a newer version's file, kept as it is
        return [SetUnknownFields(target=conflict.target, item_id=conflict.item_id, values={name: value})]
    return [SetFields(target=conflict.target, item_id=conflict.item_id, values={name: value})]


def _removal(journey_map: JourneyMap, conflict: Conflict) -> Change:
    if conflict.target == "card":
        return RemoveCards(card_ids=[conflict.item_id])
    if conflict.target == "emotion":
        persona, _slash, phase = conflict.item_id.partition("/")
        return SetEmotion(persona=persona, phase=phase, point=None)
    if conflict.target in _STRUCTURE_LISTS:
        return RemoveItem(target=conflict.target, item_id=conflict.item_id)
    raise ChangeRefusedError([_("the map itself cannot be removed")])


def _point(journey_map: JourneyMap, item_id: str) -> EmotionPoint | None:
    persona, _slash, phase = item_id.partition("/")
    return journey_map.emotion(persona, phase)
