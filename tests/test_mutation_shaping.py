"""The PDF's text shaping and font fallback checked against HarfBuzz and python-bidi run directly on the same
font files (app.export.script_text, app.export.font_fallback): glyphs, advances, offsets and clusters of each
run, the bidi levels and visual order, which font draws each character, what is left out without HarfBuzz,
when a run carries its typed text, and which system fonts are asked for and loaded.

Fallback fonts are registered afresh, under a name and a face name of their own: reportlab keeps a registered
font's face for the whole process (and hands a font of a face it has already, same file or not, that face),
shaping adds private code points for unmapped glyphs to it, so a face shaped before would hide what shaping
a fresh one does, and a face trimmed here would be the one other tests print with.
"""

from __future__ import annotations

import unicodedata
import uuid
from pathlib import Path

import pytest
import uharfbuzz
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.export import font_fallback, script_text
from app.export.font_fallback import FontFile

LOHIT = Path("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf")
GARUDA = Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf")
GARUDA_BOLD = Path("/usr/share/fonts/truetype/tlwg/Garuda-Bold.ttf")
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

needs = {path: pytest.mark.skipif(not path.exists(), reason=f"{path.name} (scripts/setup.sh) is not installed")
         for path in (LOHIT, GARUDA, GARUDA_BOLD, SYMBOLA, WQY)}


@pytest.fixture
def fonts(tmp_path):
    """Install a fallback chain of fresh copies of font files; a fresh shaper for the weight asked for."""
    def install(*paths: Path, bold: bool = False) -> tuple[script_text._Shaper, list[FontFile]]:
        files = []
        for path in paths:
            fresh = uuid.uuid4().hex[:12]
            link = tmp_path / f"{path.stem}-{fresh}{path.suffix}"
            link.symlink_to(path)
            font = TTFont(f"Fallback-{link.stem}-0", str(link))  # the name font_fallback gives it
            font.face.name += f"-{fresh}".encode()  # (bytes, as the PDF names it)
            pdfmetrics.registerFont(font)
            files.append(FontFile(str(link)))
        font_fallback.use_fonts(files)
        script_text.reset()
        return script_text._Shaper(bold), files

    yield install
    font_fallback.use_fonts(None)
    script_text.reset()


@pytest.fixture
def shipped(fonts):
    """DejaVu Sans alone, a fresh regular shaper."""
    return fonts()[0]


def harfbuzz(font: str, text: str, rtl: bool) -> tuple[list, list, int]:
    """HarfBuzz on the font's file, run directly: glyph infos, positions and units per em."""
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(pdfmetrics.getFont(font).face.filename))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    uharfbuzz.shape(uharfbuzz.Font(face), buffer, {})
    return buffer.glyph_infos, buffer.glyph_positions, face.upem


def assert_run_is_harfbuzzs(run: script_text.Run, typed: str, rtl: bool) -> None:
    """The run's glyphs (through the font's own char-to-glyph map), advances, offsets and clusters are
    HarfBuzz's, at 1000 units per em; its advance is the sum at 1 pt."""
    infos, positions, upem = harfbuzz(run.font, typed, rtl)
    face = pdfmetrics.getFont(run.font).face
    assert [face.charToGlyph[ord(char)] for char in run.text] == [info.codepoint for info in infos]
    data = run.text.__shapeData__
    assert [d.cluster for d in data] == [info.cluster for info in infos]
    scale = 1000 / upem
    for d, position in zip(data, positions, strict=True):
        assert d.x_advance == pytest.approx(position.x_advance * scale, abs=1e-9)
        assert (d.x_offset, d.y_offset) == pytest.approx((position.x_offset * scale, position.y_offset * scale))
    for char, d in zip(run.text, data, strict=True):  # reportlab's width of each glyph drawn
        assert face.charWidths[ord(char)] == pytest.approx(d.width)
    assert run.advance == pytest.approx(sum(p.x_advance for p in positions) / upem, rel=1e-12, abs=0)


def typed_of(run: script_text.Run, rtl: bool) -> str:
    shown = run.actual or str(run.text)
    return shown[::-1] if rtl else shown


def cf_free(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


# --- shaping: what HarfBuzz gives, glyph for glyph ------------------------------------------------------------

@needs[LOHIT]
def test_devanagari_conjuncts_are_harfbuzzs_glyphs_each_with_its_own_private_code(fonts):
    """Conjuncts and reordered vowel signs are glyphs no character maps to: each gets a private code point of its
    own that draws that very glyph, at HarfBuzz's advance, and the PDF can be written."""
    shaper, _files = fonts(LOHIT)
    line = "ग्राहक क्षत्रिय श्री द्वि"
    [run] = shaper.runs(line)
    assert run.font.startswith("Fallback-Lohit-Devanagari")
    unmapped = {char for char in run.text if 0xE000 <= ord(char) <= 0xF8FF}
    assert len(unmapped) >= 2  # several conjunct glyphs, each its own code
    assert_run_is_harfbuzzs(run, line, rtl=False)
    assert run.actual == line  # copied as typed
    canvas, code = draw([line])
    canvas.save()
    assert "/ActualText" in code


@needs[GARUDA]
def test_thai_marks_are_placed_by_harfbuzz(fonts):
    shaper, _files = fonts(GARUDA)
    line = "ลูกค้าเห็นโฆษณานาฬิกาใหม่ กิ่ง"
    runs = shaper.runs(line)
    assert "".join(typed_of(run, False) for run in runs) == line
    for run in runs:
        assert_run_is_harfbuzzs(run, typed_of(run, False), rtl=False)


@pytest.mark.parametrize("line", ["مرحبا بالعالم", "لا إله", "שָׁלוֹם עולם", "שלום"])
def test_right_to_left_runs_are_harfbuzzs_right_to_left_shaping(shipped, line):
    """Arabic joined, Hebrew points placed: HarfBuzz's glyphs from the left, a right-to-left buffer."""
    [run] = shipped.runs(line)
    assert_run_is_harfbuzzs(run, line, rtl=True)
    assert typed_of(run, True) == line


@needs[SYMBOLA]
def test_emoji_and_combining_marks_are_harfbuzzs(fonts):
    shaper, _files = fonts(SYMBOLA)
    for line in ["a\u0301e\u0302 o\u0308", "😀 🚀 1\u20e3"]:
        runs = shaper.runs(line)
        assert "".join(typed_of(run, False) for run in runs) == line
        for run in runs:
            assert_run_is_harfbuzzs(run, typed_of(run, False), rtl=False)


# --- when a run carries its typed text ------------------------------------------------------------------------

def draw(lines: list[str], bold: bool = False):
    import io

    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), pageCompression=0)
    text = canvas.beginText()
    script_text.draw_block(canvas, 10, 20, lines, 10, 12, "#000000", bold, into=text)
    code = text.getCode()
    canvas.drawText(text)
    canvas.showPage()
    return canvas, code


@pytest.mark.parametrize("line", ["שלום עולם", "ΑΒΓ שלום", "אבג"])
def test_a_run_whose_glyphs_are_its_characters_carries_no_copy_of_them(shipped, line):
    """Hebrew without points is drawn glyph for character (reversed): the glyphs copy as typed already, so the
    run has no ActualText; Arabic's joined forms do."""
    runs = shipped.runs(line)
    assert all(run.actual == "" for run in runs)
    script_text.reset()
    _canvas, code = draw([line])
    assert "ActualText" not in code
    joined = shipped.runs("مرحبا")
    assert [run.actual for run in joined] == ["مرحبا"[::-1]]


@needs[SYMBOLA]
def test_characters_beyond_the_bmp_always_carry_their_typed_text(fonts):
    """Emoji map to their own glyph, but the PDF's ToUnicode map cuts them to 16 bits: the typed text goes along."""
    shaper, _files = fonts(SYMBOLA)
    runs = shaper.runs("🚀")
    assert [run.actual for run in runs] == ["🚀"]


# --- bidi levels and visual order ------------------------------------------------------------------------------

LINES = [
    "123 שלום",                      # a number first in a right-to-left line: it keeps its own level
    "12 abc שלום",
    "45% הנחה על 3 פריטים",
    "שלום\u200d",                     # a joiner last: dropped by rule X9, it takes the level before
    "שלום עולם\u00ad",
    "abc \u202bשלום \u202axyz \u202bعربي\u202c\u202c\u202c end",   # embeddings three deep
    "\u202bשלום \u202aabc \u202bעברית 12\u202c\u202c\u202c",       # and six deep
    "\u202eabc def\u202c ghi",        # a right-to-left override of Latin
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("bold", [False, True])
def test_runs_are_in_python_bidis_visual_order_at_any_depth(fonts, line, bold):
    """Each run is shaped in its level's direction (odd levels right to left, at any depth) and the runs read
    left to right as python-bidi displays the line (embedding controls aside)."""
    shaper = fonts(bold=bold)[0]
    runs = shaper.runs(line)
    assert cf_free("".join(run.actual or str(run.text) for run in runs)) == cf_free(get_display(line))


def test_ordering_a_line_prints_nothing(capsys):
    """The bidi algorithm's steps run quietly (python-bidi prints its working when asked to debug)."""
    for line in LINES:
        script_text._levels(line)
    assert capsys.readouterr() == ("", "")


def test_lines_of_one_character_and_no_character(shipped):
    """A line of one character is one run with its width; a line of none has no run."""
    assert shipped.runs("") == ()
    for char in "אب\u0915\U0001f600":
        [run] = shipped.runs(char)
        assert typed_of(run, rtl=char in "אب") == char
        assert run.advance > 0 and shipped.width(char, 10) == pytest.approx(run.advance * 10)


# --- which font draws each character ----------------------------------------------------------------------------

def fonts_of(runs) -> list[tuple[str, str]]:
    """(character, font) in typing order, for a left-to-right line."""
    return [(char, run.font) for run in runs for char in (run.actual or str(run.text))]


@needs[WQY]
@needs[GARUDA]
def test_each_character_is_drawn_by_the_first_font_with_its_glyph(fonts):
    """A letter goes to the first font that has it (DejaVu Sans for Latin, even right after Chinese whose font
    has Latin too); a space stays with the font before when that font has it, else takes its own; a joiner or
    variation selector stays with the character before."""
    shaper, _files = fonts(WQY, GARUDA)
    chain = font_fallback.chain(False)
    wqy, garuda = (chain.font_for(char) for char in "顾ก")
    assert None not in (wqy, garuda) and wqy != garuda
    cases = {
        "顾a": [wqy, "DejaVuSans"],
        "a顾": ["DejaVuSans", wqy],
        "顾 客 a": [wqy, wqy, wqy, wqy, "DejaVuSans"],
        "ก ข a": [garuda, garuda, garuda, garuda, "DejaVuSans"],
        "a\u3000顾": ["DejaVuSans", wqy, wqy],       # DejaVu Sans has no ideographic space
        "顾\u200dX": [wqy, wqy, "DejaVuSans"],
        "顾\ufe0fa": [wqy, wqy, "DejaVuSans"],
        "aXb顾X": ["DejaVuSans"] * 3 + [wqy, "DejaVuSans"],
    }
    for line, expected in cases.items():
        got = fonts_of(shaper.runs(line))
        assert got == list(zip(line, expected, strict=True)), line


@needs[SYMBOLA]
@needs[WQY]
def test_a_mark_the_bases_font_lacks_takes_its_base_to_a_font_with_both(fonts):
    """Whatever comes after (Chinese, a space, a letter): the keycap and its digit are drawn together by the
    font with both; a mark after a space goes with the space."""
    shaper, _files = fonts(WQY, SYMBOLA)
    chain = font_fallback.chain(False)
    keycap = chain.font_with("1\u20e3")
    wqy = chain.font_for("顾")
    assert keycap is not None and keycap != "DejaVuSans"
    for after in ["顾", " ", "a", "顾顾", ""]:
        got = fonts_of(shaper.runs("1\u20e3" + after))
        assert got[:2] == [("1", keycap), ("\u20e3", keycap)], after
    got = fonts_of(shaper.runs("顾 \u20e3"))
    assert got[0] == ("顾", wqy)
    space_font = chain.font_with(" \u20e3")
    assert got[1:] == [(" ", space_font), ("\u20e3", space_font)]


@needs[SYMBOLA]
def test_a_base_and_mark_go_to_a_font_with_both_even_one_without_latin_letters(fonts):
    """A symbol font with digits and the keycap but no letters (trimmed here from Symbola) still takes them."""
    shaper, files = fonts(SYMBOLA)
    name = font_fallback._register(files[0])
    face = pdfmetrics.getFont(name).face
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B)]:
        face.charToGlyph.pop(code, None)
    font_fallback._cmaps.pop(name, None)
    try:
        got = fonts_of(shaper.runs("1\u20e3"))
        assert got == [("1", name), ("\u20e3", name)]
    finally:
        font_fallback._cmaps.pop(name, None)


# --- without HarfBuzz ----------------------------------------------------------------------------------------

def test_without_harfbuzz_runs_are_the_typed_characters_in_visual_order(shipped, monkeypatch):
    """Unjoined, unshaped, but right-to-left runs reversed; a joiner or selector the font lacks is left out
    (never a box), one it has stays; a character no font has stays (it prints as a box)."""
    monkeypatch.setattr(script_text, "uharfbuzz", None)
    shaper = script_text._Shaper(False)
    regular = pdfmetrics.getFont("DejaVuSans")
    cases = {
        "abc שלום": [("DejaVuSans", "abc "), ("DejaVuSans", "םולש")],
        "שלום abc": [("DejaVuSans", "abc"), ("DejaVuSans", " םולש")],
        "a\u200db\ufe0fc": [("DejaVuSans", "a\u200db\ufe0fc")],    # DejaVu Sans has both
        "a\U000e0100b": [("DejaVuSans", "ab")],                    # a selector it lacks
        "x\U000e0041y": [("DejaVuSans", "xy")],                  # a tag character it lacks
        "a顾b": [("DejaVuSans", "a顾b")],
        "مرحبا": [("DejaVuSans", "ابحرم")],
    }
    for line, expected in cases.items():
        runs = shaper.runs(line)
        assert [(run.font, run.text) for run in runs] == expected, line
        for run in runs:
            assert run.advance == pytest.approx(regular.stringWidth(run.text, 1))
            assert run.advance > 0
    assert shaper.width("abc שלום", 10) == pytest.approx(regular.stringWidth("abc םולש", 10))


# --- characters no font needs to draw ------------------------------------------------------------------------

IGNORABLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2069\u202a\u202e\ufeff\u00ad" \
            "\ufe00\ufe01\ufe0e\ufe0f\U000e0100\U000e0101\U000e01ee\U000e01ef\U000e0001\U000e0041\n\t\r"
DRAWN = "aXx \u00a0\ufe10\ufdff\ufe20\u0301\u20e3\u3000顾1"


def test_joiners_selectors_and_direction_marks_are_ignorable_and_letters_are_not():
    assert [char for char in IGNORABLE if not font_fallback.ignorable(char)] == []
    assert [char for char in DRAWN if font_fallback.ignorable(char)] == []


@pytest.mark.parametrize("bold", [False, True])
def test_an_ignorable_character_is_never_reported_a_box_and_a_character_no_font_has_is(shipped, bold):
    """With DejaVu Sans alone: every selector and joiner after a letter is hidden by shaping, never a box; the
    vertical comma and a Chinese character (no font here has them) are."""
    for char in IGNORABLE.strip("\n\t\r"):
        assert script_text.boxes([f"a{char}b", f"שלום{char}"], bold) == set(), hex(ord(char))
    assert script_text.boxes(["a\ufe10b"], bold) == {"\ufe10"}
    assert script_text.boxes(["顾a\u0301"], bold) == {"顾"}


# --- which system fonts are asked for and loaded -------------------------------------------------------------

@needs[GARUDA]
@needs[GARUDA_BOLD]
@pytest.mark.parametrize("fontconfig", [True, False], ids=["fontconfig", "font folders"])
def test_each_weight_asks_for_its_own_fonts_fontconfig_first(monkeypatch, fontconfig):
    """The regular chain asks fontconfig (or, without it, the font folders) for the regular order, the bold
    chain for the bold order: Thai in a bold header prints in Garuda Bold, in a card in Garuda."""
    asked = []

    def listing(bold: bool = False) -> list[FontFile]:
        asked.append(bold)
        return [FontFile(str(GARUDA_BOLD if bold else GARUDA))]

    def fontconfig_fonts(bold: bool) -> list[FontFile] | None:
        return listing(bold) if fontconfig else None

    def folder_fonts(bold: bool = False) -> list[FontFile]:
        assert not fontconfig, "the font folders are read only without fontconfig"
        return listing(bold)

    monkeypatch.setattr(font_fallback, "fontconfig_fonts", fontconfig_fonts)
    monkeypatch.setattr(font_fallback, "folder_fonts", folder_fonts)
    font_fallback.register_fonts()
    regular = font_fallback.FallbackChain(font_fallback.REGULAR)
    bold = font_fallback.FallbackChain(font_fallback.BOLD, regular=regular)
    assert bold.font_for("ก") == font_fallback._register(FontFile(str(GARUDA_BOLD)))
    assert regular.font_for("ก") == font_fallback._register(FontFile(str(GARUDA)))
    assert asked == [True, False]


@needs[GARUDA]
@needs[SYMBOLA]
def test_a_font_that_does_not_cover_the_character_is_never_loaded(fonts):
    """Only fonts whose coverage has the character are registered (loading a font costs time and memory)."""
    _shaper, files = fonts(GARUDA, SYMBOLA)
    thai, symbols = files
    thai.starts, thai.ends = [0x0E01], [0x0E5B]
    assert font_fallback.chain(False).font_for("\u20e3") == font_fallback._register(symbols)
    assert (thai.path, 0) not in font_fallback._registered


# --- isolates ---------------------------------------------------------------------------------------------------

#: directional isolates (U+2066..U+2069), as chat apps and web pages wrap names and numbers in them
ISOLATED = ["abc \u2067שלום 12\u2069 def", "\u2067שלום\u2069 abc", "שלום \u2066abc 12\u2069 עולם",
            "x \u2068שלום abc\u2069 y", "x\u2066y\u2069", "\u2068abc\u2069 שלום", "\u2069 שלום \u2068",
            "x \u2067abc שלום\u2069 y", "שלום \u2066עולם abc\u2069 סוף", "x \u2068abc שלום\u2069 y",
            "x \u2068\u2067שלום\u2069 abc\u2069 y", "abc \u2068-1 +2\u2069 שלום",
            "x \u2068\u2066abc\u2069 שלום\u2069 y", "x \u2068\u2066abc\u2069 -1\u2069 שלום"]


@pytest.mark.parametrize("line", ISOLATED)
def test_isolates_are_put_in_python_bidis_visual_order_and_never_fail(fonts, line):
    """python-bidi's level algorithm predates isolates and refused them (an AssertionError ended the export of a
    map with such a text); they are ordered as python-bidi's display puts them, measured, drawn, never boxes."""
    shaper = fonts()[0]
    runs = shaper.runs(line)
    assert cf_free("".join(run.actual or str(run.text) for run in runs)) == cf_free(get_display(line))
    assert shaper.width(line, 10) == pytest.approx(10 * sum(run.advance for run in runs))
    assert script_text.boxes([line]) == set()
    _canvas, code = draw([line])
    assert " Tj" in code or " TJ" in code


def test_a_map_whose_card_holds_an_isolate_exports(tmp_path, fonts):
    """A mention pasted from a chat ("Ping ⁨@דוד⁩ now"): the PDF export ended with an AssertionError."""
    from app.export.pdf import export_pdf
    from tests.test_pdf_scripts import with_cards

    fonts()
    result = export_pdf(with_cards(["Ping \u2068@דוד\u2069 now"]), tmp_path / "x.pdf")
    assert result.warnings == [] and (tmp_path / "x.pdf").stat().st_size > 0


# --- what HarfBuzz hides is never a box -----------------------------------------------------------------------

#: default ignorable code points HarfBuzz hides (Khmer inherent vowels, Mongolian selectors, invisible operators'
#: unassigned neighbour, specials, tags and the rest of plane 14), and characters it draws as a box without a font
HIDDEN = [0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2065, 0xFFF0, 0xFFF8, 0xE0000, 0xE0002, 0xE0080,
          0xE00FF, 0xE0100, 0xE01EF, 0xE01F0, 0xE0FFF]
BOXED = [0x115F, 0x3164, 0xFFA0, 0xFE10, 0xE1000, 0x10FF00]


def drawn_boxes(shaper: script_text._Shaper, line: str) -> int:
    return sum(pdfmetrics.getFont(run.font).face.charToGlyph.get(ord(char)) == 0
               for run in shaper.runs(line) for char in run.text)


@pytest.mark.parametrize("bold", [False, True])
def test_the_report_and_the_drawing_agree_on_every_invisible_character(fonts, bold):
    """With DejaVu Sans alone, what HarfBuzz hides is neither drawn nor reported as a box; what it draws as a
    box is reported, after a Latin letter and in a Hebrew word."""
    shaper = fonts(bold=bold)[0]
    for code in HIDDEN + BOXED:
        for line in (f"a{chr(code)}b", f"של{chr(code)}ום"):
            drawn = drawn_boxes(shaper, line)
            assert drawn == (code in BOXED), (hex(code), line)
            assert script_text.boxes([line], bold) == ({chr(code)} if drawn else set()), (hex(code), line)


@pytest.mark.parametrize("line", ["שלום \U0001fae8 עולם", "שלום\u0378", "abc שלום \U000e0080 def", "\u0378 שלום",
                                  "مرحبا \u08ff\u05ff 12", "שלום \u0378\u0379 abc", "abc \u070e\u074b def שלום"])
def test_a_right_to_left_line_with_a_code_point_newer_than_python_is_ordered(fonts, line):
    """A newer emoji (Unicode 15's shaking face) or an unassigned code point has no bidi class in this Python:
    python-bidi's level algorithm failed on it, ending the export; it now takes its Unicode default class."""
    shaper = fonts()[0]
    runs = shaper.runs(line)
    assert cf_free("".join(run.actual or str(run.text) for run in runs)) == cf_free(get_display(line))
    _canvas, code = draw([line])
    assert " Tj" in code or " TJ" in code


# --- the chains of the two weights -----------------------------------------------------------------------------

@needs[GARUDA]
def test_bold_text_takes_the_regular_fallback_for_what_no_bold_font_has(monkeypatch):
    """The system lists no bold font with Thai: bold Thai prints in the regular chain's Garuda, the very font
    the regular chain loaded (fontconfig is asked once per weight); the default chain is the regular one."""
    asked = []

    def fontconfig_fonts(bold: bool) -> list[FontFile]:
        asked.append(bold)
        return [] if bold else [FontFile(str(GARUDA))]

    monkeypatch.setattr(font_fallback, "fontconfig_fonts", fontconfig_fonts)
    font_fallback.use_fonts(None)
    try:
        assert font_fallback.chain() is font_fallback.chain(False)
        regular, bold = font_fallback.chain(False), font_fallback.chain(True)
        assert (regular.primary, bold.primary) == (font_fallback.REGULAR, font_fallback.BOLD)
        assert (regular.font_for("ש"), bold.font_for("ש")) == (font_fallback.REGULAR, font_fallback.BOLD)
        garuda = regular.font_for("ก")
        assert garuda is not None and garuda.startswith("Fallback-Garuda")
        assert bold.font_for("ก") == garuda
        assert asked == [False, True]
    finally:
        font_fallback.use_fonts(None)


@needs[SYMBOLA]
def test_a_font_with_exactly_the_glyphs_asked_for_draws_them(fonts, monkeypatch):
    """A tiny icon font (Symbola cut down here to the keycap and its digit) draws a cluster that is its whole
    repertoire: loaded for it, loaded before for part of it, or first in its chain."""
    monkeypatch.setattr(font_fallback, "fontconfig_fonts", lambda bold: [])
    _shaper, [file] = fonts(SYMBOLA)
    name = font_fallback._register(file)
    face = pdfmetrics.getFont(name).face
    face.charToGlyph = {code: face.charToGlyph[code] for code in (0x31, 0x20E3)}
    font_fallback._cmaps.pop(name, None)
    try:
        assert font_fallback.FallbackChain(font_fallback.REGULAR, [file]).font_with("1\u20e3") == name
        loaded_before = font_fallback.FallbackChain(font_fallback.REGULAR, [file])
        assert loaded_before.font_for("\u20e3") == name
        assert loaded_before.font_with("1\u20e3") == name
        assert font_fallback.FallbackChain(name, []).font_with("1\u20e3") == name
    finally:
        font_fallback._cmaps.pop(name, None)


def test_an_invisible_code_point_unknown_to_python_does_not_split_a_word(fonts):
    """An unassigned default ignorable code point inside an Arabic word stays in the word's run: the word is
    shaped (joined) whole."""
    shaper = fonts()[0]
    for line in ["مر\u2065حبا", "مر\U000e0080حبا", "مر\ufff0حبا"]:
        assert len(shaper.runs(line)) == 1, line
