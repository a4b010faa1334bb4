"""A line drawn on a y-up page (a sheet's margin, the assembly sheet: ``script_text.draw_string``) lands where
asked, upright, in any script.

A Latin, Greek or Cyrillic line takes reportlab's own path; a right-to-left or joined line (Hebrew, Arabic) is
shaped and drawn y-down under a flip about its baseline. Either way, read back from the PDF, the line starts at
x (or ends at x, or is centred on it), sits on the baseline asked for, upright, in the size asked for.

Only the shipped DejaVu Sans (it has Hebrew and Arabic) is used, so the results do not depend on the system's
fonts.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from app.export import script_text

LINES = {
    "Latin": "Sheet B3",
    "Greek": "Ζωή Ann",
    "Hebrew": "שלום עולם",
    "Arabic": "مرحبا بالعالم",
    "mixed": "Ann שלום 2024",
}
#: (x, baseline) on an A4 page, y up: near the bottom, the middle, the top
PLACES = [(28.0, 20.0), (150.5, 421.0), (300.0, 800.25)]


def _times(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def runs_drawn(draw) -> list[tuple[list[float], float]]:
    """Each run of text on a page ``draw(canvas)`` fills: its matrix on the page (text times current) and its
    font size."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(595.0, 842.0))
    draw(c)
    c.showPage()
    c.save()
    found = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            found.append((_times(list(tm), list(cm)), size))

    PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("script", list(LINES))
@pytest.mark.parametrize("align", ["left", "right", "centred"])
@pytest.mark.parametrize("bold", [False, True])
def test_a_line_lands_upright_on_its_baseline_where_asked(shipped_fonts, script, align, bold):
    line = LINES[script]
    size = 9.5
    width = script_text.width(line, size, bold)
    for x, baseline in PLACES:
        runs = runs_drawn(lambda c, x=x, baseline=baseline: script_text.draw_string(
            c, x, baseline, line, size, "#33424F", right=align == "right", bold=bold, centred=align == "centred"))
        assert runs, (script, x, baseline)
        left = {"left": x, "right": x - width, "centred": x - width / 2}[align]
        assert min(matrix[4] for matrix, _size in runs) == pytest.approx(left, abs=1e-3)
        for matrix, font_size in runs:
            assert matrix[5] == pytest.approx(baseline, abs=1e-3)  # on the baseline asked for
            assert matrix[:4] == pytest.approx([1, 0, 0, 1])  # upright, not mirrored
            assert font_size == pytest.approx(size)
            assert left - 1e-3 <= matrix[4] <= left + width + 1e-3
