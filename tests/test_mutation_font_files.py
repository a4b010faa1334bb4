"""Finding the system's fonts for the PDF's fallback (app.export.font_fallback), on font files built here.

The font folders of each OS, the fonts fontconfig lists (a fake ``fc-match`` that behaves like the real one),
the order of the files found in folders, the coverage read from a file's cmap (format 4 and 12, collections)
and fontconfig's charset strings, and registering a font with reportlab. No Qt, no system font needed.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from reportlab.pdfbase import pdfmetrics

from app.export import font_fallback, script_text
from app.export.font_fallback import FontFile, parse_charset, read_coverage
from app.export.fonts import REGULAR, register_fonts
from tests.conftest import ROOT

DEJAVU = ROOT / "resources" / "fonts" / "DejaVuSans.ttf"
DEJAVU_BOLD = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"


# --- font files built byte by byte -------------------------------------------------------------------------

def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


def _directory(tables: list[tuple[bytes, int, bytes]], at: int) -> tuple[bytes, bytes]:
    """An sfnt table directory for a font starting at ``at`` in its file, and the table data after it."""
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x00010000, count, 16 * power, power.bit_length() - 1, 16 * (count - power))
    offset = at + len(head) + 16 * count
    records, data = b"", b""
    for tag, checksum, body in sorted(tables):
        records += struct.pack(">4sIII", tag, checksum, offset + len(data), len(body))
        data += _pad(body)
    return head + records, data


def sfnt(tables: dict[bytes, bytes]) -> bytes:
    directory, data = _directory([(tag, 0, body) for tag, body in tables.items()], 0)
    return directory + data


def collection(fonts: list[list[tuple[bytes, int, bytes]]]) -> bytes:
    """A TrueType collection (.ttc) of these fonts' tables (tag, checksum, data), each face its own copy."""
    out = struct.pack(">4sII", b"ttcf", 0x00010000, len(fonts))
    at = len(out) + 4 * len(fonts)
    offsets, faces = [], b""
    for tables in fonts:
        offsets.append(at + len(faces))
        directory, data = _directory(tables, at + len(faces))
        faces += directory + data
    return out + struct.pack(f">{len(fonts)}I", *offsets) + faces


def real_tables(path: Path) -> list[tuple[bytes, int, bytes]]:
    data = path.read_bytes()
    count = struct.unpack_from(">H", data, 4)[0]
    tables = []
    for number in range(count):
        tag, checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        tables.append((tag, checksum, data[offset:offset + length]))
    return tables


def format4(ranges: list[tuple[int, int]]) -> bytes:
    """A BMP cmap subtable: one segment per range and the closing 0xFFFF segment."""
    segments = [*ranges, (0xFFFF, 0xFFFF)]
    count = len(segments)
    power = 1 << (count.bit_length() - 1)
    body = struct.pack(f">{count}H", *(end for _, end in segments)) + b"\0\0"
    body += struct.pack(f">{count}H", *(start for start, _ in segments))
    body += struct.pack(f">{count}H", *([1] * count)) + struct.pack(f">{count}H", *([0] * count))
    head = struct.pack(">HHHHHHH", 4, (14 + len(body)) & 0xFFFF, 0, 2 * count, 2 * power,
                       power.bit_length() - 1, 2 * (count - power))
    return head + body


def format12(ranges: list[tuple[int, int]]) -> bytes:
    groups = b"".join(struct.pack(">III", start, end, 1) for start, end in ranges)
    return struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, len(ranges)) + groups


def cmap(*subtables: tuple[int, int, bytes]) -> bytes:
    head = struct.pack(">HH", 0, len(subtables))
    at = 4 + 8 * len(subtables)
    records, data = b"", b""
    for platform, encoding, body in subtables:
        records += struct.pack(">HHI", platform, encoding, at + len(data))
        data += body
    return head + records + data


def truetype(*subtables: tuple[int, int, bytes]) -> bytes:
    """A TrueType font file as far as the coverage reader looks: outlines ('glyf') and this cmap."""
    return sfnt({b"cmap": cmap(*subtables), b"glyf": b"\0" * 4, b"head": b"\0" * 54})


def ranges_of(font: FontFile) -> list[tuple[int, int]]:
    return list(zip(font.starts or [], font.ends or [], strict=True))


def coverage(path: Path, index: int = 0) -> list[tuple[int, int]]:
    starts, ends = read_coverage(str(path), index)
    return list(zip(starts, ends, strict=True))


# --- coverage read from the file ----------------------------------------------------------------------------

LATIN = [(0x20, 0x7E), (0xA0, 0x17F)]
THAI = [(0x20, 0x20), (0xE01, 0xE3A), (0xE3F, 0xE5B)]
EMOJI = [(0x20, 0x20), (0x2600, 0x26FF), (0x1F300, 0x1F64F)]


def test_a_bmp_cmap_gives_its_ranges_under_every_unicode_encoding(tmp_path):
    """Windows (3,1) and Unicode (0,3), (0,4) subtables all say what the font draws; the closing 0xFFFF
    segment every format 4 table ends with is no character."""
    path = tmp_path / "font.ttf"
    for platform, encoding in ((3, 1), (0, 3), (0, 4)):
        for ranges in (LATIN, THAI):
            path.write_bytes(truetype((platform, encoding, format4(ranges))))
            assert coverage(path) == ranges, (platform, encoding)


def test_a_full_repertoire_cmap_gives_the_ranges_beyond_the_bmp(tmp_path):
    path = tmp_path / "emoji.ttf"
    for platform, encoding in ((3, 10), (0, 4), (0, 6)):
        path.write_bytes(truetype((platform, encoding, format12(EMOJI))))
        assert coverage(path) == EMOJI, (platform, encoding)


def test_the_full_repertoire_wins_over_the_bmp_subtable_and_the_mac_one_is_ignored(tmp_path):
    """A font with both: format 12 has the emoji the BMP table cannot hold; a Mac Roman table is no Unicode."""
    path = tmp_path / "both.ttf"
    path.write_bytes(truetype((1, 0, format4([(0x20, 0x7E)])), (3, 1, format4([(0x20, 0x7E), (0x2600, 0x26FF)])),
                              (3, 10, format12(EMOJI))))
    assert coverage(path) == EMOJI
    mac = tmp_path / "mac.ttf"
    mac.write_bytes(truetype((1, 0, format4([(0x20, 0x7E)]))))
    assert coverage(mac) == []


def test_a_bmp_cmap_with_thousands_of_segments_is_read_whole(tmp_path):
    """A CJK font's format 4 table may hold more than 16384 segments (a segment count past 32767 bytes)."""
    ranges = [(2 * i, 2 * i) for i in range(16_384)]
    path = tmp_path / "cjk.ttf"
    path.write_bytes(truetype((3, 1, format4(ranges))))
    assert coverage(path) == ranges


def test_unsorted_segments_come_out_sorted(tmp_path):
    path = tmp_path / "font.ttf"
    path.write_bytes(truetype((3, 10, format12([(0x4E00, 0x9FFF), (0x20, 0x7E), (0x3040, 0x30FF)]))))
    assert coverage(path) == [(0x20, 0x7E), (0x3040, 0x30FF), (0x4E00, 0x9FFF)]


def test_a_font_without_truetype_outlines_covers_nothing(tmp_path):
    """CFF (.otf) and bitmap fonts have a cmap but no 'glyf': reportlab cannot embed them."""
    path = tmp_path / "cff.otf"
    path.write_bytes(sfnt({b"cmap": cmap((3, 1, format4(LATIN))), b"CFF ": b"\0" * 8}))
    assert coverage(path) == []
    outlines_only = tmp_path / "nocmap.ttf"
    outlines_only.write_bytes(sfnt({b"glyf": b"\0" * 4, b"head": b"\0" * 54}))
    assert coverage(outlines_only) == []


def test_each_face_of_a_collection_has_its_own_coverage(tmp_path):
    """A .ttc's faces (a CJK family's weights, scripts) are told apart by index; the first is the default."""
    faces = [[(tag, 0, body) for tag, body in ((b"cmap", cmap((3, 1, format4(ranges)))), (b"glyf", b"\0" * 4))]
             for ranges in (LATIN, THAI, [(0x3040, 0x30FF)])]
    path = tmp_path / "family.ttc"
    path.write_bytes(collection(faces))
    assert read_coverage(str(path)) == read_coverage(str(path), 0)  # the first face unless told
    assert coverage(path, 0) == LATIN
    assert coverage(path, 1) == THAI
    assert coverage(path, 2) == [(0x3040, 0x30FF)]
    for index, code, covered in ((1, 0xE01, True), (1, 0x41, False), (2, 0x3042, True), (0, 0x3042, False)):
        assert FontFile(str(path), index).may_cover(code) is covered


def test_a_real_font_file_gives_what_reportlab_finds_in_it():
    """The shipped DejaVu Sans, read from its cmap alone, covers exactly the characters reportlab maps."""
    font = FontFile(str(DEJAVU))
    register_fonts()
    mapped = font_fallback.font_cmap(REGULAR)
    probe = range(0, 0x20000, 7)
    assert {code for code in probe if font.may_cover(code)} == {code for code in probe if code in mapped} - {0}


# --- which code points a font may cover -------------------------------------------------------------------

def test_may_cover_is_inclusive_at_both_ends_of_every_range():
    font = FontFile("/nowhere/font.ttf", 0, [0x41, 0x100, 0x3040], [0x5A, 0x17F, 0x30FF])
    for start, end in ranges_of(font):
        assert font.may_cover(start) and font.may_cover(end) and font.may_cover((start + end) // 2)
        assert not font.may_cover(end + 1)
    assert not any(font.may_cover(code) for code in (0, 0x20, 0x40, 0x5B, 0xFF, 0x3100, 0x10FFFF))


def test_fontconfigs_charset_is_trusted_without_opening_the_file(tmp_path):
    """The coverage fontconfig gave is not read again from the file (a Windows folder of hundreds of fonts)."""
    path = tmp_path / "font.ttf"
    path.write_bytes(truetype((3, 1, format4([(0x20, 0x7E)]))))
    font = FontFile(str(path), 0, [0xE01], [0xE5B])
    assert font.may_cover(0xE01) and not font.may_cover(0x41)
    unread = FontFile(str(path))
    assert unread.may_cover(0x41) and not unread.may_cover(0xE01)


# --- fontconfig's charset strings --------------------------------------------------------------------------

CHARSETS = [
    ("20-7e a0-17f 192", [(0x20, 0x7E), (0xA0, 0x17F), (0x192, 0x192)]),
    ("192", [(0x192, 0x192)]),
    ("e01-e3a   e3f-e5b\n 1f600-1f64f", [(0xE01, 0xE3A), (0xE3F, 0xE5B), (0x1F600, 0x1F64F)]),
    ("3040-30ff 20-7e 4e00-9fff", [(0x20, 0x7E), (0x3040, 0x30FF), (0x4E00, 0x9FFF)]),
    ("20-7e zz 1z-2 100-17f", [(0x20, 0x7E), (0x100, 0x17F)]),
    ("", []),
    ("FFFD 10ffff", [(0xFFFD, 0xFFFD), (0x10FFFF, 0x10FFFF)]),
]


def test_a_charset_parses_to_sorted_hexadecimal_ranges():
    """Single code points are ranges of one; an item that is no hex range is skipped, the rest still read."""
    for text, ranges in CHARSETS:
        starts, ends = parse_charset(text)
        assert list(zip(starts, ends, strict=True)) == ranges, text


# --- fontconfig, through a fake fc-match --------------------------------------------------------------------

FAKE_FC_MATCH = textwrap.dedent("""\
    import json, os, sys
    data = json.load(open(os.environ["FAKE_FC_DATA"], encoding="utf-8"))
    with open(os.environ["FAKE_FC_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(sys.argv[1:]) + "\\n")
    if data.get("fail"):
        sys.exit(1)
    args, sort, form, pattern = sys.argv[1:], False, "%{file}: %{family}\\n", None
    while args:
        arg = args.pop(0)
        if arg in ("-s", "--sort"):
            sort = True
        elif arg in ("-f", "--format"):
            form = args.pop(0)
        elif arg.startswith("-"):
            sys.stderr.write("fc-match: unknown option " + arg + "\\n")
            sys.exit(1)
        else:
            pattern = arg
    family, _, style = (pattern or "").partition(":")
    fonts = data["fonts"] if family.lower() == "dejavu sans" else data["default"]
    if style.lower() == "bold":
        fonts = sorted(fonts, key=lambda font: not font.get("bold"))
    for font in fonts if sort else fonts[:1]:
        line = form
        for key in ("file", "index", "fontformat", "charset", "family"):
            line = line.replace("%{" + key + "}", str(font.get(key, "")))
        sys.stdout.write(line)
""")


@pytest.fixture
def fake_fc_match(tmp_path, monkeypatch):
    """An fc-match on the PATH answering from a list of fonts; returns (set the fonts, calls so far)."""
    folder = tmp_path / "fc-bin"
    folder.mkdir()
    script = folder / "fc-match"
    script.write_text(f"#!{sys.executable}\n" + FAKE_FC_MATCH, encoding="utf-8")
    script.chmod(0o755)
    data, log = tmp_path / "fc-data.json", tmp_path / "fc-log"
    log.write_text("")
    monkeypatch.setenv("FAKE_FC_DATA", str(data))
    monkeypatch.setenv("FAKE_FC_LOG", str(log))
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(font_fallback, "_fontconfig_failed", False)

    def answer(fonts: list[dict], default: list[dict] | None = None, fail: bool = False) -> None:
        data.write_text(json.dumps({"fonts": fonts, "default": default or [], "fail": fail}))

    def calls() -> list[list[str]]:
        return [json.loads(line) for line in log.read_text().splitlines()]

    return SimpleNamespace(answer=answer, calls=calls)


def listed(fonts: list[FontFile] | None) -> list[tuple[str, int]] | None:
    return None if fonts is None else [(Path(font.path).name, font.index) for font in fonts]


SYSTEM = [
    {"file": "/fonts/NotoSansCJK-Regular.ttc", "index": 0, "fontformat": "CFF", "charset": "20-7e 4e00-9fff"},
    {"file": "/fonts/DejaVuSans.ttf", "index": 0, "fontformat": "TrueType", "charset": "20-7e"},
    {"file": "/fonts/DejaVuSans-Bold.ttf", "index": 0, "fontformat": "TrueType", "charset": "20-7e", "bold": True},
    {"file": "/fonts/Garuda.ttf", "index": 0, "fontformat": "TrueType", "charset": "20 e01-e3a e3f-e5b"},
    {"file": "/fonts/Garuda-Bold.ttf", "index": 0, "fontformat": "TrueType", "charset": "20 e01-e3a",
     "bold": True},
    {"file": "/fonts/n019003l.pfb", "index": 0, "fontformat": "Type 1", "charset": "20-7e"},
    {"file": "/fonts/helvR12.pcf.gz", "index": 0, "fontformat": "", "charset": "20-7e"},
    {"file": "/fonts/wqy-microhei.ttc", "index": 1, "fontformat": "TrueType", "charset": "20-7e 4e00-9fa5"},
    {"file": "/fonts/Old.TTF", "index": "", "fontformat": "", "charset": "370-3ff"},
    {"file": "/fonts/Symbola.ttf", "index": 0, "fontformat": "TrueType", "charset": "2600-26ff 1f300-1f64f"},
]
REGULAR_ORDER = [("Garuda.ttf", 0), ("Garuda-Bold.ttf", 0), ("wqy-microhei.ttc", 1), ("Old.TTF", 0),
                 ("Symbola.ttf", 0)]


def test_fontconfig_gives_the_embeddable_fonts_in_its_fallback_order(fake_fc_match):
    """CFF, Type 1 and bitmap fonts are left out, and so are the shipped faces; a collection keeps its index
    and a font without one is the first face."""
    fake_fc_match.answer(SYSTEM)
    fonts = font_fallback.fontconfig_fonts(False)
    assert listed(fonts) == REGULAR_ORDER
    assert [font.path for font in fonts] == [f"/fonts/{name}" for name, _index in REGULAR_ORDER]
    assert all("-s" in call for call in fake_fc_match.calls())  # the whole sorted list, not the best match


def test_fontconfig_is_asked_for_the_bold_face_for_bold_text(fake_fc_match):
    fake_fc_match.answer(SYSTEM)
    bold = listed(font_fallback.fontconfig_fonts(True))
    regular = listed(font_fallback.fontconfig_fonts(False))
    assert bold.index(("Garuda-Bold.ttf", 0)) < bold.index(("Garuda.ttf", 0))
    assert regular.index(("Garuda.ttf", 0)) < regular.index(("Garuda-Bold.ttf", 0))
    assert sorted(bold) == sorted(regular)


def test_fontconfig_is_asked_for_dejavu_sans_not_its_default_font(fake_fc_match):
    """The fallback order is DejaVu Sans's, as the canvas falls back from it, not the default family's."""
    fake_fc_match.answer(SYSTEM, default=[{"file": "/fonts/Default.ttf", "index": 0, "fontformat": "TrueType",
                                           "charset": "20-7e"}])
    assert listed(font_fallback.fontconfig_fonts(False)) == REGULAR_ORDER
    assert ("Default.ttf", 0) not in listed(font_fallback.fontconfig_fonts(True))


def test_fontconfigs_coverage_is_used_for_the_files_it_lists(fake_fc_match):
    """The listed files are not opened to see what they cover (they do not even exist here)."""
    fake_fc_match.answer(SYSTEM)
    fonts = {Path(font.path).name: font for font in font_fallback.fontconfig_fonts(False)}
    assert fonts["Garuda.ttf"].may_cover(0xE01) and fonts["Garuda.ttf"].may_cover(0x20)
    assert not fonts["Garuda.ttf"].may_cover(0x41)
    assert fonts["wqy-microhei.ttc"].may_cover(ord("顾")) and fonts["Symbola.ttf"].may_cover(0x1F600)
    assert fonts["Old.TTF"].may_cover(0x3B1) and not fonts["Old.TTF"].may_cover(0x400)


def test_an_odd_line_of_fontconfig_output_is_skipped(fake_fc_match):
    fake_fc_match.answer([{"file": "garbage"}, *SYSTEM])
    fonts = font_fallback.fontconfig_fonts(False)
    assert listed(fonts) == REGULAR_ORDER


def test_a_failing_fc_match_is_asked_once_and_the_font_folders_take_over(fake_fc_match):
    """fc-match exiting with an error gives no list (None, not an empty one: the folders are searched then)
    and is not run again for the other weight."""
    fake_fc_match.answer(SYSTEM, fail=True)
    assert font_fallback.fontconfig_fonts(False) is None
    assert font_fallback.fontconfig_fonts(True) is None
    assert len(fake_fc_match.calls()) == 1


def test_a_working_fc_match_is_asked_for_each_weight(fake_fc_match):
    fake_fc_match.answer(SYSTEM)
    assert font_fallback.fontconfig_fonts(False) is not None
    assert font_fallback.fontconfig_fonts(True) is not None
    assert len(fake_fc_match.calls()) == 2


# --- the OS font folders ------------------------------------------------------------------------------------

def on(monkeypatch, platform: str) -> None:
    monkeypatch.setattr(font_fallback, "sys", SimpleNamespace(platform=platform))


def test_windows_searches_its_fonts_folder_and_the_users(monkeypatch, tmp_path):
    """The system's Fonts under %WINDIR% and the per-user installs under %LOCALAPPDATA%."""
    on(monkeypatch, "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Win"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert [str(p) for p in font_fallback.font_folders()] == [
        str(tmp_path / "Win" / "Fonts"), str(tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts")]


def test_windows_without_its_variables_takes_the_usual_folder(monkeypatch):
    on(monkeypatch, "win32")
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert [str(p) for p in font_fallback.font_folders()] == [str(Path("C:\\Windows") / "Fonts")]


def test_macos_searches_its_three_folders_and_the_users(monkeypatch, tmp_path):
    on(monkeypatch, "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert font_fallback.font_folders() == [
        Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
        tmp_path / "Library" / "Fonts"]


@pytest.mark.parametrize("platform", ["linux", "freebsd14"])
def test_linux_and_bsd_search_the_system_and_user_font_folders(monkeypatch, tmp_path, platform):
    on(monkeypatch, platform)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert font_fallback.font_folders() == [
        Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), tmp_path / ".local" / "share" / "fonts",
        tmp_path / ".fonts"]


def test_fonts_a_user_installed_are_found(monkeypatch, tmp_path):
    """Without fontconfig, the fonts in ~/.local/share/fonts and ~/.fonts are candidates too."""
    on(monkeypatch, "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for folder in (tmp_path / ".local" / "share" / "fonts" / "thai", tmp_path / ".fonts"):
        folder.mkdir(parents=True)
    (tmp_path / ".local" / "share" / "fonts" / "thai" / "Kinnari.ttf").write_bytes(b"")
    (tmp_path / ".fonts" / "Symbola.otf").write_bytes(b"")
    found = {Path(font.path) for font in font_fallback.folder_fonts()}
    assert tmp_path / ".local" / "share" / "fonts" / "thai" / "Kinnari.ttf" in found
    assert tmp_path / ".fonts" / "Symbola.otf" in found


def folder_of(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "fonts"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(b"")
    return folder


def names_in_order(bold: bool = False) -> list[str]:
    return [Path(font.path).name for font in font_fallback.folder_fonts(bold)]


def test_the_preferred_fonts_come_first_whatever_the_case_of_their_names(monkeypatch, tmp_path):
    """Segoe UI, Arial Unicode, Thonburi (as Windows and macOS spell them) before any other font, in the
    preferred order; the shipped DejaVu Sans, in any case, is never a fallback."""
    names = ["Aaa.ttf", "Thonburi.ttc", "Arial Unicode.ttf", "segoeui.ttf", "AppleGothic.ttf", "DejaVuSans.ttf",
             "DEJAVUSANS-BOLD.TTF", "readme.txt", "Zz.otf"]
    folder = folder_of(tmp_path, names)
    monkeypatch.setattr(font_fallback, "font_folders", lambda: [folder])
    for bold in (False, True):
        assert names_in_order(bold) == ["segoeui.ttf", "Arial Unicode.ttf", "Thonburi.ttc", "AppleGothic.ttf",
                                        "Aaa.ttf", "Zz.otf"]


def test_other_fonts_come_in_name_order_whatever_the_case(monkeypatch, tmp_path):
    names = ["c_d.ttf", "CE.ttf", "b.ttf", "A.ttf", "ab.ttf"]
    monkeypatch.setattr(font_fallback, "font_folders", lambda: [folder_of(tmp_path, names)])
    assert names_in_order() == sorted(names, key=str.lower)


def test_each_weight_takes_its_own_face_before_the_others(monkeypatch, tmp_path):
    """Regular text: the upright regular face, then the bold one, then light, black, slanted faces; bold text:
    the bold face, then the regular one (FreeSansBold.ttf sorts after FreeSans.ttf by name)."""
    names = ["FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf", "Lato-Black.ttf", "Lato-Bold.ttf",
             "Lato-Regular.ttf"]
    monkeypatch.setattr(font_fallback, "font_folders", lambda: [folder_of(tmp_path, names)])
    regular, bold = names_in_order(), names_in_order(bold=True)
    for order, first, second, last in ((regular, "Lato-Regular.ttf", "Lato-Bold.ttf", "Lato-Black.ttf"),
                                       (regular, "FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf"),
                                       (bold, "Lato-Bold.ttf", "Lato-Regular.ttf", "Lato-Black.ttf"),
                                       (bold, "FreeSansBold.ttf", "FreeSans.ttf", "FreeSansOblique.ttf")):
        assert order.index(first) < order.index(second) < order.index(last)


class Unreadable:
    """A font folder the user may not list (rglob fails)."""

    def rglob(self, pattern: str):
        raise PermissionError(13, "Permission denied")


def test_an_unreadable_font_folder_is_skipped_and_the_next_still_searched(monkeypatch, tmp_path):
    folder = folder_of(tmp_path, ["Garuda.ttf"])
    monkeypatch.setattr(font_fallback, "font_folders", lambda: [Unreadable(), folder])
    assert names_in_order() == ["Garuda.ttf"]


# --- registering a font with reportlab ----------------------------------------------------------------------

def test_a_font_file_is_registered_once_under_a_name_reportlab_draws_with(tmp_path):
    path = tmp_path / "Fallback Sans.ttf"
    path.write_bytes(DEJAVU.read_bytes())
    name = font_fallback._register(FontFile(str(path)))
    assert name is not None and name in pdfmetrics.getRegisteredFontNames()
    assert ord("A") in font_fallback.font_cmap(name)
    assert pdfmetrics.stringWidth("Hello", name, 10) == pytest.approx(pdfmetrics.stringWidth("Hello", REGULAR, 10))
    assert font_fallback._register(FontFile(str(path))) == name


def test_the_face_of_a_collection_asked_for_is_registered(tmp_path):
    """Face 1 of a collection of DejaVu Sans and DejaVu Sans Bold is the bold one, with its wider glyphs."""
    path = tmp_path / "family.ttc"
    path.write_bytes(collection([real_tables(DEJAVU), real_tables(DEJAVU_BOLD)]))
    regular = font_fallback._register(FontFile(str(path), 0))
    bold = font_fallback._register(FontFile(str(path), 1))
    assert regular is not None and bold is not None and regular != bold
    assert pdfmetrics.getFont(bold).face.name == b"DejaVuSans-Bold"
    assert pdfmetrics.getFont(regular).face.name == b"DejaVuSans"


def test_a_font_reportlab_cannot_embed_is_skipped_for_the_next_candidate(tmp_path):
    """A broken file (or CFF outlines) is no font for the PDF: the chain goes on to the next file."""
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(truetype((3, 10, format12([(0x20, 0x7E), (0x1D5D4, 0x1D5D4)]))))
    good = tmp_path / "MathSans.ttf"
    good.write_bytes(DEJAVU_BOLD.read_bytes())
    assert font_fallback._register(FontFile(str(broken))) is None
    assert font_fallback._register(FontFile(str(broken))) is None
    try:
        font_fallback.use_fonts([FontFile(str(broken), 0, [0x1D5D4], [0x1D5D4]), FontFile(str(good))])
        script_text.reset()
        name = font_fallback.chain(False).font_for("\U0001d5d4")  # MATHEMATICAL SANS-SERIF BOLD CAPITAL A
        assert name == font_fallback._register(FontFile(str(good)))
    finally:
        font_fallback.use_fonts(None)
        script_text.reset()


# --- what the report calls missing --------------------------------------------------------------------------

def test_missing_characters_are_judged_regular_unless_asked_bold():
    """DejaVu Sans Bold has the bold mathematical letters, DejaVu Sans does not: without fallback fonts they
    are missing from regular text only."""
    letter = "\U0001d5d4"
    try:
        font_fallback.use_fonts([])
        script_text.reset()
        assert font_fallback.missing_characters([f"x {letter}"]) == {letter}
        assert font_fallback.missing_characters([f"x {letter}"], bold=True) == set()
        assert font_fallback.missing_characters([f"x {letter}"], bold=False) == {letter}
    finally:
        font_fallback.use_fonts(None)
        script_text.reset()
