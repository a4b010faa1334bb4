"""The cards and emotion points as one CSV table, for a client's BI tool or spreadsheet (no Qt).

One row per card and one per emotion point, the map read as its grid: persona by
persona, phase by phase, lane by lane, the cards of a cell in their order. The
``Kind`` column says "card" or "emotion" and ``Lane kind`` the lane's kind
("pain_points"): codes to filter on that read the same in every language, where
the header and the fixed words of the cells (evidence, "yes") are in the
deliverable's language, as in the workbook. Phases and lanes carry their position
("Phase no.") so a BI tool can sort them as the map does, and every row its ids
so it can be traced back to the file.

The file is what RFC 4180 describes (the csv module's quoting, CRLF after every
record, a line break inside a text quoted with it), in UTF-8 with a byte-order
mark: Excel reads a CSV as UTF-8 only with it, and BI tools and Python's
``utf-8-sig`` skip it.

Text is never a formula. The workbook types every text cell as text; a CSV has no
types, so a text a spreadsheet would run (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is written with an apostrophe before it
(:func:`formula_safe`), as OWASP advises against CSV injection. Numbers (a score
of -2, votes) stay numbers.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from app.export import ExportCancelledError, write_output
from app.i18n import N_, Catalogue, _, catalogue, document_language, ngettext
from app.layout.card_fields import CARD_FIELDS
from app.model import Card, EmotionPoint, JourneyMap

#: what a spreadsheet takes as the start of a formula (or of a DDE call) in a cell read from a CSV
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_FIELDS = {f.name: f for f in CARD_FIELDS}

#: (key, header message id) of every column, in order; a card field's header is its label, as in the workbook
COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", N_("Kind")),
    ("persona", _FIELDS["persona"].label),
    ("phase", _FIELDS["phase"].label),
    ("phase_number", N_("Phase no.")),
    ("lane", _FIELDS["lane"].label),
    ("lane_number", N_("Lane no.")),
    ("lane_kind", N_("Lane kind")),
    ("order", N_("Order in cell")),
    ("text", _FIELDS["text"].label),
    ("score", N_("Emotion score")),
    ("label", N_("Emotion label")),
    ("notes", _FIELDS["notes"].label),
    ("severity", _FIELDS["severity"].label),
    ("votes", _FIELDS["votes"].label),
    ("owner", _FIELDS["owner"].label),
    ("channel", _FIELDS["channel"].label),
    ("evidence", _FIELDS["evidence"].label),
    ("moment_of_truth", _FIELDS["moment_of_truth"].label),
    ("value", _FIELDS["value"].label),
    ("effort", _FIELDS["effort"].label),
    ("tags", _FIELDS["tags"].label),
    ("id", _FIELDS["id"].label),
    ("persona_id", N_("Persona id")),
    ("phase_id", N_("Phase id")),
    ("lane_id", N_("Lane id")),
)
#: the card fields whose cells are the card's own values, as the workbook writes them (tags joined, evidence
#: and a moment of truth in words)
CARD_VALUES = ("text", "notes", "severity", "votes", "owner", "channel", "evidence", "moment_of_truth", "value",
               "effort", "tags", "id")
#: the Kind column's codes
CARD, EMOTION = "card", "emotion"


@dataclass
class CsvResult:
    cards: int = 0
    points: int = 0

    @property
    def rows(self) -> int:
        return self.cards + self.points

    def summary(self) -> str:
        """What the file holds, in the UI language: "115 cards, 15 emotion points"."""
        return _("{cards}, {points}").format(
            cards=ngettext("{count} card", "{count} cards", self.cards).format(count=self.cards),
            points=ngettext("{count} emotion point", "{count} emotion points", self.points).format(count=self.points))


def formula_safe(text: str) -> str:
    """The text as a spreadsheet shows it rather than runs it: an apostrophe before a formula's first character."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _card_cell(name: str, words: Catalogue) -> Callable[[object], object]:
    """A card field's value as its cell: the workbook's rule where the field has a workbook column."""
    excel = _FIELDS[name].excel
    if excel is None:
        return lambda value: value
    if excel.word:
        return lambda value: words.gettext(excel.cell(value)) if excel.cell(value) else None
    return excel.cell


def rows(journey_map: JourneyMap, personas: Sequence[str] | None = None,
         words: Catalogue | None = None) -> Iterator[dict[str, object]]:
    """Every row as (column key → value), in the map's order; ``personas`` (ids) limits them, None: all."""
    words = words or catalogue(document_language(journey_map))
    chosen = set(personas) if personas is not None else None
    emotion_lane = next((lane for lane in journey_map.lanes if lane.kind == "emotions"), None)
    by_cell: dict[tuple[str, str, str], list[Card]] = {}
    for card in journey_map.cards:
        by_cell.setdefault((card.persona, card.phase, card.lane), []).append(card)
    points = {(point.persona, point.phase): point for point in journey_map.emotions}
    cells = {name: _card_cell(name, words) for name in CARD_VALUES}
    for persona in journey_map.personas:
        if chosen is not None and persona.id not in chosen:
            continue
        for phase_number, phase in enumerate(journey_map.phases, 1):
            place = {"persona": persona.name, "persona_id": persona.id, "phase": phase.name,
                     "phase_number": phase_number, "phase_id": phase.id}
            point = points.get((persona.id, phase.id))
            for lane_number, lane in enumerate(journey_map.lanes, 1):
                where = {**place, "lane": lane.name, "lane_number": lane_number, "lane_kind": lane.kind,
                         "lane_id": lane.id}
                if lane is emotion_lane and point is not None:
                    yield _emotion_row(where, point)
                for order, card in enumerate(by_cell.get((persona.id, phase.id, lane.id), ()), 1):
                    yield {**where, "kind": CARD, "order": order,
                           **{name: cell(getattr(card, name)) for name, cell in cells.items()}}
            if emotion_lane is None and point is not None:  # a curve without its lane: after the phase's lanes
                yield _emotion_row(place, point)


def _emotion_row(where: dict[str, object], point: EmotionPoint) -> dict[str, object]:
    return {**where, "kind": EMOTION, "score": point.score, "label": point.label, "notes": point.note}


def csv_text(journey_map: JourneyMap, personas: Sequence[str] | None = None, language: str | None = None,
             result: CsvResult | None = None) -> str:
    """The table as CSV text (without the byte-order mark); counts the rows into ``result`` when given."""
    words = catalogue(document_language(journey_map, language))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(words.gettext(label)) for _key, label in COLUMNS])
    keys = [key for key, _label in COLUMNS]
    for row in rows(journey_map, personas, words):
        writer.writerow([_cell(row.get(key)) for key in keys])
        if result is not None:
            if row["kind"] == CARD:
                result.cards += 1
            else:
                result.points += 1
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    return formula_safe(value) if isinstance(value, str) else value


def export_csv(journey_map: JourneyMap, path: str | os.PathLike[str], personas: Sequence[str] | None = None,
               language: str | None = None, progress: Callable[[int, int], bool] | None = None) -> CsvResult:
    """Write the table atomically; raises ExportError when it cannot be written, leaving any old file as it was.

    ``personas`` (ids) limits the rows to them, None: every persona. ``language`` ("de", "en") is the header's
    and the fixed words'; None: the map's ``language``, else the UI language. ``progress(1, 1)`` is called
    when the table is ready; returning False cancels (nothing is written).
    """
    result = CsvResult()
    data = csv_text(journey_map, personas, language, result).encode("utf-8-sig")
    if progress is not None and progress(1, 1) is False:
        raise ExportCancelledError(_("export cancelled"))
    write_output(path, data)
    return result
