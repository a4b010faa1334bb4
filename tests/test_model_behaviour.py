"""What a user relies on from the model: times stay UTC wherever the computer is, broken maps are
explained in sentences that name the field, look-ups find the object asked for, new ids are
unique and readable, templates make fresh maps, old formats are migrated or refused clearly;
a file that is not a map is explained word for word, and saving leaves the previous version as
NAME.json.bak and no temporary files of saves that died."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.model import (
    JourneyMap,
    MapFileError,
    load_map,
    map_from_bytes,
    map_to_bytes,
    migrations,
    save_map,
    utc_now,
)
from app.model.fileformat import TEMP_PREFIX, backup_path, process_alive, read_regular_file, remove_stale_temp_files
from app.model.ids import new_id, slug_id
from app.model.json_schema import json_schema, json_schema_text
from app.model.templates import DEFAULT_TEMPLATE, new_map, template_names
from tests.conftest import SAMPLES

DEAD_PID = 2**31 - 2  # larger than any pid_max: no such process


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
    all_b = sum(36**k for k in range(6))  # "bbbbbb": the digit 1 ("b") in each of six base-36 places
    drawn = iter([0, 0, all_b])  # "aaaaaa" twice, then "bbbbbb"
    monkeypatch.setattr("app.model.ids.secrets.randbelow", lambda _space: next(drawn))
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


# --- files that are not maps, and what saving leaves on disk ----------------------------------------


def sample() -> dict:
    return json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))


def problem(data: bytes) -> str:
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(data, "m.json")
    assert caught.value.path == Path("m.json")
    assert str(caught.value) == f"m.json: {caught.value.problem}"
    return caught.value.problem


def test_an_error_without_a_file_is_just_the_problem():
    error = MapFileError(None, "something is wrong")
    assert str(error) == "something is wrong" and error.path is None and error.problem == "something is wrong"


@pytest.mark.parametrize(("data", "expected"), [
    ("{}".encode("utf-16-le").join([b"\xff\xfe", b""]), "the file is UTF-16 encoded; map files are UTF-8"),
    (b"\xfe\xff\x00{\x00}", "the file is UTF-16 encoded; map files are UTF-8"),
    (b'{"a":\x00 1}', "this is a binary file, not a journey map (it contains NUL bytes)"),
    (b'{\n"title": "K\xe4se"}', "the file is not UTF-8 text (byte 0xe4 on line 2); map files are UTF-8"),
    (b"", "the file is empty"),
    (b" \n\t\n", "the file is empty"),
])
def test_what_is_not_utf8_json_text_is_named(data, expected):
    assert problem(data) == expected


@pytest.mark.parametrize(("marker", "line"), [("<<<<<<< HEAD", 3), ("=======", 2), (">>>>>>> feature", 4),
                                              ("<<<<<<<", 3)])
def test_a_merge_conflict_is_found_on_its_line(marker, line):
    lines = ['{"format": "journey-map",', '  "title": "x",', '  "id": "m"', "}"]
    lines.insert(line - 1, marker)
    assert problem("\n".join(lines).encode()) == (
        f"the file contains a git merge conflict marker ({marker.split()[0]}) on line {line}; "
        "resolve the conflict (keep one side) and open it again")


def test_conflict_marker_look_alikes_inside_texts_are_fine():
    data = sample()
    data["cards"][0]["text"] = "======= between the lines >>>>>>> <<<<<<<"
    data["cards"][1]["text"] = "=======\n>>>>>>> x\n<<<<<<<"
    assert map_from_bytes(json.dumps(data, indent=2).encode()).cards[1].text == "=======\n>>>>>>> x\n<<<<<<<"


def test_broken_json_says_where_and_whether_it_was_cut_off():
    assert problem(b'{"format": "journey-map",\n  "title": "x"') == (
        "not valid JSON at line 2, column 15: Expecting ',' delimiter (the file may be cut off)")
    assert problem(b'{"format": "journey-map",\n  "title" "x"\n}') == (
        "not valid JSON at line 2, column 11: Expecting ':' delimiter")
    for constant in ("NaN", "Infinity", "-Infinity"):
        assert problem(f'{{"format": "journey-map", "x": {constant}}}'.encode()) == (
            f"not valid JSON: {constant} is not a number JSON allows")


def test_a_map_that_breaks_the_rules_gets_one_line_per_problem_with_its_field():
    data = sample()
    data["cards"][3]["votes"] = "many"
    data["personas"][0]["goals"][1] = 5
    del data["phases"][1]["name"]
    data["lanes"][0]["name"] = "x" * 100
    data["lanes"][0]["kind"] = "y" * 100
    assert problem(json.dumps(data).encode()) == "not a valid journey map:\n  " + "\n  ".join([
        "phases[1].name: this field is required but missing",
        "lanes[0].kind: Input should be 'touchpoints', 'actions', 'goals', 'thoughts', 'emotions', 'pain_points',"
        " 'opportunities', 'owners', 'kpis' or 'notes' (found '" + "y" * 56 + "...)",
        "personas[0].goals[1]: Input should be a valid string (found 5)",
        "cards[3].votes: Input should be a valid integer (found 'many')",
    ])


def test_rules_between_objects_read_as_their_own_lines():
    data = sample()
    data["cards"][0]["phase"] = "nowhere"
    data["cards"][1]["lane"] = "nolane"
    assert problem(json.dumps(data).encode()) == (
        "not a valid journey map:\n  cards[0].phase: no phase with id 'nowhere'\n"
        "  cards[1].lane: no lane with id 'nolane'")


def test_a_flood_of_problems_shows_ten_and_counts_the_rest():
    data = sample()
    for card in data["cards"][:14]:
        card["votes"] = -1
    lines = problem(json.dumps(data).encode()).split("\n  ")
    assert len(lines) == 1 + 10 + 1
    assert lines[1] == "cards[0].votes: Input should be greater than or equal to 0 (found -1)"
    assert lines[-1] == "... and 4 more problems"
    for card in data["cards"][:14]:
        card["votes"] = 0
    for card in data["cards"][:11]:
        card["votes"] = -1
    assert problem(json.dumps(data).encode()).split("\n  ")[-1] == "... and 1 more problem"
    data["cards"][10]["votes"] = 0
    assert "more problem" not in problem(json.dumps(data).encode())


def test_a_file_too_large_is_refused_with_its_size(tmp_path: Path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 3_000_000)
    with pytest.raises(MapFileError) as caught:
        read_regular_file(path, limit=1_000_000)
    assert caught.value.problem == (
        "the file is 3 MB; map files are at most 1 MB, so this is not a journey map")
    assert read_regular_file(path, limit=3_000_000) == b" " * 3_000_000


def test_saving_keeps_the_previous_version_as_bak(tmp_path: Path):
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path, keep_backup=True)
    assert not backup_path(path).exists()  # nothing to keep yet
    first = path.read_bytes()
    os.chmod(path, 0o640)
    journey_map.title = "Second"
    save_map(journey_map, path, keep_backup=True)
    assert backup_path(path) == tmp_path / "map.json.bak"
    assert backup_path(path).read_bytes() == first
    assert oct(backup_path(path).stat().st_mode & 0o777) == oct(0o640)
    journey_map.title = "Third"
    save_map(journey_map, path, keep_backup=True)
    assert load_map(backup_path(path)).title == "Second" and load_map(path).title == "Third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json", "map.json.bak"]


def test_the_backup_is_a_copy_where_hard_links_are_not_allowed(tmp_path: Path, monkeypatch):
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path)
    first = path.read_bytes()

    def no_links(*_args):
        raise OSError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    journey_map.title = "Second"
    save_map(journey_map, path, keep_backup=True)
    assert backup_path(path).read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json", "map.json.bak"]


def test_a_leftover_staging_file_does_not_stop_the_backup(tmp_path: Path):
    path = tmp_path / "map.json"
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    save_map(journey_map, path)
    (tmp_path / f"{TEMP_PREFIX}{os.getpid()}-bak.tmp").write_text("left by a save that died")
    save_map(journey_map, path, keep_backup=True)
    assert backup_path(path).read_bytes() == map_to_bytes(journey_map)


def test_temporary_files_of_dead_saves_are_removed_and_live_ones_kept(tmp_path: Path):
    dead = tmp_path / f"{TEMP_PREFIX}{DEAD_PID}-abc.tmp"
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-def.tmp"
    nameless = tmp_path / f"{TEMP_PREFIX}nopid.tmp"
    other = tmp_path / "notes.tmp"
    for path in (dead, live, nameless, other):
        path.write_text("x")
    assert sorted(remove_stale_temp_files(tmp_path, min_age=0)) == sorted([dead, nameless])  # old enough at once
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
    assert remove_stale_temp_files(tmp_path / "missing") == []


def test_a_process_is_alive_when_it_exists_even_if_owned_by_another_user(monkeypatch):
    assert process_alive(os.getpid()) and not process_alive(DEAD_PID)

    def not_yours(pid, signal):
        raise PermissionError

    monkeypatch.setattr(os, "kill", not_yours)
    assert process_alive(1)


# --- what the model says in the UI language (English and German) -----------------------------


def test_a_format_too_old_is_refused_in_a_whole_sentence_in_english_and_german(tmp_path):
    from app import i18n

    with pytest.raises(MapFileError) as caught:
        migrations.migrate({"schema_version": "0.3"}, tmp_path / "old.json")
    assert caught.value.problem == ("file format 0.3 is older than this app can convert (it reads 1.x and converts "
                                    "nothing older than that)")
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        migrations.migrate({"schema_version": "0.3"}, tmp_path / "old.json")
    assert caught.value.problem == ("das Dateiformat 0.3 ist älter, als diese App umwandeln kann (sie liest 1.x und "
                                    "wandelt nichts Älteres um)")


def test_an_unknown_template_is_refused_in_the_ui_language():
    from app import i18n

    choices = ", ".join(template_names())
    with pytest.raises(MapFileError) as caught:
        new_map("no-such-template")
    assert caught.value.problem == f"no template named 'no-such-template'; choose one of: {choices}"
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        new_map("no-such-template")
    assert caught.value.problem == f"keine Vorlage namens 'no-such-template'; wählen Sie eine von: {choices}"


def test_a_broken_template_is_named_as_a_template_in_the_ui_language(tmp_path, monkeypatch):
    from app import i18n
    from app.model import templates

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "broken.json").write_text('{"format": "journey-map"}', "utf-8")
    monkeypatch.setattr(templates, "resource", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(MapFileError) as caught:
        new_map("broken")
    assert str(caught.value).startswith("template broken: ")
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        new_map("broken")
    assert str(caught.value).startswith("Vorlage broken: ")


def test_the_template_menu_names_each_template_in_the_ui_language_and_others_by_file_name():
    from app import i18n
    from app.model.templates import template_title

    assert [template_title(name) for name in ("five-phase", "b2b", "my-own")] == [
        "Five phases: Awareness to Advocacy", "B2B buying journey with a buying centre", "my-own"]
    i18n.set_language("de")
    assert [template_title(name) for name in ("five-phase", "five-phase-de", "b2b", "my-own")] == [
        "Fünf Phasen: Wahrnehmung bis Empfehlung", "Fünf Phasen, deutsche Vorlage: Wahrnehmung bis Unterstützung",
        "B2B-Kaufprozess mit Buying Center", "my-own"]


def test_a_new_map_is_in_the_ui_language_and_records_it():
    from app import i18n

    english = new_map("five-phase")
    assert english.language == "en" and english.schema_version == "1.1"
    assert english.lanes[0].name == "Touchpoints" and english.phases[0].name == "Awareness"
    i18n.set_language("de")
    german = new_map("five-phase")
    assert german.language == "de" and german.title == "Neue Customer Journey Map"
    assert [phase.name for phase in german.phases] == ["Wahrnehmung", "Überlegung", "Kauf", "Bindung", "Empfehlung"]
    assert german.phases[0].goal == "Aufmerksamkeit erzeugen" and german.lanes[0].name == "Kontaktpunkte"
    # a word the template leaves empty stays empty (an empty msgid would be the catalogue's header)
    assert all(phase.description == "" for phase in german.phases)
    assert german.personas[0].name == "Neue Persona" and german.personas[0].description == ""
    # the German template is taken as it is, whatever the UI language
    i18n.set_language("en")
    assert new_map("five-phase-de").language == "de" and new_map("five-phase-de").lanes[0].name == "Kontaktpunkte"


def test_a_new_map_made_in_the_pseudo_language_records_no_language():
    """The pseudo language is for checking the UI's texts: it is no language of a map's content."""
    from app import i18n

    i18n.set_language("pseudo")
    journey_map = new_map("five-phase")
    assert journey_map.language is None and journey_map.schema_version == "1.0"
    assert journey_map.title == "⟦New journey map⟧"
