"""Where the handout breaks a range's rows into pages, at the edges (mutation survivors of ``handout._Splitter``).

The splitter is given the room below the phase headers (layout points) that a paper leaves; these tests give it
exactly the room that some rows, badges or card lines take, so a row, badge or line that ends right on the page's
end must stay on the page, and a row that fits a fresh page must never be split. Every line and badge is printed
once, in order, whatever the room. The styles are those of several papers, both ways round.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from app.export.handout import (
    MIN_GRID_ROOM,
    MIN_ROOM,
    SCALE,
    _range_map,
    _Splitter,
    handout_style,
    header_height,
    phase_ranges,
    plan_handout,
)
from app.export.pdf import FOOTER_HEIGHT, MARGIN, PosterPlanner, paper_size
from app.layout import persona_layout
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import Kpis, KpiValue, Metric

WORDS = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
EPS = 1e-6
PAPERS = [(paper, landscape) for paper in ("A4", "Letter", "A3") for landscape in (True, False)]
PAPER_IDS = [f"{paper}-{'landscape' if landscape else 'portrait'}" for paper, landscape in PAPERS]


def words(count: int, seed: int = 0) -> str:
    return " ".join(WORDS[(i + seed) % len(WORDS)] + str(i) for i in range(count))


def journey(lanes: list[Lane], cards: list[Card], badges: int = 0, emotions: bool = False) -> JourneyMap:
    """Three phases (cards and badges in the first); ``badges`` one-line KPI badges in the KPI lane."""
    phases = [Phase(id=f"p{i}", name=f"Phase {i}") for i in range(1, 4)]
    kpis = Kpis(metrics=[Metric(id=f"m{i}", name=f"M{i}") for i in range(badges)],
                values=[KpiValue(metric=f"m{i}", phase="p1", value=i) for i in range(badges)])
    points = [EmotionPoint(persona="ana", phase="p1", score=1)] if emotions else []
    return JourneyMap(id="pages", title="Pages", phases=phases, lanes=lanes, personas=[Persona(id="ana", name="Ana")],
                      cards=cards, emotions=points, kpis=kpis)


def card(card_id: str, lane: str, count: int) -> Card:
    return Card(id=card_id, persona="ana", phase="p1", lane=lane, text=words(count, len(card_id)))


KPI = Lane(id="k", name="KPIs", kind="kpis")
NOTES = Lane(id="n", name="Notes")
SHORT = Lane(id="s", name="Short")


def layout_for(journey_map: JourneyMap, paper: str, landscape: bool):
    """The first phase range's layout in the handout style of ``paper``, and the catalogue."""
    planner = PosterPlanner(journey_map, "en")
    style, per_page = handout_style(journey_map, paper_size(paper, landscape)[0] - 2 * MARGIN)
    start, end = phase_ranges(len(journey_map.phases), per_page)[0]
    layout = persona_layout(_range_map(journey_map, "ana", start, end), "ana", planner.wrapper, style)
    return layout, style, planner.words


def split(journey_map: JourneyMap, paper: str, landscape: bool, room) -> tuple:
    """The pages (each its layout and notes) for the room ``room(layout, style)`` gives."""
    layout, style, words_ = layout_for(journey_map, paper, landscape)
    room_ = room(layout, style)
    splitter = _Splitter(layout, style, words_, room_)
    return layout, style, room_, [splitter.page_layout(rows) for rows in splitter.pages()]


def row_height(layout, lane_id: str) -> float:
    return next(h.rect.h for h in layout.lane_headers if h.item_id == lane_id)


def cell_contents(layout, lane_id: str) -> list:
    """A lane's badges and cards relative to the row's top, cell by cell: what a reader sees in the row."""
    top = next(h.rect.y for h in layout.lane_headers if h.item_id == lane_id)
    found = []
    for phase in layout.phase_headers:
        key = (phase.item_id, lane_id)
        found += [("badge", b.metric_id, b.lines, b.rect.x, b.rect.y - top, b.rect.h)
                  for b in layout.kpi_badges.get(key, ())]
        found += [("card", i, layout.cards[i].lines, layout.cards[i].rect.x, layout.cards[i].rect.y - top,
                   layout.cards[i].rect.h) for i in layout.cell_cards.get(key, ())]
    return found


def printed(pages) -> tuple[dict, dict]:
    """Every card's lines and every cell's badges over the pages, in page order."""
    lines: dict[str, list[str]] = {}
    badges: dict[tuple, list[str]] = {}
    for page, _notes in pages:
        for card_id, box in page.cards.items():
            lines.setdefault(card_id, []).extend(box.lines)
        for key, found in page.kpi_badges.items():
            badges.setdefault(key, []).extend(b.metric_id for b in found)
    return lines, badges


def assert_nothing_lost(layout, pages) -> None:
    lines, badges = printed(pages)
    assert lines == {card_id: box.lines for card_id, box in layout.cards.items()}
    assert badges == {key: [b.metric_id for b in found] for key, found in layout.kpi_badges.items()}
    assert all(page.lane_headers for page, _notes in pages), "an empty page"


def lanes_on(pages) -> list[list[str]]:
    return [[h.item_id for h in page.lane_headers] for page, _notes in pages]


# --- rows that fit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("order", ["kpis-first", "kpis-last"])
def test_rows_that_fill_the_page_exactly_stay_on_it_as_laid_out(paper: str, landscape: bool, order: str):
    """The room is exactly the rows' heights: one page, every row as the range's layout has it (KPI badges
    half a card gap apart, as on the canvas and the poster), no card continued."""
    lanes = [KPI, NOTES] if order == "kpis-first" else [NOTES, KPI]
    journey_map = journey(lanes, [card("a", "n", 60), card("b", "n", 25)], badges=5)
    for kept in (lanes[:1], lanes):  # the first row alone, and both rows
        part = journey_map.model_copy(update={"lanes": kept})
        layout, _style, room, pages = split(
            part, paper, landscape, lambda lay, _s: sum(h.rect.h for h in lay.lane_headers))
        assert lanes_on(pages) == [[lane.id for lane in kept]], room
        [(page, notes)] = pages
        assert notes == {}
        for lane in kept:
            assert row_height(page, lane.id) == row_height(layout, lane.id)
            assert cell_contents(page, lane.id) == cell_contents(layout, lane.id), lane.id
        assert_nothing_lost(layout, pages)


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("spare", [0.0, 0.5, 24.0])
def test_a_row_that_fits_a_fresh_page_moves_there_whole_rather_than_split(paper: str, landscape: bool, spare: float):
    """A short row, then a row that does not fit below it but fits a page (exactly, or with room to spare): the
    second row starts the next page whole, though more than MIN_ROOM is left below the first."""
    journey_map = journey([SHORT, NOTES], [card("s", "s", 4), card("a", "n", 90), card("b", "n", 90)])
    layout, _style, room, pages = split(journey_map, paper, landscape,
                                        lambda lay, _s: row_height(lay, "n") + spare)
    assert room - row_height(layout, "s") >= MIN_ROOM and room >= MIN_GRID_ROOM  # a real page could leave this
    assert row_height(layout, "s") + row_height(layout, "n") > room
    assert lanes_on(pages) == [["s"], ["n"]]
    assert all(notes == {} for _page, notes in pages)
    assert cell_contents(pages[1][0], "n") == cell_contents(layout, "n")
    assert_nothing_lost(layout, pages)


# --- rows taller than a page ------------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("left", [MIN_ROOM, MIN_ROOM - 0.5])
def test_a_row_taller_than_a_page_starts_below_another_when_min_room_is_left(paper: str, landscape: bool,
                                                                             left: float):
    journey_map = journey([NOTES, SHORT], [card("a", "n", 70), card("long", "s", 400)])
    layout, _style, room, pages = split(journey_map, paper, landscape,
                                        lambda lay, _s: row_height(lay, "n") + left)
    assert room >= MIN_GRID_ROOM and row_height(layout, "s") > room
    first = lanes_on(pages)[0]
    assert first == (["n", "s"] if left >= MIN_ROOM else ["n"])
    if left >= MIN_ROOM:  # its first part on the first page, continued on the next
        assert pages[0][1] == {"long": (False, True)} and pages[0][0].cards["long"].lines
    assert all(lanes == ["s"] for lanes in lanes_on(pages)[1:])
    assert_nothing_lost(layout, pages)


def badge_room(layout, style, count: int) -> float:
    """A cell's room for exactly its first ``count`` badges, stacked half a card gap apart as on the canvas."""
    found = layout.kpi_badges[("p1", "k")][:count]
    return 2 * style.cell_padding + sum(b.rect.h for b in found) + (count - 1) * style.card_gap / 2


@pytest.mark.parametrize("trailing_card", [True, False], ids=["badges-then-a-card", "badges-only"])
@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_a_split_kpi_cell_holds_every_badge_that_fits_to_the_page_s_end(paper: str, landscape: bool,
                                                                        trailing_card: bool):
    journey_map = journey([KPI], [card("k", "k", 30)] if trailing_card else [], badges=40)
    layout, style, _words = layout_for(journey_map, paper, landscape)
    count = next(n for n in range(2, 40) if badge_room(layout, style, n) >= MIN_GRID_ROOM)
    for room, held in ((badge_room(layout, style, count), count), (badge_room(layout, style, count) - 0.5, count - 1)):
        _layout, _style, _room, pages = split(journey_map, paper, landscape, lambda *_args, r=room: r)
        first = [b.metric_id for b in pages[0][0].kpi_badges[("p1", "k")]]
        assert first == [f"m{i}" for i in range(held)], room
        assert pages[0][0].height <= layout.corner.bottom + room + EPS
        assert_nothing_lost(layout, pages)
        for page, _notes in pages:  # on every page, the first and the continued ones, spaced as on the canvas
            badges = page.kpi_badges.get(("p1", "k"), ())
            assert [b.rect.y - a.rect.bottom for a, b in pairwise(badges)] == [style.card_gap / 2] * (len(badges) - 1)


def part_height(style, lines: int, head: bool, tail: bool) -> float:
    """A card part as the painter draws it: its text lines and a note line where it continues."""
    note = style.line_height(style.caption_size) + 2
    return 2 * style.card_padding + lines * style.line_height(style.text_size) + note * (head + tail)


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_a_card_that_ends_exactly_at_the_page_s_end_is_not_split(paper: str, landscape: bool):
    """Three cards of a lane taller than the page; the first two fill the room exactly, with their gap."""
    journey_map = journey([NOTES], [card("a", "n", 60), card("b", "n", 45), card("c", "n", 80)])
    layout, style, _words = layout_for(journey_map, paper, landscape)
    a, b = layout.cards["a"].rect.h, layout.cards["b"].rect.h
    exact = 2 * style.cell_padding + a + style.card_gap + b
    assert exact >= MIN_GRID_ROOM and row_height(layout, "n") > exact
    for room in (exact, exact + 0.5):
        _layout, _style, _room, pages = split(journey_map, paper, landscape, lambda *_args, r=room: r)
        first, notes = pages[0]
        assert list(first.cards) == ["a", "b"] and notes == {}, room
        assert first.cards["b"].lines == layout.cards["b"].lines
        assert_nothing_lost(layout, pages)
    _layout, _style, _room, pages = split(journey_map, paper, landscape, lambda *_args: exact - 0.5)
    assert pages[0][1] == {"b": (False, True)}  # a hair less: b continues on the next page


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_a_split_card_takes_every_line_that_fits_with_its_note(paper: str, landscape: bool):
    """A card taller than any page: its first part takes as many lines as fit with the "continued" note below
    them, the last one ending exactly at the cell's padding."""
    journey_map = journey([NOTES], [card("long", "n", 500)])
    layout, style, _words = layout_for(journey_map, paper, landscape)
    lines = next(n for n in range(1, 200)
                 if 2 * style.cell_padding + part_height(style, n, False, True) >= MIN_GRID_ROOM)
    exact = 2 * style.cell_padding + part_height(style, lines, False, True)
    for room, taken in ((exact, lines), (exact + 0.5, lines), (exact - 0.5, lines - 1)):
        _layout, _style, _room, pages = split(journey_map, paper, landscape, lambda *_args, r=room: r)
        first, notes = pages[0]
        assert notes == {"long": (False, True)}
        assert first.cards["long"].lines == layout.cards["long"].lines[:taken], room
        assert first.height <= layout.corner.bottom + room + EPS
        assert_nothing_lost(layout, pages)


# --- lanes whose names are longer than a page -------------------------------------------------------------


NAME = " ".join(["Notes and open questions from the spring research interviews"] * 25)


def page_room(plan, page) -> float:
    """Where the page's grid must end (layout points): above the footer."""
    return (plan.size[1] - 2 * MARGIN - header_height(plan.headers[page.persona_id]) - FOOTER_HEIGHT) / SCALE


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("first", ["emotions", "notes"])
def test_no_page_is_empty_when_the_first_lane_is_taller_than_a_page(landscape: bool, first: str):
    """A lane whose name alone is longer than a page prints from the first page on, and a page whose row goes on
    on the next page ends at the page's end."""
    lanes = [Lane(id="e", name=NAME, kind="emotions") if first == "emotions" else Lane(id="n", name=NAME),
             Lane(id="s", name="Short")]
    cards = [card("s", "s", 10)] + ([card("long", "n", 600)] if first == "notes" else [])
    journey_map = journey(lanes, cards, emotions=True)
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", landscape), planner, landscape=landscape)
    first_row = plan.pages[0].layout.lane_headers[0]
    assert first_row.item_id == lanes[0].id
    style = plan.style
    label = planner.wrapper.wrap(NAME, style.header_size, style.lane_header_width - 2 * style.header_padding,
                                 bold=True)  # the whole name, as the layout wraps it
    assert 2 * style.header_padding + len(label) * style.line_height(style.header_size) \
        > page_room(plan, plan.pages[0]) - plan.pages[0].layout.corner.h  # the name is longer than the page
    assert all(page.layout.lane_headers for page in plan.pages), "an empty page"
    for number in {page.first for page in plan.pages}:  # each phase range prints its short lane once, last
        ids = [h.item_id for page in plan.pages if page.first == number for h in page.layout.lane_headers]
        assert ids.count("s") == 1 and ids[-1] == "s" and ids[0] == lanes[0].id, ids
    for page, after in zip(plan.pages, plan.pages[1:], strict=False):
        if after.continued and after.layout.lane_headers[0].item_id == page.layout.lane_headers[-1].item_id:
            assert page.layout.height <= page_room(plan, page) + EPS
    words_ = " ".join(line for page in plan.pages for box in page.layout.cards.values() for line in box.lines)
    expected = ([words(600, 4)] if first == "notes" else []) + [words(10, 1)]
    assert words_.split() == " ".join(expected).split()


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("where", ["first", "after a short lane"])
@pytest.mark.parametrize(("kind", "cards_in_it"), [("notes", 0), ("notes", 1), ("notes", 3), ("emotions", 0)])
def test_a_lane_name_longer_than_a_page_goes_on_over_the_rows_parts_within_each_page(
        landscape: bool, where: str, kind: str, cards_in_it: int):
    """The name is printed whole, line after line over the row's parts, and every part's label ends on its page
    (it ran into the footer before): short or long cells, the row starting a page or below another lane. The
    emotion curve keeps its own height (a long name stretched it past the page's end); its name goes on below."""
    lanes = [Lane(id="n", name=NAME, kind=kind), Lane(id="s", name="Short")]
    if where != "first":
        lanes = [Lane(id="a", name="Above"), *lanes]
    cards = [card("s", "s", 10), card("a", "n" if where == "first" else "a", 30)] if kind == "notes" or \
        where != "first" else [card("s", "s", 10)]
    cards += [card(f"c{i}", "n", 40) for i in range(cards_in_it)]
    journey_map = journey(lanes, cards, emotions=kind == "emotions")
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", landscape), planner, landscape=landscape)
    style = plan.style
    label = planner.wrapper.wrap(NAME, style.header_size, style.lane_header_width - 2 * style.header_padding,
                                 bold=True)
    assert len(label) * style.line_height(style.header_size) > page_room(plan, plan.pages[0])  # longer than a page
    for number in {page.first for page in plan.pages}:  # each phase range prints the lane's row anew
        pages = [page for page in plan.pages if page.first == number]
        printed: list[str] = []
        for page in pages:
            rows = page.layout.lane_headers  # each lane once, stacked from below the phase headers, no gap
            assert len({h.item_id for h in rows}) == len(rows)
            assert [h.rect.y for h in rows] == pytest.approx([page.layout.corner.bottom] + [h.rect.bottom
                                                                                           for h in rows[:-1]])
            for header in page.layout.lane_headers:
                label_height = 2 * style.header_padding + len(header.lines) * style.line_height(style.header_size)
                assert label_height <= header.rect.h + EPS, (header.item_id, len(header.lines))
                assert header.rect.bottom <= page_room(plan, page) + EPS, "the row runs into the footer"
                if header.item_id == "n":
                    printed += [line for line in header.lines if line != "(continued)"]
                else:  # the other lanes keep their names
                    assert header.lines == [{"s": "Short", "a": "Above"}[header.item_id]]
        assert printed[:len(label)] == label  # in order, nothing left out; later parts repeat its start
        parts = [h for page in pages for h in page.layout.lane_headers if h.item_id == "n"]
        assert len(parts) > 1
        if where != "first":  # no page holds the name whole: it starts below the short lane, not on a new page
            assert [h.item_id for h in pages[0].layout.lane_headers][:2] == ["a", "n"]
        assert all(h.lines[-1] == "(continued)" for h in parts[1:]) and parts[0].lines[-1] != "(continued)"
        if kind == "emotions":
            curve = next(page.layout for page in pages if page.layout.emotion_lane == "n")
            row = next(h for h in curve.lane_headers if h.item_id == "n")
            assert row.rect.h == style.emotion_lane_height and row is parts[0]
            assert curve.emotion_marks and all(row.rect.y < m.y < row.rect.bottom for m in curve.emotion_marks)


MIDDLE = " ".join(["Questions from the interviews"] * 16)  # a name of many lines that fits a page


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_a_label_exactly_as_tall_as_a_page_starts_a_page_whole_and_is_not_split(paper: str, landscape: bool):
    """A lane whose label fills exactly one page's room, and whose cards need more than a page, fits its label
    on a fresh page: below another lane it moves to the next page and prints its name there whole, rather than
    spreading the name over two pages."""
    journey_map = journey([SHORT, Lane(id="n", name=MIDDLE)], [card("s", "s", 3), card("c", "n", 500)])
    layout, _style, _room, pages = split(journey_map, paper, landscape, lambda layout, style: 2 * style.header_padding
                                         + len(layout.lane_headers[1].lines) * style.line_height(style.header_size))
    assert layout.lane_headers[0].rect.h + MIN_ROOM < _room  # there was room to start it below the short lane
    assert layout.lane_headers[1].rect.h > _room  # its cards go on over pages
    ids = [[h.item_id for h in page.lane_headers] for page, _notes in pages]
    assert ids[0] == ["s"] and all(page == ["n"] for page in ids[1:]) and len(ids) > 2
    assert pages[1][0].lane_headers[0].lines == layout.lane_headers[1].lines


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
@pytest.mark.parametrize("lines", [6, 11, 20])
def test_a_label_longer_than_a_page_prints_every_line_that_fits_on_each_part(paper: str, landscape: bool,
                                                                            lines: int):
    """With room for exactly ``lines`` label lines (and its padding), the first part prints ``lines`` lines and
    each later one ``lines`` - 1 and "(continued)", until the name is done: no room is left unused."""
    journey_map = journey([Lane(id="n", name=NAME), SHORT], [card("c", "n", 2), card("s", "s", 3)])
    layout, _style, _room, pages = split(journey_map, paper, landscape, lambda layout, style: 2 * style.header_padding
                                         + lines * style.line_height(style.header_size))
    label = layout.lane_headers[0].lines
    parts = [h.lines for page, _notes in pages for h in page.lane_headers if h.item_id == "n"]
    assert parts[0] == label[:lines]
    printed = lines
    for part in parts[1:]:
        assert part[-1] == "(continued)"
        if printed < len(label):
            assert part[:-1] == label[printed:printed + lines - 1]
            printed += lines - 1
    assert printed >= len(label)


@pytest.mark.parametrize(("paper", "landscape"), PAPERS, ids=PAPER_IDS)
def test_rows_moved_whole_to_a_later_page_keep_their_cards_marks_and_badges_in_place(paper: str, landscape: bool):
    """A row that fits a page is moved, not remade: on its page each card keeps its lines, severity and moment
    of truth, and each KPI badge its status, all at the same place in the row as in the range's layout."""
    pains = Lane(id="p", name="Pain points", kind="pain_points")
    cards = [card("n1", "n", 120), card("n2", "n", 120)] + [
        Card(id=f"p{i}", persona="ana", phase="p1", lane="p", text=words(8, i), severity=i + 1,
             moment_of_truth=i == 1) for i in range(3)]
    journey_map = journey([NOTES, pains, KPI], cards, badges=3)
    kpis = journey_map.kpis.model_copy(update={"values": [v.model_copy(update={"target": 1})
                                                          for v in journey_map.kpis.values]})
    journey_map = journey_map.model_copy(update={"kpis": kpis})  # 0 of 1 missed, 1 and 2 met
    layout, _style, _room, pages = split(journey_map, paper, landscape,
                                         lambda layout, style: row_height(layout, "n") + 30)
    source = {h.item_id: h for h in layout.lane_headers}
    moved = 0
    for page, _notes in pages:
        for header in page.lane_headers:
            if header.item_id == "n":
                continue
            dy = header.rect.y - source[header.item_id].rect.y
            moved += dy != 0
            for phase in layout.phase_headers:
                key = (phase.item_id, header.item_id)
                assert [page.cards[i] for i in page.cell_cards[key]] == [
                    replace(layout.cards[i], rect=layout.cards[i].rect._replace(y=layout.cards[i].rect.y + dy))
                    for i in layout.cell_cards[key]]
                assert page.kpi_badges.get(key, ()) == tuple(
                    replace(b, rect=b.rect._replace(y=b.rect.y + dy)) for b in layout.kpi_badges.get(key, ()))
    assert moved == 2  # both rows below the notes are on a later page, higher up
    assert {layout.cards[f"p{i}"].severity for i in range(3)} == {1, 2, 3}
    assert len({b.status for badges in layout.kpi_badges.values() for b in badges}) > 1


def test_a_map_without_lanes_gets_a_handout_page_of_its_phases():
    """No lanes yet (a map just started): each phase range still gets its page, with the phase headers."""
    journey_map = journey([], [])
    planner = PosterPlanner(journey_map, "en")
    plan = plan_handout(journey_map, ["ana"], paper_size("A4", True), planner)
    assert len(plan.pages) == 1
    page = plan.pages[0].layout
    assert page.lane_headers == [] and page.height == page.corner.bottom
    assert [h.item_id for h in page.phase_headers] == ["p1", "p2", "p3"]
