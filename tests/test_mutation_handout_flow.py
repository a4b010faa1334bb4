"""How the handout flows a range's rows over pages (mutation survivors of ``app.export.handout._Splitter``).

A lane taller than a page continues on the next page cell by cell: KPI badges first, then the cards, a card
split line by line where the page ends. These tests check, on every page of small maps in both orientations
and both languages, what a reader of the printed pages relies on: nothing is lost, repeated or reordered,
every card part is as tall as the text the painter draws in it, nothing leaves its cell or the page, the
rows stack without gaps, and a page is not broken while the next badge or line would still have fitted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

import pytest
from pypdf import PdfReader

from app.export.handout import SCALE, _range_map, header_height, plan_handout
from app.export.pdf import FOOTER_HEIGHT, MARGIN, PdfOptions, PosterPlanner, export_pdf, paper_size
from app.layout import card_caption, persona_layout
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from app.model.schema import Kpis, KpiValue, Metric

WORDS = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "tempor"]
EPS = 1e-6


def words(count: int, seed: int = 0) -> str:
    return " ".join(WORDS[(i + seed) % len(WORDS)] + str(i) for i in range(count))


def flowing_map(note_words: int = 140) -> JourneyMap:
    """Three phases, a KPI lane with more badges than a page holds and cards below them, a touchpoint lane with
    captions, severities, moments of truth and a card (text and caption) taller than a page, the emotion lane, and
    a notes lane with a long, wrapped name whose one card is a little taller than a page."""
    phases = [Phase(id=f"p{i}", name=f"Phase {i}") for i in range(1, 4)]
    lanes = [Lane(id="k", name="KPIs", kind="kpis"), Lane(id="t", name="Touchpoints", kind="touchpoints"),
             Lane(id="e", name="Emotions", kind="emotions"),
             Lane(id="n", name="Notes and open questions from the spring research interviews", kind="notes")]
    metrics = [Metric(id=f"m{i}", name=f"Metric {i}", unit="%", direction="lower" if i % 3 else "higher")
               for i in range(22)]
    values = [KpiValue(metric=f"m{i}", phase="p1", value=50 + i, target=60 if i % 4 else None) for i in range(22)]
    values += [KpiValue(metric=f"m{i}", phase="p2", value=70, target=60 + 2 * i) for i in range(4)]
    cards = [Card(id=f"k{i}", persona="ana", phase="p1", lane="k", text=words(20, i)) for i in range(3)]
    cards += [Card(id="k9", persona="ana", phase="p2", lane="k", text=words(12))]
    cards += [Card(id=f"t{i}", persona="ana", phase="p1", lane="t", text=words(30 + 7 * i, i), channel="Shop",
                   owner="Team " + words(3 + 4 * i, i), severity=1 + i % 5, moment_of_truth=i % 3 == 0)
              for i in range(6)]
    cards += [Card(id="long", persona="ana", phase="p2", lane="t", text=words(220), moment_of_truth=True,
                   severity=4, owner=words(200, 3))]
    cards += [Card(id=f"u{i}", persona="ana", phase="p3", lane="t", text=words(15, i), moment_of_truth=i == 1)
              for i in range(3)]
    cards += [Card(id="note", persona="ana", phase="p1", lane="n", text=words(note_words, 2))]
    emotions = [EmotionPoint(persona="ana", phase=f"p{i}", score=s) for i, s in ((1, 2), (2, -1), (3, 1))]
    return JourneyMap(id="flow", title="Flow", phases=phases, lanes=lanes,
                      personas=[Persona(id="ana", name="Ana", role="Buyer")], cards=cards, emotions=emotions,
                      kpis=Kpis(metrics=metrics, values=values))


def notes_map(note_words: int) -> JourneyMap:
    """One lane with a long name that wraps over four lines, and one card a little taller than a page."""
    phases = [Phase(id="p1", name="Phase 1"), Phase(id="p2", name="Phase 2")]
    return JourneyMap(id="notes", title="Notes", phases=phases,
                      lanes=[Lane(id="n", name="Notes and open questions from the spring research interviews")],
                      personas=[Persona(id="ana", name="Ana")],
                      cards=[Card(id="note", persona="ana", phase="p1", lane="n", text=words(note_words, 2))])


def kpi_map(metrics: int) -> JourneyMap:
    """A KPI lane alone, with one-line badges in its first phase: 36 fill two landscape pages to the end, 37 leave
    one badge for a third page (57 for a third portrait page)."""
    phases = [Phase(id="p1", name="Phase 1"), Phase(id="p2", name="Phase 2")]
    return JourneyMap(id="kpi", title="KPIs", phases=phases, lanes=[Lane(id="k", name="KPIs", kind="kpis")],
                      personas=[Persona(id="ana", name="Ana")],
                      kpis=Kpis(metrics=[Metric(id=f"m{i}", name=f"M{i}") for i in range(metrics)],
                                values=[KpiValue(metric=f"m{i}", phase="p1", value=i) for i in range(metrics)]))


def long_lane_name(first_words: int) -> JourneyMap:
    """A short lane, then a lane whose name wraps over eight lines and whose card is taller than a page."""
    name = ("Notes and open questions from the spring research interviews with buyers, sellers, support agents "
            "and the people who deliver the goods")
    return JourneyMap(id="long-name", title="Long name", phases=[Phase(id="p1", name="Phase 1")],
                      lanes=[Lane(id="a", name="A"), Lane(id="n", name=name)], personas=[Persona(id="ana", name="Ana")],
                      cards=[Card(id="a", persona="ana", phase="p1", lane="a", text=words(first_words, 1)),
                             Card(id="b", persona="ana", phase="p1", lane="n", text=words(400, 2))])


#: maps that split cards, badges and lanes differently (a map's name and how to build it)
MAPS = {"flow": flowing_map, "flow-short-note": lambda: flowing_map(60),
        "notes-landscape": lambda: notes_map(178), "notes-portrait": lambda: notes_map(190),
        "kpis-full-pages": lambda: kpi_map(36), "kpis-one-more": lambda: kpi_map(37),
        "kpis-one-more-portrait": lambda: kpi_map(57),
        "long-lane-name": lambda: long_lane_name(124)}  # its row would start 121 points above the page's end


def plans(journey_map: JourneyMap):
    """The plan in both orientations and both languages, with its planner."""
    for language in ("en", "de"):
        planner = PosterPlanner(journey_map, language)
        for landscape in (True, False):
            yield plan_handout(journey_map, ["ana"], paper_size("A4", landscape), planner,
                               landscape=landscape), planner


def ranges(plan):
    """The pages of each phase range, in order."""
    found = defaultdict(list)
    for page in plan.pages:
        found[(page.persona_id, page.first)].append(page)
    return found


def range_layout(journey_map: JourneyMap, plan, planner, page):
    """The range's own layout, before it was split over pages."""
    part = _range_map(journey_map, page.persona_id, page.first - 1, page.last)
    return persona_layout(part, page.persona_id, planner.wrapper, plan.style)


def page_bottom(plan, page) -> float:
    """Where the page's grid must end (layout points): above the footer."""
    return (plan.size[1] - 2 * MARGIN - header_height(plan.headers[page.persona_id]) - FOOTER_HEIGHT) / SCALE


def cell_items(layout, key):
    """A cell's badges and cards, top to bottom: (kind, id, rect)."""
    items = [("badge", badge.metric_id, badge.rect) for badge in layout.kpi_badges.get(key, ())]
    items += [("card", card_id, layout.cards[card_id].rect) for card_id in layout.cell_cards.get(key, ())]
    return items


@pytest.mark.parametrize("name", MAPS)
def test_every_line_caption_and_badge_of_a_range_is_printed_once_in_order(name: str):
    journey_map = MAPS[name]()
    split = 0
    for plan, planner in plans(journey_map):
        for pages in ranges(plan).values():
            whole = range_layout(journey_map, plan, planner, pages[0])
            lines, captions, parts = defaultdict(list), defaultdict(list), defaultdict(list)
            badges = defaultdict(list)
            for page in pages:
                for card_id, box in page.layout.cards.items():
                    lines[card_id] += box.lines
                    captions[card_id] += box.caption_lines
                    parts[card_id].append((page, box))
                for key, found in page.layout.kpi_badges.items():
                    badges[key] += [(b.metric_id, b.lines, b.status, b.rect.x, b.rect.w, b.rect.h) for b in found]
            assert set(lines) == set(whole.cards)
            for card_id, box in whole.cards.items():
                card = next(c for c in journey_map.cards if c.id == card_id)
                assert lines[card_id] == box.lines and captions[card_id] == box.caption_lines, card_id
                assert bool(captions[card_id]) == bool(card_caption(card, planner.words))
                for index, (page, part) in enumerate(parts[card_id]):
                    first, last = index == 0, index == len(parts[card_id]) - 1
                    # the notes the painter prints: "continued from the previous page", "... on the next page"
                    assert page.notes.get(card_id, (False, False)) == (not first, not last), card_id
                    assert part.severity == card.severity
                    assert part.moment_of_truth == (card.moment_of_truth and first)  # one star, on the first part
                    assert (part.rect.x, part.rect.w) == (box.rect.x, box.rect.w)
                    assert part.lines or part.caption_lines, "an empty card part"
                split += len(parts[card_id]) > 1
            expected = {key: [(b.metric_id, b.lines, b.status, b.rect.x, b.rect.w, b.rect.h) for b in found]
                        for key, found in whole.kpi_badges.items()}
            assert dict(badges) == expected
    assert split or not journey_map.cards  # the maps with cards do split some, or this test tests nothing


def part_height(style, box, head: bool, tail: bool) -> float:
    """What the painter draws in a card part: a note line above and below where it continues, the text lines,
    and the caption lines 4 points below the text, all within the card's padding."""
    note = style.line_height(style.caption_size) + 2
    height = 2 * style.card_padding + len(box.lines) * style.line_height(style.text_size)
    if box.caption_lines:
        height += (4 if box.lines else 0) + len(box.caption_lines) * style.line_height(style.caption_size)
    return height + note * (head + tail)


def test_every_card_part_is_as_tall_as_what_is_printed_in_it():
    journey_map = flowing_map()
    seen = set()
    for plan, _planner in plans(journey_map):
        for page in plan.pages:
            for card_id, box in page.layout.cards.items():
                head, tail = page.notes.get(card_id, (False, False))
                assert box.rect.h == pytest.approx(part_height(plan.style, box, head, tail)), (card_id, head, tail)
                seen.add((head, tail, bool(box.lines), bool(box.caption_lines)))
    # parts of every kind: whole cards, first, middle and last parts, parts of only text or only captions
    assert {(False, False), (False, True), (True, True), (True, False)} <= {(h, t) for h, t, _l, _c in seen}
    assert (True, False, False, True) in seen and (True, True, True, True) in seen


@pytest.mark.parametrize("name", MAPS)
def test_rows_stack_without_gaps_and_hold_their_cells_content_within_the_page(name: str):
    journey_map = MAPS[name]()
    for plan, _planner in plans(journey_map):
        style = plan.style
        for page in plan.pages:
            layout = page.layout
            y = layout.corner.bottom
            for header in layout.lane_headers:
                assert header.rect.y == pytest.approx(y)
                label = 2 * style.header_padding + len(header.lines) * style.line_height(style.header_size)
                assert header.rect.h >= label - EPS, header.lines  # the lane's label fits its row
                assert header.rect.h >= style.cell_min_height - EPS
                bottoms = []
                for phase in layout.phase_headers:
                    key = (phase.item_id, header.item_id)
                    cell = layout.cells[key]
                    assert (cell.y, cell.h) == (header.rect.y, header.rect.h)
                    assert cell_items(layout, key)[:1] == [] or cell_items(layout, key)[0][2].y >= \
                        cell.y + style.cell_padding - EPS
                    # as on the canvas: badges half a card gap apart, a whole one before a card and between cards
                    for (kind_a, _a, above), (kind_b, item_id, rect) in pairwise(cell_items(layout, key)):
                        gap = style.card_gap / 2 if kind_a == kind_b == "badge" else style.card_gap
                        assert rect.y == pytest.approx(above.bottom + gap), (item_id, page.first)
                    for _kind, item_id, rect in cell_items(layout, key):
                        assert rect.x >= cell.x + style.cell_padding - EPS and rect.right <= cell.right + EPS
                        assert rect.bottom <= cell.bottom - style.cell_padding + EPS, (item_id, page.first)
                        bottoms.append(rect.bottom)
                if header.item_id != layout.emotion_lane:
                    # as on the canvas: as tall as its label, the least row height, or its content and padding
                    content = max(bottoms) - header.rect.y + style.cell_padding if bottoms else 0.0
                    assert header.rect.h == pytest.approx(max(label, style.cell_min_height, content)), header.item_id
                y = header.rect.bottom
            assert layout.height == pytest.approx(y)
            assert y <= page_bottom(plan, page) + EPS, (page.first, page.continued)


@pytest.mark.parametrize("name", MAPS)
def test_a_lane_continued_from_the_page_before_says_so_in_its_label(name: str):
    journey_map = MAPS[name]()
    for plan, planner in plans(journey_map):
        continued = planner.words.gettext("(continued)")
        for pages in ranges(plan).values():
            whole = range_layout(journey_map, plan, planner, pages[0])
            labels = {header.item_id: header.lines for header in whole.lane_headers}
            shown: set[str] = set()
            for page in pages:
                for header in page.layout.lane_headers:
                    expected = [*labels[header.item_id], continued] if header.item_id in shown \
                        else labels[header.item_id]
                    assert header.lines == expected, (header.item_id, page.first, page.continued)
                    shown.add(header.item_id)


def test_a_continued_lane_s_last_part_is_tall_enough_for_its_label():
    """A notes card just taller than a page leaves a few lines for the next page, under a label of five lines."""
    checked = set()
    for journey_map in (notes_map(178), notes_map(190)):
        for plan, _planner in plans(journey_map):
            style = plan.style
            for page in plan.pages:
                for header in page.layout.lane_headers:
                    label = 2 * style.header_padding + len(header.lines) * style.line_height(style.header_size)
                    assert header.rect.h >= label - EPS
                    contents = [rect.bottom for phase in page.layout.phase_headers
                                for _k, _i, rect in cell_items(page.layout, (phase.item_id, header.item_id))]
                    if contents and max(contents) + style.cell_padding + style.card_gap < header.rect.y + label \
                            and label > style.cell_min_height:
                        checked.add(plan.landscape)
                        assert header.rect.h == pytest.approx(label)
    assert checked == {True, False}  # in both orientations a last part's label is taller than its content


def two_cards(before_words: int) -> JourneyMap:
    """One cell: a card of ``before_words`` words, then a card taller than a page, which splits below it."""
    return JourneyMap(id="two", title="Two", phases=[Phase(id="p1", name="Phase 1")],
                      lanes=[Lane(id="n", name="Notes")], personas=[Persona(id="ana", name="Ana")],
                      cards=[Card(id="a", persona="ana", phase="p1", lane="n", text=words(before_words, 1)),
                             Card(id="b", persona="ana", phase="p1", lane="n", text=words(250, 2))])


#: how long the first card is: the long card then gets one line on the first page, or one of them ends less than
#: a "continued" note above the page's end (landscape, then portrait)
BEFORE = [152, 172, 174, 236, 262, 282, 292]


def test_a_card_splits_only_when_it_does_not_fit_whole_and_a_lone_first_line_is_continued():
    seen = set()
    for before in BEFORE:
        journey_map = two_cards(before)
        for plan, _planner in plans(journey_map):
            style = plan.style
            note = style.line_height(style.caption_size) + 2
            parts = defaultdict(list)
            for page in plan.pages:
                for card_id, box in page.layout.cards.items():
                    parts[card_id].append((page, box))
            for card_id, found in parts.items():
                for index, (page, box) in enumerate(found):
                    head, tail = page.notes.get(card_id, (False, False))
                    assert head == (index > 0)
                    limit = page_bottom(plan, page) - style.cell_padding
                    if tail:  # the rest of the card, without the note that it continues, would not fit here
                        rest = [part for _page, part in found[index:]]
                        lines = sum(len(part.lines) for part in rest)
                        height = 2 * style.card_padding + lines * style.line_height(style.text_size) + note * head
                        assert box.rect.y + height > limit, (before, card_id, index)
                        seen.add(("one line", plan.landscape) if len(box.lines) == 1 and index == 0 else None)
                    elif box.rect.bottom + note > limit:
                        seen.add(("close to the end", plan.landscape))
    assert {("one line", True), ("one line", False), ("close to the end", True), ("close to the end", False)} <= seen


def first_piece(style, item, page) -> float:
    """The least of an item that a page could take: a whole badge, or one line of a card and its note."""
    kind, item_id, rect = item
    if kind == "badge":
        return rect.h
    head, _tail = page.notes.get(item_id, (False, False))
    box = page.layout.cards[item_id]
    size = style.text_size if box.lines else style.caption_size
    note = style.line_height(style.caption_size) + 2
    whole = rect.h
    one_line = 2 * style.card_padding + style.line_height(size) + note * (head + 1)
    return min(whole, one_line)


def test_a_cell_continues_on_the_next_page_only_when_its_next_badge_or_line_did_not_fit():
    journey_map = flowing_map()
    breaks = 0
    for plan, _planner in plans(journey_map):
        style = plan.style
        for pages in ranges(plan).values():
            for before, after in pairwise(pages):
                if not after.continued:
                    continue
                limit = page_bottom(plan, before) - style.cell_padding
                lanes_before = {h.item_id for h in before.layout.lane_headers}
                for header in after.layout.lane_headers[:1]:
                    if header.item_id not in lanes_before:
                        continue
                    for phase in after.layout.phase_headers:
                        key = (phase.item_id, header.item_id)
                        left = cell_items(before.layout, key)
                        moved = cell_items(after.layout, key)
                        if not moved:
                            continue
                        kind, item_id, _rect = moved[0]
                        if kind == "card" and after.notes.get(item_id, (False, False))[0]:
                            # split: the part before ends where one more line would not fit
                            part = before.layout.cards[item_id]
                            room = limit - part.rect.bottom
                            size = style.text_size if after.layout.cards[item_id].lines else style.caption_size
                            assert room < style.line_height(size) + 4 + EPS, (item_id, room)
                        else:
                            gap = style.card_gap / 2 if left and left[-1][0] == kind == "badge" else style.card_gap
                            y = (left[-1][2].bottom + gap) if left else \
                                before.layout.cells[key].y + style.cell_padding
                            assert y + first_piece(style, moved[0], after) > limit - EPS, (item_id, kind)
                        breaks += 1
    assert breaks >= 4


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_printed_pages_hold_every_line_of_a_split_card_once(landscape: bool, tmp_path):
    journey_map = flowing_map()
    out = tmp_path / "flow.pdf"
    export_pdf(journey_map, out, PdfOptions(handout=True, landscape=landscape, paper="A4"))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(out).pages))
    for card in journey_map.cards:
        for word in card.text.split():
            assert text.count(word) >= 1
    long = next(c for c in journey_map.cards if c.id == "long")
    assert text.count(long.text.split()[-1]) == 1 and text.count(long.owner.split()[-1]) == 1
