"""Two small model rules: a KPI table finds a metric by its id, and the health-check rules a map switches off are
kept as given, while an empty list is the field's absence (a 1.0 map that switches nothing off stays 1.0)."""

from __future__ import annotations

import json

import pytest

from app.model import Kpis, load_map, map_from_bytes, map_to_bytes
from tests.conftest import SAMPLES


def table() -> Kpis:
    return Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"},
                    {"id": "leads", "name": "Qualified leads"}],
        "values": [{"metric": "churn", "phase": "awareness", "value": 4.5}],
    })


@pytest.mark.parametrize(("metric_id", "name"), [("nps", "NPS"), ("churn", "Churn"), ("leads", "Qualified leads")])
def test_a_kpi_table_finds_each_metric_by_its_id(metric_id: str, name: str):
    """The import dialog names a value's metric through this look-up: the metric of that id, whichever place."""
    metric = table().metric(metric_id)
    assert metric.id == metric_id and metric.name == name


def test_a_kpi_table_has_no_metric_of_an_unknown_id():
    with pytest.raises(StopIteration):
        table().metric("conversion")


def with_checks_off(value) -> bytes:
    data = json.loads((SAMPLES / "fitness-watch.json").read_bytes())
    data["checks_off"] = value
    data["schema_version"] = "1.1"
    return json.dumps(data).encode()


@pytest.mark.parametrize("rules", [["handover_gap"], ["handover_gap", "a_rule_of_a_later_version"]])
def test_the_rules_switched_off_are_kept_and_written_back(rules: list[str]):
    """Rules switched off, known or not to this version, read and write back as they are."""
    journey_map = map_from_bytes(with_checks_off(rules))
    assert journey_map.checks_off == rules
    again = map_from_bytes(map_to_bytes(journey_map))
    assert again.checks_off == rules


@pytest.mark.parametrize("value", [[], None])
def test_no_rule_switched_off_is_the_field_absent(value):
    """An empty list reads as no field at all, so the map writes back as the 1.0 file it was."""
    journey_map = map_from_bytes(with_checks_off(value))
    assert journey_map.checks_off is None
    plain = load_map(SAMPLES / "fitness-watch.json")
    assert map_to_bytes(journey_map.model_copy(update={"schema_version": plain.schema_version})) == \
        map_to_bytes(plain)
