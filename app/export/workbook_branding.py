"""The deliverable's branding in the workbook (issue 19 F.18): the consultancy in every sheet's header, the
confidentiality marking, the client and the version label in its footer, the facts and the logo on the Overview
sheet.

A footer part is plain text in Excel's header/footer codes: "&" is written twice, and the three parts of a
footer hold 255 characters together, so each branded part keeps at most FOOTER_PART characters.
"""

from __future__ import annotations

import io

from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.worksheet import Worksheet

from app.export.branding import Branding
from app.i18n import Catalogue, _

#: the most characters of a branded footer part (the page number keeps its room: 255 for all three)
FOOTER_PART = 80
#: where the logo stands on the Overview sheet: right of the goal and description, which fill columns A and B
LOGO_ANCHOR = "D3"
#: the logo's largest size on the Overview sheet, in pixels
LOGO_HEIGHT, LOGO_WIDTH = 64, 240
FONT = "Calibri"


def _code(text: str) -> str:
    """Text as a header or footer shows it: at most FOOTER_PART characters, each "&" doubled."""
    text = text if len(text) <= FOOTER_PART else text[:FOOTER_PART - 1].rstrip() + "…"
    return text.replace("&", "&&")


def branded_footer(footer: HeaderFooterItem, brand: Branding, words: Catalogue) -> None:
    """The marking at the footer's left, in bold; the client and the version label at its right."""
    if brand.confidentiality:
        footer.left.text = _code(brand.confidentiality)
        footer.left.font, footer.left.size = f"{FONT},Bold", 9
    right = " · ".join(part for part in (
        words.gettext("Client: {client}").format(client=brand.client) if brand.client else "", brand.version) if part)
    if right:
        footer.right.text = _code(right)
        footer.right.font, footer.right.size = f"{FONT},Regular", 9


def branded_header(header: HeaderFooterItem, brand: Branding, words: Catalogue) -> None:
    """The consultancy in the header's middle ("Prepared by: …"), between the map's title and the sheet's name."""
    if brand.author:
        header.center.text = _code(words.gettext("Prepared by: {author}").format(author=brand.author))
        header.center.font, header.center.size = f"{FONT},Regular", 9


def overview_facts(brand: Branding, words: Catalogue) -> list[tuple[str, str]]:
    """The Overview sheet's rows of the deliverable: client, consultancy, version, confidentiality (those set)."""
    rows = [(words.gettext("Client"), brand.client), (words.gettext("Prepared by"), brand.author),
            (words.gettext("Version"), brand.version), (words.gettext("Confidentiality"), brand.confidentiality)]
    return [(label, value) for label, value in rows if value]


def add_logo(sheet: Worksheet, brand: Branding) -> None:
    """The logo on the Overview sheet, at most LOGO_HEIGHT by LOGO_WIDTH pixels, its aspect kept.

    A workbook shows raster images: an SVG logo is left out with a warning (a PNG shows everywhere).
    """
    if brand.data is None:
        return
    if brand.png is None:
        brand.warnings.append(_("the SVG logo was left out of the workbook, which shows PNG images only: "
                                "choose a PNG logo to show it there"))
        return
    from openpyxl.drawing.image import Image

    try:  # openpyxl reads an image's size with Pillow
        image = Image(io.BytesIO(brand.png))
    except ImportError:
        brand.warnings.append(_("the logo was left out of the workbook: showing it needs the Pillow package"))
        return
    except Exception:  # whatever Pillow says, the bytes are no image it reads
        brand.warnings.append(_("the logo was left out: {reason}").format(reason=_("the logo is not a PNG image")))
        return
    scale = min(LOGO_HEIGHT / image.height, LOGO_WIDTH / image.width)
    image.width, image.height = max(1, round(image.width * scale)), max(1, round(image.height * scale))
    sheet.add_image(image, LOGO_ANCHOR)
