"""The PDF poster: one page per persona, vector, drawn from the same layout as the canvas.

User text is drawn as text through ``app.export.script_text`` (shaped, in bidi order, with fallback
fonts), never parsed as markup, so ``<b>`` or ``<img src=...>`` print literally and nothing is embedded.

Paper: by default the smallest standard sheet (A4..A0) on which every chosen
persona's card text prints at 6 pt or more. A poster limited by the sheet's
height gets wider columns than the canvas (cards wrap into fewer lines), one
limited by its width narrower ones (down to MIN_CARD_WIDTH), so it fills the
sheet both ways. Tiling with automatic paper prints at a chosen
card text size (9 pt unless told) over as many sheets as that takes. When
text would print below a readable size the export refuses, names the cells,
and suggests options that work (``ExportError.suggestions``).
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from reportlab.lib.colors import HexColor as _HexColor
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, LETTER, TABLOID
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app import __version__
from app.export import ExportCancelledError, ExportError, write_output
from app.export.branding import MAX_LOGO_SHARE, LogoArt, branding, logo_box, pdf_logo
from app.export.fonts import REGULAR, ReportlabMetrics
from app.export.glyph_report import glyph_warnings
from app.export.insight_pages import InsightOptions, chosen_pages, insight_pages, printed_map
from app.export.page_flow import FlowPage, draw_pages
from app.export.script_text import draw_block
from app.export.tiles import (
    MAX_POSTER_SIDE,
    PosterSheets,
    Tiling,
    check_tile,
    covers,
    draw_assembly,
    draw_mark_forms,
    draw_sheets,
    millimetres,
    plan_tiling,
    poster_boxes,
    summary_note,
    within_poster_limit,
)
from app.export.title_lines import FACT_GAP, title_runs
from app.i18n import Catalogue, _, catalogue, document_language, ngettext
from app.i18n import language as ui_language
from app.insight.kpis import STATUS_COLORS
from app.layout import (
    KpiBadge,
    PersonaLayout,
    Style,
    TextWrapper,
    card_caption,
    curve_runs,
    emotion_axis,
    legend,
    palette,
    persona_layout,
    score_label,
    smooth_curve,
)
from app.model import SCORES, Card, JourneyMap, Persona
from app.model.gc_pause import gc_paused

#: a reportlab colour per hex string, made once: a poster asks for the same few colours 50,000 times
HexColor = lru_cache(maxsize=512)(_HexColor)

PAPERS: dict[str, tuple[float, float]] = {
    "A0": A0, "A1": A1, "A2": A2, "A3": A3, "A4": A4, "LETTER": LETTER, "TABLOID": TABLOID,
}
AUTO = "auto"
#: the sheets automatic paper chooses from, smallest first
STANDARD_PAPERS = ("A4", "A3", "A2", "A1", "A0")
MIN_READABLE_PT = 6.0
#: card text size of a tiled poster with automatic paper, unless --scale says otherwise
TILED_TEXT_PT = 9.0
MAX_TEXT_PT = 72.0
MARGIN = 28.0
FOOTER_HEIGHT = 20.0
FOOTER_SIZE = 8.0
TITLE_GAP = 12.0  # between the title block and the grid
LEGEND_WIDTH = 300.0
LEGEND_SIZE = 8.0
LEGEND_DOT_STEP = 34.0  # between the emotion dots of the legend
FACT_SIZE = 8.0
FACT_COLUMN_MAX = 480.0  # about 95 characters at 8 pt: longer lines are hard to follow
MIN_POSTER_WIDTH = 640.0  # a poster sized to its grid is at least this wide, for its title block
#: the title block's type at its smallest; on a larger sheet it grows with the card text (``type_scale``)
TITLE_SIZE = 20.0
ROLE_SIZE = 12.0
#: how much larger than the card text the title, the persona line and the facts print (at least the sizes above)
TITLE_RATIO = 2.0
ROLE_RATIO = 1.25
FACT_RATIO = 0.9
#: the tallest a title block's logo prints, in lines of the title's type
LOGO_HEIGHT = 4.0
#: layouts tried per persona and paper when widening columns to fill the sheet
MAX_FIT_TRIES = 12
#: how close, in points, the card text a title block is set for comes to the largest its room leaves
TITLE_FIT_STEP = 0.05
#: the narrowest poster card (canvas: 200 pt): a grid limited by the sheet's width gets narrower columns
MIN_CARD_WIDTH = 144.0
#: the poster's style: the canvas's, with its secondary text (captions, phase goals, emotion labels, the emotion
#: axis, KPI badges) at the card text's size, muted in colour instead of smaller, so that nothing prints below
#: MIN_READABLE_PT when the cards print at it (at 0.8 of it, as on the canvas, captions printed at 4.8 pt)
POSTER_STYLE = Style(caption_size=Style().text_size, goal_size=Style().text_size,
                     emotion_label_size=Style().text_size)
#: the PDF's creator: the product and its version (the producer stays reportlab's)
CREATOR = f"Journey Map Editor {__version__}"
#: the insight pages' outline entries, in their order; the titles are the pages' own headings
INSIGHT_TITLES = {"summary": "Executive summary", "comparison": "Persona comparison", "matrix": "Opportunity matrix",
                  "kpis": "KPIs"}
#: the papers whose refused poster suggests the handout
HANDOUT_PAPERS = ("A4", "LETTER")


def paper_size(name: str, landscape: bool = True) -> tuple[float, float]:
    """Points for A0..A4, Letter, Tabloid or a custom ``WIDTHxHEIGHTmm``."""
    key = name.strip().upper()
    if key in PAPERS:
        width, height = PAPERS[key]
    else:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*MM", key)
        if not match:
            raise ExportError(
                _("unknown paper {name}: use auto, A0, A1, A2, A3, A4, Letter, Tabloid or a size like 1189x841mm")
                .format(name=repr(name))
            )
        width, height = float(match.group(1)) * mm, float(match.group(2)) * mm
        if not (50 * mm <= width <= 5000 * mm and 50 * mm <= height <= 5000 * mm):
            raise ExportError(_("paper {name} is outside 50 mm to 5 m").format(name=repr(name)))
    # A custom size turns like a named one: landscape unless asked for portrait, whichever side came first.
    return (max(width, height), min(width, height)) if landscape else (min(width, height), max(width, height))


def points(value: float) -> str:
    """A size in points with one decimal, as the UI language writes a decimal: 7.1, 7,1."""
    from babel.numbers import get_decimal_symbol

    language = ui_language()
    return f"{value:.1f}".replace(".", get_decimal_symbol("en" if language == "pseudo" else language))


def type_scale(card_pt: float) -> tuple[float, float, float]:
    """The title block's sizes (title, persona line, facts and legend) for card text printing at ``card_pt``.

    One scale from the card text: the title twice its size, the persona line a quarter larger, the facts nine
    tenths, never below the sizes of an A3 poster (20, 12 and 8 pt). Rounded up to a tenth of a point, so a page
    planned for a slightly smaller card text keeps the same block.
    """

    def size(ratio: float, least: float) -> float:
        return max(least, math.ceil(ratio * card_pt * 10 - 1e-9) / 10)

    return size(TITLE_RATIO, TITLE_SIZE), size(ROLE_RATIO, ROLE_SIZE), size(FACT_RATIO, FACT_SIZE)


def is_auto(paper: str) -> bool:
    return paper.strip().casefold() in ("", AUTO)


def paper_label(paper: str, landscape: bool | None = None) -> str:
    """A paper's name as people write it: A2, Letter, 594×420 mm; a custom size as it prints when ``landscape``
    is given (420×594 mm in portrait, whichever side was written first)."""
    key = paper.strip().upper()
    if key in PAPERS:
        return key if key.startswith("A") else key.title()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*MM", key)
    if not match:
        return paper
    first, second = match.group(1), match.group(2)
    if landscape is not None and (float(first) < float(second)) == landscape:
        first, second = second, first
    return f"{first}×{second} mm"


def parse_scale(value: str | float | None, style: Style | None = None) -> float:
    """The poster's scale from a card text size ("9pt") or a factor of the canvas ("0.9", "90%").

    A bare number is a factor, so "9" asks for 90 pt text and is refused with a hint to write 9pt.
    """
    text_size = (style or Style()).text_size
    if value is None or (isinstance(value, str) and not value.strip()):
        return TILED_TEXT_PT / text_size
    if isinstance(value, int | float):
        factor = float(value)
    else:
        key = value.strip().lower().replace(",", ".")
        if match := re.fullmatch(r"(\d+(?:\.\d+)?)\s*pt", key):
            factor = float(match.group(1)) / text_size
        elif match := re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", key):
            factor = float(match.group(1)) / 100
        elif re.fullmatch(r"\d+(?:\.\d+)?", key):
            factor = float(key)
        else:
            raise ExportError(_("scale {value}: give the card text size like 9pt, or a factor like 0.9 or 90%")
                              .format(value=repr(value)))
    printed = factor * text_size
    if printed < MIN_READABLE_PT - 1e-9:
        raise ExportError(
            _("scale {value} prints card text at {size} pt; use {minimum}pt or more (e.g. 9pt)").format(
                value=repr(value), size=points(printed), minimum=f"{MIN_READABLE_PT:.0f}")
        )
    if printed > MAX_TEXT_PT + 1e-9:
        raise ExportError(
            _("scale {value} prints card text at {size} pt; use at most {maximum}pt "
              "(a card text size is written like 9pt)").format(value=repr(value), size=f"{printed:.0f}",
                                                               maximum=f"{MAX_TEXT_PT:.0f}")
        )
    return factor


@dataclass
class PdfOptions:
    #: "auto" (the smallest standard sheet where text is readable), A0..A4, Letter, Tabloid or WxHmm
    paper: str = AUTO
    landscape: bool = True
    personas: list[str] = field(default_factory=list)  # ids or names; empty means all
    tile: str | None = None
    #: card text size of a tiled poster with automatic paper: "9pt", or a factor like 0.9 (None: 9 pt)
    scale: str | float | None = None
    #: the poster's language ("de", "en"); None: the map's ``language``, else the UI language
    language: str | None = None
    #: the insight pages before the poster (issue 17); each only when the map has something for it:
    #: the executive summary (first page), the persona comparison (two or more personas printed),
    #: the opportunity matrix (an opportunity rated for value and effort), the KPI tables (metrics).
    #: Off here, so PdfOptions() is the poster alone; the command line and the export dialog turn them
    #: on by default (``ExportChoices``), and ``PdfOptions.with_insight()`` asks for all of them.
    summary: bool = False
    comparison: bool = False
    matrix: bool = False
    kpis: bool = False
    #: the handout (app.export.handout): each persona's map split by phase range over pages of ``paper``
    #: (A4 when automatic), card text at 9 pt; ``landscape`` as for the poster
    handout: bool = False
    #: every persona's page at one scale, the smallest that fits them all, so that pages compare side by side;
    #: False: each persona as large as its sheet allows
    same_scale: bool = True

    @classmethod
    def with_insight(cls, **options) -> PdfOptions:
        """Options as a user gets them by default: every insight page the map has something for."""
        return cls(**{"summary": True, "comparison": True, "matrix": True, "kpis": True, **options})


@dataclass
class PdfResult:
    pages: int
    missing_characters: set[str]
    warnings: list[str]
    #: what was printed, for people: "A2 landscape, card text 7.1 pt"
    summary: str = ""
    #: the smallest card text size printed, in points
    text_pt: float = 0.0


def resolve_personas(journey_map: JourneyMap, wanted: list[str]) -> list[str]:
    """Persona ids, in the map's order, for ids, names or unique name prefixes (case-insensitive).

    ``--persona Lena`` finds "Lena, beginner runner". An exact id or name wins
    over a prefix; a prefix that starts several names lists them.
    """
    if not wanted:
        return [p.id for p in journey_map.personas]
    chosen: set[str] = set()
    for item in wanted:
        chosen.add(_find_persona(journey_map, item).id)
    return [p.id for p in journey_map.personas if p.id in chosen]


def _find_persona(journey_map: JourneyMap, item: str) -> Persona:
    personas = journey_map.personas
    key = item.strip().casefold()
    for matches in (
        [p for p in personas if p.id == item],
        [p for p in personas if p.id.casefold() == key or p.name.strip().casefold() == key],
        [p for p in personas if key and p.name.strip().casefold().startswith(key)],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = ", ".join(f"{p.name} ({p.id})" for p in matches)
            raise ExportError(_("persona {item} could be any of: {names}; give more of the name or the id")
                              .format(item=repr(item), names=names))
    names = ", ".join(f"{p.id} ({p.name})" for p in personas)
    raise ExportError(_("no persona {item} in this map; it has: {names}").format(item=repr(item), names=names))


# --- planning the pages -----------------------------------------------------------------


@dataclass
class TitleBlock:
    """The text above the grid, wrapped for one page; it grows with what it holds, nothing is cut."""

    title: list[str]
    role: list[str]
    columns: list[list[str]]  # facts (goals, pains, date) in balanced columns
    column_width: float
    legend_x: float
    legend_y: float
    height: float  # including the gap to the grid
    #: the legend's swatches per row: three, fewer when a kind's word is too long for a third of it
    legend_columns: int = 3
    #: the legend's line of marks, wrapped to its width
    legend_marks: list[str] = field(default_factory=list)
    #: the emotion scale's words go under the coloured dots when they do not fit beside them
    legend_range_below: bool = False
    #: the type scale (``type_scale``): title, persona line and facts in points, the legend's factor of its design
    title_size: float = TITLE_SIZE
    role_size: float = ROLE_SIZE
    fact_size: float = FACT_SIZE
    legend_scale: float = 1.0
    #: the deliverable's client, consultancy and version (``branding``), and its confidentiality marking (bold)
    brand: list[str] = field(default_factory=list)
    marking: list[str] = field(default_factory=list)
    #: where the text column starts: right of the logo when there is one
    text_x: float = 0.0
    #: the logo's box (x, y, width, height) in the block, None without a logo
    logo: tuple[float, float, float, float] | None = None
    #: the legend's height in points (its box, for tiling: kept whole on one sheet)
    legend_height: float = 0.0

    @property
    def legend_width(self) -> float:
        return LEGEND_WIDTH * self.legend_scale

    @property
    def footer_size(self) -> float:
        """The footer's type grows with the facts' (8 pt on A3, about 18 pt on an A0 of 20 pt cards)."""
        return FOOTER_SIZE * self.legend_scale

    @property
    def footer_height(self) -> float:
        return FOOTER_HEIGHT * self.legend_scale


@dataclass
class PosterPage:
    """One persona's page as it will print: its layout (maybe with widened columns), scale and size."""

    persona_id: str
    layout: PersonaLayout
    style: Style
    scale: float
    size: tuple[float, float]
    title: TitleBlock

    @property
    def text_pt(self) -> float:
        return self.style.text_size * self.scale

    @property
    def grid_top(self) -> float:
        return MARGIN + self.title.height

    @property
    def grid_area(self) -> tuple[float, float]:
        """The room for the grid, in page points."""
        return self.size[0] - 2 * MARGIN, self.size[1] - 2 * MARGIN - self.title.height - self.title.footer_height

    @property
    def grid_size(self) -> tuple[float, float]:
        return self.layout.width * self.scale, self.layout.height * self.scale

    @property
    def grid_origin(self) -> tuple[float, float]:
        """Where the grid's top-left corner prints: centred in its room across the sheet and between the title
        block and the footer."""
        (area_w, area_h), (grid_w, grid_h) = self.grid_area, self.grid_size
        return MARGIN + max(0.0, (area_w - grid_w) / 2), self.grid_top + max(0.0, (area_h - grid_h) / 2)


@dataclass
class PosterPlan:
    pages: list[PosterPage]
    paper: str  # the paper as asked or chosen ("A2", "594x420mm"); "" for a tiled poster sized to its grid
    landscape: bool
    automatic: bool  # the paper was chosen (or the size set by scale), not given
    tile: str | None = None
    #: each page's sheets when tiled (app.export.tiles): which print, their names, the blocks kept whole
    tilings: list[Tiling] = field(default_factory=list)

    @property
    def text_pt(self) -> float:
        return min(page.text_pt for page in self.pages)

    @property
    def readable(self) -> bool:
        return self.text_pt >= MIN_READABLE_PT - 1e-9

    def tile_size(self) -> tuple[float, float] | None:
        return paper_size(self.tile, self.landscape) if self.tile else None

    def sheets(self) -> int:
        """Pages the PDF will have: one per persona, or each persona's assembly sheet (when more than one sheet
        prints) and printed sheets."""
        if self.tile is None:
            return len(self.pages)
        return sum(tiling.assembly + len(tiling.printed) for tiling in self.tilings)

    def paper_text(self) -> str:
        if not self.paper:
            return ""
        label = paper_label(self.paper, self.landscape)
        if self.paper.upper() not in PAPERS:
            return label  # its sides as it prints say its orientation
        return (_("{paper} landscape") if self.landscape else _("{paper} portrait")).format(paper=label)

    def text_range(self) -> str:
        """Card text sizes of the pages in points: "7.1" or "6.4–8.0" (7,1 in German)."""
        low, high = points(self.text_pt), points(max(page.text_pt for page in self.pages))
        return low if low == high else f"{low}–{high}"

    def tiling_text(self) -> str:
        """The sheets of a tiled poster, e.g. "6 A4 landscape sheets"; empty when not tiled. A custom tile is named
        by its sides as it prints ("6 150×200 mm sheets"), which say its orientation (a square has none)."""
        if self.tile is None:
            return ""
        sheets = self.sheets()
        if self.tile.strip().upper() not in PAPERS:
            text = ngettext("{count} {paper} sheet", "{count} {paper} sheets", sheets)
            return text.format(count=sheets, paper=paper_label(self.tile, self.landscape))
        if self.landscape:
            text = ngettext("{count} {paper} landscape sheet", "{count} {paper} landscape sheets", sheets)
        else:
            text = ngettext("{count} {paper} portrait sheet", "{count} {paper} portrait sheets", sheets)
        return text.format(count=sheets, paper=paper_label(self.tile))

    def summary(self) -> str:
        """What was printed, e.g. "A2 landscape, card text 7.1 pt" or "tiled on 6 A4 landscape sheets, …"."""
        size = self.text_range()
        if self.tile is None:
            return _("{paper}, card text {size} pt").format(paper=self.paper_text(), size=size)
        if self.paper:
            text = _("{paper} tiled on {sheets}, card text {size} pt").format(
                paper=self.paper_text(), sheets=self.tiling_text(), size=size)
        else:
            text = _("tiled on {sheets}, card text {size} pt").format(sheets=self.tiling_text(), size=size)
        note = self.tiling_note()
        return f"{text}; {note}" if note else text

    def tiling_note(self) -> str:
        """How the sheets were chosen: "an assembly sheet first, 23 blank sheets left out"; empty untiled."""
        return summary_note(self.tilings) if self.tilings else ""


class _HeightModel:
    """A persona's grid height for a card width, counted from word widths instead of laid out.

    Filling a sheet tries a dozen card widths per persona and paper; wrapping
    every card each time cost 25 ms a try on a dense page. Reportlab measures
    a line as the sum of its words and spaces (no kerning), so the greedy
    wrap counted here gives the layout's own line counts; the chosen width is
    then laid out once for real.
    """

    def __init__(self, journey_map: JourneyMap, cards: list[Card], style: Style, wrapper: TextWrapper,
                 words: dict[tuple[str, float], float], fixed_words: Catalogue) -> None:
        self.map = journey_map
        self.style = style
        self.wrapper = wrapper
        measure = wrapper.metrics.width

        self.space = {size: measure(" ", size) for size in (style.text_size, style.caption_size)}

        def widths(text: str, size: float) -> list[tuple[float, list[float]]]:
            """Per paragraph: its width on one line (the greedy wrap's at an endless width) and its words'."""
            paragraphs = []
            space = self.space[size]
            for paragraph in text.split("\n"):
                row = []
                for word in paragraph.split(" "):
                    width = words.get((word, size))
                    if width is None:
                        width = words[(word, size)] = measure(word, size)
                    row.append(width)
                one_line = -1.0
                for width in row:
                    one_line = width if one_line < 0 else one_line + space + width
                    if one_line == 0:
                        one_line = -1.0
                paragraphs.append((one_line, row))
            return paragraphs

        cells: dict[tuple[str, str], list] = {}
        for card in cards:
            caption = card_caption(card, fixed_words)
            cells.setdefault((card.phase, card.lane), []).append((
                widths(card.text, style.text_size),
                widths(caption, style.caption_size) if caption else None,
                card.moment_of_truth,
            ))
        pad = style.header_padding
        self.lanes: list[tuple[float, bool, list[list]]] = []  # (least height, fixed, cells' cards)
        for lane in journey_map.lanes:
            label = wrapper.wrap(lane.name, style.header_size, style.lane_header_width - 2 * pad, bold=True)
            label_height = 2 * pad + len(label) * style.line_height(style.header_size)
            if lane.kind == "emotions":
                self.lanes.append((max(style.emotion_lane_height, label_height), True, []))
            else:
                lane_cells = [cells[(p.id, lane.id)] for p in journey_map.phases if (p.id, lane.id) in cells]
                self.lanes.append((max(style.cell_min_height, label_height), False, lane_cells))

    @staticmethod
    def _lines(paragraphs: list[tuple[float, list[float]]], space: float, width: float) -> int:
        """Lines of the layout's greedy wrap; a word wider than the line is cut into pieces."""
        count = 0
        for one_line, words in paragraphs:
            if one_line <= width:  # the usual short caption or text: it fits, no need to walk its words
                count += 1
                continue
            current = -1.0  # width of the line so far; -1: nothing on it yet
            for word in words:
                candidate = word if current < 0 else current + space + word
                if candidate <= width:
                    current = candidate if (current >= 0 or word > 0) else -1.0
                    continue
                if current >= 0:
                    count += 1
                if word > width:
                    pieces = math.ceil(word / width)
                    count += pieces - 1
                    word -= (pieces - 1) * width
                current = word if word > 0 else -1.0
            count += 1
        return count

    def height(self, card_width: float) -> float:
        style = self.style
        column = card_width + 2 * style.cell_padding
        pad = style.header_padding
        header = style.phase_header_min_height
        for phase in self.map.phases:
            name = self.wrapper.wrap(phase.name, style.header_size, column - 2 * pad, bold=True)
            height = 2 * pad + len(name) * style.line_height(style.header_size)
            if phase.goal:
                goal = self.wrapper.wrap(phase.goal, style.goal_size, column - 2 * pad)
                height += 4 + len(goal) * style.line_height(style.goal_size)
            header = max(header, height)
        inner = card_width - 2 * style.card_padding
        text_line = style.line_height(style.text_size)
        caption_line = style.line_height(style.caption_size)
        text_space, caption_space = self.space[style.text_size], self.space[style.caption_size]
        lines = self._lines
        total = header
        for least, fixed, cells in self.lanes:
            height = least
            if not fixed:
                for cards in cells:
                    content = 2 * style.cell_padding + style.cell_click_room + style.card_gap * (len(cards) - 1)
                    for text, caption, marked in cards:
                        content += 2 * style.card_padding + text_line * lines(
                            text, text_space, inner - (style.mark_room if marked else 0))
                        if caption is not None:
                            content += 4 + caption_line * lines(caption, caption_space, inner)
                    height = max(height, content)
            total += height
        return total


class PosterPlanner:
    """Plans a map's poster pages; keeps what it measured, so a dialog can re-plan as options change.

    ``language`` is the poster's ("de", "en"; None: the map's, else the UI language): its fixed words
    shape the title block, the legend and card captions, so a planner plans for one language.
    """

    def __init__(self, journey_map: JourneyMap, language: str | None = None) -> None:
        self.map = journey_map
        self.language = document_language(journey_map, language)
        self.words = catalogue(self.language)
        self.base = POSTER_STYLE
        self.wrapper = TextWrapper(ReportlabMetrics(), self.words)
        self.today = self.words.format_date(date.today())
        #: the client, consultancy, version, marking and logo every page prints (a bad logo: a warning)
        self.brand = branding(journey_map)
        self.logo = pdf_logo(self.brand)
        # Styles live as long as the planner: the wrapper's card cache is keyed by id(style).
        self._styles: dict[float, Style] = {self.base.card_width: self.base}
        self._words: dict[tuple[str, float], float] = {}
        self._models: dict[str, _HeightModel] = {}
        self._cards: dict[str, list[Card]] | None = None
        self._fits: dict[tuple[str, float, float], tuple[float, float]] = {}
        self._pages: dict[tuple[str, float, float], PosterPage] = {}
        self._titles: dict[tuple, TitleBlock] = {}
        self._sized: dict[tuple, tuple[TitleBlock, tuple[float, float]]] = {}
        self._scaled: dict[tuple, PosterPage] = {}
        self._worst: str | None = None

    def style(self, card_width: float) -> Style:
        style = self._styles.get(card_width)
        if style is None:
            style = self._styles[card_width] = replace(self.base, card_width=card_width)
        return style

    def _model(self, persona_id: str) -> _HeightModel:
        model = self._models.get(persona_id)
        if model is None:
            if self._cards is None:  # every persona's cards in one pass over the map
                self._cards = {}
                for card in self.map.cards:
                    self._cards.setdefault(card.persona, []).append(card)
            model = self._models[persona_id] = _HeightModel(self.map, self._cards.get(persona_id, []), self.base,
                                                           self.wrapper, self._words, self.words)
        return model

    def grid_width(self, card_width: float) -> float:
        base = self.base
        return base.lane_header_width + len(self.map.phases) * (card_width + 2 * base.cell_padding)

    # The title block ---------------------------------------------------------------

    def title_block(self, persona_id: str, width: float, card_pt: float = 0.0) -> TitleBlock:
        """The title, persona, facts and legend for a page whose printable width is ``width``, its type set for
        card text printing at ``card_pt`` (``type_scale``)."""
        sizes = type_scale(card_pt)
        key = (persona_id, width, sizes)
        block = self._titles.get(key)
        if block is None:
            block = self._titles[key] = self._title_block(persona_id, width, sizes)
        return block

    def _title_block(self, persona_id: str, width: float, sizes: tuple[float, float, float]) -> TitleBlock:
        wrap = self.wrapper.wrap
        persona = self.map.persona(persona_id)
        title_size, role_size, fact_size = sizes
        k = fact_size / FACT_SIZE  # the legend and the gaps grow with the facts' type
        spacing = self.base.line_spacing
        legend_width = LEGEND_WIDTH * k
        side_by_side = width >= legend_width + 24 * k + 240 * k
        text_width = width - legend_width - 24 * k if side_by_side else width
        # The logo stands left of the text, as tall as the text beside it (LOGO_HEIGHT title lines at most)
        # and at most MAX_LOGO_SHARE of the text's width wide: its column is kept before the text is wrapped.
        logo_width = 0.0
        if self.logo is not None:
            logo_width = logo_box(self.logo.aspect, (MAX_LOGO_SHARE * text_width, LOGO_HEIGHT * title_size))[0]
            text_width -= logo_width + FACT_GAP * k
        text_x = logo_width + FACT_GAP * k if logo_width else 0.0
        title = wrap(self.map.title, title_size, text_width, True)
        role = wrap(f"{persona.name} · {persona.role}" if persona.role else persona.name, role_size, text_width, True)
        words = self.words
        brand = wrap(self.brand.line(words), fact_size, text_width) if self.brand.line(words) else []
        marking = wrap(self.brand.confidentiality, fact_size, text_width, True) if self.brand.confidentiality else []
        facts = []
        if self.map.goal:
            facts.append(words.gettext("Goal of the journey: {goal}").format(goal=self.map.goal))
        if persona.goals:
            facts.append(words.gettext("Persona goals: {goals}").format(goals="; ".join(persona.goals)))
        if persona.pains:
            facts.append(words.gettext("Pains: {pains}").format(pains="; ".join(persona.pains)))
        facts.append(words.gettext("Date: {date}").format(date=self.today))
        lines = [line for fact in facts for line in wrap(fact, fact_size, text_width)]
        count = 1
        gap = FACT_GAP * k
        if len(lines) > 5:
            # Long lists flow into columns of a readable measure rather than one tall block.
            count = max(1, min(4, math.ceil((text_width + gap) / (FACT_COLUMN_MAX * k + gap))))
        column_width = (text_width - (count - 1) * gap) / count
        if count > 1:
            lines = [line for fact in facts for line in wrap(fact, fact_size, column_width)]
        per_column = math.ceil(len(lines) / count)
        columns = [lines[i:i + per_column] for i in range(0, len(lines), per_column)]
        text_height = (len(title) * title_size * spacing + 2 * k + len(role) * role_size * spacing + 4 * k
                       + (len(brand) + len(marking)) * fact_size * spacing + (2 * k if brand or marking else 0.0)
                       + per_column * fact_size * spacing)
        logo = None
        if self.logo is not None:
            logo = (0.0, 0.0, *logo_box(self.logo.aspect, (logo_width, text_height)))
        legend_columns, marks, range_below = self._legend_shape(k)
        legend_height = (math.ceil(len(legend.poster_kinds(self.map, words)) / legend_columns) * 14 * k + 2 * k
                         + 13 * k * len(marks) + 10 * k + (13 * k if range_below else 0))
        if side_by_side:
            legend_x, legend_y, height = width - legend_width, 0.0, max(text_height, legend_height)
        else:
            legend_x, legend_y, height = 0.0, text_height + 8 * k, text_height + 8 * k + legend_height
        return TitleBlock(title, role, columns, column_width, legend_x, legend_y, height + TITLE_GAP * k,
                          legend_columns, marks, range_below, title_size, role_size, fact_size, k, brand, marking,
                          text_x, logo, legend_height)

    def _legend_shape(self, k: float = 1.0) -> tuple[int, list[str], bool]:
        """The legend in its width: swatches per row, the marks' lines, and whether the emotion scale's
        words go under the dots. Longer words (German) take fewer swatches a row and more lines, never
        running into each other. ``k``: the legend's size as a factor of its design."""
        width = self.wrapper.metrics.width
        size, legend_width = LEGEND_SIZE * k, LEGEND_WIDTH * k
        kinds = legend.poster_kinds(self.map, self.words)
        widest = max((width(word, size) for _kind, word in kinds), default=0.0)
        columns = 3
        while columns > 1 and 20 * k + widest + 6 * k > legend_width / columns:
            columns -= 1
        marks = self.wrapper.wrap(legend.marks(self.words), size, legend_width)
        beside = len(SCORES) * LEGEND_DOT_STEP * k + 2 * k + width(legend.emotion_range(self.words), size)
        return columns, marks, beside > legend_width

    # Filling a sheet -----------------------------------------------------------------

    def _fit_width(self, persona_id: str, area: tuple[float, float]) -> tuple[float, float]:
        """The card width at which the grid fills ``area`` best, and the scale it predicts.

        A grid limited by the area's height gets wider columns: its width grows
        and its height shrinks (cards wrap into fewer lines) until both limits
        meet. One limited by the width gets narrower columns, down to
        MIN_CARD_WIDTH. The scale, min(width room, height room), rises to the
        meeting point and falls after it, so bisecting on which limit applies
        finds it.
        """
        area_w, area_h = area
        if area_w <= 0 or area_h <= 0:
            return self.base.card_width, 0.0
        key = (persona_id, round(area_w, 3), round(area_h, 3))
        known = self._fits.get(key)
        if known is not None:
            return known
        height = self._model(persona_id).height

        def rooms(card_width: float) -> tuple[float, float]:
            return area_w / self.grid_width(card_width), area_h / height(card_width)

        base_width = self.base.card_width
        room_w, room_h = rooms(base_width)
        if not self.map.phases:  # only the lane headers print: no column to widen, the scale is what it is
            self._fits[key] = base_width, min(room_w, room_h)
            return self._fits[key]
        # ``low`` is a width limited by height (or the narrowest allowed), ``high`` one limited by width;
        # ``low_gap`` and ``high_gap`` are width room less height room there (> 0 and <= 0).
        if room_w > room_h:
            # At ``high`` the grid would be as wide as the area allows even if no card got shorter.
            low, low_scale, low_gap = base_width, room_h, room_w - room_h
            target = area_w / room_h  # the base grid's height, scaled to the area's proportions
            high = (target - self.base.lane_header_width) / len(self.map.phases) - 2 * self.base.cell_padding
            high_w, high_h = rooms(high)
            high_gap = high_w - high_h
        else:
            high, high_gap = base_width, room_w - room_h
            low = MIN_CARD_WIDTH
            room_w, room_h = rooms(low)
            low_scale, low_gap = min(room_w, room_h), room_w - room_h
            if room_w <= room_h:  # still limited by width at the narrowest: that is the best
                self._fits[key] = low, low_scale
                return low, low_scale
        # Regula falsi (Illinois): the gap falls as cards widen, so interpolating where it crosses zero
        # needs fewer layouts than halving; each model height costs a pass over the persona's cards.
        last = 0
        for _try in range(MAX_FIT_TRIES):
            if high - low <= 1:
                break
            guess = low + (high - low) * low_gap / (low_gap - high_gap) if low_gap != high_gap else (low + high) / 2
            middle = round(min(max(guess, low + 1), high - 1))
            if not low < middle < high:
                break
            room_w, room_h = rooms(middle)
            if room_w > room_h:
                low, low_scale, low_gap = middle, room_h, room_w - room_h
                if last == 1:
                    high_gap /= 2
                last = 1
            else:
                high, high_gap = middle, room_w - room_h
                if last == -1:
                    low_gap /= 2
                last = -1
        # The widest width still limited by height has the least height of those tried; the narrowest
        # limited by width is the widest grid. Equal scales go to the wider grid: it fills the sheet.
        high_scale = area_w / self.grid_width(high)
        best = (high, high_scale) if high_scale >= low_scale else (low, low_scale)
        self._fits[key] = best
        return best

    def _sized_title(self, persona_id: str, size: tuple[float, float]) -> tuple[TitleBlock, tuple[float, float]]:
        """The page's title block in the type scale of the card text it leaves room for, and the grid's room.

        The block's type follows the card text, which follows the room the block leaves: the block is first set
        for the card text the smallest block allows, then the room measured again. Where that grown block leaves
        the cards less than it was set for (a long title and many goals over a grid of few cards: set for 40 pt
        cards, it filled an A0; or 7.5 pt cards under a 60 pt title on A1 where A2 printed 23.7 pt), it grows only
        as far as the card text it leaves room for: the largest size whose block leaves cards at least that
        large. So the block is set for no larger card text than the cards print at (within a fifth of a point,
        the final layout), and a larger sheet never prints them smaller.
        """
        key = (persona_id, size)
        known = self._sized.get(key)
        if known is None:
            width = size[0] - 2 * MARGIN

            def sized(card_pt: float) -> tuple[TitleBlock, tuple[float, float], float]:
                """The block set for ``card_pt``, the grid's room under it, and the card text that room prints."""
                title = self.title_block(persona_id, width, card_pt)
                area = (width, size[1] - 2 * MARGIN - title.height - title.footer_height)
                return title, area, self._fit_width(persona_id, area)[1] * self.base.text_size

            title, area, card_pt = sized(0.0)
            if type_scale(card_pt) != type_scale(0.0):
                grown, grown_area, grown_pt = sized(card_pt)
                if grown_pt < card_pt - TITLE_FIT_STEP:
                    # The grown block leaves the cards less than it was set for: halve the sizes in between down to
                    # the largest whose block leaves cards at least that large. The smallest block (any set for
                    # less than about 8.9 pt) leaves card_pt; a block set for what the grown one leaves, no
                    # larger, mostly leaves at least that.
                    low, high = (grown_pt if sized(grown_pt)[2] >= grown_pt else 0.0), card_pt
                    while high - low > TITLE_FIT_STEP:
                        middle = (low + high) / 2
                        low, high = (middle, high) if sized(middle)[2] >= middle else (low, middle)
                    grown, grown_area, _printed = sized(low)
                title, area = grown, grown_area
            known = self._sized[key] = (title, area)
        return known

    def page(self, persona_id: str, size: tuple[float, float]) -> PosterPage:
        """The persona's page filling a sheet of ``size`` points."""
        key = (persona_id, round(size[0], 3), round(size[1], 3))
        page = self._pages.get(key)
        if page is None:
            title, area = self._sized_title(persona_id, size)
            width, _predicted = self._fit_width(persona_id, area)
            style = self.style(width)
            layout = persona_layout(self.map, persona_id, self.wrapper, style)
            scale = max(0.0, min(area[0] / layout.width, area[1] / layout.height)) if area[1] > 0 else 0.0
            page = self._pages[key] = PosterPage(persona_id, layout, style, scale, size, title)
        return page

    def at_scale(self, page: PosterPage, scale: float) -> PosterPage:
        """The page printed at a smaller ``scale`` (another persona's), its columns widened to fill the sheet's
        width again; its title block set for that card text."""
        if scale >= page.scale - 1e-12:
            return page
        if scale <= 0:  # another persona's title block leaves its grid no room: nothing prints, no column to widen
            return replace(page, scale=0.0)
        key = (page.persona_id, round(page.size[0], 3), round(page.size[1], 3), scale)
        known = self._scaled.get(key)
        if known is not None:
            return known
        title = self.title_block(page.persona_id, page.size[0] - 2 * MARGIN, scale * self.base.text_size)
        area_w = page.size[0] - 2 * MARGIN
        area_h = page.size[1] - 2 * MARGIN - title.height - title.footer_height
        phases = max(1, len(self.map.phases))
        wider = math.floor((area_w / scale - self.base.lane_header_width) / phases - 2 * self.base.cell_padding)
        style, layout = page.style, page.layout
        if wider > style.card_width:
            candidate = self.style(float(wider))
            widened = persona_layout(self.map, page.persona_id, self.wrapper, candidate)
            if widened.width * scale <= area_w + 1e-6 and widened.height * scale <= area_h + 1e-6:
                style, layout = candidate, widened
        if layout.width * scale > area_w + 1e-6 or layout.height * scale > area_h + 1e-6:
            title = page.title  # the page's own block leaves room for its grid at its own, larger scale
        known = self._scaled[key] = PosterPage(page.persona_id, layout, style, scale, page.size, title)
        return known

    def scaled_page(self, persona_id: str, scale: float) -> PosterPage:
        """The persona's page sized to its grid printed at ``scale`` (canvas column widths)."""
        layout = persona_layout(self.map, persona_id, self.wrapper, self.base)
        grid_w, grid_h = layout.width * scale, layout.height * scale
        width = max(grid_w, MIN_POSTER_WIDTH - 2 * MARGIN)
        title = self.title_block(persona_id, width, scale * self.base.text_size)
        size = (width + 2 * MARGIN, grid_h + title.height + title.footer_height + 2 * MARGIN)
        return PosterPage(persona_id, layout, self.base, scale, size, title)

    def _predicted_pt(self, persona_id: str, size: tuple[float, float]) -> float:
        _title, area = self._sized_title(persona_id, size)
        return self._fit_width(persona_id, area)[1] * self.base.text_size

    def fits(self, persona_ids: list[str], size: tuple[float, float]) -> bool:
        """True when every persona's card text prints readably on a sheet of ``size``.

        The persona that failed last is tried first, so papers that are too small
        are ruled out after one persona.
        """
        order = sorted(persona_ids, key=lambda pid: pid != self._worst)
        for pid in order:
            if self._predicted_pt(pid, size) < MIN_READABLE_PT - 1e-9:
                self._worst = pid
                return False
        pages = [self.page(pid, size) for pid in order]
        for page in pages:
            if page.text_pt < MIN_READABLE_PT - 1e-9:
                self._worst = page.persona_id
                return False
        return True

    def smallest_paper(self, persona_ids: list[str], landscape: bool,
                       tile: tuple[float, float] | None = None) -> str | None:
        """The smallest standard paper on which every persona's card text is readable, or None. With a ``tile``
        size, only papers one tile does not cover: a paper one tile covers is not tiled (the planner refuses it)."""
        for name in STANDARD_PAPERS:
            size = paper_size(name, landscape)
            if tile is not None and covers(tile, size):
                continue
            if self.fits(persona_ids, size):
                return name
        return None

    def tiled_text_pt(self, persona_ids: list[str], wanted: float = TILED_TEXT_PT) -> float | None:
        """The card text size a tiled poster of every persona prints at without a side over MAX_POSTER_SIDE:
        ``wanted`` when it fits, else the largest half point below it that does; None when even MIN_READABLE_PT
        makes one too long (only a handout prints such a map readably)."""
        text_size = self.base.text_size

        def longest(card_pt: float) -> float:
            return max(max(self.scaled_page(pid, card_pt / text_size).size) for pid in persona_ids)

        first = longest(wanted)
        if within_poster_limit(first):
            return wanted
        # The margins do not grow with the text, so this first guess is at or above the answer, and a half point
        # below ``wanted`` (``first`` is over the limit); ``wanted`` less half a point is none when wanted is between
        # half points (6.3 pt: 5.8 pt, below MIN_READABLE_PT even when 6 pt fits).
        card_pt = math.floor(2 * wanted * MAX_POSTER_SIDE / first) / 2
        while card_pt >= MIN_READABLE_PT - 1e-9:
            if within_poster_limit(longest(card_pt)):
                return card_pt
            card_pt -= 0.5
        return None

    def plan(self, options: PdfOptions) -> PosterPlan:
        """The pages as they will print; never refuses (the caller checks ``readable``)."""
        persona_ids = resolve_personas(self.map, options.personas)
        if not persona_ids:
            raise ExportError(_("the map has no persona to print"))
        tile = None
        if options.tile:  # an unknown tile paper, or one no printer takes, is named before any work
            tile = paper_size(options.tile, options.landscape)
            check_tile(paper_label(options.tile, options.landscape), tile)
        automatic = is_auto(options.paper)
        if options.scale not in (None, "") and not (automatic and options.tile):
            raise ExportError(
                _("scale sets the size of a tiled poster with automatic paper: use it with --tile and without --paper")
            )
        if automatic and options.tile:
            scale = parse_scale(options.scale, self.base)
            pages = [self.scaled_page(pid, scale) for pid in persona_ids]
            for page in pages:
                if not within_poster_limit(max(page.size)):
                    raise poster_too_long(self, options, persona_ids, page, scale * self.base.text_size)
            return self._tiled(PosterPlan(pages, "", options.landscape, True, options.tile))
        if automatic:
            paper = self.smallest_paper(persona_ids, options.landscape) or STANDARD_PAPERS[-1]
        else:
            paper = options.paper.strip()
        size = paper_size(paper, options.landscape)
        if tile is not None and covers(tile, size):  # no poster to tile: what works instead
            raise tile_covers_paper(self, options, paper)
        pages = [self.page(pid, size) for pid in persona_ids]
        if options.same_scale and len(pages) > 1:
            # Personas printed side by side compare only at one scale: the smallest, which fits them all.
            scale = min(page.scale for page in pages)
            pages = [self.at_scale(page, scale) for page in pages]
        return self._tiled(PosterPlan(pages, paper, options.landscape, automatic, options.tile))

    def _tiled(self, plan: PosterPlan) -> PosterPlan:
        """The plan with each page's sheets chosen (app.export.tiles), when it is tiled."""
        tile = plan.tile_size()
        if tile is None:
            return plan
        # The footer as long as any page's prints (page 999 of 999), in the width the export gives it.
        width = min([(page.size[0] - 2 * MARGIN) / page.title.legend_scale for page in plan.pages]
                    + [tile[0] - 2 * MARGIN])
        footer = footer_text(self.map, self, 999, width)(999)
        plan.tilings = [plan_tiling(page.size, tile, *poster_boxes(page, self.wrapper.measure, footer))
                        for page in plan.pages]
        return plan


def limited_by_phases(page: PosterPage) -> bool:
    """Whether the grid is too wide even at the narrowest columns: its phases side by side set the scale."""
    layout = page.layout
    area_w, area_h = page.grid_area
    return page.style.card_width <= MIN_CARD_WIDTH + 0.5 and area_w / layout.width < area_h / layout.height


def cells_at_fault(page: PosterPage) -> list[tuple[str, str]]:
    """The (phase, lane) cells that force the page's scale down, the most to blame first.

    A grid is as tall as its lanes, and a lane as tall as its tallest cell: the cells whose cards set a lane's
    height (every cell of that height, when several tie), tallest lane first. The sheet's width and height were
    traded against each other by widening the columns, so these cells set the scale; only a grid still too wide
    at the narrowest columns is limited by its phases alone, which no cell can change: none then.
    """
    layout = page.layout
    if layout.width <= 0 or layout.height <= 0 or limited_by_phases(page):
        return []
    style = page.style
    least = style.cell_min_height
    found = []
    for header in layout.lane_headers:
        if header.item_id == layout.emotion_lane:
            continue
        tallest, cells = 0.0, []
        for phase in layout.phase_headers:
            key = (phase.item_id, header.item_id)
            ids = layout.cell_cards.get(key, [])
            if not ids:
                continue
            content = layout.cards[ids[-1]].rect.bottom - header.rect.y + style.cell_padding + style.cell_click_room
            if content > tallest + 0.5:
                tallest, cells = content, [key]
            elif content >= tallest - 0.5:
                cells.append(key)
        if cells and tallest > least + 0.5 and tallest >= header.rect.h - 0.5:
            found.append((header.rect.h, cells))
    found.sort(key=lambda item: -item[0])  # a stable sort: lanes of one height keep their order
    return [cell for _height, cells in found for cell in cells]


#: the longest side a tiled poster may have, in metres as the refusals say it
MAX_POSTER_METRES = f"{MAX_POSTER_SIDE / mm / 1000:.0f}"


def _handout_paper(paper: str | None) -> str | None:
    """``paper`` as a handout may print on (A4, Letter: paper people print on), else None."""
    return paper.strip() if paper and paper.strip().upper() in HANDOUT_PAPERS else None


def _size_text(card_pt: float) -> str:
    """A card text size as the messages write it: 9, or 7.5 (7,5) for a half point."""
    return f"{card_pt:.0f}" if card_pt == round(card_pt) else points(card_pt)


def _scale_flags(card_pt: float) -> list[str]:
    """The --scale a tiled poster needs for ``card_pt`` (none for the tiling's own TILED_TEXT_PT)."""
    return [] if card_pt == TILED_TEXT_PT else ["--scale", f"{card_pt:g}pt"]


def poster_too_long(planner: PosterPlanner, options: PdfOptions, persona_ids: list[str], page: PosterPage,
                    card_pt: float) -> ExportError:
    """A tiled poster with a side over MAX_POSTER_SIDE at the card text asked for: the largest text that keeps
    every persona's poster within it, when one of at least MIN_READABLE_PT does, and a handout, which prints any
    map with phases (the map split by phases, long cells continued over pages). The message names the size in
    words, as the export dialog's card text field takes it; the command line's --scale is in the suggestions."""
    handout = _handout_paper(options.tile) or "A4"
    fitting = planner.tiled_text_pt(persona_ids, card_pt)
    size = {"width": millimetres(page.size[0]), "height": millimetres(page.size[1]),
            "most": MAX_POSTER_METRES, "paper": paper_label(handout),
            "handout_size": f"{TILED_TEXT_PT:.0f}"}
    # Offered only when it prints: a map without phases, or names taller than its page, it refuses.
    prints = handout_prints(planner, persona_ids, handout, options.landscape)
    suggestions = [["--handout", "--paper", paper_label(handout)]] if prints else []
    if fitting is None and not planner.map.phases:
        message = _("the poster would be {width} × {height} mm, more than {most} m on a side even with card text at "
                    "the smallest readable size, and a map without phases prints no handout: give the map phases "
                    "or fewer lanes.").format(**size)
    elif fitting is None and not prints:
        message = _("the poster would be {width} × {height} mm, more than {most} m on a side even with card text at "
                    "the smallest readable size, and the longest phase names and goals or the persona's name leave "
                    "a handout on {paper} no room: shorten them.").format(**size)
    elif fitting is None:
        message = _("the poster would be {width} × {height} mm, more than {most} m on a side even with card text at "
                    "the smallest readable size: print a handout on {paper} instead (the map split by phases, card "
                    "text {handout_size} pt).").format(**size)
    elif not suggestions:
        message = _("the poster would be {width} × {height} mm, more than {most} m on a side: print card text at "
                    "{size} pt.").format(size=_size_text(fitting), **size)
    else:
        message = _("the poster would be {width} × {height} mm, more than {most} m on a side: print card text at "
                    "{size} pt, or a handout on {paper} (the map split by phases, card text "
                    "{handout_size} pt).").format(size=_size_text(fitting), **size)
    if fitting is not None:
        suggestions.insert(0, ["--tile", options.tile.strip(), "--scale", f"{fitting:g}pt"])
    return ExportError(message, suggestions=suggestions)


def handout_prints(planner: PosterPlanner, persona_ids: list[str], paper: str, landscape: bool) -> bool:
    """Whether a handout of these personas on ``paper`` prints, so that a refusal may offer it. The handout refuses a
    map without phases, and a page that a persona's name and role or a range's phase names and goals leave less
    than its least room for lanes; none of that depends on a card, so the map is planned without them: quickly."""
    from app.export.handout import choose_plan

    try:
        choose_plan(planner.map.model_copy(update={"cards": []}), persona_ids, planner, paper, landscape)
    except ExportError:
        return False
    return True


def _papers_text(choices: list[tuple[str, bool]]) -> str:
    """ "A3 landscape or A3 portrait" """
    named = [(_("{paper} landscape") if wide else _("{paper} portrait")).format(paper=paper_label(paper))
             for paper, wide in choices]
    if len(named) == 1:
        return named[0]
    return _("{papers} or {last}").format(papers=", ".join(named[:-1]), last=named[-1])


def _unreadable(journey_map: JourneyMap, plan: PosterPlan, planner: PosterPlanner,
                handout: str | None = None) -> ExportError:
    """Why the plan cannot print readably: the cells that force the worst page's scale down, and every paper and
    orientation that works (the smallest of each orientation the command line can ask for). ``handout``: the
    paper to suggest a handout on (None: the poster's, when it is paper people print on and not tiled)."""
    # At one scale every page prints alike: the persona to blame is the one whose own page prints smallest.
    own = [planner.page(p.persona_id, p.size) if plan.paper else p for p in plan.pages]
    page = min(own, key=lambda p: p.text_pt)
    at_fault = cells_at_fault(page)
    # The refusal is one line: a name written over several lines (a lane "Pain\npoints") is named on one.
    names = {item.id: " ".join(item.name.split()) for item in [*journey_map.phases, *journey_map.lanes]}
    if at_fault:
        cells = ", ".join(f"{names[p]} / {names[lane]}" for p, lane in at_fault[:6])
        if len(at_fault) > 6:
            cells = ngettext("{cells} and {count} more", "{cells} and {count} more", len(at_fault) - 6).format(
                cells=cells, count=len(at_fault) - 6)
    elif journey_map.phases and limited_by_phases(page):
        phases = len(journey_map.phases)
        cells = ngettext("all {count} phase side by side", "all {count} phases side by side", phases).format(
            count=phases)
    else:  # every lane at its least height (or a map without phases: only the lanes print): their number
        lanes = len(journey_map.lanes)
        cells = ngettext("all {count} lane one above the other", "all {count} lanes one above the other",
                         lanes).format(count=lanes)
    persona = " ".join(journey_map.persona(page.persona_id).name.split())
    ids = [p.persona_id for p in plan.pages]
    tile = plan.tile or "A4"
    tiled_pt = planner.tiled_text_pt(ids)
    tiled = tile_flags = None
    if tiled_pt is not None:  # tiling as large as 9 pt text asks may pass MAX_POSTER_SIDE: smaller text, or none
        tiled = _("tile the poster on {paper} sheets (card text {size} pt)").format(
            paper=paper_label(tile, plan.landscape), size=_size_text(tiled_pt))
        tile_flags = ["--tile", tile, *_scale_flags(tiled_pt)]
    # The command line keeps the orientation asked for (--portrait): from landscape it can also offer portrait.
    works: list[tuple[str, bool]] = []
    for wide in ((True, False) if plan.landscape else (False,)):
        if plan.automatic and wide == plan.landscape:
            continue  # automatic paper already tried every paper this way
        # Tiled: the smallest paper larger than a tile (the smallest readable one may be a tile or smaller).
        better = planner.smallest_paper(ids, wide, paper_size(tile, wide) if plan.tile else None)
        if better is not None:
            works.append((better, wide))
    works.sort(key=lambda choice: STANDARD_PAPERS.index(choice[0]))  # the smallest sheet first

    def flags(paper: str, wide: bool) -> list[str]:
        return ["--paper", paper] + ([] if wide == plan.landscape else ["--portrait"])

    tiling = [] if tile_flags is None else [tile_flags]
    if works and plan.tile:
        papers = {"paper": _papers_text(works), "tile": paper_label(tile, plan.landscape)}
        advice = (_("print it as {paper} tiled on {tile} sheets").format(**papers) if tiled is None else
                  _("print it as {paper} tiled on {tile} sheets, or {tiled}").format(tiled=tiled, **papers))
        suggestions = [[*flags(paper, wide), "--tile", tile] for paper, wide in works] + tiling
    elif works:
        advice = (_("choose paper {paper}").format(paper=_papers_text(works)) if tiled is None else
                  _("choose paper {paper}, or {tiled}").format(paper=_papers_text(works), tiled=tiled))
        suggestions = [flags(paper, wide) for paper, wide in works] + tiling
    elif tiled is not None:
        advice = _("{tiled}: no standard paper up to A0 is large enough").format(tiled=tiled)
        suggestions = tiling
    else:
        advice = suggestions = None
    if handout is None and not plan.automatic and not plan.tile:
        handout = _handout_paper(plan.paper)
    if advice is None:  # no paper, and a tiled poster would be longer than any printer's roll: the handout is left
        handout = _handout_paper(handout or tile) or "A4"
    offered = handout  # offered only when it prints: a map without phases, or names taller than its page, it refuses
    if handout is not None and not handout_prints(planner, ids, handout, plan.landscape):
        handout = None
    most = MAX_POSTER_METRES
    if advice is None and not journey_map.phases:
        advice = _("give the map phases or fewer lanes: no standard paper up to A0 is large enough, a tiled poster "
                   "would be more than {most} m on a side, and a map without phases prints no handout").format(
            most=most)
        suggestions = []
    elif advice is None and handout is None:
        advice = _("shorten the longest phase names and goals or the persona's name: no standard paper up to A0 is "
                   "large enough, a tiled poster would be more than {most} m on a side, and they leave a handout on "
                   "{paper} no room").format(most=most, paper=paper_label(offered))
        suggestions = []
    elif advice is None:
        paper = paper_label(handout)
        advice = _("print a handout on {paper} (the map split by phases, card text {size} pt): no standard paper up "
                   "to A0 is large enough, and a tiled poster would be more than {most} m on a side").format(
            paper=paper, size=f"{TILED_TEXT_PT:.0f}", most=most)
        suggestions = [["--handout", "--paper", paper]]
    elif handout is not None:
        # Paper people print on: the handout splits the map by phase range and keeps every word readable.
        paper = paper_label(handout)
        advice = _("{advice}, or print a handout on {paper} (the map split by phases, card text {size} pt)").format(
            advice=advice, paper=paper, size=f"{TILED_TEXT_PT:.0f}")
        suggestions = [*suggestions, ["--handout", "--paper", paper]]
    if page.grid_area[1] <= 0:  # no cell is to blame: the title block alone is taller than the sheet
        message = _("{persona}: on {paper} the title block (name, role, goals, pains and facts) is taller than the "
                    "sheet and leaves the map no room. To keep every word readable, {advice}.")
    elif plan.automatic:
        message = _("{persona}: even on {paper} card text would print at {size} pt (below {minimum} pt); "
                    "cells affected: {cells}. To keep every word readable, {advice}.")
    else:
        message = _("{persona}: on {paper} card text would print at {size} pt (below {minimum} pt); "
                    "cells affected: {cells}. To keep every word readable, {advice}.")
    return ExportError(
        message.format(persona=persona, paper=plan.paper_text(), size=points(page.text_pt),
                       minimum=f"{MIN_READABLE_PT:.0f}", cells=cells, advice=advice),
        suggestions=suggestions,
    )


def tile_covers_paper(planner: PosterPlanner, options: PdfOptions, paper: str) -> ExportError:
    """Tiles as large as the poster's ``paper`` (one sheet would print it): print it on that paper untiled when
    its text is readable there, and tiled on A4 when A4 is smaller; else what works (a larger paper tiled on these
    tiles, tiling at 9 pt, a handout on the tile paper when people print on it), never the unreadable paper."""
    tile = paper_label(options.tile, options.landscape)
    untiled = planner.plan(replace(options, paper=paper, tile=None))
    if untiled.readable:
        suggestions = [["--paper", paper]]
        if not covers(paper_size("A4", options.landscape), paper_size(paper, options.landscape)):
            suggestions.append(["--paper", paper, "--tile", "A4"])
        return ExportError(
            _("{tile} tiles are as large as the {paper} poster or larger: print the poster on {paper} without "
              "tiling, or tile it on smaller sheets.").format(tile=tile, paper=paper_label(paper)),
            suggestions=suggestions)
    handout = _handout_paper(options.tile)
    reason = _unreadable(planner.map, replace(untiled, tile=options.tile), planner, handout)
    return ExportError(
        _("{tile} tiles are as large as the {paper} poster or larger, and the poster does not print readably on "
          "{paper} alone. {reason}").format(tile=tile, paper=paper_label(paper), reason=reason),
        suggestions=reason.suggestions)


def plan_poster(journey_map: JourneyMap, options: PdfOptions | None = None,
                planner: PosterPlanner | None = None) -> PosterPlan:
    """The poster's pages for these options, readable or not (for previews).

    A ``planner`` kept between previews is used when it plans in the options' language.
    """
    options = options or PdfOptions()
    if planner is None or planner.language != document_language(journey_map, options.language):
        planner = PosterPlanner(journey_map, options.language)
    return planner.plan(options)


class _Poster:
    """Draws one persona's page onto a reportlab canvas in poster coordinates."""

    #: the deliverable's logo, drawn in the title block (the planner's ``logo``)
    logo: LogoArt | None = None

    def __init__(self, journey_map: JourneyMap, style: Style, wrapper: TextWrapper, words: Catalogue) -> None:
        self.map = journey_map
        self.style = style
        self.wrapper = wrapper
        self.words = words
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
        draw_block(c, x, baseline, lines, size, line_height, color, bold, into)
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
        self.kpi_badges(c, layout, texts)
        c.drawText(texts)

    def kpi_badges(self, c: Canvas, layout: PersonaLayout, texts: PDFTextObject) -> None:
        """Every KPI badge of the page's KPI lanes; their text goes into the cards' text object."""
        for badges in layout.kpi_badges.values():
            for badge in badges:
                self.kpi_badge(c, badge, texts)

    def kpi_badge(self, c: Canvas, badge: KpiBadge, texts: PDFTextObject) -> None:
        """A KPI's value against its target, as on the canvas: the ▲/▼ mark in its text, a tint, and a solid
        (met) or dashed (missed) edge, so the status reads without colour."""
        fill, edge = STATUS_COLORS.get(badge.status, STATUS_COLORS["open"])
        r = badge.rect
        c.setFillColor(HexColor(fill))
        c.setStrokeColor(HexColor(edge))
        c.setLineWidth(1.2)
        c.setDash(3, 2) if badge.status == "missed" else c.setDash()
        c.roundRect(r.x, r.y, r.w, r.h, min(r.h / 2, 6), stroke=1, fill=1)
        c.setDash()
        pad = self.style.card_padding / 2
        self.text(c, r.x + 2 * pad, r.y + pad, list(badge.lines), self.style.caption_size, palette.TEXT, bold=True,
                  into=texts)

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
        axis = emotion_axis(layout, style, self.wrapper.metrics)
        left = axis.lines_left
        right = layout.width
        c.setLineWidth(0.5)
        c.setStrokeColor(HexColor("#E0E0E0"))
        c.setDash(1, 2)
        for score in (score for score in SCORES if score):  # the zero line is drawn dashed below
            y = layout.zero_y - score * layout.score_step
            c.line(left, y, right, y)
        c.setStrokeColor(HexColor("#9A9A9A"))
        c.setDash(4, 3)
        c.setLineWidth(1)
        c.line(left, layout.zero_y, right, layout.zero_y)
        c.setDash()
        for _score, label, rect in axis.labels:
            self.text(c, rect.x, rect.y, [label], style.caption_size, palette.MUTED_TEXT)
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

    def draw_title(self, c: Canvas, page: PosterPage) -> None:
        """Title block and legend, in page points above the map (not scaled with it), in the block's type scale."""
        block = page.title
        if block.logo is not None and self.logo is not None:
            self.logo.draw(c, *block.logo)
        for run in title_runs(block, self.style.line_spacing):  # where tiling and the preview also put them
            self.text(c, run.x, run.top, run.lines, run.size, palette.MUTED_TEXT if run.muted else palette.TEXT,
                      bold=run.bold)
        self.draw_legend(c, block, block.legend_width)

    def draw_legend(self, c: Canvas, block: TitleBlock, width: float) -> None:
        """Swatches, marks and the emotion scale; every word beside its mark, each line inside the block."""
        x, y = block.legend_x, block.legend_y
        k = block.legend_scale
        size = LEGEND_SIZE * k
        shown = legend.poster_kinds(self.map, self.words)
        per_row = block.legend_columns
        column = width / per_row
        for i, (kind, label) in enumerate(shown):
            cx, cy = x + (i % per_row) * column, y + (i // per_row) * 14 * k
            fill, edge = palette.card_colors(kind)
            c.setFillColor(HexColor(fill))
            c.setStrokeColor(HexColor(edge))
            c.roundRect(cx, cy, 16 * k, 10 * k, 2 * k, stroke=1, fill=1)
            self.text(c, cx + 20 * k, cy, [label], size, palette.TEXT)
        row = y + math.ceil(len(shown) / per_row) * 14 * k + 2 * k
        for line in block.legend_marks:
            self.text(c, x, row, [line], size, palette.TEXT)
            row += 13 * k
        step = LEGEND_DOT_STEP * k
        for i, score in enumerate(SCORES):
            cx = x + i * step + 5 * k
            c.setFillColor(HexColor(palette.EMOTION_COLORS[score]))
            c.setStrokeColor(HexColor("#2A2A2A"))
            c.circle(cx, row + 5 * k, 4.5 * k, stroke=1, fill=1)
            self.text(c, cx + 7 * k, row, [score_label(score)], size, palette.TEXT)
        words = legend.emotion_range(self.words)
        if block.legend_range_below:
            self.text(c, x, row + 13 * k, [words], size, palette.MUTED_TEXT)
        else:
            self.text(c, x + len(SCORES) * step + 2 * k, row, [words], size, palette.MUTED_TEXT)


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
    planner = PosterPlanner(journey_map, options.language)
    if options.handout:
        from app.export.handout import export_handout

        return export_handout(journey_map, path, options, planner, progress)
    words = planner.words
    plan = planner.plan(options)
    if not plan.readable:
        raise _unreadable(journey_map, plan, planner)
    tile = plan.tile_size()

    buffer = io.BytesIO()
    first = plan.pages[0]
    # The insight pages are document pages, not parts of the poster: a tiled poster prints them on its
    # tile paper (the printer at hand), one sheet each; an untiled one on the poster's paper.
    persona_ids = [page.persona_id for page in plan.pages]
    sections = insight_sections(journey_map, persona_ids, options, tile or first.size, planner)
    insight = [page for _kind, pages in sections for page in pages]
    c = start_document(buffer, journey_map, persona_ids, tile or first.size)
    total = len(plan.pages)
    # The footer's line in FOOTER_SIZE points: an insight page's width, or a poster page's in its footer's type.
    widths = [(page.size[0] - 2 * MARGIN) / page.title.legend_scale for page in plan.pages]
    footer = footer_text(journey_map, planner, len(insight) + total,
                         min([*widths, (tile or first.size)[0] - 2 * MARGIN]))
    draw_insight(c, sections, footer, words)  # quick to draw: the poster's pages report progress

    def draw_page(index: int) -> None:
        page = plan.pages[index]
        poster = _Poster(journey_map, page.style, planner.wrapper, words)
        poster.logo = planner.logo
        # Flip to y-down poster coordinates once; each block of text un-flips its glyphs (_Poster.text).
        c.translate(0, page.size[1])
        c.scale(1, -1)
        c.saveState()
        c.translate(MARGIN, MARGIN)
        poster.draw_title(c, page)
        c.restoreState()
        c.saveState()
        c.translate(*page.grid_origin)
        c.scale(page.scale, page.scale)
        poster.draw_grid(c, page.layout)
        poster.draw_cards(c, page.layout)
        poster.draw_curve(c, page.layout)
        c.restoreState()
        size = page.title.footer_size
        poster.text(c, MARGIN, page.size[1] - MARGIN - size * poster.style.line_spacing,
                    [footer(len(insight) + index + 1)], size, palette.MUTED_TEXT)

    made: set[str] = set()  # the forms of the sheets' marks drawn so far
    for index, page in enumerate(plan.pages):
        bookmark(c, f"poster-{index}", journey_map.persona(page.persona_id).name)  # its assembly sheet when tiled
        if tile is None:
            c.setPageSize(page.size)
            c.saveState()
            draw_page(index)
            c.restoreState()
            c.showPage()
        else:
            # Drawn once as a form that the assembly sheet and every sheet place, not once per sheet (25 A4
            # sheets for an A0, 345 for a 4 m poster): the file grows with the poster plus a little per sheet.
            form = f"poster{index + 1}"
            draw_mark_forms(c, plan.tilings[index], words, planner.wrapper.measure, made)
            c.beginForm(form, 0, 0, *page.size)
            draw_page(index)
            c.endForm()
            sheets = PosterSheets(form, plan.tilings[index], index + 1, total,
                                  journey_map.persona(page.persona_id).name, words, planner.wrapper.measure,
                                  planner.wrapper.wrap, journey_map.title)
            if sheets.tiling.assembly:
                draw_assembly(c, sheets)
            draw_sheets(c, sheets)
        if progress is not None and progress(index + 1, total) is False:
            raise ExportCancelledError(_("export cancelled"))
    c.setPageCompression(1)  # the fonts are embedded at save, compressed
    c.save()
    missing, warnings = glyph_warnings(journey_map, persona_ids, bool(insight), words)
    write_output(path, buffer.getvalue())
    warnings += planner.brand.warnings
    return PdfResult(pages=len(insight) + plan.sheets(), missing_characters=missing, warnings=warnings,
                     summary=plan.summary(), text_pt=plan.text_pt)


# --- what every PDF of a map shares: metadata, outline, footer, insight pages --------------------------------


def map_author(journey_map: JourneyMap) -> str:
    """The map's author for the PDF's metadata: the deliverable's author once the model has one, else ""."""
    deliverable = getattr(journey_map, "deliverable", None)
    return (getattr(deliverable, "author", None) or "").strip()


def version_label(journey_map: JourneyMap) -> str:
    """The map's version label ("v2.3, draft") for the footer once the model has one, else ""."""
    deliverable = getattr(journey_map, "deliverable", None)
    return (getattr(deliverable, "version", None) or "").strip()


def start_document(buffer: io.BytesIO, journey_map: JourneyMap, persona_ids: list[str],
                   size: tuple[float, float]) -> Canvas:
    """A canvas whose metadata names the map: its title, author, the printed personas and this product."""
    c = Canvas(buffer, pagesize=size, pageCompression=1, initialFontName=REGULAR, initialFontSize=10)
    c.setTitle(journey_map.title)
    c.setAuthor(map_author(journey_map))  # none yet: empty, not the product's name
    c.setSubject(", ".join(journey_map.persona(pid).name for pid in persona_ids))
    c.setCreator(CREATOR)
    c.showOutline()
    return c


def bookmark(c: Canvas, key: str, title: str, level: int = 0) -> None:
    """An outline entry for the page being drawn (each entry its own key: one key holds one title)."""
    c.bookmarkPage(key)
    c.addOutlineEntry(title, key, level)


def footer_text(journey_map: JourneyMap, planner: PosterPlanner, pages: int,
                width: float | None = None) -> Callable[[int], str]:
    """Each page's footer: the confidentiality marking, the map's title, the client, its version label, the
    export date, page n of m (those of the deliverable's that are set).

    A line too long for ``width`` points is shortened with "…": the title first (the title block prints it
    whole), then the client, then the version label, each left out when not even its first letter fits;
    the marking only when all of them are gone. The date and the page number always print.
    """
    brand = planner.brand
    parts = {"marking": brand.confidentiality,
             "title": " ".join((journey_map.title.strip() or journey_map.id).split()),
             "client": brand.client,
             "version": version_label(journey_map)}
    words = planner.words

    def line(number: int) -> str:
        client = words.gettext("Client: {client}").format(client=parts["client"]) if parts["client"] else ""
        source = " · ".join(part for part in (parts["marking"], parts["title"], client, parts["version"],
                                              planner.today) if part)
        return words.gettext("{source} · page {page} of {pages}").format(source=source, page=number, pages=pages)

    measure = planner.wrapper.measure
    for name in ("title", "client", "version", "marking"):
        if width is None or measure(line(pages), FOOTER_SIZE) <= width:
            break
        whole = parts[name]
        if not whole:
            continue
        low, high = 0, len(whole)  # the most characters of the part that fit with "…"
        while low < high:
            middle = (low + high + 1) // 2
            parts[name] = whole[:middle].rstrip() + "…"
            if measure(line(pages), FOOTER_SIZE) <= width:
                low = middle
            else:
                high = middle - 1
        # a lone "…" says nothing: the part is left out (the marking keeps its mark that there is one)
        parts[name] = whole[:low].rstrip() + "…" if low or name == "marking" else ""

    return line


def insight_sections(journey_map: JourneyMap, persona_ids: list[str], options: PdfOptions,
                     size: tuple[float, float], planner: PosterPlanner) -> list[tuple[str, list[FlowPage]]]:
    """The insight pages asked for, laid out, by kind (summary, comparison, matrix, kpis), for the outline."""
    chosen = _insight_options(options)
    kinds = chosen_pages(printed_map(journey_map, persona_ids), chosen)
    return [(kind, insight_pages(journey_map, persona_ids,
                                 InsightOptions(**{name: name == kind for name in INSIGHT_TITLES}),
                                 size, planner.wrapper, planner.words))
            for kind in kinds]


def draw_insight(c: Canvas, sections: list[tuple[str, list[FlowPage]]], footer: Callable[[int], str],
                 words: Catalogue) -> None:
    """Draw the insight pages first in the document, each kind with its outline entry."""
    number = 1
    for kind, pages in sections:
        if pages:
            bookmark(c, f"insight-{kind}", words.gettext(INSIGHT_TITLES[kind]))
        draw_pages(c, pages, footer, number)
        number += len(pages)


def _insight_options(options: PdfOptions) -> InsightOptions:
    return InsightOptions(summary=options.summary, comparison=options.comparison, matrix=options.matrix,
                          kpis=options.kpis)
