"""The persona comparison page of the poster's insight pages (``app.export.insight_pages``) as a reader sees it.

The page shows the emotion chart (with its legend and a note) at the full size the page allows, then one card
lane side by side: a heading "{lane} side by side" kept with the table's header and first row, and a table
with a bold persona column and a column per phase; a row per persona in the map's order whose cells list the
lane's cards of that persona and phase, one "• text" line each in the map's order, or "–" when there are none.
The page is one column over the whole width (also on landscape paper); the persona column takes 16 % of it
(12 % from seven phases on) and the phases share the rest equally. A long table continues on the next page.

The pages are drawn on the recording canvas of ``tests.test_mutation_kpi_page`` (lines of text with place,
size and weight; table cells with their lines), in design points, y down from the page's top.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait

from app.export import page_flow
from app.export.insight_charts import MARKER_SIZE
from app.export.page_flow import FOOTER_HEIGHT, LINE_SPACING, MARGIN, page_scale
from app.i18n import catalogue
from app.insight.comparison import MARKERS
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_chart_markers import SCORES, curves_and_markers, emotion_map
from tests.test_mutation_kpi_page import Page, contents, lay_out, recorded_heading_keeps

PHASES = ["Awareness", "Purchase", "Use", "Support"]
PERSONAS = {"ann": "Ann Ahn", "ben": "Ben Berg", "cem": "Cem Cakir"}
#: the pain points lane's cards, (persona, phase index, text), in the map's order (not sorted by anything)
CARDS = [("ben", 2, "Manual in English only"), ("ann", 0, "Prices hidden"), ("ben", 0, "Ads everywhere"),
         ("ann", 0, "Slow site"), ("cem", 3, "Hotline queue"), ("ann", 2, "Setup fails")]


def comparison_pages(journey_map: JourneyMap, language: str = "en", size: tuple[float, float] = A4) -> list[Page]:
    return lay_out(journey_map, language, size=size, page="comparison")


def make_map(phases: list[str] = PHASES, personas: dict[str, str] = PERSONAS,
             cards: list[tuple[str, int, str]] = CARDS, emotions: bool = True,
             lanes: tuple[tuple[str, str, str], ...] = (("notes", "Notes", "notes"), ("emo", "Feelings", "emotions"),
                                                         ("pain", "Pain points", "pain_points"),
                                                         ("tp", "Touchpoints", "touchpoints"))) -> JourneyMap:
    """A map with a notes lane, an emotion lane, the pain points lane (the one compared) and a touchpoints lane
    whose cards must not show; each persona feels something in each phase unless ``emotions`` is false."""
    scores = [-2, -1, 0, 1, 2]
    return JourneyMap(
        id="compare", title="Onboarding",
        phases=[Phase(id=f"ph{i}", name=name) for i, name in enumerate(phases)],
        lanes=[Lane(id=lane_id, name=name, kind=kind) for lane_id, name, kind in lanes],
        personas=[Persona(id=pid, name=name) for pid, name in personas.items()],
        cards=[Card(id=f"c{k}", persona=pid, phase=f"ph{i}", lane="pain", text=text)
               for k, (pid, i, text) in enumerate(cards)]
        + [Card(id="t1", persona=next(iter(personas)), phase="ph0", lane="tp", text="Shop window")
           for lane_id, _name, _kind in lanes if lane_id == "tp"],
        emotions=[EmotionPoint(persona=pid, phase=f"ph{i}", score=scores[(k + i) % 5])
                  for k, pid in enumerate(personas) for i in range(len(phases))] if emotions else [])


EXPECTED_TABLE = [
    [["Persona"], ["Awareness"], ["Purchase"], ["Use"], ["Support"]],
    [["Ann Ahn"], ["• Prices hidden", "• Slow site"], ["–"], ["• Setup fails"], ["–"]],
    [["Ben Berg"], ["• Ads everywhere"], ["–"], ["• Manual in English only"], ["–"]],
    [["Cem Cakir"], ["–"], ["–"], ["–"], ["• Hotline queue"]],
]
WORDS = {"en": ("Persona comparison", "Emotions by phase", "Pain points side by side"),
         "de": ("Persona-Vergleich", "Emotionen je Phase", "Pain points im Vergleich"),
         "pseudo": ("⟦Persona comparison⟧", "⟦Emotions by phase⟧", "⟦Pain points side by side⟧")}


def headings(page: Page) -> list[str]:
    return [text.text for text in page.free_texts() if text.bold]


# --- what the page says --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "pseudo"])
def test_the_page_shows_the_chart_then_the_pain_points_of_each_persona_and_phase_side_by_side(language):
    """Title, the emotion chart's heading, then the compared lane's heading (its name in the deliverable's words)
    and the table: a row per persona in the map's order, each card of the lane a "• text" line in its cell in
    the map's order, "–" where a persona has none; other lanes' cards do not show."""
    (page,) = comparison_pages(make_map(), language)
    title, chart, lane = WORDS[language]
    assert headings(page) == [title, chart, lane]
    (table,) = page.tables()
    expected = [row[:] for row in EXPECTED_TABLE]
    if language == "pseudo":  # the header's fixed word went through the catalogue, the user's words did not
        expected[0] = [["⟦Persona⟧"], *expected[0][1:]]
    assert contents(table) == expected
    assert not any("Shop window" in text.text for text in page.texts)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_compared_lane_is_named_in_the_heading_whichever_it_is(language):
    """Without a pain points lane the first lane with cards is compared, and its name is in the heading."""
    journey_map = make_map(lanes=(("emo", "Feelings", "emotions"), ("pain", "Steps taken", "actions"),
                                  ("tp", "Touchpoints", "touchpoints")))
    (page,) = comparison_pages(journey_map, language)
    wanted = {"en": "Steps taken side by side", "de": "Steps taken im Vergleich"}[language]
    assert headings(page)[-1] == wanted
    assert contents(page.tables()[0])[1:] == EXPECTED_TABLE[1:]


def test_a_persona_with_several_cards_in_a_phase_gets_one_line_per_card_and_empty_places_a_dash():
    """Every place of the grid: as many "• " lines as cards there (none joined or split), else one "–"."""
    phases = ["One", "Two", "Three"]
    personas = {f"p{k}": f"Persona {k}" for k in range(4)}
    cards = [(f"p{k}", i, f"Card {k}.{i}.{n}") for k in range(4) for i in range(3) for n in range((k + i) % 4)]
    (page,) = comparison_pages(make_map(phases, personas, cards))
    (table,) = page.tables()
    for k, row in enumerate(table[1:]):
        assert row[0].lines == [f"Persona {k}"]
        for i, box in enumerate(row[1:]):
            count = (k + i) % 4
            assert box.lines == ([f"• Card {k}.{i}.{n}" for n in range(count)] if count else ["–"]), (k, i)


def test_the_header_and_the_persona_names_are_bold_and_the_cards_are_not():
    (page,) = comparison_pages(make_map())
    (table,) = page.tables()
    for index, row in enumerate(table):
        for column, box in enumerate(row):
            texts = [text for text in page.texts if text.text in box.lines and box.x <= text.x <= box.x + box.width
                     and box.y <= text.top <= box.y + box.height]
            assert texts, (index, column)
            assert all(text.bold == (index == 0 or column == 0) for text in texts), (index, column, box.lines)


def test_without_a_lane_of_cards_the_page_has_the_chart_only():
    journey_map = make_map(lanes=(("emo", "Feelings", "emotions"),), cards=[])
    (page,) = comparison_pages(journey_map)
    assert headings(page) == ["Persona comparison", "Emotions by phase"] and page.tables() == []


# --- how it is laid out --------------------------------------------------------------------------------


SIZES = [portrait(A4), landscape(A4), portrait(A3), portrait(LETTER)]


@pytest.mark.parametrize("size", SIZES, ids=["A4", "A4-landscape", "A3", "Letter"])
@pytest.mark.parametrize("count", [1, 2, 5, 6, 7, 9])
def test_the_table_spans_the_page_with_a_persona_column_and_equal_phase_columns(count, size):
    """One column over the page's whole width, even on landscape paper: the persona column takes 16 % of it
    up to six phases and 12 % from seven on, the phases share the rest equally, side by side from the margin."""
    names = [f"Phase {i}" for i in range(count)]
    cards = [("ann", i, f"Pain {i}") for i in range(count)]
    (page,) = comparison_pages(make_map(names, cards=cards), size=size)
    (table,) = page.tables()
    width = size[0] / page_scale(size) - 2 * MARGIN
    share = 0.16 if count <= 6 else 0.12
    assert len(table) == 1 + len(PERSONAS)
    for row in table:
        assert [box.width for box in row] == pytest.approx([width * share] + [width * (1 - share) / count] * count)
        assert row[0].x == pytest.approx(MARGIN)
        assert [box.x for box in row[1:]] == pytest.approx([box.x + box.width for box in row[:-1]])
    assert contents(table)[0] == [["Persona"]] + [[name] for name in names]


@pytest.mark.parametrize("size", SIZES, ids=["A4", "A4-landscape", "A3", "Letter"])
def test_the_emotion_chart_is_as_large_as_the_page_allows(size):
    """The comparison's chart is 0.42 of the page's width tall, up to 320 points (the summary's stops at 220):
    its legend starts that far (and the 3 and 4 points of gap) below the chart's heading."""
    (page,) = comparison_pages(make_map(), size=size)
    texts = page.texts
    heading = next(i for i, text in enumerate(texts) if text.text == "Emotions by phase")
    legend = next(text for text in texts[heading:] if text.text == "Ann Ahn")
    width = size[0] / page_scale(size) - 2 * MARGIN
    height = min(width * 0.42, 320.0)
    assert legend.top - texts[heading].bottom == pytest.approx(3 + height + 4, abs=1.5)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_long_comparison_continues_on_the_next_page_with_its_header_and_every_persona_once_in_order(language):
    personas = {f"p{k:02d}": f"Persona {k:02d}" for k in range(45)}
    cards = [(pid, k % 4, f"Card of {name}") for k, (pid, name) in enumerate(personas.items())]
    pages = comparison_pages(make_map(personas=personas, cards=cards), language)
    assert len(pages) >= 2
    title, _chart, lane = WORDS[language]
    continued = catalogue(language).gettext("{page} (continued)").format(page=title)
    assert [page.free_texts()[0].text for page in pages] == [title] + [continued] * (len(pages) - 1)
    rows = []
    for page in pages:
        for table in page.tables():
            assert contents(table)[0] == [["Persona"]] + [[name] for name in PHASES]
            rows += [(row[0].lines, [box.lines for box in row[1:]]) for row in table[1:]]
    assert rows == [([name], [[f"• Card of {name}"] if i == k % 4 else ["–"] for i in range(4)])
                    for k, name in enumerate(personas.values())]
    assert sum(headings(page).count(lane) for page in pages) == 1


# --- a heading kept with its table ---------------------------------------------------------------------


def tall_first_row_map() -> JourneyMap:
    """No emotion points (the heading's place does not move with the paper) and a first row of five lines."""
    cards = [("ann", 1, f"Problem {n}") for n in range(5)] + [("ben", 0, "Other")]
    return make_map(PHASES[:3], cards=cards, emotions=False)


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_lanes_heading_keeps_exactly_the_tables_header_and_first_row(monkeypatch, language):
    """What the lane's heading asks to keep below it is the table's header and first row as drawn."""
    kept = recorded_heading_keeps(monkeypatch)
    (page,) = comparison_pages(tall_first_row_map(), language, size=(A4[0], 3000.0))
    (table,) = page.tables()
    assert kept[WORDS[language][2]] == pytest.approx(table[0][0].height + table[1][0].height)
    assert table[1][0].height > 3 * page_flow.BODY_PT * LINE_SPACING  # more than a default heading keeps


def test_the_lanes_heading_is_never_left_at_a_page_foot_without_the_tables_start():
    """On every paper height whose column holds the heading with the table's header and first row, the lane's
    heading is on the page where they are (a default keep of three lines left it alone at 208 to 241 points)."""
    journey_map = tall_first_row_map()
    moved = 0
    for height in range(208, 320):  # from where a column holds the heading and the start
        pages = comparison_pages(journey_map, size=(A4[0], float(height)))
        (where,) = [(index, text) for index, page in enumerate(pages) for text in page.free_texts()
                    if text.text == "Pain points side by side"]
        index, text = where
        below = [table for table in pages[index].tables() if table[0][0].y > text.top and len(table) >= 2]
        assert below and below[0][1][0].lines == ["Ann Ahn"], height
        assert below[0][1][-1].y + below[0][1][-1].height <= height - MARGIN - FOOTER_HEIGHT + 1e-6
        moved += index > 0
    assert 0 < moved < 112  # some heights moved the heading to the next page, and some did not


# --- the chart's markers -------------------------------------------------------------------------------


@pytest.mark.parametrize("personas", [6, 7])
def test_no_marker_is_drawn_smaller_than_the_square_across_or_up_and_down(personas):
    """The shapes tell the curves apart, so none may look smaller than another: every marker spans at least
    the square's 1.8 times the marker size both across and up and down (and at most 2.7 times)."""
    seen = set()
    for curve, _line, markers in curves_and_markers(emotion_map(personas, SCORES)):
        for shape in markers:
            if shape.call == "circle":
                spans = [2 * shape.radius] * 2
            else:
                xs, ys = [c[0] for c in shape.corners], [c[1] for c in shape.corners]
                spans = [max(xs) - min(xs), max(ys) - min(ys)]
            for span in spans:
                assert 1.8 * MARKER_SIZE - 1e-6 <= span <= 2.7 * MARKER_SIZE, (curve.style.marker, span)
        seen.add(curve.style.marker)
    assert seen == set(MARKERS)
