"""The opportunity matrix page of the poster's insight pages (``app.export.insight_pages``) as a reader sees it.

The matrix is as large as the page allows (the column's width; on a one-column page at most 60 % of the
column's height, so the ranked list starts below it; on a two-column page 92 %); a muted note under it says how
to read it and how many opportunities are not rated yet; then "Opportunities in order", each numbered by its
place in the ranked list with its facts, its owner among them. The pages are drawn on the recording canvas of
``tests.test_mutation_kpi_page``; every test builds its own pages.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, landscape, portrait

from app.export.page_flow import HEADING_PT, SMALL_PT, Flow
from app.i18n import catalogue
from app.layout import TextWrapper, palette
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Page, _metrics, lay_out

NOTE = ("Each box is an opportunity at its value and effort (1 to 5); its number is its place in the list, "
        "which is in the order to fund them: quick wins first.")
QUADRANT_FILLS = {"#EEF7F3", "#F7F8FA"}


def opportunity_map(unrated: int = 0) -> JourneyMap:
    """Four rated opportunities (one of each quadrant, listed against the ranked order), with owners and votes,
    and ``unrated`` more without a rating."""
    ratings = [(1, 5, 0, ""), (5, 1, 2, "Ops team"), (2, 2, 1, "Dana"), (4, 4, 3, "")]  # value, effort, votes, owner
    cards = [Card(id=f"o{i}", persona="ann" if i % 2 else "ben", phase=f"ph{i % 3}", lane="opps",
                  text=f"Opportunity {i}", value=value, effort=effort, votes=votes, owner=owner)
             for i, (value, effort, votes, owner) in enumerate(ratings)]
    cards += [Card(id=f"u{i}", persona="ann", phase="ph0", lane="opps", text=f"Unrated {i}", owner="Lee")
              for i in range(unrated)]
    return JourneyMap(id="matrix", title="Onboarding", lanes=[Lane(id="opps", name="Ideas", kind="opportunities")],
                      phases=[Phase(id=f"ph{i}", name=name) for i, name in enumerate(["Awareness", "Purchase", "Use"])],
                      personas=[Persona(id="ann", name="Ann Ahn"), Persona(id="ben", name="Ben Berg")], cards=cards)


def quadrants(page: Page):
    return [box for box in page.boxes if box.fill in QUADRANT_FILLS]


def matrix_frame(page: Page) -> tuple[float, float, float]:
    """The matrix's grid: its left, top and side (the four quadrants together)."""
    boxes = quadrants(page)
    assert len(boxes) == 4
    left, top = min(box.x for box in boxes), min(box.y for box in boxes)
    right, bottom = max(box.x + box.width for box in boxes), max(box.y + box.height for box in boxes)
    assert right - left == pytest.approx(bottom - top)
    return left, top, right - left


#: the value axis' labels and the effort axis' name sit in this band left of and below the grid
AXIS = SMALL_PT * 1.25 * 2 + 6


@pytest.mark.parametrize("size", [portrait(A4), landscape(A4), (1400.0, 500.0), (500.0, 1400.0)])
def test_the_matrix_is_as_large_as_the_page_allows(size):
    """Its side (grid and axis labels) is the column's width, or less when the page is short: 60 % of a column's
    height on a one-column page, 92 % on a two-column page."""
    pages = lay_out(opportunity_map(), size=size, page="matrix")
    flow = Flow(TextWrapper(_metrics(), catalogue("en")), size, "Opportunity matrix", "", "Onboarding")
    left, _top, grid = matrix_frame(pages[0])
    expected = min(flow.width, flow.column_height * (0.92 if flow.columns > 1 else 0.6))
    assert grid + AXIS == pytest.approx(expected)
    assert left - AXIS == pytest.approx(flow.x)


@pytest.mark.parametrize("unrated", [0, 1, 3])
def test_the_note_under_the_matrix_says_how_to_read_it_and_how_many_are_not_rated(unrated):
    page = lay_out(opportunity_map(unrated), page="matrix")[0]
    _left, top, grid = matrix_frame(page)
    below = [text for text in page.free_texts() if text.top > top + grid]
    note_lines = [text for text in below if text.color == palette.MUTED_TEXT and text.size == SMALL_PT + 0.5]
    note = " ".join(text.text for text in note_lines)
    extra = {0: "", 1: " 1 opportunity is not rated yet and is listed last.",
             3: " 3 opportunities are not rated yet and are listed last."}[unrated]
    assert note == NOTE + extra
    assert note_lines[0].top == pytest.approx(top + grid + AXIS + 4)  # right under the matrix and its effort axis
    heading = next(text for text in page.free_texts() if text.text == "Opportunities in order")
    assert heading.size == HEADING_PT and heading.bold and heading.top > note_lines[-1].bottom


def test_the_note_and_heading_are_in_the_deliverables_language():
    words = catalogue("de")
    page = lay_out(opportunity_map(2), "de", page="matrix")[0]
    free = page.free_texts()
    note = " ".join(text.text for text in free if text.color == palette.MUTED_TEXT and text.size == SMALL_PT + 0.5
                    and "·" not in text.text)
    plural = words.ngettext("{count} opportunity is not rated yet and is listed last.",
                            "{count} opportunities are not rated yet and are listed last.", 2).format(count=2)
    assert note == words.gettext(NOTE) + " " + plural
    assert plural.startswith("2 ") and "Each box" not in note
    assert words.gettext("Opportunities in order") in [text.text for text in free]


@pytest.mark.parametrize("unrated", [0, 2])
def test_the_list_numbers_each_opportunity_by_its_rank_with_its_facts_and_owner(unrated):
    page = lay_out(opportunity_map(unrated), page="matrix")[0]
    free = page.free_texts()
    start = next(i for i, text in enumerate(free) if text.text == "Opportunities in order")
    listed = [text.text for text in free[start + 1:]]
    expected = [
        ["1.", "Opportunity 1", "Quick wins · value 5 · effort 1 · 2 votes · Purchase · Ann Ahn · owner: Ops team"],
        ["2.", "Opportunity 3", "Big bets · value 4 · effort 4 · 3 votes · Awareness · Ann Ahn"],
        ["3.", "Opportunity 2", "Fill-ins · value 2 · effort 2 · 1 vote · Use · Ben Berg · owner: Dana"],
        ["4.", "Opportunity 0", "Money pits · value 1 · effort 5 · 0 votes · Awareness · Ben Berg"],
    ]
    expected += [[f"{5 + i}.", f"Unrated {i}", "not rated yet · 0 votes · Awareness · Ann Ahn · owner: Lee"]
                 for i in range(unrated)]
    assert sorted(listed) == sorted(text for item in expected for text in item)  # nothing else, nothing twice
    numbers = [text for text in free[start + 1:] if text.text.endswith(".") and text.text[:-1].isdigit()]
    assert [text.text for text in numbers] == [item[0] for item in expected]
    for number, item in zip(numbers, expected, strict=True):
        line = next(text for text in free if text.text == item[1])
        facts = next(text for text in free if text.text == item[2] and text.top >= line.bottom - 1e-6)
        assert line.top == pytest.approx(number.top) and line.x > number.x and number.bold
        assert facts.top == pytest.approx(line.bottom) and facts.color == palette.MUTED_TEXT
