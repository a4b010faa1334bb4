"""Which font draws a character the shipped faces lack: the system's fonts as fontconfig lists them (or the font
folders when it cannot), asked for the chain's own weight, each font opened only when its coverage says it
has the character; and which characters no font needs to draw at all.

The system's fonts are stood in for (fontconfig_fonts and folder_fonts replaced), so the answers do not
depend on the machine. Font files have file and PostScript names never registered before (see
test_mutation_fallback_fonts).
"""

from __future__ import annotations

import unicodedata

import pytest

from app.export import font_fallback, script_text
from app.export.font_fallback import FallbackChain, FontFile, ignorable
from app.export.fonts import BOLD, REGULAR, register_fonts
from tests.test_mutation_fallback_fonts import NEITHER, REGULAR_ONLY, own_copy
from tests.test_mutation_font_files import cmap, format12

#: MATHEMATICAL SANS-SERIF BOLD CAPITAL A: in DejaVu Sans Bold, not in DejaVu Sans
BOLD_ONLY = "\U0001d5d4"


@pytest.fixture
def system(monkeypatch):
    """The system's fonts as a test sets them: ``fontconfig`` (None: fontconfig failed) and ``folders``; the
    weights each was asked for are in ``asked``."""
    register_fonts()
    state = {"fontconfig": [], "folders": [], "asked": []}

    def fontconfig_fonts(bold: bool):
        state["asked"].append(("fontconfig", bold))
        return state["fontconfig"]

    def folder_fonts(bold: bool = False):
        state["asked"].append(("folders", bold))
        return state["folders"]

    monkeypatch.setattr(font_fallback, "fontconfig_fonts", fontconfig_fonts)
    monkeypatch.setattr(font_fallback, "folder_fonts", folder_fonts)
    return state


def chains() -> dict[bool, FallbackChain]:
    regular = FallbackChain(REGULAR)
    return {False: regular, True: FallbackChain(BOLD, regular=regular)}


def bold_face_copy(tmp_path, starts=None, ends=None) -> FontFile:
    """DejaVu Sans Bold's glyphs under a new name, with the coverage fontconfig gives (None: read the file)."""
    path, _name = own_copy(tmp_path)
    return FontFile(str(path), 0, starts, ends)


@pytest.mark.parametrize("bold", [False, True])
def test_fontconfig_is_asked_for_the_chains_own_weight(system, bold: bool):
    assert chains()[bold].font_for(NEITHER) is None
    assert system["asked"][0] == ("fontconfig", bold)
    assert ("folders", bold) not in system["asked"]  # fontconfig answered: the folders are not searched


@pytest.mark.parametrize("bold", [False, True])
def test_without_fontconfig_the_folders_are_searched_for_the_chains_own_weight(system, bold: bool):
    system["fontconfig"] = None
    assert chains()[bold].font_for(NEITHER) is None
    assert system["asked"][:2] == [("fontconfig", bold), ("folders", bold)]


def test_the_fonts_fontconfig_lists_are_the_ones_used(system, tmp_path):
    """A font fontconfig lists draws what the shipped regular face lacks; the folders' fonts are not used."""
    font = bold_face_copy(tmp_path)
    system["fontconfig"] = [font]
    system["folders"] = [bold_face_copy(tmp_path)]
    name = chains()[False].font_for(BOLD_ONLY)
    assert name is not None and name == font_fallback._register(font)


def test_a_font_whose_coverage_lacks_the_character_is_not_opened(system, tmp_path):
    """fontconfig's coverage is trusted: a font it says lacks the character is neither registered nor used,
    whatever its file holds; the next font that has it is."""
    lacking = bold_face_copy(tmp_path, [0x41], [0x5A])
    having = bold_face_copy(tmp_path, [0x1D5D4], [0x1D5D4])
    system["fontconfig"] = [lacking]
    assert chains()[False].font_for(BOLD_ONLY) is None
    assert (lacking.path, 0) not in font_fallback._registered
    system["fontconfig"] = [lacking, having]
    assert chains()[False].font_for(BOLD_ONLY) == font_fallback._register(having)
    assert (lacking.path, 0) not in font_fallback._registered


def test_a_font_of_exactly_the_characters_asked_for_draws_them(system, tmp_path):
    """A font that maps the character and nothing else (a one-icon font, a subset) is enough."""
    path, _name = own_copy(tmp_path, cmap=cmap((3, 10, format12([(ord(BOLD_ONLY), ord(BOLD_ONLY))]))))
    font = FontFile(str(path))
    system["fontconfig"] = [font]
    name = chains()[False].font_for(BOLD_ONLY)
    assert name is not None and name == font_fallback._register(font)
    assert font_fallback.font_cmap(name) == {ord(BOLD_ONLY)}


IGNORED = ["\u200d", "\u200c", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\ufe00", "\ufe01", "\ufe0e",
           "\ufe0f", "\U000e0100", "\U000e0101", "\U000e01ee", "\U000e01ef", "\U000e0001", "\n", "\t", "\r",
           # the whole of U+E0000-E0FFF is default ignorable in Unicode, the unassigned code points too
           "\U000e00ff", "\U000e01f0", "\U000e0fff"]
DRAWN = ["X", "a", " ", "\u00a0", "\ufdff", "\ufe10", "\ufe20", "\U000dffff", "\U000e1000", "\u0e01", "\u0301",
         "\U0001f600", "\x0b", "\x00"]


def test_joiners_variation_selectors_direction_marks_and_line_ends_need_no_glyph():
    for char in IGNORED:
        assert ignorable(char), f"U+{ord(char):04X} {unicodedata.name(char, '')}"
    for char in DRAWN:
        assert not ignorable(char), f"U+{ord(char):04X} {unicodedata.name(char, '')}"


def test_a_character_no_font_needs_is_never_reported_missing():
    """A text with joiners and selectors around its letters has no missing character (no fallback fonts)."""
    text = "a\u200db\ufe0fc\U000e0100d\u200ee\tf"
    try:
        font_fallback.use_fonts([])
        script_text.reset()
        assert font_fallback.missing_characters([text]) == set()
        assert font_fallback.missing_characters([text + NEITHER]) == {NEITHER}
    finally:
        font_fallback.use_fonts(None)
        script_text.reset()


def font_of(tmp_path, first: str, last: str | None = None) -> FontFile:
    """A font (DejaVu Sans Bold's glyphs) that maps exactly the characters ``first`` to ``last``."""
    path, _name = own_copy(tmp_path, cmap=cmap((3, 10, format12([(ord(first), ord(last or first))]))))
    return FontFile(str(path))


def test_a_cluster_the_font_loaded_for_one_of_its_characters_has_whole_is_drawn_with_it(system, tmp_path):
    """A base and its mark, both in the font loaded for the base alone, come from that font together."""
    font = font_of(tmp_path, BOLD_ONLY, chr(ord(BOLD_ONLY) + 1))
    system["fontconfig"] = [font]
    regular = chains()[False]
    name = regular.font_for(BOLD_ONLY)
    assert name == font_fallback._register(font)
    assert regular.font_with(BOLD_ONLY + chr(ord(BOLD_ONLY) + 1)) == name


def test_the_bold_chain_goes_on_with_the_regular_chains_fonts(tmp_path):
    """What no bold font has comes from the regular chain's fonts rather than printing as a box."""
    register_fonts()
    font = font_of(tmp_path, NEITHER)
    bold = FallbackChain(BOLD, [], regular=FallbackChain(REGULAR, [font]))
    assert bold.font_for(NEITHER) == font_fallback._register(font)
    assert bold.font_for("A") == BOLD and bold.font_for(BOLD_ONLY) == BOLD


def test_a_cluster_asked_for_again_gets_the_same_font(system, tmp_path):
    font = font_of(tmp_path, NEITHER)
    system["fontconfig"] = [font]
    regular = chains()[False]
    name = font_fallback._register(font)
    assert [regular.font_with(NEITHER) for _ in range(3)] == [name] * 3
    assert [regular.font_with("A") for _ in range(2)] == [REGULAR] * 2


def test_the_process_chains_are_regular_unless_asked_bold(system):
    """``chain()`` is the regular chain; ``chain(True)`` draws in the bold face and falls back on the regular."""
    try:
        font_fallback.use_fonts(None)
        assert font_fallback.chain() is font_fallback.chain(False)
        assert font_fallback.chain().font_for("A") == REGULAR
        assert font_fallback.chain(True).font_for("A") == BOLD
        assert font_fallback.chain(True).font_for(REGULAR_ONLY) == REGULAR
        assert font_fallback.chain(False).font_for(BOLD_ONLY) is None  # the system's fonts are none here
    finally:
        font_fallback.use_fonts(None)
        script_text.reset()


def test_a_characters_font_stays_what_it_was_first_answered_in_one_chain(system, tmp_path):
    """The answer for a character holds for the chain's life, so that the report and the drawing agree: a
    font loaded later for another character (whose coverage said it lacks the first) does not change it."""
    other = chr(ord(NEITHER) + 1)
    path, _name = own_copy(tmp_path, cmap=cmap((3, 10, format12([(ord(NEITHER), ord(other))]))))
    font = FontFile(str(path), 0, [ord(other)], [ord(other)])
    system["fontconfig"] = [font]
    regular = chains()[False]
    assert regular.font_with(NEITHER) is None
    assert regular.font_with(other) == font_fallback._register(font)
    assert regular.font_with(NEITHER) is None
    assert regular.font_for(NEITHER) is None
