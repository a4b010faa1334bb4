"""The model's rules: what a valid map is, checked on construction."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import clean_text


def small_map(**changes) -> dict:
    data = {
        "id": "m",
        "title": "Map",
        "phases": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}, {"id": "e", "name": "E", "kind": "emotions"}],
        "personas": [{"id": "p", "name": "P"}],
        "cards": [{"id": "c1", "persona": "p", "phase": "a", "lane": "t", "text": "Ad"}],
        "emotions": [{"persona": "p", "phase": "a", "score": 1}],
    }
    data.update(changes)
    return data


def test_small_map_is_valid():
    journey_map = JourneyMap.model_validate(small_map())
    assert journey_map.cards_in("p", "a", "t")[0].text == "Ad"
    assert journey_map.emotion("p", "a").score == 1
    assert journey_map.emotion("p", "b") is None


@pytest.mark.parametrize("score", [-3, 3, 1.5, True, "1"])
def test_score_is_an_integer_from_minus_two_to_two(score):
    with pytest.raises(ValidationError):
        EmotionPoint(persona="p", phase="a", score=score)


@pytest.mark.parametrize("severity", [0, 6, 2.5, "3"])
def test_severity_is_one_to_five_or_null(severity):
    with pytest.raises(ValidationError):
        Card(id="c", persona="p", phase="a", lane="t", severity=severity)
    assert Card(id="c", persona="p", phase="a", lane="t", severity=None).severity is None
    assert Card(id="c", persona="p", phase="a", lane="t", severity=5).severity == 5


def test_evidence_and_colour_and_id_formats():
    with pytest.raises(ValidationError):
        Card(id="c", persona="p", phase="a", lane="t", evidence="rumour")
    with pytest.raises(ValidationError):
        Persona(id="p", name="P", color="red")
    with pytest.raises(ValidationError):
        Phase(id="has space", name="x")
    with pytest.raises(ValidationError):
        Phase(id="", name="x")
    with pytest.raises(ValidationError):
        Lane(id="l", name="x", kind="feelings")
    assert Persona(id="p", name="P", color="#a1b2c3").color == "#a1b2c3"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"phases": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}, "phases: id 'a' is used more than once"),
        (
            {"cards": [{"id": "c1", "persona": "p", "phase": "zzz", "lane": "t"}]},
            "cards[0].phase: no phase with id 'zzz'",
        ),
        (
            {"cards": [{"id": "c1", "persona": "ghost", "phase": "a", "lane": "t"}]},
            "cards[0].persona: no persona with id 'ghost'",
        ),
        ({"cards": [{"id": "c1", "persona": "p", "phase": "a", "lane": "e"}]}, "emotion curve and holds no cards"),
        (
            {"emotions": [{"persona": "p", "phase": "a", "score": 1}, {"persona": "p", "phase": "a", "score": 2}]},
            "emotions[1]: a second emotion point",
        ),
    ],
)
def test_cross_references_are_checked(change, expected):
    with pytest.raises(ValidationError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        JourneyMap.model_validate(small_map(**change))


def test_text_is_cleaned_of_what_no_file_can_carry():
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text("tab\tok\x00\x07\x1b") == "tab\tok"
    assert clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    card = Card(id="c", persona="p", phase="a", lane="t", text="x\x0cy")
    assert card.text == "xy"


def test_times_are_utc_to_the_second():
    journey_map = JourneyMap.model_validate(small_map(created="2026-11-22T10:00:00.123456+01:00"))
    assert journey_map.created.isoformat() == "2026-11-22T09:00:00+00:00"


# --- the language of the content and the format version a map is written in ---------------------


@pytest.mark.parametrize("value", ["fr", "DE", ""])
def test_a_language_the_app_does_not_know_is_refused_naming_the_known_ones(value):
    from app import i18n
    from app.model import MapFileError, map_from_bytes

    data = json.dumps(small_map(format="journey-map", schema_version="1.1", language=value)).encode()
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(data)
    assert caught.value.problem == (
        f"not a valid journey map:\n  language: the language must be one this app knows: en, de (found {value!r})")
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(data)
    assert caught.value.problem == ("keine gültige Journey Map:\n  language: die Sprache muss eine sein, die diese "
                                    f"App kennt: en, de (gefunden: {value!r})")


@pytest.mark.parametrize("value", ["en", "de"])
def test_a_language_the_app_knows_is_taken(value):
    assert JourneyMap.model_validate(small_map(language=value)).language == value


def written(journey_map: JourneyMap) -> str:
    from app.model import map_to_bytes

    return json.loads(map_to_bytes(journey_map))["schema_version"]


def test_a_map_is_written_in_the_lowest_version_that_holds_it():
    journey_map = JourneyMap.model_validate(small_map())
    assert journey_map.schema_version == "1.0" == written(journey_map)
    journey_map.language = "de"
    assert journey_map.schema_version == "1.1" == written(journey_map)
    journey_map.language = None  # an undo: the map is a 1.0 map again
    assert journey_map.schema_version == "1.0" == written(journey_map)
    # a 1.1 file with nothing of 1.1 in it is a 1.0 map; with a language it stays 1.1
    assert JourneyMap.model_validate(small_map(schema_version="1.1")).schema_version == "1.0"
    assert JourneyMap.model_validate(small_map(schema_version="1.1", language="en")).schema_version == "1.1"
    assert JourneyMap.model_validate(small_map(language="en")).schema_version == "1.1"


def test_a_map_with_fields_this_app_does_not_know_keeps_its_version():
    """Unknown fields may be of the version the file says: written as 1.0 they would claim to be of 1.0."""
    on_a_card = small_map(schema_version="1.1")
    on_a_card["cards"][0]["confidence"] = 0.5
    assert JourneyMap.model_validate(on_a_card).schema_version == "1.1"
    on_the_map = small_map(schema_version="1.1", review={"by": "CX team"})
    assert JourneyMap.model_validate(on_the_map).schema_version == "1.1"
    on_the_map_and_a_card = dict(on_the_map, cards=on_a_card["cards"])
    assert JourneyMap.model_validate(on_the_map_and_a_card).schema_version == "1.1"
    # a newer minor than this app knows keeps its version with or without them
    assert JourneyMap.model_validate(small_map(schema_version="1.2")).schema_version == "1.2"
    assert JourneyMap.model_validate(small_map(schema_version="1.2", language="de")).schema_version == "1.2"


@pytest.mark.parametrize("version", ["١.٠", "1234567.0", "1.0000001"])
def test_a_version_that_is_not_plain_ascii_digits_is_refused_in_words(version):
    from app import i18n
    from app.model import MapFileError, map_from_bytes

    data = json.dumps(small_map(format="journey-map", schema_version=version, language="de")).encode()
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(data)
    assert caught.value.problem == f'"schema_version" must look like "1.0" (found {version!r})'
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(data)
    assert caught.value.problem == f"„schema_version“ muss wie „1.0“ aussehen (gefunden: {version!r})"


def test_versions_are_compared_as_numbers_not_as_text(monkeypatch):
    """1.10 is newer than 1.9: a later field of 1.10 needs 1.10 (text would put 1.9 after 1.10)."""
    from app.model import schema

    monkeypatch.setattr(schema, "FIELD_VERSIONS", {"language": "1.10", "conflicts": "1.9"})
    journey_map = JourneyMap.model_validate(small_map(language="de", conflicts=[]))
    assert schema.needed_version(journey_map) == "1.10" == journey_map.schema_version
    assert schema.version_key("1.10") == (1, 10) and schema.version_key("1.9") == (1, 9)
