"""What differs between two maps, object by object, and the changes that turn the one into the other.

Objects are matched by id (emotion points by persona and phase), never by
position, so a renamed phase is a rename and a card dragged to another cell is a
move. :func:`changes_between` gives the differences as changes of the change
layer (``app.operations.changes``): applied to the first map through the same
door as any edit, they give the second, list order included.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any

from app.model import Card, EmotionPoint, JourneyMap
from app.operations.changes import (
    AddCards,
    Change,
    InsertItem,
    MoveItem,
    PlaceCards,
    RemoveCards,
    RemoveItem,
    SetEmotion,
    SetFields,
    SetUnknownFields,
)

#: the structure lists of a map, by the target name of a change
STRUCTURE = {"phase": "phases", "lane": "lanes", "persona": "personas"}
#: a card's cell: one value for a diff and a merge ("moved"), three fields in the file
CELL_FIELDS = ("persona", "phase", "lane")
#: map fields that are not compared as fields: the lists (compared by object) and what the file derives
_NOT_MAP_FIELDS = {"format", "schema_version", "phases", "lanes", "personas", "cards", "emotions"}


@dataclass(frozen=True)
class Difference:
    """One object that differs: added, removed, changed (``fields``) or moved.

    ``fields`` maps a field name to (old, new) as JSON values; for a card, "cell"
    stands for persona, phase and lane together (a move to another cell) and
    "position" for a move within its cell or list.
    """

    kind: str  # "added", "removed", "changed"
    target: str  # "map", "phase", "lane", "persona", "card", "emotion"
    item_id: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    #: the object as JSON data: the new one when added or changed, the old one when removed
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"kind": self.kind, "target": self.target, "id": self.item_id}
        if self.fields:
            found["fields"] = {name: {"old": old, "new": new} for name, (old, new) in self.fields.items()}
        if self.kind != "changed":
            found["object"] = self.data
        return found


def copy_map(journey_map: JourneyMap) -> JourneyMap:
    """A copy of a map that shares no mutable part with it, made without validating again.

    ``model_copy(deep=True)`` goes through ``copy.deepcopy`` object by object: on a
    10,000-card map a quarter of a second, most of a merge's time. Each object here
    is copied with its lists (the only mutable values of a map's objects besides
    unknown fields, which are deep-copied when there are any).
    """
    copied = journey_map.model_copy()
    for name in ("phases", "lanes", "personas", "cards", "emotions", "conflicts"):
        items = getattr(journey_map, name)
        if items is not None:
            copied.__dict__[name] = [_copy_item(item) for item in items]
    if journey_map.__pydantic_extra__:
        copied.__pydantic_extra__ = deepcopy(journey_map.__pydantic_extra__)
    return copied


def _copy_item(item: Any) -> Any:
    copied = item.model_copy()
    for name, value in item.__dict__.items():
        if isinstance(value, list):  # lists of texts (tags, goals): a copy of the list is a copy of it all
            copied.__dict__[name] = list(value) if all(type(v) is str for v in value) else deepcopy(value)
        elif isinstance(value, dict):
            copied.__dict__[name] = deepcopy(value)
    if item.__pydantic_extra__:
        copied.__pydantic_extra__ = deepcopy(item.__pydantic_extra__)
    return copied


def _data(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json")


def emotion_key(point: EmotionPoint) -> str:
    """The id of an emotion point in a diff or a conflict: ``PERSONA/PHASE``."""
    return f"{point.persona}/{point.phase}"


def _field_changes(old: dict[str, Any], new: dict[str, Any], skip: set[str] = frozenset()) -> dict[str, Any]:
    """(old, new) of each field that differs, in the new object's key order (then fields only the old has)."""
    found: dict[str, tuple[Any, Any]] = {}
    for name in [*new, *(name for name in old if name not in new)]:
        if name not in skip and old.get(name) != new.get(name):
            found[name] = (old.get(name), new.get(name))
    return found


def kept_in_order(ids: list[str], order: Mapping[str, Any]) -> set[str]:
    """The ids that keep their order: a longest run strictly increasing in ``order`` (the rest moved).

    ``order`` gives each id a comparable value: its old position here, its place key in a live session.
    """
    from bisect import bisect_left

    tails: list[int] = []  # tails[k]: index into ids of the smallest tail of a run of length k + 1
    tail_values: list[Any] = []
    before: list[int] = [-1] * len(ids)
    for i, item in enumerate(ids):
        value = order[item]
        k = bisect_left(tail_values, value)
        before[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
    kept: set[str] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        kept.add(ids[i])
        i = before[i]
    return kept


def differences(old: JourneyMap, new: JourneyMap) -> list[Difference]:
    """Every object that differs between two maps: map fields, structure, cards, then emotion points."""
    found: list[Difference] = []
    old_data, new_data = old.model_dump(mode="json"), new.model_dump(mode="json")
    map_fields = _field_changes(old_data, new_data, _NOT_MAP_FIELDS)
    if map_fields:
        found.append(Difference("changed", "map", old.id, map_fields))
    for target, name in STRUCTURE.items():
        found += _list_differences(target, old_data[name], new_data[name], "id")
    found += _card_differences(old_data["cards"], new_data["cards"])
    for point in (*old_data["emotions"], *new_data["emotions"]):
        point["id"] = f"{point['persona']}/{point['phase']}"
    found += _list_differences("emotion", old_data["emotions"], new_data["emotions"], "id", positions=False)
    for points in (old_data["emotions"], new_data["emotions"]):
        for point in points:
            del point["id"]
    return found


def _list_differences(target: str, old: list[dict], new: list[dict], key: str, positions: bool = True,
                      ) -> list[Difference]:
    old_by = {item[key]: item for item in old}
    new_by = {item[key]: item for item in new}
    found = [Difference("removed", target, item[key], data=item) for item in old if item[key] not in new_by]
    common_old = [item[key] for item in old if item[key] in new_by]
    order = {item[key]: i for i, item in enumerate(item for item in new if item[key] in old_by)}
    kept = kept_in_order(common_old, order) if positions else set(common_old)
    for _i, item in enumerate(new):
        was = old_by.get(item[key])
        if was is None:
            found.append(Difference("added", target, item[key], data=item))
            continue
        fields = _field_changes(was, item, {"id"} if target == "emotion" else set())
        if item[key] not in kept:
            fields["position"] = (common_old.index(item[key]), order[item[key]])
        if fields:
            found.append(Difference("changed", target, item[key], fields, data=item))
    return found


def _card_differences(old: list[dict], new: list[dict]) -> list[Difference]:
    """Cards added, removed, changed field by field, moved to another cell or within their cell."""
    old_by = {card["id"]: card for card in old}
    new_by = {card["id"]: card for card in new}
    found = [Difference("removed", "card", card["id"], data=card) for card in old if card["id"] not in new_by]
    moved_within = _moved_within_cells(old, new, old_by, new_by)
    for card in new:
        was = old_by.get(card["id"])
        if was is None:
            found.append(Difference("added", "card", card["id"], data=card))
            continue
        if was == card and card["id"] not in moved_within:
            continue
        fields = {}
        old_cell, new_cell = [was[f] for f in CELL_FIELDS], [card[f] for f in CELL_FIELDS]
        if old_cell != new_cell:
            fields["cell"] = (old_cell, new_cell)
        elif card["id"] in moved_within:
            fields["position"] = moved_within[card["id"]]
        fields.update(_field_changes(was, card, {"id", *CELL_FIELDS}))
        if fields:
            found.append(Difference("changed", "card", card["id"], fields, data=card))
    return found


def _cells(cards: list[dict], keep: dict[str, dict]) -> dict[tuple[str, str, str], list[str]]:
    cells: dict[tuple[str, str, str], list[str]] = {}
    for card in cards:
        if card["id"] in keep:
            cells.setdefault((card["persona"], card["phase"], card["lane"]), []).append(card["id"])
    return cells


def _moved_within_cells(old: list[dict], new: list[dict], old_by: dict, new_by: dict) -> dict[str, tuple[int, int]]:
    """Cards that stayed in their cell but not in their order among the cell's other cards: (old, new) place."""
    same_cell = {card_id: card for card_id, card in new_by.items() if card_id in old_by and all(
        old_by[card_id][f] == card[f] for f in CELL_FIELDS)}
    old_cells, new_cells = _cells(old, same_cell), _cells(new, same_cell)
    moved: dict[str, tuple[int, int]] = {}
    for cell, old_ids in old_cells.items():
        new_ids = new_cells[cell]
        if old_ids == new_ids:
            continue
        order = {card_id: i for i, card_id in enumerate(new_ids)}
        kept = kept_in_order(old_ids, order)
        moved.update({card_id: (old_ids.index(card_id), order[card_id]) for card_id in old_ids
                      if card_id not in kept})
    return moved


# --- as changes ------------------------------------------------------------------


def changes_between(old: JourneyMap, new: JourneyMap) -> list[Change]:
    """The changes that turn ``old`` into ``new`` (objects of ``new`` are copied, never shared).

    In an order in which each is valid: new phases, lanes and personas first (cards
    may move into them), then field edits, cards, emotion points, the removal of
    structure (by then empty of what ``new`` keeps), the order of the lists, and the
    map's own fields last.
    """
    changes: list[Change] = []
    for target, name in STRUCTURE.items():
        old_items = {item.id: item for item in getattr(old, name)}
        new_items = getattr(new, name)
        count = len(old_items)
        for item in new_items:
            was = old_items.get(item.id)
            if was is None:
                changes.append(InsertItem(target=target, index=count, item=item.model_copy(deep=True)))
                count += 1
            elif was != item:
                changes += _field_changes_of(target, item.id, was, item, {"id"})
    changes += _card_changes(old, new)
    changes += _emotion_changes(old, new)
    for target, name in STRUCTURE.items():
        new_ids = {item.id for item in getattr(new, name)}
        changes += [RemoveItem(target=target, item_id=item.id) for item in getattr(old, name)
                    if item.id not in new_ids]
    for target, name in STRUCTURE.items():
        changes += _order_changes(target, [item.id for item in getattr(old, name)],
                                  [item.id for item in getattr(new, name)])
    changes += _field_changes_of("map", "", old, new, _NOT_MAP_FIELDS)
    return changes


def _field_changes_of(target: str, item_id: str, old: Any, new: Any, skip: set[str]) -> list[Change]:
    """A field edit of the known fields that differ, and one of the unknown fields set or gone."""
    found: list[Change] = []
    values = {name: _copy(getattr(new, name)) for name in type(new).model_fields
              if name not in skip and getattr(old, name) != getattr(new, name)}
    if values:
        found.append(SetFields(target=target, item_id=item_id, values=values))
    old_extra, new_extra = old.__pydantic_extra__ or {}, new.__pydantic_extra__ or {}
    if old_extra != new_extra:
        found.append(SetUnknownFields(
            target=target, item_id=item_id,
            values={name: deepcopy(value) for name, value in new_extra.items() if old_extra.get(name, _GONE) != value},
            removed=[name for name in old_extra if name not in new_extra], order=list(new_extra)))
    return found


_GONE = object()


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if hasattr(value, "model_copy"):
        return value.model_copy(deep=True)
    return value


def _card_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    new_by = {card.id: card for card in new.cards}
    old_by = {card.id: card for card in old.cards}
    changes: list[Change] = []
    gone = [card.id for card in old.cards if card.id not in new_by]
    if gone:
        changes.append(RemoveCards(card_ids=gone))
    now = [card.id for card in old.cards if card.id in new_by]
    added = [card for card in new.cards if card.id not in old_by]
    if added:
        changes.append(AddCards(placed=[(len(now) + i, card.model_copy(deep=True)) for i, card in enumerate(added)]))
        now += [card.id for card in added]
    for card in new.cards:
        was = old_by.get(card.id)
        if was is not None and was != card:
            changes += _field_changes_of("card", card.id, was, card, {"id"})
    order = {card.id: i for i, card in enumerate(new.cards)}
    kept = kept_in_order(now, order)
    out_of_place = [(order[card_id], _cell_of(new_by[card_id])) for card_id in now if card_id not in kept]
    if out_of_place:
        changes.append(PlaceCards(cards=sorted(out_of_place, key=lambda pair: pair[0])))
    return changes


def _cell_of(card: Card) -> Card:
    """A card to place: PlaceCards takes only its id and cell."""
    return card.model_copy(deep=True)


def _emotion_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    new_by = {emotion_key(point): point for point in new.emotions}
    old_by = {emotion_key(point): point for point in old.emotions}
    same = [key for key, point in old_by.items() if new_by.get(key) == point]
    order = {emotion_key(point): i for i, point in enumerate(new.emotions)}
    kept = kept_in_order([key for key in (emotion_key(p) for p in old.emotions) if key in same], order)
    changes: list[Change] = [SetEmotion(persona=point.persona, phase=point.phase) for point in old.emotions
                             if emotion_key(point) not in kept]
    changes += [SetEmotion(persona=point.persona, phase=point.phase, point=point.model_copy(deep=True), index=i)
                for i, point in enumerate(new.emotions) if emotion_key(point) not in kept]
    return changes


def _order_changes(target: str, old_ids: list[str], new_ids: list[str]) -> list[Change]:
    """Moves that put a list (after its insertions and removals) in the new order: each to its final place."""
    new_set = set(new_ids)
    now = [item_id for item_id in old_ids if item_id in new_set]
    now += [item_id for item_id in new_ids if item_id not in set(now)]
    changes: list[Change] = []
    for place, item_id in enumerate(new_ids):
        if now[place] != item_id:
            now.remove(item_id)
            now.insert(place, item_id)
            changes.append(MoveItem(target=target, item_id=item_id, index=place))
    return changes
