"""Fallback fonts for the PDF: a font file registered with reportlab for the first time, and a test's own font
set (``use_fonts``) standing in for the system's in regular and in bold text.

Each font file here has a file name and a PostScript name never registered before in the process:
reportlab's font registry outlives a test (and a mutant's run forked from a process that ran the tests); a
font name already registered is not registered again, and reportlab hands out the font registered first for
a face of the same PostScript name (a copy of DejaVu Sans Bold would be the shipped bold face).
"""

from __future__ import annotations

import struct
import uuid
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from app.export import font_fallback, script_text
from app.export.font_fallback import FontFile
from app.export.fonts import REGULAR
from tests.test_mutation_font_files import DEJAVU, DEJAVU_BOLD, collection, real_tables, sfnt

#: MATHEMATICAL SANS-SERIF CAPITAL A: in DejaVu Sans, not in DejaVu Sans Bold
REGULAR_ONLY = "\U0001d5a0"
#: THAI CHARACTER KO KAI: in neither shipped face
NEITHER = "\u0e01"


def fresh(tmp_path: Path, suffix: str = ".ttf") -> Path:
    """A font file's path whose name was never registered with reportlab."""
    return tmp_path / f"Fresh{uuid.uuid4().hex}{suffix}"


def name_table(name: str) -> bytes:
    """A 'name' table calling the font ``name`` (family, full and PostScript name)."""
    records, data = b"", b""
    for name_id, text in ((1, name), (2, "Regular"), (4, name), (6, name)):
        raw = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(raw), len(data))
        data += raw
    return struct.pack(">HHH", 0, 4, 6 + len(records)) + records + data


def renamed(source: Path, cmap: bytes | None = None) -> tuple[str, list[tuple[bytes, int, bytes]]]:
    """A shipped face's tables under a new PostScript name (and with another cmap), and that name."""
    name = f"Fresh{uuid.uuid4().hex}"
    tables = [(tag, checksum, name_table(name) if tag == b"name" else cmap if tag == b"cmap" and cmap else data)
              for tag, checksum, data in real_tables(source)]
    return name, tables


def own_copy(tmp_path: Path, source: Path = DEJAVU_BOLD, cmap: bytes | None = None) -> tuple[Path, str]:
    """A font file of a shipped face's glyphs under new file and PostScript names, and its PostScript name."""
    name, tables = renamed(source, cmap)
    path = fresh(tmp_path)
    path.write_bytes(sfnt({tag: data for tag, _checksum, data in tables}))
    return path, name


@pytest.fixture
def own_fonts():
    """Use a test's font set; the system's fonts and a clean shaping cache again afterwards."""
    def use(fonts: list[FontFile]) -> None:
        font_fallback.use_fonts(fonts)
        script_text.reset()

    yield use
    font_fallback.use_fonts(None)
    script_text.reset()


def test_a_new_font_file_is_registered_under_the_name_it_returns_and_draws_that_files_glyphs(tmp_path: Path):
    path, face = own_copy(tmp_path)
    assert path.stem not in str(pdfmetrics.getRegisteredFontNames())
    name = font_fallback._register(FontFile(str(path)))
    assert name is not None and name in pdfmetrics.getRegisteredFontNames()
    font = pdfmetrics.getFont(name)
    assert font.face.name == face.encode() and Path(font.face.filename) == path
    assert 0x1D5D4 in font_fallback.font_cmap(name)  # a glyph only the bold face has
    assert font_fallback._register(FontFile(str(path))) == name


@pytest.mark.parametrize("index", [0, 1])
def test_the_face_asked_for_of_a_new_collection_is_registered(tmp_path: Path, index: int):
    """Each face of a collection (here DejaVu Sans and DejaVu Sans Bold, renamed) is registered as itself."""
    faces = [renamed(DEJAVU), renamed(DEJAVU_BOLD)]
    path = fresh(tmp_path, ".ttc")
    path.write_bytes(collection([tables for _name, tables in faces]))
    name = font_fallback._register(FontFile(str(path), index))
    assert name is not None and name in pdfmetrics.getRegisteredFontNames()
    assert pdfmetrics.getFont(name).face.name == faces[index][0].encode()
    assert (0x1D5D4 in font_fallback.font_cmap(name)) is (index == 1)  # a glyph only the bold face has


def test_with_no_fonts_of_its_own_bold_text_takes_the_regular_glyph_before_a_box(own_fonts):
    """Without fallback fonts, a character DejaVu Sans Bold lacks and DejaVu Sans has prints from the regular
    face in bold text (and is not reported missing); one neither has is missing in both weights."""
    own_fonts([])
    assert font_fallback.chain(True).font_for(REGULAR_ONLY) == REGULAR
    assert font_fallback.missing_characters([f"x {REGULAR_ONLY}"], bold=True) == set()
    assert font_fallback.missing_characters([f"x {NEITHER}"], bold=True) == {NEITHER}
    assert font_fallback.missing_characters([f"x {NEITHER}"]) == {NEITHER}


def test_a_font_set_of_its_own_stands_in_for_the_systems_fonts_in_both_weights(own_fonts, monkeypatch):
    """Neither chain asks fontconfig or the font folders for the system's fonts once a test gave its own."""
    asked = []
    monkeypatch.setattr(font_fallback, "fontconfig_fonts", lambda bold: asked.append(("fontconfig", bold)) or [])
    monkeypatch.setattr(font_fallback, "folder_fonts", lambda bold=False: asked.append(("folders", bold)) or [])
    own_fonts([])
    for bold in (False, True):
        assert font_fallback.chain(bold).font_for(NEITHER) is None
        assert font_fallback.chain(bold).candidates == []
    assert asked == []
