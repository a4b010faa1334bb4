"""A map file whose KPI values name a phase or persona it does not have (app.model.schema.map_problems):
opening it is refused with each broken reference on its own line, named by its field path in the file
(kpis.values[i].phase / .persona) and the missing id, in the UI language."""

from __future__ import annotations

import json

import pytest

from app import i18n
from app.model import MapFileError, map_from_bytes

EXPECTED = {
    "en": ["kpis.values[1].phase: no phase with id 'gone'",
           "kpis.values[2].persona: no persona with id 'ghost'",
           "kpis.values[3].phase: no phase with id 'later'",
           "kpis.values[3].persona: no persona with id 'nobody'"],
    "de": ["kpis.values[1].phase: keine Phase mit der ID 'gone'",
           "kpis.values[2].persona: keine Persona mit der ID 'ghost'",
           "kpis.values[3].phase: keine Phase mit der ID 'later'",
           "kpis.values[3].persona: keine Persona mit der ID 'nobody'"],
}


def map_file() -> bytes:
    values = [{"metric": "nps", "phase": "a", "persona": "p", "value": 1},
              {"metric": "nps", "phase": "gone", "value": 2},
              {"metric": "nps", "phase": "b", "persona": "ghost", "value": 3},
              {"metric": "nps", "phase": "later", "persona": "nobody", "value": 4}]
    data = {"format": "journey-map", "schema_version": "1.1", "id": "m", "title": "Map",
            "phases": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "lanes": [{"id": "t", "name": "T", "kind": "touchpoints"}], "personas": [{"id": "p", "name": "P"}],
            "kpis": {"metrics": [{"id": "nps", "name": "NPS"}], "values": values}}
    return json.dumps(data).encode()


@pytest.mark.parametrize("language", ["en", "de"])
def test_kpi_values_pointing_nowhere_are_named_by_their_field(language: str):
    i18n.set_language(language)
    with pytest.raises(MapFileError) as caught:
        map_from_bytes(map_file(), "m.json")
    lines = caught.value.problem.split("\n")
    assert lines[1:] == ["  " + line for line in EXPECTED[language]]
