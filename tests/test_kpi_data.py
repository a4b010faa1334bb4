"""KPIs as data and opportunity ratings (format 1.1): in the file, at the door, and through every edit.

A map that uses neither stays a 1.0 file byte for byte; one that does is 1.1 and reads back
the same; a value of no metric, two values for one place or a value in a phase that is gone
never gets into a map; removing a phase or persona takes its values, and undo puts them back.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from app.merge.diff import changes_between
from app.merge.three_way import merge_maps
from app.model import Kpis, MapFileError, load_map, map_from_bytes, map_to_bytes
from app.model.json_schema import json_schema
from app.model.schema import map_problems
from app.operations import changes as ch
from tests.conftest import SAMPLE_FILES, SAMPLES


def kpis(**extra) -> Kpis:
    """NPS (higher is better) and churn (lower is better), with values in the first two phases."""
    return Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
        "values": [
            {"metric": "nps", "phase": "awareness", "value": 32, "target": 40, "date": "2026-09-30"},
            {"metric": "churn", "phase": "consideration", "persona": "beginner", "value": 4.5, "target": 5.0},
        ],
        **extra,
    })


@pytest.fixture
def fitness():
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    assert {p.id for p in journey_map.personas} >= {"beginner", "athlete"}
    return journey_map


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_map_without_kpis_or_ratings_saves_byte_for_byte(path):
    original = path.read_bytes()
    journey_map = map_from_bytes(original)
    assert journey_map.kpis is None and all(c.value is None and c.effort is None for c in journey_map.cards)
    assert map_to_bytes(journey_map) == original
    assert b'"kpis": {' not in original and b'"effort"' not in original


def test_kpis_and_ratings_make_a_1_1_file_that_reads_back_the_same(fitness):
    fitness.kpis = kpis()
    card = fitness.cards[3]
    card.value, card.effort = 4, 2
    data = map_to_bytes(fitness)
    written = json.loads(data)
    assert written["schema_version"] == "1.1"
    assert written["kpis"]["values"][0] == {"metric": "nps", "phase": "awareness", "persona": None, "value": 32,
                                           "target": 40, "date": "2026-09-30"}
    assert written["kpis"]["values"][1]["value"] == 4.5
    assert written["cards"][3]["value"] == 4 and written["cards"][3]["effort"] == 2
    assert "value" not in written["cards"][0] and "effort" not in written["cards"][0]
    again = map_from_bytes(data)
    assert again.kpis == fitness.kpis and again.cards[3].value == 4
    assert again.kpis.values[0].date == dt.date(2026, 9, 30)
    assert map_to_bytes(again) == data


@pytest.mark.parametrize("field", ["kpis", "value", "effort"])
def test_taking_the_1_1_data_away_gives_the_1_0_file_back(fitness, field):
    original = (SAMPLES / "fitness-watch.json").read_bytes()
    if field == "kpis":
        fitness.kpis = kpis()
    else:
        setattr(fitness.cards[0], field, 3)
    assert json.loads(map_to_bytes(fitness))["schema_version"] == "1.1"
    if field == "kpis":
        fitness.kpis = None
    else:
        setattr(fitness.cards[0], field, None)
    assert map_to_bytes(fitness) == original


@pytest.mark.parametrize(("values", "words"), [
    ([{"metric": "nope", "phase": "awareness"}], "no metric with id 'nope'"),
    ([{"metric": "nps", "phase": "awareness"}, {"metric": "nps", "phase": "awareness"}], "a second value of metric"),
    ([{"metric": "nps", "phase": "awareness", "value": float("nan")}], "finite"),
    ([{"metric": "nps", "phase": "awareness", "value": True}], "valid"),
    ([{"metric": "nps", "phase": "awareness", "value": "32"}], "valid"),
    ([{"metric": "nps", "phase": "awareness", "date": "30.09.2026"}], "date"),
])
def test_a_broken_kpi_table_is_refused(values, words):
    with pytest.raises(ValidationError) as raised:
        Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"}], "values": values})
    assert words in str(raised.value)


def test_the_same_metric_for_all_and_for_one_persona_in_a_phase_is_two_places():
    table = Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"}], "values": [
        {"metric": "nps", "phase": "awareness"}, {"metric": "nps", "phase": "awareness", "persona": "beginner"}]})
    assert len(table.values) == 2


@pytest.mark.parametrize("place", [{"phase": "gone"}, {"phase": "awareness", "persona": "gone"}])
def test_a_value_in_a_phase_or_persona_the_map_lacks_breaks_the_map(fitness, place):
    table = Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"}],
                                 "values": [{"metric": "nps", **place}]})
    data = json.loads(map_to_bytes(fitness))
    data["kpis"] = table.model_dump(mode="json")
    with pytest.raises(MapFileError, match=r"no (phase|persona) with id 'gone'"):
        map_from_bytes(json.dumps(data).encode())
    fitness_copy = fitness.model_copy(deep=True)
    refused = ch.problems(fitness_copy, ch.SetFields(target="map", values={"kpis": table}))
    assert refused and "gone" in refused[0]
    assert fitness_copy.kpis is None


@pytest.mark.parametrize("rating", [0, 6, 2.5, "3"])
def test_a_rating_outside_1_to_5_is_refused_as_an_edit(fitness, rating):
    card = fitness.cards[0]
    refused = ch.problems(fitness, ch.SetFields(target="card", item_id=card.id, values={"value": rating}))
    assert refused
    assert card.value is None


@pytest.mark.parametrize(("target", "item_id", "taken"), [
    ("phase", "awareness", 1), ("phase", "consideration", 1), ("persona", "beginner", 1), ("persona", "athlete", 0),
    ("lane", None, 0),
])
def test_removing_a_phase_or_persona_takes_its_kpi_values_and_undo_restores_exactly(fitness, target, item_id, taken):
    fitness.kpis = kpis()
    item_id = item_id or fitness.lanes[0].id
    before = fitness.model_dump()
    inverse = ch.apply_checked(fitness, ch.RemoveItem(target=target, item_id=item_id))
    assert len(fitness.kpis.values) == 2 - taken
    assert not map_problems(fitness)
    assert all(getattr(v, target, None) != item_id for v in fitness.kpis.values)
    assert isinstance(inverse, ch.InsertItem) and len(inverse.kpis) == taken
    redo = ch.apply_checked(fitness, inverse)
    assert fitness.model_dump() == before
    ch.apply_checked(fitness, redo)
    assert len(fitness.kpis.values) == 2 - taken


def test_a_structure_change_with_kpis_survives_its_json_round_trip(fitness):
    fitness.kpis = kpis()
    inverse = ch.apply_checked(fitness, ch.RemoveItem(target="phase", item_id="awareness"))
    again = ch.from_json(ch.to_json(inverse))
    assert again.kpis == inverse.kpis


def test_setting_the_kpis_is_one_undoable_change(fitness):
    inverse = ch.apply_checked(fitness, ch.SetFields(target="map", values={"kpis": kpis()}))
    assert fitness.kpis is not None and len(fitness.kpis.values) == 2
    ch.apply_checked(fitness, inverse)
    assert fitness.kpis is None


def test_the_diff_and_the_merge_carry_kpis_and_ratings(fitness):
    theirs = fitness.model_copy(deep=True)
    theirs.kpis = kpis()
    theirs.cards[2].value, theirs.cards[2].effort = 5, 1
    ours = fitness.model_copy(deep=True)
    ours.cards[4].text = "our words"
    replay = fitness.model_copy(deep=True)
    for change in changes_between(fitness, theirs):
        ch.apply_checked(replay, change)
    assert replay.kpis == theirs.kpis and replay.cards[2].value == 5
    merged = merge_maps(fitness, ours, theirs)
    assert merged.clean
    assert merged.merged.kpis == theirs.kpis and merged.merged.cards[2].effort == 1
    assert merged.merged.cards[4].text == "our words"


def test_the_json_schema_describes_kpis_and_ratings():
    schema = json_schema()
    definitions = schema["$defs"]
    assert "kpis" in schema["properties"]
    assert definitions["Metric"]["properties"]["direction"]["enum"] == ["higher", "lower"]
    assert {"value", "effort"} <= set(definitions["Card"]["properties"])


def test_a_merge_where_one_side_removes_a_phase_the_other_gives_kpis_keeps_every_rule(fitness):
    ours = fitness.model_copy(deep=True)
    ch.apply_checked(ours, ch.RemoveItem(target="phase", item_id="awareness"))
    theirs = fitness.model_copy(deep=True)
    theirs.kpis = kpis()
    merged = merge_maps(fitness, ours, theirs).merged
    assert not map_problems(merged)
    assert map_from_bytes(map_to_bytes(merged)) == merged
