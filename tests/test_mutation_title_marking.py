"""The confidentiality marking in the poster's title block is wrapped as it prints: in bold type.

The marking prints bold under the client's line (``title_lines.title_runs``), so its lines are broken where
bold type needs it: no line wider than the text column (the block's width, or left of the legend with a
gap when the legend stands beside the text), and each line as full as bold type allows. Several papers,
both orientations, the type scales of larger card text, English and German markings.
"""

from __future__ import annotations

import pytest

from app.export.pdf import MARGIN, PosterPlanner, paper_size
from app.export.title_lines import title_runs
from app.model import Deliverable, JourneyMap, Lane, Persona, Phase

MARKINGS = {
    "en": "Confidential: prepared for the client's board and steering committee only, not to be passed on, "
          "copied or quoted without the written consent of the authors and of the client's legal department",
    "de": "Vertraulich: ausschließlich für Vorstand und Lenkungsausschuss des Auftraggebers bestimmt, Weitergabe, "
          "Vervielfältigung oder Zitat nur mit schriftlicher Zustimmung der Verfasser und der Rechtsabteilung",
}


def make_map(language: str) -> JourneyMap:
    return JourneyMap(id="marking", title="Onboarding", language=language, lanes=[Lane(id="doing", name="Doing")],
                      phases=[Phase(id="ph0", name="Aware"), Phase(id="ph1", name="Buy")],
                      personas=[Persona(id="ann", name="Ann Ahn", role="Buyer")],
                      deliverable=Deliverable(client="Fitness Inc.", author="Studio", version="v2",
                                              confidentiality=MARKINGS[language]))


def text_width(block, width: float) -> float:
    """The text column's width: beside the legend (which then stands at the right, at the top) or the block's."""
    return block.legend_x - 24 * block.legend_scale if block.legend_y == 0 and block.legend_x > 0 else width


@pytest.mark.parametrize("language", list(MARKINGS))
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_marking_breaks_where_bold_type_needs_it(language: str, landscape: bool):
    planner = PosterPlanner(make_map(language))
    measure = planner.wrapper.measure
    checked = 0
    for paper in ("A4", "A3", "A2", "A1"):
        width = paper_size(paper, landscape)[0] - 2 * MARGIN
        for card_pt in (0.0, 14.0, 24.0):  # the block's type grows with large card text
            block = planner.title_block("ann", width, card_pt)
            [run] = [run for run in title_runs(block, 1.25) if run.lines == block.marking]
            assert run.bold and run.size == block.fact_size
            room = text_width(block, width)
            lines = block.marking
            assert " ".join(lines) == MARKINGS[language]
            for line, after in zip(lines, [*lines[1:], None], strict=True):
                assert measure(line, block.fact_size, bold=True) <= room + 1e-6, (paper, card_pt, line)
                if after is not None:  # the next line's first word would not have fitted in bold type
                    fuller = f"{line} {after.split(' ')[0]}"
                    assert measure(fuller, block.fact_size, bold=True) > room, (paper, card_pt, line)
            checked += len(lines) > 1
    assert checked >= 3  # the marking wraps on the smaller papers
