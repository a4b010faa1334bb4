"""Hypothesis strategies for whole, valid journey maps."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import strategies as st

from app.model import EVIDENCE_VALUES, LANE_KINDS, Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

ids = st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,11}", fullmatch=True)
texts = st.text(max_size=40)
colors = st.from_regex(r"#[0-9A-F]{6}", fullmatch=True)


@st.composite
def journey_maps(draw, max_cards: int = 25) -> JourneyMap:
    phase_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    lane_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    persona_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    lanes = [Lane(id=i, name=draw(texts), kind=draw(st.sampled_from(LANE_KINDS))) for i in lane_ids]
    card_lanes = [lane.id for lane in lanes if lane.kind != "emotions"]
    cards = []
    if card_lanes:
        card_ids = draw(st.lists(ids, max_size=max_cards, unique=True))
        for card_id in card_ids:
            cards.append(
                Card(
                    id=card_id,
                    persona=draw(st.sampled_from(persona_ids)),
                    phase=draw(st.sampled_from(phase_ids)),
                    lane=draw(st.sampled_from(card_lanes)),
                    text=draw(st.text(max_size=80)),
                    notes=draw(texts),
                    channel=draw(texts),
                    owner=draw(texts),
                    severity=draw(st.none() | st.integers(1, 5)),
                    moment_of_truth=draw(st.booleans()),
                    evidence=draw(st.none() | st.sampled_from(EVIDENCE_VALUES)),
                    votes=draw(st.integers(0, 99)),
                    tags=draw(st.lists(texts, max_size=3)),
                    color=draw(st.none() | colors),
                )
            )
    emotion_keys = draw(
        st.lists(st.tuples(st.sampled_from(persona_ids), st.sampled_from(phase_ids)), unique=True, max_size=8)
    )
    return JourneyMap(
        id=draw(ids),
        title=draw(texts),
        description=draw(texts),
        goal=draw(texts),
        phases=[Phase(id=i, name=draw(texts), goal=draw(texts)) for i in phase_ids],
        lanes=lanes,
        personas=[
            Persona(id=i, name=draw(texts), goals=draw(st.lists(texts, max_size=3)), color=draw(colors))
            for i in persona_ids
        ],
        cards=cards,
        emotions=[
            EmotionPoint(persona=p, phase=ph, score=draw(st.integers(-2, 2)), label=draw(texts))
            for p, ph in emotion_keys
        ],
    )


# --- hostile text and documents (issue 20, G) ------------------------------------------------

#: characters (and clusters) that have broken editors, files, workbooks and XML before: controls, line and paragraph
#: separators, byte-order marks, non-characters, bidi overrides, joiners, combining marks, astral
#: characters, markup and formula openers
NASTY_PIECES = (
    "\x00", "\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x0c", "\x1b", "\x1c", "\x1e", "\x7f", "\x85", "\xa0",
    "\u00ad", "\u200b", "\u200d", "\u200e", "\u202e", "\u2028", "\u2029", "\u2066", "\ufeff", "\ufffd",
    "\ufffe", "\uffff", "\U0001f468\u200d\U0001f469", "e\u0301", "\U0010ffff", "\U0001d11e", "\ud800",
    "\udfff", "<", "&", "'", '"', "\\", "=", "]]>", "<!--", "{", "%s", "\u0644\u0627",
)
#: whole strings that are known trouble
NASTY_STRINGS = (
    "", " ", "\r\n", "<h1 style='color:red'>x</h1><a href='https://example.com'>link</a>",
    "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1+1)", "<svg onload=alert(1)>", "${jndi:x}", "\u202egnp.exe",
    "null", "NaN", "1e999", "\ud83d", "a\ud800b\x00c\x1bd", "\U0001f600" * 3, "Z\u0351\u0352\u0353" * 4,
)

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_hostile_pieces = st.characters() | st.characters(categories=["Cs"]) | st.sampled_from(NASTY_PIECES)
#: any text a user, a paste or a hostile file can bring, lone surrogates included
hostile_texts = st.sampled_from(NASTY_STRINGS) | st.lists(_hostile_pieces, max_size=20).map("".join)

json_scalars = (st.none() | st.booleans() | st.integers() | st.integers(-(2**70), 2**70)
                | st.floats(allow_nan=False, allow_infinity=False) | hostile_texts)
#: Keys without lone surrogates: the file format refuses a map whose unknown fields hold a key with one
#: (it could not be written back), so a valid map's unknown fields use these.
_key_pieces = st.characters(exclude_categories=["Cs"]) | st.sampled_from(
    [piece for piece in NASTY_PIECES if not _SURROGATE.search(piece)])
json_keys = st.lists(_key_pieces, max_size=10).map("".join)


def _json_values(keys: st.SearchStrategy[str]) -> st.SearchStrategy:
    return st.recursive(
        json_scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=12,
    )


#: JSON values (no NaN or infinity: those are not JSON), nested a few levels at most
json_values = _json_values(hostile_texts)
#: what a valid map's unknown fields may hold: JSON values whose keys are all valid text
savable_json_values = _json_values(json_keys)


def _is_text(annotation, metadata) -> bool:
    """A free text field: a str without a pattern (ids, colours and versions have one)."""
    return annotation is str and not any(getattr(m, "pattern", None) for m in metadata)


def text_fields(model) -> tuple[list[str], list[str]]:
    """The names of a model's free text fields and of its lists of free texts, found from the model itself."""
    import typing

    single, lists = [], []
    for name, field in model.model_fields.items():
        if _is_text(field.annotation, field.metadata):
            single.append(name)
        elif typing.get_origin(field.annotation) is list:
            (item,) = typing.get_args(field.annotation)
            base = typing.get_args(item)[0] if typing.get_origin(item) is typing.Annotated else item
            if _is_text(base, getattr(item, "__metadata__", ())):
                lists.append(name)
    return single, lists


@st.composite
def hostile_map_documents(draw, max_cards: int = 12, unknown_fields: bool = True) -> dict:
    """The JSON data of a valid map with hostile text in every free text field and list of texts of every
    object, and (with ``unknown_fields``) fields of a newer app, of any JSON value, at every level."""
    journey_map = draw(journey_maps(max_cards=max_cards))
    document = journey_map.model_dump(mode="json")
    groups = {None: JourneyMap, "phases": Phase, "lanes": Lane, "personas": Persona, "cards": Card,
              "emotions": EmotionPoint}
    for group, model in groups.items():
        single, lists = text_fields(model)
        for item in [document] if group is None else document[group]:
            for name in single:
                item[name] = draw(hostile_texts)
            for name in lists:
                item[name] = draw(st.lists(hostile_texts, max_size=3))
            if unknown_fields and draw(st.integers(0, 3)) == 0:
                for key, value in draw(st.dictionaries(json_keys, savable_json_values, max_size=2)).items():
                    item.setdefault(key, value)  # never replaces a field the app knows
    # Times anywhere in years 2..9998 with any offset. Not years 1 and 9999: an offset there overflows
    # (issue 20 item 12, tested apart in tests/test_hostile_documents.py).
    for name in ("created", "modified"):
        moment = draw(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)))
        offset = draw(st.integers(-23 * 60 - 59, 23 * 60 + 59))
        sign, minutes = "+-"[offset < 0], abs(offset)
        document[name] = moment.replace(microsecond=0).isoformat() + draw(
            st.sampled_from(["Z", f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"]))
    return document


# --- changes of a map, as the change layer takes them (issue 20, G) --------------------------------------

GHOST = "ghost"  # an id no generated map uses: changes that name it must be refused


def rarely(draw, one_in: int) -> bool:
    """True about one time in ``one_in`` (hypothesis draws the ends of a range far more often than the middle)."""
    return draw(st.integers(0, one_in - 1)) == one_in // 2


def _pick_id(draw, values: list[str]) -> str:
    """Mostly an id of the map, one time in twenty one it does not have."""
    return draw(st.sampled_from(values)) if values and not rarely(draw, 20) else GHOST


@st.composite
def new_cards(draw, journey_map: JourneyMap, persona: str | None = None, phase: str | None = None,
              lane: str | None = None, max_size: int = 3) -> list[Card]:
    """Cards with hostile text in cells of the map (now and then a cell it does not have, or the emotion curve),
    with new ids (now and then one that is taken)."""
    taken = [c.id for c in journey_map.cards]
    found = []
    for _ in range(draw(st.integers(1, max_size))):
        card_id = draw(ids) if not taken or not rarely(draw, 20) else draw(st.sampled_from(taken))
        found.append(Card(
            id=card_id,
            persona=persona or _pick_id(draw, [p.id for p in journey_map.personas]),
            phase=phase or _pick_id(draw, [p.id for p in journey_map.phases]),
            lane=lane or _pick_id(draw, [lane.id for lane in journey_map.lanes]),
            text=draw(hostile_texts), notes=draw(hostile_texts), owner=draw(hostile_texts),
            channel=draw(hostile_texts), tags=draw(st.lists(hostile_texts, max_size=2)),
            severity=draw(st.none() | st.integers(1, 5)), votes=draw(st.integers(0, 10**6)),
            moment_of_truth=draw(st.booleans()), evidence=draw(st.none() | st.sampled_from(EVIDENCE_VALUES)),
            color=draw(st.none() | colors),
        ))
    return found


def _field_values(name: str, journey_map: JourneyMap) -> tuple[st.SearchStrategy, st.SearchStrategy]:
    """Values for a field by its name, mostly right and wrong ones: a field edit must take the one, refuse the other."""
    wrong = st.sampled_from([None, "", 7, -1, 10**30, 1.5, True, "ghost", [], {}, "#12345G"])
    phases, lanes = [p.id for p in journey_map.phases], [lane.id for lane in journey_map.lanes]
    personas, cards = [p.id for p in journey_map.personas], [c.id for c in journey_map.cards]
    right: st.SearchStrategy = {
        "id": ids | st.sampled_from(phases + lanes + personas + cards or ["x"]) | hostile_texts,
        "persona": st.sampled_from([*personas, GHOST]), "phase": st.sampled_from([*phases, GHOST]),
        "lane": st.sampled_from([*lanes, GHOST]), "kind": st.sampled_from(LANE_KINDS),
        "severity": st.none() | st.integers(0, 6), "votes": st.integers(-1, 10**9),
        "moment_of_truth": st.booleans(), "evidence": st.none() | st.sampled_from(EVIDENCE_VALUES),
        "color": colors | st.none(), "score": st.integers(-3, 3),
        # years 2..9998 only: a time whose UTC year leaves 1..9999 is issue 20 item 12
        "created": st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
        "modified": st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
        "format": st.sampled_from(["journey-map", "other"]),
        "phases": st.just([p.model_dump() for p in journey_map.phases[::-1]]) | st.just(
            [p.model_dump() for p in journey_map.phases[1:]]),
        "personas": st.just([p.model_dump() for p in journey_map.personas[::-1]]),
    }.get(name, st.lists(hostile_texts, max_size=3) if name in {
        "goals", "pains", "channels", "decision_criteria", "tags"} else hostile_texts)
    return right, wrong


_TARGETS = {"card": Card, "phase": Phase, "lane": Lane, "persona": Persona, "map": JourneyMap}
_LIST_OF = {"phase": "phases", "lane": "lanes", "persona": "personas", "card": "cards"}


@st.composite
def field_changes(draw, journey_map: JourneyMap):
    from app.operations.changes import SetFields

    target = draw(st.sampled_from(list(_TARGETS)))
    model = _TARGETS[target]
    item_id = "" if target == "map" else _pick_id(draw, [i.id for i in getattr(journey_map, _LIST_OF[target])])
    names = list(model.model_fields)  # the map's format and version too: an edit of them must be refused
    chosen = draw(st.lists(st.sampled_from([*names, "no_such_field"]), min_size=1, max_size=3, unique=True))
    values = {}
    for name in chosen:
        right, wrong = _field_values(name, journey_map)
        values[name] = draw(wrong if rarely(draw, 5) else right)
    return SetFields(target=target, item_id=item_id, values=values)


@st.composite
def map_changes(draw, journey_map: JourneyMap, depth: int = 0):
    """Any change of the change layer, made for this map: most can be made, some break a rule and must be refused."""
    from app.operations import changes as ch

    card_ids = [c.id for c in journey_map.cards]
    kinds = ["add", "remove", "move", "place", "fields", "fields", "emotion", "insert", "remove_item",
             "move_item", "duplicate", "unknown"] + (["batch"] if depth == 0 else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "unknown":  # fields of a newer version's file, as a merge carries them: set, changed or taken away
        target = draw(st.sampled_from(list(_TARGETS)))
        item_id = "" if target == "map" else _pick_id(
            draw, [i.id for i in getattr(journey_map, _LIST_OF[target])] or [GHOST])
        names = st.sampled_from(["x_future", "mood", "x-ratio"] + (["text", "name"] if rarely(draw, 8) else []))
        return ch.SetUnknownFields(target=target, item_id=item_id,
                                   values=draw(st.dictionaries(names, savable_json_values, max_size=2)),
                                   removed=draw(st.lists(names, max_size=1)))
    if kind == "add":
        cards = draw(new_cards(journey_map))
        top = len(journey_map.cards) + len(cards)
        return ch.AddCards(placed=[(draw(st.integers(0, top)) if not rarely(draw, 20) else
                                    draw(st.sampled_from([-1, top + 1, top + 5])), card) for card in cards])
    if kind in ("remove", "move", "place") and card_ids:
        chosen = draw(st.lists(st.sampled_from(card_ids), min_size=1, max_size=4, unique=True))
        if rarely(draw, 10):
            chosen.append(draw(st.sampled_from([GHOST, chosen[0]])))  # a card that is not there, or one named twice
        if kind == "remove":
            return ch.RemoveCards(card_ids=chosen)
        persona = _pick_id(draw, [p.id for p in journey_map.personas])
        phase = _pick_id(draw, [p.id for p in journey_map.phases])
        lane = _pick_id(draw, [lane.id for lane in journey_map.lanes])
        if kind == "move":
            return ch.MoveCards(card_ids=chosen, persona=persona, phase=phase, lane=lane,
                                position=draw(st.none() | st.integers(-1, 6)))
        existing = {c.id: c for c in journey_map.cards}
        placed = [(draw(st.integers(0, len(card_ids))), existing[i].model_copy(
            update={"persona": persona, "phase": phase, "lane": lane}) if i in existing else
            Card(id=i, persona=persona, phase=phase, lane=lane)) for i in dict.fromkeys(chosen)]
        return ch.PlaceCards(cards=placed)
    if kind == "emotion" or (kind in ("remove", "move", "place") and not card_ids):
        persona = _pick_id(draw, [p.id for p in journey_map.personas])
        phase = _pick_id(draw, [p.id for p in journey_map.phases])
        point = None
        if not rarely(draw, 4):
            same = not rarely(draw, 10)
            point = EmotionPoint(persona=persona if same else draw(ids), phase=phase, score=draw(st.integers(-2, 2)),
                                 label=draw(hostile_texts), note=draw(hostile_texts))
        return ch.SetEmotion(persona=persona, phase=phase, point=point,
                             index=draw(st.none() | st.integers(-1, len(journey_map.emotions) + 1)))
    if kind == "duplicate" and journey_map.personas:
        persona = draw(st.sampled_from(journey_map.personas))
        return ch.duplicate_persona(journey_map, persona.id, draw(hostile_texts))
    if kind in ("fields", "duplicate"):
        return draw(field_changes(journey_map))
    if kind == "batch":
        return ch.Batch(changes=[draw(map_changes(journey_map, 1)) for _ in range(draw(st.integers(1, 3)))])
    target = draw(st.sampled_from(["phase", "lane", "persona"]))
    items = getattr(journey_map, _LIST_OF[target])
    if kind == "insert":
        taken = [i.id for i in items]
        item_id = draw(ids) if not taken or not rarely(draw, 10) else draw(st.sampled_from(taken))
        item = {"phase": lambda: Phase(id=item_id, name=draw(hostile_texts), goal=draw(hostile_texts)),
                "lane": lambda: Lane(id=item_id, name=draw(hostile_texts), kind=draw(st.sampled_from(LANE_KINDS))),
                "persona": lambda: Persona(id=item_id, name=draw(hostile_texts), quote=draw(hostile_texts),
                                           goals=draw(st.lists(hostile_texts, max_size=2)), color=draw(colors)),
                }[target]()
        cards, points = [], []
        if draw(st.booleans()):
            cards = draw(new_cards(journey_map, **{target: item_id}))
            cards = [(len(journey_map.cards) + i, card) for i, card in enumerate(cards)]
        if target != "lane" and draw(st.booleans()):
            # a new persona's point is in a phase of the map, a new phase's point is a persona's
            other = _pick_id(draw, [i.id for i in (journey_map.phases if target == "persona" else
                                                   journey_map.personas)])
            point = EmotionPoint(persona=item_id if target == "persona" else other,
                                 phase=item_id if target == "phase" else other, score=draw(st.integers(-2, 2)))
            points = [(len(journey_map.emotions), point)]
        return ch.InsertItem(target=target, index=draw(st.integers(0, len(items) + 1)), item=item,
                             cards=cards, emotions=points)
    if kind == "remove_item" and len(items) == 1 and not rarely(draw, 4):
        return draw(map_changes(journey_map, depth + 1))  # the last phase, lane or persona goes now and then
    item_id = _pick_id(draw, [i.id for i in items])
    if kind == "move_item":
        return ch.MoveItem(target=target, item_id=item_id, index=draw(st.integers(-1, len(items) + 1)))
    return ch.RemoveItem(target=target, item_id=item_id)
