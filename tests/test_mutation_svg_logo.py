"""An SVG logo in the PDF when svglib is there (app.export.branding.pdf_logo): the logo's own bytes are what
svglib reads, a logo prints at its SVG's proportions, and one whose drawing has no width or no height is left
out with a warning while everything else exports (it would divide by zero or print as nothing).

svglib is optional and not installed here, and tests install nothing: a stand-in module takes its place. It keeps
svglib's side of the contract that pdf_logo relies on: ``svg2rlg(file)`` reads the file, fails on what is no
XML, and returns a reportlab ``Drawing`` as wide and high as the SVG's ``width`` and ``height``.
"""

from __future__ import annotations

import base64
import io
import sys
import types
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.pdfgen.canvas import Canvas

from app.export.branding import branding, pdf_logo
from app.export.pdf import PdfOptions, export_pdf
from app.model import Deliverable, JourneyMap, Lane, Logo, Persona, Phase

NOT_SVG = "the logo was left out: the logo is not an SVG image"


def _svg2rlg(source) -> Drawing:
    """svglib's entry point, as far as pdf_logo uses it (a stand-in: svglib is not installed)."""
    root = ElementTree.parse(source).getroot()  # raises on no XML, as svglib's parser does
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=None))
    return drawing


@pytest.fixture
def svglib(monkeypatch):
    package, module = types.ModuleType("svglib"), types.ModuleType("svglib.svglib")
    module.svg2rlg = _svg2rlg
    package.svglib = module
    monkeypatch.setitem(sys.modules, "svglib", package)
    monkeypatch.setitem(sys.modules, "svglib.svglib", module)


def svg(width: float, height: float) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}">'
            f'<rect width="{width:g}" height="{height:g}" fill="#0072B2"/></svg>').encode()


def with_logo(data: bytes) -> JourneyMap:
    return JourneyMap(id="m", title="Logo", phases=[Phase(id="a", name="A")], lanes=[Lane(id="n", name="N")],
                      personas=[Persona(id="p", name="P")],
                      deliverable=Deliverable(client="Acme", logo=Logo(media_type="image/svg+xml",
                                                                       data=base64.b64encode(data).decode())))


@pytest.mark.parametrize(("width", "height"), [(120, 40), (40, 120), (1, 1), (0.5, 300)])
def test_an_svg_logo_prints_at_its_own_proportions(svglib, width, height):
    brand = branding(with_logo(svg(width, height)))
    art = pdf_logo(brand)
    assert brand.warnings == [] and art is not None
    assert art.aspect == pytest.approx(width / height)
    canvas = Canvas(io.BytesIO(), pageCompression=0)
    art.draw(canvas, 10, 20, 60, 60 / art.aspect)  # scaled into its box, no error
    assert " re" in canvas.getpdfdata().decode("latin-1")  # the SVG's rectangle is drawn


@pytest.mark.parametrize(("width", "height"), [(120, 0), (0, 40), (0, 0)])
def test_an_svg_logo_without_width_or_height_is_left_out_with_a_warning(svglib, width, height):
    brand = branding(with_logo(svg(width, height)))
    assert pdf_logo(brand) is None
    assert brand.warnings == [NOT_SVG]
    assert pdf_logo(brand) is None and brand.warnings == [NOT_SVG]  # said once, however often asked


def test_the_pdf_of_a_map_with_an_svg_logo_without_height_exports_and_says_why_the_logo_is_missing(svglib,
                                                                                                  tmp_path: Path):
    result = export_pdf(with_logo(svg(80, 0)), tmp_path / "x.pdf", PdfOptions(paper="A4"))
    assert result.warnings == [NOT_SVG] and (tmp_path / "x.pdf").stat().st_size > 0
    result = export_pdf(with_logo(svg(80, 20)), tmp_path / "y.pdf", PdfOptions(paper="A4"))
    assert result.warnings == []
