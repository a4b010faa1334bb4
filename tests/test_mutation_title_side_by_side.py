"""Where the poster's legend stands (app.export.pdf.PosterPlanner.title_block): beside the title text, at the
block's top right, as long as that leaves the text a column of 240 pt (at the facts' type scale k, with a gap
of 24 pt between them); on a narrower block under the text, the text then taking the block's whole width.
Checked at the very edge, for the block's type at its smallest and grown with large card text."""

from __future__ import annotations

import pytest

from app.export.pdf import FACT_SIZE, LEGEND_WIDTH, PosterPlanner, type_scale
from app.model import JourneyMap, Lane, Persona, Phase

#: card text sizes whose facts' type is a whole multiple of a quarter of FACT_SIZE (edges exact in floating point)
CARD_PTS = [0.0, 20.0, 40.0]


def make_map() -> JourneyMap:
    return JourneyMap(id="m", title="Onboarding", goal="Customers find and buy", lanes=[Lane(id="n", name="Notes")],
                      phases=[Phase(id="a", name="Aware"), Phase(id="b", name="Buy")],
                      personas=[Persona(id="ann", name="Ann", role="Buyer", goals=["Quick"], pains=["Slow"])])


@pytest.mark.parametrize("card_pt", CARD_PTS)
def test_the_legend_stands_beside_the_text_down_to_a_240_pt_text_column(card_pt: float):
    planner = PosterPlanner(make_map(), "en")
    k = type_scale(card_pt)[2] / FACT_SIZE
    legend, gap, text = LEGEND_WIDTH * k, 24 * k, 240 * k
    edge = legend + gap + text
    for width in (edge, edge + 0.5, edge + 100 * k):
        block = planner.title_block("ann", width, card_pt)
        assert block.legend_scale == k and block.legend_width == legend
        assert (block.legend_x, block.legend_y) == (width - legend, 0.0), width
        assert block.column_width == width - legend - gap  # the facts wrap left of the legend
    block = planner.title_block("ann", edge, card_pt)
    assert block.column_width == text


@pytest.mark.parametrize("card_pt", CARD_PTS)
def test_on_a_narrower_block_the_legend_goes_under_the_text(card_pt: float):
    planner = PosterPlanner(make_map(), "en")
    k = type_scale(card_pt)[2] / FACT_SIZE
    edge = (LEGEND_WIDTH + 24 + 240) * k
    for width in (edge - 0.01, edge - 1, LEGEND_WIDTH * k + 24 * k):
        block = planner.title_block("ann", width, card_pt)
        assert block.legend_x == 0.0 and block.legend_y > 0.0, width
        assert block.column_width == width  # the text takes the whole width above the legend
        assert block.height > block.legend_y + block.legend_height  # the legend inside the block, under the text
