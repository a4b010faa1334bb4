"""A logo the workbook cannot show (app.export.workbook_branding.add_logo) is left out with one warning, in the UI
language, and the rest of the workbook is written: an SVG logo (a workbook shows raster images), bytes no image
library reads, and a system where openpyxl cannot use Pillow (it reads an image's size with Pillow).

Pillow is installed here: its absence is simulated where openpyxl looks for it (``openpyxl.drawing.image`` keeps
``PILImage = False`` when its import failed), which is the import add_logo goes through.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import openpyxl.drawing.image
import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image as PILImage

from app import i18n
from app.export.branding import Branding
from app.export.excel import export_excel
from app.export.logo import PNG_SIGNATURE
from app.export.workbook_branding import add_logo
from app.model import Deliverable, JourneyMap, Lane, Logo, Persona, Phase

NO_PILLOW = {"en": "the logo was left out of the workbook: showing it needs the Pillow package",
             "de": "das Logo wurde in der Arbeitsmappe weggelassen: es zu zeigen braucht das Paket Pillow"}
NOT_PNG = {"en": "the logo was left out: the logo is not a PNG image",
           "de": "das Logo wurde weggelassen: das Logo ist kein PNG-Bild"}
SVG_WARNING = {"en": "the SVG logo was left out of the workbook, which shows PNG images only: "
                     "choose a PNG logo to show it there",
               "de": "das SVG-Logo wurde in der Arbeitsmappe weggelassen, die nur PNG-Bilder zeigt: "
                     "wählen Sie ein PNG-Logo, damit es dort erscheint"}
#: bytes said to be a PNG that no image library reads
NOT_IMAGES = {
    "text": b"no image at all",
    "a PNG's signature and nothing else": PNG_SIGNATURE,
    "an SVG called PNG": b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>',
    "empty": b"",
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'


def png(width: int = 120, height: int = 40) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 114, 178)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def no_pillow(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl as it is when ``from PIL import Image`` failed at its import."""
    monkeypatch.setattr(openpyxl.drawing.image, "PILImage", False)


def images_after(brand: Branding) -> list:
    """The images of a sheet add_logo was given, read back from the saved workbook."""
    workbook = Workbook()
    add_logo(workbook.active, brand)
    out = io.BytesIO()
    workbook.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).active._images


@pytest.mark.parametrize("language", ["en", "de"])
def test_without_pillow_the_logo_is_left_out_with_a_warning_saying_why(no_pillow, language: str):
    i18n.set_language(language)
    brand = Branding(client="Acme", media_type="image/png", data=png(), warnings=["earlier"])
    workbook = Workbook()
    add_logo(workbook.active, brand)
    assert brand.warnings == ["earlier", NO_PILLOW[language]]
    assert workbook.active._images == []


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("data", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_bytes_no_image_library_reads_are_left_out_with_a_warning(data: bytes, language: str):
    i18n.set_language(language)
    brand = Branding(client="Acme", media_type="image/png", data=data, warnings=["earlier"])
    assert images_after(brand) == []
    assert brand.warnings == ["earlier", NOT_PNG[language]]


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_svg_logo_is_left_out_with_a_warning_that_says_to_choose_a_png(language: str):
    i18n.set_language(language)
    brand = Branding(client="Acme", media_type="image/svg+xml", data=SVG)
    assert images_after(brand) == []
    assert brand.warnings == [SVG_WARNING[language]]


def test_no_logo_no_image_and_no_warning():
    brand = Branding(client="Acme")
    assert images_after(brand) == []
    assert brand.warnings == []


def small_map(media_type: str, data: bytes) -> JourneyMap:
    return JourneyMap(id="m", title="Logo", goal="Buy running shoes", phases=[Phase(id="a", name="A")],
                      lanes=[Lane(id="n", name="N")], personas=[Persona(id="p", name="P")],
                      deliverable=Deliverable(client="Acme", author="Studio", logo=Logo(
                          media_type=media_type, data=base64.b64encode(data).decode("ascii"))))


def overview_values(path: Path) -> set:
    overview = load_workbook(path).worksheets[0]
    return {cell.value for row in overview.iter_rows() for cell in row}


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_export_without_pillow_writes_the_workbook_without_the_logo_and_says_so(no_pillow, language: str,
                                                                                  tmp_path: Path):
    i18n.set_language(language)
    out = tmp_path / "book.xlsx"
    result = export_excel(small_map("image/png", png()), out)
    assert result.warnings == [NO_PILLOW[language]]
    with zipfile.ZipFile(out) as archive:
        assert not [name for name in archive.namelist() if name.startswith("xl/media/")]
    assert {"Acme", "Studio", "Buy running shoes"} <= overview_values(out)  # the rest is all there


def test_an_export_with_an_svg_logo_writes_the_workbook_without_it_and_says_so(tmp_path: Path):
    out = tmp_path / "book.xlsx"
    result = export_excel(small_map("image/svg+xml", SVG), out)
    assert result.warnings == [SVG_WARNING["en"]]
    assert all(sheet._images == [] for sheet in load_workbook(out).worksheets)
    assert {"Acme", "Studio"} <= overview_values(out)
