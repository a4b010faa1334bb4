"""The personas of the executive summary (``app.export.insight_pages``) as a reader sees them.

Under the "Personas" heading each printed persona gets its name in bold body text, wrapped to the column
in bold type, and below it, when it has one, its role in small muted text; the personas follow in the map's
order, a small gap apart. This holds in English and German, on portrait (one column) and landscape (two
columns) sheets.

The pages are laid out and drawn on a recording canvas (the KPI page tests' helper), in design points.
"""

from __future__ import annotations

import itertools

import pytest
from reportlab.lib.pagesizes import A3, A4, landscape, portrait

from app.export.fonts import ReportlabMetrics
from app.export.page_flow import BODY_PT, COLUMN_GAP, HEADING_PT, MARGIN, SMALL_PT, TWO_COLUMNS_FROM, page_scale
from app.i18n import catalogue
from app.layout import TextWrapper, palette
from app.model import JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Text, lay_out

EPS = 1e-6

#: (name, role): a short name with a role, a long name that wraps, one without a role, one with a long role
PERSONAS = [
    ("Ann Ahn", "First-time buyer"),
    ("Bartholomew Maximilian Fitzgerald-Worthington von Hohenzollern-Sigmaringen, the Third of Many, Keeper of "
     "the Accounts Payable Ledger and Chair of the Procurement Committee", ""),
    ("Cem Cakir", ""),
    ("Dora", "Long-standing customer who renews every year and calls the hotline whenever an invoice is late"),
]

SHEETS = {"A4 portrait": portrait(A4), "A4 landscape": landscape(A4), "A3 landscape": landscape(A3)}


def make_map(personas: list[tuple[str, str]]) -> JourneyMap:
    return JourneyMap(id="summary", title="Onboarding", lanes=[Lane(id="notes", name="Notes")],
                      phases=[Phase(id="ph0", name="Awareness")],
                      personas=[Persona(id=f"p{i}", name=name, role=role) for i, (name, role) in enumerate(personas)])


def persona_texts(journey_map: JourneyMap, language: str, size: tuple[float, float]) -> list[Text]:
    """The lines printed between the "Personas" heading and the next heading (the summary's first page)."""
    heading = catalogue(language).gettext("Personas")
    texts = lay_out(journey_map, language, size, page="summary")[0].texts
    start = next(i for i, t in enumerate(texts) if t.text == heading and t.size == HEADING_PT and t.bold)
    end = next(i for i in range(start + 1, len(texts)) if texts[i].size == HEADING_PT)
    return texts[start + 1:end]


def column_width(size: tuple[float, float]) -> float:
    content = size[0] / page_scale(size) - 2 * MARGIN
    columns = 2 if content >= TWO_COLUMNS_FROM else 1
    return (content - (columns - 1) * COLUMN_GAP) / columns


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("sheet", list(SHEETS))
def test_each_persona_is_its_name_in_bold_then_its_role_small_and_muted(language: str, sheet: str):
    size = SHEETS[sheet]
    texts = persona_texts(make_map(PERSONAS), language, size)
    wrapper = TextWrapper(ReportlabMetrics())
    width = column_width(size)
    at, previous = 0, None
    for name, role in PERSONAS:
        name_lines = wrapper.wrap(name, BODY_PT, width, bold=True)
        role_lines = wrapper.wrap(role, SMALL_PT, width) if role else []
        shown = texts[at:at + len(name_lines) + len(role_lines)]
        at += len(shown)
        if previous is not None:  # 3 points below the persona before, in the same column
            assert abs(shown[0].top - previous.bottom - 3) < EPS and abs(shown[0].x - previous.x) < EPS
        previous = shown[-1]
        assert [t.text for t in shown] == name_lines + role_lines
        for line in shown[:len(name_lines)]:
            assert (line.size, line.bold, line.color) == (BODY_PT, True, palette.TEXT.upper())
            assert wrapper.measure(line.text, BODY_PT, bold=True) <= width + EPS
        for line in shown[len(name_lines):]:
            assert (line.size, line.bold, line.color) == (SMALL_PT, False, palette.MUTED_TEXT.upper())
        # one block: every line right under the one before, at the column's left
        assert all(abs(b.top - a.bottom) < EPS and abs(b.x - a.x) < EPS for a, b in itertools.pairwise(shown))
    assert at == len(texts)
    long_name = wrapper.wrap(PERSONAS[1][0], BODY_PT, width, bold=True)
    assert len(long_name) > 1  # the long name wraps on every sheet


@pytest.mark.parametrize("sheet", list(SHEETS))
def test_a_long_name_wraps_where_bold_type_needs_it(sheet: str):
    """A name just too wide for the column in bold type (but not in regular type) takes two lines."""
    size = SHEETS[sheet]
    width = column_width(size)
    wrapper = TextWrapper(ReportlabMetrics())
    words = []
    while True:  # names of growing length until bold type needs a second line and regular type does not
        words.append(f"Name{len(words)}")
        name = " ".join(words)
        if len(wrapper.wrap(name, BODY_PT, width, bold=True)) > 1:
            break
    assert len(wrapper.wrap(name, BODY_PT, width)) == 1, "bold and regular type break alike: pick other words"
    texts = persona_texts(make_map([(name, "")]), "en", size)
    assert [t.text for t in texts] == wrapper.wrap(name, BODY_PT, width, bold=True)
    assert all(t.bold for t in texts)
