"""A phase or persona put back with its KPI values: each value returns to its own place in the table, in
whatever order the change lists them (a change read from JSON need not list them sorted), and a change that
carries values into a map without a KPI table never ends in a traceback."""

from __future__ import annotations

import pytest

from app.model import Kpis, load_map
from app.operations import changes as ch
from tests.conftest import SAMPLES


def interleaved_kpis(phases: list[str]) -> Kpis:
    """Values of the first phase at table places 0, 2 and 4, of the second at 1 and 3."""
    first, second = phases[0], phases[1]
    return Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"}, {"id": "csat", "name": "CSAT", "unit": "%"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
        "values": [
            {"metric": "nps", "phase": first, "value": 30},
            {"metric": "nps", "phase": second, "value": 31},
            {"metric": "csat", "phase": first, "value": 80},
            {"metric": "csat", "phase": second, "value": 81},
            {"metric": "churn", "phase": first, "value": 4.5},
        ],
    })


@pytest.mark.parametrize("order", ["as recorded", "reversed", "shuffled"])
def test_a_removed_phase_comes_back_with_each_kpi_value_in_its_place(order):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.kpis = interleaved_kpis([phase.id for phase in journey_map.phases])
    before = journey_map.kpis.model_copy(deep=True)
    inverse = ch.apply_checked(journey_map, ch.RemoveItem(target="phase", item_id=journey_map.phases[0].id))
    assert [value.value for value in journey_map.kpis.values] == [31, 81]
    assert isinstance(inverse, ch.InsertItem) and [i for i, _value in inverse.kpis] == [0, 2, 4]
    listed = {"as recorded": inverse.kpis, "reversed": inverse.kpis[::-1],
              "shuffled": [inverse.kpis[1], inverse.kpis[2], inverse.kpis[0]]}[order]
    ch.apply_checked(journey_map, ch.from_json(ch.to_json(inverse.model_copy(update={"kpis": listed}))))
    assert journey_map.kpis == before


def test_kpi_values_carried_into_a_map_without_a_kpi_table_end_in_no_traceback():
    """Applied or refused in words, never an AttributeError from a table that is not there."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.kpis = interleaved_kpis([phase.id for phase in journey_map.phases])
    inverse = ch.apply_checked(journey_map, ch.RemoveItem(target="phase", item_id=journey_map.phases[0].id))
    journey_map.kpis = None
    try:
        ch.apply_checked(journey_map, inverse)
    except ch.ChangeRefusedError as refused:
        assert refused.problems
    else:
        assert journey_map.kpis is None
        assert journey_map.phases[0].id == inverse.item.id
