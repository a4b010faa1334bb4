"""Where everything of the Opportunity matrix goes: axes, quadrant bands, cells, chips and the tray, in pixels.

A pure function of the chips, the widget's size and its font (:func:`arrange`),
so the view only paints and handles input, and a test can ask where a chip is.
Effort runs from 1 (left) to 5, value from 5 (top) down to 1; the middle lines sit
between 2 and 3 (``HIGH_FROM``), where ``app.insight.priorities.quadrant`` puts
them. Each quadrant is named in a band along its outer edge (above the top rows,
below the bottom ones), so no chip ever hides a name. The chips of a cell stack
in rank order; a row is as tall as its fullest cell, and the rows share whatever
height is left, so nothing overlaps and a crowded matrix grows (and scrolls)
rather than hiding chips. The tray of unrated chips sits beside the matrix when
the widget is wide, below it when narrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from app.i18n import _, ngettext
from app.insight.priorities import HIGH_FROM, QUADRANT_NAMES, quadrant

RATINGS = (1, 2, 3, 4, 5)
#: the tray goes beside the matrix from this width on, below it when narrower
TRAY_BESIDE_FROM = 760
#: a chip's text gets at most this many lines (the whole text is in its tooltip)
MAX_LINES = 2
#: at most this many dots; the number beside them is always the exact count
MAX_DOTS = 5
MARGIN = 8
#: inside a cell and between chips; inside a chip
PAD = 3
CHIP_PAD = 3
#: the persona's colour stripe at a chip's left edge
STRIPE = 4
#: a column is never narrower (a chip's words would break mid-word): a narrower dock scrolls sideways
MIN_COLUMN = 120


@dataclass(frozen=True)
class Chip:
    """One opportunity card as the matrix shows it."""

    card_id: str
    text: str
    votes: int
    value: int | None
    effort: int | None
    persona: str = ""
    phase: str = ""
    #: the persona's colour for the stripe at the chip's left edge (None: one persona is shown)
    color: str | None = None
    rank: int = 0

    @property
    def cell(self) -> tuple[int, int] | None:
        """(value, effort), or None while either is not rated: the chip is in the tray."""
        return (self.value, self.effort) if self.value is not None and self.effort is not None else None


def vote_text(votes: int, dots: int = MAX_DOTS) -> str:
    """Votes as a dot count: "●●● 3"; the dots stop at ``dots``, the number is exact; "" for none."""
    return f"{'●' * min(votes, dots)} {votes}" if votes else ""


def wrap_lines(metrics: QFontMetricsF, text: str, widths: list[float]) -> list[str]:
    """``text`` word-wrapped into at most ``len(widths)`` lines of those widths, the last one elided.

    A line may also end after a hyphen ("Three-" / "question"); a word longer than a whole line is cut.
    """
    # (piece, whether a space comes before it): words, split after their hyphens
    pieces = [(part, n == 0) for word in text.split() for n, part in enumerate(re.findall(r"[^-]+-*|-+", word))]
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(pieces) and len(lines) < len(widths) - 1:
        width = widths[len(lines)]
        piece, spaced = pieces[i]
        trial = current + (" " if spaced and current else "") + piece
        if metrics.horizontalAdvance(trial) <= width:
            current, i = trial, i + 1
        elif current:
            lines.append(current)
            current = ""
            pieces[i] = (piece, True)  # a new line starts it
        else:  # one piece longer than the line: cut it
            cut = next((n for n in range(len(piece), 0, -1) if metrics.horizontalAdvance(piece[:n]) <= width), 1)
            lines.append(piece[:cut])
            pieces[i] = (piece[cut:], False)
    rest = current
    for piece, spaced in pieces[i:]:
        rest += (" " if spaced and rest else "") + piece
    if rest or not lines:
        lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, widths[len(lines)]))
    return lines


def hint() -> str:
    """How the matrix is used, written under the tray."""
    return _("Drag a card to a cell to set its value and effort, or to the tray to clear them. Arrow keys choose "
             "a card, Ctrl+arrow keys move it, Delete clears it, Enter or a double-click shows it on the map.")


def band_label(chips: list[Chip], name: str) -> str:
    """A quadrant's name in the UI language, with how many chips it holds: "Quick wins · 3"."""
    count = sum(1 for chip in chips if chip.cell is not None and quadrant(*chip.cell) == name)
    return _(QUADRANT_NAMES[name]) + (f" · {count}" if count else "")


def chip_tooltip(chip: Chip) -> str:
    """A chip's whole text and what it stands for: persona, phase, value, effort, quadrant, votes."""
    lines = [chip.text.strip() or _("(no text)")]
    where = [part for part in (chip.persona, chip.phase) if part]
    if where:
        lines.append(" · ".join(where))
    if chip.cell is None:
        lines.append(_("Not rated yet: drag it into the matrix"))
    else:
        lines.append(_("Value {value}, effort {effort}: {quadrant}").format(
            value=chip.value, effort=chip.effort, quadrant=_(QUADRANT_NAMES[quadrant(*chip.cell)])))
    lines.append(ngettext("{count} vote", "{count} votes", chip.votes).format(count=chip.votes))
    return "\n".join(lines)


def fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
    """The chip text's font (the widget's), a bold one for names and titles, a small one for votes and hints."""
    text = QFont(base)
    bold = QFont(text)
    bold.setBold(True)
    small = QFont(text)
    small.setPointSizeF(max(7.0, text.pointSizeF() * 0.85))
    return text, bold, small


def chip_lines(chip: Chip, width: float, base: QFont) -> tuple[list[str], str, float]:
    """A chip's lines of text, its vote badge and its height at ``width``."""
    text_font, _bold, small = fonts(base)
    metrics, small_metrics = QFontMetricsF(text_font), QFontMetricsF(small)
    inner = width - 2 * CHIP_PAD - (STRIPE if chip.color else 0)
    text = chip.text.strip() or _("(no text)")
    first = re.match(r"[^\s-]*-*", text).group()
    for dots in (MAX_DOTS, 1):  # narrow, or the first word would be cut: one dot and the count
        badge = vote_text(chip.votes, dots)
        room = inner - (small_metrics.horizontalAdvance(badge) + 6 if badge else 0)
        if room >= inner / 2 and metrics.horizontalAdvance(first) <= room:
            break
    lines = wrap_lines(metrics, text, [room] + [inner] * (MAX_LINES - 1))
    return lines, badge, 2 * CHIP_PAD + len(lines) * metrics.height()


@dataclass
class MatrixLayout:
    """Every rectangle of the matrix for one size; ``needed`` is the least height that shows it all."""

    chip_rects: dict[str, QRectF] = field(default_factory=dict)
    cell_rects: dict[tuple[int, int], QRectF] = field(default_factory=dict)
    #: card id -> (lines of text, vote badge)
    lines: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    #: (quadrant, band, on top)
    bands: list[tuple[str, QRectF, bool]] = field(default_factory=list)
    value_labels: list[tuple[int, QRectF]] = field(default_factory=list)
    effort_labels: list[tuple[int, QRectF]] = field(default_factory=list)
    value_title: QRectF = field(default_factory=QRectF)
    effort_title: QRectF = field(default_factory=QRectF)
    grid: QRectF = field(default_factory=QRectF)
    tray: QRectF = field(default_factory=QRectF)
    tray_title: QRectF = field(default_factory=QRectF)
    hint: QRectF = field(default_factory=QRectF)
    #: room kept under the tray's chips for the hint
    hint_height: float = 0.0
    needed: int = 0

    def chip_at(self, pos: QPointF, order: list[str]) -> str:
        """The chip under ``pos`` ("" for none); ``order`` is the painting order (the last one is on top)."""
        return next((card_id for card_id in reversed(order)
                     if card_id in self.chip_rects and self.chip_rects[card_id].contains(pos)), "")

    def target_at(self, pos: QPointF) -> tuple[int, int] | str | None:
        """Where a chip let go at ``pos`` goes: a cell (value, effort), "tray", or None (nowhere: it stays)."""
        if self.tray.contains(pos) or self.tray_title.contains(pos):
            return "tray"
        if not self.grid.contains(pos) or not self.cell_rects:
            return None
        cells = self.cell_rects
        effort = next((e for e in RATINGS if pos.x() < cells[(1, e)].right()), 5)
        if pos.y() < cells[(5, 1)].top():
            return 5, effort  # the band above the top row belongs to it, the one below the bottom row to that
        value = next((v for v in RATINGS if cells[(v, 1)].top() <= pos.y() < cells[(v, 1)].bottom()), 1)
        return value, effort


def axis_width(base: QFont) -> float:
    """Left of the cells: the value axis's title (turned) and its numbers."""
    metrics = QFontMetricsF(fonts(base)[0])
    return MARGIN + metrics.height() + 4 + metrics.horizontalAdvance("5") + 8


def minimum_width(base: QFont) -> int:
    """The least width that keeps every column ``MIN_COLUMN`` wide (the tray then goes below)."""
    return int(axis_width(base) + 5 * MIN_COLUMN + MARGIN + 0.5)


#: a chip's words at a width: (text, votes, with a stripe, width) -> (lines, badge, height)
LinesCache = dict[tuple[str, int, bool, float], tuple[list[str], str, float]]


def arrange(chips: list[Chip], width: float, height: float, base: QFont,
            cache: LinesCache | None = None) -> MatrixLayout:
    """Place the axes, the quadrant bands, the cells, the chips and the tray in a widget of this size.

    ``cache`` keeps the chips' wrapped words between calls (for the same font): after an edit only the edited
    chip is measured again, not the thousand others of a big map.
    """
    cache = {} if cache is None else cache
    if len(cache) > 4 * len(chips) + 200:  # words of chips long gone, or of earlier widths
        cache.clear()

    def measured(chip: Chip, chip_width: float) -> tuple[list[str], str, float]:
        key = (chip.text, chip.votes, bool(chip.color), round(chip_width, 1))
        if key not in cache:
            cache[key] = chip_lines(chip, chip_width, base)
        return cache[key]

    text_font, bold, small = fonts(base)
    metrics, bold_metrics, small_metrics = QFontMetricsF(text_font), QFontMetricsF(bold), QFontMetricsF(small)
    plan = MatrixLayout()
    m, pad = MARGIN, PAD
    beside = width >= TRAY_BESIDE_FROM
    line = metrics.height()
    left = axis_width(base)
    tray_width = max(180.0, min(260.0, width * 0.2)) if beside else width - 2 * m
    right = width - m - (tray_width + 2 * m if beside else 0)
    column = (right - left) / 5
    chip_width = column - 2 * pad
    heights: dict[str, float] = {}
    for chip in chips:
        if chip.cell is not None:
            lines, badge, heights[chip.card_id] = measured(chip, chip_width)
            plan.lines[chip.card_id] = (lines, badge)

    # the tray's chips flow in rows (placed relative to the tray's top left, moved there at the end)
    tray_chip_width = tray_width - 2 * pad if beside else min(tray_width - 2 * pad, max(chip_width, 160.0))
    per_row = max(1, int((tray_width - pad) // (tray_chip_width + pad)))
    unrated = [chip for chip in chips if chip.cell is None]
    y, row_height = float(pad), 0.0
    in_tray: dict[str, QRectF] = {}
    for n, chip in enumerate(unrated):
        if n and n % per_row == 0:
            y, row_height = y + row_height + pad, 0.0
        lines, badge, chip_height = measured(chip, tray_chip_width)
        plan.lines[chip.card_id] = (lines, badge)
        in_tray[chip.card_id] = QRectF(pad + (n % per_row) * (tray_chip_width + pad), y, tray_chip_width,
                                       chip_height)
        row_height = max(row_height, chip_height)
    chips_bottom = (y + row_height + pad) if unrated else 2 * pad + 2 * small_metrics.height() + 8  # "Drop…"
    plan.hint_height = small_metrics.boundingRect(QRectF(0, 0, tray_width - 16, 1e6), Qt.TextFlag.TextWordWrap,
                                                  hint()).height() + 8
    tray_height = chips_bottom + plan.hint_height

    title_height = bold_metrics.height() + 4
    band = bold_metrics.height() + 8
    stacks: dict[tuple[int, int], float] = {}
    for chip in chips:
        if chip.cell is not None:
            stacks[chip.cell] = stacks.get(chip.cell, pad) + heights[chip.card_id] + pad
    minimum_row = 2 * pad + 2 * CHIP_PAD + line
    needed = {value: max([minimum_row] + [stacks.get((value, effort), 0.0) for effort in RATINGS])
              for value in RATINGS}
    title_room = bold_metrics.horizontalAdvance(_("Value (low → high)")) + 2 * m - sum(needed.values())
    if title_room > 0:  # few chips: the rows are at least as tall as the value axis's title is long
        needed = {value: height + title_room / 5 for value, height in needed.items()}
    top = m + band
    matrix_needed = top + sum(needed.values()) + band + 2 + line + 2 + line + m  # the band, numbers, title
    if beside:
        needed_height = max(matrix_needed, m + title_height + 2 + tray_height + m)
    else:
        needed_height = matrix_needed + title_height + 2 + tray_height + m
    plan.needed = int(needed_height + 0.5)
    # The rows share what the widget has beyond what it needs (its scroll area gives at least its own height).
    spare = max(0.0, height - needed_height)
    rows: dict[int, tuple[float, float]] = {}
    y = top
    for value in reversed(RATINGS):
        rows[value] = (y, needed[value] + spare / 5)
        y += rows[value][1]
    grid_bottom = y
    plan.grid = QRectF(left, top - band, right - left, grid_bottom + band - (top - band))
    for value, (row_y, row_height) in rows.items():
        for effort in RATINGS:
            cell = QRectF(left + (effort - 1) * column, row_y, column, row_height)
            plan.cell_rects[(value, effort)] = cell
            chip_y = row_y + pad
            for chip in chips:
                if chip.cell == (value, effort):
                    plan.chip_rects[chip.card_id] = QRectF(cell.x() + pad, chip_y, chip_width, heights[chip.card_id])
                    chip_y += heights[chip.card_id] + pad
    low = left + (HIGH_FROM - 1) * column
    plan.bands = [("quick_win", QRectF(left, top - band, low - left, band), True),
                  ("big_bet", QRectF(low, top - band, right - low, band), True),
                  ("fill_in", QRectF(left, grid_bottom, low - left, band), False),
                  ("money_pit", QRectF(low, grid_bottom, right - low, band), False)]
    numbers_left = m + line + 4
    plan.value_labels = [(value, QRectF(numbers_left, row_y, left - 6 - numbers_left, row_height))
                         for value, (row_y, row_height) in rows.items()]
    plan.value_title = QRectF(m, top, line, grid_bottom - top)
    numbers_y = grid_bottom + band + 2
    plan.effort_labels = [(effort, QRectF(left + (effort - 1) * column, numbers_y, column, line))
                          for effort in RATINGS]
    plan.effort_title = QRectF(left, numbers_y + line + 2, right - left, line)

    if beside:
        tray_x, title_y = right + 2 * m, float(m)
        tray_bottom = plan.effort_title.bottom()
    else:
        tray_x, title_y = float(m), plan.effort_title.bottom() + m
        tray_bottom = title_y + title_height + 2 + tray_height
    plan.tray_title = QRectF(tray_x, title_y, tray_width, title_height)
    tray_top = title_y + title_height + 2
    plan.tray = QRectF(tray_x, tray_top, tray_width, max(tray_height, tray_bottom - tray_top))
    plan.hint = QRectF(tray_x + 8, plan.tray.bottom() - plan.hint_height, tray_width - 16, plan.hint_height - 4)
    for card_id, rect in in_tray.items():
        plan.chip_rects[card_id] = rect.translated(plan.tray.topLeft())
    return plan


# --- the keyboard's way through the chips ----------------------------------------------------


def reading_order(chips: list[Chip], rects: dict[str, QRectF]) -> list[str]:
    """The chips in reading order: the matrix row by row from the top left (a cell's stack top down), then
    the tray."""
    placed = sorted((chip for chip in chips if chip.cell is not None),
                    key=lambda c: (-c.value, c.effort, rects[c.card_id].top() if c.card_id in rects else 0))
    return [chip.card_id for chip in placed] + [chip.card_id for chip in chips if chip.cell is None]


def next_towards(chips: list[Chip], rects: dict[str, QRectF], chip: Chip, dx: int, dy: int) -> str:
    """The chip an arrow (``dx``, ``dy`` on screen) goes to from ``chip``: the next one in the same row (the same
    value, or side by side in the tray) or column, else the nearest that way (up and down not between the matrix
    and a tray beside it); "" when there is none."""
    rect = rects.get(chip.card_id)
    if rect is None:
        return ""
    here = rect.center()
    values = {other.card_id: other.value for other in chips if other.cell is not None}
    best, best_cost = "", (2, float("inf"))
    for card_id, other in rects.items():
        delta = other.center() - here
        along = delta.x() * dx + delta.y() * dy
        if card_id == chip.card_id or along <= 0.5:
            continue
        if dx:
            aligned = (other.top() < rect.bottom() and rect.top() < other.bottom()) or (
                chip.cell is not None and values.get(card_id) == chip.value)
        else:
            aligned = other.left() < rect.right() and rect.left() < other.right()
            if not aligned and (card_id in values) != (chip.cell is not None):
                continue  # up and down never jump between the matrix and the tray beside it
        cost = (0 if aligned else 1, along + 2 * (abs(delta.y()) if dx else abs(delta.x())))
        if cost < best_cost:
            best, best_cost = card_id, cost
    return best
