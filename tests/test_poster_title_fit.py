"""A larger paper never prints smaller card text, and the title block is never set for larger cards than it heads.

The title block's type follows the card text (twice its size for the title), and the card text follows the room
the block leaves. A block set for the card text the smallest block allowed could take so much of a sheet (a
persona with many goals and pains) that the cards printed at a third of that: 7.5 pt under a 60 pt title on
A1, where A2 printed 23.7 pt. Now the block is set for the largest card text it leaves room for, so the cards
print at least as large as the block was set for, and a larger sheet prints them at least as large.
"""

from __future__ import annotations

import itertools
import random

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, PosterPlanner, plan_poster, type_scale
from app.model import Card, JourneyMap, Lane, Persona, Phase

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"]
PAPERS = ["A4", "A3", "A2", "A1", "A0"]


def small_map(seed: int) -> JourneyMap:
    """One persona with up to 30 goals and 30 pains over a grid of 1–4 phases and lanes and a few short cards."""
    rnd = random.Random(seed)

    def text(most: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, most)))

    phases = [Phase(id=f"p{i}", name=text(4)) for i in range(rnd.randint(1, 4))]
    lanes = [Lane(id=f"l{i}", name=text(3)) for i in range(rnd.randint(1, 4))]
    persona = Persona(id="x", name=text(6), goals=[text(12) for _ in range(rnd.randint(0, 30))],
                      pains=[text(12) for _ in range(rnd.randint(0, 30))])
    cards = [Card(id=f"c{i}{j}{k}", persona="x", phase=phase.id, lane=lane.id, text=text(8))
             for i, phase in enumerate(phases) for j, lane in enumerate(lanes) for k in range(rnd.randint(0, 2))]
    return JourneyMap(id="m", title=text(5), phases=phases, lanes=lanes, personas=[persona], cards=cards)


def printed(journey_map: JourneyMap, paper: str, landscape: bool) -> float | None:
    try:
        return plan_poster(journey_map, PdfOptions(paper=paper, landscape=landscape)).text_pt
    except ExportError:  # refused: nothing to compare
        return None


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("seed", range(0, 60, 3))
def test_a_larger_paper_prints_card_text_at_least_as_large(seed: int, landscape: bool):
    journey_map = small_map(seed)
    sizes = [size for paper in PAPERS if (size := printed(journey_map, paper, landscape)) is not None]
    assert sizes, "every paper refused"
    assert all(larger >= smaller - 0.05 for smaller, larger in itertools.pairwise(sizes)), sizes


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("seed", range(1, 60, 4))
def test_the_title_block_is_set_for_no_larger_cards_than_it_heads(seed: int, paper: str):
    """Each persona's own page: the block's title, persona line and facts are at most the sizes for the card
    text the cards print at (``type_scale``: twice, a quarter more, nine tenths; never below the A3 sizes), give
    or take the fifth of a point by which the page's final layout may differ from the search's prediction."""
    journey_map = small_map(seed)
    planner = PosterPlanner(journey_map)
    try:
        size = plan_poster(journey_map, PdfOptions(paper=paper)).pages[0].size
    except ExportError:
        return
    page = planner.page("x", size)
    title, role, fact = type_scale(page.text_pt + 0.2)
    block = page.title
    assert (block.title_size <= title and block.role_size <= role and block.fact_size <= fact), (block, page.text_pt)
