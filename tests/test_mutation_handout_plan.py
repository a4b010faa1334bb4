"""How the handout is planned and how a page's frame is drawn (``plan_handout``, ``curve_stubs``,
``draw_handout_page``), as the reader of the printed pages and the plan's callers see it.

A page's header is the persona's name (and role, after a middle dot, when it has one) in bold, wrapped to the
width between the margins, left of the logo when there is one; below it, two points down, the muted range line,
and the grid HEADER_GAP below that. The logo, as tall as those two lines and at most MAX_LOGO_SHARE of the width,
stands in the top right corner. The grid spans the width between the margins; the footer's line ends on the
bottom margin. A paper must leave the grid at least MIN_GRID_ROOM below the phase headers; exactly that is
enough. Every page knows the persona's scores in the phases just before and after its range, so the curve's
dashed stubs head for them; the left stub stops AXIS_GUTTER right of the grid's edge, clear of the axis labels.
Each range is laid out from that persona's cards and emotions in that range only (so a handout of many ranges
does not lay out every card of the map once per range). A map without phases has no range to print: refused.
"""

from __future__ import annotations

import math

import pytest

import app.export.handout as handout
from app.export import ExportError
from app.export.branding import MAX_LOGO_SHARE, LogoArt
from app.export.fonts import BOLD, REGULAR
from app.export.handout import (
    AXIS_GUTTER,
    HANDOUT_EMOTION_HEIGHT,
    HEADER_GAP,
    MIN_GRID_ROOM,
    PERSONA_PT,
    RANGE_PT,
    SCALE,
    _Painter,
    curve_stubs,
    draw_handout_page,
    header_height,
    plan_handout,
    range_text,
)
from app.export.pdf import (
    FOOTER_HEIGHT,
    FOOTER_SIZE,
    MARGIN,
    PdfOptions,
    PosterPlanner,
    _Poster,
    export_pdf,
    paper_size,
)
from app.layout import Style, palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import Kpis, KpiValue, Metric
from tests.test_mutation_handout_drawing import DrawingCanvas, inside

EPS = 1e-6
SPACING = Style().line_spacing
PAPERS = [(paper, landscape) for paper in ("A4", "Letter", "A3") for landscape in (True, False)]
PAPER_IDS = [f"{paper}-{'landscape' if landscape else 'portrait'}" for paper, landscape in PAPERS]
WORDS = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
LONG_NAME = " ".join(f"{WORDS[i % len(WORDS)]}{i}" for i in range(40))


def words(count: int, seed: int = 0) -> str:
    return " ".join(WORDS[(i + seed) % len(WORDS)] + str(i) for i in range(count))


def journey(phases: int = 3, scores: dict[str, list[int | None]] | None = None, personas: list[Persona] | None = None,
            lanes: list[Lane] | None = None) -> JourneyMap:
    """``phases`` phases, an emotion lane and a notes lane, a short card per persona and phase, and the scores."""
    personas = personas or [Persona(id="ana", name="Ana", role="Buyer")]
    scores = scores or {}
    lanes = lanes if lanes is not None else [Lane(id="e", name="Feelings", kind="emotions"),
                                             Lane(id="n", name="Notes")]
    cards = [Card(id=f"{p.id}-{i}", persona=p.id, phase=f"p{i}", lane="n", text=words(4, i))
             for p in personas for i in range(phases) if any(lane.id == "n" for lane in lanes)]
    points = [EmotionPoint(persona=pid, phase=f"p{i}", score=s) for pid, row in scores.items()
              for i, s in enumerate(row) if s is not None]
    return JourneyMap(id="plan", title="Plan", phases=[Phase(id=f"p{i}", name=f"Phase {i}") for i in range(phases)],
                      lanes=lanes, personas=personas, cards=cards, emotions=points)


class FontCanvas(DrawingCanvas):
    """The drawing test's recording canvas, noting also each text line's font, and where the logo is painted."""

    def __init__(self, line_spacing: float) -> None:
        super().__init__(line_spacing)
        self.fonts: list[tuple[str, str]] = []  # (text, font) in drawing order
        self.painted: list[tuple[float, float]] = []  # the logo's box sizes as its paint function gets them

    def drawText(self, aTextObject):  # noqa: N803
        self.fonts += [(text, font) for _x, _baseline, font, _size, _color, text in aTextObject.written]
        return super().drawText(aTextObject)


def logo_art(aspect: float) -> LogoArt:
    def paint(c, width, height):
        c.painted.append((width, height))

    return LogoArt(aspect, paint)


def draw_page(journey_map: JourneyMap, plan, planner, page, logo: LogoArt | None = None) -> FontCanvas:
    """One page drawn as ``export_handout`` draws it."""
    painter = _Painter(journey_map, plan.style, planner.wrapper, planner.words, {})
    painter.logo = logo
    canvas = FontCanvas(SPACING)
    draw_handout_page(canvas, painter, plan, page, "the footer")
    return canvas


def texts_of(canvas: FontCanvas, text: str) -> list:
    return [t for t in canvas.texts if t.text == text]


# --- the plan as its callers take it ------------------------------------------------------------------


def test_a_plan_says_the_paper_and_orientation_it_was_made_for_landscape_unless_told_and_no_logo_without_one():
    journey_map = journey()
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", True), planner)
    assert (plan.paper, plan.landscape, plan.size) == ("A4", True, paper_size("A4", True))
    assert plan.logo is None  # documented: None without a logo (a caller tests ``is None``)
    plan = plan_handout(journey_map, ["ana"], paper_size("Letter", False), planner, "Letter", False)
    assert (plan.paper, plan.landscape, plan.size) == ("Letter", False, paper_size("Letter", False))
    assert plan.logo is None


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_every_page_s_grid_spans_the_width_between_the_margins(paper: str, landscape: bool):
    """Columns share the width between the margins: the grid falls short of it only by the fractions of a point
    each card's width is rounded down by (twelve phases: no column is at its widest)."""
    journey_map = journey(12)
    planner = PosterPlanner(journey_map, "en")
    size = paper_size(paper, landscape)
    plan = plan_handout(journey_map, ["ana"], size, planner, paper, landscape)
    width = size[0] - 2 * MARGIN
    for page in plan.pages:
        columns = page.last - page.first + 1
        printed = page.layout.width * SCALE
        assert width - columns * SCALE < printed <= width + EPS, (page.first, page.last)


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("name", ["Ana", LONG_NAME], ids=["short-name", "long-name"])
def test_the_persona_s_name_wraps_to_the_width_between_the_margins(paper: str, landscape: bool, name: str):
    persona = Persona(id="ana", name=name)
    journey_map = journey(personas=[persona])
    planner = PosterPlanner(journey_map, "en")
    size = paper_size(paper, landscape)
    plan = plan_handout(journey_map, ["ana"], size, planner, paper, landscape)
    assert_wrapped(plan.headers["ana"], name, size[0] - 2 * MARGIN, planner.wrapper)


def assert_wrapped(lines: list[str], text: str, width: float, wrapper) -> None:
    """The lines hold the text's words in order, each fits ``width``, and none could have taken the next word."""
    assert " ".join(lines).split() == text.split()
    measure = lambda line: wrapper.measure(line, PERSONA_PT, bold=True)  # noqa: E731
    for line, following in zip(lines, [*lines[1:], None], strict=True):
        assert measure(line) <= width + EPS, line
        if following is not None:
            assert measure(f"{line} {following.split()[0]}") > width, (line, following)


@pytest.mark.parametrize(("role", "header"), [("Buyer", "Ana · Buyer"), ("", "Ana"), ("   ", "Ana")],
                         ids=["role", "no-role", "blank-role"])
def test_the_page_header_names_the_persona_and_its_role_when_it_has_one(role: str, header: str):
    journey_map = journey(personas=[Persona(id="ana", name="Ana", role=role)])
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", True), planner)
    assert plan.headers == {"ana": [header]}
    canvas = draw_page(journey_map, plan, planner, plan.pages[0])
    assert canvas.texts[0].text == header  # the page's first line


# --- the logo -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("aspect", [2.5, 60.0], ids=["tall-enough", "very-wide"])
def test_the_logo_is_as_large_as_the_header_allows_in_the_top_right_corner_and_the_name_wraps_left_of_it(
        paper: str, landscape: bool, aspect: float):
    size = paper_size(paper, landscape)
    width = size[0] - 2 * MARGIN
    room = (MAX_LOGO_SHARE * width, header_height([""]) - HEADER_GAP)  # the persona's line and the range line
    for name in ("Ana", LONG_NAME):
        journey_map = journey(personas=[Persona(id="ana", name=name)])
        planner = PosterPlanner(journey_map, "en")
        planner.logo = logo_art(aspect)
        plan = plan_handout(journey_map, ["ana"], size, planner, paper, landscape)
        w, h = plan.logo
        assert w / h == pytest.approx(aspect)
        assert w <= room[0] + EPS and h <= room[1] + EPS
        assert w == pytest.approx(room[0]) or h == pytest.approx(room[1])  # as large as it may be
        assert_wrapped(plan.headers["ana"], name, width - w - HEADER_GAP, planner.wrapper)
        if name == "Ana":
            assert plan.headers["ana"] == ["Ana"]
        canvas = draw_page(journey_map, plan, planner, plan.pages[0], planner.logo)
        assert canvas.painted == [pytest.approx((w, h))]


def test_a_page_draws_the_logo_in_its_top_right_corner_inside_the_margins(monkeypatch):
    original = LogoArt.draw
    journey_map = journey()
    planner = PosterPlanner(journey_map, "en")
    planner.logo = logo_art(2.5)
    for landscape in (True, False):
        size = paper_size("A4", landscape)
        plan = plan_handout(journey_map, ["ana"], size, planner, "A4", landscape)
        w, h = plan.logo
        seen = []

        def spy(self, c, x, y, width, height, seen=seen):
            seen.append((x, y, width, height))
            return original(self, c, x, y, width, height)

        monkeypatch.setattr(LogoArt, "draw", spy)
        draw_page(journey_map, plan, planner, plan.pages[0], planner.logo)
        assert seen == [pytest.approx((size[0] - MARGIN - w, MARGIN, w, h))]


# --- the page's frame: header, range line, footer ------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("name", ["Ana", LONG_NAME], ids=["short-name", "long-name"])
def test_the_header_stacks_the_bold_name_the_range_line_and_the_grid_and_the_footer_ends_on_the_margin(
        paper: str, landscape: bool, name: str):
    journey_map = journey(13, personas=[Persona(id="ana", name=name)])
    planner = PosterPlanner(journey_map, "en")
    size = paper_size(paper, landscape)
    plan = plan_handout(journey_map, ["ana"], size, planner, paper, landscape)
    assert len(plan.pages) >= 3
    for page in plan.pages:
        canvas = draw_page(journey_map, plan, planner, page)
        lines = plan.headers["ana"]
        header = canvas.texts[:len(lines)]
        assert [t.text for t in header] == lines
        for index, line in enumerate(header):
            assert (line.x, line.top, line.size) == pytest.approx((MARGIN, MARGIN + index * PERSONA_PT * SPACING,
                                                                  PERSONA_PT))
            assert line.color == palette.TEXT.upper()
        assert canvas.fonts[:len(lines)] == [(line, BOLD) for line in lines]
        [ranged] = texts_of(canvas, range_text(page, planner.words))
        name_bottom = MARGIN + len(lines) * PERSONA_PT * SPACING
        assert (ranged.x, ranged.top, ranged.size) == pytest.approx((MARGIN, name_bottom + 2, RANGE_PT))
        assert ranged.color == palette.MUTED_TEXT.upper()
        assert (ranged.text, REGULAR) in canvas.fonts
        # the grid starts a header gap below the range line: the page's layout starts at MARGIN + header_height
        assert ranged.top + RANGE_PT * SPACING + HEADER_GAP == pytest.approx(MARGIN + header_height(lines))
        [footer] = texts_of(canvas, "the footer")
        assert footer.x == pytest.approx(MARGIN) and footer.size == FOOTER_SIZE
        assert footer.top + FOOTER_SIZE * SPACING == pytest.approx(size[1] - MARGIN)  # ends on the bottom margin
        assert footer.color == palette.MUTED_TEXT.upper()
        # the grid's bottom stays above the footer's room
        grid_bottom = MARGIN + header_height(lines) + page.layout.height * SCALE
        assert grid_bottom <= size[1] - MARGIN - FOOTER_HEIGHT + EPS


# --- the neighbours and the curve's stubs ----------------------------------------------------------------


SIZES = {"A4-landscape": paper_size("A4", True), "A4-portrait": paper_size("A4", False),
         "A3-portrait": paper_size("A3", False), "narrow": paper_size("160x297mm", False)}


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_every_page_knows_the_scores_just_before_and_after_its_range(size):
    """At the start, in the middle and at the end, on paper holding one phase a page up to several."""
    scores = [2, -1, None, 1, -2, 0, 2, None, -1]
    journey_map = journey(len(scores), {"ana": scores, "bo": [-s if s else None for s in scores]},
                          personas=[Persona(id="ana", name="Ana"), Persona(id="bo", name="Bo")])
    plan = plan_handout(journey_map, ["ana", "bo"], size, PosterPlanner(journey_map, "en"))
    firsts = set()
    for page in plan.pages:
        row = {e.phase: e.score for e in journey_map.emotions if e.persona == page.persona_id}
        before = row.get(f"p{page.first - 2}") if page.first > 1 else None
        after = row.get(f"p{page.last}") if page.last < len(scores) else None
        assert page.neighbours == (before, after), (page.persona_id, page.first, page.last)
        firsts.add(page.first)
    assert len(firsts) >= 3
    if size == SIZES["narrow"]:
        assert {1, 2, 3} <= firsts  # one phase a page


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_a_left_stub_stops_clear_of_the_axis_labels_heading_for_the_score_a_column_away(size):
    scores = [2, -2, 1, -1, 2, -2, 0, 1, -2]
    journey_map = journey(len(scores), {"ana": scores})
    plan = plan_handout(journey_map, ["ana"], size, PosterPlanner(journey_map, "en"))
    lefts = rights = 0
    for page in plan.pages:
        layout = page.layout
        stubs = curve_stubs(layout, page.neighbours)
        assert len(stubs) == sum(n is not None for n in page.neighbours)
        for (x0, y0), (x1, y1) in stubs:
            left = x1 < x0
            mark = layout.emotion_marks[0 if left else -1]
            column = layout.phase_headers[0 if left else -1].rect
            neighbour = page.neighbours[0 if left else 1]
            assert (x0, y0) == (mark.x, mark.y)
            # the neighbour's point, a column to the side, and the stub on the way there
            target = (mark.x - column.w if left else mark.x + column.w, layout.zero_y - neighbour * layout.score_step)
            share = abs(x1 - x0) / column.w
            assert y1 == pytest.approx(y0 + (target[1] - y0) * share)
            if left:
                assert x1 == pytest.approx(layout.corner.right + AXIS_GUTTER)  # the axis labels stand left of it
                lefts += 1
            else:
                assert x1 == pytest.approx(column.right)
                rights += 1
    assert lefts >= 2 and rights >= 2


# --- how much room a paper must leave ----------------------------------------------------------------------


def height_leaving(journey_map: JourneyMap, planner, width: float, room: float) -> float | None:
    """The height of a paper ``width`` wide whose pages leave exactly ``room`` below the phase headers (layout
    points, to the last bit), as the handout reckons it: the page less its margins, header and footer, in layout
    points, less the phase headers. None if rounding lets no height leave exactly that."""
    lines = [journey_map.personas[0].name]
    corner = plan_handout(journey_map, ["ana"], (width, 5000.0), planner).pages[0].layout.corner.h

    def room_of(height: float) -> float:
        return (height - 2 * MARGIN - header_height(lines) - FOOTER_HEIGHT) / SCALE - corner

    height = (room + corner) * SCALE + 2 * MARGIN + header_height(lines) + FOOTER_HEIGHT
    for _step in range(300):
        height = math.nextafter(height, 0.0)
    for _step in range(600):
        if room_of(height) == room:
            return height
        height = math.nextafter(height, math.inf)
    return None


def with_goals(journey_map: JourneyMap, goal: str) -> JourneyMap:
    return journey_map.model_copy(update={"phases": [p.model_copy(update={"goal": goal}) for p in journey_map.phases]})


#: phase goals that make the phase headers of different heights: some height leaves an exact room for one of them
GOALS = ["", words(3), words(8), words(14)]


def exactly(journey_map: JourneyMap, width: float, room) -> tuple[JourneyMap, PosterPlanner, float]:
    """The map (its phases' goals chosen so that some paper height leaves exactly ``room(map, planner)``), its
    planner and that height."""
    for goal in GOALS:
        goal_map = with_goals(journey_map, goal)
        planner = PosterPlanner(goal_map, "en")
        height = height_leaving(goal_map, planner, width, room(goal_map, planner))
        if height is not None:
            return goal_map, planner, height
    raise AssertionError("no paper leaves exactly that room")


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_paper_leaving_exactly_the_least_grid_room_is_enough_and_a_shorter_one_is_refused_saying_why(landscape):
    width = paper_size("A4", landscape)[0]
    journey_map, planner, height = exactly(journey(personas=[Persona(id="ana", name="Ana")]), width,
                                           lambda _map, _planner: MIN_GRID_ROOM)
    plan = plan_handout(journey_map, ["ana"], (width, height), planner, landscape=landscape)
    assert plan.pages and all(page.layout.height - page.layout.corner.bottom <= MIN_GRID_ROOM + EPS
                              for page in plan.pages)
    shorter = math.nextafter(height, 0.0)
    with pytest.raises(ExportError) as refused:
        plan_handout(journey_map, ["ana"], (width, shorter), planner, landscape=landscape)
    assert str(refused.value) == "the paper is too short for a handout with card text at 9 pt: use A4 or larger"


def emotion_row(journey_map: JourneyMap, planner) -> float:
    """The emotion lane's height in the range's layout (on a paper tall enough for it)."""
    [page] = plan_handout(journey_map, ["ana"], paper_size("A3", False), planner).pages
    [row] = page.layout.lane_headers
    assert row.rect.h > MIN_GRID_ROOM and row.rect.h > HANDOUT_EMOTION_HEIGHT  # its name makes it that tall
    return row.rect.h


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_an_emotion_lane_whose_name_is_exactly_as_tall_as_the_page_prints_whole_on_one_page(landscape):
    """Only a name taller than the page goes on below the curve; one exactly as tall fits beside it."""
    lanes = [Lane(id="e", name=words(60), kind="emotions")]
    width = paper_size("A4", landscape)[0]
    journey_map, planner, height = exactly(
        journey(2, {"ana": [1, -1]}, personas=[Persona(id="ana", name="Ana")], lanes=lanes), width, emotion_row)
    whole = emotion_row(journey_map, planner)
    plan = plan_handout(journey_map, ["ana"], (width, height), planner, landscape=landscape)
    assert len(plan.pages) == 1
    [printed] = plan.pages[0].layout.lane_headers
    assert printed.lines == plan_lines(journey_map, planner)  # the whole name, beside the curve
    assert printed.rect.h == pytest.approx(whole)
    # a hair less room: the name goes on to another page
    shorter = plan_handout(journey_map, ["ana"], (width, math.nextafter(height, 0.0)), planner, landscape=landscape)
    assert len(shorter.pages) > 1


def plan_lines(journey_map: JourneyMap, planner) -> list[str]:
    [page] = plan_handout(journey_map, ["ana"], paper_size("A3", False), planner).pages
    return page.layout.lane_headers[0].lines


# --- what each range is laid out from ------------------------------------------------------------------


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_each_range_is_laid_out_from_its_persona_s_cards_and_emotions_in_its_phases_only(monkeypatch, landscape):
    scores = {"ana": [1, 2, -1, 0, -2, 1, 2], "bo": [-1, 0, 2, 1, None, -2, 0]}
    journey_map = journey(7, scores, personas=[Persona(id="ana", name="Ana"), Persona(id="bo", name="Bo")])
    seen = []
    original = handout.persona_layout

    def recording(range_map, persona_id, *args, **kwargs):
        seen.append((range_map, persona_id))
        return original(range_map, persona_id, *args, **kwargs)

    monkeypatch.setattr(handout, "persona_layout", recording)
    plan = plan_handout(journey_map, ["ana", "bo"], paper_size("A4", landscape), PosterPlanner(journey_map, "en"),
                        landscape=landscape)
    assert len({(page.persona_id, page.first) for page in plan.pages}) == len(seen) > 2
    laid_out = {"cards": [], "emotions": []}
    for range_map, persona_id in seen:
        phases = {phase.id for phase in range_map.phases}
        assert range_map.cards and all(c.persona == persona_id and c.phase in phases for c in range_map.cards)
        assert range_map.emotions and all(e.persona == persona_id and e.phase in phases for e in range_map.emotions)
        assert range_map.cards == [c for c in journey_map.cards if c.persona == persona_id and c.phase in phases]
        assert range_map.emotions == [e for e in journey_map.emotions
                                      if e.persona == persona_id and e.phase in phases]
        laid_out["cards"] += range_map.cards
        laid_out["emotions"] += range_map.emotions
    # every card and score once, over all ranges: one pass over the map's cards, not one per range
    assert sorted(c.id for c in laid_out["cards"]) == sorted(c.id for c in journey_map.cards)
    assert len(laid_out["emotions"]) == len(journey_map.emotions)


# --- a map without phases ------------------------------------------------------------------------------


def test_a_map_without_phases_is_refused_rather_than_printed_as_phase_1_of_0(tmp_path):
    """A handout prints phase ranges; with no phase there is none ("Phase 1 of 0" was printed)."""
    journey_map = journey(0)
    for landscape in (True, False):
        with pytest.raises(ExportError) as refused:
            plan_handout(journey_map, ["ana"], paper_size("A4", landscape), PosterPlanner(journey_map, "en"))
        assert str(refused.value) == "the map has no phases to print"
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, tmp_path / "out.pdf", PdfOptions(handout=True))
    assert str(refused.value) == "the map has no phases to print"
    assert not (tmp_path / "out.pdf").exists()


# --- card parts, stars and badges as the poster draws them -----------------------------------------------


class StarPainter(_Painter):
    """The handout's painter, noting where it draws each moment of truth's star."""

    stars: list

    def star(self, c, cx, cy, outer):
        self.stars.append((cx, cy, outer))
        return super().star(c, cx, cy, outer)


class StarPoster(_Poster):
    stars: list

    def star(self, c, cx, cy, outer):
        self.stars.append((cx, cy, outer))
        return super().star(c, cx, cy, outer)


def marked_map(text_words: int) -> JourneyMap:
    """A KPI lane with badges over cards, and a touchpoint lane: a moment of truth whose text and long owner
    caption run over pages, and short moments of truth and plain cards in the other phases."""
    phases = [Phase(id=f"p{i}", name=f"Phase {i}") for i in range(3)]
    lanes = [Lane(id="k", name="KPIs", kind="kpis"), Lane(id="t", name="Touchpoints", kind="touchpoints")]
    kpis = Kpis(metrics=[Metric(id=f"m{i}", name=f"Metric {i}", unit="%") for i in range(3)],
                values=[KpiValue(metric=f"m{i}", phase=f"p{j}", value=10 * i + j, target=15) for i in range(3)
                        for j in range(3)])
    cards = [Card(id="long", persona="ana", phase="p0", lane="t", text=words(text_words), owner=words(120, 2),
                  channel="Shop", severity=3, moment_of_truth=True)]
    cards += [Card(id=f"k{i}", persona="ana", phase=f"p{i}", lane="k", text=words(5, i)) for i in range(3)]
    cards += [Card(id=f"t{i}", persona="ana", phase=f"p{i}", lane="t", text=words(8, i), moment_of_truth=i % 2 == 1,
                   severity=1 + i) for i in range(1, 3)]
    return JourneyMap(id="marked", title="Marked", phases=phases, lanes=lanes, personas=[Persona(id="ana", name="Ana")],
                      cards=cards, kpis=kpis)


def drawn_pages(journey_map: JourneyMap, landscape: bool):
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", landscape), planner, "A4", landscape)
    for page in plan.pages:
        painter = StarPainter(journey_map, plan.style, planner.wrapper, planner.words, {})
        painter.stars = []
        canvas = DrawingCanvas(plan.style.line_spacing)
        draw_handout_page(canvas, painter, plan, page, "footer")
        poster = StarPoster(journey_map, plan.style, planner.wrapper, planner.words)
        poster.stars = []
        poster_canvas = DrawingCanvas(plan.style.line_spacing)
        poster.draw_cards(poster_canvas, page.layout)
        yield plan, page, canvas, painter.stars, poster_canvas, poster.stars


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_card_part_holding_only_captions_prints_them_below_its_note_inside_the_card(landscape):
    """The rest of a card whose text ended on the page before: its captions start right below the "continued"
    note (no gap for text lines it does not hold) and end at the card's padding."""
    only_captions = 0
    for text_words in (233, 240):
        for plan, page, canvas, _stars, _poster, _poster_stars in drawn_pages(marked_map(text_words), landscape):
            style = plan.style
            caption_lh = style.line_height(style.caption_size)
            for card_id, box in page.layout.cards.items():
                if box.lines or not box.caption_lines:
                    continue
                only_captions += 1
                head, tail = page.notes[card_id]
                rect = box.rect
                inside_card = [t for t in canvas.texts if inside(t, rect)]
                captions = [t for t in inside_card if t.text in box.caption_lines]
                assert [t.text for t in captions] == box.caption_lines
                top = rect.y + style.card_padding + (caption_lh + 2 if head else 0)
                assert captions[0].top == pytest.approx(top), card_id
                bottom = captions[-1].top + caption_lh + (2 + caption_lh if tail else 0)
                assert bottom == pytest.approx(rect.bottom - style.card_padding), card_id
    assert only_captions


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_moment_of_truth_is_starred_once_where_the_poster_stars_it_and_the_text_reads_as_on_the_poster(
        landscape):
    """The star stands in the top right corner of the card's first part, as on the poster; badges' text follows
    the cards' text, as on the poster (the order a reader copies or hears it in)."""
    starred, badged = set(), 0
    for _plan, page, canvas, stars, poster_canvas, poster_stars in drawn_pages(marked_map(240), landscape):
        assert stars == poster_stars
        firsts = {card_id for card_id, box in page.layout.cards.items() if box.moment_of_truth}
        assert len(stars) == len(firsts)
        for card_id in firsts:
            rect = page.layout.cards[card_id].rect
            assert (rect.right - 10, rect.y + 10, 7) in stars
            starred.add(card_id)
        # the page's text but the handout's own "continued" notes: the poster's, in its order
        poster_texts = [t.text for t in poster_canvas.texts]
        assert [t.text for t in canvas.texts if t.text in poster_texts] == poster_texts
        badged += bool(page.layout.kpi_badges) and bool(page.layout.cards)
    assert starred == {"long", "t1"} and badged
