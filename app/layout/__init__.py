"""Geometry of one persona's journey, in points: the canvas and the poster both draw from it.

A pure function of (map, persona, style, text metrics). Text measuring goes
through :class:`TextMetrics`, which Qt and reportlab each implement with the
same TrueType font, so text wraps the same way on screen and on paper.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple, Protocol, get_origin

from app.i18n import Catalogue, current
from app.insight.kpis import badge_text, readings
from app.layout.card_fields import CAPTION_FIELDS, ESSENTIAL_CAPTION_FIELDS, LAYOUT_FIELDS
from app.layout.card_fields import severity_text as severity_text  # the legend reads it here, as before
from app.model import MAX_SCORE, MIN_SCORE, Card, JourneyMap


class TextMetrics(Protocol):
    """Measures a line of text in points for a font size; bold or regular."""

    def width(self, text: str, size: float, bold: bool = False) -> float: ...


CellKey = tuple[str, str]


class CardLookup(Protocol):
    """Where a map's cards are without scanning it (``app.operations.index.CardIndex``)."""

    def cells(self, persona_id: str) -> Mapping[CellKey, Sequence[Card]]: ...

    def card(self, card_id: str) -> Card | None: ...


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px < self.x + self.w and self.y <= py < self.y + self.h


@dataclass(frozen=True)
class Style:
    """Sizes in points (8-point grid); see the visual language in shared/DESIGN.md."""

    card_width: float = 200.0
    card_padding: float = 8.0
    card_gap: float = 8.0
    cell_padding: float = 8.0
    cell_min_height: float = 72.0
    cell_click_room: float = 16.0
    lane_header_width: float = 160.0
    header_padding: float = 8.0
    phase_header_min_height: float = 56.0
    emotion_lane_height: float = 192.0
    emotion_radius: float = 12.0
    text_size: float = 10.0
    header_size: float = 12.0
    goal_size: float = 9.0
    caption_size: float = 8.0
    emotion_label_size: float = 9.0
    line_spacing: float = 1.25
    mark_room: float = 16.0
    #: whether cards show their caption's secondary facts (channel, owner, evidence…); severity and votes stay
    captions: bool = True

    def line_height(self, size: float) -> float:
        return size * self.line_spacing

    @property
    def column_width(self) -> float:
        return self.card_width + 2 * self.cell_padding


@dataclass
class CardBox:
    card_id: str
    rect: Rect
    lines: list[str]
    caption_lines: list[str]
    severity: int | None
    moment_of_truth: bool


@dataclass
class HeaderBox:
    item_id: str
    rect: Rect
    lines: list[str]
    sub_lines: list[str] = field(default_factory=list)


@dataclass
class EmotionMark:
    phase_id: str
    x: float
    y: float
    score: int | None
    label_lines: list[str]


@dataclass(frozen=True)
class KpiBadge:
    """One metric's value against its target in a cell of a KPI lane, above the cell's cards."""

    metric_id: str
    rect: Rect
    lines: tuple[str, ...]
    #: "met", "missed" or "open" (``app.insight.kpis.Status``)
    status: str


@dataclass
class PersonaLayout:
    persona_id: str
    width: float
    height: float
    corner: Rect
    phase_headers: list[HeaderBox]
    lane_headers: list[HeaderBox]
    cells: dict[tuple[str, str], Rect]
    cards: dict[str, CardBox]
    cell_cards: dict[tuple[str, str], list[str]]
    emotion_lane: str | None
    emotion_marks: list[EmotionMark]
    zero_y: float | None
    score_step: float
    #: the (phase, lane) cell of each card
    card_cell: dict[str, CellKey] = field(default_factory=dict)
    #: the KPI badges of each cell of a KPI lane that has values, top to bottom
    kpi_badges: dict[CellKey, tuple[KpiBadge, ...]] = field(default_factory=dict)
    #: ids whose box is new since the ``previous`` layout this one was built from (None: built from scratch)
    changed: set[str] | None = field(default=None, compare=False)

    @classmethod
    def empty(cls, persona_id: str) -> PersonaLayout:
        """A layout with nothing in it: what a view shows before the first layout."""
        return cls(persona_id, 0.0, 0.0, Rect(0, 0, 0, 0), [], [], {}, {}, {}, None, [], None, 0.0)

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (phase, lane) cell under a point, or None outside the grid."""
        for key, rect in self.cells.items():
            if rect.contains(x, y):
                return key
        return None

    def column_x(self, phase_id: str) -> float:
        return next(h.rect.x for h in self.phase_headers if h.item_id == phase_id)

    def score_at(self, y: float) -> int:
        """Nearest whole score for a height in the emotion lane (snaps to MIN..MAX)."""
        if self.zero_y is None:
            return 0
        raw = round((self.zero_y - y) / self.score_step)
        return max(MIN_SCORE, min(MAX_SCORE, raw))


#: the most characters the metrics are asked to measure at once; longer text is measured in pieces and
#: summed (no kerning, so widths add up). Qt keeps advances in 26.6 fixed point, which overflows past
#: 33 million pixels of its 100-pixel reference font: a 1,000,000-character word measured negative and
#: "fitted" on one line.
MEASURE_CHUNK = 4096


class TextWrapper:
    """Greedy word wrap with a cache, so relaying out a map re-measures only changed text.

    ``words`` is the catalogue of the fixed words inside card boxes (evidence in a caption): the
    deliverable's document language on a poster; None follows the UI language (the canvas).
    """

    def __init__(self, metrics: TextMetrics, words: Catalogue | None = None) -> None:
        self.metrics = metrics
        self.words = words
        self._cache: dict[tuple[str, float, bool, float], list[str]] = {}
        #: wrapped text, caption lines and height of cards, by everything that shapes them
        self.card_cache: dict[tuple, tuple[list[str], list[str], float]] = {}

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        key = (text, size, bold, width)
        lines = self._cache.get(key)
        if lines is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            lines = self._cache[key] = self._wrap(text, size, width, bold)
        return lines

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        """The width of a text in points; a text longer than MEASURE_CHUNK is measured in pieces."""
        if len(text) <= MEASURE_CHUNK:
            return self.metrics.width(text, size, bold)
        width = self.metrics.width
        return sum(width(text[i:i + MEASURE_CHUNK], size, bold) for i in range(0, len(text), MEASURE_CHUNK))

    def _wrap(self, text: str, size: float, width: float, bold: bool) -> list[str]:
        measure = self.measure
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if measure(candidate, size, bold) <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                current = self._break(word, size, width, bold, lines)
            lines.append(current)
        return lines

    def _break(self, word: str, size: float, width: float, bold: bool, lines: list[str]) -> str:
        """Break a word wider than the line at the last character that fits; returns what is left over.

        Each full piece goes to ``lines``. The word is walked by index (slicing
        the rest off after every piece copied the whole word once per line: a
        10 MB word took minutes), only a window of it is measured at a time, and
        each break is searched from where the last one fell, so a piece usually
        costs two or three measures: the time grows with the word's length.
        """
        measure = self.measure
        window = max(8, int(4 * width / max(size, 0.1)) + 8)
        start, end = 0, len(word)
        cut = 0
        while end - start > 1:
            head = word[start:start + window]
            if start + len(head) == end and measure(head, size, bold) <= width:
                break
            cut = self._fit(head, size, width, bold, cut)
            if start + cut >= end:
                break
            lines.append(head[:cut])
            start += cut
        return word[start:] if start else word

    def _fit(self, word: str, size: float, width: float, bold: bool, guess: int = 0) -> int:
        """How many characters of ``word`` fit the width (at least one).

        Widths grow with each character, so the answer is the last prefix that
        fits. With a ``guess`` (the last piece's length) the search steps out
        from it, 1, 2, 4 … characters, until the answer is bracketed, then halves.
        """
        measure = self.metrics.width if len(word) <= MEASURE_CHUNK else self.measure

        def fits(count: int) -> bool:
            return measure(word[:count], size, bold) <= width

        low, high = 1, len(word)  # the answer lies in [low, high] (or is 1 when nothing fits)
        if 1 < guess < high:
            step = 1
            if fits(guess):
                low = guess
                while low < high:
                    probe = min(high, low + step)
                    if not fits(probe):
                        high = probe - 1
                        break
                    low, step = probe, step * 2
            else:
                high = guess - 1
                while low < high:
                    probe = max(low, high + 1 - step)
                    if fits(probe):
                        low = probe
                        break
                    high, step = probe - 1, step * 2
        while low < high:
            middle = (low + high + 1) // 2
            if fits(middle):
                low = middle
            else:
                high = middle - 1
        return max(low, 1)


def card_caption(card: Card, words: Catalogue | None = None, secondary: bool = True) -> str:
    """The muted line under a card's text: its secondary facts, as ``card_fields`` declares them.

    Fixed words (evidence) are in ``words``' language, the UI language when None. Without
    ``secondary`` only what says how much the card matters (severity, votes) is kept.
    """
    parts = []
    for name, text, word in CAPTION_FIELDS:
        if not secondary and name not in ESSENTIAL_CAPTION_FIELDS:
            continue
        value = getattr(card, name)
        if value:
            parts.append((words or current()).gettext(text(value)) if word else text(value))
    return " · ".join(parts)


_shape_of = attrgetter(*LAYOUT_FIELDS)
#: where the list-valued fields (tags) sit among them: a list is made a tuple to be part of a key
_LISTS_AT = tuple(i for i, name in enumerate(LAYOUT_FIELDS) if get_origin(Card.model_fields[name].annotation) is list)


def card_shape(card: Card) -> tuple:
    """The values of the fields that change a card box (``card_fields.LAYOUT_FIELDS``), hashable: its cache key."""
    values = list(_shape_of(card))
    for i in _LISTS_AT:
        values[i] = tuple(values[i])
    return tuple(values)


def card_box(card: Card, x: float, y: float, style: Style, wrapper: TextWrapper) -> CardBox:
    words = wrapper.words or current()
    key = (card_shape(card), id(style), words.language)
    shaped = wrapper.card_cache.get(key)
    if shaped is None:
        inner = style.card_width - 2 * style.card_padding
        text_width = inner - (style.mark_room if card.moment_of_truth else 0)
        lines = wrapper.wrap(card.text, style.text_size, text_width)
        caption = card_caption(card, words, secondary=style.captions)
        caption_lines = wrapper.wrap(caption, style.caption_size, inner) if caption else []
        height = 2 * style.card_padding + len(lines) * style.line_height(style.text_size)
        if caption_lines:
            height += 4 + len(caption_lines) * style.line_height(style.caption_size)
        if len(wrapper.card_cache) > 50_000:
            wrapper.card_cache.clear()
        shaped = wrapper.card_cache[key] = (lines, caption_lines, height)
    lines, caption_lines, height = shaped
    return CardBox(
        card.id, Rect(x, y, style.card_width, height), lines, caption_lines, card.severity, card.moment_of_truth
    )


def _shifted(box: CardBox, dy: float) -> CardBox:
    """The same box, dy lower; it shares the wrapped lines, which tells the canvas only its place changed."""
    x, y, w, h = box.rect
    return CardBox(box.card_id, Rect(x, y + dy, w, h), box.lines, box.caption_lines, box.severity,
                   box.moment_of_truth)


def _same_grid(previous: PersonaLayout | None, persona_id: str, journey_map: JourneyMap) -> bool:
    """True when the previous layout has this persona's phases and lanes in this order (rows can be reused)."""
    return (
        previous is not None
        and previous.persona_id == persona_id
        and len(previous.phase_headers) == len(journey_map.phases)
        and len(previous.lane_headers) == len(journey_map.lanes)
        and all(h.item_id == p.id for h, p in zip(previous.phase_headers, journey_map.phases, strict=True))
        and all(h.item_id == lane.id for h, lane in zip(previous.lane_headers, journey_map.lanes, strict=True))
    )


def persona_layout(
    journey_map: JourneyMap,
    persona_id: str,
    metrics: TextMetrics | TextWrapper,
    style: Style | None = None,
    previous: PersonaLayout | None = None,
    dirty: set[str] | frozenset[str] = frozenset(),
    cards: CardLookup | None = None,
    dirty_lanes: set[str] | frozenset[str] = frozenset(),
) -> PersonaLayout:
    """Lay out one persona's journey: headers, cells grown to their cards, the emotion curve.

    With the ``previous`` layout of the same persona, style and grid, and the
    ids of the cards changed since (``dirty``: added, edited, moved or
    removed), rows without a changed card are kept (moved down or up if a row
    above changed height) and only the touched cells are measured again. With
    ``cards`` (an index of the map) nothing scans the map's card list, so an
    edit costs the same on a map of any size. ``dirty_lanes``: lanes laid out
    again whatever their cards (the KPI lanes, after the KPI values changed).
    """
    style = style or Style()
    wrapper = metrics if isinstance(metrics, TextWrapper) else TextWrapper(metrics)
    column = style.column_width
    pad = style.header_padding

    phase_text = []
    header_height = style.phase_header_min_height
    for phase in journey_map.phases:
        name = wrapper.wrap(phase.name, style.header_size, column - 2 * pad, bold=True)
        goal = wrapper.wrap(phase.goal, style.goal_size, column - 2 * pad) if phase.goal else []
        height = 2 * pad + len(name) * style.line_height(style.header_size)
        if goal:
            height += 4 + len(goal) * style.line_height(style.goal_size)
        header_height = max(header_height, height)
        phase_text.append((phase.id, name, goal))

    # The persona's cards by cell, in map order, and where the changed cards are now.
    dirty_now: dict[str, Card] = {}
    if cards is not None:
        by_cell: Mapping[CellKey, Sequence[Card]] = cards.cells(persona_id)
        for card_id in dirty:
            card = cards.card(card_id)
            if card is not None and card.persona == persona_id:
                dirty_now[card_id] = card
    else:
        scanned: dict[CellKey, list[Card]] = defaultdict(list)
        for card in journey_map.cards:  # 10,000 cards: about 1 ms
            if card.persona == persona_id:
                scanned[(card.phase, card.lane)].append(card)
                if card.id in dirty:
                    dirty_now[card.id] = card
        by_cell = scanned

    reuse = previous if _same_grid(previous, persona_id, journey_map) else None
    if reuse is not None:
        dirty_cells = {reuse.card_cell[i] for i in dirty if i in reuse.card_cell}
        dirty_cells.update((c.phase, c.lane) for c in dirty_now.values())
        card_boxes = dict(reuse.cards)
        card_cell = dict(reuse.card_cell)
        cells = dict(reuse.cells)
        cell_cards = dict(reuse.cell_cards)
        kpi_badges = dict(reuse.kpi_badges)
        for cell in [cell for cell in cell_cards if cell[1] in dirty_lanes]:
            dirty_cells.add(cell)
        for cell in dirty_cells:
            for card_id in reuse.cell_cards.get(cell, ()):
                del card_boxes[card_id], card_cell[card_id]
        changed: set[str] | None = set()
    else:
        dirty_cells = set()
        card_boxes, card_cell, cells, cell_cards, kpi_badges = {}, {}, {}, {}, {}
        changed = None

    dirty_lanes = {lane_id for _phase_id, lane_id in dirty_cells}
    x0 = style.lane_header_width
    phase_x = {phase.id: x0 + i * column for i, phase in enumerate(journey_map.phases)}
    lane_headers: list[HeaderBox] = []
    y = header_height
    emotion_lane = None
    zero_y = None
    score_step = 0.0
    for row, lane in enumerate(journey_map.lanes):
        label = wrapper.wrap(lane.name, style.header_size, style.lane_header_width - 2 * pad, bold=True)
        label_height = 2 * pad + len(label) * style.line_height(style.header_size)
        old_header = reuse.lane_headers[row] if reuse is not None else None
        if lane.kind == "emotions":
            height = max(style.emotion_lane_height, label_height)
            emotion_lane = lane.id
            # Room below the lowest face for its radius and a two-line label.
            below = style.cell_padding + style.emotion_radius + 4 + 2 * style.line_height(style.emotion_label_size)
            score_step = (height / 2 - below) / MAX_SCORE
            zero_y = y + height / 2
            for phase in journey_map.phases:
                cells[(phase.id, lane.id)] = Rect(phase_x[phase.id], y, column, height)
                cell_cards[(phase.id, lane.id)] = []
        elif (
            old_header is not None
            and old_header.lines == label
            and lane.id not in dirty_lanes
        ):
            # A row without changes keeps its height and boxes; it only moves if a row above grew.
            height = old_header.rect.h
            dy = y - old_header.rect.y
            if dy:
                for phase in journey_map.phases:
                    key = (phase.id, lane.id)
                    cells[key] = cells[key]._replace(y=cells[key].y + dy)
                    if key in kpi_badges:
                        kpi_badges[key] = tuple(_badge_shifted(badge, dy) for badge in kpi_badges[key])
                    for card_id in cell_cards[key]:
                        card_boxes[card_id] = _shifted(card_boxes[card_id], dy)
                        changed.add(card_id)
        else:
            height = max(style.cell_min_height, label_height)
            lane_boxes: dict[str, list[CardBox]] = {}
            for phase in journey_map.phases:
                key = (phase.id, lane.id)
                if reuse is not None and key not in dirty_cells:
                    dy = y - reuse.cells[key].y
                    boxes = [reuse.cards[card_id] for card_id in reuse.cell_cards[key]]
                    if dy:
                        boxes = [_shifted(box, dy) for box in boxes]
                        if key in kpi_badges:
                            kpi_badges[key] = tuple(_badge_shifted(badge, dy) for badge in kpi_badges[key])
                else:
                    cy = y + style.cell_padding
                    kpi_badges.pop(key, None)
                    if lane.kind == "kpis":
                        badges = kpi_badge_boxes(journey_map, persona_id, phase.id, phase_x[phase.id], cy, style,
                                                 wrapper)
                        if badges:
                            kpi_badges[key] = badges
                            cy = badges[-1].rect.bottom + style.card_gap
                    boxes = []
                    for card in by_cell.get(key, ()):
                        box = card_box(card, phase_x[phase.id] + style.cell_padding, cy, style, wrapper)
                        boxes.append(box)
                        cy += box.rect.h + style.card_gap
                lane_boxes[phase.id] = boxes
                bottom = boxes[-1].rect.bottom if boxes else (
                    kpi_badges[key][-1].rect.bottom if key in kpi_badges else None)
                if bottom is not None:
                    content = bottom - y + style.cell_padding + style.cell_click_room
                    height = max(height, content)
            for phase in journey_map.phases:
                key = (phase.id, lane.id)
                cells[key] = Rect(phase_x[phase.id], y, column, height)
                cell_cards[key] = [box.card_id for box in lane_boxes[phase.id]]
                for box in lane_boxes[phase.id]:
                    if changed is not None and reuse.cards.get(box.card_id) is not box:
                        changed.add(box.card_id)
                    card_boxes[box.card_id] = box
                    card_cell[box.card_id] = key
        lane_headers.append(HeaderBox(lane.id, Rect(0, y, style.lane_header_width, height), label))
        y += height

    width = x0 + column * len(journey_map.phases)
    phase_headers = [
        HeaderBox(pid, Rect(phase_x[pid], 0, column, header_height), name, goal) for pid, name, goal in phase_text
    ]
    marks = []
    if zero_y is not None:
        points = {e.phase: e for e in journey_map.emotions if e.persona == persona_id}
        for phase in journey_map.phases:
            point = points.get(phase.id)
            cx = phase_x[phase.id] + column / 2
            if point is None:
                marks.append(EmotionMark(phase.id, cx, zero_y, None, []))
                continue
            # No label, no label lines: an empty line would be drawn as an empty white box under the face.
            label = (wrapper.wrap(point.label, style.emotion_label_size, column - 2 * style.cell_padding)[:2]
                     if point.label.strip() else [])
            marks.append(EmotionMark(phase.id, cx, zero_y - point.score * score_step, point.score, label))
    return PersonaLayout(
        persona_id=persona_id,
        width=width,
        height=y,
        corner=Rect(0, 0, style.lane_header_width, header_height),
        phase_headers=phase_headers,
        lane_headers=lane_headers,
        cells=cells,
        cards=card_boxes,
        cell_cards=cell_cards,
        emotion_lane=emotion_lane,
        emotion_marks=marks,
        zero_y=zero_y,
        score_step=score_step,
        card_cell=card_cell,
        kpi_badges=kpi_badges,
        changed=changed,
    )


def kpi_badge_boxes(journey_map: JourneyMap, persona_id: str, phase_id: str, x: float, y: float, style: Style,
                    wrapper: TextWrapper) -> tuple[KpiBadge, ...]:
    """The badges of a KPI cell, stacked from ``y``: one per metric with a value there, as wide as a card."""
    badges = []
    pad = style.card_padding / 2
    for reading in readings(journey_map, persona_id, phase_id):
        text = badge_text(reading, wrapper.words)
        lines = tuple(wrapper.wrap(text, style.caption_size, style.card_width - 2 * pad, bold=True))
        height = 2 * pad + len(lines) * style.line_height(style.caption_size)
        badges.append(KpiBadge(reading.metric.id, Rect(x + style.cell_padding, y, style.card_width, height), lines,
                               reading.status))
        y += height + style.card_gap / 2
    return tuple(badges)


def _badge_shifted(badge: KpiBadge, dy: float) -> KpiBadge:
    x, y, w, h = badge.rect
    return KpiBadge(badge.metric_id, Rect(x, y + dy, w, h), badge.lines, badge.status)


#: The scores the emotion lane's axis names, and how: signed, with a real minus sign.
AXIS_SCORES = (MAX_SCORE, 0, MIN_SCORE)


def score_label(score: int) -> str:
    """An emotion score as printed: signed, with a real minus sign that no hyphen or line hides."""
    return f"{score:+d}".replace("-", "\N{MINUS SIGN}") if score else "0"


@dataclass(frozen=True)
class EmotionAxis:
    """Where the emotion lane's axis labels sit and where its score lines begin.

    The labels stand in a gutter at the lane's left, centred on their lines, and the lines start
    right of it: a dotted line drawn through "−2" swallowed the minus at some zooms (89 %).
    """

    labels: list[tuple[int, str, Rect]]
    lines_left: float


def emotion_axis(layout: PersonaLayout, style: Style, metrics: TextMetrics) -> EmotionAxis | None:
    """The axis of a layout's emotion lane, measured with the canvas's or the poster's metrics."""
    if layout.zero_y is None:
        return None
    size = style.caption_size
    height = style.line_height(size)
    left = style.lane_header_width + 4
    labels = []
    for score in AXIS_SCORES:
        text = score_label(score)
        y = layout.zero_y - score * layout.score_step
        labels.append((score, text, Rect(left, y - height / 2, metrics.width(text, size), height)))
    return EmotionAxis(labels, max(rect.right for _score, _text, rect in labels) + 3)


def curve_runs(marks: list[EmotionMark]) -> list[list[tuple[float, float]]]:
    """The curve's stretches: consecutive phases that have a point; a phase without one is a gap."""
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for mark in marks:
        if mark.score is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((mark.x, mark.y))
    if run:
        runs.append(run)
    return runs


def smooth_curve(points: list[tuple[float, float]]) -> list[tuple[tuple[float, float], ...]]:
    """Cubic Bézier segments through points (Catmull-Rom), as (start, c1, c2, end) tuples.

    Control points are clamped to the segment's vertical range so the curve
    never overshoots past a score it does not have.
    """
    segments = []
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        low, high = min(p1[1], p2[1]), max(p1[1], p2[1])
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, min(high, max(low, p1[1] + (p2[1] - p0[1]) / 6)))
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, min(high, max(low, p2[1] - (p3[1] - p1[1]) / 6)))
        segments.append((p1, c1, c2, p2))
    return segments
