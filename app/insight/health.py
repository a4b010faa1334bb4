"""The map health check: the rules a consultant applies before handing a map over (issue 17, point 3).

Each rule looks at the whole map and returns findings: one sentence in the UI
language that names the persona, phase, lane and card by their names, and the
ids of the place, so the editor can jump there. Qt-free, so the CLI (``journeymap
check``), the tests and a Checks dock share it.

Fast on large maps: one pass over the cards groups them by persona and phase,
and by lane kind within those (:class:`MapIndex`, linear in the number of
cards); every rule reads the groups and never scans the map's cards per phase or
persona. ``check_map`` builds the index once for all rules; a rule's ``check``
called on its own builds its own. On the bench's 10,000-card map the whole
check takes about 50 ms of CPU.

Two choices that keep the list short and useful: the per-persona rules about
coverage and flow (touchpoints per phase, hand-overs) leave out a persona with
no cards at all, which ``persona_without_cards`` reports once; and
``assumed_pains`` is judged per persona, because research is planned per
persona or stakeholder.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import accumulate, pairwise

from app.i18n import N_, _, ngettext
from app.insight.kpis import format_figure, status
from app.model.schema import Card, JourneyMap, Persona

#: how many characters of a card's text a finding quotes
QUOTED = 50


@dataclass(frozen=True)
class Finding:
    """One thing to fix: the rule's id, a sentence in the UI language, and the ids of where it is."""

    rule: str
    message: str
    persona: str | None = None
    phase: str | None = None
    lane: str | None = None
    card: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"rule": self.rule, "message": self.message, "persona": self.persona, "phase": self.phase,
                "lane": self.lane, "card": self.card}


@dataclass(frozen=True)
class Rule:
    """A health rule: its stable id (in files and ``--skip``), a short name (``N_``-marked), and its check."""

    id: str
    title: str
    check: Callable[[JourneyMap], list[Finding]]


class MapIndex:
    """The map's cards grouped in one pass (by persona and phase, and by lane kind within them), the position
    of every persona, phase, lane and card (for the findings' order), the emotion scores and the names.

    With ``personas`` (and their ``cards``, as (position in the map, card) pairs in map order) it indexes only
    those personas, and the rules look at only them: what the live check does for a persona an edit touched.
    """

    def __init__(self, journey_map: JourneyMap, personas: list[Persona] | None = None,
                 cards: Iterable[tuple[int, Card]] | None = None) -> None:
        self.map = journey_map
        #: the personas whose journeys the rules look at
        self.personas = journey_map.personas if personas is None else personas
        self.persona_pos = {p.id: i for i, p in enumerate(journey_map.personas)}
        self.phase_pos = {p.id: i for i, p in enumerate(journey_map.phases)}
        self.lane_pos = {lane.id: i for i, lane in enumerate(journey_map.lanes)}
        self.lane_kind = {lane.id: lane.kind for lane in journey_map.lanes}
        self.lanes_of_kind: dict[str, list[str]] = defaultdict(list)
        for lane in journey_map.lanes:
            self.lanes_of_kind[lane.kind].append(lane.id)
        self.card_pos: dict[str, int] = {}
        #: (persona, phase) -> the persona's cards in the phase, in map order
        self.cell_cards: dict[tuple[str, str], list[Card]] = defaultdict(list)
        #: (persona, phase, lane kind) -> those cards of that kind
        self.kind_cards: dict[tuple[str, str, str], list[Card]] = defaultdict(list)
        #: persona -> its cards of one kind, in map order
        self.persona_kind_cards: dict[tuple[str, str], list[Card]] = defaultdict(list)
        self.persona_count: dict[str, int] = defaultdict(int)
        self.lane_count: dict[str, int] = defaultdict(int)
        for position, card in enumerate(journey_map.cards) if cards is None else cards:
            kind = self.lane_kind.get(card.lane, "notes")
            self.card_pos.setdefault(card.id, position)
            self.cell_cards[card.persona, card.phase].append(card)
            self.kind_cards[card.persona, card.phase, kind].append(card)
            self.persona_kind_cards[card.persona, kind].append(card)
            self.persona_count[card.persona] += 1
            self.lane_count[card.lane] += 1
        wanted = None if personas is None else {persona.id for persona in personas}
        self.score = {(point.persona, point.phase): point.score for point in journey_map.emotions
                      if wanted is None or point.persona in wanted}
        self.persona_name = {p.id: p.name for p in journey_map.personas}
        self.phase_name = {p.id: p.name for p in journey_map.phases}
        self.lane_name = {lane.id: lane.name for lane in journey_map.lanes}
        self._phase_texts: dict[tuple[str, str], _PhaseText] = {}

    def first_lane(self, kind: str) -> str | None:
        lanes = self.lanes_of_kind.get(kind)
        return lanes[0] if lanes else None

    def phase_text(self, persona: str, phase: str) -> _PhaseText:
        """The persona's cards in the phase as one searchable text, made once per check."""
        found = self._phase_texts.get((persona, phase))
        if found is None:
            found = self._phase_texts[persona, phase] = _PhaseText(self.cell_cards.get((persona, phase), []))
        return found

    def sort_key(self, finding: Finding) -> tuple[int, int, int, int]:
        """Map order: persona, phase, lane, card as the map lists them (a finding without one comes first)."""
        return (self.persona_pos.get(finding.persona or "", -1), self.phase_pos.get(finding.phase or "", -1),
                self.lane_pos.get(finding.lane or "", -1), self.card_pos.get(finding.card or "", -1))


#: the index of the map ``check_map`` is checking, shared by its rules
_SHARED: ContextVar[MapIndex | None] = ContextVar("health_index", default=None)


def _index_of(journey_map: JourneyMap) -> MapIndex:
    shared = _SHARED.get()
    return shared if shared is not None and shared.map is journey_map else MapIndex(journey_map)


def card_name(card: Card) -> str:
    """How a finding quotes a card: the first line of its text, cut at ``QUOTED`` characters."""
    text = card.text.strip().split("\n", 1)[0].strip()
    if not text:
        return _("(empty card)")
    return text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"


def names_list(names: list[str]) -> str:
    """"Marketing", "Marketing and Sales", "Content, Retail and Sales" in the UI language."""
    if len(names) <= 1:
        return "".join(names)
    return _("{teams} and {last}").format(teams=", ".join(names[:-1]), last=names[-1])


# --- the rules ----------------------------------------------------------------


def _phase_without_touchpoint(index: MapIndex) -> Iterable[Finding]:
    """A phase in which a persona (with cards) has no card in any touchpoints lane; only with such a lane."""
    lane = index.first_lane("touchpoints")
    if lane is None:
        return
    for persona in index.personas:
        if not index.persona_count.get(persona.id):
            continue
        for phase in index.map.phases:
            if not index.kind_cards.get((persona.id, phase.id, "touchpoints")):
                yield Finding("phase_without_touchpoint", _(
                    "{persona}: no touchpoint in {phase} (the lane {lane} is empty there)").format(
                    persona=persona.name, phase=phase.name, lane=index.lane_name[lane]),
                    persona.id, phase.id, lane)


def _persona_without_cards(index: MapIndex) -> Iterable[Finding]:
    """A persona with no card in any phase or lane (emotion points are no cards)."""
    for persona in index.personas:
        if not index.persona_count.get(persona.id):
            yield Finding("persona_without_cards", _("{persona}: no cards yet, in no phase and no lane").format(
                persona=persona.name), persona.id)


def _empty_lane(index: MapIndex) -> Iterable[Finding]:
    """A lane (not the emotion curve) with no card in any phase for any persona."""
    for lane in index.map.lanes:
        if lane.kind != "emotions" and not index.lane_count.get(lane.id):
            yield Finding("empty_lane", _("The lane {lane} is empty: no card in any phase for any persona").format(
                lane=lane.name), lane=lane.id)


def _pain_points(index: MapIndex) -> Iterable[Card]:
    """Every pain point (a card in a lane of kind "pain_points"), persona by persona."""
    for persona in index.personas:
        yield from index.persona_kind_cards.get((persona.id, "pain_points"), ())


def _pain_without_opportunity(index: MapIndex) -> Iterable[Finding]:
    """A pain point with no opportunity card of the same persona in the same phase; only with such a lane."""
    lane = index.first_lane("opportunities")
    if lane is None:
        return
    for card in _pain_points(index):
        if not index.kind_cards.get((card.persona, card.phase, "opportunities")):
            yield Finding("pain_without_opportunity", _(
                "{persona}: the pain point “{card}” in {phase} has no opportunity in the same phase "
                "(lane {lane})").format(persona=index.persona_name[card.persona], card=card_name(card),
                                         phase=index.phase_name[card.phase], lane=index.lane_name[lane]),
                card.persona, card.phase, card.lane, card.id)


def _pain_without_owner(index: MapIndex) -> Iterable[Finding]:
    """A pain point whose ``owner`` is empty (or only spaces): nobody will fix it."""
    for card in _pain_points(index):
        if not card.owner.strip():
            yield Finding("pain_without_owner", _("{persona}: the pain point “{card}” in {phase} has no owner").format(
                persona=index.persona_name[card.persona], card=card_name(card), phase=index.phase_name[card.phase]),
                card.persona, card.phase, card.lane, card.id)


#: words that say a card is about a hand-over between teams (English and German)
HANDOVER_WORDS = re.compile(r"hand(?:s|ed|ing)?[\s-]?(?:over|off)|übergabe|übergeb|übergib|übernahme|übernimmt",
                            re.IGNORECASE)
#: what every hand-over word contains (folded)
HANDOVER_STEMS = ("hand", "überg", "übern")


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


class _PhaseText:
    """The text and notes of a persona's cards in one phase, folded and joined into one string.

    Searching it for a team is one C-level ``str.find`` per occurrence, whatever the number of cards; a
    regular expression per team (team names are the map's own texts) or a search per card and team made the
    hand-over rule most of the check's time on large maps.
    """

    def __init__(self, cards: list[Card]) -> None:
        self.parts = [f"{card.text}\n{card.notes}".casefold() for card in cards]
        self.starts = list(accumulate((len(part) + 1 for part in self.parts[:-1]), initial=0))
        self.text = "\0".join(self.parts)  # no card holds a NUL (the model drops control characters)
        #: whether a card may hold a hand-over word: one C-level scan instead of the expression's at every place
        self.may_say_handover = any(stem in self.text for stem in HANDOVER_STEMS)

    def says_handover(self, card: int) -> bool:
        return self.may_say_handover and HANDOVER_WORDS.search(self.parts[card]) is not None

    def card_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def mentions(self, team: str) -> Iterable[int]:
        """The cards (positions) that mention the (folded) team as a whole word or phrase: "Sales" is not in
        "Salesforce"."""
        text, start = self.text, self.text.find(team)
        while start >= 0:
            end = start + len(team)
            if (start == 0 or not _is_word_character(text[start - 1])) and (
                    end == len(text) or not _is_word_character(text[end])):
                yield self.card_at(start)
            start = text.find(team, start + 1)


def _teams(index: MapIndex, persona: str, phase: str, owner_lanes: bool) -> dict[str, str]:
    """The owning teams of a persona in a phase, folded (case, spaces) to their first spelling.

    With an owners lane: the texts of the persona's cards there; without one: the ``owner`` of its cards.
    """
    cards = index.kind_cards.get((persona, phase, "owners"), ()) if owner_lanes else index.cell_cards.get(
        (persona, phase), ())
    teams: dict[str, str] = {}
    for card in cards:
        name = (card.text if owner_lanes else card.owner).strip()
        if name:
            teams.setdefault(name.casefold(), name)
    return teams


def _names_handover(text: _PhaseText, before: Iterable[str], after: Iterable[str]) -> bool:
    """Whether a card of the phase's text names the hand-over from the teams ``before`` to the teams ``after``.

    A card does when its text or notes mention a team of the earlier phase and a different team of the later
    one ("Marketing passes the lead to Sales"), or a hand-over word (hand-over, handover, hand over, hands
    over, handoff, Übergabe, übergeben, übergibt, Übernahme, übernimmt) together with any team of either phase
    ("Handover to Sales after the webinar"). Teams are matched case-insensitively as whole words.
    """
    said: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for side, teams in enumerate((before, after)):
        for team in teams:
            for card in text.mentions(team):
                said[card][side].add(team)
    return any((said_before and said_after and len(said_before | said_after) > 1) or text.says_handover(card)
               for card, (said_before, said_after) in said.items())


def _handover_gap(index: MapIndex) -> Iterable[Finding]:
    """The owning team changes between two adjacent phases of a persona and no card names the hand-over.

    The teams of a phase are the persona's cards in the owners lanes (their text), or, when the map has no
    owners lane, the ``owner`` fields of its cards in the phase. Work is handed over when a team of the
    earlier phase is gone in the later one and another team has come (case and surrounding spaces ignored):
    a team that joins ("Sales" → "Sales, Finance") or one that stays alone hands nothing over. A phase with
    no team is not compared (nothing to hand over from or to).
    The hand-over is named by any card of the persona in either phase (:func:`_names_handover`).
    """
    owner_lanes = bool(index.lanes_of_kind.get("owners"))
    lane = index.first_lane("owners")
    phases = index.map.phases
    for persona in index.personas:
        if not index.persona_count.get(persona.id) or not phases:
            continue
        earlier = _teams(index, persona.id, phases[0].id, owner_lanes)
        for before, after in pairwise(phases):
            later = _teams(index, persona.id, after.id, owner_lanes)
            if earlier.keys() - later.keys() and later.keys() - earlier.keys() and not any(
                    _names_handover(index.phase_text(persona.id, phase.id), earlier.keys(), later.keys())
                    for phase in (before, after)):
                yield Finding("handover_gap", _(
                    "{persona}: the owner changes from {old} to {new} between {before} and {after}, and no card "
                    "names the hand-over").format(persona=persona.name, old=names_list(list(earlier.values())),
                                                  new=names_list(list(later.values())), before=before.name,
                                                  after=after.name),
                    persona.id, after.id, lane)
            earlier = later


def _negative_moment_of_truth(index: MapIndex) -> Iterable[Finding]:
    """A moment of truth in a phase where the persona's emotion score is below 0."""
    for persona in index.personas:
        for phase in index.map.phases:
            score = index.score.get((persona.id, phase.id))
            if score is None or score >= 0:
                continue
            for card in index.cell_cards.get((persona.id, phase.id), ()):
                if card.moment_of_truth:
                    yield Finding("negative_moment_of_truth", _(
                        "{persona}: the moment of truth “{card}” in {phase} falls where the emotion is negative "
                        "({score})").format(persona=persona.name, card=card_name(card), phase=phase.name,
                                            score=score),
                        persona.id, phase.id, card.lane, card.id)


def _unexplained_drop(index: MapIndex) -> Iterable[Finding]:
    """The emotion falls by 2 or more between adjacent phases (both scored) and the later phase has no pain
    point of the persona."""
    lane = index.first_lane("emotions")
    phases = index.map.phases
    for persona in index.personas:
        for before, after in pairwise(phases):
            old, new = index.score.get((persona.id, before.id)), index.score.get((persona.id, after.id))
            if old is None or new is None or old - new < 2:
                continue
            if not index.kind_cards.get((persona.id, after.id, "pain_points")):
                yield Finding("unexplained_drop", _(
                    "{persona}: the emotion falls from {old} in {before} to {new} in {after}, and no pain point "
                    "in {after} explains it").format(persona=persona.name, old=old, new=new, before=before.name,
                                                     after=after.name),
                    persona.id, after.id, lane)


def _assumed_pains(index: MapIndex) -> Iterable[Finding]:
    """A persona whose pain points are mostly (more than half) ``assumed`` and none ``observed``."""
    for persona in index.personas:
        pains = index.persona_kind_cards.get((persona.id, "pain_points"), [])
        assumed = [card for card in pains if card.evidence == "assumed"]
        if 2 * len(assumed) > len(pains) and not any(card.evidence == "observed" for card in pains):
            count = len(pains)
            yield Finding("assumed_pains", ngettext(
                "{persona}: {assumed} of {count} pain point is assumed and none is observed: research still to do",
                "{persona}: {assumed} of {count} pain points are assumed and none is observed: research still "
                "to do", count).format(persona=persona.name, assumed=len(assumed), count=count),
                persona.id, lane=assumed[0].lane)


def _metric_words(name: str) -> str:
    """A metric's name as a card would write it: folded, without its unit ("Conversion rate %" → "conversion
    rate")."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _names_metric(text: _PhaseText, words: Iterable[str]) -> bool:
    """Whether the text names the metric by any of its words, as whole words."""
    return any(word and next(iter(text.mentions(word)), None) is not None for word in words)


def kpi_findings(index: MapIndex, persona_id: str | None,
                 opportunities: Callable[[str], list[_PhaseText]]) -> Iterable[Finding]:
    """Values (of one persona, or for all personas when None) that miss their target while no opportunity in
    their phase names the metric; ``opportunities(phase)`` gives the texts of the opportunities that count."""
    kpis = index.map.kpis
    lane = index.first_lane("kpis")
    if kpis is None:
        return
    metrics = {metric.id: metric for metric in kpis.metrics}
    for value in kpis.values:
        if value.persona != persona_id or value.phase not in index.phase_name:
            continue
        metric = metrics[value.metric]
        if status(metric, value) != "missed":
            continue
        words = (_metric_words(metric.name), _metric_words(metric.id))
        if any(_names_metric(text, words) for text in opportunities(value.phase)):
            continue
        where = _("{metric} in {phase}").format(metric=metric.name, phase=index.phase_name[value.phase])
        if persona_id is not None:
            where = _("{persona}: {where}").format(persona=index.persona_name.get(persona_id, persona_id),
                                                   where=where)
        yield Finding("kpi_below_target", _(
            "{where}: {value} misses the target {target}, and no opportunity in {phase} names {metric}").format(
            where=where, value=format_figure(value.value, metric.unit), target=format_figure(value.target, metric.unit),
            phase=index.phase_name[value.phase], metric=metric.name), persona_id, value.phase, lane)


def _opportunity_texts(index: MapIndex, persona_id: str, phase_id: str) -> list[_PhaseText]:
    cards = index.kind_cards.get((persona_id, phase_id, "opportunities"))
    return [_PhaseText(cards)] if cards else []


def _kpi_below_target(index: MapIndex) -> Iterable[Finding]:
    """A KPI value below its target (by the metric's direction) with no opportunity in its phase that names the
    metric: of the persona for a persona's own value, of any persona for a value of all personas."""
    for persona in index.personas:
        yield from kpi_findings(index, persona.id, lambda phase, p=persona.id: _opportunity_texts(index, p, phase))
    if index.personas is index.map.personas:  # the values of all personas: on a whole-map index only
        yield from kpi_findings(index, None, lambda phase: [
            text for persona in index.map.personas for text in _opportunity_texts(index, persona.id, phase)])


def _rule(finder: Callable[[MapIndex], Iterable[Finding]]) -> Callable[[JourneyMap], list[Finding]]:
    """A rule's check on a map: its findings in map order."""

    def check(journey_map: JourneyMap) -> list[Finding]:
        index = _index_of(journey_map)
        return sorted(finder(index), key=index.sort_key)

    check.__doc__ = finder.__doc__
    check.__name__ = finder.__name__.lstrip("_")
    check.finder = finder  # type: ignore[attr-defined]  # the live check runs it on one persona's index
    return check


RULES: tuple[Rule, ...] = (
    Rule("phase_without_touchpoint", N_("Phase without touchpoint"), _rule(_phase_without_touchpoint)),
    Rule("persona_without_cards", N_("Persona without cards"), _rule(_persona_without_cards)),
    Rule("empty_lane", N_("Empty lane"), _rule(_empty_lane)),
    Rule("pain_without_opportunity", N_("Pain point without opportunity"), _rule(_pain_without_opportunity)),
    Rule("pain_without_owner", N_("Pain point without owner"), _rule(_pain_without_owner)),
    Rule("handover_gap", N_("Hand-over gap"), _rule(_handover_gap)),
    Rule("negative_moment_of_truth", N_("Moment of truth in a negative emotion"), _rule(_negative_moment_of_truth)),
    Rule("unexplained_drop", N_("Emotion drop without a pain point"), _rule(_unexplained_drop)),
    Rule("assumed_pains", N_("Pain points only assumed"), _rule(_assumed_pains)),
    Rule("kpi_below_target", N_("KPI below target without opportunity"), _rule(_kpi_below_target)),
)
RULE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)


#: rules that look at the whole map at once rather than persona by persona (the live check runs them on
#: the sums of the personas' parts)
WHOLE_MAP_RULES = frozenset({"empty_lane"})


def check_map(journey_map: JourneyMap, disabled: Collection[str] | None = None) -> list[Finding]:
    """Every finding of every rule not in ``disabled``: in ``RULES`` order, then in map order. Deterministic.

    ``disabled`` None: the rules the map itself switched off (``JourneyMap.checks_off``, format 1.1).
    """
    return LiveCheck(journey_map).findings(disabled)


class _Part:
    """One persona's share of the check: its cards indexed, and its findings by rule."""

    def __init__(self, journey_map: JourneyMap, persona: Persona, cards: Iterable[tuple[int, Card]]) -> None:
        self.index = MapIndex(journey_map, [persona], cards)
        self.findings = {rule.id: list(rule.check.finder(self.index))  # type: ignore[attr-defined]
                         for rule in RULES if rule.id not in WHOLE_MAP_RULES}


class LiveCheck:
    """The health check kept current as the map changes, touching only what changed.

    The findings are kept per persona: an edit of cards, emotions or a persona's profile checks
    that persona again (:meth:`update`), from its own cards (``cards_of``: the editor's card index
    gives them without a scan of the map); the rules over the whole map (an empty lane, KPI values
    of all personas) are put together from the personas' parts when the findings are read. A change
    of structure, of the KPIs or of another map needs :meth:`reset`. ``check_map`` is a fresh one.
    """

    def __init__(self, journey_map: JourneyMap,
                 cards_of: Callable[[str], Iterable[tuple[int, Card]]] | None = None) -> None:
        self.map = journey_map
        self.cards_of = cards_of or self._scan
        self.parts: dict[str, _Part] = {}
        self.reset()

    def _scan(self, persona_id: str) -> list[tuple[int, Card]]:
        return [(i, card) for i, card in enumerate(self.map.cards) if card.persona == persona_id]

    def reset(self) -> None:
        """Check every persona again (one pass over the cards)."""
        by_persona: dict[str, list[tuple[int, Card]]] = defaultdict(list)
        for position, card in enumerate(self.map.cards):
            by_persona[card.persona].append((position, card))
        self.parts = {p.id: _Part(self.map, p, by_persona.get(p.id, [])) for p in self.map.personas}

    def update(self, persona_ids: Iterable[str]) -> None:
        """Check these personas again (their cards, emotions or profile changed)."""
        personas = {persona.id: persona for persona in self.map.personas}
        for persona_id in set(persona_ids):
            if persona_id in personas:
                self.parts[persona_id] = _Part(self.map, personas[persona_id], self.cards_of(persona_id))
            else:
                self.parts.pop(persona_id, None)

    def personas_of(self, card_ids: Collection[str]) -> set[str]:
        """The personas the cards belonged to when last checked (a removed or moved card's former persona)."""
        return {persona_id for persona_id, part in self.parts.items()
                if any(card_id in part.index.card_pos for card_id in card_ids)}

    def findings(self, disabled: Collection[str] | None = None) -> list[Finding]:
        """Every finding of the rules not in ``disabled`` (None: the map's ``checks_off``), as ``check_map``."""
        if disabled is None:
            disabled = frozenset(self.map.checks_off or ())
        whole = MapIndex(self.map, personas=[], cards=())
        for part in self.parts.values():
            for lane_id, count in part.index.lane_count.items():
                whole.lane_count[lane_id] += count
        persona_pos = whole.persona_pos

        def key(finding: Finding) -> tuple[int, int, int, int]:
            part = self.parts.get(finding.persona or "")
            card = part.index.card_pos.get(finding.card or "", -1) if part is not None else -1
            return (persona_pos.get(finding.persona or "", -1), whole.phase_pos.get(finding.phase or "", -1),
                    whole.lane_pos.get(finding.lane or "", -1), card)

        found: list[Finding] = []
        for rule in RULES:
            if rule.id in disabled:
                continue
            if rule.id in WHOLE_MAP_RULES:
                found += sorted(rule.check.finder(whole), key=key)  # type: ignore[attr-defined]
                continue
            ours = [finding for part in self.parts.values() for finding in part.findings[rule.id]]
            if rule.id == "kpi_below_target":
                ours += kpi_findings(whole, None, lambda phase: [
                    text for part in self.parts.values() for persona in part.index.personas
                    for text in _opportunity_texts(part.index, persona.id, phase)])
            found += sorted(ours, key=key)
        return found
