"""The last part of a lane whose name goes on over pages (mutation survivors of ``_Splitter._part_row``).

A lane name taller than a page prints over the row's parts, each later part marked "(continued)". Where the
name's last part is short (one line and "(continued)" are lower than a row may be) the part must still be
as tall as the least row height, as every row on the canvas and on the handout is, so that the rows look
alike and the lane's last part is not a sliver; every part holds its label lines, and no part but the last
is made taller than what it holds (the first and middle parts end where the page's room does at most).
Both handout papers, both orientations and both languages; a notes lane and the emotion lane.
"""

from __future__ import annotations

import pytest

from app.export.handout import SCALE, header_height, plan_handout
from app.export.pdf import FOOTER_HEIGHT, HANDOUT_PAPERS, MARGIN, PosterPlanner, paper_size
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

EPS = 1e-6
#: words each wider than half a lane label's line and narrower than a whole one: a name of k of them wraps
#: into k lines, so a name's length in lines is chosen by its number of words
LONG_WORDS = ["Questionnaires", "Interviewees", "Recommendation", "Disappointment", "Expectations"]
#: a name of this many lines goes over four parts at least on every handout paper
PROBE_LINES = 200


def lane_name(lines: int) -> str:
    return " ".join(LONG_WORDS[i % len(LONG_WORDS)] for i in range(lines))


def named_map(lines: int, kind: str) -> JourneyMap:
    """A short lane, then a lane of ``kind`` whose name wraps into ``lines`` lines, with a short card (notes) or
    the persona's scores (emotions), then a short lane below it."""
    phases = [Phase(id="p1", name="Phase 1"), Phase(id="p2", name="Phase 2")]
    lanes = [Lane(id="a", name="A"), Lane(id="n", name=lane_name(lines), kind=kind), Lane(id="z", name="Z")]
    cards = [Card(id="a", persona="ana", phase="p1", lane="a", text="Before"),
             Card(id="z", persona="ana", phase="p2", lane="z", text="After")]
    if kind == "notes":
        cards.append(Card(id="n", persona="ana", phase="p1", lane="n", text="A short note"))
    emotions = [EmotionPoint(persona="ana", phase="p1", score=2), EmotionPoint(persona="ana", phase="p2", score=-1)]
    return JourneyMap(id="tail", title="Tail", phases=phases, lanes=lanes, personas=[Persona(id="ana", name="Ana")],
                      cards=cards, emotions=emotions if kind == "emotions" else [])


def plan(journey_map: JourneyMap, paper: str, landscape: bool, language: str):
    planner = PosterPlanner(journey_map, language)
    return plan_handout(journey_map, ["ana"], paper_size(paper, landscape), planner, paper, landscape), planner


def label_height(style, lines: list[str]) -> float:
    return 2 * style.header_padding + len(lines) * style.line_height(style.header_size)


def page_bottom(handout, page) -> float:
    """Where the page's grid must end (layout points): above the footer."""
    return (handout.size[1] - 2 * MARGIN - header_height(handout.headers[page.persona_id]) - FOOTER_HEIGHT) / SCALE


def parts(handout, lane_id: str):
    """The lane's parts, in order: (page, its header box on the page)."""
    return [(page, header) for page in handout.pages for header in page.layout.lane_headers
            if header.item_id == lane_id]


def content_bottom(page, lane_id: str) -> float | None:
    layout = page.layout
    bottoms = [layout.cards[card_id].rect.bottom for phase in layout.phase_headers
               for card_id in layout.cell_cards.get((phase.item_id, lane_id), ())]
    bottoms += [badge.rect.bottom for phase in layout.phase_headers
                for badge in layout.kpi_badges.get((phase.item_id, lane_id), ())]
    return max(bottoms, default=None)


def tail_lengths(kind: str, paper: str, landscape: bool) -> list[int]:
    """Names (in lines) whose last part keeps 1, 2 or 3 lines of the name, on the third and on the fourth part,
    and names that fill their second or third part exactly: found from how many lines a long name prints on each part.
    (A name that would end on the second part is no taller than a page: it moves to the next page whole.)"""
    handout, planner = plan(named_map(PROBE_LINES, kind), paper, landscape, "en")
    continued = planner.words.gettext("(continued)")
    found = [len([line for line in header.lines if line != continued]) for _page, header in parts(handout, "n")]
    assert len(found) >= 4 and sum(found) == PROBE_LINES
    first, middle = found[0], found[1]
    return [first + middle * pages + left for pages in (1, 2) for left in (0, 1, 2, 3)]


CASES = [(kind, paper, landscape) for kind in ("notes", "emotions") for paper in HANDOUT_PAPERS
         for landscape in (True, False)]


@pytest.mark.parametrize(("kind", "paper", "landscape"), CASES)
def test_a_lane_name_going_on_over_pages_ends_in_a_part_at_least_a_row_high_holding_its_label(
        kind: str, paper: str, landscape: bool):
    tails = set()
    for lines in tail_lengths(kind, paper, landscape):
        journey_map = named_map(lines, kind)
        for language in ("en", "de"):
            handout, planner = plan(journey_map, paper, landscape, language)
            style = handout.style
            continued = planner.words.gettext("(continued)")
            found = parts(handout, "n")
            assert len(found) >= 2, lines  # the name is taller than a page
            name: list[str] = []
            for index, (page, header) in enumerate(found):
                first, last = index == 0, index == len(found) - 1
                own = header.lines if first else header.lines[:-1]
                assert first or header.lines[-1] == continued, (lines, index)
                assert own and continued not in own, (lines, index)
                name += own
                needed = label_height(style, header.lines)
                assert header.rect.h >= needed - EPS, (lines, index)  # its label lines fit the part
                assert header.rect.bottom <= page_bottom(handout, page) + EPS, (lines, index)
                bottom = content_bottom(page, "n")
                content = bottom - header.rect.y + style.cell_padding if bottom is not None else 0.0
                if last:
                    # like any row: its label, the least row height, or its content and padding
                    assert header.rect.h >= style.cell_min_height - EPS, (lines, language, header.lines)
                    assert header.rect.h == pytest.approx(max(needed, style.cell_min_height, content)), lines
                    tails.add(len(own))
                elif not (kind == "emotions" and first):  # the emotion lane's first part is its whole curve
                    # a first or middle part: as tall as its label or content, no taller
                    assert header.rect.h == pytest.approx(max(needed, content)), (lines, index)
            assert name == lane_name(lines).split(), lines  # each line of the name printed once, in order
            # the rows below stack right under the name's last part
            page, header = found[-1]
            below = [h for h in page.layout.lane_headers if h.rect.y > header.rect.y]
            assert not below or below[0].rect.y == pytest.approx(header.rect.bottom)
    assert {1, 2, 3} <= tails  # a last part of one line (and "(continued)"), of two and of three


def test_the_names_wrap_one_word_a_line():
    """The tests above choose a name's lines by its words: check that they do wrap so, in both languages."""
    for language in ("en", "de"):
        handout, _planner = plan(named_map(7, "notes"), "A4", True, language)
        header = next(h for h in handout.pages[0].layout.lane_headers if h.item_id == "n")
        assert header.lines == lane_name(7).split()


def test_a_long_name_s_middle_parts_are_as_full_as_the_page_allows_and_no_taller():
    """The first and middle parts end where the page's room does at most, and less than a line before it, so
    that a short last part is the name's own last lines (the case the test above is about)."""
    for kind, paper, landscape in CASES:
        handout, _planner = plan(named_map(PROBE_LINES, kind), paper, landscape, "en")
        middle = parts(handout, "n")[1:-1]
        assert middle, (kind, paper, landscape)
        for page, header in middle:
            room = page_bottom(handout, page) - page.layout.corner.bottom
            assert room - handout.style.line_height(handout.style.header_size) < header.rect.h <= room + EPS
