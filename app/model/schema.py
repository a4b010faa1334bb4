"""Pydantic classes of a journey map: the in-memory model and the file format in one.

Every class keeps fields it does not know (``extra="allow"``) so that a file
written by a newer app survives being opened and saved by this one. Field
order here is the key order in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.i18n import LANGUAGES, N_, _

FORMAT_NAME = "journey-map"
#: the format version of a map that uses no field added after the first public format
SCHEMA_VERSION = "1.0"
#: the newest format version this app knows (and writes when a map uses one of its fields)
NEWEST_VERSION = "1.1"
#: the fields added by each later minor version: a map that sets one (not None) is written in that version
FIELD_VERSIONS: dict[str, str] = {"language": "1.1", "conflicts": "1.1", "checks_off": "1.1", "kpis": "1.1",
                                   "deliverable": "1.1"}
#: the card fields added by each later minor version: a map with a card that sets one is written in that version
CARD_FIELD_VERSIONS: dict[str, str] = {"value": "1.1", "effort": "1.1"}

LaneKind = Literal[
    "touchpoints",
    "actions",
    "goals",
    "thoughts",
    "emotions",
    "pain_points",
    "opportunities",
    "owners",
    "kpis",
    "notes",
]
LANE_KINDS: tuple[str, ...] = LaneKind.__args__  # type: ignore[attr-defined]

Evidence = Literal["observed", "reported", "assumed"]
#: whether a metric is better when it rises (NPS, conversion) or when it falls (churn, handling time)
Direction = Literal["higher", "lower"]
EVIDENCE_VALUES: tuple[str, ...] = Evidence.__args__  # type: ignore[attr-defined]

MIN_SCORE = -2
MAX_SCORE = 2
#: every score an emotion point can have, lowest first
SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: lone surrogates and the non-characters U+FFFE and U+FFFF: the rest of what XML 1.0 cannot carry
_NOT_TEXT = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Normalise line ends and drop what no file, PDF or workbook can carry.

    Control characters other than tab and newline are removed. Lone surrogates
    (which cannot be encoded as UTF-8) and U+FFFE and U+FFFF (which XML forbids:
    a workbook could not be saved, an SVG would not be well-formed) become the
    replacement character U+FFFD, so the text shows that something was there.
    Cleaned here, at the door, the map holds only text that every file and every
    export can carry; a file holding them still opens.
    """
    if _NEEDS_CLEANING.search(value) is None:  # the usual case, one C-level scan
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL_CHARS.sub("", value)
    return _NOT_TEXT.sub("\ufffd", value)


def _utc_seconds(value: datetime) -> datetime:
    """Times are stored in UTC to the second, so a round trip is exact.

    A time whose UTC falls outside the years 1 to 9999 (9999-12-31 west of
    Greenwich, 0001-01-01 east of it) cannot be held: it is refused here, at
    the door, rather than failing later in every reader of the map.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "time_out_of_range", _("the time is out of range: in UTC it falls before the year 1 or after 9999")
        ) from None
    return value.replace(microsecond=0)


def _known_language(value: str) -> str:
    """A language code of the map's content: one the app speaks (``app.i18n.LANGUAGES``)."""
    if value not in LANGUAGES:
        raise PydanticCustomError(
            "unknown_language", _("the language must be one this app knows: {known}"), {"known": ", ".join(LANGUAGES)}
        )
    return value


def _utc_text(value: datetime) -> str:
    """The file's form of a time: ``2024-05-01T09:30:00Z``, the year always in four digits (strftime's
    ``%Y`` writes the year 1 as ``1``, which no reader takes back)."""
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


Text = Annotated[str, AfterValidator(clean_text)]
Identifier = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        min_length=1,
        max_length=64,
        description="Short stable id: letters, digits, '_', '.', '-'.",
    ),
]
LanguageCode = Annotated[
    str,
    AfterValidator(_known_language),
    Field(json_schema_extra={"enum": list(LANGUAGES)},
          description="Language of the map's content (format 1.1): deliverables are written in it."),
]
Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="#RRGGBB")]
Timestamp = Annotated[
    datetime,
    AfterValidator(_utc_seconds),
    PlainSerializer(_utc_text, return_type=str, when_used="json"),
]


def utc_now() -> datetime:
    return _utc_seconds(datetime.now(UTC))


class _Element(BaseModel):
    """Base of every object in the file: unknown fields are kept in order."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)


class Phase(_Element):
    id: Identifier
    name: Text
    goal: Text = ""
    description: Text = ""


class Lane(_Element):
    id: Identifier
    name: Text
    kind: LaneKind = "notes"


class Persona(_Element):
    id: Identifier
    name: Text
    role: Text = ""
    description: Text = ""
    goals: list[Text] = Field(default_factory=list)
    pains: list[Text] = Field(default_factory=list)
    channels: list[Text] = Field(default_factory=list)
    decision_criteria: list[Text] = Field(default_factory=list)
    quote: Text = ""
    color: Color = "#0072B2"


#: a rating from 1 (lowest) to 5 (highest): an opportunity's value to the customer and business, or its effort
Rating = Annotated[int, Field(ge=1, le=5, strict=True)]
#: a measured or wanted figure: a whole or decimal number, never NaN or infinite (JSON cannot hold them)
Figure = Annotated[int, Field(strict=True)] | Annotated[float, Field(strict=True, allow_inf_nan=False)]


class Card(_Element):
    id: Identifier
    persona: Identifier
    phase: Identifier
    lane: Identifier
    text: Text = ""
    notes: Text = ""
    channel: Text = ""
    owner: Text = ""
    severity: Annotated[int, Field(ge=1, le=5, strict=True)] | None = None
    moment_of_truth: Annotated[bool, Field(strict=True)] = False
    evidence: Evidence | None = None
    votes: Annotated[int, Field(ge=0, strict=True)] = 0
    tags: list[Text] = Field(default_factory=list)
    color: Color | None = None
    #: an opportunity's value and effort, 1..5 (format 1.1; left out of the file when not set)
    value: Rating | None = None
    effort: Rating | None = None


class EmotionPoint(_Element):
    persona: Identifier
    phase: Identifier
    score: Annotated[int, Field(ge=MIN_SCORE, le=MAX_SCORE, strict=True)] = 0
    label: Text = ""
    note: Text = ""


class Metric(_Element):
    """A measure the map tracks per phase (format 1.1): NPS, CSAT %, conversion rate %, churn %, CLV €."""

    id: Identifier
    name: Text
    unit: Text = ""
    direction: Direction = "higher"


class KpiValue(_Element):
    """One metric's figure in one phase (for one persona, or for all when ``persona`` is None), and its target."""

    metric: Identifier
    phase: Identifier
    persona: Identifier | None = None
    value: Figure | None = None
    target: Figure | None = None
    #: when the value was measured
    date: dt.date | None = None


class Kpis(_Element):
    """The map's metrics and their figures (format 1.1). One field of the map, so that an edit or an import
    replaces metrics and values together and the map is never seen with a value of a metric it lacks."""

    metrics: list[Metric] = Field(default_factory=list)
    values: list[KpiValue] = Field(default_factory=list)

    @model_validator(mode="after")
    def _values_name_metrics(self) -> Kpis:
        problems = kpi_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def metric(self, metric_id: str) -> Metric:
        return next(m for m in self.metrics if m.id == metric_id)


def kpi_problems(kpis: Kpis) -> list[str]:
    """Broken rules inside the KPI table: a metric id used twice, a value of no metric, two values for one place."""
    problems = [_("{field}: id {id} is used more than once (first at {first})").format(
        field="kpis.metrics", id=repr(dup), first=f"kpis.metrics[{index}]")
        for dup, index in _duplicates([m.id for m in kpis.metrics]).items()]
    metric_ids = {m.id for m in kpis.metrics}
    seen: dict[tuple[str, str, str | None], int] = {}
    for i, value in enumerate(kpis.values):
        where = f"kpis.values[{i}]"
        if value.metric not in metric_ids:
            problems.append(_("{field}: no metric with id {id}").format(field=f"{where}.metric", id=repr(value.metric)))
        key = (value.metric, value.phase, value.persona)
        if key in seen:
            problems.append(_("{field}: a second value of metric {metric} in phase {phase} (first at {first})").format(
                field=where, metric=repr(value.metric), phase=repr(value.phase), first=f"kpis.values[{seen[key]}]"))
        seen.setdefault(key, i)
    return problems


#: the most bytes a logo may have (decoded): a map file stays small enough to mail
MAX_LOGO_BYTES = 1024 * 1024
LogoType = Literal["image/png", "image/svg+xml"]


class Logo(_Element):
    """The client's or consultancy's logo, in the map file itself (base64), so a map stays self-contained.

    Only its size is checked here; whether the bytes are an image the exporters can draw is checked
    when it is chosen and when it is printed (a bad logo is reported there, and the rest still exports).
    """

    media_type: LogoType
    #: base64 of the PNG or SVG file
    data: Annotated[str, Field(max_length=(MAX_LOGO_BYTES + 2) // 3 * 4 + 4)]


class Deliverable(_Element):
    """What a consultant's deliverables carry (format 1.1): the client, the author, a version label, a
    confidentiality marking and a logo; all optional."""

    client: Text = ""
    author: Text = ""
    #: a version label as people write it: "v2.3, draft"
    version: Text = ""
    #: printed on every page and sheet when set: "Confidential — client use only", "Vertraulich"
    confidentiality: Text = ""
    logo: Logo | None = None


ConflictTarget = Literal["map", "phase", "lane", "persona", "card", "emotion"]
#: "changed": both sides changed ``field`` to different values (the map holds ours);
#: "removed_by_ours" / "removed_by_theirs": one side removed the object, the other changed it (the map keeps it)
ConflictKind = Literal["changed", "removed_by_ours", "removed_by_theirs"]


class Conflict(_Element):
    """What a three-way merge could not decide (format 1.1): both values, which side, which object.

    The map itself holds a valid choice (ours for a field, the changed object for a removal), so a map
    with conflicts opens, prints and saves; the record says what a person still has to decide.
    """

    id: Identifier
    kind: ConflictKind
    target: ConflictTarget
    #: the object's id; for an emotion point "PERSONA/PHASE"; empty for the map itself
    item_id: str = ""
    #: the field both sides changed ("cell" for a card's persona, phase and lane together); None for a removal
    field: str | None = None
    base: JsonValue = None
    ours: JsonValue = None
    theirs: JsonValue = None
    #: what the sides were called (a branch, a file)
    ours_label: Text = ""
    theirs_label: Text = ""


def _duplicates(ids: list[str]) -> dict[str, int]:
    """Each id used more than once, with the index of its first use, in the order of their second use.

    One pass with a dictionary: linear, however many ids repeat (a list of the ids
    already reported, searched for each, made 40,000 cards take minutes).
    """
    first: dict[str, int] = {}
    dups: dict[str, int] = {}
    for index, item in enumerate(ids):
        where = first.setdefault(item, index)
        if where != index and item not in dups:
            dups[item] = where
    return dups


def _none_when_empty(value: list | None) -> list | None:
    """No rule switched off is the field's absence, so a 1.0 map that switches nothing off stays 1.0."""
    return value or None


class JourneyMap(_Element):
    """A whole map: phases and lanes shared by all personas, cards and emotions per persona."""

    format: Literal["journey-map"] = FORMAT_NAME
    schema_version: Annotated[str, Field(pattern=r"^\d+\.\d+$")] = SCHEMA_VERSION
    id: Identifier
    title: Text
    language: LanguageCode | None = None
    description: Text = ""
    goal: Text = ""
    created: Timestamp = Field(default_factory=utc_now)
    modified: Timestamp = Field(default_factory=utc_now)
    phases: list[Phase] = Field(default_factory=list)
    lanes: list[Lane] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    cards: list[Card] = Field(default_factory=list)
    emotions: list[EmotionPoint] = Field(default_factory=list)
    conflicts: list[Conflict] | None = Field(
        default=None, description="Merge conflicts still to decide (format 1.1), written by journeymap merge.")
    kpis: Kpis | None = Field(
        default=None, description="Metrics and their value and target per phase (and persona) (format 1.1).")
    deliverable: Deliverable | None = Field(
        default=None, description="Client, author, version label, confidentiality marking and logo printed on the "
                                  "deliverables (format 1.1).")
    checks_off: Annotated[list[Identifier] | None, AfterValidator(_none_when_empty)] = Field(
        default=None, description="Health-check rules switched off for this map (format 1.1), by rule id, e.g. "
                                  "handover_gap; ids this version does not know are kept and ignored. Absent "
                                  "when no rule is switched off (an empty list is read as absent).")

    @model_validator(mode="after")
    def _version_is_the_written_one(self) -> JourneyMap:
        """``schema_version`` is the version the map's file is written in (:func:`written_version`): a map given a
        ``language`` says 1.1, and says 1.0 again when the language is taken away (an undo is exact)."""
        version = written_version(self)
        if version != self.schema_version:
            self.__dict__["schema_version"] = version  # not an assignment: that would validate the map again
        return self

    @model_validator(mode="after")
    def _check_references(self) -> JourneyMap:
        problems = map_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # Look-ups used by every layer; maps are small enough that a scan is fine
    # for one look-up, and the hot paths build their own indexes.
    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def lane(self, lane_id: str) -> Lane:
        return next(lane for lane in self.lanes if lane.id == lane_id)

    def persona(self, persona_id: str) -> Persona:
        return next(p for p in self.personas if p.id == persona_id)

    def card(self, card_id: str) -> Card:
        return next(c for c in self.cards if c.id == card_id)

    def emotion(self, persona_id: str, phase_id: str) -> EmotionPoint | None:
        return next(
            (e for e in self.emotions if e.persona == persona_id and e.phase == phase_id), None
        )

    def cards_in(self, persona_id: str, phase_id: str, lane_id: str) -> list[Card]:
        return [
            c for c in self.cards if c.persona == persona_id and c.phase == phase_id and c.lane == lane_id
        ]


def version_key(version: str) -> tuple[int, int] | None:
    """A format version as a comparable pair, or None when it is not plain ASCII digits of a sane length."""
    if not re.fullmatch(r"[0-9]{1,6}\.[0-9]{1,6}", version):
        return None
    major, minor = version.split(".")
    return int(major), int(minor)


def needed_version(journey_map: JourneyMap) -> str:
    """The lowest format version that holds the fields of later versions the map and its cards set
    (``FIELD_VERSIONS``, ``CARD_FIELD_VERSIONS``)."""
    versions = [version for name, version in FIELD_VERSIONS.items() if getattr(journey_map, name, None) is not None]
    for name, version in CARD_FIELD_VERSIONS.items():
        if any(getattr(card, name, None) is not None for card in journey_map.cards):
            versions.append(version)
    return max(versions, key=version_key, default=SCHEMA_VERSION)


def has_unknown_fields(journey_map: JourneyMap) -> bool:
    """Whether the map or any item of it holds a field this app does not know (kept and written back)."""
    groups = (journey_map.phases, journey_map.lanes, journey_map.personas, journey_map.cards, journey_map.emotions)
    return bool(journey_map.__pydantic_extra__) or any(item.__pydantic_extra__ for group in groups for item in group)


def written_version(journey_map: JourneyMap) -> str:
    """The format version a map is written in: the lowest that holds it.

    A map that sets no field of a later minor version (``FIELD_VERSIONS``) is
    1.0, byte for byte as before; one with a ``language`` is 1.1. A map read
    from a file of a minor version newer than this app knows, or holding fields
    this app does not know (perhaps of its own version), keeps the version it
    says, so the fields it keeps still say what they are. A version that is not
    plain digits is left as it is (the reader refuses it with its own words).
    """
    needed = needed_version(journey_map)
    have = version_key(journey_map.schema_version)
    wanted = version_key(needed)
    if have is None or have == wanted:
        return journey_map.schema_version
    if have < wanted or (have <= version_key(NEWEST_VERSION) and not has_unknown_fields(journey_map)):  # type: ignore[operator]
        return needed
    return journey_map.schema_version


class CardPlaces:
    """The rule for where a card may be: a persona, phase and lane of the map, and not the emotion curve.

    One rule for the map's own check, the edit checks and the change checks; each words it its own way.
    """

    def __init__(self, journey_map: JourneyMap) -> None:
        self.personas = {p.id for p in journey_map.personas}
        self.phases = {p.id for p in journey_map.phases}
        self.lane_kinds = {lane.id: lane.kind for lane in journey_map.lanes}

    def faults(self, card: Card) -> list[tuple[str, str]]:
        """(field, "missing" or "emotions") for each reference of the card that breaks the rule."""
        found = []
        if card.persona not in self.personas:
            found.append(("persona", "missing"))
        if card.phase not in self.phases:
            found.append(("phase", "missing"))
        if card.lane not in self.lane_kinds:
            found.append(("lane", "missing"))
        elif self.lane_kinds[card.lane] == "emotions":
            found.append(("lane", "emotions"))
        return found


#: a card's or emotion point's reference to nothing, by the field that refers
_NO_SUCH = {
    "persona": N_("{field}: no persona with id {id}"),
    "phase": N_("{field}: no phase with id {id}"),
    "lane": N_("{field}: no lane with id {id}"),
}


def map_problems(journey_map: JourneyMap) -> list[str]:
    """Every broken rule between objects, as readable sentences with field paths (in the UI language).

    No sentence holds "; ": the map's check joins them with it (and the reader splits them again).
    """
    problems: list[str] = []
    for name in ("phases", "lanes", "personas", "cards"):
        items = getattr(journey_map, name)
        for dup, index in _duplicates([item.id for item in items]).items():
            problems.append(_("{field}: id {id} is used more than once (first at {first})").format(
                field=name, id=repr(dup), first=f"{name}[{index}]"))
    places = CardPlaces(journey_map)
    phase_ids, persona_ids = places.phases, places.personas
    for i, card in enumerate(journey_map.cards):
        where = f"cards[{i}]"
        for field, fault in places.faults(card):
            value = getattr(card, field)
            if fault == "emotions":
                problems.append(_("{field}: lane {id} is the emotion curve and holds no cards").format(
                    field=f"{where}.lane", id=repr(value)))
            else:
                problems.append(_(_NO_SUCH[field]).format(field=f"{where}.{field}", id=repr(value)))
    seen_points: set[tuple[str, str]] = set()
    for i, point in enumerate(journey_map.emotions):
        where = f"emotions[{i}]"
        if point.persona not in persona_ids:
            problems.append(_(_NO_SUCH["persona"]).format(field=f"{where}.persona", id=repr(point.persona)))
        if point.phase not in phase_ids:
            problems.append(_(_NO_SUCH["phase"]).format(field=f"{where}.phase", id=repr(point.phase)))
        key = (point.persona, point.phase)
        if key in seen_points:
            problems.append(
                _("{field}: a second emotion point for persona {persona} in phase {phase} "
                  "(one per persona and phase)").format(field=where, persona=repr(point.persona),
                                                        phase=repr(point.phase))
            )
        seen_points.add(key)
    if journey_map.kpis is not None:
        for i, value in enumerate(journey_map.kpis.values):
            where = f"kpis.values[{i}]"
            if value.phase not in phase_ids:
                problems.append(_(_NO_SUCH["phase"]).format(field=f"{where}.phase", id=repr(value.phase)))
            if value.persona is not None and value.persona not in persona_ids:
                problems.append(_(_NO_SUCH["persona"]).format(field=f"{where}.persona", id=repr(value.persona)))
    return problems
