"""A journey map held in a shared Yjs document (pycrdt) while a live session runs.

The schema (docs/live-sessions.md) is made for merging: every phase, lane,
persona, card and emotion point is a Y map of its own under its id, its free
texts are Y texts (two people typing in one card both keep their words), its
other fields hold their JSON text, and its place in its list is a fractional
index (``app.live.order``), so concurrent moves stay stable. Nothing here
knows Qt or the network.

Writing goes through :func:`update_doc`: it brings the document to a map
(after a change of the change layer was applied to it) touching only the
fields that differ, in one transaction. Reading (:func:`read_map`) builds a map
through the model's door and repairs what concurrent edits can break by the
rules of :func:`read_map`; a map that cannot be made valid never
leaves here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from pycrdt import Doc, Map, Text
from pydantic import BaseModel, ConfigDict, Json, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from app.i18n import _
from app.live.order import keys_between, rekeyed
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.fileformat import MapFileError, map_from_data
from app.model.gc_pause import gc_paused
from app.model.schema import FIELD_VERSIONS, FORMAT_NAME, SCHEMA_VERSION

#: the document's root maps: the map's own fields, then one map of items per list of the file
ROOTS = ("map", "phases", "lanes", "personas", "cards", "emotions")
#: the key of an item's place in its list (a fractional index); every other key is a field of the file
ORDER = "@order"
#: the key of the order of an item's unknown fields (a newer version's), which a file keeps: a JSON list
EXTRAS = "@extras"
#: the key of a card's cell: its persona, phase and lane as one JSON list (``CELL_FIELDS``). A move sets
#: them at once, so two people moving one card at once see one move win whole, never a cell neither chose;
#: and a card holds two entries fewer, which makes a joining editor's first read of 10,000 cards ~30 ms faster
CELL = "@cell"
CELL_FIELDS = ("persona", "phase", "lane")
#: the key, in the ``map`` root, of the version of this schema the document is written in; an editor refuses
#: a document of a newer one in words rather than misread it
SCHEMA_KEY = "@schema"
#: this schema's version: 2 holds a card's cell as one entry (1, before it, held three fields, still read)
LIVE_SCHEMA = 2
#: the keys that are not fields of the file
_DOC_KEYS = frozenset({ORDER, EXTRAS, SCHEMA_KEY})
#: the fields held as Y texts, merged character by character; every other field holds its JSON text
TEXT_FIELDS: dict[str, frozenset[str]] = {
    "map": frozenset({"title", "description", "goal"}),
    "phases": frozenset({"name", "goal", "description"}),
    "lanes": frozenset({"name"}),
    "personas": frozenset({"name", "role", "description", "quote"}),
    # a card's channel and owner are one-line values, set whole when their line is left: the last one set
    # wins, as for a choice (and a joining editor reads two Y texts a card instead of four)
    "cards": frozenset({"text", "notes"}),
    "emotions": frozenset({"label", "note"}),
}
#: the lists of a map, with the class of their items
LISTS: dict[str, type[BaseModel]] = {"phases": Phase, "lanes": Lane, "personas": Persona, "cards": Card,
                                     "emotions": EmotionPoint}
#: the map's fields that the document holds elsewhere or that the file derives
_NOT_MAP_FIELDS = frozenset(LISTS) | {"format", "schema_version"}
#: the fields each kind of item knows (the rest are unknown fields, kept in their order)
_KNOWN = {name: frozenset(model.model_fields) | ({CELL} if name == "cards" else set())
          for name, model in {**LISTS, "map": JourneyMap}.items()}


@dataclass
class LiveMap:
    """What a document holds: the map (None when it holds none yet) and the repairs made to read it."""

    journey_map: JourneyMap | None
    repairs: list[str] = field(default_factory=list)
    #: each card's and emotion point's place (fractional index) by its key, for reading changes item by item
    places: dict[str, dict[str, str]] = field(default_factory=dict)


class LiveMapError(ValueError):
    """The document holds a map that no repair rule makes valid; the message says why."""


def emotion_key(persona: str, phase: str) -> str:
    """An emotion point's key in the document: one point per persona and phase (ids hold no '/')."""
    return f"{persona}/{phase}"


def holds_map(doc: Doc) -> bool:
    """Whether the document holds a map (a room that was seeded)."""
    return "id" in doc.get("map", type=Map)


def write_map(doc: Doc, journey_map: JourneyMap, origin: Any = None) -> None:
    """Put a whole map into the document, replacing what it held, in one transaction."""
    update_doc(doc, journey_map, origin=origin)


def clear_map(doc: Doc, origin: Any = None) -> None:
    """Remove the map from the document (for ``push --replace``), in one transaction."""
    with doc.transaction(origin=origin):
        for root in ROOTS:
            doc.get(root, type=Map).clear()


def update_doc(doc: Doc, journey_map: JourneyMap, touched: Iterable[tuple[str, str]] | None = None,
               reorder: Iterable[str] | None = None, origin: Any = None) -> bool:
    """Bring the document to ``journey_map``, writing only what differs, in one transaction; True when every
    item's place was compared (and any may have moved), False when only the touched items' were.

    ``touched`` names the items a change made, edited or removed, as (list, key) pairs with the list's name
    ("cards") or "map" for the map's own fields: only those are written, and only the touched items of the
    lists in ``reorder`` get new places, between their neighbours, so an edit costs what it touched, not the
    map's size. None compares every item and every place (a structure edit, a whole map).
    """
    if touched is None:
        with doc.transaction(origin=origin):
            root = doc.get("map", type=Map)
            _update_fields(root, "map", _map_fields(journey_map))
            if root.get(SCHEMA_KEY) != str(LIVE_SCHEMA):  # every card is written in it now
                root[SCHEMA_KEY] = str(LIVE_SCHEMA)
            for name in LISTS:
                items = {_object_key(name, item): _item_data(name, item) for item in getattr(journey_map, name)}
                root = doc.get(name, type=Map)
                _update_items(root, name, items, None)
                _update_order(root, list(items))
        return True
    wanted = set(touched)
    orders = set(reorder or ())
    all_placed = False
    with doc.transaction(origin=origin):
        if any(name == "map" for name, _key in wanted):
            _update_fields(doc.get("map", type=Map), "map", _map_fields(journey_map))
        for name in LISTS:
            keys = {key for list_name, key in wanted if list_name == name}
            if not keys:
                continue
            objects = getattr(journey_map, name)
            ids = [_object_key(name, item) for item in objects]
            positions = {key: index for index, key in enumerate(ids) if key in keys}
            items = {key: _item_data(name, objects[index]) for key, index in positions.items()}
            root = doc.get(name, type=Map)
            _update_items(root, name, items, list(keys))
            if name in orders and not _placed_near(root, ids, sorted(positions.values())):
                _update_order(root, ids)
                all_placed = True
    return all_placed


def _object_key(name: str, item: Any) -> str:
    return emotion_key(item.persona, item.phase) if name == "emotions" else item.id


def _item_data(name: str, item: BaseModel) -> dict[str, Any]:
    """One item as the document holds it: its fields as the file holds them, but no ``id`` (the key is the
    id) and no field at its default (read back as the default), which makes a joining editor's first read
    a third smaller. Its free texts are always there, so that two people who start one at once type into
    the same Y text."""
    data = item.model_dump(mode="json", exclude_defaults=True)
    if name != "emotions":
        data.pop("id", None)
    if name == "cards":
        data[CELL] = [data.pop(field_name) for field_name in CELL_FIELDS]
    for field_name in TEXT_FIELDS[name]:
        if field_name not in data:
            data[field_name] = getattr(item, field_name)
    return data


def _map_fields(journey_map: JourneyMap) -> dict[str, Any]:
    """The map's own fields as the file holds them, without its lists."""
    data = journey_map.model_dump(mode="json", exclude=set(_NOT_MAP_FIELDS))
    for field_name in FIELD_VERSIONS:
        if data.get(field_name, "") is None:
            del data[field_name]
    return data


def _placed_near(root: Map, ids: list[str], positions: list[int]) -> bool:
    """Give the touched items (at ``positions`` of ``ids``) places between their untouched neighbours.

    False when a neighbour has no place or two neighbours are out of order (then every place is compared).
    """
    start = 0
    while start < len(positions):
        end = start
        while end + 1 < len(positions) and positions[end + 1] == positions[end] + 1:
            end += 1
        first, last = positions[start], positions[end]
        low = _place(root, ids[first - 1]) if first > 0 else ""
        high = _place(root, ids[last + 1]) if last + 1 < len(ids) else None
        if low is None or (high is not None and not low < high):
            return False
        run = ids[first:last + 1]
        current = [_place(root, key) for key in run]
        bounds = [low, *current] + ([high] if high is not None else [])  # "" sorts before every place
        if None in current or not all(a < b for a, b in pairwise(bounds)):
            for key, place in zip(run, keys_between(low or None, high, len(run)), strict=True):
                root[key][ORDER] = place
        start = end + 1
    return True


def _place(root: Map, key: str) -> str | None:
    item = root.get(key)
    place = item.get(ORDER) if isinstance(item, Map) else None
    return place if isinstance(place, str) else None


def _update_items(root: Map, name: str, items: dict[str, dict[str, Any]], keys: list[str] | None) -> None:
    if keys is None:
        for gone in [key for key in root if key not in items]:
            del root[gone]
        keys = list(items)
    for key in keys:
        item = items.get(key)
        if item is None:
            if key in root:
                del root[key]
        elif key in root:
            _update_fields(root[key], name, item)
        else:
            held = {field_name: _held(name, field_name, value) for field_name, value in item.items()}
            extras = [field_name for field_name in item if field_name not in _KNOWN[name]]
            if extras:
                held[EXTRAS] = json.dumps(extras)
            root[key] = Map(held)


def _held(name: str, field_name: str, value: Any) -> Any:
    """A field's value as the document holds it: a Y text for free text, else its JSON text."""
    if field_name in TEXT_FIELDS[name] and isinstance(value, str):
        return Text(value)
    held = json.dumps(value, ensure_ascii=False, allow_nan=False)
    try:
        held.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate of an unknown field, kept as the file keeps it: escaped
        held = json.dumps(value, allow_nan=False)
    return held


def _update_fields(target: Map, name: str, data: dict[str, Any]) -> None:
    for gone in [key for key in target if key not in _DOC_KEYS and key not in data]:
        del target[gone]
    extras = [field_name for field_name in data if field_name not in _KNOWN[name]]
    held_extras = json.dumps(extras) if extras else None
    if target.get(EXTRAS) != held_extras:
        if held_extras is None:
            del target[EXTRAS]
        else:
            target[EXTRAS] = held_extras
    for field_name, value in data.items():
        held = target.get(field_name)
        if isinstance(held, Text) and isinstance(value, str):
            _edit_text(held, value)
        else:
            wanted = _held(name, field_name, value)
            if isinstance(wanted, Text) or held != wanted:
                target[field_name] = wanted


def _edit_text(text: Text, wanted: str) -> None:
    """Turn a Y text into ``wanted`` by one deletion and one insertion in the middle, so that what
    others typed before and after the edited stretch is kept."""
    current = str(text)
    if current == wanted:
        return
    start = 0
    limit = min(len(current), len(wanted))
    while start < limit and current[start] == wanted[start]:
        start += 1
    end_current, end_wanted = len(current), len(wanted)
    while end_current > start and end_wanted > start and current[end_current - 1] == wanted[end_wanted - 1]:
        end_current -= 1
        end_wanted -= 1
    # pycrdt counts a text's positions in UTF-8 bytes
    at = len(current[:start].encode("utf-8"))
    if end_current > start:
        del text[at:at + len(current[start:end_current].encode("utf-8"))]
    if end_wanted > start:
        text.insert(at, wanted[start:end_wanted])


def _update_order(root: Map, ids: list[str]) -> None:
    keys = {key: root[key].get(ORDER) for key in ids if key in root}
    for key, order in rekeyed(ids, {key: value for key, value in keys.items() if isinstance(value, str)}).items():
        root[key][ORDER] = order


# --- reading ------------------------------------------------------------------------------------------------


def read_map(doc: Doc) -> LiveMap:
    """The map the document holds, made valid by the repair rules, or ``LiveMap(None)`` when it holds none.

    The rules (docs/live-sessions.md, "Repair rules"): an item is read under its key; a field that breaks the
    model's rules is read as its default, an item whose required field does is left out; a card or emotion
    point whose persona, phase or lane was removed is left out (the removal wins); a lane that holds cards is
    read as a notes lane, not as the emotion curve (no card is lost); KPI values of removed phases or
    personas are left out.

    Raises LiveMapError when the map's own fields cannot be read (a document
    written by a client that breaks the schema).
    """
    with gc_paused(), doc.transaction() as transaction:  # as a file's read: many objects, no cycles
        if not holds_map(doc):
            return LiveMap(None)
        _check_schema(doc)
        places: dict[str, dict[str, str]] = {"cards": {}, "emotions": {}}
        quick = _quick_read(doc, transaction, places)
        if quick is not None:
            return LiveMap(quick, [], places)
        return _repaired_read(doc)


def _check_schema(doc: Doc) -> None:
    """Refuse, in words, a document written in a newer version of this schema: read as this one, its items
    would be repaired away and the repair written back, for everyone."""
    said = doc.get("map", type=Map).get(SCHEMA_KEY)
    if isinstance(said, str) and said.isascii() and said.isdigit() and int(said) > LIVE_SCHEMA:
        raise LiveMapError(_("this live session's map was written by a newer version of the editor (live schema "
                             "{theirs}; this editor reads up to {ours}): update the editor to join it").format(
                                 theirs=int(said), ours=LIVE_SCHEMA))


def _quick_read(doc: Doc, transaction: Any, places: dict[str, dict[str, str]]) -> JourneyMap | None:
    """The map read through the file's door in one pass per root, or None when a rule is broken.

    pycrdt makes each root's JSON in one call; pydantic parses it, each field's JSON text with it
    (:func:`_held_items`), so that a 10,000-card map is not parsed field by field in Python. Anything
    unusual (a field this version does not know, a value of the wrong type, a field that breaks the
    model's rules) returns None and takes the careful path, which repairs it.
    """
    try:
        texts = {name: doc.get(name, type=Map).integrated.to_json(transaction._txn) for name in ROOTS}
        data: dict[str, Any] = {}
        for key, value in _in_file_order(json.loads(texts["map"])):
            if key not in _NOT_MAP_FIELDS:
                data[key] = value if key in TEXT_FIELDS["map"] else json.loads(value)
        data["format"], data["schema_version"] = FORMAT_NAME, SCHEMA_VERSION
        for name in LISTS:
            items = _held_items(name).validate_json(texts[name])
            order = {key: item.pop(ORDER, "") for key, item in items.items()}
            if name in places:
                places[name].update(order)
            if name != "emotions":
                for key, item in items.items():
                    item["id"] = key
                    if CELL in item:  # else a card of schema 1: its cell in three fields
                        item.update(zip(CELL_FIELDS, item.pop(CELL), strict=True))
            keys = sorted(order)  # items given one place are ordered by their keys (a stable sort keeps it)
            keys.sort(key=order.__getitem__)
            data[name] = [items[key] for key in keys]
        return map_from_data(data)
    except (MapFileError, ValueError, TypeError):  # ValidationError is a ValueError
        return None


@cache
def _held_items(name: str) -> TypeAdapter:
    """The parser of a root's JSON: one entry per item, its free texts as strings, every other field's JSON
    text parsed. Only the fields this version knows: an item with others is read by the careful path. (An
    ``id`` field, held by rooms of the first schema, is parsed and then replaced by the key.)"""
    fields: dict[str, Any] = {field_name: str if field_name in TEXT_FIELDS[name] else Json[Any]
                              for field_name in _KNOWN[name]}
    if name == "cards":
        fields[CELL] = Json[tuple[str, str, str]]
    fields[ORDER] = str
    held = TypedDict(f"Held{name.title()}", fields, total=False)  # type: ignore[misc]  # keys such as "@order"
    held.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return TypeAdapter(dict[str, held])


def _in_file_order(item: dict[str, Any]) -> list[tuple[str, Any]]:
    """An item's fields without its place keys, its unknown fields last in the order the file had them."""
    order = item.get(EXTRAS)
    fields = [(key, value) for key, value in item.items() if key not in _DOC_KEYS]
    if not isinstance(order, str) or not order:
        return fields
    try:
        listed = {key: index for index, key in enumerate(json.loads(order))}
    except (ValueError, TypeError):
        return fields
    return sorted(fields, key=lambda field: (field[0] in listed, listed.get(field[0], 0)))


def _repaired_read(doc: Doc) -> LiveMap:
    """The map read item by item, each broken rule repaired (the rules: :func:`read_map`)."""
    repairs: list[str] = []
    places: dict[str, dict[str, str]] = {"cards": {}, "emotions": {}}
    data = _fields(doc.get("map", type=Map), repairs, "map")
    lists = {name: _items(doc.get(name, type=Map), name, repairs, places.get(name)) for name in LISTS}
    _repair_places(lists, data, repairs)
    data.update({"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION}, **lists)
    try:
        return LiveMap(map_from_data(data), repairs, places)
    except MapFileError as error:
        raise LiveMapError(_("the live session's map cannot be read: {problem}").format(problem=error.problem)) \
            from None


def _fields(item: Map, repairs: list[str], name: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field_name, value in _in_file_order(dict(item.items())):
        if isinstance(value, Text):
            found[field_name] = str(value)
        elif isinstance(value, str):
            try:
                found[field_name] = json.loads(value)
            except ValueError:
                repairs.append(_("{place}: the field {field} is not JSON text and was left out").format(
                    place=name, field=field_name))
        else:
            repairs.append(_("{place}: the field {field} is not JSON text and was left out").format(
                place=name, field=field_name))
    return found


def _items(root: Map, name: str, repairs: list[str], places: dict[str, str] | None = None) -> list[BaseModel]:
    placed: list[tuple[str, str, BaseModel]] = []
    for key, item in root.items():
        value, place = read_item(name, key, item, repairs)
        if value is not None:
            placed.append((place, key, value))
            if places is not None:
                places[key] = place
    placed.sort(key=lambda entry: (entry[0], entry[1]))
    return [value for _order, _key, value in placed]


def read_item(name: str, key: str, item: Any, repairs: list[str]) -> tuple[BaseModel | None, str]:
    """One item of a list and its place, its fields repaired by rule; (None, "") when it is left out."""
    if not isinstance(item, Map):
        repairs.append(_("{place}: {key} is not an item and was left out").format(place=name, key=key))
        return None, ""
    where = f"{name}[{key}]"
    data = _fields(item, repairs, where)
    if name == "cards" and CELL in data:  # else a card of schema 1: its cell in three fields
        cell = data.pop(CELL)
        if isinstance(cell, list) and len(cell) == len(CELL_FIELDS) and all(isinstance(part, str) for part in cell):
            data.update(zip(CELL_FIELDS, cell, strict=True))
        else:
            repairs.append(_("{place}: the field {field} breaks the map's rules and was read as its "
                             "default").format(place=where, field=CELL))
    if name != "emotions" and data.get("id") != key:
        data["id"] = key
    value = _valid(LISTS[name], data, where, repairs)
    order = item.get(ORDER)
    return value, order if isinstance(order, str) else ""


def _valid(model: type[BaseModel], data: dict[str, Any], where: str, repairs: list[str]) -> BaseModel | None:
    """The item, with each field that breaks the model's rules left at its default; None if a required one does."""
    for _attempt in range(len(data) + 1):
        try:
            return model.model_validate(data)
        except ValidationError as error:
            broken = {str(problem["loc"][0]) for problem in error.errors() if problem["loc"]}
            required = {name for name, info in model.model_fields.items() if info.is_required()}
            if not broken or broken & required or not broken & set(data):
                repairs.append(_("{place} breaks the map's rules and was left out").format(place=where))
                return None
            for name in broken & set(data):
                del data[name]
                repairs.append(_("{place}: the field {field} breaks the map's rules and was read as its "
                                 "default").format(place=where, field=name))
    return None


def _repair_places(lists: dict[str, list[Any]], data: dict[str, Any], repairs: list[str]) -> None:
    personas = {persona.id for persona in lists["personas"]}
    phases = {phase.id for phase in lists["phases"]}
    lanes = {lane.id for lane in lists["lanes"]}
    kept_cards = []
    for card in lists["cards"]:
        if card.persona in personas and card.phase in phases and card.lane in lanes:
            kept_cards.append(card)
        else:
            repairs.append(_("card {id} was left out: its persona, phase or lane was removed").format(id=card.id))
    lists["cards"] = kept_cards
    holding = {card.lane for card in kept_cards}
    for index, lane in enumerate(lists["lanes"]):
        if lane.kind == "emotions" and lane.id in holding:
            lists["lanes"][index] = lane.model_copy(update={"kind": "notes"})
            repairs.append(_("lane {id} holds cards and was read as a notes lane").format(id=lane.id))
    kept_points = [point for point in lists["emotions"] if point.persona in personas and point.phase in phases]
    if len(kept_points) < len(lists["emotions"]):
        repairs.append(_("emotion points of removed personas or phases were left out"))
    lists["emotions"] = kept_points
    kpis = data.get("kpis")
    if isinstance(kpis, dict) and isinstance(kpis.get("values"), list):
        values = [value for value in kpis["values"] if not isinstance(value, dict) or (
            value.get("phase") in phases and value.get("persona") in personas | {None})]
        if len(values) < len(kpis["values"]):
            repairs.append(_("KPI values of removed phases or personas were left out"))
            data["kpis"] = {**kpis, "values": values}
