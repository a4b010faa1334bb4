"""KPIs per phase: which value counts for a cell, whether it meets its target, and how it is written.

One source for the canvas badges, the Inspector, the poster, the workbook, the summary page
and the health check's KPI rule, so they all call the same figure "below target". Imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.i18n import Catalogue, current
from app.model import JourneyMap, KpiValue, Metric

Status = Literal["met", "missed", "open"]
#: the sign that tells a status without colour: met, missed, no value or no target
STATUS_MARKS: dict[str, str] = {"met": "▲", "missed": "▼", "open": "–"}
#: badge tints (fill, edge) by status, colour-blind safe (Okabe-Ito blue and vermillion)
STATUS_COLORS: dict[str, tuple[str, str]] = {
    "met": ("#D6E9F5", "#0072B2"),
    "missed": ("#FADBC9", "#D55E00"),
    "open": ("#EEEEEE", "#8F8F8F"),
}


@dataclass(frozen=True)
class KpiReading:
    """One metric's value in one cell of the map, with what it is measured against."""

    metric: Metric
    value: KpiValue
    status: Status


def status(metric: Metric, value: KpiValue) -> Status:
    """Met or missed by the metric's direction; open when the value or the target is missing."""
    if value.value is None or value.target is None:
        return "open"
    if metric.direction == "higher":
        return "met" if value.value >= value.target else "missed"
    return "met" if value.value <= value.target else "missed"


def readings(journey_map: JourneyMap, persona_id: str | None, phase_id: str) -> list[KpiReading]:
    """The values shown for a persona in a phase, in metric order: the persona's own value of a metric if it
    has one, else the value for every persona (``persona`` None). ``persona_id`` None: only the latter."""
    kpis = journey_map.kpis
    if kpis is None:
        return []
    general: dict[str, KpiValue] = {}
    own: dict[str, KpiValue] = {}
    for value in kpis.values:
        if value.phase != phase_id:
            continue
        if value.persona is None:
            general[value.metric] = value
        elif value.persona == persona_id:
            own[value.metric] = value
    found = []
    for metric in kpis.metrics:
        value = own.get(metric.id) or general.get(metric.id)
        if value is not None:
            found.append(KpiReading(metric, value, status(metric, value)))
    return found


def all_readings(journey_map: JourneyMap) -> list[KpiReading]:
    """Every value of the map with its status, in the file's order."""
    kpis = journey_map.kpis
    if kpis is None:
        return []
    metrics = {metric.id: metric for metric in kpis.metrics}
    return [KpiReading(metrics[v.metric], v, status(metrics[v.metric], v)) for v in kpis.values]


def format_figure(number: int | float | None, unit: str = "", words: Catalogue | None = None) -> str:
    """A figure as the language writes it (``words``, else the UI's), to at most two decimals, with its unit:
    "40.5 %", "1.250 €"."""
    if number is None:
        return "–"
    rounded = round(float(number), 2)
    text = (words or current()).format_number(int(rounded) if rounded.is_integer() else rounded)  # type: ignore[arg-type]
    return f"{text} {unit}".rstrip() if unit else text


def badge_text(reading: KpiReading, words: Catalogue | None = None) -> str:
    """What a badge says: "NPS 32 / 40 ▼" (value, target, the status mark), in ``words``' digits."""
    metric, value = reading.metric, reading.value
    figures = format_figure(value.value, metric.unit, words)
    if value.target is not None:
        figures = f"{figures} / {format_figure(value.target, metric.unit, words)}"
    return f"{metric.name} {figures} {STATUS_MARKS[reading.status]}"
