"""The poster's insight pages (issue 17): an executive summary first, then the persona comparison, the
opportunity matrix and the KPI tables, each in the deliverable's language and on the poster's paper.

Every page is laid out by :mod:`app.export.page_flow`, so nothing is cut: text wraps, and a page
that overflows continues on the next. The facts come from ``app.insight`` (curves, spreads, lanes
side by side, quadrants, KPI status, health findings), the same as the editor's views and the
workbook. Only the personas printed are shown: a poster of one persona says nothing of another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.export.insight_charts import emotion_chart, legend_block, opportunity_matrix
from app.export.page_flow import (
    BODY_PT,
    CELL_PAD,
    MIN_PT,
    SMALL_PT,
    Block,
    Cell,
    Flow,
    FlowPage,
    Line,
    Lines,
    Table,
    narrowest_wrap,
    stacked,
)
from app.i18n import N_, Catalogue, set_language
from app.i18n import language as ui_language
from app.insight import comparison, health, kpis, priorities
from app.layout import TextWrapper, palette
from app.model import Card, JourneyMap, KpiValue, Metric, Phase

#: how many pain points and opportunities the summary names, and how many findings it quotes
TOP = 5
QUOTED_FINDINGS = 5
#: a table with a column narrower than this prints its text a point smaller (never below MIN_PT)
NARROW_COLUMN = 70.0
#: a table's type size before a narrow column makes it smaller
TABLE_PT = SMALL_PT + 0.5

STATUS_WORDS = {"met": N_("target met"), "missed": N_("target missed"), "open": N_("no value or no target")}
DIRECTION_WORDS = {"higher": N_("higher is better"), "lower": N_("lower is better")}


@dataclass
class InsightOptions:
    """Which pages to print; each is printed only when the map has something for it (the summary always)."""

    summary: bool = True
    comparison: bool = True
    matrix: bool = True
    kpis: bool = True


def printed_map(journey_map: JourneyMap, persona_ids: list[str]) -> JourneyMap:
    """The map as far as the chosen personas go: their cards, emotions and KPI values (and the shared ones)."""
    if [p.id for p in journey_map.personas] == persona_ids:
        return journey_map
    chosen = set(persona_ids)
    update: dict = {
        "personas": [p for p in journey_map.personas if p.id in chosen],
        "cards": [card for card in journey_map.cards if card.persona in chosen],
        "emotions": [point for point in journey_map.emotions if point.persona in chosen],
    }
    if journey_map.kpis is not None:
        values = [v for v in journey_map.kpis.values if v.persona is None or v.persona in chosen]
        update["kpis"] = journey_map.kpis.model_copy(update={"values": values})
    return journey_map.model_copy(update=update)


def has_ratings(journey_map: JourneyMap) -> bool:
    return any(card.value is not None and card.effort is not None for card in priorities.opportunity_cards(journey_map))


def has_kpis(journey_map: JourneyMap) -> bool:
    return journey_map.kpis is not None and bool(journey_map.kpis.metrics)


def chosen_pages(journey_map: JourneyMap, options: InsightOptions) -> list[str]:
    """The insight pages to print, in order: the options asked for and the map has data for."""
    pages = ["summary"] if options.summary else []
    if options.comparison and len(journey_map.personas) >= 2:
        pages.append("comparison")
    if options.matrix and has_ratings(journey_map):
        pages.append("matrix")
    if options.kpis and has_kpis(journey_map):
        pages.append("kpis")
    return pages


def insight_pages(journey_map: JourneyMap, persona_ids: list[str], options: InsightOptions,
                  size: tuple[float, float], wrapper: TextWrapper, words: Catalogue) -> list[FlowPage]:
    """The laid-out insight pages (summary first) for the printed personas, on sheets of ``size``."""
    shown = printed_map(journey_map, persona_ids)
    pages: list[FlowPage] = []
    writer = _Writer(shown, size, wrapper, words)
    for name in chosen_pages(shown, options):
        pages += getattr(writer, name)()
    return pages


def table_size(widths: list[float], size: float) -> float:
    """The type size of a table of columns ``widths`` asked for at ``size``: a point smaller when a column is
    narrow, never below MIN_PT."""
    return max(MIN_PT, size - 1.0) if min(widths) < NARROW_COLUMN else size


def phase_shares(count: int) -> list[float]:
    """The column shares of a table of personas by phases: the persona column 16 % (12 % from seven phases on),
    the ``count`` phases the rest equally."""
    name_share = 0.16 if count <= 6 else 0.12
    return [name_share] + [(1 - name_share) / max(count, 1)] * count


def phase_groups(phases: list[Phase], width: float, size: float = TABLE_PT) -> list[list[Phase]]:
    """The phases split into as few tables as keep each column at least as wide as its text is wrapped (a
    narrower column has its text run over into the next), the tables as even as can be (20: 10 and 10).

    The persona column is 12 % of the width from seven phases on: on a narrow page (paper about 110 mm wide)
    that is too narrow where 16 % is not, so the phases split into tables of at most six. On a page where not
    even 16 % holds the persona column's text (a long strip of paper, its design scaled down), the phase columns
    alone decide."""
    count = len(phases)
    phases_fit = None  # the fewest tables whose phase columns hold their text
    for tables in range(1, count + 1):
        most = -(-count // tables)
        widths = [width * share for share in phase_shares(most)]
        needed = narrowest_wrap(table_size(widths, size)) + 2 * CELL_PAD
        if widths[-1] >= needed:
            phases_fit = phases_fit or tables
            if widths[0] >= needed:
                break
    else:
        if phases_fit is None:
            return [phases]
        tables = phases_fit
    base, extra = divmod(count, tables)
    groups, start = [], 0
    for index in range(tables):
        end = start + base + (1 if index < extra else 0)
        groups.append(phases[start:end])
        start = end
    return groups


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """The UI language set to the deliverable's while sentences made with ``_()`` (health findings) are made."""
    before = ui_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def pain_points(journey_map: JourneyMap) -> list[Card]:
    """The pain points by severity × votes (an unvoted card counts one vote, so severity orders a map nobody
    voted on; no severity counts 0), then severity, votes and the map's order."""
    lanes = {lane.id for lane in journey_map.lanes if lane.kind == "pain_points"}
    found = [(i, card) for i, card in enumerate(journey_map.cards) if card.lane in lanes]
    found.sort(key=lambda item: (-(item[1].severity or 0) * max(item[1].votes, 1), -(item[1].severity or 0),
                                 -item[1].votes, item[0]))
    return [card for _i, card in found]


class _Writer:
    """Writes each page's content into flows, in the deliverable's words."""

    def __init__(self, journey_map: JourneyMap, size: tuple[float, float], wrapper: TextWrapper,
                 words: Catalogue) -> None:
        self.map = journey_map
        self.size = size
        self.wrapper = wrapper
        self.words = words
        self.persona_name = {p.id: p.name for p in journey_map.personas}
        self.phase_name = {p.id: p.name for p in journey_map.phases}

    def gettext(self, message: str) -> str:
        return self.words.gettext(message)

    def flow(self, title: str, columns: int | None = None) -> Flow:
        continued = self.gettext("{page} (continued)").format(page=title)
        return Flow(self.wrapper, self.size, title, continued, self.map.title, columns)

    def figure(self, number: float | None, unit: str = "") -> str:
        """A figure in the deliverable's digits, to at most two decimals, with its unit (as ``kpis.format_figure``)."""
        if number is None:
            return "–"
        rounded = round(float(number), 2)
        text = self.words.format_number(int(rounded) if rounded.is_integer() else rounded)  # type: ignore[arg-type]
        return f"{text} {unit}".rstrip() if unit else text

    def none(self, flow: Flow, message: str) -> None:
        flow.add(self.none_block(flow, message))

    def none_block(self, flow: Flow, message: str) -> Lines:
        """The muted line that says a section has nothing to show."""
        return Lines(flow.lines(self.gettext(message), color=palette.MUTED_TEXT))

    def item(self, flow: Flow, number: int, text: str, facts: list[str]) -> None:
        """A numbered entry: the card's whole text, and a muted line of its facts."""
        label = f"{number}."
        indent = flow.wrapper.measure("00.", BODY_PT, True) + 4
        lines = flow.lines(text or "–", BODY_PT, dx=indent)
        facts_lines = flow.lines(" · ".join(fact for fact in facts if fact), SMALL_PT, palette.MUTED_TEXT, dx=indent)
        number_line = Line(label, BODY_PT, palette.TEXT, True)
        flow.add(_Numbered([*lines, *facts_lines], number=number_line), gap=5)

    # --- the executive summary ------------------------------------------------------------------------

    def summary(self) -> list[FlowPage]:
        flow = self.flow(self.gettext("Executive summary"))
        flow.heading(self.gettext("Goal of the journey"))
        if self.map.goal:
            flow.paragraph(self.map.goal)
        else:
            self.none(flow, N_("No goal recorded"))
        flow.heading(self.gettext("Personas"))
        if not self.map.personas:
            self.none(flow, N_("No personas"))
        for persona in self.map.personas:
            lines = flow.lines(persona.name, BODY_PT, bold=True)
            if persona.role:
                lines += flow.lines(persona.role, SMALL_PT, palette.MUTED_TEXT)
            flow.add(Lines(lines), gap=3)
        flow.y += 4
        self.emotions(flow, small=True)
        flow.heading(self.gettext("Top pain points"))
        pains = pain_points(self.map)[:TOP]
        if not pains:
            self.none(flow, N_("No pain points recorded"))
        for number, card in enumerate(pains, start=1):
            facts = [self.persona_name[card.persona], self.phase_name[card.phase]]
            if card.severity:
                facts.append(self.gettext("severity {severity}/5").format(severity=card.severity))
            facts.append(self.words.ngettext("{count} vote", "{count} votes", card.votes).format(count=card.votes))
            self.item(flow, number, card.text, facts)
        flow.heading(self.gettext("Top opportunities"))
        ranked = priorities.ranked(self.map)[:TOP]
        if not ranked:
            self.none(flow, N_("No opportunities recorded"))
        for item in ranked:
            self.item(flow, item.rank, item.card.text, self.opportunity_facts(item))
        self.kpi_summary(flow)
        flow.heading(self.gettext("Open health-check findings"))
        self.findings(flow)
        return flow.pages

    def opportunity_facts(self, item: priorities.RankedOpportunity, owner: bool = False) -> list[str]:
        card = item.card
        if item.quadrant is None:
            facts = [self.gettext("not rated yet")]
        else:
            facts = [self.gettext(priorities.QUADRANT_NAMES[item.quadrant]),
                     self.gettext("value {value}").format(value=card.value),
                     self.gettext("effort {effort}").format(effort=card.effort)]
        facts.append(self.words.ngettext("{count} vote", "{count} votes", card.votes).format(count=card.votes))
        facts += [self.phase_name[card.phase], self.persona_name[card.persona]]
        if owner and card.owner:
            facts.append(self.gettext("owner: {owner}").format(owner=card.owner))
        return facts

    def kpi_summary(self, flow: Flow) -> None:
        title = self.gettext("KPIs against target")
        readings = [r for r in kpis.all_readings(self.map) if r.value.value is not None or r.value.target is not None]
        if not readings:
            flow.heading(title)
            self.none(flow, N_("No KPIs recorded"))
            return
        phase_order = {p.id: i for i, p in enumerate(self.map.phases)}
        metric_order = {m.id: i for i, m in enumerate(self.map.kpis.metrics)}  # type: ignore[union-attr]
        readings.sort(key=lambda r: (metric_order[r.metric.id], phase_order.get(r.value.phase, 0),
                                     r.value.persona or ""))
        headers = [self.gettext("Metric"), self.gettext("Phase"), self.gettext("Actual / target"),
                   self.gettext("Target status")]
        rows = []
        for reading in readings:
            value = reading.value
            phase = self.phase_name.get(value.phase, value.phase)
            if value.persona is not None:
                phase = f"{phase} ({self.persona_name.get(value.persona, value.persona)})"
            rows.append([reading.metric.name, phase, self.value_target(reading), self.status_text(reading.status)])
        table = self.table(flow, headers, rows, [0.26, 0.26, 0.24, 0.24])
        for row, reading in zip(table.rows, readings, strict=True):
            row[-1].fill = kpis.STATUS_COLORS[reading.status][0]
        flow.heading(title, keep=table.lead())
        flow.add(table)

    def value_target(self, reading: kpis.KpiReading) -> str:
        unit = reading.metric.unit
        text = self.figure(reading.value.value, unit)
        if reading.value.target is not None:
            text = f"{text} / {self.figure(reading.value.target, unit)}"
        return text

    def status_text(self, status: str) -> str:
        return f"{kpis.STATUS_MARKS[status]} {self.gettext(STATUS_WORDS[status])}"

    def findings(self, flow: Flow) -> None:
        with speaking(self.words.language):
            found = health.check_map(self.map)
            titles = {rule.id: self.gettext(rule.title) for rule in health.RULES}
        if not found:
            self.none(flow, N_("No open findings"))
            return
        flow.paragraph(self.words.ngettext("{count} finding to look at before handing the map over",
                                           "{count} findings to look at before handing the map over",
                                           len(found)).format(count=len(found)))
        counts: dict[str, int] = {}
        for finding in found:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        flow.add(self.table(flow, [self.gettext("Check"), self.gettext("Findings")],
                            [[titles.get(rule, rule), str(count)] for rule, count in counts.items()], [0.8, 0.2]))
        for finding in found[:QUOTED_FINDINGS]:
            flow.add(Lines(flow.lines(f"• {finding.message}", SMALL_PT + 0.5, dx=0)), gap=2)
        if len(found) > QUOTED_FINDINGS:
            more = len(found) - QUOTED_FINDINGS
            flow.paragraph(self.words.ngettext("… and {count} more: journeymap check lists them all",
                                               "… and {count} more: journeymap check lists them all",
                                               more).format(count=more), SMALL_PT + 0.5, palette.MUTED_TEXT)

    def emotions(self, flow: Flow, small: bool) -> None:
        """The emotion comparison chart with its legend, and the phase where the personas lie furthest apart."""
        title = self.gettext("Emotions by phase")
        curves = comparison.curves(self.map)
        if not any(score is not None for curve in curves for score in curve.scores):
            flow.heading(title)
            self.none(flow, N_("No emotion points recorded"))
            return
        legend = legend_block(flow, curves, flow.width)
        room = flow.column_height - legend.height() - 60
        height = min(flow.width * 0.42, 220.0 if small else 320.0, max(room, 120.0))  # the summary's is smaller
        chart = stacked(emotion_chart(flow, curves, comparison.spreads(self.map), flow.width, height), legend)
        flow.heading(title, keep=chart.size)
        flow.add(chart, gap=4)
        gap = comparison.widest_gap(self.map)
        note = self.gettext("Grey bands: from the lowest to the highest feeling of the personas in a phase.")
        if gap is not None:
            from app.layout import score_label

            note += " " + self.gettext("Widest gap: {phase} ({low} to {high}).").format(
                phase=gap.phase.name, low=score_label(gap.low), high=score_label(gap.high))  # type: ignore[arg-type]
        flow.paragraph(note, SMALL_PT + 0.5, palette.MUTED_TEXT)

    # --- tables ---------------------------------------------------------------------------------------

    def table(self, flow: Flow, headers: list[str], rows: list[list[str]], shares: list[float],
              size: float = TABLE_PT, first_bold: bool = False) -> Table:
        """A table over the column's width; ``shares`` of the width per column. Narrow columns print smaller
        type, never below MIN_PT; text wraps and long words break, so every word prints."""
        widths = [flow.width * share for share in shares]
        size = table_size(widths, size)

        def cell(text: str, width: float, bold: bool = False) -> Cell:
            return Cell(flow.lines(text, size, bold=bold, width=width - 2 * CELL_PAD))

        header = [cell(text, width, True) for text, width in zip(headers, widths, strict=True)]
        body = [[cell(text, width, first_bold and k == 0)
                 for k, (text, width) in enumerate(zip(row, widths, strict=True))] for row in rows]
        return Table(widths, header, body)

    # --- the persona comparison -----------------------------------------------------------------------

    def comparison(self) -> list[FlowPage]:
        flow = self.flow(self.gettext("Persona comparison"), columns=1)
        self.emotions(flow, small=False)
        lane_id = comparison.default_lane(self.map)
        if lane_id is None:
            return flow.pages
        lane = self.map.lane(lane_id)
        grid = comparison.lane_grid(self.map, lane_id)
        for index, phases in enumerate(phase_groups(self.map.phases, flow.width)):
            rows = []
            for persona in self.map.personas:
                cells = [persona.name]
                for phase in phases:
                    cards = grid.get((persona.id, phase.id), [])
                    cells.append("\n".join(f"• {card.text}" for card in cards) if cards else "–")
                rows.append(cells)
            table = self.table(flow, [self.gettext("Persona")] + [phase.name for phase in phases], rows,
                               phase_shares(len(phases)), first_bold=True)
            if index == 0:
                flow.heading(self.gettext("{lane} side by side").format(lane=lane.name), keep=table.lead())
            flow.add(table)
        return flow.pages

    # --- the opportunity matrix -----------------------------------------------------------------------

    def matrix(self) -> list[FlowPage]:
        flow = self.flow(self.gettext("Opportunity matrix"))
        ranked = priorities.ranked(self.map)
        rated = [item for item in ranked if item.quadrant is not None]
        unrated = len(ranked) - len(rated)
        side = min(flow.width, flow.column_height * (0.92 if flow.columns > 1 else 0.6))
        flow.add(opportunity_matrix(flow, rated, self.words, side), gap=4)
        note = self.gettext("Each box is an opportunity at its value and effort (1 to 5); its number is its "
                            "place in the list, which is in the order to fund them: quick wins first.")
        if unrated:
            note += " " + self.words.ngettext("{count} opportunity is not rated yet and is listed last.",
                                              "{count} opportunities are not rated yet and are listed last.",
                                              unrated).format(count=unrated)
        flow.paragraph(note, SMALL_PT + 0.5, palette.MUTED_TEXT)
        flow.heading(self.gettext("Opportunities in order"))
        for item in ranked:
            self.item(flow, item.rank, item.card.text, self.opportunity_facts(item, owner=True))
        return flow.pages

    # --- KPIs -----------------------------------------------------------------------------------------

    def kpis(self) -> list[FlowPage]:
        flow = self.flow(self.gettext("KPIs"), columns=1)
        marks = " · ".join(self.status_text(status) for status in ("met", "missed", "open"))
        flow.paragraph(marks, SMALL_PT + 0.5, palette.MUTED_TEXT)
        table = self.map.kpis
        assert table is not None
        for metric in table.metrics:
            unit = self.gettext("unit: {unit}").format(unit=metric.unit) if metric.unit else self.gettext("no unit")
            unit_line = Lines(flow.lines(f"{unit} · {self.gettext(DIRECTION_WORDS[metric.direction])}",
                                         SMALL_PT + 0.5, palette.MUTED_TEXT))
            values = [v for v in table.values if v.metric == metric.id]
            follows: list[Block] = [self.none_block(flow, N_("No values recorded"))] if not values else [
                self.kpi_table(flow, metric, values, phases) for phases in phase_groups(self.map.phases, flow.width)]
            # The heading stays with its unit line and the table's header and first row (or the line saying none).
            first = follows[0]
            flow.heading(metric.name, keep=unit_line.height() + 3 + (
                first.lead() if isinstance(first, Table) else first.height()))
            flow.add(unit_line, gap=3)
            for block in follows:
                flow.add(block)
        return flow.pages

    def kpi_table(self, flow: Flow, metric: Metric, values: list[KpiValue], phases: list[Phase]) -> Table:
        """One metric's values in ``phases`` (all of them, or one group of a map with too many for one table): a
        row per persona (and one for all personas), a column per phase."""
        owners: list[str | None] = [None] if any(v.persona is None for v in values) else []
        owners += [p.id for p in self.map.personas if any(v.persona == p.id for v in values)]
        by_place = {(v.persona, v.phase): v for v in values}
        shares = phase_shares(len(phases))
        rows, fills = [], []
        for owner in owners:
            row = [self.gettext("All personas") if owner is None else self.persona_name[owner]]
            row_fills: list[str | None] = [None]
            for phase in phases:
                value = by_place.get((owner, phase.id))
                if value is None:
                    row.append("–")
                    row_fills.append(None)
                    continue
                reading = kpis.KpiReading(metric, value, kpis.status(metric, value))
                text = f"{self.value_target(reading)}\n{self.status_text(reading.status)}"
                if value.date is not None:
                    text += "\n" + self.words.format_date(value.date)
                row.append(text)
                row_fills.append(kpis.STATUS_COLORS[reading.status][0])
            rows.append(row)
            fills.append(row_fills)
        built = self.table(flow, [self.gettext("Persona")] + [p.name for p in phases], rows, shares, first_bold=True)
        for row, row_fills in zip(built.rows, fills, strict=True):
            for cell, fill in zip(row, row_fills, strict=True):
                cell.fill = fill
        return built


@dataclass
class _Numbered(Lines):
    """A list entry: its lines, and its number beside the first of them (not repeated when it continues)."""

    number: Line | None = None

    def draw(self, c, x: float, y: float) -> None:
        super().draw(c, x, y)
        if self.number is not None:
            Lines([self.number]).draw(c, x, y)

    def split(self, room: float, fresh: bool):
        if not fresh:
            return None, self  # an entry moves whole to the next column; only one taller than a column is split
        head, tail = Lines(self.lines).split(room, fresh)
        if head is None:
            return None, self
        return _Numbered(head.lines, number=self.number), tail
