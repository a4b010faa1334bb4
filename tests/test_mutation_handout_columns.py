"""How many phase columns a handout page holds (mutation survivor of ``handout.handout_style``).

A column is a card of at least MIN_COLUMN_CARD layout points and its padding on both sides; a page holds as many
as fit beside the lane headers at the handout's 9 pt scale, and a map of more phases is split into ranges of
about equal length. Pinned per paper, both ways up, and at the exact width where one more column fits.
"""

from __future__ import annotations

import math

import pytest

from app.export.handout import MAX_COLUMN_CARD, MIN_COLUMN_CARD, SCALE, handout_style, plan_handout
from app.export.pdf import PosterPlanner, paper_size
from app.layout import Style
from app.model import JourneyMap, Lane, Persona, Phase


def phases(count: int) -> JourneyMap:
    """``count`` phases of one empty lane: one page per phase range."""
    return JourneyMap(id="h", title="Columns", phases=[Phase(id=f"p{i}", name=f"Phase {i + 1}") for i in range(count)],
                      lanes=[Lane(id="n", name="Notes")], personas=[Persona(id="ana", name="Ana")])


#: paper, landscape: the phase columns a page holds
COLUMNS = {
    ("A4", True): 4, ("A4", False): 2, ("Letter", True): 3, ("Letter", False): 2,
    ("A3", True): 6, ("A3", False): 4, ("Tabloid", True): 6, ("Tabloid", False): 3,
    ("A2", True): 9, ("A2", False): 6, ("A1", True): 14, ("A1", False): 9, ("A0", True): 21, ("A0", False): 14,
}


def ranges(count: int, paper: str, landscape: bool) -> list[tuple[int, int]]:
    """The handout's pages for a map of ``count`` phases: each page's first and last phase (1-based)."""
    journey_map = phases(count)
    plan = plan_handout(journey_map, ["ana"], paper_size(paper, landscape), PosterPlanner(journey_map, "en"),
                        paper, landscape)
    return [(page.first, page.last) for page in plan.pages]


@pytest.mark.parametrize(("paper", "landscape"), list(COLUMNS),
                         ids=[f"{p}-{'landscape' if w else 'portrait'}" for p, w in COLUMNS])
def test_a_handout_page_holds_the_columns_its_paper_is_wide_enough_for(paper: str, landscape: bool):
    columns = COLUMNS[paper, landscape]
    assert ranges(columns, paper, landscape) == [(1, columns)]  # all on one page
    half = math.ceil((columns + 1) / 2)
    assert ranges(columns + 1, paper, landscape) == [(1, half), (half + 1, columns + 1)]  # one more: two pages


@pytest.mark.parametrize("columns", [2, 3, 4, 5, 6])
def test_one_more_column_fits_exactly_when_the_width_holds_its_narrowest_card_and_padding(columns: int):
    """At the width of ``columns`` narrowest columns beside the lane headers the page holds them all, a hair
    narrower one column less; the cards widen to fill the page, up to MAX_COLUMN_CARD."""
    base = Style()
    column = MIN_COLUMN_CARD + 2 * base.cell_padding
    journey_map = phases(60)  # 60 phases split evenly into ranges of 2 to 6
    for room, held in ((columns * column, columns), (columns * column - 0.01, columns - 1)):
        style, per_page = handout_style(journey_map, (room + base.lane_header_width) * SCALE)
        assert per_page == held, room
        assert style.card_width == math.floor(min(MAX_COLUMN_CARD, room / held - 2 * base.cell_padding))
