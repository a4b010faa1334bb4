"""Which font draws a character: the shipped DejaVu Sans first, then the system's fonts that reportlab can embed.

DejaVu Sans has no Chinese, Japanese, Korean, Thai, Devanagari or emoji. For
those the PDF falls back, character by character, on the fonts the system
has, in fontconfig's order for "DejaVu Sans" on Linux (the order Qt's canvas
falls back in, so paper and screen show the same glyphs), else in the OS font
folders (Windows, macOS). Only TrueType outlines can be embedded (as subsets)
by reportlab: CFF fonts (most .otf, Noto CJK's .ttc) and bitmap emoji fonts
fail to load and are skipped. Fonts are found once per process and loaded
only when a character needs them; an fc-match that fails or hangs is given
up after FC_TIMEOUT once and not asked again. Bold text falls back to the
regular faces for what no bold face has. No Qt here: every exporter uses it.
"""

from __future__ import annotations

import bisect
import os
import shutil
import struct
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.export.fonts import BOLD, REGULAR, register_fonts

#: the shipped faces: the system's copies of them are never loaded twice
SHIPPED_FILES = frozenset({"dejavusans.ttf", "dejavusans-bold.ttf"})
#: how long fontconfig may take to list the fonts, once per process, before the PDF takes the font folders (the
#: export dialog's preview waits for it on the UI thread)
FC_TIMEOUT = 3.0
#: font files reportlab may load (.otf only when it holds TrueType outlines, checked on loading)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
#: fonts tried first in the OS font folders (where no fontconfig orders them), lower-case file names
PREFERRED = (
    # Windows: Segoe UI and its script siblings, CJK, Thai, Indic, symbols and emoji outlines
    "segoeui.ttf", "segoeuib.ttf", "msyh.ttc", "msyhbd.ttc", "yugothm.ttc", "meiryo.ttc", "msgothic.ttc",
    "malgun.ttf", "malgunbd.ttf", "leelawui.ttf", "leelauib.ttf", "nirmala.ttf", "nirmalab.ttf",
    "seguisym.ttf", "seguiemj.ttf", "arialuni.ttf", "arial.ttf", "tahoma.ttf",
    # macOS
    "arial unicode.ttf", "thonburi.ttc", "kohinoordevanagari.ttc", "applesdgothicneo.ttc",
    "hiragino sans gb.ttc", "applegothic.ttf", "applesymbols.ttf",
)


#: the format characters that print (not default ignorable: HarfBuzz draws them, a box when the font lacks them):
#: the prepended concatenation marks (Arabic number signs, end of ayah, Syriac abbreviation, Kaithi number
#: signs), the interlinear annotation marks and the Egyptian hieroglyph format controls
DRAWN_FORMAT = frozenset([*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, *range(0xFFF9, 0xFFFC),
                          0x110BD, 0x110CD, *range(0x13430, 0x13440)])


def ignorable(char: str) -> bool:
    """Characters no font needs to draw: joiners, variation selectors, direction marks and the other default
    ignorable code points HarfBuzz hides (Unicode's, but for the Hangul fillers, which it draws)."""
    code = ord(char)
    return ((unicodedata.category(char) == "Cf" and code not in DRAWN_FORMAT)
            or 0xFE00 <= code <= 0xFE0F or 0xE0000 <= code <= 0xE0FFF
            or 0x17B4 <= code <= 0x17B5 or 0x180B <= code <= 0x180F or 0x2060 <= code <= 0x206F
            or 0xFFF0 <= code <= 0xFFF8 or char in "\n\t\r")


@dataclass
class FontFile:
    """A font file on the system (``index`` into a collection), with what fontconfig says it covers."""

    path: str
    index: int = 0
    #: sorted [start, end] code point ranges; None until read (fontconfig gives them, else the file's cmap)
    starts: list[int] | None = None
    ends: list[int] | None = None

    def may_cover(self, code: int) -> bool:
        if self.starts is None or self.ends is None:
            self.starts, self.ends = read_coverage(self.path, self.index)
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]


def read_coverage(path: str, index: int = 0) -> tuple[list[int], list[int]]:
    """The code points a font file maps, read from its table directory and cmap alone (parsing or reading whole
    fonts would take a Windows folder of hundreds of fonts a minute); nothing for a file reportlab cannot
    embed (no 'glyf' outlines: CFF, bitmap emoji)."""
    try:
        with open(path, "rb") as file:
            head = file.read(12)
            base = 0
            if head[:4] == b"ttcf":
                file.seek(12 + 4 * index)
                base = struct.unpack(">I", file.read(4))[0]
                file.seek(base)
                head = file.read(12)
            count = struct.unpack_from(">H", head, 4)[0]
            directory = file.read(16 * count)
            tables = {}
            for number in range(count):
                tag, _sum, offset, length = struct.unpack_from(">4sIII", directory, 16 * number)
                tables[tag] = (offset, length)
            if b"glyf" not in tables or b"cmap" not in tables:
                return [], []
            offset, length = tables[b"cmap"]
            file.seek(offset)
            return _cmap_ranges(file.read(length), 0)
    except (OSError, struct.error, IndexError):
        return [], []


def _cmap_ranges(data: bytes, cmap: int) -> tuple[list[int], list[int]]:
    """Ranges of the best Unicode subtable: format 12 (full repertoire) before format 4 (BMP)."""
    best: dict[int, int] = {}
    for number in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * number)
        if (platform, encoding) in ((3, 10), (3, 1), (0, 3), (0, 4), (0, 6)):
            best.setdefault(struct.unpack_from(">H", data, cmap + offset)[0], cmap + offset)
    pairs: list[tuple[int, int]] = []
    if 12 in best:
        at = best[12]
        for group in range(struct.unpack_from(">I", data, at + 12)[0]):
            start, end, _glyph = struct.unpack_from(">III", data, at + 16 + 12 * group)
            pairs.append((start, end))
    elif 4 in best:
        at = best[4]
        segments = struct.unpack_from(">H", data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        pairs = [(start, end) for start, end in zip(starts, ends, strict=True) if start != 0xFFFF]
    pairs.sort()
    return [start for start, _ in pairs], [end for _, end in pairs]


def parse_charset(text: str) -> tuple[list[int], list[int]]:
    """fontconfig's charset ("20-7e a0-17f 192") as sorted starts and ends."""
    starts, ends = [], []
    for item in text.split():
        first, _, last = item.partition("-")
        try:
            start = int(first, 16)
            end = int(last, 16) if last else start
        except ValueError:
            continue
        starts.append(start)
        ends.append(end)
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [ends[i] for i in order]


#: True once fc-match failed or timed out: it is not asked again in this process (a hanging fc-match would
#: block every export and the bold weight once more)
_fontconfig_failed = False


def fontconfig_fonts(bold: bool) -> list[FontFile] | None:
    """fontconfig's fallback order for DejaVu Sans (bold or regular), or None without a working fc-match."""
    global _fontconfig_failed
    command = shutil.which("fc-match")
    if command is None or _fontconfig_failed:
        return None
    try:
        done = subprocess.run(
            [command, "-s", "--format", "%{file}\t%{index}\t%{fontformat}\t%{charset}\n",
             "DejaVu Sans:bold" if bold else "DejaVu Sans"],
            capture_output=True, text=True, timeout=FC_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        _fontconfig_failed = True
        return None
    if done.returncode != 0:
        _fontconfig_failed = True
        return None
    fonts = []
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or parts[2] not in ("TrueType", ""):  # "CFF", "Type 1", "PCF": reportlab cannot embed
            continue
        path, index = parts[0], parts[1]
        if not path.lower().endswith(FONT_SUFFIXES) or Path(path).name.lower() in SHIPPED_FILES:
            continue
        starts, ends = parse_charset(parts[3])
        fonts.append(FontFile(path, int(index) if index.isdigit() else 0, starts, ends))
    return fonts


def font_folders() -> list[Path]:
    """The OS's font folders: Windows' and the user's, macOS's three, the usual ones on Linux and BSD."""
    home = Path.home()
    if sys.platform.startswith("win"):
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return folders
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


#: words in a font file's name that say it is not the upright regular face
_STYLED = ("bold", "italic", "oblique", "black", "heavy", "light", "thin", "condensed")


def folder_fonts(bold: bool = False) -> list[FontFile]:
    """The font files in the OS's folders, the preferred ones first and, within a family, the face of the
    weight asked for (Garuda.ttf before Garuda-Bold.ttf for regular text, the other way round for bold;
    coverage read when a font is tried)."""
    found: list[Path] = []
    for folder in font_folders():
        try:
            found += [p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES]
        except OSError:
            continue
    rank = {name: i for i, name in enumerate(PREFERRED)}
    found = [p for p in found if p.name.lower() not in SHIPPED_FILES]

    def fit(path: Path) -> int:
        """0 for the face of the weight asked for, 1 for another upright one, 2 for a slanted or odd one."""
        name = path.stem.lower()
        styled = [word for word in _STYLED if word in name]
        if bold:
            return 0 if styled == ["bold"] else 1 if not styled else 2
        return 0 if not styled else 1 if styled == ["bold"] else 2

    found.sort(key=lambda p: (rank.get(p.name.lower(), len(rank)), fit(p), p.name.lower()))
    return [FontFile(str(p)) for p in found]


@dataclass
class FallbackChain:
    """The fonts for one weight, in order; ``font_for`` answers which registered font draws a character.

    The bold chain goes on, for what no bold face has, with the regular faces: the shipped DejaVu Sans right
    after DejaVu Sans Bold (fontconfig's own order), the regular chain last. A regular glyph in a bold line
    beats a box.
    """

    primary: str
    #: the system's fonts in order; None until a character needs one (a Latin map never asks fontconfig)
    candidates: list[FontFile] | None = None
    #: the regular chain, for the bold one
    regular: FallbackChain | None = None
    _chosen: dict[frozenset[int], str | None] = field(default_factory=dict)
    _by_char: dict[str, str | None] = field(default_factory=dict)
    #: loaded fallbacks: registered name and the code points it draws
    _loaded: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    _tried: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.primary_cmap = font_cmap(self.primary)

    def font_for(self, char: str) -> str | None:
        """The registered font with a glyph for ``char`` (the primary first), or None when none has one."""
        chosen = self._by_char.get(char, "")
        if chosen == "":
            chosen = self._by_char[char] = self.font_with(char)
        return chosen

    def font_with(self, chars: str) -> str | None:
        """The first font of the chain with a glyph for every one of ``chars`` (a base and its marks, so that
        they shape together), or None when no font has them all."""
        codes = frozenset(map(ord, chars))
        chosen = self._chosen.get(codes, "")
        if chosen != "":
            return chosen
        if codes <= self.primary_cmap:
            chosen = self.primary
        elif self.regular is not None and codes <= self.regular.primary_cmap:
            chosen = self.regular.primary
        else:
            chosen = next((name for name, cmap in self._loaded if codes <= cmap), None)
            if chosen is None:
                chosen = self._load_for(codes)
            if chosen is None and self.regular is not None:
                chosen = self.regular.font_with(chars)
        self._chosen[codes] = chosen
        return chosen

    def _load_for(self, codes: frozenset[int]) -> str | None:
        if self.candidates is None:
            self.candidates = fontconfig_fonts(self.primary == BOLD)
            if self.candidates is None:
                self.candidates = folder_fonts(self.primary == BOLD)
        for number, candidate in enumerate(self.candidates):
            if number in self._tried or not all(map(candidate.may_cover, codes)):
                continue
            self._tried.add(number)
            name = _register(candidate)
            if name is None:
                continue
            cmap = font_cmap(name)
            self._loaded.append((name, cmap))
            if codes <= cmap:
                return name
        return None


_registered: dict[tuple[str, int], str | None] = {}
_cmaps: dict[str, frozenset[int]] = {}


def font_cmap(name: str) -> frozenset[int]:
    """The code points a registered font maps, as its file has them (shaping later adds private ones)."""
    if name not in _cmaps:
        _cmaps[name] = frozenset(pdfmetrics.getFont(name).face.charToGlyph)
    return _cmaps[name]


def _register(font: FontFile) -> str | None:
    """Register a fallback font with reportlab once per process; None when it cannot be embedded."""
    key = (font.path, font.index)
    if key not in _registered:
        name = f"Fallback-{Path(font.path).stem}-{font.index}"
        try:
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, font.path, subfontIndex=font.index))
            _registered[key] = name
        except Exception:  # CFF outlines, bitmap-only emoji, a broken file: this font cannot be embedded
            _registered[key] = None
    return _registered[key]


_chains: dict[bool, FallbackChain] = {}


def chain(bold: bool = False) -> FallbackChain:
    """The fallback chain for regular or bold text, found once per process."""
    if bold not in _chains:
        register_fonts()
        _chains[bold] = FallbackChain(BOLD, regular=chain(False)) if bold else FallbackChain(REGULAR)
    return _chains[bold]


def use_fonts(candidates: list[FontFile] | None) -> None:
    """Replace the system's fonts (a test's font set, or [] for none); None finds the system's again."""
    _chains.clear()
    if candidates is not None:
        register_fonts()
        _chains[False] = FallbackChain(REGULAR, list(candidates))
        _chains[True] = FallbackChain(BOLD, list(candidates), regular=_chains[False])


def missing_characters(texts: list[str], bold: bool = False) -> set[str]:
    """Characters that print as empty boxes in these texts, judged from the drawing's own runs
    (:func:`app.export.script_text.boxes`), so that the report and the page agree."""
    from app.export.script_text import boxes  # it builds on this module

    return boxes(texts, bold)
