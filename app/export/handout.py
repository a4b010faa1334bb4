"""The handout: each persona's map on the paper people print on (A4, Letter), a range of phases a page.

A poster shrinks the whole map onto one sheet; a handout keeps card text at HANDOUT_TEXT_PT and splits
the map instead: across, by phase range (every page repeats the lane labels, the persona's name and
"Phases 3–5 of 8"), and down, lane by lane, onto a continuation page when a range's lanes are taller
than a page. A cell taller than a page continues on the next page, its card marked as continued, so no
word is cut or dropped. Each range is laid out by ``persona_layout`` on the map's phases of that range,
as the canvas and the poster are, and drawn by the poster's painter at one fixed scale.

Orientation: landscape holds four phases a page at 9 pt on A4 where portrait holds two, so a journey
reads further across; portrait holds about twice the lanes, so on a map with many lanes each phase range
prints whole on one page instead of two half-empty ones. The handout takes landscape unless portrait
needs fewer pages (the samples, with seven or eight lanes, print portrait; a map of a few lanes and
many phases prints landscape), and portrait when asked (``--portrait``).
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from reportlab.pdfgen.canvas import Canvas

from app.export import ExportCancelledError, ExportError, write_output
from app.export.branding import MAX_LOGO_SHARE, logo_box
from app.export.glyph_report import glyph_warnings
from app.export.pdf import (
    FOOTER_HEIGHT,
    FOOTER_SIZE,
    MARGIN,
    MIN_CARD_WIDTH,
    PAPERS,
    HexColor,
    PdfOptions,
    PdfResult,
    PosterPlanner,
    _Poster,
    bookmark,
    draw_insight,
    footer_text,
    insight_sections,
    is_auto,
    paper_label,
    paper_size,
    points,
    resolve_personas,
    start_document,
)
from app.i18n import Catalogue, _, ngettext
from app.layout import CardBox, EmotionMark, HeaderBox, KpiBadge, PersonaLayout, Rect, Style, palette, persona_layout
from app.model import JourneyMap, Persona

#: card text on a handout, in points on paper
HANDOUT_TEXT_PT = 9.0
SCALE = HANDOUT_TEXT_PT / Style().text_size
DEFAULT_PAPER = "A4"
#: the narrowest and widest card of a handout column, in layout points (a column is a card and its padding)
MIN_COLUMN_CARD = 150.0
MAX_COLUMN_CARD = 280.0
#: the least height of a lane and the emotion lane's height on a handout, in layout points (canvas: 72, 192)
HANDOUT_ROW_HEIGHT = 48.0
HANDOUT_EMOTION_HEIGHT = 160.0
PERSONA_PT = 14.0
RANGE_PT = 10.0
HEADER_GAP = 8.0
#: the emotion axis's labels stand in this much of the lane's left (layout points): the curve's stub stops before
AXIS_GUTTER = 24.0
#: a row taller than a page starts on a fresh page when less than this (layout points) is left on this one
MIN_ROOM = 120.0
#: the least room (layout points) a page must have for its lanes, or the paper is too small for a handout
MIN_GRID_ROOM = 240.0


@dataclass
class HandoutPage:
    """One printed page: a persona's phase range (1-based ``first``..``last`` of ``count``) and its rows."""

    persona_id: str
    first: int
    last: int
    count: int
    #: a later page of the same range (its lanes did not fit one page)
    continued: bool
    #: the page's own layout: the range's phase headers and the rows (or parts of rows) on this page
    layout: PersonaLayout
    #: cards split over pages: (continued from the page before, continues on the next page)
    notes: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    #: the persona's emotion scores in the phases just before and after the range (None: none there)
    neighbours: tuple[int | None, int | None] = (None, None)


@dataclass
class HandoutPlan:
    pages: list[HandoutPage]
    paper: str
    landscape: bool
    size: tuple[float, float]
    style: Style
    #: each persona's page header lines (its name and role, wrapped)
    headers: dict[str, list[str]]
    #: the logo's printed (width, height) at the header's right, None without a logo
    logo: tuple[float, float] | None = None


def range_text(page: HandoutPage, words: Catalogue) -> str:
    """ "Phases 3–5 of 8", "Phase 4 of 8"; a continuation page says so."""
    if page.first == page.last:
        text = words.gettext("Phase {number} of {count}").format(number=page.first, count=page.count)
    else:
        text = words.gettext("Phases {first}–{last} of {count}").format(first=page.first, last=page.last,
                                                                     count=page.count)
    return words.gettext("{page} (continued)").format(page=text) if page.continued else text


def phase_ranges(count: int, per_page: int) -> list[tuple[int, int]]:
    """Phase index ranges [start, end) of about equal length, at most ``per_page`` each: 5 by 4 is 3 + 2."""
    pages = max(1, math.ceil(count / max(1, per_page)))
    base, extra = divmod(count, pages)
    ranges, start = [], 0
    for index in range(pages):
        end = start + base + (1 if index < extra else 0)
        ranges.append((start, end))
        start = end
    return ranges


def handout_style(journey_map: JourneyMap, width: float) -> tuple[Style, int]:
    """The style of a handout column filling ``width`` page points, and the phases a page holds."""
    base = Style()
    room = width / SCALE - base.lane_header_width
    per_page = max(1, int(room // (MIN_COLUMN_CARD + 2 * base.cell_padding)))
    count = max(1, len(journey_map.phases))
    per_page = math.ceil(count / len(phase_ranges(count, per_page)))
    card_width = min(MAX_COLUMN_CARD, room / per_page - 2 * base.cell_padding)
    if card_width < MIN_CARD_WIDTH:
        raise ExportError(_("the paper is too narrow for a handout with card text at {size} pt: use A4 or larger")
                          .format(size=f"{HANDOUT_TEXT_PT:.0f}"))
    # Paper needs no room to click into below a cell's cards, and lower empty rows keep more lanes on a page.
    style = replace(base, card_width=math.floor(card_width), cell_click_room=0.0, cell_min_height=HANDOUT_ROW_HEIGHT,
                    emotion_lane_height=HANDOUT_EMOTION_HEIGHT)
    return style, per_page


def _range_map(journey_map: JourneyMap, persona_id: str, start: int, end: int) -> JourneyMap:
    """The map as far as one persona's phase range goes (the layout lays out the map's phases)."""
    phases = journey_map.phases[start:end]
    ids = {phase.id for phase in phases}
    return journey_map.model_copy(update={
        "phases": phases,
        "cards": [c for c in journey_map.cards if c.persona == persona_id and c.phase in ids],
        "emotions": [e for e in journey_map.emotions if e.persona == persona_id and e.phase in ids],
    })


def _unnamed_lane(journey_map: JourneyMap, lane_id: str) -> JourneyMap:
    """The map with one lane's name left out, so that the layout gives the lane the height of its contents."""
    return journey_map.model_copy(update={"lanes": [lane.model_copy(update={"name": ""}) if lane.id == lane_id
                                                    else lane for lane in journey_map.lanes]})


# --- splitting a range's rows over pages -----------------------------------------------------------------


@dataclass
class _Pending:
    """What of a card is still to print: the card's box in the range's layout and the lines already printed."""

    box: CardBox
    start: int = 0


@dataclass
class _Row:
    """A row, or the part of one, placed on a page at ``y`` (layout points below the phase headers)."""

    lane_id: str
    y: float
    height: float
    cards: list[tuple[CardBox, bool, bool]]  # boxes on this page, (continued from before, continues after)
    badges: list[tuple[tuple[str, str], KpiBadge]]  # (phase, lane) cell and badge
    #: the lane's label on this part: a name taller than a page goes on over the row's parts
    label: list[str]
    #: emotion rows are moved whole: dy from the range layout
    dy: float | None = None


class _Splitter:
    """Lays a range's rows onto pages; a row taller than a page continues cell by cell."""

    def __init__(self, layout: PersonaLayout, style: Style, words: Catalogue, room: float,
                 labels: dict[str, list[str]] | None = None) -> None:
        self.layout = layout
        #: lane labels laid out apart from their rows (the emotion lane's name when taller than a page)
        self.labels = labels or {}
        self.style = style
        self.words = words
        self.room = room  # below the phase headers, per page
        self.top = layout.corner.bottom
        self.note_height = style.line_height(style.caption_size) + 2

    def _part_height(self, box: CardBox, start: int, end: int, head: bool, tail: bool) -> float:
        style = self.style
        texts = max(0, min(end, len(box.lines)) - start)
        captions = max(0, end - max(start, len(box.lines)))
        height = 2 * style.card_padding + texts * style.line_height(style.text_size)
        if captions:
            height += (4 if texts else 0) + captions * style.line_height(style.caption_size)
        return height + self.note_height * (head + tail)

    def _part(self, box: CardBox, start: int, end: int, y: float, head: bool, tail: bool) -> CardBox:
        lines = box.lines[start:end] if start < len(box.lines) else []
        captions = box.caption_lines[max(0, start - len(box.lines)):end - len(box.lines)] \
            if end > len(box.lines) else []
        height = self._part_height(box, start, end, head, tail)
        return CardBox(box.card_id, Rect(box.rect.x, y, box.rect.w, height), lines, captions, box.severity,
                       box.moment_of_truth and start == 0)

    def _fill(self, pending: list, y0: float, room: float) -> tuple[list, list[KpiBadge], list, float]:
        """Place a cell's pending badges and cards from ``y0`` in ``room``: (cards, badges, left over, bottom of
        the last item placed)."""
        style = self.style
        cards: list[tuple[CardBox, bool, bool]] = []
        badges: list[KpiBadge] = []
        y = bottom = y0 + style.cell_padding
        limit = y0 + room - style.cell_padding
        for index, item in enumerate(pending):
            if isinstance(item, KpiBadge):
                if y + item.rect.h > limit and (cards or badges):
                    return cards, badges, pending[index:], bottom
                badges.append(KpiBadge(item.metric_id, item.rect._replace(y=y), item.lines, item.status))
                # as layout.kpi_badge_boxes stacks them: half a gap between badges, a whole one before a card
                following = pending[index + 1] if index + 1 < len(pending) else None
                bottom = y + item.rect.h
                y = bottom + (style.card_gap / 2 if isinstance(following, KpiBadge) else style.card_gap)
                continue
            box, start = item.box, item.start
            total = len(box.lines) + len(box.caption_lines)
            head = start > 0
            if y + self._part_height(box, start, total, head, False) <= limit:
                cards.append((self._part(box, start, total, y, head, False), head, False))
                bottom = cards[-1][0].rect.bottom
                y = bottom + style.card_gap
                continue
            end = start
            while end < total and y + self._part_height(box, start, end + 1, head, True) <= limit:
                end += 1
            if end == start and not (cards or badges):
                end = start + 1  # an empty column takes at least a line, so the card moves on
            if end > start:
                cards.append((self._part(box, start, end, y, head, True), head, True))
                return cards, badges, [_Pending(box, end), *pending[index + 1:]], cards[-1][0].rect.bottom
            return cards, badges, pending[index:], bottom
        return cards, badges, [], bottom

    def pages(self) -> list[list[_Row]]:
        layout = self.layout
        pages: list[list[_Row]] = [[]]
        y = 0.0
        for header in layout.lane_headers:
            rect = header.rect
            if y + rect.h <= self.room or (rect.h <= self.room and y > 0) or header.item_id == layout.emotion_lane:
                if y + rect.h > self.room and y > 0:
                    pages.append([])
                    y = 0.0
                label = self.labels.get(header.item_id, header.lines)
                shown = label[:self._label_lines(rect.h, False)]
                pages[-1].append(self._whole(header, y, shown))
                y += rect.h
                if len(shown) < len(label):  # the rest of the name goes on below, on the next pages
                    empty = {phase.item_id: [] for phase in layout.phase_headers}
                    label = label[len(shown):]
                    while label:
                        pages.append([])
                        row, _rest, label = self._part_row(header, empty, label, 0.0, self.room, True)
                        pages[-1].append(row)
                        y = row.height
                continue
            # Its label fits the room too, unless no page holds it whole: then it goes on over the row's parts.
            label_height = self._label_height(header.lines)
            if self.room - y < (MIN_ROOM if label_height > self.room else max(MIN_ROOM, label_height)) and y > 0:
                pages.append([])
                y = 0.0
            cells = {}
            for phase in layout.phase_headers:
                key = (phase.item_id, header.item_id)
                cells[phase.item_id] = [*layout.kpi_badges.get(key, ()),
                                        *(_Pending(layout.cards[i]) for i in layout.cell_cards.get(key, ()))]
            continued, label = False, list(header.lines)
            while True:
                row, cells, label = self._part_row(header, cells, label, y, self.room - y, continued)
                pages[-1].append(row)
                if not any(cells.values()) and not label:
                    y += row.height
                    break
                pages.append([])
                y, continued = 0.0, True
        return pages

    def _whole(self, header: HeaderBox, y: float, label: list[str]) -> _Row:
        layout = self.layout
        dy = self.top + y - header.rect.y
        cards, badges = [], []
        for phase in layout.phase_headers:
            key = (phase.item_id, header.item_id)
            for card_id in layout.cell_cards.get(key, ()):
                box = layout.cards[card_id]
                cards.append((CardBox(card_id, box.rect._replace(y=box.rect.y + dy), box.lines, box.caption_lines,
                                      box.severity, box.moment_of_truth), False, False))
            badges += [(key, KpiBadge(b.metric_id, b.rect._replace(y=b.rect.y + dy), b.lines, b.status))
                       for b in layout.kpi_badges.get(key, ())]
        return _Row(header.item_id, y, header.rect.h, cards, badges, label, dy)

    def _part_row(self, header: HeaderBox, cells: dict, label: list[str], y: float, room: float,
                  continued: bool) -> tuple[_Row, dict, list[str]]:
        """A row's part in ``room``: the row, the cells' items left over and the label's lines left over."""
        top = self.top + y
        cards, badges, rest = [], [], {}
        bottom = top
        for phase_id, pending in cells.items():
            placed, placed_badges, rest[phase_id], end = self._fill(pending, top, room)
            cards += placed
            badges += [((phase_id, header.item_id), badge) for badge in placed_badges]
            if placed or placed_badges:  # the cell ends its padding below the last item
                bottom = max(bottom, end)
        # The label's lines still to print go first; once all are printed, later parts repeat what fits of it.
        shown = (label or header.lines)[:self._label_lines(room, continued)]
        label_left = label[len(shown):]
        lines = [*shown, self.words.gettext("(continued)")] if continued else shown
        height = max(bottom - top + self.style.cell_padding, self._label_height(lines))
        more = any(rest.values()) or bool(label_left)
        if not more:
            height = max(height, self.style.cell_min_height, bottom - top + self.style.cell_click_room)
        return _Row(header.item_id, y, min(height, room) if more else height, cards, badges, lines), rest, label_left

    def _label_lines(self, room: float, continued: bool) -> int:
        """How many of a label's lines fit in ``room`` beside "(continued)" (one at least, so the label goes on)."""
        style = self.style
        fitting = math.floor((room - 2 * style.header_padding) / style.line_height(style.header_size) + 1e-9)
        return max(1, fitting - continued)

    def _label_height(self, lines: list[str]) -> float:
        style = self.style
        return 2 * style.header_padding + len(lines) * style.line_height(style.header_size)

    def page_layout(self, rows: list[_Row]) -> tuple[PersonaLayout, dict[str, tuple[bool, bool]]]:
        """The layout of one page: the range's phase headers and this page's rows."""
        layout = self.layout
        lane_headers, cells, cell_cards, card_cell, cards, kpi_badges = [], {}, {}, {}, {}, {}
        notes: dict[str, tuple[bool, bool]] = {}
        emotion_lane, marks, zero_y = None, [], None
        for row in rows:
            top = self.top + row.y
            lane_headers.append(HeaderBox(row.lane_id, Rect(0, top, self.style.lane_header_width, row.height),
                                          row.label))
            for phase in layout.phase_headers:
                key = (phase.item_id, row.lane_id)
                cells[key] = Rect(phase.rect.x, top, phase.rect.w, row.height)
                cell_cards[key] = []
            for box, head, tail in row.cards:
                key = layout.card_cell[box.card_id]
                cards[box.card_id] = box
                cell_cards[key].append(box.card_id)
                card_cell[box.card_id] = key
                if head or tail:
                    notes[box.card_id] = (head, tail)
            for key, badge in row.badges:
                kpi_badges[key] = (*kpi_badges.get(key, ()), badge)
            if row.lane_id == layout.emotion_lane and row.dy is not None:
                emotion_lane, zero_y = row.lane_id, (layout.zero_y or 0.0) + row.dy
                marks = [EmotionMark(m.phase_id, m.x, m.y + row.dy, m.score, m.label_lines)
                         for m in layout.emotion_marks]
        height = max((h.rect.bottom for h in lane_headers), default=self.top)
        page = PersonaLayout(layout.persona_id, layout.width, height, layout.corner, layout.phase_headers,
                             lane_headers, cells, cards, cell_cards, emotion_lane, marks, zero_y, layout.score_step,
                             card_cell, kpi_badges)
        return page, notes


def plan_handout(journey_map: JourneyMap, persona_ids: list[str], size: tuple[float, float],
                 planner: PosterPlanner, paper: str = DEFAULT_PAPER, landscape: bool = True) -> HandoutPlan:
    """Every persona's pages: its phase ranges, each over as many pages as its lanes take."""
    if not journey_map.phases:  # no range to print ("Phase 1 of 0" it would say)
        raise ExportError(_("the map has no phases to print"))
    width = size[0] - 2 * MARGIN
    style, per_page = handout_style(journey_map, width)
    wrapper, words = planner.wrapper, planner.words
    pages: list[HandoutPage] = []
    headers: dict[str, list[str]] = {}
    count = len(journey_map.phases)
    logo = None
    text_width = width
    if planner.logo is not None:  # small, at the header's right: as tall as the persona's line and the range's
        logo = logo_box(planner.logo.aspect, (MAX_LOGO_SHARE * width, header_height([""]) - HEADER_GAP))
        text_width -= logo[0] + HEADER_GAP
    for persona_id in persona_ids:
        persona = journey_map.persona(persona_id)
        headers[persona_id] = wrapper.wrap(_persona_line(persona), PERSONA_PT, text_width, bold=True)
        room = _page_room(size, headers[persona_id])
        scores = {e.phase: e.score for e in journey_map.emotions if e.persona == persona_id}
        for start, end in phase_ranges(count, per_page):
            before = scores.get(journey_map.phases[start - 1].id) if start > 0 else None
            after = scores.get(journey_map.phases[end].id) if end < count else None
            range_map = _range_map(journey_map, persona_id, start, end)
            layout = persona_layout(range_map, persona_id, wrapper, style)
            grid_room = room - layout.corner.h
            if grid_room < MIN_GRID_ROOM:
                least = _least_grid_room(journey_map, persona_ids, size, wrapper, style, text_width)
                raise _too_short(paper, size, least, _plain_corner(range_map, persona_id, wrapper, style))
            labels = {}
            emotions = next((h for h in layout.lane_headers if h.item_id == layout.emotion_lane), None)
            if emotions is not None and emotions.rect.h > grid_room:
                # Its name alone is taller than a page: the curve keeps its own height, the name goes on below.
                labels[emotions.item_id] = emotions.lines
                layout = persona_layout(_unnamed_lane(range_map, emotions.item_id), persona_id, wrapper, style)
            splitter = _Splitter(layout, style, words, grid_room, labels)
            for index, rows in enumerate(splitter.pages()):
                page_layout, notes = splitter.page_layout(rows)
                pages.append(HandoutPage(persona_id, start + 1, end, count, index > 0, page_layout,
                                         notes, (before, after)))
    return HandoutPlan(pages, paper, landscape, size, style, headers, logo)


def _persona_line(persona: Persona) -> str:
    """A page header's persona line: the name, and the role after a middle dot when it has one."""
    return f"{persona.name} · {persona.role}" if persona.role.strip() else persona.name


def _page_room(size: tuple[float, float], persona_lines: list[str]) -> float:
    """The height (layout points) a page leaves the phase headers and the lanes below a header of these lines."""
    return (size[1] - 2 * MARGIN - header_height(persona_lines) - FOOTER_HEIGHT) / SCALE


def _least_grid_room(journey_map: JourneyMap, persona_ids: list[str], size: tuple[float, float], wrapper,
                     style: Style, text_width: float) -> float:
    """The least room any page of the handout leaves its lanes: under the persona header of the most lines and
    the tallest phase headers of any range. A4 prints only if it makes room on every page, not only on the first
    page found too short (a later range's longer goals or another persona's longer name may take A4's too).
    Every phase's header has the range's column width, so the tallest of any range is the tallest of all."""
    lines = max(len(wrapper.wrap(_persona_line(journey_map.persona(persona_id)), PERSONA_PT, text_width, bold=True))
                for persona_id in persona_ids)
    corner = persona_layout(journey_map.model_copy(update={"cards": [], "emotions": []}), persona_ids[0], wrapper,
                            style).corner.h
    return _page_room(size, [""] * lines) - corner


def _plain_corner(range_map: JourneyMap, persona_id: str, wrapper, style: Style) -> float:
    """The height the range's phase headers would take named in one line, without goals: what is left of a page
    then tells whether its names or its paper leave the lanes no room."""
    plain = range_map.model_copy(update={
        "phases": [phase.model_copy(update={"name": "P", "goal": ""})
                   for phase in range_map.phases],
        "cards": []})
    return persona_layout(plain, persona_id, wrapper, style).corner.h


def _too_short(paper: str, size: tuple[float, float], grid_room: float, plain_corner: float) -> ExportError:
    """A handout whose least roomy page leaves the lanes ``grid_room``, too little, with what would make room: A4's
    taller page when it leaves enough with the same words above the grid; shorter names when one-line names leave
    enough on this paper; both when they would on A4; else a larger paper."""
    a4_height = paper_size("A4", size[0] > size[1])[1]

    def plain_room(height: float) -> float:  # the lanes' room under a one-line persona name and phase names
        return _page_room((size[0], height), ["P"]) - plain_corner

    a4_prints = a4_height > size[1] and grid_room + (a4_height - size[1]) / SCALE >= MIN_GRID_ROOM
    if not a4_prints and plain_room(size[1]) >= MIN_GRID_ROOM:
        return ExportError(_("the persona's name or the longest phase names and goals leave a handout page on "
                             "{paper} no room for the lanes: shorten them").format(paper=paper_label(paper)))
    if not a4_prints and plain_room(max(size[1], a4_height)) >= MIN_GRID_ROOM:
        return ExportError(_("the paper is too short for a handout with card text at {size} pt, and the persona's "
                             "name or the longest phase names and goals would leave no room for the lanes on A4 "
                             "either: shorten them and use A4 or larger").format(size=f"{HANDOUT_TEXT_PT:.0f}"))
    return ExportError(_("the paper is too short for a handout with card text at {size} pt: use A4 or larger")
                       .format(size=f"{HANDOUT_TEXT_PT:.0f}"))


def choose_plan(journey_map: JourneyMap, persona_ids: list[str], planner: PosterPlanner, paper: str,
                landscape: bool = True) -> HandoutPlan:
    """The handout on ``paper``: portrait when asked, else landscape unless portrait needs fewer pages.

    Landscape holds more phases a page, so a journey's curve reads further at a glance; portrait holds
    more lanes, so a map with many lanes prints each phase range whole on one page instead of two.
    """
    if not landscape or paper_size(paper, True) == paper_size(paper, False):
        return plan_handout(journey_map, persona_ids, paper_size(paper, False), planner, paper, False)
    plans, refused = [], None
    for wide in (True, False):
        try:
            plans.append(plan_handout(journey_map, persona_ids, paper_size(paper, wide), planner, paper, wide))
        except ExportError as error:  # too narrow or too short one way: the other may do
            refused = refused or error  # when neither does, why the asked (landscape) one does not
    if not plans and refused is not None:
        raise refused
    return min(plans, key=lambda plan: len(plan.pages))  # landscape first: it wins a tie


def header_height(persona_lines: list[str]) -> float:
    """The page header: the persona's lines, its phase range, and a gap to the grid (page points)."""
    spacing = Style().line_spacing
    return len(persona_lines) * PERSONA_PT * spacing + 2 + RANGE_PT * spacing + HEADER_GAP


# --- drawing ---------------------------------------------------------------------------------------------


class _Painter(_Poster):
    """The poster's painter, with card parts marked where they continue from or onto another page."""

    def __init__(self, journey_map: JourneyMap, style: Style, wrapper, words: Catalogue,
                 notes: dict[str, tuple[bool, bool]]) -> None:
        super().__init__(journey_map, style, wrapper, words)
        self.notes = notes
        self.neighbours: tuple[int | None, int | None] = (None, None)

    def draw_curve(self, c: Canvas, layout: PersonaLayout) -> None:
        """The range's curve, with a dashed stub at each edge towards the phase on the page before or after."""
        stubs = curve_stubs(layout, self.neighbours)
        if stubs:  # under the faces, which the poster's curve draws next
            c.setStrokeColor(HexColor("#3C3C3C"))
            c.setLineWidth(2.2)
            c.setDash(4, 3)
            for (x0, y0), (x1, y1) in stubs:
                c.line(x0, y0, x1, y1)
            c.setDash()
        super().draw_curve(c, layout)

    def draw_cards(self, c: Canvas, layout: PersonaLayout) -> None:
        style = self.style
        texts = c.beginText()
        for card_id, box in layout.cards.items():
            card = self.cards_by_id[card_id]
            head, tail = self.notes.get(card_id, (False, False))
            fill, edge = palette.card_colors(self.kinds[card.lane], card.color)
            r = box.rect
            c.setFillColor(HexColor(fill))
            c.setStrokeColor(HexColor(edge))
            c.setLineWidth(0.8)
            c.setDash(3, 2) if head or tail else c.setDash()
            c.roundRect(r.x, r.y, r.w, r.h, 4, stroke=1, fill=1)
            c.setDash()
            pad = style.card_padding
            y = r.y + pad
            if head:
                y = self.text(c, r.x + pad, y, [self.words.gettext("continued from the previous page")],
                              style.caption_size, palette.MUTED_TEXT, into=texts) + 2
            y = self.text(c, r.x + pad, y, box.lines, style.text_size, palette.TEXT, into=texts)
            if box.caption_lines:
                y = self.text(c, r.x + pad, y + (4 if box.lines else 0), box.caption_lines, style.caption_size,
                              palette.MUTED_TEXT, into=texts)
            if tail:
                self.text(c, r.x + pad, y + 2,
                          [self.words.gettext("continued on the next page")], style.caption_size,
                          palette.MUTED_TEXT, into=texts)
            if box.moment_of_truth:
                self.star(c, r.right - 10, r.y + 10, 7)
        self.kpi_badges(c, layout, texts)
        c.drawText(texts)


def curve_stubs(layout: PersonaLayout, neighbours: tuple[int | None, int | None]
                ) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Where the curve leaves the range: from its first (last) point to the grid's edge, half way to the score of
    the phase before (after) the range, which lies on another page."""
    marks = layout.emotion_marks
    if layout.zero_y is None or not marks:
        return []
    left = layout.corner.right + AXIS_GUTTER
    stubs = []
    for mark, score, side in ((marks[0], neighbours[0], -1), (marks[-1], neighbours[1], 1)):
        if mark.score is None or score is None:
            continue
        header = next(h for h in layout.phase_headers if h.item_id == mark.phase_id)
        # Towards the neighbour's point a column away; on the left it stops short of the axis's labels.
        edge = max(header.rect.x, left) if side < 0 else header.rect.right
        outside = layout.zero_y - score * layout.score_step
        share = abs(edge - mark.x) / header.rect.w
        stubs.append(((mark.x, mark.y), (edge, mark.y + (outside - mark.y) * share)))
    return stubs


def draw_handout_page(c: Canvas, painter: _Painter, plan: HandoutPlan, page: HandoutPage, footer: str) -> None:
    """One page: the persona and its phase range, the range's grid at the handout's scale, the footer."""
    size = plan.size
    painter.notes = page.notes
    painter.neighbours = page.neighbours
    c.setPageSize(size)
    c.saveState()
    c.translate(0, size[1])
    c.scale(1, -1)
    lines = plan.headers[page.persona_id]
    if plan.logo is not None and painter.logo is not None:
        painter.logo.draw(c, size[0] - MARGIN - plan.logo[0], MARGIN, *plan.logo)
    y = painter.text(c, MARGIN, MARGIN, lines, PERSONA_PT, palette.TEXT, bold=True)
    painter.text(c, MARGIN, y + 2, [range_text(page, painter.words)], RANGE_PT, palette.MUTED_TEXT)
    c.saveState()
    c.translate(MARGIN, MARGIN + header_height(lines))
    c.scale(SCALE, SCALE)
    painter.draw_grid(c, page.layout)
    painter.draw_cards(c, page.layout)
    painter.draw_curve(c, page.layout)
    c.restoreState()
    painter.text(c, MARGIN, size[1] - MARGIN - 10, [footer], FOOTER_SIZE, palette.MUTED_TEXT)
    c.restoreState()
    c.showPage()


def handout_paper(options: PdfOptions) -> str:
    return DEFAULT_PAPER if is_auto(options.paper) else options.paper.strip()


def export_handout(journey_map: JourneyMap, path: str | os.PathLike[str], options: PdfOptions,
                   planner: PosterPlanner, progress: Callable[[int, int], bool] | None = None) -> PdfResult:
    """Write the handout (the insight pages first, as asked); raises ExportError, nothing written, if it cannot."""
    persona_ids = resolve_personas(journey_map, options.personas)
    if not persona_ids:
        raise ExportError(_("the map has no persona to print"))
    if options.tile:
        raise ExportError(_("a handout is printed on whole sheets: leave out the tiling"))
    if options.scale not in (None, ""):
        raise ExportError(_("a handout prints card text at {size} pt: leave out the scale")
                          .format(size=f"{HANDOUT_TEXT_PT:.0f}"))
    plan = choose_plan(journey_map, persona_ids, planner, handout_paper(options), options.landscape)
    paper, size = plan.paper, plan.size
    words = planner.words
    sections = insight_sections(journey_map, persona_ids, options, size, planner)
    insight = sum(len(pages) for _kind, pages in sections)
    buffer = io.BytesIO()
    c = start_document(buffer, journey_map, persona_ids, size)
    footer = footer_text(journey_map, planner, insight + len(plan.pages), size[0] - 2 * MARGIN)
    draw_insight(c, sections, footer, words)
    total = len(plan.pages)
    # One painter for every page: it indexes the map's cards once (per page, that was 40 % of a 10,000-card handout).
    painter = _Painter(journey_map, plan.style, planner.wrapper, words, {})
    painter.logo = planner.logo
    previous = None
    for index, page in enumerate(plan.pages):
        if page.persona_id != previous:
            bookmark(c, f"handout-{page.persona_id}", journey_map.persona(page.persona_id).name)
            previous = page.persona_id
        if not page.continued:
            bookmark(c, f"handout-{page.persona_id}-{page.first}", range_text(page, words), level=1)
        draw_handout_page(c, painter, plan, page, footer(insight + index + 1))
        if progress is not None and progress(index + 1, total) is False:
            raise ExportCancelledError(_("export cancelled"))
    c.save()
    missing, warnings = glyph_warnings(journey_map, persona_ids, bool(insight), words)
    write_output(path, buffer.getvalue())
    warnings += planner.brand.warnings
    return PdfResult(pages=insight + total, missing_characters=missing, warnings=warnings,
                     summary=handout_summary(paper, plan.landscape, total), text_pt=HANDOUT_TEXT_PT)


def handout_summary(paper: str, landscape: bool, pages: int) -> str:
    """What was printed, e.g. "handout on A4 portrait, 9 map pages, card text 9.0 pt"."""
    label = paper_label(paper)
    if paper.strip().upper() in PAPERS:
        label = (_("{paper} landscape") if landscape else _("{paper} portrait")).format(paper=label)
    return ngettext("handout on {paper}, {pages} map page, card text {size} pt",
                    "handout on {paper}, {pages} map pages, card text {size} pt", pages).format(
        paper=label, pages=pages, size=points(HANDOUT_TEXT_PT))

