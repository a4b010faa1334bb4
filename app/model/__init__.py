"""The journey-map model and its file format. Imports no Qt."""

from app.model.fileformat import (
    MAX_FILE_BYTES,
    MapFileError,
    load_map,
    map_from_bytes,
    map_from_data,
    map_to_bytes,
    save_map,
)
from app.model.schema import (
    EVIDENCE_VALUES,
    FORMAT_NAME,
    LANE_KINDS,
    MAX_SCORE,
    MIN_SCORE,
    SCHEMA_VERSION,
    Card,
    EmotionPoint,
    JourneyMap,
    Lane,
    Persona,
    Phase,
    utc_now,
)

__all__ = [
    "EVIDENCE_VALUES",
    "FORMAT_NAME",
    "LANE_KINDS",
    "MAX_FILE_BYTES",
    "MAX_SCORE",
    "MIN_SCORE",
    "SCHEMA_VERSION",
    "Card",
    "EmotionPoint",
    "JourneyMap",
    "Lane",
    "MapFileError",
    "Persona",
    "Phase",
    "load_map",
    "map_from_bytes",
    "map_from_data",
    "map_to_bytes",
    "save_map",
    "utc_now",
]
