"""The JSON Schema of the file format, generated from the model and shipped in resources/."""

from __future__ import annotations

import json

from app.model.schema import NEWEST_VERSION, SCHEMA_VERSION, JourneyMap

SCHEMA_FILE = ("schema", "journey-map.schema.json")


def json_schema() -> dict:
    """The schema as a dict, with the draft and the format version named."""
    schema = JourneyMap.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Journey map file format {NEWEST_VERSION}. A map that uses none of the fields added after "
        f"{SCHEMA_VERSION} is written as format {SCHEMA_VERSION}. Generated from app/model/schema.py "
        "by `journeymap schema`; cross-references (ids that must exist) are checked by the app.",
        **schema,
    }


def json_schema_text() -> str:
    """The schema as the canonical text that is shipped and printed."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
