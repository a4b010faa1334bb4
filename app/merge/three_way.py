"""Three-way merge of maps: per object and per field, both sides' work kept, conflicts recorded in the map.

Each object (phase, lane, persona, card, emotion point, the map itself) is
matched by id across the base and the two sides. A field changed on one side
only takes that side's value; a field changed on both sides to different values
is a conflict: the merged map holds ours and records both (``Conflict``). An
object removed on one side and changed on the other stays, with a conflict, so
nobody's work disappears unseen. A card's persona, phase and lane merge as one
value (its cell). Orders merge so that both sides' insertions survive next to
what preceded them on their side. The merged map always keeps every rule of a
map: it is built, then reached from ours by the changes of
:func:`app.merge.diff.changes_between`, applied through the same door as any edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_jsonable_python

from app.merge.diff import CELL_FIELDS, STRUCTURE, changes_between, copy_map
from app.model import Card, EmotionPoint, JourneyMap, Kpis, Lane, Persona, Phase
from app.model.ids import new_id
from app.model.schema import Conflict, version_key, written_version
from app.operations.changes import Batch, Change, apply_checked
from app.operations.index import CardIndex

#: map fields that merge by their own rule, not as plain fields
_OWN_RULE = {"format", "schema_version", "phases", "lanes", "personas", "cards", "emotions", "conflicts",
             "modified"}
_MISSING = object()


@dataclass
class MergeResult:
    """The merged map, the conflicts it records (new ones only), and the changes that made it from ours."""

    merged: JourneyMap
    conflicts: list[Conflict]
    changes: list[Change] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


class _Merger:
    def __init__(self, base: dict, ours: dict, theirs: dict, ours_label: str, theirs_label: str) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.labels = {"ours_label": ours_label, "theirs_label": theirs_label}
        self.conflicts: list[dict[str, Any]] = []
        taken = {conflict["id"] for side in (base, ours, theirs) for conflict in side.get("conflicts") or []}
        self.conflict_ids: set[str] = set(taken)

    # --- records ------------------------------------------------------------------

    def conflict(self, kind: str, target: str, item_id: str, name: str | None, base: Any, ours: Any,
                 theirs: Any) -> None:
        conflict_id = new_id("k", self.conflict_ids)
        self.conflict_ids.add(conflict_id)
        values = {"base": base, "ours": ours, "theirs": theirs}
        self.conflicts.append({"id": conflict_id, "kind": kind, "target": target, "item_id": item_id, "field": name,
                               **{side: to_jsonable_python(value) for side, value in values.items()}, **self.labels})

    # --- one object ---------------------------------------------------------------

    def merge_fields(self, target: str, item_id: str, base: dict, ours: dict, theirs: dict,
                     skip: set[str] = frozenset()) -> dict:
        """One object present on all three sides: each field from the side that changed it."""
        merged: dict[str, Any] = {}
        names = list(dict.fromkeys([*ours, *theirs]))
        if target == "card":
            base, ours, theirs = (_with_cell(side) for side in (base, ours, theirs))
            names = ["id", "cell", *(name for name in names if name not in ("id", *CELL_FIELDS))]
        for name in names:
            if name in skip:
                continue
            b, o, t = base.get(name, _MISSING), ours.get(name, _MISSING), theirs.get(name, _MISSING)
            if o == t or t == b:
                value = o
            elif o == b:
                value = t
            else:
                value = o
                self.conflict("changed", target, item_id, name, _json(b), _json(o), _json(t))
            if value is not _MISSING:
                merged[name] = value
        if target == "card":
            merged = _without_cell(merged)
        return merged

    def merge_objects(self, target: str, base: list[dict], ours: list[dict], theirs: list[dict], key,
                      needed: set[str] = frozenset()) -> dict[str, dict]:
        """Objects by key: added on a side kept, removed on a side gone unless the other side changed it
        (or ``needed`` holds it: things that the merged map still puts in it); in no particular order."""
        base_by, ours_by, theirs_by = ({key(item): item for item in side} for side in (base, ours, theirs))
        merged: dict[str, dict] = {}
        for item_id in dict.fromkeys([*ours_by, *theirs_by, *base_by]):
            b, o, t = base_by.get(item_id), ours_by.get(item_id), theirs_by.get(item_id)
            if b is None:
                if o is not None and t is not None and o != t:
                    merged[item_id] = self.merge_fields(target, item_id, {}, o, t)
                else:
                    merged[item_id] = o if o is not None else t
            elif o is not None and t is not None:
                merged[item_id] = o if o == t else self.merge_fields(target, item_id, b, o, t)
            elif o is None and t is None:
                continue
            else:
                kept, side = (t, "ours") if o is None else (o, "theirs")
                if kept == b and item_id not in needed:
                    continue  # removed on one side, untouched on the other
                merged[item_id] = kept
                self.conflict(f"removed_by_{side}", target, item_id, None, b,
                              None if side == "ours" else kept, kept if side == "ours" else None)
        return merged


def _json(value: Any) -> Any:
    return None if value is _MISSING else value


def _with_cell(card: dict) -> dict:
    if not card:
        return card
    found = {name: value for name, value in card.items() if name not in CELL_FIELDS}
    found["cell"] = [card[name] for name in CELL_FIELDS]
    return found


def _without_cell(card: dict) -> dict:
    cell = card.pop("cell")
    return {"id": card.pop("id"), **dict(zip(CELL_FIELDS, cell, strict=True)), **card}


def merge_order(base: list[str], ours: list[str], theirs: list[str], keep: set[str] | dict) -> list[str]:
    """The merged order of a list: the order of the side that reordered (ours when both or neither did),
    with the other side's items put right after the item that precedes them there."""
    shared = set(base) & set(ours) & set(theirs)
    base_order = [item for item in base if item in shared]
    ours_moved = [item for item in ours if item in shared] != base_order
    theirs_moved = [item for item in theirs if item in shared] != base_order
    skeleton, other = (theirs, ours) if theirs_moved and not ours_moved else (ours, theirs)
    result = [item for item in skeleton if item in keep]
    placed = set(result)
    for place, item in enumerate(other):
        if item in placed or item not in keep:
            continue
        before = next((other[k] for k in range(place - 1, -1, -1) if other[k] in placed), None)
        at = result.index(before) + 1 if before is not None else 0
        result.insert(at, item)
        placed.add(item)
    result += [item for item in keep if item not in placed]  # kept by neither side's list (not expected)
    return result


def _rename_clashing_additions(base: dict, ours: dict, theirs: dict) -> None:
    """Ids that both sides added for different objects: theirs gets a new id (and what refers to it)."""
    for target, name in (*STRUCTURE.items(), ("card", "cards")):
        base_ids = {item["id"] for item in base[name]}
        ours_by = {item["id"]: item for item in ours[name]}
        taken = {item["id"] for side in (base, ours, theirs) for item in side[name]}
        for k, item in enumerate(theirs[name]):
            old = item["id"]
            if old in base_ids or old not in ours_by or ours_by[old] == item:
                continue
            fresh = new_id(target[0], taken)
            taken.add(fresh)
            theirs[name][k] = {**item, "id": fresh}  # new dicts: the old ones stand for theirs' objects as they are
            if target in STRUCTURE:
                for group in ("cards", "emotions"):
                    theirs[group] = [{**element, target: fresh} if element.get(target) == old else element
                                     for element in theirs[group]]


def merge_maps(base: JourneyMap, ours: JourneyMap, theirs: JourneyMap, *, ours_label: str = "",
               theirs_label: str = "") -> MergeResult:
    """Merge two maps grown from ``base``; ours and theirs are left as they are."""
    if theirs == base or ours == theirs:
        return MergeResult(copy_map(ours), [])
    if ours == base:
        merged = copy_map(theirs)
        return MergeResult(merged, [], changes_between(ours, merged))
    models = (base, ours, theirs)
    # Python values, not JSON ones: an unknown field's text that JSON cannot hold as it is (a lone surrogate)
    # stays the same string, as the file keeps it
    sides = [side.model_dump() for side in models]
    made = _objects_by_data(models, sides)
    _rename_clashing_additions(*sides)
    merger = _Merger(*sides, ours_label=ours_label, theirs_label=theirs_label)
    data = _merge_data(merger, *sides)
    conflicts = [Conflict.model_validate(record) for record in merger.conflicts]
    known = [Conflict.model_validate(record) for record in data.pop("conflicts")]
    candidate = _candidate(data, made, (known + conflicts) or None)
    result = copy_map(ours)
    changes = changes_between(result, candidate)
    apply_checked(result, Batch(changes=changes), CardIndex(result))  # the door: the merged map keeps every rule
    # The file says the newer of the two versions it was merged from when it keeps unknown fields of one of them
    # (no edit sets a file's version; the merge decides what its file is)
    declared = max(ours.schema_version, theirs.schema_version, key=lambda version: version_key(version) or (0, 0))
    result.__dict__["schema_version"] = declared
    result.__dict__["schema_version"] = written_version(result)
    return MergeResult(result, conflicts, changes)


_LISTS = ("phases", "lanes", "personas", "cards", "emotions")


def _objects_by_data(models: tuple[JourneyMap, ...], sides: list[dict]) -> dict[int, Any]:
    """id() of each object's data dict -> the object. A merged dict that is one of these (not a copy) is that
    object unchanged; the merge never changes these dicts, it makes new ones."""
    made: dict[int, Any] = {}
    for model, side in zip(models, sides, strict=True):
        for name in _LISTS:
            made.update({id(data): item for item, data in zip(getattr(model, name), side[name], strict=True)})
    return made


def _candidate(data: dict, made: dict[int, Any], conflicts: list[Conflict] | None) -> JourneyMap:
    """The merged map as objects: each object that one side already has as it is merged is that side's object,
    only the others are validated (most of a map merges unchanged; validating it all took most of the time).
    It is only compared with ours, to find the changes, and those go through the door."""
    lists = _LISTS
    fields = {name: value for name, value in data.items() if name not in lists and name != "kpis"}
    candidate = JourneyMap.model_validate({**fields, "conflicts": None})
    # the KPI values name phases and personas, which come in below
    candidate.__dict__["kpis"] = Kpis.model_validate(data["kpis"]) if data.get("kpis") is not None else None
    item_types = {"phases": Phase, "lanes": Lane, "personas": Persona, "cards": Card, "emotions": EmotionPoint}
    for name in lists:
        candidate.__dict__[name] = [made.get(id(item)) or item_types[name].model_validate(item)
                                    for item in data[name]]
    candidate.__dict__["conflicts"] = conflicts
    candidate.__dict__["schema_version"] = written_version(candidate)
    return candidate


def _merge_data(merger: _Merger, base: dict, ours: dict, theirs: dict) -> dict:
    cards = merger.merge_objects("card", base["cards"], ours["cards"], theirs["cards"], lambda c: c["id"])
    points = merger.merge_objects("emotion", base["emotions"], ours["emotions"], theirs["emotions"],
                                  lambda p: f"{p['persona']}/{p['phase']}")
    merged: dict[str, Any] = {}
    for target, name in STRUCTURE.items():
        needed = {card[target] for card in cards.values()}
        if target != "lane":
            needed |= {point[target] for point in points.values()}
        items = merger.merge_objects(target, base[name], ours[name], theirs[name], lambda i: i["id"], needed)
        order = merge_order(*([item["id"] for item in side[name]] for side in (base, ours, theirs)), items)
        merged[name] = [items[item_id] for item_id in order]
    structure = {target: {item["id"] for item in merged[name]} for target, name in STRUCTURE.items()}
    cards = {card_id: card for card_id, card in cards.items()
             if all(card[target] in structure[target] for target in STRUCTURE)}
    points = {key: point for key, point in points.items()
              if point["persona"] in structure["persona"] and point["phase"] in structure["phase"]}
    _keep_cards_out_of_emotion_lanes(merger, merged["lanes"], cards, base, ours, theirs)
    map_fields = merger.merge_fields("map", ours["id"], _map_fields(base), _map_fields(ours), _map_fields(theirs))
    merged_map = {"format": ours["format"], "schema_version": ours["schema_version"], **map_fields}
    merged_map["modified"] = max(ours["modified"], theirs["modified"])
    merged_map.update(merged)
    if merged_map.get("kpis"):  # like a card, a KPI value goes with the phase or persona it is of
        kpis = merged_map["kpis"]
        merged_map["kpis"] = {**kpis, "values": [
            value for value in kpis.get("values", []) if value.get("phase") in structure["phase"]
            and (value.get("persona") is None or value.get("persona") in structure["persona"])]}
    merged_map["cards"] = _card_order(base, ours, theirs, cards)
    key_order = merge_order(*([f"{p['persona']}/{p['phase']}" for p in side["emotions"]]
                              for side in (base, ours, theirs)), points)
    merged_map["emotions"] = [points[key] for key in key_order]
    merged_map["conflicts"] = _known_conflicts(base, ours, theirs)
    ordered = {name: merged_map[name] for name in ours if name in merged_map}
    ordered.update(merged_map)
    return ordered


def _map_fields(side: dict) -> dict:
    return {name: value for name, value in side.items() if name not in _OWN_RULE}


def _known_conflicts(base: dict, ours: dict, theirs: dict) -> list[dict]:
    """Conflicts recorded before this merge: those of either side that neither side has resolved."""
    base_ids = {conflict["id"] for conflict in base.get("conflicts") or []}
    ours_ids = {conflict["id"] for conflict in ours.get("conflicts") or []}
    theirs_ids = {conflict["id"] for conflict in theirs.get("conflicts") or []}
    resolved = base_ids - (ours_ids & theirs_ids)
    found: dict[str, dict] = {}
    for conflict in (*(ours.get("conflicts") or []), *(theirs.get("conflicts") or [])):
        if conflict["id"] not in resolved:
            found.setdefault(conflict["id"], conflict)
    return list(found.values())


def _keep_cards_out_of_emotion_lanes(merger: _Merger, lanes: list[dict], cards: dict[str, dict], base: dict,
                                     ours: dict, theirs: dict) -> None:
    """A lane one side made the emotion curve while the other put cards in it: the lane keeps its kind."""
    holding = {card["lane"] for card in cards.values()}
    for k, lane in enumerate(lanes):
        if lane.get("kind") == "emotions" and lane["id"] in holding:
            lane = lanes[k] = dict(lane)  # a new dict: the merged lane is no longer either side's object
            before = next((item.get("kind", "notes") for item in base["lanes"] if item["id"] == lane["id"]), "notes")
            ours_kind = next((item.get("kind") for item in ours["lanes"] if item["id"] == lane["id"]), None)
            theirs_kind = next((item.get("kind") for item in theirs["lanes"] if item["id"] == lane["id"]), None)
            lane["kind"] = before if before != "emotions" else "notes"
            merger.conflict("changed", "lane", lane["id"], "kind", before, ours_kind, theirs_kind)


def _card_order(base: dict, ours: dict, theirs: dict, cards: dict[str, dict]) -> list[dict]:
    """The merged card list: each cell's cards in their merged order, laid on the list of the side whose
    order changed (ours when both or neither did), other cards right after their predecessor in the cell."""
    def cells_of(side: dict) -> dict[tuple, list[str]]:
        found: dict[tuple, list[str]] = {}
        for card in side["cards"]:
            merged = cards.get(card["id"])
            if merged is not None and _cell(merged) == _cell(card):
                found.setdefault(_cell(card), []).append(card["id"])
        return found

    base_cells, ours_cells, theirs_cells = cells_of(base), cells_of(ours), cells_of(theirs)
    shared = {card["id"] for card in base["cards"]} & {card["id"] for card in ours["cards"]} & {
        card["id"] for card in theirs["cards"]}
    base_order = [card["id"] for card in base["cards"] if card["id"] in shared]
    ours_moved = [card["id"] for card in ours["cards"] if card["id"] in shared] != base_order
    theirs_moved = [card["id"] for card in theirs["cards"] if card["id"] in shared] != base_order
    skeleton = theirs if theirs_moved and not ours_moved else ours
    other = ours if skeleton is theirs else theirs
    anchored = [card["id"] for card in skeleton["cards"] if card["id"] in cards and _cell(cards[card["id"]]) == _cell(
        card)]
    slot = {card_id: i for i, card_id in enumerate(anchored)}
    keys: dict[str, tuple] = {}
    cell_rank = {cell: i for i, cell in enumerate(dict.fromkeys(
        _cell(card) for card in (*skeleton["cards"], *other["cards"])))}
    by_cell: dict[tuple, list[str]] = {}
    for card_id, card in cards.items():
        by_cell.setdefault(_cell(card), []).append(card_id)
    counter = 0
    for cell in sorted(by_cell, key=lambda c: cell_rank.get(c, len(cell_rank))):
        members = set(by_cell[cell])
        order = merge_order(base_cells.get(cell, []), ours_cells.get(cell, []), theirs_cells.get(cell, []), members)
        anchors = sorted(slot[card_id] for card_id in order if card_id in slot)
        spots = iter(anchors)
        previous: tuple | None = None
        waiting: list[str] = []
        for card_id in order:
            if card_id in slot:
                keys[card_id] = (next(spots), 0, 0)
                for k, early in enumerate(waiting):  # cards before the cell's first anchored one
                    keys[early] = (keys[card_id][0], -1, k)
                waiting = []
            elif previous is not None:
                counter += 1
                keys[card_id] = (previous[0], 1, counter)
            else:
                waiting.append(card_id)
            previous = keys.get(card_id, previous)
        for k, early in enumerate(waiting):  # a cell with no anchored card: at the end of the list
            counter += 1
            keys[early] = (len(anchored) + cell_rank.get(cell, len(cell_rank)), 0, counter + k)
    return [cards[card_id] for card_id in sorted(keys, key=keys.__getitem__)]


def _cell(card: dict) -> tuple[str, str, str]:
    return (card["persona"], card["phase"], card["lane"])
