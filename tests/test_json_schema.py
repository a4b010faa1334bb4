"""The shipped JSON Schema is generated from the model, current, and accepts every sample."""

from __future__ import annotations

import json

import jsonschema
import pytest

from app.model.json_schema import json_schema_text
from app.resource_files import resource
from tests.conftest import SAMPLE_FILES


def shipped_schema() -> dict:
    return json.loads(resource("schema", "journey-map.schema.json").read_text("utf-8"))


def test_shipped_schema_is_current():
    shipped = resource("schema", "journey-map.schema.json").read_text("utf-8")
    assert shipped == json_schema_text(), "run: journeymap schema > resources/schema/journey-map.schema.json"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_validate_against_the_schema(path):
    schema = shipped_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(path.read_text("utf-8")), schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_bad_score():
    data = json.loads(SAMPLE_FILES[0].read_text("utf-8"))
    data["emotions"][0]["score"] = 7
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, shipped_schema(), cls=jsonschema.Draft202012Validator)
