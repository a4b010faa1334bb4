"""Hostile documents: whatever a file holds, it opens or is refused in a few readable lines (issue 20, G).

Generated files of every kind: random JSON, valid maps with hostile text (controls, lone
surrogates, bidi overrides, non-characters, markup) in every free text field of every
object and unknown fields of a newer app, those maps mutated at random places, and
their bytes cut, flipped and re-encoded. Reading one either gives a map or raises the
file format's own error, :class:`MapFileError`, worded for a person: it names the file,
its first line says what is wrong, and a list of problems (a map that does not validate)
follows in a few indented lines. Never another exception, never a traceback. A map that
opens keeps every rule, holds no character a file or an export cannot carry, and saves
to bytes that read back to the same map and the same bytes.

Profiles: ``tests/hypothesis_profiles.py`` (``JOURNEYMAP_HYPOTHESIS=long`` for the long run).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.model import Card, EmotionPoint, JourneyMap, Lane, MapFileError, Persona, Phase, map_from_bytes, map_problems
from app.model import map_to_bytes as save_bytes
from tests.conftest import SAMPLES
from tests.hypothesis_profiles import MARKS, profile
from tests.strategies import hostile_map_documents, hostile_texts, json_values, text_fields

pytestmark = MARKS
NAME = Path("hostile.json")
#: a list of problems shows ten and says how many more: a header, ten lines and "and N more" at most
MOST_LINES = 12
#: what no map's text may hold once opened: controls other than tab and newline, and lone surrogates
UNCARRIABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
GROUPS: dict[str | None, type] = {None: JourneyMap, "phases": Phase, "lanes": Lane, "personas": Persona,
                                  "cards": Card, "emotions": EmotionPoint}


def read(data: bytes) -> JourneyMap | None:
    """The map the bytes hold, or None after checking the error is the format's own, readable one."""
    try:
        journey_map = map_from_bytes(data, NAME)
    except MapFileError as error:
        assert_readable(error)
        return None
    assert_opened_map_is_whole(journey_map)
    return journey_map


def assert_readable(error: MapFileError) -> None:
    message = str(error)
    assert message.startswith(f"{NAME}: "), message
    assert "Traceback" not in message and 'File "' not in message, message
    lines = error.problem.splitlines()  # every line break Python knows, U+2028 and U+0085 included
    assert lines and lines[0].strip(), message
    assert lines[0] == lines[0].strip(), message
    if len(lines) > 1:  # a list of problems: one header, then indented lines
        assert lines[0].endswith(":") and len(lines) <= MOST_LINES, message
        assert all(line.startswith("  ") and line.strip() for line in lines[1:]), message


def assert_opened_map_is_whole(journey_map: JourneyMap) -> None:
    """An opened map keeps every rule, holds only text a file and an export can carry, and round-trips."""
    assert map_problems(journey_map) == []
    for group, model in GROUPS.items():
        single, lists = text_fields(model)
        for item in [journey_map] if group is None else getattr(journey_map, group):
            for value in [getattr(item, name) for name in single] + [v for name in lists for v in getattr(item, name)]:
                assert UNCARRIABLE.search(value) is None, (group, value)
    assert_saves_and_loads_back_identically(journey_map)


def assert_saves_and_loads_back_identically(journey_map: JourneyMap) -> None:
    data = save_bytes(journey_map)
    data.decode("utf-8")  # strictly valid UTF-8, whatever the map holds
    again = map_from_bytes(data)
    assert again == journey_map
    assert save_bytes(again) == data


def encode(document: Any, ascii_only: bool, indent: int | None = None) -> bytes:
    """A document as a file: lone surrogates go out as JSON escapes, or as the invalid UTF-8 a broken writer makes."""
    text = json.dumps(document, ensure_ascii=ascii_only, indent=indent)
    return text.encode("utf-8", "surrogatepass")


# --- random JSON ------------------------------------------------------------------------------


def _near_a_map(value: Any) -> Any:
    """Random JSON that gets past the first questions (an object, the format's name, a version) often."""
    return {"format": "journey-map", "schema_version": "1.0", "id": "m", "title": "T", "x": value}


@profile(examples=150)
@given(document=json_values | json_values.map(_near_a_map) | st.dictionaries(
    st.sampled_from(["format", "schema_version", "id", "title", "phases", "lanes", "personas", "cards",
                     "emotions", "created", "modified"]), json_values),
    ascii_only=st.booleans(), indent=st.none() | st.integers(0, 3))
def test_random_json_opens_or_is_refused_in_words(document, ascii_only, indent):
    read(encode(document, ascii_only, indent))


# --- valid maps with hostile text everywhere ------------------------------------------------------------


@profile(examples=60)
@given(document=hostile_map_documents(), ascii_only=st.booleans(), indent=st.sampled_from([None, 2]))
def test_hostile_text_in_every_field_opens_clean_or_is_refused_in_words(document, ascii_only, indent):
    data = encode(document, ascii_only, indent)
    journey_map = read(data)
    has_surrogates = re.search(r"[\ud800-\udfff]", json.dumps(document, ensure_ascii=False)) is not None
    if ascii_only or not has_surrogates:  # valid JSON of a valid map: it must open
        assert journey_map is not None, "a valid map was refused"
        assert journey_map.title == _cleaned(document["title"])


def _cleaned(text: str) -> str:
    """What the door makes of a text read from JSON (an escaped surrogate pair read back is one character)."""
    from app.model.schema import clean_text

    return clean_text(json.loads(json.dumps(text)))


def test_the_hostile_maps_reach_every_free_text_field_of_every_object():
    """The strategy finds the text fields from the model; a field added later is covered without a word."""
    found = {model.__name__: text_fields(model) for model in GROUPS.values()}
    assert {"title", "description", "goal"} <= set(found["JourneyMap"][0])
    assert {"name", "role", "description", "quote"} <= set(found["Persona"][0])
    assert {"goals", "pains", "channels", "decision_criteria"} <= set(found["Persona"][1])
    assert {"text", "notes", "channel", "owner"} <= set(found["Card"][0]) and "tags" in found["Card"][1]
    assert "name" in found["Phase"][0] and "name" in found["Lane"][0] and "label" in found["EmotionPoint"][0]
    assert all("id" not in single for single, _lists in found.values())  # ids have a pattern: not free text


# --- maps broken at random places -----------------------------------------------------------------------


def _places(document: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside a document."""
    places = [path]
    if isinstance(document, dict):
        for key, value in document.items():
            places += _places(value, (*path, key))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            places += _places(value, (*path, i))
    return places


@st.composite
def broken_maps(draw) -> Any:
    """A hostile map with one to three of its values replaced, removed, or given a sibling of any JSON."""
    document = draw(hostile_map_documents(max_cards=6, unknown_fields=False))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(document)))
        if not path:
            document = draw(json_values)
            continue
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        how = draw(st.sampled_from(["replace", "remove", "add", "copy"]))
        if how == "remove":
            del parent[key]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(hostile_texts)] = draw(json_values)
        elif how == "add":
            parent.insert(draw(st.integers(0, len(parent))), draw(json_values))
        elif how == "copy":  # a sibling's value where it does not belong (an id, a list of cards...)
            parent[key] = draw(st.sampled_from([parent[k] for k in (parent if isinstance(parent, dict)
                                                                     else range(len(parent)))]))
        else:
            parent[key] = draw(json_values | st.sampled_from(["", "ghost", 0, -1, 10**40, 1.5, True, None, [], {}]))
    return document


@profile(examples=80)
@given(document=broken_maps(), ascii_only=st.booleans())
def test_a_map_broken_anywhere_opens_or_is_refused_in_words(document, ascii_only):
    read(encode(document, ascii_only))


# --- bytes: cut, flipped, other encodings ----------------------------------------------------------------

SAMPLE = (SAMPLES / "fitness-watch.json").read_bytes()


@st.composite
def damaged_bytes(draw) -> bytes:
    data = draw(st.sampled_from([SAMPLE, None]))
    if data is None:
        data = encode(draw(hostile_map_documents(max_cards=4)), draw(st.booleans()), 2)
    how = draw(st.sampled_from(["cut", "flip", "insert", "encoding", "random"]))
    if how == "cut":
        return data[:draw(st.integers(0, len(data)))]
    if how == "flip":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if how == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if how == "encoding":
        text = data.decode("utf-8", "surrogatepass")
        codec = draw(st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
                                      "cp1252"]))
        return text.encode(codec, "surrogatepass" if codec.startswith("utf") else "replace")
    return draw(st.binary(max_size=200))


@profile(examples=100)
@given(data=damaged_bytes())
def test_damaged_bytes_open_or_are_refused_in_words(data):
    read(data)


# --- edges found or named in issue 20 -------------------------------------------------------------------


def _sample_with(**fields: Any) -> bytes:
    document = json.loads(SAMPLE)
    for dotted, value in fields.items():
        target, parts = document, dotted.split("__")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        target[parts[-1]] = value
    return json.dumps(document, ensure_ascii=False).encode()


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(("data", "opens"), [
    pytest.param(_sample_with(created="9999-12-31T23:59:59-05:00"), False, id="created-9999-negative-offset"),
    pytest.param(_sample_with(created="0001-01-01T00:00:00+05:00"), False, id="created-year-1-positive-offset"),
    pytest.param(_sample_with(cards__0__x_future=_nested(300)), False, id="unknown-field-300-deep"),
    pytest.param(SAMPLE.replace(b'"title": ', b'"x-weight": 1e999, "title": ', 1), False, id="unknown-field-1e999"),
    pytest.param(SAMPLE.replace(b'"title": ', b'"x-future": {"\\ud800": 1}, "title": ', 1), False,
                 id="unknown-object-with-a-lone-surrogate-key"),
    pytest.param(_sample_with(cards__0__text="a\ufffeb\uffffc"), True, id="non-characters"),
    pytest.param(_sample_with(cards__0__x_future=_nested(200)), True, id="unknown-field-200-deep"),
])
def test_edge_documents_open_and_round_trip_or_are_refused_in_words(data, opens):
    """Times whose UTC year leaves 1..9999 (item 12; the generators keep to years 2..9998) and unknown fields
    nested too deep to save, holding 1e999 or a key with a lone surrogate (item 14) are refused in words; a
    map with non-characters (item 13, made U+FFFD) and unknown fields as deep as can be saved open whole."""
    journey_map = read(data)
    assert (journey_map is not None) is opens
    if journey_map is not None:
        assert not {"\ufffe", "\uffff"} & set(journey_map.cards[0].text)
