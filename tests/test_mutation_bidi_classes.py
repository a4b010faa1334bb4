"""What the PDF's line ordering makes of characters Python's Unicode data knows nothing about, of first-strong
isolates holding isolates, and which characters no font has to draw (app.export.script_text,
app.export.font_fallback): a code point newer than this Python's Unicode is right-to-left exactly in the
right-to-left blocks, at each block's first and last code point and not one beyond; an FSI takes the direction
of its first strong character outside the isolates it holds, whatever they hold; the default ignorable ranges
end where Unicode ends them. Qt-free and without fonts.
"""

from __future__ import annotations

import unicodedata

import pytest

from app.export import font_fallback, script_text
from app.export.font_fallback import ignorable
from app.export.fonts import REGULAR, register_fonts

#: the blocks Unicode reserves for right-to-left scripts (DerivedBidiClass.txt gives their unassigned code
#: points the classes R or AL), first and last code point
RTL_BLOCKS = [(0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF), (0x10800, 0x10FFF), (0x1E800, 0x1EFFF)]
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def stand_in_class(code: int) -> str:
    return unicodedata.bidirectional(script_text._unassigned(chr(code)))


@pytest.mark.parametrize(("first", "last"), RTL_BLOCKS)
def test_a_new_code_point_is_right_to_left_from_the_first_to_the_last_of_each_right_to_left_block(first, last):
    """The first and last code point of the block and the ones next to them inside take a right-to-left
    stand-in; the code points just outside it take a left-to-right one (no direction when default ignorable:
    U+FE00, a variation selector)."""
    for code in (first, first + 1, last - 1, last):
        assert stand_in_class(code) == "R", hex(code)
    for code in (first - 1, last + 1):
        assert stand_in_class(code) == ("BN" if ignorable(chr(code)) else "L"), hex(code)


@pytest.mark.parametrize(("first", "last"), RTL_BLOCKS)
def test_the_right_to_left_blocks_hold_no_left_to_right_character(first, last):
    """What Python's Unicode data knows of each block agrees with the stand-in: nothing in it is left to
    right, and at least one of its characters is strongly right to left."""
    classes = {unicodedata.bidirectional(chr(code)) for code in range(first, last + 1)}
    assert "L" not in classes
    assert classes & {"R", "AL"}


def test_a_default_ignorable_new_code_point_stands_in_as_a_boundary_neutral():
    """Unassigned code points of the default ignorable ranges take no direction; others outside the
    right-to-left blocks are left to right, in every plane."""
    for code in (0x2065, 0xFFF0, 0xFFF8, 0xE0000, 0xE0FFF):
        assert stand_in_class(code) == "BN", hex(code)
    for code in (0x0378, 0xFFEF, 0x1FFFF, 0x2FFFF, 0xDFFFF, 0xE1000, 0x10FFFD):
        assert stand_in_class(code) == "L", hex(code)


def test_new_code_points_take_the_level_of_their_blocks_direction():
    """In a left-to-right line that holds Hebrew, a code point this Python does not know is ordered as
    right-to-left text inside the right-to-left blocks (at their edges too) and as left-to-right text just
    outside them (only those the installed Python has no class for: the others have their own)."""
    unknown = [code for first, last in RTL_BLOCKS for code in (first, last, first - 1, last + 1)
               if not unicodedata.bidirectional(chr(code))]
    assert unknown  # (U+0590 and U+1EFFF are unassigned in every Unicode so far)
    for code in unknown:
        inside = any(first <= code <= last for first, last in RTL_BLOCKS)
        assert script_text._levels(f"a {chr(code)} \u05d0")[2] == (1 if inside else 0), hex(code)


# --- first-strong isolates ---------------------------------------------------------------------------------------

#: (what an FSI holds, the isolate it behaves as): its first strong character outside the isolates it holds
#: decides; a nested isolate holding letters or right-to-left text does not
FSI_TEXTS = [
    (f"{LRI}X{PDI} 12", LRI),
    (f"{LRI}b{PDI} 12", LRI),
    (f"{RLI}\u05d0{PDI} 12", LRI),
    (f"{LRI}{LRI}b{PDI}{PDI}\u05d0", RLI),
    (f"{LRI}{RLI}X{PDI}{PDI}\u05d0 c", RLI),
    (f"{LRI}{LRI}X{PDI}{PDI} 1", LRI),
    (f"{RLI}{RLI}\u05d0{PDI}{PDI}b", LRI),
    (f"{FSI}{LRI}X{PDI}{PDI}\u05d1", RLI),
    ("\u05d0", RLI),
    ("b", LRI),
    ("", LRI),
]


@pytest.mark.parametrize(("inner", "isolate"), FSI_TEXTS)
@pytest.mark.parametrize(("before", "after"), [("a ", " c"), ("\u05d0 ", " \u05d1"), ("a ", f" {PDI}\u05d1 b")])
def test_a_first_strong_isolate_orders_as_the_isolate_of_its_first_strong_character(inner, isolate, before,
                                                                                      after):
    """Every character of a line with an FSI takes the level it takes with the FSI written as the left-to-right
    or right-to-left isolate its text's first strong character calls for (isolates nested in it skipped)."""
    line = f"{before}{FSI}{inner}{PDI}{after}"
    assert script_text._levels(line) == script_text._levels(line.replace(FSI, isolate, 1)), repr(line)


# --- default ignorable code points -------------------------------------------------------------------------------

#: Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), but for the Hangul fillers, which
#: fonts draw; the combining grapheme joiner U+034F is left out: fonts draw it (as nothing)
IGNORABLE = [(0x00AD, 0x00AD), (0x061C, 0x061C), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
             (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFF0, 0xFFF8),
             (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF)]


@pytest.mark.parametrize(("first", "last"), IGNORABLE)
def test_default_ignorable_ranges_end_where_unicode_ends_them(first, last):
    """Every code point of each range is ignorable (joiners, selectors, direction marks and their reserved
    neighbours); those just outside are drawn (U+FFF9, a format control, too)."""
    assert all(ignorable(chr(code)) for code in range(first, last + 1))
    for code in (first - 1, last + 1):
        assert not ignorable(chr(code)), hex(code)


def test_characters_beside_the_ignorable_ranges_are_drawn():
    """The visible neighbours of the ranges that are not format controls themselves: Khmer's vowel sign AA,
    Mongolian digit zero, superscript zero, the replacement neighbours and the Hangul fillers."""
    for char in "\u17b3\u17b6\u180a\u1810\u205f\u2070\ufdff\ufe10\uffef\u115f\u1160\u3164\uffa0 a":
        assert not ignorable(char), f"U+{ord(char):04X}"
    for char in "\n\t\r":
        assert ignorable(char)


#: format controls that are not default ignorable: they print (the prepended concatenation marks, the
#: interlinear annotation marks, the Egyptian hieroglyph format controls)
DRAWN_FORMAT = [*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, *range(0xFFF9, 0xFFFC), 0x110BD,
                0x110CD, *range(0x13430, 0x13440)]


def test_format_controls_that_print_are_not_ignorable():
    """Of the format controls (category Cf) only Unicode's default ignorable ones are hidden: an Arabic number
    sign or an end of ayah prints, in a font that has it, else as a box."""
    for code in DRAWN_FORMAT:
        assert not ignorable(chr(code)), hex(code)


def test_a_printing_format_control_no_font_has_is_reported_a_box():
    """With no fallback font, the Arabic number sign, the end of ayah and the Syriac abbreviation mark (which
    DejaVu Sans lacks) are boxes, at a line's start and after a letter, and the joiners beside them are not."""
    register_fonts()
    missing = [char for char in "\u0600\u06dd\u070f" if ord(char) not in font_fallback.font_cmap(REGULAR)]
    assert missing
    font_fallback.use_fonts([])
    script_text.reset()
    try:
        for char in missing:
            assert script_text.boxes([f"{char}\u0661\u0662", f"x{char}1\u200d"]) == {char}
    finally:
        font_fallback.use_fonts(None)
        script_text.reset()
