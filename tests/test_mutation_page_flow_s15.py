"""Columns and drawn pages of ``app.export.page_flow`` (mutation survivors of ``Flow._next_column`` and
``draw_pages``).

- A flow of any number of columns fills them left to right, each from the top, before it starts a new page;
  every column stands one column width and gap right of the one before.
- ``draw_pages`` numbers the pages from 1 unless told where to start, one footer line per page.
- On the PDF page, a page's content is scaled by the page's scale from the sheet's top-left corner (the
  title's line starts MARGIN × scale from the left and top edges); the footer is never scaled: an 8-point
  line starting MARGIN from the left edge whose line box ends exactly MARGIN above the sheet's bottom edge.

The flows are drawn into real PDFs and read back with pypdf (text, where it is on the sheet, how large).
"""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A2, A3, A4, landscape, portrait
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import ReportlabMetrics
from app.export.page_flow import BODY_PT, COLUMN_GAP, LINE_SPACING, MARGIN, TITLE_PT, Flow, Line, Lines, draw_pages
from app.i18n import catalogue
from app.layout import TextWrapper

EPS = 1e-3
WRAPPER = TextWrapper(ReportlabMetrics(), catalogue("en"))
FOOTER_PT = 8.0


def flow(size: tuple[float, float], columns: int | None = None, items: int = 0) -> Flow:
    """A flow with ``items`` blocks of three lines each, "item k.0" to "item k.2"."""
    made = Flow(WRAPPER, size, "Findings", "Findings (continued)", "Onboarding", columns)
    for k in range(items):
        made.add(Lines([Line(f"item {k}.{i}") for i in range(3)]))
    return made


def printed(pages, first_number: int | None = None) -> list[list[tuple[str, float, float, float]]]:
    """Each PDF page's lines as (text, x from the left edge, baseline from the top edge, size on paper)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    footer = lambda number: f"Footer of page {number}"  # noqa: E731
    if first_number is None:
        draw_pages(canvas, pages, footer)
    else:
        draw_pages(canvas, pages, footer, first_number)
    canvas.save()
    result = []
    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages:
        height = float(page.mediabox.height)
        lines: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, _font, size, lines=lines, height=height):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                scale = math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]) * abs(tm[0] * tm[3] - tm[1] * tm[2]))
                lines.append((text.strip(), x, height - y, size * scale))

        page.extract_text(visitor_text=visit)
        result.append(lines)
    return result


def box_bottom(baseline: float, size: float) -> float:
    """Where a line's box ends below its baseline (as ``page_flow.draw_text`` places the baseline)."""
    line_height = size * LINE_SPACING
    top = baseline - (line_height - size * 1.164) / 2 - size * 0.928
    return top + line_height


# --- columns --------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [1, 2, 3, 4])
def test_a_flow_fills_its_columns_left_to_right_before_a_new_page(columns: int):
    made = flow(portrait(A3), columns, items=70 * columns)
    assert len(made.pages) >= 2
    lefts = [MARGIN + k * (made.width + COLUMN_GAP) for k in range(columns)]
    places = []  # (page, column, top) of each item's first line, in the order added
    for number, page in enumerate(printed(made.pages)):
        for text, x, baseline, _size in page:
            if text.startswith("item") and text.endswith(".0"):
                column = min(range(columns), key=lambda k: abs(lefts[k] - x))
                assert x == pytest.approx(lefts[column], abs=EPS)
                places.append((int(text.split()[1].split(".")[0]), number, column, baseline))
    places.sort()
    assert [place[0] for place in places] == list(range(70 * columns))
    assert [place[1:] for place in places] == sorted(place[1:] for place in places)  # in reading order
    last = places[-1][1]
    for number in range(len(made.pages)):
        used = {column for _k, page, column, _top in places if page == number}
        if number < last:
            assert used == set(range(columns)), (number, used)
        first_tops = {column: min(top for _k, page, c, top in places if page == number and c == column)
                      for column in used}
        assert max(first_tops.values()) - min(first_tops.values()) < EPS  # every column starts at the top


# --- page numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("first_number", [None, 1, 2, 7])
def test_the_footers_number_the_pages_from_one_or_the_number_asked_for(first_number: int | None):
    made = flow(portrait(A4), items=90)
    assert len(made.pages) >= 2
    start = 1 if first_number is None else first_number
    footers = [[text for text, *_rest in page if text.startswith("Footer")] for page in printed(made.pages,
                                                                                              first_number)]
    assert footers == [[f"Footer of page {start + i}"] for i in range(len(made.pages))]


# --- where the content and the footer sit on the sheet ---------------------------------------------


@pytest.mark.parametrize("size", [portrait(A4), landscape(A4), portrait(A3), landscape(A2)],
                         ids=["A4", "A4-landscape", "A3", "A2-landscape"])
def test_the_content_is_scaled_from_the_top_left_corner_and_the_footer_sits_on_the_bottom_margin(size):
    made = flow(size, items=2)
    scale = made.scale
    (page,) = printed(made.pages)
    sheet_height = size[1]
    title = next(line for line in page if line[0] == "Findings")
    assert title[1] == pytest.approx(MARGIN * scale, abs=EPS)
    assert title[3] == pytest.approx(TITLE_PT * scale, abs=EPS)
    assert box_bottom(title[2], title[3]) - title[3] * LINE_SPACING == pytest.approx(MARGIN * scale, abs=EPS)
    item = next(line for line in page if line[0] == "item 0.0")
    assert item[1] == pytest.approx(MARGIN * scale, abs=EPS)
    assert item[3] == pytest.approx(BODY_PT * scale, abs=EPS)
    (footer,) = [line for line in page if line[0].startswith("Footer")]
    assert footer[1] == pytest.approx(MARGIN, abs=EPS)
    assert footer[3] == pytest.approx(FOOTER_PT, abs=EPS)
    assert box_bottom(footer[2], footer[3]) == pytest.approx(sheet_height - MARGIN, abs=EPS)
