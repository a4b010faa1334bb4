"""The PDF poster: one page per persona, vector, drawn from the same layout as the canvas.

User text is drawn with ``drawString`` only, never parsed as markup, so
``<b>`` or ``<img src=...>`` print literally and nothing is embedded. When
the chosen paper would print text below a readable size, the export refuses
with the cells affected and a larger paper or tiling to use instead.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from reportlab.lib.colors import HexColor as _HexColor
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, LETTER, TABLOID
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.export import ExportError, write_output
from app.export.fonts import BOLD, REGULAR, ReportlabMetrics, missing_characters
from app.layout import PersonaLayout, Style, TextWrapper, curve_runs, palette, persona_layout, smooth_curve
from app.model import JourneyMap
from app.model.gc_pause import gc_paused

#: a reportlab colour per hex string, made once: a poster asks for the same few colours 50,000 times
HexColor = lru_cache(maxsize=512)(_HexColor)

PAPERS: dict[str, tuple[float, float]] = {
    "A0": A0, "A1": A1, "A2": A2, "A3": A3, "A4": A4, "LETTER": LETTER, "TABLOID": TABLOID,
}
MIN_READABLE_PT = 6.0
MARGIN = 28.0
TITLE_HEIGHT = 96.0
FOOTER_HEIGHT = 20.0
TILE_OVERLAP = 10 * mm


def paper_size(name: str, landscape: bool = True) -> tuple[float, float]:
    """Points for A0..A4, Letter, Tabloid or a custom ``WIDTHxHEIGHTmm``."""
    key = name.strip().upper()
    if key in PAPERS:
        width, height = PAPERS[key]
    else:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*MM", key)
        if not match:
            raise ExportError(
                f"unknown paper {name!r}: use A0, A1, A2, A3, A4, Letter, Tabloid or a size like 1189x841mm"
            )
        width, height = float(match.group(1)) * mm, float(match.group(2)) * mm
        if not (50 * mm <= width <= 5000 * mm and 50 * mm <= height <= 5000 * mm):
            raise ExportError(f"paper {name!r} is outside 50 mm to 5 m")
        return width, height  # a custom size is taken as given
    return (max(width, height), min(width, height)) if landscape else (min(width, height), max(width, height))


@dataclass
class PdfOptions:
    paper: str = "A3"
    landscape: bool = True
    personas: list[str] = field(default_factory=list)  # ids or names; empty means all
    tile: str | None = None
    source_name: str = ""


@dataclass
class PdfResult:
    pages: int
    missing_characters: set[str]
    warnings: list[str]


def resolve_personas(journey_map: JourneyMap, wanted: list[str]) -> list[str]:
    """Persona ids for ids or names (case-insensitive), in the map's order."""
    if not wanted:
        return [p.id for p in journey_map.personas]
    chosen = []
    for item in wanted:
        match = next(
            (p.id for p in journey_map.personas if p.id == item or p.name.casefold() == item.casefold()), None
        )
        if match is None:
            names = ", ".join(f"{p.id} ({p.name})" for p in journey_map.personas)
            raise ExportError(f"no persona {item!r} in this map; it has: {names}")
        if match not in chosen:
            chosen.append(match)
    return [p.id for p in journey_map.personas if p.id in chosen]


class _Poster:
    """Draws one persona's page onto a reportlab canvas in poster coordinates."""

    def __init__(self, journey_map: JourneyMap, style: Style, wrapper: TextWrapper) -> None:
        self.map = journey_map
        self.style = style
        self.wrapper = wrapper
        self.kinds = {lane.id: lane.kind for lane in journey_map.lanes}
        self.cards_by_id = {card.id: card for card in journey_map.cards}

    # Poster coordinates have y going down from the top-left, like the layout;
    # the canvas is flipped once per page so text and geometry stay in step.
    def text(self, c: Canvas, x: float, top: float, lines: list[str], size: float, color: str, bold=False,
             into: PDFTextObject | None = None) -> float:
        """Write a block of lines; into a shared text object (``into``, drawn by the caller) or its own."""
        line_height = size * self.style.line_spacing
        if not lines:
            return top
        baseline = top + (line_height - size * 1.164) / 2 + size * 0.928
        text = into if into is not None else c.beginText()
        # The text matrix un-flips the glyphs in the y-down page.
        text.setTextTransform(1, 0, 0, -1, x, baseline)
        text.setFont(BOLD if bold else REGULAR, size, line_height)
        text.setFillColor(HexColor(color))
        for line in lines:
            text.textLine(line)
        if into is None:
            c.drawText(text)
        return top + line_height * len(lines)

    def draw_grid(self, c: Canvas, layout: PersonaLayout) -> None:
        style = self.style
        band = {h.item_id: i for i, h in enumerate(layout.lane_headers)}
        c.setLineWidth(0.5)
        c.setStrokeColor(HexColor(palette.GRID_LINE))
        for (_phase, lane), rect in layout.cells.items():
            c.setFillColor(HexColor(palette.BAND_ODD if band[lane] % 2 else palette.BAND_EVEN))
            c.rect(rect.x, rect.y, rect.w, rect.h, stroke=1, fill=1)
        for header in layout.phase_headers:
            r = header.rect
            c.setFillColor(HexColor(palette.HEADER_FILL))
            c.setStrokeColor(HexColor("#FFFFFF"))
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=1)
            bottom = self.text(c, r.x + style.header_padding, r.y + style.header_padding, header.lines,
                               style.header_size, palette.HEADER_TEXT, bold=True)
            self.text(c, r.x + style.header_padding, bottom + 4, header.sub_lines, style.goal_size,
                      palette.HEADER_SUB_TEXT)
        for header in layout.lane_headers:
            r = header.rect
            c.setFillColor(HexColor(palette.LANE_HEADER_FILL))
            c.setStrokeColor(HexColor(palette.GRID_LINE))
            c.rect(r.x, r.y, r.w, r.h, stroke=1, fill=1)
            _fill, edge = palette.card_colors(self.kinds.get(header.item_id, "notes"))
            c.setFillColor(HexColor(edge))
            c.rect(r.x, r.y, 6, r.h, stroke=0, fill=1)
            self.text(c, r.x + style.header_padding + 4, r.y + style.header_padding, header.lines,
                      style.header_size, palette.TEXT, bold=True)
        corner = layout.corner
        persona = self.map.persona(layout.persona_id)
        c.setFillColor(HexColor(palette.HEADER_FILL))
        c.rect(corner.x, corner.y, corner.w, corner.h, stroke=0, fill=1)
        c.setFillColor(HexColor(persona.color))
        c.rect(corner.x, corner.bottom - 6, corner.w, 6, stroke=0, fill=1)
        name = self.wrapper.wrap(persona.name, style.header_size, corner.w - 2 * style.header_padding, True)
        self.text(c, corner.x + style.header_padding, corner.y + style.header_padding, name, style.header_size,
                  palette.HEADER_TEXT, bold=True)

    def draw_cards(self, c: Canvas, layout: PersonaLayout) -> None:
        style = self.style
        cards = self.cards_by_id
        # All card text goes into one text object, drawn after the cards (which never overlap):
        # a text object per card cost a third of the export.
        texts = c.beginText()
        for card_id, box in layout.cards.items():
            card = cards[card_id]
            fill, edge = palette.card_colors(self.kinds[card.lane], card.color)
            r = box.rect
            c.setFillColor(HexColor(fill))
            c.setStrokeColor(HexColor(edge))
            c.setLineWidth(0.8)
            c.roundRect(r.x, r.y, r.w, r.h, 4, stroke=1, fill=1)
            pad = style.card_padding
            bottom = self.text(c, r.x + pad, r.y + pad, box.lines, style.text_size, palette.TEXT, into=texts)
            if box.caption_lines:
                self.text(c, r.x + pad, bottom + 4, box.caption_lines, style.caption_size, palette.MUTED_TEXT,
                          into=texts)
            if box.moment_of_truth:
                self.star(c, r.right - 10, r.y + 10, 7)
        c.drawText(texts)

    def star(self, c: Canvas, cx: float, cy: float, outer: float) -> None:
        path = c.beginPath()
        for i in range(10):
            radius = outer if i % 2 == 0 else outer * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            point = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            path.moveTo(*point) if i == 0 else path.lineTo(*point)
        path.close()
        c.setFillColor(HexColor(palette.MOMENT_OF_TRUTH))
        c.setStrokeColor(HexColor("#8A5A00"))
        c.setLineWidth(0.6)
        c.drawPath(path, stroke=1, fill=1)

    def draw_curve(self, c: Canvas, layout: PersonaLayout) -> None:
        if layout.zero_y is None:
            return
        style = self.style
        left = style.lane_header_width
        right = layout.width
        c.setLineWidth(0.5)
        c.setStrokeColor(HexColor("#E0E0E0"))
        c.setDash(1, 2)
        for score in (-2, -1, 1, 2):
            y = layout.zero_y - score * layout.score_step
            c.line(left, y, right, y)
        c.setStrokeColor(HexColor("#9A9A9A"))
        c.setDash(4, 3)
        c.setLineWidth(1)
        c.line(left, layout.zero_y, right, layout.zero_y)
        c.setDash()
        for score, label in ((2, "+2"), (0, "0"), (-2, "−2")):
            self.text(c, left + 4, layout.zero_y - score * layout.score_step - 6, [label], style.caption_size,
                      palette.MUTED_TEXT)
        runs = curve_runs(layout.emotion_marks)
        c.setStrokeColor(HexColor("#3C3C3C"))
        c.setLineWidth(2.2)
        c.setLineCap(1)
        for points in runs:
            path = c.beginPath()
            path.moveTo(*points[0])
            for _start, c1, c2, end in smooth_curve(points):
                path.curveTo(*c1, *c2, *end)
            c.drawPath(path, stroke=1, fill=0)
        radius = style.emotion_radius
        for mark in layout.emotion_marks:
            if mark.score is None:
                continue
            c.setStrokeColor(HexColor("#2A2A2A"))
            c.setLineWidth(1)
            c.setFillColor(HexColor(palette.EMOTION_COLORS[mark.score]))
            c.circle(mark.x, mark.y, radius, stroke=1, fill=1)
            c.setFillColor(HexColor("#1A1A1A"))
            c.circle(mark.x - 4, mark.y - 3.5, 1.5, stroke=0, fill=1)
            c.circle(mark.x + 4, mark.y - 3.5, 1.5, stroke=0, fill=1)
            mouth = c.beginPath()
            mouth.moveTo(mark.x - 5, mark.y + 4.5 - mark.score * 0.6)
            mouth.curveTo(mark.x - 2, mark.y + 4.5 + mark.score * 1.8, mark.x + 2, mark.y + 4.5 + mark.score * 1.8,
                          mark.x + 5, mark.y + 4.5 - mark.score * 0.6)
            c.setLineWidth(1.3)
            c.drawPath(mouth, stroke=1, fill=0)
            y = mark.y + radius + 4
            for line in mark.label_lines:
                width = self.wrapper.metrics.width(line, style.emotion_label_size)
                self.text(c, mark.x - width / 2, y, [line], style.emotion_label_size, palette.TEXT)
                y += style.line_height(style.emotion_label_size)

    def draw_title(self, c: Canvas, layout: PersonaLayout, width: float, scale: float) -> None:
        """Title block and legend, in page points above the map (not scaled with it)."""
        persona = self.map.persona(layout.persona_id)
        y = self.text(c, 0, 0, [self.map.title], 20, palette.TEXT, bold=True)
        role = f"{persona.name} · {persona.role}" if persona.role else persona.name
        y = self.text(c, 0, y + 2, [role], 12, palette.TEXT, bold=True)
        facts = []
        if self.map.goal:
            facts.append(f"Goal of the journey: {self.map.goal}")
        if persona.goals:
            facts.append("Persona goals: " + "; ".join(persona.goals))
        if persona.pains:
            facts.append("Pains: " + "; ".join(persona.pains))
        facts.append(f"Date: {date.today().isoformat()}")
        legend_width = 300
        lines = []
        for fact in facts:
            lines.extend(self.wrapper.wrap(fact, 8, width - legend_width - 24))
        self.text(c, 0, y + 4, lines[:5], 8, palette.MUTED_TEXT)
        self.draw_legend(c, width - legend_width, 0, legend_width)

    def draw_legend(self, c: Canvas, x: float, y: float, width: float) -> None:
        kinds = [("touchpoints", "Touchpoint"), ("actions", "Action"), ("thoughts", "Thought"),
                 ("pain_points", "Pain point"), ("opportunities", "Opportunity"), ("owners", "Owner"),
                 ("kpis", "KPI"), ("goals", "Goal")]
        present = {lane.kind for lane in self.map.lanes}
        shown = [(k, label) for k, label in kinds if k in present]
        column = width / 3
        for i, (kind, label) in enumerate(shown):
            cx, cy = x + (i % 3) * column, y + (i // 3) * 14
            fill, edge = palette.card_colors(kind)
            c.setFillColor(HexColor(fill))
            c.setStrokeColor(HexColor(edge))
            c.roundRect(cx, cy, 16, 10, 2, stroke=1, fill=1)
            self.text(c, cx + 20, cy - 0.5, [label], 8, palette.TEXT)
        row = y + (len(shown) + 2) // 3 * 14 + 2
        self.text(c, x, row, ["Severity ●●●○○ 3/5 · ▲ votes · ★ moment of truth"], 8, palette.TEXT)
        row += 13
        for i, score in enumerate(range(-2, 3)):
            cx = x + i * 34 + 5
            c.setFillColor(HexColor(palette.EMOTION_COLORS[score]))
            c.setStrokeColor(HexColor("#2A2A2A"))
            c.circle(cx, row + 5, 4.5, stroke=1, fill=1)
            self.text(c, cx + 7, row - 0.5, [f"{score:+d}" if score else "0"], 8, palette.TEXT)
        self.text(c, x + 172, row - 0.5, ["emotion −2 … +2"], 8, palette.MUTED_TEXT)


def _fit_scale(layout: PersonaLayout, page: tuple[float, float]) -> float:
    area_w = page[0] - 2 * MARGIN
    area_h = page[1] - 2 * MARGIN - TITLE_HEIGHT - FOOTER_HEIGHT
    return min(area_w / layout.width, area_h / layout.height)


def _check_readable(journey_map: JourneyMap, layout: PersonaLayout, scale: float, style: Style, paper: str,
                    landscape: bool) -> None:
    """Refuse to shrink card text below MIN_READABLE_PT; name the cells and a paper that works."""
    printed = style.text_size * scale
    if printed >= MIN_READABLE_PT:
        return
    filled = [(phase, lane) for (phase, lane), ids in layout.cell_cards.items() if ids]
    names = {p.id: p.name for p in journey_map.phases} | {lane.id: lane.name for lane in journey_map.lanes}
    shown = ", ".join(f"{names[p]} / {names[lane]}" for p, lane in filled[:6])
    more = f" and {len(filled) - 6} more" if len(filled) > 6 else ""
    larger = next(
        (name for name in ("A3", "A2", "A1", "A0")
         if style.text_size * _fit_scale(layout, paper_size(name, landscape)) >= MIN_READABLE_PT),
        None,
    )
    advice = f"choose paper {larger} or larger" if larger else "split the map or choose a custom larger paper"
    persona = journey_map.persona(layout.persona_id).name
    raise ExportError(
        f"{persona}: on {paper} card text would print at {printed:.1f} pt (below {MIN_READABLE_PT:.0f} pt); "
        f"cells affected: {shown}{more}. To keep every word readable, {advice}, "
        f"or print a large paper tiled on office sheets (--paper {larger or 'A0'} --tile A4)."
    )


def export_pdf(
    journey_map: JourneyMap,
    path: str | os.PathLike[str],
    options: PdfOptions | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> PdfResult:
    """Write the poster; raises ExportError (nothing written) when it cannot be done as asked.

    ``progress(done, total)`` is called per page; returning False cancels.
    """
    with gc_paused():  # hundreds of thousands of drawing objects, no cycles
        return _export_pdf(journey_map, path, options, progress)


def _export_pdf(
    journey_map: JourneyMap,
    path: str | os.PathLike[str],
    options: PdfOptions | None,
    progress: Callable[[int, int], bool] | None,
) -> PdfResult:
    options = options or PdfOptions()
    persona_ids = resolve_personas(journey_map, options.personas)
    if not persona_ids:
        raise ExportError("the map has no persona to print")
    page_w, page_h = paper_size(options.paper, options.landscape)
    tile = paper_size(options.tile, options.landscape) if options.tile else None
    style = Style()
    metrics = ReportlabMetrics()
    wrapper = TextWrapper(metrics)
    poster = _Poster(journey_map, style, wrapper)
    layouts = [persona_layout(journey_map, pid, wrapper, style) for pid in persona_ids]
    area_w = page_w - 2 * MARGIN
    scales = []
    for layout in layouts:
        scale = _fit_scale(layout, (page_w, page_h))
        _check_readable(journey_map, layout, scale, style, options.paper, options.landscape)
        scales.append(scale)

    import io

    buffer = io.BytesIO()
    page_size = tile or (page_w, page_h)
    c = Canvas(buffer, pagesize=page_size, pageCompression=1, initialFontName=REGULAR, initialFontSize=10)
    c.setTitle(journey_map.title)
    c.setAuthor("Journey Map Editor")
    c.setSubject(journey_map.goal)
    source = options.source_name or journey_map.id

    def draw_page(index: int) -> None:
        layout, scale = layouts[index], scales[index]
        # Flip to y-down poster coordinates once; text is un-flipped per line.
        c.translate(0, page_h)
        c.scale(1, -1)
        c.saveState()
        c.translate(MARGIN, MARGIN)
        poster.draw_title(c, layout, area_w, scale)
        c.restoreState()
        c.saveState()
        c.translate(MARGIN, MARGIN + TITLE_HEIGHT)
        c.scale(scale, scale)
        poster.draw_grid(c, layout)
        poster.draw_cards(c, layout)
        poster.draw_curve(c, layout)
        c.restoreState()
        footer = f"{source} · page {index + 1} of {len(layouts)}"
        poster.text(c, MARGIN, page_h - MARGIN - 10, [footer], 8, palette.MUTED_TEXT)

    total = len(layouts)
    for index in range(total):
        if tile is None:
            c.saveState()
            draw_page(index)
            c.restoreState()
            c.showPage()
        else:
            _draw_tiles(c, lambda i=index: draw_page(i), (page_w, page_h), tile, index + 1, total)
        if progress is not None and progress(index + 1, total) is False:
            raise ExportError("export cancelled")
    c.save()
    texts = [journey_map.title, journey_map.goal]
    for pid in persona_ids:
        persona = journey_map.persona(pid)
        texts += [persona.name, persona.role, *persona.goals, *persona.pains]
        texts += [card.text for card in journey_map.cards if card.persona == pid]
        texts += [e.label for e in journey_map.emotions if e.persona == pid]
    texts += [p.name for p in journey_map.phases] + [p.goal for p in journey_map.phases]
    texts += [lane.name for lane in journey_map.lanes]
    missing = missing_characters(texts)
    warnings = []
    if missing:
        warnings.append(
            "the poster font has no glyph for these characters, which print as empty boxes: "
            + " ".join(sorted(missing)[:40])
        )
    write_output(path, buffer.getvalue())
    pages = total * (_tile_grid((page_w, page_h), tile)[0] * _tile_grid((page_w, page_h), tile)[1] if tile else 1)
    return PdfResult(pages=pages, missing_characters=missing, warnings=warnings)


def _tile_grid(poster: tuple[float, float], tile: tuple[float, float] | None) -> tuple[int, int]:
    if tile is None:
        return 1, 1
    usable_w = tile[0] - 2 * MARGIN
    usable_h = tile[1] - 2 * MARGIN
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    columns = max(1, math.ceil((poster[0] - TILE_OVERLAP) / step_w))
    rows = max(1, math.ceil((poster[1] - TILE_OVERLAP) / step_h))
    return rows, columns


def _draw_tiles(c: Canvas, draw_page, poster: tuple[float, float], tile: tuple[float, float], page: int,
                pages: int) -> None:
    """Split one poster page over sheets with an overlap, crop marks and a sheet index."""
    rows, columns = _tile_grid(poster, tile)
    usable_w, usable_h = tile[0] - 2 * MARGIN, tile[1] - 2 * MARGIN
    step_w, step_h = usable_w - TILE_OVERLAP, usable_h - TILE_OVERLAP
    for row in range(rows):
        for column in range(columns):
            x0, y0 = column * step_w, row * step_h
            c.saveState()
            # Printable area of the sheet, y-down from its top-left.
            c.translate(0, tile[1])
            c.scale(1, -1)
            clip = c.beginPath()
            clip.rect(MARGIN, MARGIN, usable_w, usable_h)
            c.clipPath(clip, stroke=0, fill=0)
            c.translate(MARGIN - x0, MARGIN - y0)
            # draw_page flips again for a page of the poster's height: undo that here.
            c.translate(0, poster[1])
            c.scale(1, -1)
            draw_page()
            c.restoreState()
            _crop_marks(c, tile, usable_w, usable_h)
            label = f"Sheet row {row + 1}, column {column + 1} of {rows} × {columns} · poster page {page} of {pages}"
            c.setFont(REGULAR, 7)
            c.setFillColor(HexColor(palette.MUTED_TEXT))
            c.drawString(MARGIN, MARGIN / 2 - 3, label)
            c.drawRightString(tile[0] - MARGIN, MARGIN / 2 - 3, f"overlap {TILE_OVERLAP / mm:.0f} mm")
            c.showPage()


def _crop_marks(c: Canvas, tile: tuple[float, float], usable_w: float, usable_h: float) -> None:
    c.setStrokeColor(HexColor("#000000"))
    c.setLineWidth(0.3)
    left, bottom = MARGIN, MARGIN
    right, top = MARGIN + usable_w, MARGIN + usable_h
    length = 12
    for x, y, dx, dy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1), (right, top, 1, 1)):
        c.line(x, y + dy * 2, x, y + dy * (2 + length))
        c.line(x + dx * 2, y, x + dx * (2 + length), y)
