"""The model's rules: what a valid map is, checked on construction."""

from __future__ import annotations

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
