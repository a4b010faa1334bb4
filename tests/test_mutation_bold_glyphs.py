"""Which deliverable settings the glyph report checks in bold type (``app.export.glyph_report``).

The title block prints the client, author and version in regular type and the confidentiality marking in
bold (so does the footer). On a system whose bold faces stop at DejaVu Sans Bold, with no regular face to
fall back on (simulated as in tests/test_pdf_scripts.py), a character DejaVu Sans has and DejaVu Sans Bold
lacks prints in the regular texts and as a box in the bold ones: the report names it where it is bold only.
With the usual chain (bold falls back to the regular faces) it prints everywhere and nothing is reported.
Fonts are the shipped DejaVu pair only, so the result does not depend on the machine.
"""

from __future__ import annotations

import pytest

from app import i18n
from app.export import font_fallback, script_text
from app.export.glyph_report import glyph_warnings
from app.model import Deliverable, JourneyMap, Lane, Persona, Phase

#: in DejaVu Sans, not in DejaVu Sans Bold: Arabic mathematical letters and a private-use icon
RARE = ["\U0001ee00", "\U0001ee01", "\uf000"]


def bold_stops_at_dejavu_bold() -> None:
    font_fallback._chains[True] = font_fallback.FallbackChain(font_fallback.BOLD, [])
    script_text.reset()


def make_map(client: str, author: str, version: str, marking: str) -> JourneyMap:
    return JourneyMap(id="glyphs", title="Onboarding", lanes=[Lane(id="doing", name="Doing")],
                      phases=[Phase(id="ph0", name="Aware")], personas=[Persona(id="ann", name="Ann")],
                      deliverable=Deliverable(client=client, author=author, version=version,
                                              confidentiality=marking))


#: which setting holds which rare character, in turn (each setting gets each character once)
ROUNDS = [RARE, RARE[1:] + RARE[:1], RARE[2:] + RARE[:2]]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("chars", ROUNDS, ids=["a", "b", "c"])
def test_only_the_bold_marking_is_reported_when_bold_type_lacks_a_regular_glyph(shipped_fonts, language: str,
                                                                                   chars: list[str]):
    i18n.set_language(language)
    client, author, version = (f"{word} {char}" for word, char in zip(("Fitness", "Studio", "v2"), chars,
                                                                       strict=True))
    marking = f"Confidential {chars[0]}{chars[1]}"
    journey_map = make_map(client, author, version, marking)
    assert font_fallback.chain(True).font_for(chars[0]) == "DejaVuSans"  # the usual chain: the regular face
    assert glyph_warnings(journey_map, ["ann"], insight=False) == (set(), [])
    bold_stops_at_dejavu_bold()
    missing, [warning] = glyph_warnings(journey_map, ["ann"], insight=False)
    assert missing == {chars[0], chars[1]}
    places = warning.split("\n")[1:]
    assert len(places) == 1 and i18n._("deliverable settings") in places[0]
    assert f"“{marking}”" in places[0]
    assert not any(text in warning for text in (client, author, version))
