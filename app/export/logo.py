"""The logo a deliverable carries: read from a file, checked, and decoded for the exporters.

A logo lives in the map file (base64, ``app.model.Logo``), so a map mailed to a colleague prints
the same. Whether its bytes are an image the exporters can draw is checked here, when it is chosen
and again when it is printed: a bad logo is reported in words and the rest still exports.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
from pathlib import Path

from app.i18n import _
from app.model import Logo
from app.model.fileformat import FileTooLargeError, MapFileError, read_regular_file
from app.model.schema import MAX_LOGO_BYTES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: the most pixels a logo may have (a 5,000 × 5,000 image; a logo prints a few centimetres wide)
MAX_LOGO_PIXELS = 25_000_000
#: an SVG's root element, after an optional XML declaration, comments, and the SVG doctype that older
#: Illustrator and Batik write (``<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "…svg11.dtd">``): a
#: doctype without an internal subset declares nothing, and no reader here fetches its DTD
_SVG_ROOT = re.compile(
    rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*(?P<doctype><!DOCTYPE\s+svg\b[^\[\]<>]*>\s*(<!--.*?-->\s*)*)?<svg[\s>]",
    re.S)


class LogoError(ValueError):
    """A logo that cannot be used, with the reason in the UI language."""


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's header, or None when the bytes are no PNG."""
    if not data.startswith(PNG_SIGNATURE) or len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _decode_png(data: bytes) -> None:
    """Decode the whole image once: a PNG whose header is right but whose data is cut or damaged would
    otherwise pass here and fail the export when the page is drawn."""
    from PIL import Image  # Pillow comes with reportlab, which draws the PNG

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception:  # whatever Pillow says, the bytes are no image it can draw
        raise LogoError(_("the logo is not a PNG image: its image data is damaged or cut short")) from None


def _too_large(size: int) -> LogoError:
    return LogoError(_("the logo is {size} KB; at most {limit} KB fit in a map file").format(
        size=size // 1024, limit=MAX_LOGO_BYTES // 1024))


def check_image(data: bytes, media_type: str) -> None:
    """Raise :class:`LogoError` unless the bytes are a PNG or SVG of at most 1 MB, as ``media_type`` says."""
    if len(data) > MAX_LOGO_BYTES:
        raise _too_large(len(data))
    if media_type == "image/png":
        size = _png_size(data)
        if size is None:
            raise LogoError(_("the logo is not a PNG image"))
        if size[0] * size[1] > MAX_LOGO_PIXELS:  # a small file can unpack to gigabytes: no logo needs that many
            raise LogoError(_("the logo is {width} × {height} pixels; at most {most} million pixels are "
                              "accepted").format(width=size[0], height=size[1], most=MAX_LOGO_PIXELS // 1_000_000))
        _decode_png(data)
        return
    if media_type == "image/svg+xml":
        root = _SVG_ROOT.match(data[:4096])
        if root is None:
            raise LogoError(_("the logo is not an SVG image"))
        # Entities can expand without end, and no SVG needs them: any declaration, or any doctype besides the
        # prologue's plain one, is refused.
        if data.count(b"<!DOCTYPE") > (root["doctype"] is not None) or b"<!ENTITY" in data:
            raise LogoError(_("the logo's SVG declares entities, which are not accepted"))
        return
    raise LogoError(_("a logo must be a PNG or SVG image"))


def logo_from_file(path: str | Path) -> Logo:
    """A logo read from a PNG or SVG file (by its content, not its name), or :class:`LogoError`."""
    try:
        data = read_regular_file(path, MAX_LOGO_BYTES)
    except FileTooLargeError as error:
        raise _too_large(error.size) from None
    except MapFileError as error:
        raise LogoError(error.problem) from None
    media_type = "image/png" if data.startswith(PNG_SIGNATURE) else "image/svg+xml"
    check_image(data, media_type)
    return Logo(media_type=media_type, data=base64.b64encode(data).decode("ascii"))


def logo_bytes(logo: Logo) -> bytes:
    """The logo's image bytes, checked; :class:`LogoError` when the file holds something else."""
    try:
        data = base64.b64decode(logo.data, validate=True)
    except (binascii.Error, ValueError):
        raise LogoError(_("the logo in the map is not valid base64")) from None
    check_image(data, logo.media_type)
    return data
