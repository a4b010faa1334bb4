"""Whether a refused poster is limited by its phases side by side: only at the narrowest columns (card width at
most half a point over MIN_CARD_WIDTH) and only where the width leaves less room than the height.

The same stand-in pages as ``test_mutation_fault_cells`` (which reaches this through ``cells_at_fault``), asked
directly, so that the mutation run links these tests to ``limited_by_phases`` itself.
"""

from __future__ import annotations

import pytest

from app.export.pdf import MIN_CARD_WIDTH, limited_by_phases
from tests.test_mutation_fault_cells import BOTH, LANE, TOO_TALL, TOO_WIDE, stand_in

SLIGHTLY_WIDE = {"grid": (1001.0, 1000.0), "area": (1000.0, 1000.0)}  # the width's room 0.1 % below the height's


@pytest.mark.parametrize(("card_width", "limits", "by_phases"), [
    (MIN_CARD_WIDTH, TOO_WIDE, True),
    (MIN_CARD_WIDTH + 0.25, TOO_WIDE, True),
    (MIN_CARD_WIDTH + 0.5, TOO_WIDE, True),  # the edge: half a point over the narrowest
    (MIN_CARD_WIDTH + 1.0, TOO_WIDE, False),  # wider columns could still narrow
    (MIN_CARD_WIDTH + 1.5, TOO_WIDE, False),
    (200.0, TOO_WIDE, False),
    (MIN_CARD_WIDTH, SLIGHTLY_WIDE, True),
    (MIN_CARD_WIDTH, BOTH, False),  # width and height leave the same room: not the phases alone
    (MIN_CARD_WIDTH, TOO_TALL, False),
    (MIN_CARD_WIDTH + 0.5, TOO_TALL, False),
])
def test_only_the_narrowest_columns_of_a_grid_too_wide_are_limited_by_their_phases(card_width, limits, by_phases):
    assert limited_by_phases(stand_in(LANE, card_width=card_width, **limits)) is by_phases
