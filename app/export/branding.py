"""What a deliverable says about whom it is for (issue 19 F.18): the client, the consultancy, the version
label, the confidentiality marking and the logo, as the poster, the handout, the insight pages and the
workbook print them.

One place decides the words and decodes the logo once per export, so every page and sheet says the same.
A logo that cannot be used (broken base64, not an image, too large) is left out with a warning in the
export's result and everything else still exports.

SVG logos: the PDF draws them with ``svglib`` when it is installed (vector, Qt-free); without it, and in
the workbook (which shows raster images only), an SVG logo is left out with a warning that says to use a
PNG. Rendering SVG Qt-free needs a real SVG engine; writing one here would draw some logos wrong, which is
worse on a client deliverable than a clear message. The canvas and the PNG/SVG image exports draw SVG with Qt.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from app.export.logo import LogoError, logo_bytes
from app.i18n import Catalogue, _
from app.model import JourneyMap

#: a reference from an SVG to anything but itself or inline data (an image file, a web address, a style sheet)
_OUTSIDE = re.compile(rb"""(href\s*=\s*["']\s*(?!#|data:)|url\(\s*["']?\s*(?!#|data:)|@import)""", re.I)
#: the widest a logo prints, as a share of its block's width (a wide word mark stays a mark, not a banner)
MAX_LOGO_SHARE = 0.2


@dataclass
class LogoArt:
    """A logo the PDF can draw: its aspect (width / height) and how to paint it into a box at the origin."""

    aspect: float
    #: paints the logo into (0, 0, width, height) of a y-up canvas
    paint: Callable[[Canvas, float, float], None]

    def draw(self, c: Canvas, x: float, y: float, width: float, height: float) -> None:
        """Draw into the box (x, y, width, height) of a y-down canvas (the poster's coordinates)."""
        c.saveState()
        # The canvas is y-down: flip back so that the image stands upright in its box.
        c.translate(x, y + height)
        c.scale(1, -1)
        self.paint(c, width, height)
        c.restoreState()


@dataclass
class Branding:
    """The deliverable's words (stripped, "" when not set), its logo's checked bytes, and the warnings."""

    client: str = ""
    author: str = ""
    version: str = ""
    confidentiality: str = ""
    media_type: str = ""
    data: bytes | None = None
    warnings: list[str] = field(default_factory=list)

    def facts(self, words: Catalogue) -> list[str]:
        """ "Client: Acme", "Prepared by: Studio", "Version: v2.3, draft": those that are set, in that order."""
        found = []
        if self.client:
            found.append(words.gettext("Client: {client}").format(client=self.client))
        if self.author:
            found.append(words.gettext("Prepared by: {author}").format(author=self.author))
        if self.version:
            found.append(words.gettext("Version: {version}").format(version=self.version))
        return found

    def line(self, words: Catalogue) -> str:
        """The facts on one line, as a title block prints them."""
        return " · ".join(self.facts(words))

    @property
    def png(self) -> bytes | None:
        return self.data if self.media_type == "image/png" else None


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def branding(journey_map: JourneyMap) -> Branding:
    """What the map's deliverable settings ask every export to print; a bad logo becomes a warning."""
    deliverable = getattr(journey_map, "deliverable", None)
    if deliverable is None:
        return Branding()
    found = Branding(_one_line(deliverable.client), _one_line(deliverable.author), _one_line(deliverable.version),
                     _one_line(deliverable.confidentiality))
    if deliverable.logo is not None:
        try:
            found.data = logo_bytes(deliverable.logo)
            found.media_type = deliverable.logo.media_type
        except LogoError as error:
            found.warnings.append(_("the logo was left out: {reason}").format(reason=error))
    return found


def pdf_logo(brand: Branding) -> LogoArt | None:
    """The logo drawn by reportlab (PNG) or svglib (SVG); None, with a warning added, when it cannot be."""
    if brand.data is None:
        return None
    if brand.media_type == "image/png":
        from reportlab.lib.utils import ImageReader

        try:
            reader = ImageReader(io.BytesIO(brand.data))
            width, height = reader.getSize()
        except Exception:  # whatever the image library says, the bytes are no image it reads
            brand.warnings.append(_("the logo was left out: {reason}").format(
                reason=_("the logo is not a PNG image")))
            brand.data = None
            return None
        return LogoArt(width / height, lambda c, w, h: c.drawImage(reader, 0, 0, w, h, mask="auto"))
    if _OUTSIDE.search(brand.data):  # svglib would read the file or address: a map from anyone reads nothing
        _warn_once(brand, _("the SVG logo was left out of the PDF: it refers to files or addresses outside itself"))
        return None
    try:
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg
    except ImportError:
        _warn_once(brand, _("the SVG logo was left out of the PDF: drawing SVG needs the svglib package "
                            "(pip install svglib); a PNG logo prints everywhere"))
        return None
    try:
        drawing = svg2rlg(io.BytesIO(brand.data))
    except Exception:  # svglib raises what its XML and CSS parsers raise
        drawing = None
    if drawing is None or not drawing.width or not drawing.height:
        _warn_once(brand, _("the logo was left out: {reason}").format(reason=_("the logo is not an SVG image")))
        return None

    def draw(c, w: float, h: float) -> None:
        c.scale(w / drawing.width, h / drawing.height)
        renderPDF.draw(drawing, c, 0, 0)

    return LogoArt(drawing.width / drawing.height, draw)


def _warn_once(brand: Branding, warning: str) -> None:
    if warning not in brand.warnings:
        brand.warnings.append(warning)


def logo_box(aspect: float, room: tuple[float, float]) -> tuple[float, float]:
    """The logo's printed (width, height): as large as ``room`` allows, its aspect kept."""
    width, height = room
    if width <= 0 or height <= 0 or aspect <= 0:
        return 0.0, 0.0
    if height * aspect > width:
        return width, width / aspect
    return height * aspect, height
