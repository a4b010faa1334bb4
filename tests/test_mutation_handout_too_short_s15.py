"""Which advice a handout page too short for its lanes gets, at the limits (``plan_handout``), and the order of a
tiled poster's advice over 5 m (``export_pdf``).

A page that leaves the lanes less than MIN_GRID_ROOM below the phase headers is refused with advice that works:
"use A4 or larger" when A4, turned as the paper is (upright when the paper is square), is taller and prints the
same words; else "shorten them" when one-line phase names without goals under a one-line persona name leave the
lanes room on this paper; else "shorten them and use A4 or larger" when they would on A4; else "use A4 or larger".
"A4 prints" means every page prints: a later phase range's longer goals or another persona's longer name may take
A4's room where the first page found too short would have had enough (a bug: A4 was offered and refused).
The tests use papers as wide as A4 turned the same way, so that "A4 prints" is a handout actually planned on A4,
and heights one point either side of where shortened words leave exactly MIN_GRID_ROOM.

A tiled poster over 5 m that a smaller card text and a handout both keep printable offers the card text first.
"""

from __future__ import annotations

import pytest

from app.export import ExportError
from app.export.handout import MIN_GRID_ROOM, SCALE, header_height, plan_handout
from app.export.pdf import FOOTER_HEIGHT, MARGIN, PdfOptions, PosterPlanner, export_pdf, paper_size
from app.model import JourneyMap, Lane, Persona, Phase
from tests.test_mutation_handout_plan import words
from tests.test_poster import dense_map
from tests.test_poster_too_long import stacked

NAMES = "the persona's name or the longest phase names and goals leave a handout page on {paper} no room for the " \
        "lanes: shorten them"
BOTH = "the paper is too short for a handout with card text at 9 pt, and the persona's name or the longest phase " \
       "names and goals would leave no room for the lanes on A4 either: shorten them and use A4 or larger"
SHORT_PAPER = "the paper is too short for a handout with card text at 9 pt: use A4 or larger"
MM = 72 / 25.4
A4_LANDSCAPE, A4_PORTRAIT = paper_size("A4", True), paper_size("A4", False)
PAT = Persona(id="p", name="Pat")
#: a persona whose name and role wrap over several lines of the page header
LONG_PERSONA = Persona(id="p", name=words(12), role=words(10, 3))


def journey(goal_words: int, personas: tuple[Persona, ...] = (PAT,), phases: int = 4, growth: int = 0) -> JourneyMap:
    """``phases`` phases, the i-th with a goal of ``goal_words + growth * i`` words (the phase headers grow with
    them), one lane."""
    return JourneyMap(id="m", title="Short page", lanes=[Lane(id="l", name="Said")], personas=list(personas),
                      phases=[Phase(id=f"ph{i}", name=f"Step {i + 1}", goal=words(goal_words + growth * i, i))
                              for i in range(phases)])


def plain(journey_map: JourneyMap) -> JourneyMap:
    """The same map shortened: the personas and the phases named in one short word, no goals."""
    return journey_map.model_copy(update={
        "personas": [persona.model_copy(update={"name": "P", "role": ""}) for persona in journey_map.personas],
        "phases": [phase.model_copy(update={"name": "P", "goal": ""}) for phase in journey_map.phases]})


def refusal(journey_map: JourneyMap, size: tuple[float, float]) -> str | None:
    """The refusal of a handout of every persona on a paper of ``size`` (points), None when it is planned."""
    try:
        plan_handout(journey_map, [p.id for p in journey_map.personas], size, PosterPlanner(journey_map, "en"),
                     paper="Custom")
    except ExportError as refused:
        return str(refused)
    return None


def advice(journey_map: JourneyMap, size: tuple[float, float]) -> str:
    """The refusal that works on ``size``, from what actually prints: A4 as the paper is turned, if taller and it
    prints the words; the shortened words on this paper; the shortened words on A4; else a larger paper."""
    a4 = (size[0], paper_size("A4", size[0] > size[1])[1])
    assert a4[1] <= size[1] or a4 in (A4_LANDSCAPE, A4_PORTRAIT)  # "A4 prints" means a handout on A4
    if a4[1] > size[1] and refusal(journey_map, a4) is None:
        return SHORT_PAPER
    if refusal(plain(journey_map), size) is None:
        return NAMES.format(paper="Custom")
    if refusal(plain(journey_map), (size[0], max(size[1], a4[1]))) is None:
        return BOTH
    return SHORT_PAPER


# Papers as wide as A4 turned the same way: bands lower than A4 landscape, upright sheets lower than A4 portrait
# (and taller than wide: 210 × 210 mm is upright, as a square paper is), and one taller than A4.
BANDS = [(A4_LANDSCAPE[0], height * MM) for height in (100, 130, 150, 180)]
UPRIGHT = [(A4_PORTRAIT[0], A4_PORTRAIT[0])] + [(A4_PORTRAIT[0], height * MM) for height in (230, 260, 280, 320)]
#: goals from none to long enough that no A4 page leaves the lanes room under them
GOALS = range(0, 300, 10)


MAPS = {
    "one-line-name": lambda goal_words: journey(goal_words),
    "wrapped-name-and-role": lambda goal_words: journey(goal_words, (LONG_PERSONA,)),
    # the first persona's pages are found too short first; the second's longer header leaves less
    "short-then-wrapped-persona": lambda goal_words: journey(goal_words, (PAT, LONG_PERSONA.model_copy(
        update={"id": "q"}))),
    # eight phases, later ones with longer goals: the first range is found too short, a later one leaves less
    "later-ranges-taller": lambda goal_words: journey(goal_words, phases=8, growth=8),
}


@pytest.mark.parametrize("size", BANDS + UPRIGHT, ids=[f"{w / MM:.0f}x{h / MM:.0f}mm" for w, h in BANDS + UPRIGHT])
@pytest.mark.parametrize("kind", list(MAPS))
def test_a_page_too_short_is_offered_a4_only_when_a4_turned_as_the_paper_prints_the_same_words(size, kind: str):
    refused = 0
    for goal_words in GOALS:
        journey_map = MAPS[kind](goal_words)
        said = refusal(journey_map, size)
        if said is None:
            continue
        refused += 1
        assert said == advice(journey_map, size), (goal_words, said)
    assert refused >= 5  # the sweep reaches the limit on every paper


def test_the_sweep_covers_each_advice():
    """The sweep reaches each refusal: on the lowest band A4, then both; on the other bands and upright sheets
    lower than A4, A4, then shortening; on a sheet taller than A4, shortening only."""
    said = {size: {refusal(journey(goal_words), size) for goal_words in GOALS} for size in BANDS + UPRIGHT}
    assert all({SHORT_PAPER, BOTH} <= said[size] for size in BANDS[:1])
    assert all({SHORT_PAPER, NAMES.format(paper="Custom")} <= said[size] for size in BANDS[2:] + UPRIGHT[:4])
    assert NAMES.format(paper="Custom") in said[UPRIGHT[4]] and SHORT_PAPER not in said[UPRIGHT[4]]


@pytest.mark.parametrize(("kind", "goal_words"), [("short-then-wrapped-persona", 70), ("later-ranges-taller", 20)])
def test_a4_is_not_offered_when_a_page_other_than_the_first_found_too_short_leaves_no_room_on_a4(kind: str,
                                                                                               goal_words: int):
    """The first persona's first range would fit A4; the second persona's longer header, or a later range's longer
    goals, does not: the band is refused with both (before, A4 alone was offered, and A4 refused)."""
    journey_map, band = MAPS[kind](goal_words), BANDS[1]
    assert refusal(journey_map, A4_LANDSCAPE) == NAMES.format(paper="Custom")
    assert refusal(plain(journey_map), A4_LANDSCAPE) is None and refusal(plain(journey_map), band) is not None
    assert refusal(journey_map, band) == BOTH


def plain_limit() -> float:
    """The paper height (points) on which one-line names under a one-line persona leave the lanes MIN_GRID_ROOM."""
    corner = plan_handout(plain(journey(0)), ["p"], (A4_LANDSCAPE[0], 5000.0),
                          PosterPlanner(journey(0), "en")).pages[0].layout.corner.h
    return (MIN_GRID_ROOM + corner) * SCALE + 2 * MARGIN + header_height(["P"]) + FOOTER_HEIGHT


@pytest.mark.parametrize("width", [A4_LANDSCAPE[0], A4_PORTRAIT[0]], ids=["297mm-wide", "210mm-wide"])
@pytest.mark.parametrize("persona", [PAT, LONG_PERSONA], ids=["one-line-name", "wrapped-name-and-role"])
def test_shortening_is_enough_from_where_one_line_names_leave_the_least_room(width: float, persona: Persona):
    """Goals that no A4 page has room for: a point above that height, shortening them is enough; a point below,
    shortened words need A4 too (and print on it)."""
    journey_map = journey(150, (persona,))
    limit = plain_limit()
    assert refusal(journey_map, (width, A4_LANDSCAPE[1])) is not None
    assert refusal(plain(journey_map), (width, limit + 1)) is None
    assert refusal(plain(journey_map), (width, limit - 1)) is not None
    assert refusal(plain(journey_map), (width, A4_LANDSCAPE[1])) is None
    assert refusal(journey_map, (width, limit + 1)) == NAMES.format(paper="Custom")
    assert refusal(journey_map, (width, limit - 1)) == BOTH


@pytest.mark.parametrize("tile", ["A4", "Letter"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("maker", [lambda: stacked(50), lambda: dense_map({"lena": 1}, phases=90, lanes=2)],
                         ids=["tall", "wide"])
def test_a_tiled_poster_over_5_m_is_offered_the_smaller_card_text_first_then_the_handout(maker, tile: str,
                                                                                         landscape: bool, tmp_path):
    with pytest.raises(ExportError) as refused:
        export_pdf(maker(), tmp_path / "x.pdf", PdfOptions(tile=tile, landscape=landscape))
    first, second = refused.value.suggestions
    assert first[:3] == ["--tile", tile, "--scale"] and second == ["--handout", "--paper", tile]
    said = str(refused.value)
    assert said.index(f"print card text at {first[3].removesuffix('pt')} pt") < said.index(f"a handout on {tile}")
