"""What a tiled poster tells its reader about its sheets (``app.export.tiles``).

- The export's summary says how the sheets were chosen: "an assembly sheet first" for one poster page, "an
  assembly sheet before each poster page's sheets" when every page of several has one, "N assembly sheets"
  when only some have; in the UI's language.
- The assembly sheet names the sheets a block too large for one sheet spans: both when two, else the corners
  of the rectangle of sheets ("A1–B3": the first and the last).
- The marks' forms (crop and glue marks, the overlap note) are as large as the sheet, whatever page the
  canvas was on before, so that no mark near the sheet's far edges is cut off.

Tilings are planned for posters of a few sizes on sheets of a few sizes, both ways up.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, A5, landscape, portrait
from reportlab.pdfgen.canvas import Canvas

from app import i18n
from app.export.fonts import ReportlabMetrics
from app.export.tiles import (
    Box,
    PosterSheets,
    Tiling,
    crop_marks,
    draw_assembly,
    draw_mark_forms,
    glue_marks,
    mark_form,
    plan_tiling,
    sheet_label,
    summary_note,
)
from app.i18n import catalogue
from app.layout import TextWrapper
from tests.test_mutation_tile_assembly import RecordingCanvas, String

EPS = 1e-6


def content(poster: tuple[float, float], title: tuple[float, float] = (300, 90),
            legend: tuple[float, float] = (200, 100)) -> tuple[list[Box], dict[str, Box]]:
    """A poster page's boxes: a title block (``title``: its size) at the top left, a legend at the top right,
    the grid below them."""
    width, height = poster
    title_box = Box(40, 40, *title)
    legend_box = Box(width - 40 - legend[0], 40, *legend)
    top = max(title_box.bottom, legend_box.bottom) + 20
    grid = Box(40, top, width - 80, max(height - top - 60, 10))
    return [title_box, legend_box, grid], {"title": title_box, "legend": legend_box}


def tiling(poster: tuple[float, float], tile: tuple[float, float], **sizes) -> Tiling:
    return plan_tiling(poster, tile, *content(poster, **sizes))


# --- the summary's note ------------------------------------------------------------------------------

NOTES = {
    "en": {"first": "an assembly sheet first", "each": "an assembly sheet before each poster page's sheets",
           "some": "{count} assembly sheet", "some_plural": "{count} assembly sheets"},
    "de": {"first": "ein Zusammenbaublatt vorweg", "each": "ein Zusammenbaublatt vor den Blättern jeder Posterseite",
           "some": "{count} Zusammenbaublatt", "some_plural": "{count} Zusammenbaublätter"},
}
ONE_SHEET = (400.0, 300.0)  # a poster page that fits on one A4: no assembly sheet
#: poster pages on A4 sheets, each either needing an assembly sheet (larger) or not (ONE_SHEET)
PAGE_SETS = {
    "one A2": [landscape(A2)],
    "A2 and A1": [landscape(A2), landscape(A1)],
    "three A3": [portrait(A3), landscape(A3), landscape(A3)],
    "A1 and a small one": [landscape(A1), ONE_SHEET],
    "two of three": [landscape(A2), ONE_SHEET, portrait(A2)],
    "only small ones": [ONE_SHEET, ONE_SHEET],
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("pages", list(PAGE_SETS))
@pytest.mark.parametrize("tile", [portrait(A4), landscape(A4)])
def test_the_summary_says_which_poster_pages_have_an_assembly_sheet(language, pages, tile):
    i18n.set_language(language)
    tilings = [tiling(poster, tile) for poster in PAGE_SETS[pages]]
    assembled = sum(t.assembly for t in tilings)
    assert [t.assembly for t in tilings] == [poster != ONE_SHEET for poster in PAGE_SETS[pages]]
    first = summary_note(tilings).split(", ")[0]
    words = NOTES[language]
    if assembled == len(tilings) == 1:
        assert first == words["first"]
    elif assembled == len(tilings):
        assert first == words["each"]
    elif assembled:
        assert first == words["some" if assembled == 1 else "some_plural"].format(count=assembled)
    else:
        assert not summary_note(tilings).startswith((words["first"], words["each"]))


# --- the assembly sheet names the sheets a large block spans -----------------------------------------


def assembly_text(tiling_: Tiling, language: str) -> str:
    words = catalogue(language)
    wrapper = TextWrapper(ReportlabMetrics(), words)
    c = RecordingCanvas()
    c.beginForm("poster1", 0, 0, *tiling_.poster)
    c.endForm()
    draw_assembly(c, PosterSheets("poster1", tiling_, 1, 1, "Ann Example", words, wrapper.measure, wrapper.wrap))
    first = next(i for i, item in enumerate(c.drawn) if not isinstance(item, String))
    return " ".join(" ".join(item.text for item in c.drawn[:first]).split())


def named(tiling_: Tiling, box: Box) -> str:
    """How the reader is told which sheets print the box: both when two, else the rectangle's corners."""
    spanned = tiling_.spanned(box)
    if len(spanned) <= 2:
        return ", ".join(sheet.label for sheet in spanned)
    first = sheet_label(min(s.row for s in spanned), min(s.column for s in spanned))
    last = sheet_label(max(s.row for s in spanned), max(s.column for s in spanned))
    return f"{first}–{last}"


SENTENCES = {
    "title": "The title block is larger than one sheet's printable area; it spans sheets {sheets}.",
    "legend": "The legend is larger than one sheet's printable area; it spans sheets {sheets}.",
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("poster", "tile", "title", "legend"), [
    (landscape(A1), portrait(A4), (1400, 120), (200, 100)),   # a wide title: one row of three sheets or more
    (landscape(A1), portrait(A4), (1300, 1000), (200, 100)),  # a large title: two rows and more
    (landscape(A0), landscape(A4), (900, 200), (1500, 900)),   # a large legend, a title over two sheets
    (portrait(A1), landscape(A5), (1200, 500), (300, 700)),   # both larger than a sheet
])
def test_the_assembly_sheet_names_the_corners_of_the_sheets_a_large_block_spans(
        language, poster, tile, title, legend):
    words = catalogue(language)
    tiled = tiling(poster, tile, title=title, legend=legend)
    text = assembly_text(tiled, language)
    cut = tiled.oversized()
    assert cut
    spans = []
    for name in ("title", "legend"):
        sentence = words.gettext(SENTENCES[name])
        if name in cut:
            box = tiled.blocks[name][0]
            spans.append(len(tiled.spanned(box)))
            assert sentence.format(sheets=named(tiled, box)) in text
        else:
            assert sentence.split("{sheets}")[0] not in text
    assert max(spans) >= 4 and any(n >= 3 for n in spans)  # corners named, not the second sheet


# --- the marks' forms ----------------------------------------------------------------------------------


def form_boxes(tile: tuple[float, float], before: tuple[float, float], tiled: Tiling) -> dict[str, list[float]]:
    """The bounding boxes of the marks' forms drawn on a canvas last on a page of size ``before``, each placed on
    a sheet, as the PDF stores them."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=before)
    c.drawString(100, 100, "an earlier page")
    c.showPage()
    made: set[str] = set()
    draw_mark_forms(c, tiled, catalogue("en"), ReportlabMetrics().width, made)
    for name in sorted(made):
        c.setPageSize(tile)
        c.doForm(name)
        c.showPage()
    c.save()
    boxes = {}
    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages[1:]:
        for name, ref in page["/Resources"]["/XObject"].items():
            boxes[name.lstrip("/").removeprefix("FormXob.")] = [float(v) for v in ref.get_object()["/BBox"]]
    return boxes


@pytest.mark.parametrize("tile", [portrait(A4), landscape(A4), landscape(A3)])
@pytest.mark.parametrize("before", [portrait(A5), landscape(A5), (300.0, 300.0)])
def test_the_marks_forms_are_as_large_as_the_sheet_whatever_page_came_before(tile, before):
    tiled = tiling(landscape(A1), tile)
    boxes = form_boxes(tile, before, tiled)
    kinds = {tiled.glue(sheet) for sheet in tiled.printed}
    assert set(boxes) == {mark_form(*kind) for kind in kinds}
    assert len(kinds) >= 3  # sheets with a neighbour right, below, both and none
    for right, below in kinds:
        box = boxes[mark_form(right, below)]
        assert box == pytest.approx([0, 0, *tile])
        for segment in crop_marks(tile) + glue_marks(tile, right, below):  # every mark inside: none cut off
            for x, y in segment:
                assert box[0] - EPS <= x <= box[2] + EPS and box[1] - EPS <= y <= box[3] + EPS
