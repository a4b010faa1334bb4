"""The checks a logo passes before a deliverable prints it (app.export.logo): which bytes are refused and in
which words, the size read from a PNG's header, and the pixel and SVG limits at their very edges.

Every PNG here is built byte by byte (struct, zlib), so a test says exactly which header or chunk it sends.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest
from PIL import Image

from app.export.logo import MAX_LOGO_PIXELS, PNG_SIGNATURE, LogoError, _png_size, check_image, logo_bytes
from app.model import Logo

NOT_PNG = "the logo is not a PNG image"
DAMAGED = "the logo is not a PNG image: its image data is damaged or cut short"
NOT_SVG = "the logo is not an SVG image"
ENTITIES = "the logo's SVG declares entities, which are not accepted"
NEITHER = "a logo must be a PNG or SVG image"
NOT_BASE64 = "the logo in the map is not valid base64"

#: channels per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA)
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: every colour type with every bit depth the PNG standard allows for it
COLOUR_DEPTHS = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8),
                 (4, 8), (4, 16), (6, 8), (6, 16)]
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, colour: int = 2, depth: int = 8) -> bytes:
    """A whole, decodable PNG of that size, colour type and bit depth (all pixels zero)."""
    row = b"\x00" + bytes((width * CHANNELS[colour] * depth + 7) // 8)  # filter byte "none", then the pixels
    body = chunk(b"PLTE", bytes(3 * (1 << depth))) if colour == 3 else b""
    return (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)) + body
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def header_only(width: int, height: int) -> bytes:
    """A PNG's signature and header claiming that size, with no image data after it."""
    return PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))


def lying(width: int, height: int) -> bytes:
    """A whole 3 × 2 PNG whose header was rewritten to claim ``width`` × ``height``."""
    data = png(3, 2)
    return data[:16] + struct.pack(">II", width, height) + data[24:]


def refusal(data: bytes, media_type: str) -> str:
    with pytest.raises(LogoError) as refused:
        check_image(data, media_type)
    return str(refused.value)


@pytest.mark.parametrize(("colour", "depth"), COLOUR_DEPTHS)
@pytest.mark.parametrize(("width", "height"), [(1, 1), (37, 5), (5, 37), (300, 300)])
def test_the_size_is_read_from_the_header_of_every_kind_of_png(colour: int, depth: int, width: int, height: int):
    """Grey, RGB, palette, with alpha, 1 to 16 bits: the size is the header's, the image is taken as it is."""
    data = png(width, height, colour, depth)
    with Image.open(io.BytesIO(data)) as image:  # the image library agrees on what was built
        assert image.size == (width, height)
    assert _png_size(data) == (width, height)
    check_image(data, "image/png")
    assert logo_bytes(Logo(media_type="image/png", data=base64.b64encode(data).decode("ascii"))) == data


def test_bytes_that_are_no_png_have_no_png_size():
    """A PNG's size is read only after its signature and only from an IHDR chunk at its place."""
    whole = png(6, 4)
    assert _png_size(whole) == (6, 4)
    assert _png_size(b"\x00" + whole[1:]) is None  # damaged signature, the header behind it intact
    assert _png_size(whole[:8] + whole[8:12] + b"IHDX" + whole[16:]) is None  # first chunk not the header
    assert _png_size(whole[:23]) is None  # the header cut before its height's last byte
    assert _png_size(whole[:24]) == (6, 4)  # the size is all there


@pytest.mark.parametrize("damage", ["signature", "first chunk", "zero width", "zero height", "zero size", "empty",
                                    "svg", "text"])
def test_bytes_that_are_no_png_are_refused_as_no_png(damage: str):
    """Whatever its header lacks (the signature, the IHDR chunk first, a size), the logo is "not a PNG image",
    the same words for every case and never the message of a damaged image."""
    whole = png(6, 4)
    data = {"signature": b"\x00" + whole[1:],
            "first chunk": whole[:8] + chunk(b"gAMA", struct.pack(">I", 45455)) + whole[8:],
            "zero width": lying(0, 2), "zero height": lying(3, 0), "zero size": lying(0, 0),
            "empty": b"", "svg": SVG, "text": b"GIF89a is what this says" + b"\x00" * 40}[damage]
    assert refusal(data, "image/png") == NOT_PNG


def test_a_png_cut_short_is_refused_in_words_wherever_it_is_cut():
    """Cut inside the signature or header: "not a PNG image"; cut after the size but before the picture is
    whole: "damaged or cut short". Never another kind of exception, and the whole file is taken."""
    whole = png(7, 3)
    pixels_start = whole.index(b"IDAT") + 4
    for length in range(pixels_start + 3):
        expected = NOT_PNG if length < 24 else DAMAGED
        assert refusal(whole[:length], "image/png") == expected, length
    check_image(whole, "image/png")


@pytest.mark.parametrize("width,height", [(7, 3), (5000, 5000), (10_000, 2500), (2500, 10_000)])
def test_a_png_whose_data_is_damaged_is_refused_as_damaged(width: int, height: int):
    """The header passes (up to the pixel limit itself) and the image data is missing or broken."""
    assert refusal(header_only(width, height), "image/png") == DAMAGED
    whole = png(min(width, 7), min(height, 3))
    start = whole.index(b"IDAT") + 4
    broken = whole[:start] + b"\xff" * (len(whole) - start)
    assert refusal(broken, "image/png") == DAMAGED


def test_a_png_header_that_lies_about_its_size_is_refused():
    """A 3 × 2 image whose header claims another size does not decode: refused as damaged, not taken."""
    for width, height in [(4, 2), (3, 3), (300, 200), (2, 3)]:
        assert refusal(lying(width, height), "image/png") == DAMAGED


@pytest.mark.parametrize(("width", "height"), [(5000, 5000), (25_000_000, 1), (1, 25_000_000), (10_000, 2500),
                                               (2500, 10_000), (6000, 2), (2, 6000)])
def test_images_up_to_the_pixel_limit_are_taken_whatever_their_shape(width: int, height: int):
    """The limit counts width × height: a long thin logo either way is fine, and exactly 25 million pixels
    are still accepted (the header passes; a header-only file is then refused for its missing data)."""
    assert width * height <= MAX_LOGO_PIXELS
    if width * height <= 25_000 or width == height:  # small enough to build and decode here in milliseconds
        data = png(width, height, 0, 1)
        check_image(data, "image/png")
    assert refusal(header_only(width, height), "image/png") == DAMAGED


@pytest.mark.parametrize(("width", "height"), [(5001, 5000), (5000, 5001), (8000, 4000), (4000, 8000),
                                               (25_000_001, 1), (1, 25_000_001), (70_000, 65_000),
                                               (3_000_000_000, 1), (1, 3_000_000_000),
                                               (4_294_967_295, 4_294_967_295)])
def test_images_over_the_pixel_limit_are_refused_naming_their_size(width: int, height: int):
    """The header's own numbers (unsigned, as PNG stores them) and the limit in millions, width first."""
    expected = (f"the logo is {width} × {height} pixels; at most 25 million pixels are accepted")
    assert refusal(header_only(width, height), "image/png") == expected
    assert refusal(lying(width, height), "image/png") == expected


def test_an_image_over_the_pixel_limit_is_refused_even_when_it_decodes():
    """A real 5001 × 5000 image (1 bit per pixel, a few kilobytes) is refused for its size before it is
    decoded; the 5000 × 5000 one is taken."""
    check_image(png(5000, 5000, 0, 1), "image/png")
    assert refusal(png(5001, 5000, 0, 1), "image/png") == (
        "the logo is 5001 × 5000 pixels; at most 25 million pixels are accepted")


def svg_at(offset: int, lead: str) -> bytes:
    """An SVG whose root element starts ``offset`` bytes in, after white space or a comment."""
    if lead == "space":
        return b" " * offset + SVG
    return b"<!--" + b"x" * (offset - 7) + b"-->" + SVG


@pytest.mark.parametrize("lead", ["space", "comment"])
def test_an_svg_root_must_start_in_the_first_four_kilobytes(lead: str):
    """"<svg" and the character after it are looked for in the first 4096 bytes only: a root at 4091 is
    found, one at 4092 (its blank the 4097th byte) is not."""
    for offset in (0, 7, 2000, 4090, 4091):
        check_image(svg_at(max(offset, 7), lead), "image/svg+xml")
    for offset in (4092, 4093, 5000):
        assert refusal(svg_at(offset, lead), "image/svg+xml") == NOT_SVG


@pytest.mark.parametrize("data", [b"", b"<html><body/></html>", b"<svgx/>", b"x<svg>",
                                  PNG_SIGNATURE + SVG])
def test_bytes_that_are_no_svg_are_refused_as_no_svg(data: bytes):
    assert refusal(data, "image/svg+xml") == NOT_SVG


@pytest.mark.parametrize("declaration", [b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>', b"<!DOCTYPE svg>",
                                         b'<!ENTITY a "aaaa">', b'<!ENTITY % p SYSTEM "file:///etc/passwd">'])
@pytest.mark.parametrize("where", ["inside", "far"])
def test_an_svg_declaring_entities_is_refused(declaration: bytes, where: str):
    """A doctype or an entity anywhere in the file, each alone, is refused in its own words."""
    filler = b" " * (5000 if where == "far" else 0)
    data = b'<svg xmlns="http://www.w3.org/2000/svg">' + filler + declaration + b"<rect/></svg>"
    assert refusal(data, "image/svg+xml") == ENTITIES


def test_an_svg_without_declarations_is_taken():
    """Words like "doctype" or "entity" in lower case (text, ids) are no declarations."""
    check_image(SVG, "image/svg+xml")
    check_image(b'<svg id="doctype-entity"><text>&lt;!doctype and &lt;!entity</text></svg>', "image/svg+xml")


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/gif", "image/webp", "", "application/pdf"])
def test_another_media_type_is_refused(media_type: str):
    """Only PNG and SVG are drawn: any other type is refused in words, even with a PNG's or an SVG's bytes."""
    for data in (png(6, 4), SVG, b"\xff\xd8\xff\xe0 JFIF"):
        assert refusal(data, media_type) == NEITHER


@pytest.mark.parametrize("spoil", ["urlsafe", "star", "space", "newline", "unicode"])
def test_a_logo_that_is_not_strict_base64_is_refused(spoil: str):
    """The map holds exactly what base64 encoding wrote: any other character (base64url's "-" and "_", a
    stray star or blank, a line break) is refused, never skipped to decode something else."""
    buffer = io.BytesIO()
    pixels = bytes((i * 37 + i // 64 * 11) % 256 for i in range(64 * 64))  # varied, so "+" or "/" appear
    Image.frombytes("L", (64, 64), pixels).save(buffer, "PNG")
    data = buffer.getvalue()
    text = base64.b64encode(data).decode("ascii")
    assert "+" in text or "/" in text  # so base64url writes it differently
    spoilt = {"urlsafe": base64.urlsafe_b64encode(data).decode("ascii"), "star": text[:40] + "*" + text[40:],
              "space": text[:40] + " " + text[40:], "newline": text[:40] + "\n" + text[40:],
              "unicode": text[:40] + "é" + text[40:]}[spoil]
    with pytest.raises(LogoError) as refused:
        logo_bytes(Logo(media_type="image/png", data=spoilt))
    assert str(refused.value) == NOT_BASE64


@pytest.mark.parametrize(("media_type", "data", "expected"), [
    ("image/png", b"<svg></svg>", NOT_PNG), ("image/png", header_only(7, 3), DAMAGED),
    ("image/png", header_only(5001, 5000), "the logo is 5001 × 5000 pixels; at most 25 million pixels are accepted"),
    ("image/svg+xml", png(6, 4), NOT_SVG), ("image/svg+xml", b"<svg><!ENTITY x 'y'></svg>", ENTITIES)])
def test_a_logo_in_the_map_is_refused_with_the_checks_words(media_type: str, data: bytes, expected: str):
    """What the deliverables and the settings dialog show for a map's logo: the check's own sentence."""
    with pytest.raises(LogoError) as refused:
        logo_bytes(Logo(media_type=media_type, data=base64.b64encode(data).decode("ascii")))
    assert str(refused.value) == expected
