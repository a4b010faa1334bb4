"""The PDF's shaped runs carry the typed text of every character beyond the Basic Multilingual Plane, from its
first code point U+10000 on (app.export.script_text): reportlab's ToUnicode map cuts code points to 16 bits, so
a reader copying or searching such a run gets the typed text only from the run's ActualText. No installed font
maps U+10000 (LINEAR B SYLLABLE B008 A): the test makes one, a copy of the shipped DejaVu Sans whose Old Italic
letters are moved to U+10000 in its cmap. Qt-free.
"""

from __future__ import annotations

import struct
import uuid
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.export import font_fallback, script_text
from app.export.font_fallback import FontFile

DEJAVU = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "DejaVuSans.ttf"
#: the first group of the font's full-repertoire cmap beyond the BMP, moved to start at U+10000
OLD_ITALIC = 0x10300


def moved_font(source: bytes) -> bytes:
    """The font with its format 12 cmap group that starts at U+10300 starting at U+10000 instead (same glyphs,
    same length, the groups still in order)."""
    data = bytearray(source)
    tables = {}
    for number in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _sum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        tables[tag] = offset
    cmap = tables[b"cmap"]
    moved = 0
    for number in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        _platform, _encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * number)
        table = cmap + offset
        if struct.unpack_from(">H", data, table)[0] != 12:
            continue
        for group in range(struct.unpack_from(">I", data, table + 12)[0]):
            at = table + 16 + 12 * group
            start, end, glyph = struct.unpack_from(">III", data, at)
            if start == OLD_ITALIC:
                struct.pack_into(">III", data, at, 0x10000, 0x10000 + end - start, glyph)
                moved += 1
    assert moved  # (both Unicode subtables share it: once is enough)
    return bytes(data)


@pytest.fixture
def supplementary_shaper(tmp_path):
    """A fresh regular shaper whose one fallback font maps U+10000 to U+1001E."""
    path = tmp_path / f"Moved-{uuid.uuid4().hex[:12]}.ttf"
    path.write_bytes(moved_font(DEJAVU.read_bytes()))
    font = TTFont(f"Fallback-{path.stem}-0", str(path))  # the name font_fallback gives it
    font.face.name += f"-{path.stem}".encode()
    pdfmetrics.registerFont(font)
    font_fallback.use_fonts([FontFile(str(path))])
    script_text.reset()
    yield script_text._Shaper(False), font.fontName
    font_fallback.use_fonts(None)
    script_text.reset()


@pytest.mark.parametrize("line", ["\U00010000", "\U00010001", "\U00010000\U0001001e", "a \U00010000 b"])
def test_a_run_beyond_the_bmp_carries_its_typed_text_from_u10000_on(supplementary_shaper, line):
    """Each run in the made font (which draws its characters as they are typed) carries them as its ActualText,
    the one of U+10000 alone too; the runs in the shipped font need none."""
    shaper, made = supplementary_shaper
    runs = shaper.runs(line)
    supplementary = [run for run in runs if run.font == made]
    assert supplementary and all(run.font == made or run.font == shaper.primary for run in runs)
    for run in runs:
        typed = str(run.text)  # (the made font's glyphs map back to the characters typed)
        beyond = max(typed) >= "\U00010000"
        assert run.font == (made if beyond else shaper.primary)
        assert run.actual == (typed if beyond else ""), (line, run)
