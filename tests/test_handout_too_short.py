"""A handout page that leaves the lanes no room says what would make room (issue 11, defect 4: advice that works).

Before, every such page was refused with "the paper is too short …: use A4 or larger", even on A4 or A3 when
the persona's name or phase names of a hundred words took the page, where no paper helps. Now A4 is offered
only when its taller page would leave the lanes room with the same words above them; when the words take the
room, they are to be shortened; else the paper is too short.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf
from app.i18n import set_language
from app.model import JourneyMap, Lane, Persona, Phase
from tests.test_suggestions_probe_regressions import long_phase_names

NAMES = {
    "en": "the persona's name or the longest phase names and goals leave a handout page on {paper} no room for the "
          "lanes: shorten them",
    "de": "der Name der Persona oder die längsten Phasennamen und -ziele lassen einer Handout-Seite auf {paper} "
          "keinen Platz für die Zeilen: kürzen Sie sie",
}
BOTH = {
    "en": "the paper is too short for a handout with card text at 9 pt, and the persona's name or the longest phase "
          "names and goals would leave no room for the lanes on A4 either: shorten them and use A4 or larger",
    "de": "das Papier ist zu niedrig für ein Handout mit Kartentext in 9 pt, und der Name der Persona oder die "
          "längsten Phasennamen und -ziele ließen auch auf A4 keinen Platz für die Zeilen: kürzen Sie sie und "
          "verwenden Sie A4 oder größer",
}
SHORT_PAPER = {
    "en": "the paper is too short for a handout with card text at 9 pt: use A4 or larger",
    "de": "das Papier ist zu niedrig für ein Handout mit Kartentext in 9 pt: verwenden Sie A4 oder größer",
}


def refusal(journey_map: JourneyMap, tmp_path: Path, language: str = "en", **options) -> str:
    """The refusal in the UI's ``language`` (the command line's --lang), nothing written."""
    out = tmp_path / "h.pdf"
    set_language(language)
    try:
        with pytest.raises(ExportError) as refused:
            export_pdf(journey_map, out, PdfOptions(handout=True, **options))
    finally:
        set_language("en")
    assert not out.exists()
    return str(refused.value)


def long_persona_name(words: int) -> JourneyMap:
    """Short phase names, a persona named in ``words`` words: its name alone fills the page's header."""
    phases = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(4)]
    return JourneyMap(id="m", title="Long name", phases=phases, lanes=[Lane(id="l", name="Said", kind="thoughts")],
                      personas=[Persona(id="p", name=" ".join(["Wiederverkäuferin"] * words))])


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("paper", "landscape"), [("A4", True), ("A4", False), ("A3", True), ("Letter", True),
                                                  ("Letter", False), ("A3", False)])
@pytest.mark.parametrize("maker", [lambda: long_phase_names(150), lambda: long_persona_name(400)],
                         ids=["phase-names", "persona-name"])
def test_words_that_take_the_page_are_to_be_shortened_on_any_paper(maker, paper: str, landscape: bool,
                                                                  language: str, tmp_path: Path):
    said = refusal(maker(), tmp_path, paper=paper, landscape=landscape, language=language)
    assert said == NAMES[language].format(paper=paper)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_paper_shorter_than_a4_is_refused_for_a4_when_a4_prints(language: str, tmp_path: Path):
    """Short names on a band 297 mm wide and 95 mm high (too narrow upright): A4 is offered, and prints."""
    journey_map = long_phase_names(1)
    said = refusal(journey_map, tmp_path, paper="297x95mm", language=language)
    assert said == SHORT_PAPER[language]
    result = export_pdf(journey_map, tmp_path / "a4.pdf", PdfOptions(handout=True, paper="A4"))
    assert result.pages >= 1


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("band", ["297x110mm", "420x95mm"])
def test_a4_is_offered_where_its_taller_page_makes_room_and_both_where_names_take_it_too(band: str, language: str,
                                                                                       tmp_path: Path):
    """Phase names of 12 words on a band too short for them: on A4 the same names leave room, so A4 is offered.
    Names that take an A4 page too are to be shortened as well; on A4, shortened, they print."""
    fits_on_a4 = long_phase_names(12)
    export_pdf(fits_on_a4, tmp_path / "a4.pdf", PdfOptions(handout=True, paper="A4"))
    assert refusal(fits_on_a4, tmp_path, language, paper=band) == SHORT_PAPER[language]
    assert refusal(long_phase_names(150), tmp_path, language, paper=band) == BOTH[language]
    assert refusal(long_phase_names(150), tmp_path, paper="A4") == NAMES["en"].format(paper="A4")
    export_pdf(long_phase_names(1), tmp_path / "short.pdf", PdfOptions(handout=True, paper="A4"))
