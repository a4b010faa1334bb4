"""KPI import: rows of ``phase,metric,value,target[,persona][,date]`` from a CSV file or a workbook sheet,
turned into a plan that says, row by row, what will change, before anything does.

The plan's table replaces the map's KPIs in one edit (one undo step). Rows that cannot be read are
reported with their row number and left out; the others still import. Imports no Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from app.i18n import N_, _
from app.model import JourneyMap, Kpis, KpiValue, Metric
from app.model.fileformat import MapFileError, read_regular_file
from app.model.ids import slug_id

#: the columns, in the order a file without a header row gives them
COLUMNS: tuple[str, ...] = ("phase", "metric", "value", "target", "persona", "date")
#: header words that name a column, in both languages (compared in lower case)
HEADER_WORDS: dict[str, set[str]] = {
    "phase": {"phase", "phase id"},
    "metric": {"metric", "kpi", "metrik", "kennzahl"},
    "value": {"value", "wert", "ist", "actual"},
    "target": {"target", "ziel", "zielwert", "soll"},
    "persona": {"persona"},
    "date": {"date", "datum"},
}
#: what an error calls the number columns
_NUMBER_COLUMNS = {"value": N_("value"), "target": N_("target")}
#: the most rows one import reads: a KPI file has a few hundred at most
MAX_ROWS = 20_000
#: the largest KPI file read (bytes)
MAX_BYTES = 10 * 1024 * 1024

Action = Literal["new", "changed", "unchanged", "error"]


@dataclass(frozen=True)
class RowOutcome:
    """What one row of the file does: a new value, a changed one, nothing, or why it is left out."""

    row: int
    action: Action
    phase: str = ""
    metric: str = ""
    persona: str = ""
    old: KpiValue | None = None
    new: KpiValue | None = None
    problem: str = ""


@dataclass
class ImportPlan:
    """The KPI table after the import, and for each row of the file what it does."""

    table: Kpis
    outcomes: list[RowOutcome] = field(default_factory=list)
    new_metrics: list[Metric] = field(default_factory=list)

    @property
    def changes(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action in ("new", "changed")]

    @property
    def errors(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.action == "error"]


class KpiFileError(ValueError):
    """A file that cannot be read as KPI rows at all (not just one bad row)."""


# --- reading rows ------------------------------------------------------------------------------


def read_rows(path: str | Path) -> list[list[Any]]:
    """The rows of a CSV file (comma, semicolon or tab, UTF-8 with or without BOM, or Windows-1252)
    or of a workbook's KPI sheet (the sheet called KPIs or KPI, else the first)."""
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_BYTES)
    except MapFileError as error:
        raise KpiFileError(error.problem) from None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _workbook_rows(data)
    return csv_rows(_decoded(data))


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KpiFileError(_("the file is not text in UTF-8 or Windows-1252"))


def csv_rows(text: str) -> list[list[str]]:
    """Rows of CSV text; the separator is the one of comma, semicolon and tab the first line uses most."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(cell.strip() for cell in row)]
    if len(rows) > MAX_ROWS:
        raise KpiFileError(_("the file has more than {count} rows").format(count=MAX_ROWS))
    return rows


def _workbook_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook  # only for a workbook: the editor starts without it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise KpiFileError(_("the file is not an Excel workbook ({reason})").format(reason=error)) from None
    try:
        names = {name.lower(): name for name in book.sheetnames}
        sheet = book[names.get("kpis") or names.get("kpi") or book.sheetnames[0]]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if any(cell not in (None, "") for cell in row):
                rows.append(list(row))
            if len(rows) > MAX_ROWS:
                raise KpiFileError(_("the file has more than {count} rows").format(count=MAX_ROWS))
        return rows
    finally:
        book.close()


# --- understanding rows ------------------------------------------------------------------------


def _header(row: list[Any]) -> dict[str, int] | None:
    """Column positions from a header row, or None when the row is data."""
    words = [str(cell).strip().lower() if cell is not None else "" for cell in row]
    found = {}
    for i, word in enumerate(words):
        for name, names in HEADER_WORDS.items():
            if word in names and name not in found:
                found[name] = i
    return found if {"phase", "metric"} <= found.keys() else None


def _cell(row: list[Any], columns: dict[str, int], name: str) -> Any:
    i = columns.get(name)
    if i is None or i >= len(row):
        return None
    value = row[i]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")


def parse_number(value: Any) -> int | float | None:
    """A figure from a cell: 32, 40.5, "40,5", "1.250,5", "1,250.5", "12 %", "€ 80"; None when empty.

    Raises ValueError with the cell's text when it is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(str(value))
        return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value
    text = str(value).replace("\u00a0", " ").replace("\u2212", "-").strip().rstrip("%€$£").lstrip("€$£").strip()
    text = text.replace(" ", "").replace("'", "")
    if "," in text and "." in text:  # the later one is the decimal mark: 1.250,5 or 1,250.5
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if text.count(".") > 1 or not _NUMBER.match(text):
        raise ValueError(str(value))
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def parse_date(value: Any) -> dt.date | None:
    """A date from a cell: an Excel date, 2026-09-30, 30.09.2026 or 30/09/2026; None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for form in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(text)


def _matcher(items: Iterable[Any]) -> dict[str, Any]:
    by_key: dict[str, Any] = {}
    for item in items:
        by_key.setdefault(item.id.lower(), item)
    for item in items:
        by_key.setdefault(item.name.strip().lower(), item)
    return by_key


_UNIT_AT_END = re.compile(r"^(?P<name>.*?\S)\s*(?:\((?P<inner>[%€$£])\)|(?P<bare>[%€$£]))$")


def name_and_unit(text: str) -> tuple[str, str]:
    """A metric's name and unit from a column's word: "CSAT %" and "CLV (€)" name the unit at their end."""
    found = _UNIT_AT_END.match(text.strip())
    if found is None:
        return text.strip(), ""
    return found["name"], found["inner"] or found["bare"]


#: words that make a new metric "lower is better" (churn, costs, waiting); any other is "higher is better"
LOWER_IS_BETTER = re.compile(
    r"churn|cost|kosten|cpa|cpl|bounce|abandon|abbruch|absprung|abwanderung|kündigung|wait|warte|"
    r"handling time|bearbeitungszeit|time to|dauer|complaint|beschwerde|return|retoure|error|fehler|defect", re.I)


def direction_of(name: str) -> str:
    """Which way a new metric is better, from its name: churn, costs and waiting times are better lower."""
    return "lower" if LOWER_IS_BETTER.search(name) else "higher"


def _metric_matcher(metrics: list[Metric]) -> dict[str, Metric]:
    """Metrics by id, name, and name with its unit ("csat %", "csat (%)"), in lower case."""
    by_key = _matcher(metrics)
    for metric in metrics:
        if metric.unit:
            for form in (f"{metric.name} {metric.unit}", f"{metric.name} ({metric.unit})", metric.name + metric.unit):
                by_key.setdefault(form.lower(), metric)
    return by_key


def _persona(journey_map: JourneyMap, text: str) -> tuple[str | None, str]:
    """A persona by id, full name or unique case-insensitive prefix of its name: (id, problem)."""
    exact = _matcher(journey_map.personas).get(text.lower())
    if exact is not None:
        return exact.id, ""
    starts = [p for p in journey_map.personas if p.name.lower().startswith(text.lower())]
    if len(starts) == 1:
        return starts[0].id, ""
    if starts:
        return None, _("“{text}” could be {names}").format(text=text, names=", ".join(p.name for p in starts))
    return None, _("no persona “{text}”").format(text=text)


def plan_import(journey_map: JourneyMap, rows: list[list[Any]]) -> ImportPlan:
    """What importing these rows into the map does, row by row, and the KPI table that results.

    A metric the map lacks is added (named as in the file, better lower when its name says churn, costs or
    waiting, else higher: :func:`direction_of`; Map → Metrics… changes it); a value
    for a place the map already has replaces it; values the file does not name are kept.
    """
    if not rows:
        raise KpiFileError(_("the file holds no rows"))
    columns = _header(rows[0])
    start = 2 if columns is not None else 1
    if columns is None:
        columns = {name: i for i, name in enumerate(COLUMNS)}
        body = rows
    else:
        body = rows[1:]
    current = journey_map.kpis or Kpis()
    metrics = [metric.model_copy() for metric in current.metrics]
    values = [value.model_copy() for value in current.values]
    at = {(v.metric, v.phase, v.persona): i for i, v in enumerate(values)}
    phases = _matcher(journey_map.phases)
    new_metrics: list[Metric] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    outcomes: list[RowOutcome] = []
    for number, row in enumerate(body, start=start):
        outcome = _row(journey_map, row, columns, number, phases, metrics, new_metrics, values, at, seen)
        outcomes.append(outcome)
    table = Kpis(metrics=metrics, values=values)
    return ImportPlan(table=table, outcomes=outcomes, new_metrics=new_metrics)


def _row(journey_map, row, columns, number, phases, metrics, new_metrics, values, at, seen) -> RowOutcome:
    phase_text = str(_cell(row, columns, "phase") or "")
    metric_text = str(_cell(row, columns, "metric") or "")
    persona_text = str(_cell(row, columns, "persona") or "")

    def error(problem: str) -> RowOutcome:
        return RowOutcome(number, "error", phase_text, metric_text, persona_text, problem=problem)

    if not phase_text or not metric_text:
        return error(_("a row needs a phase and a metric"))
    phase = phases.get(phase_text.lower())
    if phase is None:
        return error(_("no phase “{text}” (the map's phases: {names})").format(
            text=phase_text, names=", ".join(p.name for p in journey_map.phases)))
    persona_id = None
    if persona_text:
        persona_id, problem = _persona(journey_map, persona_text)
        if persona_id is None:
            return error(problem)
    figures = {}
    for name in ("value", "target"):
        try:
            figures[name] = parse_number(_cell(row, columns, name))
        except ValueError as bad:
            return error(_("{column}: “{text}” is not a number").format(column=_(_NUMBER_COLUMNS[name]), text=bad))
    if figures["value"] is None and figures["target"] is None:
        return error(_("a row needs a value or a target"))
    try:
        date = parse_date(_cell(row, columns, "date"))
    except ValueError as bad:
        return error(_("date: “{text}” is not a date (use 2026-09-30 or 30.09.2026)").format(text=bad))
    metric = _metric_matcher(metrics).get(metric_text.lower())
    if metric is None:
        name, unit = name_and_unit(metric_text)
        metric = Metric(id=slug_id(name, {m.id for m in metrics}, fallback="metric"), name=name, unit=unit,
                        direction=direction_of(name))
        metrics.append(metric)
        new_metrics.append(metric)
    key = (metric.id, phase.id, persona_id)
    if key in seen:
        return error(_("the same phase, metric and persona as row {row}").format(row=seen[key]))
    seen[key] = number
    new = KpiValue(metric=metric.id, phase=phase.id, persona=persona_id, value=figures["value"],
                   target=figures["target"], date=date)
    if key in at:
        old = values[at[key]]
        action: Action = "unchanged" if old.model_dump() == new.model_dump() else "changed"
        values[at[key]] = new
        return RowOutcome(number, action, phase.name, metric.name, persona_text, old=old, new=new)
    at[key] = len(values)
    values.append(new)
    return RowOutcome(number, "new", phase.name, metric.name, persona_text, new=new)

