"""The cells a refused poster's message names, in English and German: the first six cells at fault and how many
more, or, when the phases alone are to blame, how many phases side by side."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf
from app.i18n import set_language
from app.model import Card, JourneyMap, Lane, Persona, Phase

AFFECTED = {"en": r"cells affected: (.*)\. To keep every word readable",
            "de": r"betroffene Zellen: (.*)\. Damit jedes Wort lesbar bleibt"}


def one_lane_map(phases: int, crowded: int, words: int) -> JourneyMap:
    """``phases`` steps of one lane; the first ``crowded`` hold a card of ``words`` words."""
    phase_list = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(phases)]
    text = " ".join(f"word{i % 10}" for i in range(words))
    cards = [Card(id=f"c{i}", persona="p", phase=f"ph{i}", lane="said", text=text) for i in range(crowded)]
    return JourneyMap(id="w", title="Wordy", phases=phase_list, lanes=[Lane(id="said", name="Said", kind="thoughts")],
                      personas=[Persona(id="p", name="Pat")], cards=cards)


def cells_named(journey_map: JourneyMap, language: str, folder: Path) -> str:
    """The message's cells, the UI in ``language``; the refusal writes no file."""
    set_language(language)
    with pytest.raises(ExportError) as info:
        export_pdf(journey_map, folder / "x.pdf", PdfOptions(paper="A4"))
    assert not (folder / "x.pdf").exists()
    match = re.search(AFFECTED[language], str(info.value))
    assert match, str(info.value)
    return match.group(1)


SHOWN = "Step 1 / Said, Step 2 / Said, Step 3 / Said, Step 4 / Said, Step 5 / Said, Step 6 / Said"


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("cells", [8, 9])
def test_cells_beyond_the_sixth_are_counted(cells: int, language: str, tmp_path: Path):
    more = {"en": "and {} more", "de": "und {} weitere"}[language].format(cells - 6)
    assert cells_named(one_lane_map(cells, cells, 400), language, tmp_path) == f"{SHOWN} {more}"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "all {} phases side by side"), ("de", "alle {} Phasen nebeneinander")])
@pytest.mark.parametrize("phases", [40, 57])
def test_a_grid_too_wide_names_its_phases_not_cells(phases: int, language: str, expected: str, tmp_path: Path):
    assert cells_named(one_lane_map(phases, 1, 3), language, tmp_path) == expected.format(phases)
