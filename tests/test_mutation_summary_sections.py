"""The executive summary's sections as a reader sees them (``app.export.insight_pages``), and the note under
the emotion chart on the summary and on the persona comparison.

- A section with nothing to show says so on the line under its heading, in the deliverable's words and in
  muted body type: "No pain points recorded", "No opportunities recorded". A section with entries does not.
- The health-check findings are counted in a table over the whole column: the check's name in 80 % of it,
  the count in the remaining 20 %.
- Under the emotion chart a small muted note (SMALL_PT + 0.5) explains the grey bands and names the widest
  gap, wrapped to the column at that size.

Pages are laid out and drawn on the recording canvas of the KPI page tests (design points, y down), on
portrait (one column) and landscape (two columns) sheets, in English and German.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from app.export.fonts import ReportlabMetrics
from app.export.page_flow import BODY_PT, COLUMN_GAP, HEADING_PT, MARGIN, SMALL_PT, TWO_COLUMNS_FROM, page_scale
from app.i18n import catalogue
from app.layout import TextWrapper, palette, score_label
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Page, Text, lay_out

EPS = 1e-6
SHEETS = {"A4 portrait": portrait(A4), "A4 landscape": landscape(A4), "A3 landscape": landscape(A3)}
MUTED = palette.MUTED_TEXT.upper()

#: the line under an empty section's heading, as the reader finds it
NONE_LINES = {
    "en": {"Top pain points": "No pain points recorded", "Top opportunities": "No opportunities recorded"},
    "de": {"Top pain points": "Keine Schmerzpunkte erfasst", "Top opportunities": "Keine Chancen erfasst"},
}
CHECK_HEADERS = {"en": ["Check", "Findings"], "de": ["Prüfung", "Befunde"]}
GREY_BANDS = {"en": "Grey bands: from the lowest", "de": "Graue Balken: vom schlechtesten"}


def make_map(pains: bool, opportunities: bool, emotions: bool = False, lanes_empty: int = 0) -> JourneyMap:
    """Two personas over three phases; a pain-point and an opportunity lane, each with cards or not;
    ``lanes_empty`` further lanes without cards (each one a health-check finding)."""
    phases = [Phase(id=f"ph{i}", name=name) for i, name in enumerate(["Awareness", "Purchase", "Use"])]
    personas = [Persona(id="ann", name="Ann Ahn"), Persona(id="ben", name="Ben Berg")]
    lanes = [Lane(id="pain", name="Pain points", kind="pain_points"),
             Lane(id="opp", name="Opportunities", kind="opportunities"),
             *[Lane(id=f"empty{i}", name=f"Notes {i}") for i in range(lanes_empty)]]
    cards = []
    for persona in personas:
        for phase in phases:
            if pains:
                cards.append(Card(id=f"pain-{persona.id}-{phase.id}", persona=persona.id, phase=phase.id,
                                  lane="pain", text=f"Waiting for {phase.name}", severity=3, votes=1))
            if opportunities:
                cards.append(Card(id=f"opp-{persona.id}-{phase.id}", persona=persona.id, phase=phase.id,
                                  lane="opp", text=f"Faster {phase.name}", value=4, effort=2))
    points = []
    if emotions:
        scores = {"ann": [2, 0, 1], "ben": [1, -1, -2]}  # widest apart in "Use"
        points = [EmotionPoint(persona=pid, phase=f"ph{i}", score=score)
                  for pid, row in scores.items() for i, score in enumerate(row)]
    return JourneyMap(id="summary", title="Onboarding", goal="Customers get started within a week",
                      lanes=lanes, phases=phases, personas=personas, cards=cards, emotions=points)


def column_width(size: tuple[float, float]) -> float:
    content = size[0] / page_scale(size) - 2 * MARGIN
    columns = 2 if content >= TWO_COLUMNS_FROM else 1
    return (content - (columns - 1) * COLUMN_GAP) / columns


def summary_texts(journey_map: JourneyMap, language: str, size: tuple[float, float]) -> list[Text]:
    return [text for page in lay_out(journey_map, language, size, page="summary") for text in page.free_texts()]


def after_heading(texts: list[Text], heading: str) -> Text:
    at = next(i for i, t in enumerate(texts) if t.text == heading and t.size == HEADING_PT and t.bold)
    return texts[at + 1]


# --- an empty section says so ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("sheet", list(SHEETS))
@pytest.mark.parametrize(("pains", "opportunities"), [(False, False), (True, False), (False, True), (True, True)])
def test_an_empty_section_says_so_under_its_heading_in_muted_body_type(language, sheet, pains, opportunities):
    words = catalogue(language)
    texts = summary_texts(make_map(pains, opportunities), language, SHEETS[sheet])
    printed = {t.text for t in texts}
    for heading, has_entries in (("Top pain points", pains), ("Top opportunities", opportunities)):
        none_line = NONE_LINES[language][heading]
        below = after_heading(texts, words.gettext(heading))
        if has_entries:
            assert none_line not in printed
            assert below.text.startswith(("Waiting for", "Faster"))  # the first entry's text
        else:
            assert below.text == none_line
            assert (below.size, below.bold, below.color) == (BODY_PT, False, MUTED)


# --- the findings table ------------------------------------------------------------------------------


def findings_tables(pages: list[Page], language: str) -> list[list]:
    return [table for page in pages for table in page.tables() if table[0][0].lines == [CHECK_HEADERS[language][0]]]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("sheet", list(SHEETS))
@pytest.mark.parametrize("lanes_empty", [1, 4])
def test_the_findings_table_gives_the_check_four_fifths_of_the_column_and_the_count_the_rest(
        language, sheet, lanes_empty):
    size = SHEETS[sheet]
    pages = lay_out(make_map(True, False, lanes_empty=lanes_empty), language, size, page="summary")
    [table] = findings_tables(pages, language)
    width = column_width(size)
    lefts = {MARGIN + k * (width + COLUMN_GAP) for k in range(2)}
    assert [box.lines for box in table[0]] == [[word] for word in CHECK_HEADERS[language]]
    assert len(table) >= 3  # the header, "Empty lane" and "Pain point without opportunity" at least
    for row in table:
        first, count = row
        assert any(abs(first.x - left) < EPS for left in lefts)  # at a column's left edge
        assert first.width == pytest.approx(0.8 * width) and count.width == pytest.approx(0.2 * width)
        assert count.x == pytest.approx(first.x + first.width)
        assert count.x + count.width == pytest.approx(first.x + width)  # the table ends at the column's edge
    counts = {" ".join(row[0].lines): row[1].lines for row in table[1:]}
    empty = catalogue(language).gettext("Empty lane")
    assert counts[empty] == [str(lanes_empty + 1)]  # the empty opportunity lane too


# --- the note under the emotion chart ----------------------------------------------------------------


def note_lines(texts: list[Text], language: str) -> list[Text]:
    start = next(i for i, t in enumerate(texts) if t.text.startswith(GREY_BANDS[language]))
    lines = [texts[start]]
    for text in texts[start + 1:]:
        if abs(text.top - lines[-1].bottom) > EPS or text.size != lines[-1].size:
            break
        lines.append(text)
    return lines


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("sheet", list(SHEETS))
@pytest.mark.parametrize("page", ["summary", "comparison"])
def test_the_note_under_the_emotion_chart_is_small_and_muted_and_wraps_at_its_size(language, sheet, page):
    size = SHEETS[sheet]
    words = catalogue(language)
    pages = lay_out(make_map(True, True, emotions=True), language, size, page=page)
    texts = [text for drawn in pages for text in drawn.free_texts()]
    lines = note_lines(texts, language)
    width = column_width(size) if page == "summary" else size[0] / page_scale(size) - 2 * MARGIN
    note = (words.gettext("Grey bands: from the lowest to the highest feeling of the personas in a phase.") + " "
            + words.gettext("Widest gap: {phase} ({low} to {high}).").format(
                phase="Use", low=score_label(-2), high=score_label(1)))
    wrapper = TextWrapper(ReportlabMetrics(), words)
    assert [line.text for line in lines] == wrapper.wrap(note, SMALL_PT + 0.5, width)
    for line in lines:
        assert (line.size, line.bold, line.color) == (SMALL_PT + 0.5, False, MUTED)
