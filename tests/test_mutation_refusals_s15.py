"""A tiled poster at the edge of 5 m on a side: what prints, and the card text a refusal offers.

A poster whose longer side is 5 m (to 0.01 pt) prints; one half a point longer is refused. The refusal offers the
largest half point of card text below the size asked for that keeps every side within 5 m: found from a first
guess that the fixed margins make at most half a point too large, and also when the size asked for lies between
half points (6.3 pt: 6 pt when 6 pt fits, not "even the smallest readable size is too long").
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, PosterPlanner, export_pdf, plan_poster
from app.export.tiles import MAX_POSTER_SIDE
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_poster_too_long import stacked


def one_line_cards(cards: int) -> JourneyMap:
    """One phase, two lanes of ``cards`` one-line cards each: a poster far taller than wide."""
    lanes = [Lane(id=f"l{j}", name=f"Lane {j + 1}") for j in range(2)]
    notes = [Card(id=f"c{lane.id}{k}", persona="p", phase="ph", lane=lane.id, text=f"card {k}")
             for lane in lanes for k in range(cards)]
    return JourneyMap(id="s", title="Stacked", phases=[Phase(id="ph", name="Step 1")], lanes=lanes,
                      personas=[Persona(id="p", name="Pat")], cards=notes)


def prints(journey_map: JourneyMap, scale: str) -> bool:
    """Whether the map tiles on A4 at ``scale`` (a card text size or a factor), or is refused as over 5 m."""
    try:
        plan_poster(journey_map, PdfOptions(tile="A4", scale=scale))
    except ExportError as error:
        assert "more than 5 m on a side" in str(error)
        return False
    return True


def offered(journey_map: JourneyMap, scale: str | None, folder: Path) -> tuple[float | None, str]:
    """The card text the refusal of a tiled A4 poster at ``scale`` offers (None: none), and its words."""
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, folder / "x.pdf", PdfOptions(tile="A4", scale=scale))
    assert not (folder / "x.pdf").exists()
    tiling = [s for s in refused.value.suggestions if "--scale" in s]
    if not tiling:
        return None, str(refused.value)
    assert len(tiling) == 1 and tiling[0][:3] == ["--tile", "A4", "--scale"]
    return float(tiling[0][3].removesuffix("pt")), str(refused.value)


@pytest.mark.timeout(60)  # a search that stepped up instead of down would not end
@pytest.mark.parametrize(("cards", "expected"), [(295, 6.0), (239, 7.5)])
def test_the_largest_half_point_within_5_m_is_offered_when_the_first_guess_is_too_large(
        cards: int, expected: float, tmp_path: Path):
    """At these heights the guess from the length at 9 pt (6.5 pt, 8 pt) is half a point too large."""
    journey_map = one_line_cards(cards)
    card_pt, words = offered(journey_map, None, tmp_path)
    assert card_pt == expected and f"print card text at {expected:g} pt" in words
    assert prints(journey_map, f"{expected:g}pt") and not prints(journey_map, f"{expected + 0.5:g}pt")


@pytest.mark.parametrize(("cards", "asked", "expected"), [(66, "6.3pt", 6.0), (56, "7.3pt", 7.0), (56, "7.2pt", 7.0)])
def test_a_size_asked_between_half_points_is_offered_the_largest_half_point_below_it(
        cards: int, asked: str, expected: float, tmp_path: Path):
    """Not the size asked for less half a point (6.8 pt, when 7 pt fits; 5.8 pt, so none, when 6 pt fits)."""
    journey_map = stacked(cards)
    card_pt, words = offered(journey_map, asked, tmp_path)
    assert card_pt == expected, words
    assert f"print card text at {expected:g} pt" in words and "smallest readable size" not in words
    assert prints(journey_map, f"{expected:g}pt") and not prints(journey_map, asked)


def bracket(planner: PosterPlanner, side: float) -> tuple[float, float]:
    """Adjacent --scale factors (within rounding) whose tiled poster's longer side is below ``side`` and at or above
    it: halving between 6 pt and 9 pt card text, the side growing with the factor."""

    def longest(factor: float) -> float:
        return max(planner.scaled_page("p", factor).size)

    low, high = 6 / planner.base.text_size, 9 / planner.base.text_size
    assert longest(low) < side <= longest(high)
    while (middle := (low + high) / 2) not in (low, high):
        low, high = (middle, high) if longest(middle) < side else (low, middle)
    return low, high


@pytest.mark.parametrize("over", [0.0, 0.01], ids=["5 m", "5 m and 0.01 pt"])
def test_a_poster_exactly_5_m_long_prints(over: float):
    side = MAX_POSTER_SIDE + over
    for cards in range(62, 67):  # the first height some factor reaches exactly
        journey_map, planner = stacked(cards), PosterPlanner(stacked(cards))
        exact = [f for f in bracket(planner, side) if max(planner.scaled_page("p", f).size) == side]
        if exact:
            break
    assert exact
    plan = plan_poster(journey_map, PdfOptions(tile="A4", scale=repr(exact[0])))
    assert max(plan.pages[0].size) == side


@pytest.mark.parametrize("over", [0.02, 0.5, 1.0])
def test_a_poster_a_little_over_5_m_long_is_refused(over: float):
    journey_map = stacked(64)
    planner = PosterPlanner(journey_map)
    _low, factor = bracket(planner, MAX_POSTER_SIDE + over)
    assert math.isclose(max(planner.scaled_page("p", factor).size), MAX_POSTER_SIDE + over, abs_tol=1e-6)
    assert not prints(journey_map, repr(factor))
