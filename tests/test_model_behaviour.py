"""What a user relies on from the model: times stay UTC wherever the computer is, broken maps are
explained in sentences that name the field, look-ups find the object asked for, new ids are
unique and readable, templates make fresh maps, old formats are migrated or refused clearly."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.model import JourneyMap, MapFileError, map_to_bytes, migrations, utc_now
from app.model.ids import new_id, slug_id
from app.model.json_schema import json_schema, json_schema_text
from app.model.templates import DEFAULT_TEMPLATE, new_map, template_names


@pytest.fixture
def far_from_utc(monkeypatch):
    """The computer's clock set to New York time (UTC-5, no daylight saving rule): local is not UTC."""
    monkeypatch.setenv("TZ", "EST5")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def small_map(**changes) -> dict:
    data = {
        "id": "m",
        "title": "Map",
        "phases": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}, {"id": "e", "name": "E", "kind": "emotions"}],
        "personas": [{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}],
        "cards": [{"id": "c1", "persona": "p", "phase": "a", "lane": "t", "text": "Ad"}],
        "emotions": [{"persona": "p", "phase": "a", "score": 1}],
    }
    data.update(changes)
    return data


def problems_of(data: dict) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    (error,) = caught.value.errors()
    return str(error["ctx"]["error"]).split("; ")


# --- times ----------------------------------------------------------------------------------


def written_times(journey_map: JourneyMap) -> tuple[str, str]:
    data = json.loads(map_to_bytes(journey_map))
    return data["created"], data["modified"]


def test_a_time_without_zone_is_taken_as_utc_even_on_a_computer_in_another_zone(far_from_utc):
    journey_map = JourneyMap.model_validate(small_map(created="2024-03-01T12:30:45", modified="2024-03-01T12:30:45"))
    assert journey_map.created == datetime(2024, 3, 1, 12, 30, 45, tzinfo=UTC)
    assert journey_map.created.utcoffset() == timedelta(0)
    assert written_times(journey_map) == ("2024-03-01T12:30:45Z", "2024-03-01T12:30:45Z")
    journey_map.modified = datetime(2024, 5, 6, 7, 8, 9, 999_999)  # naive, as a script might assign
    assert written_times(journey_map)[1] == "2024-05-06T07:08:09Z"


def test_a_time_in_another_zone_is_stored_as_the_same_instant_in_utc(far_from_utc):
    berlin = timezone(timedelta(hours=2))
    journey_map = JourneyMap.model_validate(small_map(created=datetime(2024, 3, 1, 14, 0, 0, 500_000, tzinfo=berlin)))
    assert journey_map.created.utcoffset() == timedelta(0)
    assert written_times(journey_map)[0] == "2024-03-01T12:00:00Z"


def test_now_is_the_current_instant_in_utc_to_the_second(far_from_utc):
    now = utc_now()
    assert now.utcoffset() == timedelta(0)
    assert now.microsecond == 0
    assert abs(now.timestamp() - time.time()) < 5
    fresh = JourneyMap(id="m", title="New")
    assert abs(fresh.created.timestamp() - time.time()) < 5
    assert written_times(fresh)[0] == fresh.created.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- broken maps are explained --------------------------------------------------------------


def test_duplicate_ids_name_the_list_the_id_and_where_it_first_is():
    problems = problems_of(small_map(phases=[{"id": "x", "name": "X"}, {"id": "a", "name": "A"},
                                             {"id": "b", "name": "B"}, {"id": "a", "name": "again"}]))
    assert problems == ["phases: id 'a' is used more than once (first at phases[1])"]
    problems = problems_of(small_map(cards=[{"id": "c1", "persona": "p", "phase": "a", "lane": "t"}] * 2))
    assert problems == ["cards: id 'c1' is used more than once (first at cards[0])"]


def test_cards_pointing_nowhere_are_named_with_their_field():
    problems = problems_of(small_map(cards=[
        {"id": "c1", "persona": "p", "phase": "a", "lane": "t"},
        {"id": "c2", "persona": "ghost", "phase": "zz", "lane": "nolane"},
        {"id": "c3", "persona": "p", "phase": "a", "lane": "e"},
    ]))
    assert problems == [
        "cards[1].persona: no persona with id 'ghost'",
        "cards[1].phase: no phase with id 'zz'",
        "cards[1].lane: no lane with id 'nolane'",
        "cards[2].lane: lane 'e' is the emotion curve and holds no cards",
    ]


def test_emotion_points_pointing_nowhere_or_twice_are_named():
    problems = problems_of(small_map(emotions=[
        {"persona": "p", "phase": "a", "score": 1},
        {"persona": "nobody", "phase": "nowhen", "score": 0},
        {"persona": "p", "phase": "a", "score": -1},
    ]))
    assert problems == [
        "emotions[1].persona: no persona with id 'nobody'",
        "emotions[1].phase: no phase with id 'nowhen'",
        "emotions[2]: a second emotion point for persona 'p' in phase 'a' (one per persona and phase)",
    ]


def test_look_ups_find_the_object_with_the_id():
    journey_map = JourneyMap.model_validate(small_map(cards=[
        {"id": "c1", "persona": "p", "phase": "a", "lane": "t", "text": "first"},
        {"id": "c2", "persona": "q", "phase": "b", "lane": "t", "text": "second"},
    ]))
    assert journey_map.phase("b").name == "B" and journey_map.phase("a").name == "A"
    assert journey_map.lane("e").kind == "emotions" and journey_map.lane("t").kind == "touchpoints"
    assert journey_map.persona("q").name == "Q"
    assert journey_map.card("c2").text == "second" and journey_map.card("c1").text == "first"
    with pytest.raises(StopIteration):
        journey_map.card("missing")


# --- ids --------------------------------------------------------------------------------------


@given(st.sampled_from(["c", "p", "map"]), st.sets(st.from_regex(r"c-[a-z0-9]{6}", fullmatch=True), max_size=20))
def test_new_ids_have_the_prefix_six_characters_and_are_not_taken(prefix, taken):
    made = new_id(prefix, taken)
    assert re.fullmatch(re.escape(prefix) + r"-[a-z0-9]{6}", made)
    assert made not in taken


def test_new_id_tries_again_until_it_finds_a_free_one(monkeypatch):
    drawn = iter("aaaaaa" "aaaaaa" "bbbbbb")
    monkeypatch.setattr("app.model.ids.secrets.choice", lambda alphabet: next(drawn))
    assert new_id("c", {"c-aaaaaa"}) == "c-bbbbbb"


def test_new_ids_use_letters_and_digits():
    seen = "".join(new_id("x", ())[2:] for _ in range(300))
    assert set(seen) <= set("abcdefghijklmnopqrstuvwxyz0123456789")
    assert len(set(seen)) > 20  # drawn from the whole alphabet, not a few characters


@pytest.mark.parametrize(("name", "slug"), [
    ("Awareness", "awareness"),
    ("Überlegung & Kauf", "uberlegung-kauf"),
    ("  --Post purchase!!  ", "post-purchase"),
    ("ÀÉÎõü 2", "aeiou-2"),
    ("x" * 50, "x" * 40),
])
def test_slug_ids_are_readable_ascii(name, slug):
    assert slug_id(name, set()) == slug


def test_slug_ids_fall_back_and_count_up_to_stay_unique():
    assert slug_id("東京", set()) == "item"
    assert slug_id("!!!", set(), fallback="phase") == "phase"
    assert slug_id("Awareness", {"awareness"}) == "awareness-2"
    assert slug_id("Awareness", {"awareness", "awareness-2"}) == "awareness-3"
    assert slug_id("Awareness", {"awareness", "awareness-2", "awareness-3"}) == "awareness-4"


# --- migrations -------------------------------------------------------------------------------


def test_the_current_format_passes_through_unchanged():
    data = {"schema_version": "1.0", "title": "x"}
    assert migrations.migrate(data) == {"schema_version": "1.0", "title": "x"}
    assert migrations.migrate({"schema_version": "1.7"})["schema_version"] == "1.7"


def test_an_older_format_is_migrated_step_by_step_without_touching_the_input(monkeypatch):
    calls = []

    def step(version):
        def run(data):
            calls.append(data["schema_version"])
            data["schema_version"] = version
            data.setdefault("steps", []).append(version)
            return data
        return run

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", "2.1")
    monkeypatch.setitem(migrations.MIGRATIONS, 0, step("1.0"))
    monkeypatch.setitem(migrations.MIGRATIONS, 1, step("2.0"))
    original = {"schema_version": "0.9", "title": "old"}
    migrated = migrations.migrate(original)
    assert migrated == {"schema_version": "2.0", "title": "old", "steps": ["1.0", "2.0"]}
    assert calls == ["0.9", "1.0"]
    assert original == {"schema_version": "0.9", "title": "old"}


def test_a_format_too_old_to_convert_is_refused_with_a_reason(tmp_path):
    with pytest.raises(MapFileError) as caught:
        migrations.migrate({"schema_version": "0.3"}, tmp_path / "old.json")
    message = str(caught.value)
    assert "0.3" in message and "older than this app can convert" in message and "1.x" in message
    assert "old.json" in message


# --- templates --------------------------------------------------------------------------------


def test_templates_are_listed_by_name_sorted():
    names = template_names()
    assert DEFAULT_TEMPLATE in names
    assert names == sorted(names) and all(not name.endswith(".json") for name in names)
    assert len(names) >= 2


def test_a_new_map_from_a_template_is_fresh():
    for name in template_names():
        first, second = new_map(name), new_map(name, title="Workshop 12 May")
        assert first.id.startswith("map-") and first.id != second.id
        assert first.created == first.modified and abs(first.created.timestamp() - time.time()) < 5
        assert first.title and second.title == "Workshop 12 May"
        assert first.phases and first.lanes and first.personas
    default = new_map()
    assert [p.id for p in default.phases] == [p.id for p in new_map(DEFAULT_TEMPLATE).phases]


def test_a_broken_template_is_named_in_the_error(tmp_path, monkeypatch):
    from app.model import templates

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "broken.json").write_text('{"format": "journey-map"}', "utf-8")
    monkeypatch.setattr(templates, "resource", lambda *parts: tmp_path.joinpath(*parts))
    assert template_names() == ["broken"]
    with pytest.raises(MapFileError) as caught:
        new_map("broken")
    assert "template broken" in str(caught.value)


def test_an_unknown_template_is_refused_naming_the_choices():
    with pytest.raises(MapFileError) as caught:
        new_map("no-such-template")
    message = str(caught.value)
    assert "'no-such-template'" in message
    assert ", ".join(template_names()) in message


# --- JSON Schema ------------------------------------------------------------------------------


def test_the_schema_names_its_draft_and_the_format_version():
    from app.model import SCHEMA_VERSION

    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f"format {SCHEMA_VERSION}." in schema["$comment"]
    assert list(schema)[:2] == ["$schema", "$comment"]
    assert schema["title"] == "JourneyMap" and "phases" in schema["properties"]
    text = json_schema_text()
    assert text.endswith("}\n") and json.loads(text) == schema
    assert '\n  "$comment"' in text  # two-space indent, as in the shipped file


def test_the_schema_text_keeps_non_ascii_characters_readable(monkeypatch):
    from app.model import json_schema as module

    monkeypatch.setattr(module, "json_schema", lambda: {"description": "Größe, 東京"})
    assert module.json_schema_text() == '{\n  "description": "Größe, 東京"\n}\n'
