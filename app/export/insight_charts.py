"""The insight pages' drawings: every persona's emotion curve in one chart, its legend, and the
opportunity matrix. Each persona is told apart by colour, line pattern and marker (never colour
alone: posters are printed in greyscale); the data comes from ``app.insight`` so the pages, the
editor's views and the workbook agree.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from app.export.page_flow import LINE_SPACING, SMALL_PT, Drawing, Flow, draw_text
from app.i18n import Catalogue
from app.insight.comparison import PersonaCurve, PhaseSpread
from app.insight.priorities import HIGH_FROM, QUADRANT_NAMES, RankedOpportunity
from app.layout import palette, score_label
from app.model import MAX_SCORE, MIN_SCORE

#: reportlab dash arrays per pattern name of ``app.insight.comparison.DASHES``
DASH_ARRAYS: dict[str, list[float]] = {"solid": [], "dash": [6, 3], "dot": [1, 2.5], "dashdot": [6, 2.5, 1, 2.5]}
SPREAD_FILL = "#E4E7EB"
SAMPLE_WIDTH = 30.0  # a legend entry's line sample
MARKER_SIZE = 3.4


def marker(c: Canvas, kind: str, x: float, y: float, color: str, size: float = MARKER_SIZE) -> None:
    """A curve's point marker, filled with the persona's colour and outlined dark, so its shape reads in grey."""
    c.setDash()
    c.setLineWidth(0.8)
    c.setStrokeColor(HexColor("#1F1F1F"))
    c.setFillColor(HexColor(color))
    if kind == "circle":
        c.circle(x, y, size, stroke=1, fill=1)
        return
    if kind == "square":
        c.rect(x - size * 0.9, y - size * 0.9, size * 1.8, size * 1.8, stroke=1, fill=1)
        return
    path = c.beginPath()
    if kind == "triangle":  # y-down: the apex is up
        corners = [(x, y - size * 1.15), (x + size * 1.1, y + size * 0.8), (x - size * 1.1, y + size * 0.8)]
    elif kind == "diamond":
        corners = [(x, y - size * 1.25), (x + size, y), (x, y + size * 1.25), (x - size, y)]
    elif kind == "star":
        corners = [(x + (size * 1.3 if i % 2 == 0 else size * 0.55) * math.cos(-math.pi / 2 + i * math.pi / 5),
                    y + (size * 1.3 if i % 2 == 0 else size * 0.55) * math.sin(-math.pi / 2 + i * math.pi / 5))
                   for i in range(10)]
    else:  # cross: a plus of two bars
        w, r = size * 0.45, size * 1.15
        corners = [(x - w, y - r), (x + w, y - r), (x + w, y - w), (x + r, y - w), (x + r, y + w), (x + w, y + w),
                   (x + w, y + r), (x - w, y + r), (x - w, y + w), (x - r, y + w), (x - r, y - w), (x - w, y - w)]
    path.moveTo(*corners[0])
    for corner in corners[1:]:
        path.lineTo(*corner)
    path.close()
    c.drawPath(path, stroke=1, fill=1)


def line_sample(c: Canvas, curve: PersonaCurve, x: float, y: float, width: float = SAMPLE_WIDTH) -> None:
    """A short piece of the persona's line with its marker: the legend's key."""
    c.setStrokeColor(HexColor(curve.style.color))
    c.setLineWidth(1.6)
    c.setDash(DASH_ARRAYS[curve.style.dash])
    c.line(x, y, x + width, y)
    c.setDash()
    marker(c, curve.style.marker, x + width / 2, y, curve.style.color)


def legend_block(flow: Flow, curves: list[PersonaCurve], width: float) -> Drawing:
    """The persona names with their line and marker, in as many columns as the width holds (12 fit)."""
    size = SMALL_PT + 0.5
    measure = flow.wrapper.measure
    widest = max((measure(curve.persona.name, size) for curve in curves), default=0.0)
    entry = SAMPLE_WIDTH + 6 + min(widest, 200.0) + 14
    columns = max(1, min(len(curves), int(width // entry)))
    column_width = width / columns
    wrapped = [flow.wrap(curve.persona.name, size, column_width - SAMPLE_WIDTH - 14) for curve in curves]
    rows = math.ceil(len(curves) / columns) if curves else 0
    heights = [max((len(wrapped[r * columns + k]) for k in range(columns) if r * columns + k < len(curves)),
                   default=1) * size * LINE_SPACING + 3 for r in range(rows)]

    def paint(c: Canvas, x: float, y: float) -> None:
        top = y
        for r in range(rows):
            for k in range(columns):
                index = r * columns + k
                if index >= len(curves):
                    break
                left = x + k * column_width
                line_sample(c, curves[index], left, top + size * LINE_SPACING / 2)
                draw_text(c, left + SAMPLE_WIDTH + 6, top, wrapped[index], size, palette.TEXT)
            top += heights[r]

    return Drawing(sum(heights), paint)


def emotion_chart(flow: Flow, curves: list[PersonaCurve], spreads: list[PhaseSpread], width: float,
                  height: float) -> Drawing:
    """Every persona's curve over the phases, the spread per phase as a grey band from lowest to highest."""
    size = SMALL_PT
    axis_room = max(flow.wrapper.measure(score_label(score), size) for score in range(MIN_SCORE, MAX_SCORE + 1)) + 6
    phases = [spread.phase for spread in spreads]
    step = (width - axis_room) / max(len(phases), 1)
    names = [flow.wrap(phase.name, size, step - 4) for phase in phases]
    names_height = max((len(lines) for lines in names), default=1) * size * LINE_SPACING + 4
    plot = max(height - names_height, 40.0)
    scores = MAX_SCORE - MIN_SCORE

    def paint(c: Canvas, x: float, y: float) -> None:
        left = x + axis_room

        def y_of(score: float) -> float:
            return y + 6 + (MAX_SCORE - score) * (plot - 12) / scores

        def x_of(index: int) -> float:
            return left + step * (index + 0.5)

        c.setLineWidth(0.5)
        for score in range(MIN_SCORE, MAX_SCORE + 1):
            c.setStrokeColor(HexColor("#9A9A9A" if score == 0 else "#E0E0E0"))
            c.setDash(*([4, 3] if score == 0 else [1, 2]))
            c.line(left, y_of(score), left + step * len(phases), y_of(score))
            label = score_label(score)
            draw_text(c, left - 4 - flow.wrapper.measure(label, size), y_of(score) - size * LINE_SPACING / 2, [label],
                      size, palette.MUTED_TEXT)
        c.setDash()
        c.setFillColor(HexColor(SPREAD_FILL))
        for index, spread in enumerate(spreads):
            if spread.low is not None and spread.high is not None and spread.count > 1:
                band = min(step * 0.5, 40.0)
                c.rect(x_of(index) - band / 2, y_of(spread.high) - 5, band, y_of(spread.low) - y_of(spread.high) + 10,
                       stroke=0, fill=1)
        for index, lines in enumerate(names):
            draw_text(c, x_of(index) - step / 2 + 2, y + plot + 4, lines, size, palette.TEXT)
        # personas side by side within a phase, a little apart, so equal scores do not hide each other
        spread_x = min(step * 0.3, 3.0 * len(curves)) if len(curves) > 1 else 0.0
        for order, curve in enumerate(curves):
            offset = (order / (len(curves) - 1) - 0.5) * spread_x if len(curves) > 1 else 0.0
            points = [(x_of(i) + offset, y_of(s)) if s is not None else None for i, s in enumerate(curve.scores)]
            c.setStrokeColor(HexColor(curve.style.color))
            c.setLineWidth(1.6)
            c.setDash(DASH_ARRAYS[curve.style.dash])
            run: list[tuple[float, float]] = []
            for point in [*points, None]:
                if point is not None:
                    run.append(point)
                    continue
                if len(run) > 1:
                    path = c.beginPath()
                    path.moveTo(*run[0])
                    for p in run[1:]:
                        path.lineTo(*p)
                    c.drawPath(path, stroke=1, fill=0)
                run = []
            c.setDash()
            for point in points:
                if point is not None:
                    marker(c, curve.style.marker, *point, curve.style.color)

    return Drawing(plot + names_height, paint)


def matrix_boxes(cells: dict[tuple[int, int], list[int]], cell: float) -> float:
    """The side of a card's numbered box so that the fullest value × effort cell holds all its boxes."""
    fullest = max((len(numbers) for numbers in cells.values()), default=1)
    per_row = max(1, math.ceil(math.sqrt(fullest)))
    return max(9.0, min(22.0, (cell - 4) / per_row - 2))


def opportunity_matrix(flow: Flow, rated: list[RankedOpportunity], words: Catalogue, side: float) -> Drawing:
    """Value (up) × effort (right), 1..5 each, split between 2 and 3 into the four named quadrants; each rated
    card a numbered box at its value and effort (the number is its place in the ranked list)."""
    size = SMALL_PT
    axis = size * LINE_SPACING * 2 + 6
    grid = side - axis
    unit = grid / 5
    cells: dict[tuple[int, int], list[int]] = {}
    for item in rated:
        cells.setdefault((item.card.value, item.card.effort), []).append(item.rank)  # type: ignore[arg-type]
    box = matrix_boxes(cells, unit)
    label_pt = max(6.0, min(8.0, box * 0.45))
    value_word, effort_word = words.gettext("Value"), words.gettext("Effort")
    quadrant_at = {("high", "low"): "quick_win", ("high", "high"): "big_bet", ("low", "low"): "fill_in",
                   ("low", "high"): "money_pit"}

    def paint(c: Canvas, x: float, y: float) -> None:
        left, top = x + axis, y
        split = HIGH_FROM - 1  # units below the middle line: ratings 1..2
        c.setLineWidth(0.5)
        for (value_side, effort_side), name in quadrant_at.items():
            qx = left if effort_side == "low" else left + split * unit
            qy = top if value_side == "high" else top + (5 - split) * unit
            qw = split * unit if effort_side == "low" else (5 - split) * unit
            qh = (5 - split) * unit if value_side == "high" else split * unit
            c.setFillColor(HexColor("#EEF7F3" if name == "quick_win" else "#F7F8FA"))
            c.setStrokeColor(HexColor("#9A9A9A"))
            c.rect(qx, qy, qw, qh, stroke=1, fill=1)
            title = flow.wrap(words.gettext(QUADRANT_NAMES[name]), size + 1, qw - 8, bold=True)
            corner_y = qy + 3 if value_side == "high" else qy + qh - 3 - len(title) * (size + 1) * LINE_SPACING
            draw_text(c, qx + 4, corner_y, title, size + 1, palette.MUTED_TEXT, bold=True)
        for tick in range(1, 6):
            label = str(tick)
            draw_text(c, left + (tick - 0.5) * unit - flow.wrapper.measure(label, size) / 2, top + grid + 2, [label],
                      size, palette.MUTED_TEXT)
            draw_text(c, left - 4 - flow.wrapper.measure(label, size), top + (5 - tick + 0.5) * unit
                      - size * LINE_SPACING / 2, [label], size, palette.MUTED_TEXT)
        effort = f"{effort_word} →"
        draw_text(c, left + grid / 2 - flow.wrapper.measure(effort, size, True) / 2,
                  top + grid + 2 + size * LINE_SPACING, [effort], size, palette.TEXT, bold=True)
        c.saveState()  # the value axis' name, read bottom to top
        c.translate(x + size, top + grid / 2)
        c.rotate(-90)
        value = f"{value_word} →"
        draw_text(c, -flow.wrapper.measure(value, size, True) / 2, -size, [value], size, palette.TEXT, bold=True)
        c.restoreState()
        for (value, effort), numbers in cells.items():
            # (the box is sized so that a whole number fits across: without a hair of tolerance, rounding
            # sometimes fits one less, and a crowded cell spills into the cells under it)
            per_row = max(1, int((unit - 4) / (box + 2) + 1e-9))
            cx, cy = left + (effort - 1) * unit, top + (5 - value) * unit
            rows = math.ceil(len(numbers) / per_row)
            start_y = cy + (unit - rows * (box + 2)) / 2
            for index, number in enumerate(numbers):
                in_row = min(per_row, len(numbers) - (index // per_row) * per_row)
                bx = cx + (unit - in_row * (box + 2)) / 2 + (index % per_row) * (box + 2) + 1
                by = start_y + (index // per_row) * (box + 2) + 1
                c.setFillColor(HexColor(palette.CARD_COLORS["opportunities"][0]))
                c.setStrokeColor(HexColor(palette.CARD_COLORS["opportunities"][1]))
                c.setLineWidth(0.8)
                c.roundRect(bx, by, box, box, 2, stroke=1, fill=1)
                text = str(number)
                width = flow.wrapper.measure(text, label_pt, True)
                draw_text(c, bx + (box - width) / 2, by + (box - label_pt * LINE_SPACING) / 2, [text], label_pt,
                          palette.TEXT, bold=True)

    return Drawing(side, paint)
