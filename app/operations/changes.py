"""Every edit of a map as a plain value: applied, inverted, checked, and sent as JSON.

A change is a small pydantic model. :func:`apply` makes it on a map and
returns its inverse, itself a change, so undo is "apply the inverse" and a
change read back from JSON (a colleague's edit, a replayed session) goes
through the very same path as one the editor made. :func:`apply_checked`
refuses a change that would break a rule of the map before anything is left
changed. Nothing here knows Qt: the undo stack wraps changes
(``app.ui.commands.ChangeCommand``), scripts and tests apply them directly.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, field_validator, model_validator

from app.i18n import N_, _, ngettext
from app.model import Card, EmotionPoint, JourneyMap, KpiValue, Lane, Persona, Phase, map_problems
from app.model.ids import new_id
from app.operations import (
    card_place_problems,
    card_positions,
    copy_cards,
    edit_problems,
    insert_cards,
    move_cards,
    move_item,
    no_such_item,
    remove_cards,
    restore_cards,
    set_fields,
)
from app.operations.index import CardIndex

#: what a field change can be made on
Target = Literal["card", "phase", "lane", "persona", "map"]
#: the shared structure of a map: each has a list of its own and owns cards (and emotion points)
Structure = Literal["phase", "lane", "persona"]
_LISTS = {"phase": "phases", "lane": "lanes", "persona": "personas"}
#: "the phase id 'p1' is already used", by the kind of item
_ID_USED = {
    "phase": N_("the phase id {id} is already used"),
    "lane": N_("the lane id {id} is already used"),
    "persona": N_("the persona id {id} is already used"),
}


def _no_place(target: str, index: int, count: int) -> str:
    """"no place 9 among 3 lanes" in the UI language."""
    if target == "phase":
        text = ngettext("no place {index} among {count} phase", "no place {index} among {count} phases", count)
    elif target == "lane":
        text = ngettext("no place {index} among {count} lane", "no place {index} among {count} lanes", count)
    else:
        text = ngettext("no place {index} among {count} persona", "no place {index} among {count} personas", count)
    return text.format(index=index, count=count)
_TYPES: dict[str, type[BaseModel]] = {"phase": Phase, "lane": Lane, "persona": Persona}
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: the card field that names the structure item a card belongs to
_CARD_FIELD = {"phase": "phase", "lane": "lane", "persona": "persona"}


class ChangeRefusedError(ValueError):
    """A change that would break the map; nothing was changed. ``problems`` says why, one sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Change(BaseModel):
    model_config = ConfigDict(frozen=True)


class AddCards(_Change):
    """New cards at list indexes of ``cards`` (new card, paste, duplicate)."""

    kind: Literal["add_cards"] = "add_cards"
    placed: list[tuple[int, Card]]


class RemoveCards(_Change):
    kind: Literal["remove_cards"] = "remove_cards"
    card_ids: list[str]


class MoveCards(_Change):
    """Cards, in this order, into a cell at a position among the cell's other cards (None: at its end)."""

    kind: Literal["move_cards"] = "move_cards"
    card_ids: list[str]
    persona: str
    phase: str
    lane: str
    position: int | None = None


class PlaceCards(_Change):
    """Cards back at list indexes and cells, as they were (the inverse of a move)."""

    kind: Literal["place_cards"] = "place_cards"
    cards: list[tuple[int, Card]]


class SetFields(_Change):
    """Fields of one card, phase, lane, persona or of the map itself (``item_id`` is then ignored)."""

    kind: Literal["set_fields"] = "set_fields"
    target: Target
    item_id: str = ""
    values: dict[str, Any]


class SetUnknownFields(_Change):
    """Fields this app does not know (kept from a newer version's file) set, or (``removed``) taken away.

    A merge or a diff carries them across; the editor's own edits never need one. Only unknown
    names: a field this app knows goes through :class:`SetFields`, with its rules.
    """

    kind: Literal["set_unknown_fields"] = "set_unknown_fields"
    target: Target
    item_id: str = ""
    values: dict[str, JsonValue] = Field(default_factory=dict)
    removed: list[str] = Field(default_factory=list)
    #: the unknown fields' order afterwards (the file's key order), when it matters: an undo puts a field back
    #: where it was
    order: list[str] | None = None

    @field_validator("values", mode="after")
    @classmethod
    def _as_a_file_holds_them(cls, values: dict[str, Any]) -> dict[str, Any]:
        """A surrogate pair held as two code units becomes the one character a file reads back from it."""
        return _joined_pairs(values)


def _joined_pairs(value: Any) -> Any:
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, list):
        return [_joined_pairs(item) for item in value]
    if isinstance(value, dict):
        return {_joined_pairs(key): _joined_pairs(item) for key, item in value.items()}
    return value


class SetEmotion(_Change):
    """A persona's point in a phase set, replaced or (``point`` None) removed; ``index`` keeps list order."""

    kind: Literal["set_emotion"] = "set_emotion"
    persona: str
    phase: str
    point: EmotionPoint | None = None
    index: int | None = None


class InsertItem(_Change):
    """A phase, lane or persona at an index of its list, with the cards and points that belong to it."""

    kind: Literal["insert_item"] = "insert_item"
    target: Structure
    index: int
    item: Phase | Lane | Persona
    cards: list[tuple[int, Card]] = Field(default_factory=list)
    emotions: list[tuple[int, EmotionPoint]] = Field(default_factory=list)
    #: the KPI values of a phase, or of a persona, at their indexes of ``kpis.values`` (format 1.1)
    kpis: list[tuple[int, KpiValue]] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _item_of_its_kind(cls, data: Any) -> Any:
        # A phase, a lane and a persona all have an id and a name: JSON alone cannot tell them apart.
        if isinstance(data, dict) and isinstance(data.get("item"), dict) and data.get("target") in _TYPES:
            data = {**data, "item": _TYPES[data["target"]].model_validate(data["item"])}
        return data


class RemoveItem(_Change):
    """A phase, lane or persona removed with every card (and emotion point and KPI value) in it."""

    kind: Literal["remove_item"] = "remove_item"
    target: Structure
    item_id: str


class MoveItem(_Change):
    kind: Literal["move_item"] = "move_item"
    target: Structure
    item_id: str
    index: int


class Batch(_Change):
    """Changes that are one step for the user (a drop of several cards, a paste of a structure)."""

    kind: Literal["batch"] = "batch"
    changes: list[Change]


Change = Annotated[
    AddCards | RemoveCards | MoveCards | PlaceCards | SetFields | SetUnknownFields | SetEmotion | InsertItem
    | RemoveItem | MoveItem | Batch,
    Field(discriminator="kind"),
]
Batch.model_rebuild()
_ADAPTER: TypeAdapter[Change] = TypeAdapter(Change)


def to_json(change: Change) -> str:
    return change.model_dump_json()


def from_json(text: str | bytes) -> Change:
    """A change read back; raises pydantic's ValidationError for anything that is not one."""
    return _ADAPTER.validate_json(text)


# --- applying --------------------------------------------------------------------


def apply(journey_map: JourneyMap, change: Change, index: CardIndex | None = None) -> Change:
    """Make a change and return its inverse. Unchecked: see :func:`apply_checked`.

    ``index`` (the editor's card index) is kept up to date and makes card look-ups fast.
    The objects a change carries go into the map themselves, and an inverse carries
    the objects taken out, so undo and redo keep every card the same object (what
    the canvas and the structure command's snapshots hold on to). A change read from
    JSON carries objects of its own.
    """
    match change:
        case AddCards(placed=placed):
            insert_cards(journey_map, placed, index)
            _refile(index, {card.id: card for _i, card in placed})
            return RemoveCards(card_ids=[card.id for _i, card in placed])
        case RemoveCards(card_ids=card_ids):
            removed = remove_cards(journey_map, set(card_ids), index)
            _refile(index, dict.fromkeys(card_ids))
            return AddCards(placed=removed)
        case MoveCards():
            old = move_cards(journey_map, change.card_ids, change.persona, change.phase, change.lane,
                             change.position, index)
            _refile(index, {card.id: index.card(card.id) for _i, card in old} if index is not None else {})
            return PlaceCards(cards=old)
        case PlaceCards(cards=cards):
            now = [(i, card.model_copy(deep=True)) for i, card in
                   card_positions(journey_map, {card.id for _i, card in cards}, index)]
            restore_cards(journey_map, cards, index)
            _refile(index, {card.id: index.card(card.id) for _i, card in cards} if index is not None else {})
            return PlaceCards(cards=now)
        case SetFields(target=target, item_id=item_id, values=values):
            item = _target(journey_map, target, item_id, index)
            old = set_fields(item, values)
            if target == "card" and values.keys() & {"persona", "phase", "lane", "id"}:
                _refile(index, {item_id: None, item.id: item} if item.id != item_id else {item_id: item})
            return SetFields(target=target, item_id=item.id if target == "card" else item_id, values=old)
        case SetUnknownFields(target=target, item_id=item_id):
            extra = _target(journey_map, target, item_id, index).__pydantic_extra__
            order = list(extra)
            had = {name: extra[name] for name in [*change.values, *change.removed] if name in extra}
            for name in change.removed:
                extra.pop(name, None)
            extra.update(change.values)
            if change.order is not None:
                ordered = {name: extra.pop(name) for name in change.order if name in extra}
                ordered.update(extra)
                extra.clear()
                extra.update(ordered)
            return SetUnknownFields(target=target, item_id=item_id, values=had,
                                    removed=[name for name in change.values if name not in had], order=order)
        case SetEmotion():
            return _set_emotion(journey_map, change)
        case InsertItem():
            return _insert_item(journey_map, change, index)
        case RemoveItem():
            return _remove_item(journey_map, change, index)
        case MoveItem(target=target, item_id=item_id, index=to):
            items = getattr(journey_map, _LISTS[target])
            at = next(i for i, item in enumerate(items) if item.id == item_id)
            move_item(items, item_id, to)
            return MoveItem(target=target, item_id=item_id, index=at)
        case Batch(changes=changes):
            inverses = [apply(journey_map, part, index) for part in changes]
            return Batch(changes=inverses[::-1])
    raise TypeError(f"not a change: {change!r}")


def _refile(index: CardIndex | None, cards: dict[str, Card | None]) -> None:
    """Keep the editor's card index current: the cards' cells, and which ids exist."""
    if index is not None and cards:
        index.refile(cards)


def _target(journey_map: JourneyMap, target: str, item_id: str, index: CardIndex | None) -> Any:
    if target == "map":
        return journey_map
    if target == "card":
        card = index.card(item_id) if index is not None else next(
            (c for c in journey_map.cards if c.id == item_id), None)
        if card is None:
            raise ChangeRefusedError([no_such_item("card", item_id)])
        return card
    found = next((item for item in getattr(journey_map, _LISTS[target]) if item.id == item_id), None)
    if found is None:
        raise ChangeRefusedError([no_such_item(target, item_id)])
    return found


def _set_emotion(journey_map: JourneyMap, change: SetEmotion) -> SetEmotion:
    emotions = journey_map.emotions
    at = next((i for i, e in enumerate(emotions) if e.persona == change.persona and e.phase == change.phase), None)
    old = emotions[at] if at is not None else None
    if at is not None:
        del emotions[at]
    if change.point is not None:
        where = at if at is not None else (len(emotions) if change.index is None else change.index)
        emotions.insert(min(where, len(emotions)), change.point)
    return SetEmotion(persona=change.persona, phase=change.phase, point=old, index=at)


def _belongs(target: str, item_id: str):
    field = _CARD_FIELD[target]
    return lambda element: getattr(element, field) == item_id


def _insert_item(journey_map: JourneyMap, change: InsertItem, index: CardIndex | None) -> RemoveItem:
    items = getattr(journey_map, _LISTS[change.target])
    items.insert(max(0, min(change.index, len(items))), change.item)
    insert_cards(journey_map, change.cards, index)
    for i, point in sorted(change.emotions, key=lambda pair: pair[0]):
        journey_map.emotions.insert(i, point)
    if change.kpis and journey_map.kpis is not None:
        for i, value in sorted(change.kpis, key=lambda pair: pair[0]):
            journey_map.kpis.values.insert(i, value)
    if index is not None and change.cards:
        index.rebuild()
    return RemoveItem(target=change.target, item_id=change.item.id)


def _remove_item(journey_map: JourneyMap, change: RemoveItem, index: CardIndex | None) -> InsertItem:
    items = getattr(journey_map, _LISTS[change.target])
    at = next(i for i, item in enumerate(items) if item.id == change.item_id)
    item = items.pop(at)
    belongs = _belongs(change.target, change.item_id)
    cards = [(i, card) for i, card in enumerate(journey_map.cards) if belongs(card)]
    if cards:
        journey_map.cards[:] = [card for card in journey_map.cards if not belongs(card)]
        if index is not None:
            index.rebuild()
    emotions: list[tuple[int, EmotionPoint]] = []
    if change.target != "lane":  # the emotion lane's points belong to a persona and a phase, not to the lane
        emotions = [(i, point) for i, point in enumerate(journey_map.emotions) if belongs(point)]
        journey_map.emotions[:] = [point for point in journey_map.emotions if not belongs(point)]
    kpis: list[tuple[int, KpiValue]] = []
    if change.target != "lane" and journey_map.kpis is not None:  # a KPI value is of a phase, perhaps a persona
        kpis = [(i, value) for i, value in enumerate(journey_map.kpis.values) if belongs(value)]
        if kpis:
            journey_map.kpis.values[:] = [value for value in journey_map.kpis.values if not belongs(value)]
    return InsertItem(target=change.target, index=at, item=item, cards=cards, emotions=emotions, kpis=kpis)


# --- rules at the door -------------------------------------------------------------


def problems(journey_map: JourneyMap, change: Change, index: CardIndex | None = None) -> list[str]:
    """Why a change cannot be made on this map, without making it; empty when it can.

    Card, field and emotion changes are checked on their own, cheaply (they come
    with every keystroke and drag). Structure changes and batches are rare: they
    are checked by :func:`apply_checked`, which tries them and undoes a failure.
    """
    match change:
        case AddCards(placed=placed):
            found = _card_places(journey_map, [card for _i, card in placed])
            taken = {card.id for card in journey_map.cards} if index is None else None
            ids = [card.id for _i, card in placed]
            counts = Counter(ids)
            for card_id in ids:
                if (index.card(card_id) is not None if index is not None else card_id in taken) \
                        or counts[card_id] > 1:
                    found.append(_("the card id {id} is already used").format(id=repr(card_id)))
            count = len(journey_map.cards)
            found += [ngettext("no place {index} in a list of {count} card", "no place {index} in a list of {count} "
                               "cards", count).format(index=i, count=count) for i, _card in placed
                      if not 0 <= i <= len(journey_map.cards) + len(placed)]
            return found
        case RemoveCards(card_ids=card_ids) | MoveCards(card_ids=card_ids):
            found = [no_such_item("card", card_id) for card_id in card_ids
                     if not _has_card(journey_map, card_id, index)]
            if isinstance(change, MoveCards):
                found += [_("the card {id} is named more than once").format(id=repr(card_id))
                          for card_id, n in Counter(card_ids).items() if n > 1]
                probe = Card(id="probe", persona=change.persona, phase=change.phase, lane=change.lane) \
                    if all(isinstance(v, str) and v for v in (change.persona, change.phase, change.lane)) else None
                found += _card_places(journey_map, [probe]) if probe is not None else [_("a card needs a cell")]
            return found
        case PlaceCards(cards=cards):
            found = [no_such_item("card", card.id) for _i, card in cards
                     if not _has_card(journey_map, card.id, index)]
            found += [_("the card {id} is named more than once").format(id=repr(card_id))
                      for card_id, n in Counter(card.id for _i, card in cards).items() if n > 1]
            return found + _card_places(journey_map, [card for _i, card in cards])
        case SetFields(target=target, item_id=item_id, values=values):
            try:
                return edit_problems(journey_map, _target(journey_map, target, item_id, index), values)
            except ChangeRefusedError as refused:
                return refused.problems
        case SetUnknownFields(target=target, item_id=item_id):
            try:
                item = _target(journey_map, target, item_id, index)
            except ChangeRefusedError as refused:
                return refused.problems
            known = [name for name in [*change.values, *change.removed] if name in type(item).model_fields]
            return [_("{name} is a field this app knows: it is set as such, not as an unknown one").format(
                name=repr(name)) for name in known]
        case SetEmotion(persona=persona, phase=phase, point=point):
            found = []
            if not any(p.id == persona for p in journey_map.personas):
                found.append(no_such_item("persona", persona))
            if not any(p.id == phase for p in journey_map.phases):
                found.append(no_such_item("phase", phase))
            if point is not None and (point.persona, point.phase) != (persona, phase):
                found.append(_("the point belongs to another persona or phase"))
            return found
    return []


def _has_card(journey_map: JourneyMap, card_id: str, index: CardIndex | None) -> bool:
    if index is not None:
        return index.card(card_id) is not None
    return any(card.id == card_id for card in journey_map.cards)


def _card_places(journey_map: JourneyMap, cards: list[Card]) -> list[str]:
    """Problems with the cells cards would be in: a persona, phase and lane that exist, not the emotion curve."""
    found = [problem for card in cards for problem in card_place_problems(journey_map, card)]
    return list(dict.fromkeys(found))


def apply_checked(journey_map: JourneyMap, change: Change, index: CardIndex | None = None) -> Change:
    """Make a change that keeps every rule of the map and return its inverse, or raise
    :class:`ChangeRefusedError` and leave the map exactly as it was."""
    if isinstance(change, Batch):
        inverses: list[Change] = []
        try:
            for part in change.changes:
                inverses.append(apply_checked(journey_map, part, index))
        except ChangeRefusedError:
            for inverse in reversed(inverses):
                apply(journey_map, inverse, index)
            raise
        return Batch(changes=inverses[::-1])
    found = problems(journey_map, change, index)
    if found:
        raise ChangeRefusedError(found)
    if isinstance(change, InsertItem | RemoveItem | MoveItem):
        found = _structure_problems(journey_map, change)
        if found:
            raise ChangeRefusedError(found)
        inverse = apply(journey_map, change, index)
        found = map_problems(journey_map)
        if found:  # what only the whole map can tell: undo it, then say why
            apply(journey_map, inverse, index)
            raise ChangeRefusedError(found)
        return inverse
    return apply(journey_map, change, index)


def _structure_problems(journey_map: JourneyMap, change: InsertItem | RemoveItem | MoveItem) -> list[str]:
    items = getattr(journey_map, _LISTS[change.target])
    if isinstance(change, InsertItem):
        if any(item.id == change.item.id for item in items):
            return [_(_ID_USED[change.target]).format(id=repr(change.item.id))]
        if not 0 <= change.index <= len(items):
            return [_no_place(change.target, change.index, len(items))]
        return []
    if not any(item.id == change.item_id for item in items):
        return [no_such_item(change.target, change.item_id)]
    return []


def duplicate_persona(journey_map: JourneyMap, persona_id: str, name: str) -> InsertItem:
    """The change that adds a copy of a persona right after it, with copies of its cards and emotion points."""
    source = next(p for p in journey_map.personas if p.id == persona_id)
    copy = source.model_copy(deep=True)
    copy.id = new_id("p", {p.id for p in journey_map.personas})
    copy.name = name
    cards = copy_cards(journey_map, [c for c in journey_map.cards if c.persona == persona_id])
    for card in cards:
        card.persona = copy.id
    points = [point.model_copy(update={"persona": copy.id}, deep=True)
              for point in journey_map.emotions if point.persona == persona_id]
    return InsertItem(
        target="persona", index=journey_map.personas.index(source) + 1, item=copy,
        cards=[(len(journey_map.cards) + i, card) for i, card in enumerate(cards)],
        emotions=[(len(journey_map.emotions) + i, point) for i, point in enumerate(points)],
    )
