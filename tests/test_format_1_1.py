"""Format 1.1: the map records the language of its content; a map that does not is still written as 1.0."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from app import i18n
from app.cli import main
from app.model import MapFileError, load_map, map_from_bytes, map_to_bytes, save_map
from app.model.fileformat import written_version
from app.model.templates import TEMPLATE_WORDS, new_map, template_names
from app.resource_files import resource
from tests.conftest import SAMPLE_FILES, SAMPLES

ENGLISH_SAMPLES = [path for path in SAMPLE_FILES if path.name != "onlineshop-retoure.json"]
ENGLISH_TEMPLATES = ["five-phase", "b2b"]


def template_bytes(name: str) -> bytes:
    return resource("templates", f"{name}.json").read_bytes()


@pytest.mark.parametrize("path", ENGLISH_SAMPLES, ids=lambda p: p.name)
def test_a_1_0_file_opens_and_saves_byte_for_byte_as_1_0(path: Path, tmp_path: Path):
    original = path.read_bytes()
    assert json.loads(original)["schema_version"] == "1.0" and b'"language"' not in original
    journey_map = load_map(path)
    assert journey_map.language is None
    save_map(journey_map, tmp_path / "saved.json")
    assert (tmp_path / "saved.json").read_bytes() == original


@pytest.mark.parametrize("name", ENGLISH_TEMPLATES)
def test_the_english_templates_stay_1_0_files(name: str):
    data = template_bytes(name)
    assert map_to_bytes(map_from_bytes(data)) == data
    assert json.loads(data)["schema_version"] == "1.0" and "language" not in json.loads(data)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_language_round_trips_as_1_1(language: str, tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.language = language
    save_map(journey_map, tmp_path / "map.json")
    data = json.loads((tmp_path / "map.json").read_text("utf-8"))
    assert data["schema_version"] == "1.1" and data["language"] == language
    assert list(data)[:5] == ["format", "schema_version", "id", "title", "language"]
    again = load_map(tmp_path / "map.json")
    assert again.language == language
    save_map(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "map.json").read_bytes()
    # without the language it is a 1.0 map again, the same bytes as the file it came from
    again.language = None
    assert map_to_bytes(again) == (SAMPLES / "fitness-watch.json").read_bytes()


def test_the_german_template_and_sample_say_de_in_format_1_1():
    for data in (template_bytes("five-phase-de"), (SAMPLES / "onlineshop-retoure.json").read_bytes()):
        parsed = json.loads(data)
        assert parsed["language"] == "de" and parsed["schema_version"] == "1.1"
        assert map_to_bytes(map_from_bytes(data)) == data


@pytest.mark.parametrize("value", ["fr", "DE", "de_DE", "", "pseudo"])
def test_a_language_the_app_does_not_know_is_refused_in_words(value: str, tmp_path: Path):
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["language"] = value
    path = tmp_path / "fr.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(MapFileError) as caught:
        load_map(path)
    assert caught.value.problem == (
        f"not a valid journey map:\n  language: the language must be one this app knows: en, de (found {value!r})")
    i18n.set_language("de")
    with pytest.raises(MapFileError) as caught:
        load_map(path)
    assert caught.value.problem == ("keine gültige Journey Map:\n  language: die Sprache muss eine sein, die diese "
                                    f"App kennt: en, de (gefunden: {value!r})")


def test_a_language_is_refused_as_an_edit_too():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    with pytest.raises(ValueError, match="the language must be one this app knows"):
        journey_map.language = "fr"
    assert journey_map.language is None


def test_a_newer_minor_with_unknown_fields_keeps_them_and_its_version(tmp_path: Path):
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["schema_version"] = "1.2"
    data["language"] = "en"
    data["review"] = {"by": "CX team", "rounds": [1, 2]}
    data["cards"][0]["confidence"] = 0.75
    source = tmp_path / "newer.json"
    source.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    journey_map = load_map(source)
    save_map(journey_map, tmp_path / "saved.json")
    saved = json.loads((tmp_path / "saved.json").read_text("utf-8"))
    assert saved["schema_version"] == "1.2" and saved["language"] == "en"
    assert saved["review"] == {"by": "CX team", "rounds": [1, 2]} and saved["cards"][0]["confidence"] == 0.75
    assert saved == data
    save_map(load_map(tmp_path / "saved.json"), tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "saved.json").read_bytes()
    # a newer minor without a language keeps its version too
    journey_map.language = None
    assert written_version(journey_map) == "1.2"


def test_the_lowest_version_that_holds_the_map_is_written_and_the_map_says_it(tmp_path: Path):
    data = json.loads((SAMPLES / "fitness-watch.json").read_text("utf-8"))
    data["schema_version"] = "1.1"  # a 1.1 file with nothing of 1.1 in it
    journey_map = map_from_bytes(json.dumps(data).encode())
    assert journey_map.schema_version == "1.0" == written_version(journey_map)
    journey_map.language = "de"
    assert journey_map.schema_version == "1.1" == written_version(journey_map)
    journey_map.language = None  # an undo of the edit: the map is as it was
    assert journey_map.schema_version == "1.0" and map_to_bytes(journey_map) == (
        SAMPLES / "fitness-watch.json").read_bytes()
    data["cards"][0]["confidence"] = 0.5  # a field this app does not know, perhaps of its own 1.1
    journey_map = map_from_bytes(json.dumps(data).encode())
    assert journey_map.schema_version == "1.1" == json.loads(map_to_bytes(journey_map))["schema_version"]


def test_a_recovered_or_reopened_new_map_is_the_same_map():
    journey_map = new_map("five-phase")
    assert journey_map.schema_version == "1.1"
    assert map_from_bytes(map_to_bytes(journey_map)).model_dump() == journey_map.model_dump()


def test_the_schema_lists_the_language_and_checks_it():
    schema = json.loads(resource("schema", "journey-map.schema.json").read_text("utf-8"))
    allowed = schema["properties"]["language"]["anyOf"]
    assert {"enum": ["en", "de"]}.items() <= allowed[0].items() and allowed[1] == {"type": "null"}
    assert "format 1.1." in schema["$comment"]
    data = json.loads((SAMPLES / "onlineshop-retoure.json").read_text("utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    data["language"] = "fr"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


# --- new maps in the UI language ---------------------------------------------------------------------------------

GERMAN_LANES = ["Kontaktpunkte", "Kundenaktionen", "Gedanken und Fragen", "Emotionen", "Schmerzpunkte", "Chancen",
                "Verantwortlich"]
ENGLISH_LANES = ["Touchpoints", "Customer actions", "Thoughts and questions", "Emotions", "Pain points",
                 "Opportunities", "Owner"]


def test_a_new_map_takes_the_ui_language_for_its_words_and_its_language():
    english = new_map("five-phase")
    assert english.language == "en" and [lane.name for lane in english.lanes] == ENGLISH_LANES
    assert english.title == "New journey map" and english.personas[0].name == "New persona"
    i18n.set_language("de")
    german = new_map("five-phase")
    assert german.language == "de" and [lane.name for lane in german.lanes] == GERMAN_LANES
    assert [phase.name for phase in german.phases] == ["Wahrnehmung", "Überlegung", "Kauf", "Bindung", "Empfehlung"]
    assert german.phases[0].goal == "Aufmerksamkeit erzeugen"
    assert german.title == "Neue Customer Journey Map" and german.personas[0].name == "Neue Persona"
    b2b = new_map("b2b")
    assert [lane.name for lane in b2b.lanes] == [*GERMAN_LANES, "KPIs"]
    assert [phase.name for phase in b2b.phases] == ["Wahrnehmung", "Überlegung", "Entscheidung"]
    assert new_map("b2b", title="Workshop 12. Mai").title == "Workshop 12. Mai"  # the user's own text as typed


def test_the_german_template_stays_german_whatever_the_ui_language():
    for language in ("en", "de"):
        i18n.set_language(language)
        journey_map = new_map("five-phase-de")
        assert journey_map.language == "de" and [lane.name for lane in journey_map.lanes] == GERMAN_LANES


def test_every_word_of_the_english_templates_is_marked_and_translated():
    german = i18n.catalogue("de")
    for name in template_names():
        data = json.loads(template_bytes(name))
        if data.get("language"):
            continue
        texts = [data["title"]]
        texts += [text for phase in data["phases"] for text in (phase["name"], phase["goal"], phase["description"])]
        texts += [lane["name"] for lane in data["lanes"]]
        texts += [text for p in data["personas"] for text in (p["name"], p["role"], p["description"])]
        for text in filter(None, texts):
            assert text in TEMPLATE_WORDS, f"{name}: {text!r} is not in app.model.templates.TEMPLATE_WORDS"
            assert german.gettext(text) != text or text in ("KPIs",), text


def test_journeymap_new_writes_the_ui_language(tmp_path: Path, capsys):
    assert main(["--lang", "de", "new", "-o", str(tmp_path / "de.json")]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'de.json'}: neue Map aus der Vorlage 'five-phase'\n"
    saved = json.loads((tmp_path / "de.json").read_text("utf-8"))
    assert saved["language"] == "de" and saved["schema_version"] == "1.1"
    assert [lane["name"] for lane in saved["lanes"]] == GERMAN_LANES
    assert main(["new", "--lang", "en", "-o", str(tmp_path / "en.json")]) == 0
    saved = json.loads((tmp_path / "en.json").read_text("utf-8"))
    assert saved["language"] == "en" and [lane["name"] for lane in saved["lanes"]] == ENGLISH_LANES
