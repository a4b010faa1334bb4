"""The words of the warning about characters no font has (``app.export.glyph_report.glyph_warnings``), in the
UI's language.

The first line names up to SHOWN_CHARACTERS characters and then "… and 1 more character" or "… and N more
characters" (singular for one); each following line names a text holding such characters: the characters, where
the text prints (map title, phase, lane, …) and its start: "“一” U+4E00 in lane: “一 Lane”".

Fonts are the shipped DejaVu pair only (no CJK in them), so the result does not depend on the machine.
"""

from __future__ import annotations

import pytest

from app import i18n
from app.export.glyph_report import SHOWN_CHARACTERS, glyph_warnings
from app.model import JourneyMap, Lane, Persona, Phase

#: CJK ideographs: DejaVu Sans has none of them
CJK = [chr(0x4E00 + i) for i in range(SHOWN_CHARACTERS + 5)]
MORE = {"en": ("… and {count} more character", "… and {count} more characters"),
        "de": ("… und {count} weiteres Zeichen", "… und {count} weitere Zeichen")}
PLACES = {"en": {"title": "map title", "phase": "phase", "lane": "lane"},
          "de": {"title": "Titel der Map", "phase": "Phase", "lane": "Zeile"}}


def make_map(title: str = "Onboarding", phase: str = "Aware", lane: str = "Doing") -> JourneyMap:
    return JourneyMap(id="glyphs", title=title, lanes=[Lane(id="doing", name=lane)],
                      phases=[Phase(id="ph0", name=phase)], personas=[Persona(id="ann", name="Ann")])


def named(chars: str) -> str:
    return ", ".join(f"“{char}” U+{ord(char):04X}" for char in sorted(chars))


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("more", [1, 2, 5])
def test_characters_past_the_shown_ones_are_counted_singular_for_one(shipped_fonts, language, more):
    i18n.set_language(language)
    chars = CJK[:SHOWN_CHARACTERS + more]
    missing, [warning] = glyph_warnings(make_map(title="".join(chars)), ["ann"], insight=False)
    assert missing == set(chars)
    first = warning.split("\n")[0]
    singular, plural = MORE[language]
    assert first.endswith(f"{named(chars[:SHOWN_CHARACTERS])} {(singular if more == 1 else plural).format(count=more)}")


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_text_is_named_by_its_characters_its_place_and_its_start(shipped_fonts, language):
    i18n.set_language(language)
    texts = {"title": f"Onboarding {CJK[0]}", "phase": f"{CJK[1]}{CJK[2]} Aware", "lane": f"{CJK[3]} Doing"}
    missing, [warning] = glyph_warnings(make_map(**texts), ["ann"], insight=False)
    assert missing == set(CJK[:4])
    places = warning.split("\n")[1:]
    for where, text in texts.items():
        chars = "".join(char for char in text if char in CJK)
        line = f"  {named(chars)} in {PLACES[language][where]}: “{text}”"
        assert line in places, (line, places)
    assert len(places) == 3
