"""Choosing a logo file (app.export.logo.logo_from_file): read by its content, kept in the map as base64,
refused in words when it is no file, no image, or larger than a map file holds, without reading a huge file."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from app.export.logo import LogoError, logo_bytes, logo_from_file
from app.model.schema import MAX_LOGO_BYTES

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect/></svg>\n'


def png(size: tuple[int, int] = (6, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "media_type"), [(png(), "image/png"), (png((40, 3)), "image/png"),
                                                     (SVG, "image/svg+xml"), (b"<svg>" + b" " * 70 + b"</svg>",
                                                                              "image/svg+xml")])
@pytest.mark.parametrize("name", ["logo.png", "logo.svg", "logo"])
def test_a_logo_is_known_by_its_content_whatever_its_name(tmp_path: Path, content: bytes, media_type: str,
                                                          name: str):
    """A PNG named .svg is a PNG; the map keeps the exact bytes as base64 text, which the exporters decode."""
    path = tmp_path / name
    path.write_bytes(content)
    logo = logo_from_file(path)
    assert logo.media_type == media_type
    assert isinstance(logo.data, str) and base64.b64decode(logo.data, validate=True) == content
    assert logo_bytes(logo) == content


def test_a_logo_as_large_as_a_map_file_holds_is_taken_and_a_byte_more_is_refused(tmp_path: Path):
    path = tmp_path / "logo.svg"
    path.write_bytes(SVG + b" " * (MAX_LOGO_BYTES - len(SVG)))
    assert len(logo_bytes(logo_from_file(path))) == MAX_LOGO_BYTES
    path.write_bytes(SVG + b" " * (MAX_LOGO_BYTES + 1 - len(SVG)))
    with pytest.raises(LogoError, match="at most 1024 KB"):
        logo_from_file(path)


@pytest.mark.parametrize("extra", [2, 4096, 50 * MAX_LOGO_BYTES])
def test_a_logo_file_far_too_large_is_refused_without_reading_it(tmp_path: Path, monkeypatch, extra: int):
    """A huge file (a video chosen by mistake) is refused from its size alone: nothing of it is read into
    memory."""
    path = tmp_path / "logo.svg"
    with path.open("wb") as stream:
        stream.write(SVG)
        stream.truncate(MAX_LOGO_BYTES + extra)  # sparse: no disk needed
    read: list[int] = []
    real = os.read

    def counting(fd: int, size: int) -> bytes:
        data = real(fd, size)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting)
    with pytest.raises(LogoError) as refused:
        logo_from_file(path)
    monkeypatch.undo()
    assert sum(read) == 0, sum(read)
    # in the logo's words, with the file's size (it said "map files are at most 1 MB")
    assert str(refused.value) == f"the logo is {(MAX_LOGO_BYTES + extra) // 1024} KB; at most 1024 KB fit in a map file"


def test_a_logo_that_is_no_file_is_refused_in_words(tmp_path: Path):
    """A folder or a vanished file is refused with the reason the file reader gives, not a bare error."""
    with pytest.raises(LogoError) as refused:
        logo_from_file(tmp_path)
    assert str(refused.value) == "this is a folder, not a file"
    with pytest.raises(LogoError) as refused:
        logo_from_file(tmp_path / "gone.png")
    assert str(refused.value) and str(refused.value) != "None"
