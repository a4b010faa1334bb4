"""How a handout page draws its cards and its curve (``app.export.handout._Painter``) as a reader sees it.

A card is drawn as on the poster: filled with its own colour or its lane kind's, edged in its lane kind's colour
(0.8 pt, corners rounded by 4). A card part that continues from or onto another page has a dashed edge (3 on,
2 off) and says so in muted caption text: "continued from the previous page" at its top, "continued on the next
page" at its bottom, both in the deliverable's words; its lines and captions lie between, exactly inside the
card's padding. A page's card text reads card by card (each card's note, lines, captions and note together, in
the cards' order): it is what a reader copies from the PDF or hears from a screen reader. The emotion curve
leaves a range with dashed stubs (4 on, 3 off) in the curve's own colour and width towards the neighbouring
pages' scores. A continuation page's range line says "(continued)" in the deliverable's words.

Pages are planned as ``export_handout`` plans them and drawn by ``draw_handout_page`` on a recording canvas, so
coordinates are layout points, y down, as in the page's layout.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.export.handout import _Painter, curve_stubs, draw_handout_page, plan_handout, range_text
from app.export.pdf import PosterPlanner, _Poster, paper_size
from app.i18n import catalogue
from app.layout import palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import RecordingText, hex_of

EPS = 1e-6
WORDS = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
CONTINUED_FROM = "continued from the previous page"
CONTINUED_ON = "continued on the next page"
CURVE = "#3C3C3C"
CARD_KINDS = ["touchpoints", "actions", "goals", "thoughts", "pain_points", "opportunities", "owners", "kpis",
              "notes"]


def words(count: int, seed: int = 0) -> str:
    return " ".join(WORDS[(i + seed) % len(WORDS)] + str(i) for i in range(count))


# --- recording the drawing ---------------------------------------------------------------------------


@dataclass
class Rounded:
    """A rounded box as drawn: where, its fill and edge colours, edge width, dash, radius, and what it paints."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    edge: str
    width: float
    dash: tuple | None
    radius: float
    stroke: int
    filled: int


@dataclass
class Line:
    x: float
    top: float
    size: float
    color: str
    text: str


def dash_of(array, phase) -> tuple | None:
    """The dash pattern as the PDF draws it (on, off, ...); None for a solid line (no gap anywhere)."""
    pattern = (array, phase) if isinstance(array, (int, float)) else tuple(array)  # reportlab's two notations
    return pattern if any(pattern[1::2]) else None


class DrawingCanvas(Canvas):
    """A real canvas (into memory) that notes rounded boxes, straight lines, stroked paths and text, in order."""

    def __init__(self, line_spacing: float) -> None:
        super().__init__(io.BytesIO())
        self.spacing = line_spacing
        self.rounded: list[Rounded] = []
        self.lines: list[tuple[float, float, float, float, str, float, tuple | None]] = []
        self.paths: list[tuple[str, float]] = []  # stroked paths: edge colour, width
        self.texts: list[Line] = []  # in the order they go into the page's content
        self._fill, self._edge, self._width, self._dash = "", "", 1.0, None

    def setFillColor(self, aColor, alpha=None):  # noqa: N803
        self._fill = hex_of(aColor)
        return super().setFillColor(aColor, alpha)

    def setStrokeColor(self, aColor, alpha=None):  # noqa: N803
        self._edge = hex_of(aColor)
        return super().setStrokeColor(aColor, alpha)

    def setLineWidth(self, width):
        self._width = width
        return super().setLineWidth(width)

    def setDash(self, array=[], phase=0):  # noqa: B006 (reportlab's signature)
        self._dash = dash_of(array, phase)
        return super().setDash(array, phase)

    def roundRect(self, x, y, width, height, radius, stroke=1, fill=0):
        self.rounded.append(Rounded(x, y, width, height, self._fill, self._edge, self._width, self._dash, radius,
                                    stroke, fill))
        return super().roundRect(x, y, width, height, radius, stroke, fill)

    def line(self, x1, y1, x2, y2):
        self.lines.append((x1, y1, x2, y2, self._edge, self._width, self._dash))
        return super().line(x1, y1, x2, y2)

    def drawPath(self, aPath, stroke=1, fill=0, fillMode=None):  # noqa: N803
        if stroke:
            self.paths.append((self._edge, self._width))
        return super().drawPath(aPath, stroke, fill, fillMode)

    def beginText(self, x=0, y=0, direction=None):
        return RecordingText(self, x, y, direction)

    def drawText(self, aTextObject):  # noqa: N803
        for x, baseline, _font, size, color, text in aTextObject.written:
            # as _Poster.text puts the first baseline below a block's top
            top = baseline - (size * self.spacing - size * 1.164) / 2 - size * 0.928
            self.texts.append(Line(x, top, size, color, text))
        return super().drawText(aTextObject)


def draw(journey_map: JourneyMap, language: str = "en", landscape: bool = True):
    """Every handout page of the map's first persona on A4, drawn as ``export_handout`` draws it."""
    planner = PosterPlanner(journey_map, language)
    persona = journey_map.personas[0].id
    plan = plan_handout(journey_map, [persona], paper_size("A4", landscape), planner, "A4", landscape)
    painter = _Painter(journey_map, plan.style, planner.wrapper, planner.words, {})
    drawn = []
    for page in plan.pages:
        canvas = DrawingCanvas(plan.style.line_spacing)
        draw_handout_page(canvas, painter, plan, page, "footer")
        drawn.append((page, canvas))
    return plan, planner.words, drawn


def inside(line: Line, box) -> bool:
    return box.x - EPS <= line.x <= box.right + EPS and box.y - EPS <= line.top <= box.bottom + EPS


def card_box_of(canvas: DrawingCanvas, rect) -> Rounded:
    found = [r for r in canvas.rounded if abs(r.x - rect.x) < EPS and abs(r.y - rect.y) < EPS]
    assert len(found) == 1, rect
    return found[0]


# --- the maps ----------------------------------------------------------------------------------------


def split_map() -> JourneyMap:
    """Two phases: a pain point long enough for four pages (with a caption) and a short one in the first,
    a long thought beside it, and a short card with a caption below, in another lane."""
    phases = [Phase(id="p1", name="Look"), Phase(id="p2", name="Buy")]
    lanes = [Lane(id="pain", name="Pains", kind="pain_points"), Lane(id="th", name="Thoughts", kind="thoughts")]
    cards = [Card(id="short", persona="ana", phase="p1", lane="pain", text=words(6, 1), severity=2),
             Card(id="long", persona="ana", phase="p1", lane="pain", text=words(900), severity=4, votes=3),
             Card(id="beside", persona="ana", phase="p2", lane="pain", text=words(500, 3)),
             Card(id="below", persona="ana", phase="p2", lane="th", text=words(12, 5), votes=1)]
    return JourneyMap(id="split", title="Split", phases=phases, lanes=lanes,
                      personas=[Persona(id="ana", name="Ana")], cards=cards)


def kinds_map() -> JourneyMap:
    """A lane of every kind a card may be in, a card in each, and a card with its own colour."""
    lanes = [Lane(id=kind, name=kind.title(), kind=kind) for kind in CARD_KINDS]
    cards = [Card(id=f"c-{kind}", persona="ana", phase="p1", lane=kind, text=f"A {kind} card") for kind in CARD_KINDS]
    cards += [Card(id=f"own-{kind}", persona="ana", phase="p2", lane=kind, text="Own colour", color="#FFAA00")
              for kind in ("touchpoints", "pain_points", "notes")]
    return JourneyMap(id="kinds", title="Kinds", phases=[Phase(id="p1", name="One"), Phase(id="p2", name="Two")],
                      lanes=lanes, personas=[Persona(id="ana", name="Ana")], cards=cards)


def curve_map(scores: list[int | None]) -> JourneyMap:
    phases = [Phase(id=f"p{i}", name=f"Phase {i}") for i in range(len(scores))]
    lanes = [Lane(id="e", name="Feelings", kind="emotions"), Lane(id="n", name="Notes")]
    points = [EmotionPoint(persona="ana", phase=f"p{i}", score=s) for i, s in enumerate(scores) if s is not None]
    return JourneyMap(id="curve", title="Curve", phases=phases, lanes=lanes,
                      personas=[Persona(id="ana", name="Ana")], emotions=points)


# --- cards -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_every_card_is_filled_in_its_own_or_its_lane_kind_s_colour_and_edged_in_its_lane_kind_s(landscape):
    journey_map = kinds_map()
    plan, words_, drawn = draw(journey_map, landscape=landscape)
    wrapper = PosterPlanner(journey_map).wrapper
    cards = {card.id: card for card in journey_map.cards}
    seen = set()
    for page, canvas in drawn:
        poster = DrawingCanvas(1.0)  # the poster's painter draws the same cards the same way
        _Poster(journey_map, plan.style, wrapper, words_).draw_cards(poster, page.layout)
        for card_id, box in page.layout.cards.items():
            card = cards[card_id]
            fill, edge = palette.CARD_COLORS[card.lane]
            drawn_box = card_box_of(canvas, box.rect)
            assert (drawn_box.w, drawn_box.h) == pytest.approx((box.rect.w, box.rect.h))
            assert drawn_box.fill == (card.color or fill).upper() and drawn_box.edge == edge, card_id
            assert (drawn_box.width, drawn_box.radius, drawn_box.dash) == (0.8, 4, None), card_id
            assert drawn_box.stroke and drawn_box.filled, card_id  # filled and edged
            assert drawn_box == card_box_of(poster, box.rect), card_id
            seen.add(card_id)
    assert seen == {card.id for card in journey_map.cards}
    # (the kinds' edges all differ, so a card drawn in another kind's colours shows above)
    assert len({palette.CARD_COLORS[kind][1] for kind in CARD_KINDS if kind != "notes"}) == len(CARD_KINDS) - 1


def note_texts(language: str) -> tuple[str, str]:
    words = catalogue(language)
    return words.gettext(CONTINUED_FROM), words.gettext(CONTINUED_ON)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_card_continued_over_pages_is_dashed_and_says_so_at_its_top_and_bottom_in_the_deliverable_s_words(
        language):
    before, after = note_texts(language)
    if language == "de":
        assert (before, after) != note_texts("en")  # the German words, not the English ones
    journey_map = split_map()
    kinds = {lane.id: lane.kind for lane in journey_map.lanes}
    lanes = {card.id: card.lane for card in journey_map.cards}
    plan, _words, drawn = draw(journey_map, language)
    style = plan.style
    pad = style.card_padding
    caption_lh, text_lh = style.line_height(style.caption_size), style.line_height(style.text_size)
    kinds_seen = set()
    for page, canvas in drawn:
        for card_id, box in page.layout.cards.items():
            head, tail = page.notes.get(card_id, (False, False))
            kinds_seen.add((head, tail))
            rect = box.rect
            drawn_box = card_box_of(canvas, rect)
            assert drawn_box.dash == ((3, 2) if head or tail else None), (card_id, head, tail)
            assert (drawn_box.width, drawn_box.radius) == (0.8, 4) and drawn_box.stroke and drawn_box.filled
            assert drawn_box.edge == palette.CARD_COLORS[kinds[lanes[card_id]]][1]
            texts = [t for t in canvas.texts if inside(t, rect)]
            expected, y = [], rect.y + pad
            if head:
                expected.append((rect.x + pad, y, style.caption_size, palette.MUTED_TEXT, before))
                y += caption_lh + 2
            for line in box.lines:
                expected.append((rect.x + pad, y, style.text_size, palette.TEXT, line))
                y += text_lh
            if box.caption_lines:
                y += 4 if box.lines else 0
                for line in box.caption_lines:
                    expected.append((rect.x + pad, y, style.caption_size, palette.MUTED_TEXT, line))
                    y += caption_lh
            if tail:
                y += 2
                expected.append((rect.x + pad, y, style.caption_size, palette.MUTED_TEXT, after))
                y += caption_lh
            assert y == pytest.approx(rect.bottom - pad), card_id  # all of it inside the card's padding, to the end
            got = [(t.x, t.top, t.size, t.color, t.text) for t in texts]
            assert [g[4] for g in got] == [e[4] for e in expected], (card_id, head, tail)
            for g, e in zip(got, expected, strict=True):
                assert g[:2] == pytest.approx(e[:2]) and g[2:4] == (e[2], e[3].upper()), (card_id, g, e)
    assert kinds_seen == {(False, False), (False, True), (True, True), (True, False)}


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_page_s_card_text_reads_card_by_card_in_the_cards_order(language):
    """Notes, lines and captions go into the page in the order a reader takes them: card after card."""
    before, after = note_texts(language)
    _plan, _words, drawn = draw(split_map(), language)
    several = 0
    for page, canvas in drawn:
        expected = []
        for card_id, box in page.layout.cards.items():
            head, tail = page.notes.get(card_id, (False, False))
            expected += [before] * head + box.lines + box.caption_lines + [after] * tail
        cards = list(page.layout.cards.values())
        in_cards = [t.text for t in canvas.texts if any(inside(t, box.rect) for box in cards)]
        assert in_cards == expected
        several += len(cards) > 1 and any(page.notes.values())
    assert several  # a page where a continued card follows another card


# --- the curve's stubs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("scores", [[-2, 1, 2, -1, 0, 2, -2, 1, 1, -1, 2, 0], [2, None, -2, 1, None, 0, 1, -2, 2]],
                         ids=["every-phase", "gaps"])
def test_the_curve_leaves_each_range_with_dashed_stubs_in_its_own_colour_and_width(scores, landscape):
    journey_map = curve_map(scores)
    _plan, _words, drawn = draw(journey_map, landscape=landscape)
    assert len(drawn) >= 3
    stubbed = 0
    for page, canvas in drawn:
        stubs = curve_stubs(page.layout, page.neighbours)
        drawn_stubs = [line for line in canvas.lines if line[4] == CURVE]
        assert [pytest.approx(line[:4]) for line in drawn_stubs] == [(*a, *b) for a, b in stubs]
        curve_widths = {width for colour, width in canvas.paths if colour == CURVE}
        for *_at, _colour, width, dash in drawn_stubs:
            assert dash == (4, 3)
            assert curve_widths == {width} == {2.2}  # the curve goes on, dashed: as wide as the curve
        stubbed += len(stubs)
    assert stubbed >= 4


# --- the range line ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_continuation_page_s_range_line_says_continued_in_the_deliverable_s_words(language):
    words_ = catalogue(language)
    plan, _words, drawn = draw(split_map(), language)
    continued = [page for page in plan.pages if page.continued]
    assert continued and not plan.pages[0].continued
    for page, canvas in drawn:
        if page.first == page.last:
            whole = words_.gettext("Phase {number} of {count}").format(number=page.first, count=page.count)
        else:
            whole = words_.gettext("Phases {first}–{last} of {count}").format(first=page.first, last=page.last,
                                                                             count=page.count)
        expected = words_.gettext("{page} (continued)").format(page=whole) if page.continued else whole
        assert range_text(page, words_) == expected
        assert expected in [t.text for t in canvas.texts]  # printed under the persona's name
        if page.continued:
            assert expected.startswith(whole) and expected != whole
