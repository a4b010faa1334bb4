"""A tiled poster's sheets and its assembly sheet as a reader (or a caller) sees them (``app.export.tiles``).

- ``sheet_text`` gives a sheet's own margin words (name, place) as its page prints them; its marks' form
  prints the rest: the overlap note naming the width of every strip a neighbour is glued onto (both where a
  strip is wider to keep a block whole) and "glue" beside each such strip, right and below.
- The sheets' pages are stored uncompressed (a few hundred bytes each), but what the canvas draws after them
  (the next poster page, its assembly sheet) is compressed again, whatever reportlab's configured default
  (``RL_pageCompression``).
- The assembly sheet counts the sheets left out (one or several, singular or plural), names the sheets every
  block too large for one sheet spans (both when two, the corners from three) whether or not the block before
  it lay whole on a sheet, names the poster page in its heading whenever there are several, and wraps its bold
  heading as bold type so that no line runs past the printable width.

Each in English and German, on tilings planned for posters of a few shapes on sheets of a few sizes.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.pagesizes import A1, A2, A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import BOLD, ReportlabMetrics
from app.export.tiles import (
    SHEET_MARGIN,
    Box,
    PosterSheets,
    Tiling,
    draw_assembly,
    draw_mark_forms,
    draw_sheets,
    fixed_words,
    mark_form,
    plan_tiling,
    sheet_label,
    sheet_text,
    usable,
)
from app.i18n import catalogue
from app.layout import TextWrapper
from tests.test_mutation_tile_assembly import RecordingCanvas, String
from tests.test_tiles import sheet_words

EPS = 1e-6
LANGUAGES = ["en", "de"]


def wrapper(language: str) -> TextWrapper:
    return TextWrapper(ReportlabMetrics(), catalogue(language))


def poster_sheets(tiled: Tiling, language: str, page: int = 1, pages: int = 1,
                  persona: str = "Ann Example") -> PosterSheets:
    wrap = wrapper(language)
    return PosterSheets(f"poster{page}", tiled, page, pages, persona, catalogue(language), wrap.measure, wrap.wrap)


def laid_out(poster: tuple[float, float], title: Box, legend: Box) -> tuple[list[Box], dict[str, Box]]:
    """A poster page's boxes: the title block and the legend where given, the grid below them."""
    top = max(title.bottom, legend.bottom) + 20
    grid = Box(40, top, poster[0] - 80, max(poster[1] - top - 60, 10))
    return [title, legend, grid], {"title": title, "legend": legend}


def top_row(poster: tuple[float, float], title: tuple[float, float], legend: tuple[float, float]):
    """A title block of size ``title`` at the top left, a legend of size ``legend`` at the top right."""
    return laid_out(poster, Box(40, 40, *title), Box(poster[0] - 40 - legend[0], 40, *legend))


def transposed(box: Box) -> Box:
    return Box(box.y, box.x, box.h, box.w)


#: a poster whose legend lies whole on a sheet only where that sheet's left neighbour overlaps it by more
#: than the usual 10 mm: strips of 10 and 83 mm to the right; the same turned a quarter: 10 and 83 mm below
WIDE_TITLE, WIDE_LEGEND, WIDE_GRID = Box(40, 40, 300, 200), Box(860, 300, 250, 300), Box(40, 40, 1320, 920)
TILINGS = {
    "wider right strips": lambda: plan_tiling(
        (1400.0, 1000.0), portrait(A4), [WIDE_TITLE, WIDE_LEGEND, WIDE_GRID],
        {"title": WIDE_TITLE, "legend": WIDE_LEGEND}),
    "wider strips below": lambda: plan_tiling(
        (1000.0, 1400.0), landscape(A4), [transposed(b) for b in (WIDE_TITLE, WIDE_LEGEND, WIDE_GRID)],
        {"title": transposed(WIDE_TITLE), "legend": transposed(WIDE_LEGEND)}),
    "A1 on A4": lambda: plan_tiling(landscape(A1), portrait(A4), *top_row(landscape(A1), (300, 90), (200, 100))),
    "A2 on A4 across": lambda: plan_tiling(landscape(A2), landscape(A4),
                                           *top_row(landscape(A2), (300, 90), (200, 100))),
}


# --- a sheet's words -------------------------------------------------------------------------------------


class FormRecorder(RecordingCanvas):
    """A recording canvas that also notes where each form begins and ends, and each page's end."""

    def beginForm(self, name, *args, **kwargs):
        self.drawn.append(("begin", name))
        return super().beginForm(name, *args, **kwargs)

    def endForm(self, *args, **kwargs):
        self.drawn.append(("end", ""))
        return super().endForm(*args, **kwargs)

    def showPage(self):
        self.drawn.append(("page", ""))
        return super().showPage()


def form_words(drawn: list) -> dict[str, list[String]]:
    """The strings drawn inside each form, by the form's name."""
    forms, name = {}, None
    for item in drawn:
        if isinstance(item, tuple) and item[0] == "begin":
            name = item[1]
            forms[name] = []
        elif isinstance(item, tuple) and item[0] == "end":
            name = None
        elif name is not None and isinstance(item, String):
            forms[name].append(item)
    return forms


def page_words(drawn: list) -> list[list[String]]:
    """The strings drawn on each page, outside any form, page by page."""
    pages, current, inside = [], [], False
    for item in drawn:
        if isinstance(item, tuple):
            if item[0] == "page":
                pages.append(current)
                current = []
            inside = item[0] == "begin"
        elif not inside and isinstance(item, String):
            current.append(item)
    return pages


def note_of(language: str, widths: list[int]) -> str:
    text = "/".join(str(width) for width in widths)
    return f"Überlappung {text} mm" if language == "de" else f"overlap {text} mm"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(TILINGS))
def test_a_sheets_text_is_what_the_sheet_and_its_marks_form_print(name, language):
    """For every printed sheet: its own words are those drawn on its page; the others are those its marks' form
    draws, the overlap note naming the width of each strip a neighbour is glued onto (10 mm with none) and the
    glue word once beside each strip."""
    tiled = TILINGS[name]()
    sheets = poster_sheets(tiled, language)
    c = FormRecorder()
    c.beginForm(sheets.form, 0, 0, *tiled.poster)
    c.endForm()
    draw_mark_forms(c, tiled, sheets.words, sheets.measure, set())
    draw_sheets(c, sheets)
    forms, pages = form_words(c.drawn), page_words(c.drawn)
    assert len(pages) == len(tiled.printed)
    glue = "kleben" if language == "de" else "glue"
    strips_seen = set()
    for sheet, page in zip(tiled.printed, pages, strict=True):
        own = sheet_text(sheets, sheet)
        assert [(w.text, w.x, w.y, w.size) for w in own] == [(s.text, s.x, s.y, s.size) for s in page]
        assert own[0].text == ("Blatt " if language == "de" else "Sheet ") + sheet.label
        right, below = tiled.glue(sheet)
        # what every sheet of its kind prints, as the marks' form lays it out (label and place left out)
        fixed = sheet_words(tiled.tile, "", "", *fixed_words(sheets.words, right, below), right, below,
                            sheets.measure)[1]
        form = forms[mark_form(right, below)]
        assert [(w.text, w.size) for w in fixed] == [(s.text, s.size) for s in form]
        flat = [w for w in fixed if not w.rotated]
        assert [(w.x, w.y) for w in flat] == [(s.x, s.y) for s in form[:len(flat)]]
        widths = sorted({round(strip / mm) for strip in (right, below) if strip}) or [10]
        assert [w.text for w in fixed if w.text != glue] == [note_of(language, widths)]
        assert [w.rotated for w in fixed if w.text == glue] == [False] * bool(right) + [True] * bool(below)
        strips_seen.add((round(right / mm), round(below / mm)))
    # every kind of neighbourhood a sheet of these tilings has: none, right, below, both (wider where planned)
    assert {(bool(r), bool(b)) for r, b in strips_seen} == {(False, False), (True, False), (False, True),
                                                            (True, True)}
    if name == "wider right strips":
        assert {(83, 10), (83, 0), (10, 10)} <= strips_seen
    if name == "wider strips below":
        assert {(10, 83), (0, 83), (10, 10)} <= strips_seen


# --- compression after the sheets ----------------------------------------------------------------------------


def content_streams(pdf: bytes) -> tuple[list[bool], dict[str, bool]]:
    """Whether each page's content stream, and each form, is stored compressed (FlateDecode)."""
    reader = PdfReader(io.BytesIO(pdf))

    def flate(obj) -> bool:
        filters = obj.get("/Filter")
        filters = filters if isinstance(filters, list) else [filters]
        return "/FlateDecode" in filters

    pages = [flate(page["/Contents"].get_object()) for page in reader.pages]
    forms = {}
    for page in reader.pages:
        for name, ref in page["/Resources"].get("/XObject", {}).items():
            forms[name.lstrip("/").removeprefix("FormXob.")] = flate(ref.get_object())
    return pages, forms


@pytest.mark.parametrize("default", [0, 1])
def test_what_follows_a_poster_pages_sheets_is_compressed_whatever_reportlabs_default(monkeypatch, default):
    """Two poster pages tiled, as the export draws them on a canvas set to compress: each sheet's page is stored
    uncompressed, the second poster page's form and its assembly sheet compressed, even when reportlab's
    configured default (RL_pageCompression) is not to."""
    monkeypatch.setattr(rl_config, "pageCompression", default)
    tiled = TILINGS["A2 on A4 across"]()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1)
    made: set[str] = set()
    for page in (1, 2):
        sheets = poster_sheets(tiled, "en", page, 2)
        draw_mark_forms(c, tiled, sheets.words, sheets.measure, made)
        c.beginForm(sheets.form, 0, 0, *tiled.poster)
        c.setFont(BOLD, 40)
        c.drawString(100, 100, "A poster page " * 20)
        c.endForm()
        draw_assembly(c, sheets)
        draw_sheets(c, sheets)
    c.setPageCompression(1)
    c.save()
    pages, forms = content_streams(buffer.getvalue())
    count = len(tiled.printed)
    assert len(pages) == 2 * (1 + count)
    assert pages == [True] + [False] * count + [True] + [False] * count
    assert forms["poster1"] and forms["poster2"]


# --- the sheets left out ---------------------------------------------------------------------------------


def assembly_words(sheets: PosterSheets) -> tuple[list[String], list[String]]:
    """The assembly sheet's heading lines and the lines under it (the strings drawn before the miniature)."""
    c = RecordingCanvas()
    c.beginForm(sheets.form, 0, 0, *sheets.tiling.poster)
    c.endForm()
    draw_assembly(c, sheets)
    first = next(i for i, item in enumerate(c.drawn) if not isinstance(item, String))
    words = c.drawn[:first]
    return [w for w in words if w.font == BOLD], [w for w in words if w.font != BOLD]


def text_of(lines: list[String]) -> str:
    return " ".join(" ".join(line.text for line in lines).split())


def says(text: str, sentence: str) -> bool:
    """Whether the text says the sentence as words of their own (nothing glued to either end)."""
    return re.search(r"(?<!\S)" + re.escape(sentence) + r"(?!\S)", text) is not None


LEFT_OUT = {
    "en": ("{count} sheet holds nothing of the poster and is not printed (crossed out below).",
           "{count} sheets hold nothing of the poster and are not printed (crossed out below)."),
    "de": ("{count} Blatt enthält nichts vom Poster und wird nicht gedruckt (unten durchgestrichen).",
           "{count} Blätter enthalten nichts vom Poster und werden nicht gedruckt (unten durchgestrichen)."),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("poster", "tile", "skipped"), [
    (landscape(A1), portrait(A4), 3),
    (landscape(A1), landscape(A4), 2),
    (portrait(A1), portrait(A4), 0),
    (landscape(A2), landscape(A4), 1),
], ids=["three", "two", "none", "one"])
def test_the_assembly_sheet_counts_the_sheets_left_out(poster, tile, skipped, language):
    tiled = plan_tiling(poster, tile, *top_row(poster, (300, 90), (200, 100)))
    assert tiled.skipped == skipped
    text = text_of(assembly_words(poster_sheets(tiled, language))[1])
    one, several = LEFT_OUT[language]
    for sentence in (one, several):
        assert (sentence.split("{count}")[1] in text) is (skipped > 0 and sentence == (one if skipped == 1 else
                                                                                        several)), text
    if skipped:
        assert says(text, (one if skipped == 1 else several).format(count=skipped)), text


# --- the blocks too large for a sheet -----------------------------------------------------------------------

SPANS = {
    "en": {"title": "The title block is larger than one sheet's printable area; it spans sheets {sheets}.",
           "legend": "The legend is larger than one sheet's printable area; it spans sheets {sheets}."},
    "de": {"title": "Der Titelblock ist größer als der bedruckbare Bereich eines Blatts; er reicht über die "
                    "Blätter {sheets}.",
           "legend": "Die Legende ist größer als der bedruckbare Bereich eines Blatts; sie reicht über die "
                     "Blätter {sheets}."},
}


def named(spanned) -> str:
    """Two sheets or fewer each by name; more by the corners of their rectangle, top left to bottom right."""
    if len(spanned) <= 2:
        return ", ".join(s.label for s in spanned)
    return (f"{sheet_label(min(s.row for s in spanned), min(s.column for s in spanned))}–"
            f"{sheet_label(max(s.row for s in spanned), max(s.column for s in spanned))}")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("poster", "tile", "title", "legend", "spans"), [
    (landscape(A2), landscape(A4), (200, 60), (560, 60), {}),  # both whole on a sheet
    (landscape(A2), landscape(A4), (200, 60), (800, 60), {"legend": 2}),  # the title whole, the legend on two
    (landscape(A2), portrait(A4), (200, 60), (800, 60), {"legend": 3}),  # ... on three in a row
    (landscape(A1), portrait(A4), (200, 60), (560, 300), {"legend": 4}),  # ... on two by two
    (landscape(A1), landscape(A4), (200, 60), (1300, 300), {"legend": 6}),  # ... on three by two
    (landscape(A1), portrait(A4), (1100, 60), (800, 300), {"title": 3, "legend": 2}),  # both cut
], ids=["none", "legend-two", "legend-three", "legend-four", "legend-six", "both"])
def test_the_assembly_sheet_names_the_sheets_each_block_too_large_spans(poster, tile, title, legend, spans,
                                                                         language):
    """A line for every block lying whole on no sheet (whether or not the block before it does), naming the
    sheets it spans; none for a block kept whole."""
    tiled = plan_tiling(poster, tile, *top_row(poster, title, legend))
    assert {name: len(tiled.spanned(box)) for name, (box, label) in tiled.blocks.items() if not label} == spans
    text = text_of(assembly_words(poster_sheets(tiled, language))[1])
    for name, sentence in SPANS[language].items():
        box, label = tiled.blocks[name]
        if label:
            assert sentence.split("{sheets}")[0] not in text
        else:
            assert says(text, sentence.format(sheets=named(tiled.spanned(box)))), text


# --- the heading ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("page", "pages"), [(1, 1), (1, 2), (2, 2), (3, 3), (2, 7)])
def test_the_heading_names_the_poster_page_whenever_there_are_several(page, pages, language):
    tiled = TILINGS["A2 on A4 across"]()
    heading = text_of(assembly_words(poster_sheets(tiled, language, page, pages, "Cem Çakır"))[0])
    place = "Zusammenbau: Cem Çakır" if language == "de" else "Assembly: Cem Çakır"
    if pages == 1:
        assert heading == place
    else:
        word = "Posterseite {page} von {pages}" if language == "de" else "poster page {page} of {pages}"
        assert heading == f"{place} · " + word.format(page=page, pages=pages)


PERSONAS = ["Wide Wombat Mmmmm Wwwww Mmmmm Wwwww Mmmmm Wwwww Mmmmm Wwwww Mmmmm",
            "Maximilian Wolfgang Mustermann-Wiesenthal aus Mönchengladbach am Niederrhein",
            "W M W M W M W M W M W M W M W M W M W M W M W M W M W M W M W M W M W M W M"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tile", [(90 * mm, 90 * mm), (105 * mm, 148 * mm), (148 * mm, 105 * mm), portrait(A4)],
                         ids=["90mm", "A6", "A6-across", "A4"])
def test_the_bold_heading_wraps_within_the_printable_width(tile, language):
    """Each line of the heading, bold as printed, ends inside the printable area; the whole heading prints."""
    poster = landscape(A2)
    tiled = plan_tiling(poster, tile, *top_row(poster, (200, 60), (200, 60)))
    measure = ReportlabMetrics().width
    usable_w = usable(tile)[0]
    for persona in PERSONAS:
        heading, _lines = assembly_words(poster_sheets(tiled, language, 2, 3, persona))
        assert len(heading) >= 2
        for line in heading:
            assert line.x == SHEET_MARGIN
            assert measure(line.text, line.size, True) <= usable_w + EPS, (line.text, usable_w)
        assert persona in text_of(heading) and re.search(r" [23] ", text_of(heading))

