"""New maps from the templates shipped in ``resources/templates``."""

from __future__ import annotations

from app.model.fileformat import MapFileError, map_from_bytes
from app.model.ids import new_id
from app.model.schema import JourneyMap, utc_now
from app.resource_files import resource

DEFAULT_TEMPLATE = "five-phase"


def template_names() -> list[str]:
    """Names of the shipped templates, sorted."""
    folder = resource("templates")
    return sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json"))


def new_map(template: str = DEFAULT_TEMPLATE, title: str | None = None) -> JourneyMap:
    """A fresh map from a template: new id, created and modified now."""
    if template not in template_names():
        raise MapFileError(
            None, f"no template named {template!r}; choose one of: {', '.join(template_names())}"
        )
    source = resource("templates", f"{template}.json")
    journey_map = map_from_bytes(source.read_bytes(), f"template {template}")
    now = utc_now()
    journey_map.id = new_id("map", ())
    journey_map.created = now
    journey_map.modified = now
    if title:
        journey_map.title = title
    return journey_map
