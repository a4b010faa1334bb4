"""Lines of text in any script, measured and drawn the same way: font runs, shaping and right-to-left order.

Every PDF line of text goes through :func:`draw_block` (or :func:`draw_string`)
and is measured with :func:`width`, so wrapping and drawing agree. A line
all in DejaVu Sans in a script without shaping (Latin, Greek, Cyrillic) takes
the fast path: one font, reportlab's own widths, as before. Any other line is
split into runs of one font (font_fallback) and one bidi level (python-bidi's
embedding levels), each run shaped by HarfBuzz (joined Arabic, Indic
conjuncts, Thai marks), the runs put in visual order (Unicode's rule L2). A
tab prints as a space. No Qt here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import HexColor as _HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.export import font_fallback
from app.export.fonts import BOLD, REGULAR, register_fonts

try:
    import uharfbuzz
except ImportError:  # without HarfBuzz, text prints unjoined but in the right order
    uharfbuzz = None
try:
    from bidi import algorithm as bidi_algorithm
    from bidi import get_base_level as bidi_base_level
except ImportError:  # without python-bidi, right-to-left text prints in typing order
    bidi_algorithm = bidi_base_level = None

#: colours by their hex value, made once (a poster sets thousands)
HexColor = lru_cache(maxsize=512)(_HexColor)
#: bidi classes that make a line need the bidi algorithm
RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI"})
#: the isolates (LRI, RLI, PDI) as the embeddings python-bidi's level algorithm knows (LRE, RLE, PDF)
EMBEDDINGS = {"\u2066": "\u202a", "\u2067": "\u202b", "\u2069": "\u202c"}
#: HarfBuzz features: kerning and the standard ligatures (each script's required forms are always on)
FEATURES = {"kern": True, "liga": True}


def _complex(code: int) -> bool:
    """Scripts that need shaping or bidi: Hebrew to Myanmar, Khmer, Mongolian, Indic extensions,
    presentation forms, direction marks and everything beyond the BMP (emoji sequences)."""
    return (0x0590 <= code <= 0x109F or 0x1780 <= code <= 0x18AF or 0x1CD0 <= code <= 0x1CFF
            or 0x200C <= code <= 0x200F or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
            or 0xA8E0 <= code <= 0xA8FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF
            or code >= 0x10000)


def _char_class(codes: list[int]) -> str:
    """A regular expression's character class for sorted code points, as ranges."""
    parts, start, end = [], None, None
    for code in codes:
        if start is not None and code == end + 1:
            end = code
            continue
        if start is not None:
            parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(end)) if end > start else ""))
        start = end = code
    if start is not None:
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(end)) if end > start else ""))
    return "".join(parts)


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font, in visual order: what to show and its advance at 1 pt."""

    font: str
    text: str
    advance: float
    #: the characters as typed, for copying and searching the PDF; "" when ``text`` is them already
    actual: str = ""


class _Shaper:
    """Runs of one weight's lines, cached: each distinct line is shaped once per process."""

    def __init__(self, bold: bool) -> None:
        register_fonts()
        self.primary = BOLD if bold else REGULAR
        self.bold = bold
        self._measure = pdfmetrics.getFont(self.primary).stringWidth
        simple = sorted(code for code in font_fallback.font_cmap(self.primary) if code > 0x1F and not _complex(code))
        #: the fast path's test, at C speed: every character drawn by the primary font without shaping
        self.simple = re.compile(f"[{_char_class(simple)}]*").fullmatch
        self._hb: dict[str, object] = {}
        self.runs = lru_cache(maxsize=20_000)(self._runs)
        self.boxes = lru_cache(maxsize=20_000)(self._boxes)

    def is_simple(self, line: str) -> bool:
        """Whether the line is all in the primary font and needs no shaping (the fast path)."""
        return self.simple(line) is not None

    def width(self, line: str, size: float) -> float:
        if self.simple(line) is not None:
            return self._measure(line, size)
        if "\t" in line:
            return self.width(line.replace("\t", " "), size)
        return sum(run.advance for run in self.runs(line)) * size

    def _runs(self, line: str) -> tuple[Run, ...]:
        fonts = self._fonts(line)
        levels = _levels(line)
        pieces: list[tuple[str, int, int, int]] = []  # font, level, start, end (logical)
        start = 0
        for i in range(1, len(line) + 1):
            if i == len(line) or fonts[i] != fonts[start] or levels[i] != levels[start]:
                pieces.append((fonts[start], levels[start], start, i))
                start = i
        for level in range(max((p[1] for p in pieces), default=0), 0, -1):  # rule L2, on runs
            i = 0
            while i < len(pieces):
                if pieces[i][1] >= level:
                    j = i
                    while j < len(pieces) and pieces[j][1] >= level:
                        j += 1
                    pieces[i:j] = pieces[i:j][::-1]
                    i = j
                else:
                    i += 1
        return tuple(self._shape(font, line[a:b], level % 2 == 1) for font, level, a, b in pieces)

    def _fonts(self, line: str) -> list[str]:
        """Each character's font: the first of the chain with its glyph; joiners, variation selectors and
        spaces stay with the character before them (a run is shaped whole); a combining mark stays with its
        base when the base's font has it, else base and marks go to the first font with them all, else the
        mark takes its own font; a character no font has gets the primary (it prints as a box)."""
        chain = font_fallback.chain(self.bold)
        cmap = font_fallback.font_cmap
        fonts: list[str] = []
        base = 0  # where the cluster of the character before starts
        for at, char in enumerate(line):
            if fonts:
                kind = unicodedata.category(char)[0]
                if font_fallback.ignorable(char) or (kind == "Z" and ord(char) in cmap(fonts[-1])):
                    base = at if kind == "Z" else base
                    fonts.append(fonts[-1])
                    continue
                if kind == "M":
                    if ord(char) in cmap(fonts[base]):
                        fonts.append(fonts[base])
                        continue
                    cluster = "".join(c for c in line[base:at + 1] if not font_fallback.ignorable(c))
                    together = chain.font_with(cluster)
                    if together is not None:
                        fonts[base:] = [together] * (at - base)
                        fonts.append(together)
                    else:
                        fonts.append(chain.font_for(char) or self.primary)
                    continue
            base = at
            fonts.append(chain.font_for(char) or self.primary)
        return fonts

    def _boxes(self, line: str) -> frozenset[str]:
        """The characters of a line that print as empty boxes: those the font of their run has no glyph for
        (joiners and variation selectors are hidden by shaping, never boxes)."""
        if self.simple(line) is not None:
            return frozenset()
        chars = set(line)
        if not any(unicodedata.category(char)[0] == "M" for char in chars):
            # Without marks every character has its own font (a space may keep the one before, which has it):
            # the run split's boxes are those no font has, found a character at a time
            chain = font_fallback.chain(self.bold)
            return frozenset(char for char in chars
                             if not font_fallback.ignorable(char) and chain.font_for(char) is None)
        cmap = font_fallback.font_cmap
        return frozenset(char for char, font in zip(line, self._fonts(line), strict=True)
                         if not font_fallback.ignorable(char) and ord(char) not in cmap(font))

    def _shape(self, font: str, text: str, rtl: bool) -> Run:
        ttf = pdfmetrics.getFont(font)
        if uharfbuzz is None or not ttf.shapable:  # joiners and selectors the font lacks are left out, not boxes
            cmap = font_fallback.font_cmap(font)
            text = "".join(c for c in text if ord(c) in cmap or not font_fallback.ignorable(c))
            shown = text[::-1] if rtl else text
            return Run(font, shown, ttf.stringWidth(shown, 1))
        if font not in self._hb:
            self._hb[font] = ttf.hbFont(1000)  # also gives the font its hbAddPrivate for unmapped glyphs
        hb_font = self._hb[font]
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        uharfbuzz.shape(hb_font, buffer, FEATURES)
        face, scale = ttf.face, ttf.pdfScale
        chars, data = [], []
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
            gid = info.codepoint
            mapped = face.glyphToChar.get(gid)
            code = mapped[0] if mapped else ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid,
                                                           scale(position.x_advance))
            chars.append(chr(code))
            data.append(ShapeData(info.cluster, scale(position.x_advance), scale(position.y_advance),
                                  scale(position.x_offset), scale(position.y_offset), face.charWidths[code]))
        # What a reader copies: the typed characters, in the order of the glyphs (a right-to-left run's
        # reversed, as PDF readers put glyphs back into reading order themselves)
        shown, actual = "".join(chars), text[::-1] if rtl else text
        # (and beyond the BMP, emoji, which reportlab's ToUnicode map cuts to 16 bits)
        plain = shown == actual and max(text, default=" ") < "\U00010000"
        return Run(font, ShapedStr(shown, shapeData=data), sum(d.x_advance for d in data) / 1000,
                   "" if plain else actual)


def _unassigned(char: str) -> str:
    """A stand-in of the bidi class Unicode gives a code point this Python does not know yet (a newer emoji):
    right-to-left in the right-to-left blocks, none for a default ignorable one, else left-to-right."""
    code = ord(char)
    if 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF or 0x10800 <= code <= 0x10FFF \
            or 0x1E800 <= code <= 0x1EFFF:
        return "\u05d0"
    return "\u200b" if font_fallback.ignorable(char) else "a"


def _bidi_text(line: str) -> str:
    """The line as python-bidi's level algorithm takes it, character for character: isolates, which it predates
    and fails on, as embeddings (an FSI as the one of its text's first strong character), and code points it
    has no bidi class for (it fails on them too) as a character of their class."""
    shown = []
    for at, char in enumerate(line):
        if char == "\u2068":
            depth, end = 0, len(line)
            for after in range(at + 1, len(line)):
                if line[after] in "\u2066\u2067\u2068":
                    depth += 1
                elif line[after] == "\u2069":
                    if depth == 0:
                        end = after
                        break
                    depth -= 1
            inner = line[at + 1:end]  # (python-bidi refuses to find the level of nothing)
            char = "\u202b" if inner and bidi_base_level(inner) == 1 else "\u202a"
        elif not unicodedata.bidirectional(char):
            char = _unassigned(char)
        shown.append(EMBEDDINGS.get(char, char))
    return "".join(shown)


def _levels(line: str) -> list[int]:
    """Each character's bidi embedding level (all 0 for a line with nothing right-to-left)."""
    if bidi_algorithm is None or not any(unicodedata.bidirectional(char) in RTL_CLASSES for char in line):
        return [0] * len(line)
    storage = bidi_algorithm.get_empty_storage()
    base = bidi_base_level(line)  # rule P2, which skips what isolates hold
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    text = _bidi_text(line)
    bidi_algorithm.get_embedding_levels(text, storage)
    bidi_algorithm.explicit_embed_and_overrides(storage)
    bidi_algorithm.resolve_weak_types(storage)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    # Rule X9 dropped the embedding controls (isolates among them, as embeddings) and the boundary neutrals
    # (joiners among them): they take the level of the character before them, so that they stay in its run.
    levels, resolved, level = [], storage["chars"], base
    at = 0
    for char in text:
        if at < len(resolved) and resolved[at]["ch"] == char:
            level = resolved[at]["level"]
            at += 1
        levels.append(level)
    return levels


_shapers: dict[bool, _Shaper] = {}


def shaper(bold: bool = False) -> _Shaper:
    if bold not in _shapers:
        _shapers[bold] = _Shaper(bold)
    return _shapers[bold]


def reset() -> None:
    """Forget shaped lines (after font_fallback.use_fonts changed the fonts)."""
    _shapers.clear()


def boxes(texts: list[str], bold: bool = False) -> set[str]:
    """Every character of these texts that prints as an empty box in this weight (a tab prints as a space)."""
    lines = shaper(bold)
    found: set[str] = set()
    for text in texts:
        for line in text.replace("\t", " ").split("\n"):
            found |= lines.boxes(line)
    return found


def width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of one line in points, as :func:`draw_block` draws it."""
    return shaper(bold).width(text, size)


def _show(text: PDFTextObject, line: str, x: float, baseline: float, size: float, leading: float,
          bold: bool) -> None:
    """One line at (x, baseline) on a y-down page, run by run (the glyphs un-flipped)."""
    lines = shaper(bold)
    if lines.is_simple(line):
        text.setTextTransform(1, 0, 0, -1, x, baseline)
        text.setFont(lines.primary, size, leading)
        text.textOut(line)
        return
    for run in lines.runs(line):
        text.setTextTransform(1, 0, 0, -1, x, baseline)
        text.setFont(run.font, size, leading)
        if run.actual:  # joined, reordered or combined glyphs: a reader copies and finds the typed text
            text._code.append(f"/Span <</ActualText <FEFF{run.actual.encode('utf-16-be').hex().upper()}>>> BDC")
        text.textOut(run.text)
        if run.actual:
            text._code.append("EMC")
        x += run.advance * size


def draw_block(c: Canvas, x: float, baseline: float, lines: list[str], size: float, line_height: float,
               color: str, bold: bool = False, into: PDFTextObject | None = None) -> None:
    """Lines from the first baseline down on a y-down canvas; into a shared text object (drawn by the
    caller) or its own. Lines of Latin, Greek or Cyrillic go out as one text block, as fast as ever."""
    text = into if into is not None else c.beginText()
    shaped = _shapers.get(bold) or shaper(bold)
    if shaped.simple("".join(lines)) is not None:  # (a tab is not simple: it takes the other way)
        text.setTextTransform(1, 0, 0, -1, x, baseline)
        text.setFont(shaped.primary, size, line_height)
        text.setFillColor(HexColor(color))
        for line in lines:
            text.textLine(line)
    else:
        text.setFillColor(HexColor(color))
        for number, line in enumerate(lines):
            _show(text, line.replace("\t", " "), x, baseline + number * line_height, size, line_height, bold)
    if into is None:
        c.drawText(text)


def draw_string(c: Canvas, x: float, y: float, line: str, size: float, color: str, right: bool = False,
                bold: bool = False, centred: bool = False) -> None:
    """One line on a y-up canvas (a sheet's margin, the assembly sheet), from x, ending at x (``right``) or
    centred on x (``centred``)."""
    line = line.replace("\t", " ")
    if right or centred:
        x -= width(line, size, bold) / (2 if centred else 1)
    shaped = shaper(bold)
    if shaped.is_simple(line):  # as reportlab draws it, the sheet's margin in few bytes
        c.setFont(shaped.primary, size)
        c.setFillColor(HexColor(color))
        c.drawString(x, y, line)
        return
    c.saveState()
    c.transform(1, 0, 0, -1, 0, 2 * y)  # flipped about the baseline: draw_block works y-down
    draw_block(c, x, y, [line], size, size * 1.2, color, bold)
    c.restoreState()
