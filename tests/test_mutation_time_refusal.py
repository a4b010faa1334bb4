"""A time the model cannot hold (its UTC before the year 1 or after 9999) is refused with an error of its own:
type "time_out_of_range" (snake_case, as pydantic's own types), so a caller of the model tells it from a time
written wrongly ("datetime_from_date_parsing"), with the reason in the UI language; the file reader's line
names the field, the reason and the value, in English and German.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from app import i18n
from app.model import JourneyMap, MapFileError, map_from_bytes
from tests.conftest import SAMPLES

REASON = {"en": "the time is out of range: in UTC it falls before the year 1 or after 9999",
          "de": "der Zeitpunkt liegt außerhalb des gültigen Bereichs: in UTC vor dem Jahr 1 oder nach 9999"}
INVALID = {"en": "not a valid journey map:", "de": "keine gültige Journey Map:"}
FOUND = {"en": "found", "de": "gefunden:"}
OUT_OF_RANGE = ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"]


def sample_data() -> dict:
    return json.loads((SAMPLES / "fitness-watch.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("field", ["created", "modified"])
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_an_out_of_range_time_is_its_own_error_in_the_ui_language(language: str, field: str, value: str):
    i18n.set_language(language)
    data = sample_data()
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    errors = caught.value.errors(include_url=False)
    assert [(e["type"], e["loc"], e["msg"]) for e in errors] == [("time_out_of_range", (field,), REASON[language])]
    data[field] = "yesterday"  # written wrongly: another error, which a caller tells apart
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    assert [e["type"] for e in caught.value.errors()] != ["time_out_of_range"]
    data[field] = value
    with pytest.raises(MapFileError) as refused:
        map_from_bytes(json.dumps(data).encode())
    first, *lines = refused.value.problem.splitlines()
    assert first == INVALID[language] and len(lines) == 1
    assert lines[0].strip() == f"{field}: {REASON[language]} ({FOUND[language]} {value!r})"


@pytest.mark.parametrize("language", ["en", "de"])
def test_assigning_such_a_time_is_refused_with_that_error(language: str):
    i18n.set_language(language)
    journey_map = JourneyMap.model_validate(sample_data())
    before = journey_map.modified
    with pytest.raises(ValidationError) as caught:
        journey_map.modified = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert [(e["type"], e["msg"]) for e in caught.value.errors()] == [("time_out_of_range", REASON[language])]
    assert journey_map.modified == before
