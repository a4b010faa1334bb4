"""The client's PNG logo on the workbook's Overview sheet (app.export.workbook_branding.add_logo), as the saved
file holds it: anchored at D3, right of the goal and the description, scaled to fit 240 × 64 pixels with its
aspect kept (a small logo grows to fill the box, a long or tall one shrinks), never thinner than one pixel, and
the client's bytes embedded unchanged, for every kind of PNG a client may send (colour, transparency, palette,
grey, black and white, 16 bits).

Everything is read back from the saved file (openpyxl's reader, as Excel reads the drawing): sizes in EMU,
9,525 to the pixel.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image as PILImage

from app.export.branding import Branding
from app.export.excel import export_excel
from app.export.workbook_branding import add_logo
from app.model import Deliverable, JourneyMap, Lane, Logo, Persona, Phase

EMU_PER_PIXEL = 9525
BOX = (240, 64)  # the widest and the tallest a logo shows, in pixels
#: the kinds of PNG a client's logo comes in: Pillow's image mode and a colour in it
KINDS = {"colour": ("RGB", (0, 114, 178)), "transparent": ("RGBA", (0, 114, 178, 128)),
         "palette": ("P", 3), "grey": ("L", 90), "grey and alpha": ("LA", (90, 200)),
         "black and white": ("1", 1), "16-bit grey": ("I;16", 40000)}
#: (width, height) of the logo → (width, height) it shows at, in pixels
SIZES = {
    (160, 64): (160, 64),   # just fits: unchanged
    (480, 64): (240, 32),   # twice as wide as the box: half size
    (720, 96): (240, 32),   # wide and too tall: the width decides
    (64, 480): (9, 64),     # tall: the height decides (8.53 rounds to 9)
    (300, 100): (192, 64),  # too tall and too wide: the height decides
    (2000, 1500): (85, 64),  # a large photo-like logo: 85.33 rounds to 85
    (16, 16): (64, 64),     # a small icon grows to the box's height
    (1, 1): (64, 64),
    (1000, 1): (240, 1),    # a hairline: 0.24 pixels high would vanish, one pixel shows
    (1, 1000): (1, 64),     # a vertical hairline: 0.064 pixels wide would vanish, one pixel shows
}


def png(width: int, height: int, kind: str = "colour") -> bytes:
    """A PNG of ``kind`` (see KINDS), written by Pillow."""
    mode, colour = KINDS[kind]
    out = io.BytesIO()
    PILImage.new(mode, (width, height), colour).save(out, "PNG")
    return out.getvalue()


def saved(brand: Branding) -> tuple[list, bytes | None]:
    """The Overview-like sheet's images, read back from the saved file, and the embedded image's bytes."""
    workbook = Workbook()
    add_logo(workbook.active, brand)
    out = io.BytesIO()
    workbook.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        media = [name for name in archive.namelist() if name.startswith("xl/media/")]
        assert len(media) <= 1
        data = archive.read(media[0]) if media else None
    return load_workbook(io.BytesIO(out.getvalue())).active._images, data


def place(image) -> tuple[int, int, int, int, int, int]:
    """The image's top-left cell (column, row, from 0), its offsets, and its size in whole pixels."""
    anchor = image.anchor
    ext = anchor.ext
    assert ext.width % EMU_PER_PIXEL == 0 and ext.height % EMU_PER_PIXEL == 0
    return (anchor._from.col, anchor._from.row, anchor._from.colOff, anchor._from.rowOff,
            ext.width // EMU_PER_PIXEL, ext.height // EMU_PER_PIXEL)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_png_is_shown_at_d3_with_its_own_bytes(kind: str):
    data = png(160, 64, kind)
    brand = Branding(client="Acme", media_type="image/png", data=data)
    images, embedded = saved(brand)
    assert len(images) == 1
    assert place(images[0]) == (3, 2, 0, 0, 160, 64)  # D3: column D, row 3, at the cell's corner
    assert embedded == data  # the client's file as it is, not re-encoded
    assert brand.warnings == []


@pytest.mark.parametrize(("size", "shown"), SIZES.items(), ids=[f"{w}x{h}" for w, h in SIZES])
def test_a_logo_is_scaled_to_fit_the_box_keeping_its_aspect(size: tuple[int, int], shown: tuple[int, int]):
    images, _data = saved(Branding(media_type="image/png", data=png(*size)))
    assert len(images) == 1
    column, row, *_offsets, width, height = place(images[0])
    assert (column, row) == (3, 2)
    assert (width, height) == shown


@pytest.mark.parametrize("width", [1, 3, 7, 50, 239, 240, 241, 999])
@pytest.mark.parametrize("height", [1, 2, 9, 63, 64, 65, 700])
def test_any_logo_fills_the_box_on_one_side_and_stays_inside_it(width: int, height: int):
    """Whatever its shape: one side reaches the box, none passes it, the aspect is kept to the pixel."""
    images, _data = saved(Branding(media_type="image/png", data=png(width, height, "grey")))
    *_anchor, shown_width, shown_height = place(images[0])
    assert 1 <= shown_width <= BOX[0] and 1 <= shown_height <= BOX[1]
    assert shown_width == BOX[0] or shown_height == BOX[1]
    scale = min(BOX[0] / width, BOX[1] / height)
    assert abs(shown_width - width * scale) <= 0.5 or shown_width == 1
    assert abs(shown_height - height * scale) <= 0.5 or shown_height == 1


def small_map(data: bytes) -> JourneyMap:
    return JourneyMap(id="m", title="Logo", goal="Buy running shoes", description="A short map",
                      phases=[Phase(id="a", name="A")], lanes=[Lane(id="n", name="N")],
                      personas=[Persona(id="p", name="P")],
                      deliverable=Deliverable(client="Acme", author="Studio", logo=Logo(
                          media_type="image/png", data=base64.b64encode(data).decode("ascii"))))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_exported_workbook_shows_the_logo_on_the_overview_only(language: str, tmp_path: Path):
    data = png(480, 64, "transparent")
    journey_map = small_map(data)
    journey_map.language = language
    result = export_excel(journey_map, tmp_path / "book.xlsx")
    assert result.warnings == []
    workbook = load_workbook(tmp_path / "book.xlsx")
    overview, *others = workbook.worksheets
    assert len(overview._images) == 1
    assert place(overview._images[0]) == (3, 2, 0, 0, 240, 32)
    assert all(sheet._images == [] for sheet in others)
    # the goal and the description fill columns A and B: the logo at D stands clear of them
    assert overview["B3"].value == "Buy running shoes" and overview["D3"].value is None
