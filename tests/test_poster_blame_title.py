"""A refused poster whose title block alone is taller than the sheet blames the title block, not cards.

With many goals and pains on a short sheet the block leaves the grid no room: card text would print at 0 pt,
and the refusal named a dozen cells no card of which is to blame. It now says the title block leaves the map no
room, in English and German, and still offers commands that work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf, plan_poster
from app.i18n import set_language
from tests.test_poster import persona_with_a_lot_to_say

WORDS = {
    "en": ("Lena, beginner runner: on 300×100 mm the title block (name, role, goals, pains and facts) is taller "
           "than the sheet and leaves the map no room. To keep every word readable, ", "cells affected"),
    "de": ("Lena, beginner runner: auf 300×100 mm ist der Titelblock (Name, Rolle, Ziele, Schmerzpunkte und "
           "Angaben) höher als das Blatt und lässt der Map keinen Platz. Damit jedes Wort lesbar bleibt, ",
           "betroffene Zellen"),
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("personas", [None, ["beginner"]])
def test_a_title_block_taller_than_the_sheet_is_blamed_itself(language: str, personas, tmp_path: Path):
    set_language(language)
    options = PdfOptions(paper="300x100mm", personas=personas or [])
    with pytest.raises(ExportError) as refused:
        export_pdf(persona_with_a_lot_to_say(), tmp_path / "x.pdf", options)
    start, cells = WORDS[language]
    assert str(refused.value).startswith(start), str(refused.value)
    assert cells not in str(refused.value) and "0.0 pt" not in str(refused.value)
    for suggestion in refused.value.suggestions:
        named = dict(zip(suggestion[::2], suggestion[1::2], strict=False))
        if "--paper" in named and "--handout" not in suggestion and "--portrait" not in suggestion:
            assert plan_poster(persona_with_a_lot_to_say(),
                               PdfOptions(paper=named["--paper"], personas=personas or [])).readable


@pytest.mark.parametrize("paper", ["300x160mm", "A4"])
def test_a_grid_with_some_room_still_names_its_cells(paper: str, tmp_path: Path):
    """The block leaves the grid a little room: the cards are too small, and the cells that set the scale are
    named as before, with the size they would print at."""
    with pytest.raises(ExportError) as refused:
        export_pdf(persona_with_a_lot_to_say(), tmp_path / "x.pdf", PdfOptions(paper=paper, personas=["beginner"]))
    message = str(refused.value)
    assert "card text would print at " in message and "cells affected: " in message
    assert "title block" not in message
