"""What the executive summary page (``app.export.insight_pages``) says, line by line, as a reader finds it.

- The pain points are ordered by severity × votes (an unvoted card counts one vote, no severity counts 0),
  then severity, then votes, then the map's order; the summary lists the first five, numbered 1–5 in bold
  beside the card's text, with a muted line of facts: persona · phase · "severity n/5" (only when rated) ·
  "n vote(s)".
- The opportunities are listed by rank, numbered with their rank; their facts never name the owner.
- A map without a goal says "No goal recorded"; without emotion points "No emotion points recorded".
- The health-check findings: a line "n finding(s) to look at before handing the map over", a table of the
  checks by name, the first five findings quoted as "• message" in SMALL_PT + 0.5 at the column's left, two
  points apart, and when there are more, a muted line "… and n more: journeymap check lists them all".
- An entry's text and facts are indented past the widest number ("00." in bold body type) plus 4 points;
  entries stand 5 points apart. The emotion section starts 4 points lower than the personas' usual gap.
- The matrix page is printed only when some opportunity has both a value and an effort.

Pages are laid out and drawn on the recording canvas of the KPI page tests (design points, y down).
"""

from __future__ import annotations

import itertools

import pytest
from reportlab.lib.pagesizes import A4, portrait

from app.export.fonts import ReportlabMetrics
from app.export.insight_pages import InsightOptions, chosen_pages, pain_points
from app.export.page_flow import BODY_PT, MARGIN, SMALL_PT
from app.i18n import catalogue
from app.insight import health
from app.layout import TextWrapper, palette
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Text, lay_out

EPS = 1e-6
MUTED = palette.MUTED_TEXT.upper()
PHASES = ["Awareness", "Purchase", "Use"]


def make_map(pains: list[tuple[int | None, int]], opportunities: int = 0, goal: str = "",
             empty_lanes: int = 0) -> JourneyMap:
    """Ann and Ben over three phases; a pain card per (severity, votes), named "Pain k" in the map's order,
    all Ann's in Awareness; ``opportunities`` rated opportunity cards with an owner; empty lanes (findings)."""
    phases = [Phase(id=f"ph{i}", name=name) for i, name in enumerate(PHASES)]
    personas = [Persona(id="ann", name="Ann Ahn", role="Buyer"), Persona(id="ben", name="Ben Berg")]
    lanes = [Lane(id="pain", name="Pain points", kind="pain_points"),
             Lane(id="opp", name="Opportunities", kind="opportunities"),
             *[Lane(id=f"empty{i}", name=f"Notes {i}") for i in range(empty_lanes)]]
    cards = [Card(id=f"p{k}", persona="ann", phase="ph0", lane="pain", text=f"Pain {k}", severity=severity,
                  votes=votes) for k, (severity, votes) in enumerate(pains)]
    cards += [Card(id=f"o{k}", persona="ben", phase="ph1", lane="opp", text=f"Chance {k}", value=5 - k % 4,
                   effort=1 + k % 4, votes=k, owner="Zoe Zorn") for k in range(opportunities)]
    return JourneyMap(id="s14", title="Onboarding", goal=goal, lanes=lanes, phases=phases, personas=personas,
                      cards=cards)


def summary_texts(journey_map: JourneyMap) -> list[Text]:
    return [text for page in lay_out(journey_map, "en", portrait(A4), page="summary") for text in page.texts]


def after(texts: list[Text], heading: str, until: str) -> list[Text]:
    """The lines printed between two headings, in drawing order."""
    names = [t.text for t in texts]
    return texts[names.index(heading) + 1:names.index(until)]


def indent() -> float:
    return TextWrapper(ReportlabMetrics(), catalogue("en")).measure("00.", BODY_PT, True) + 4


# --- the order of the pain points -----------------------------------------------------------------


@pytest.mark.parametrize(("pains", "order"), [
    ([(1, 1), (None, 5)], [0, 1]),          # no severity counts 0, however many votes
    ([(3, 0), (2, 2)], [1, 0]),             # no votes count one: 3 × 1 < 2 × 2
    ([(1, 2), (2, 1)], [1, 0]),             # equal product: the higher severity first
    ([(2, 0), (2, 1)], [1, 0]),             # equal product and severity: more votes first
    ([(2, 1), (2, 0)], [0, 1]),
    ([(None, 0), (None, 3), (4, 1), (1, 1)], [2, 3, 1, 0]),
    ([(2, 1), (2, 1), (2, 1)], [0, 1, 2]),  # all equal: the map's order
])
def test_pain_points_are_ordered_by_severity_times_votes_then_severity_votes_and_map_order(pains, order):
    journey_map = make_map(pains)
    assert [card.id for card in pain_points(journey_map)] == [f"p{k}" for k in order]


def test_the_summary_lists_the_first_five_pain_points_numbered_with_their_facts():
    pains = [(None, 7), (1, 1), (5, 2), (2, 0), (3, 1), (4, 1), (2, 3)]
    texts = summary_texts(make_map(pains))
    section = after(texts, "Top pain points", "Top opportunities")
    numbers = [t for t in section if t.bold]
    entries = [t for t in section if not t.bold]
    assert [t.text for t in numbers] == ["1.", "2.", "3.", "4.", "5."]
    assert all(t.size == BODY_PT and abs(t.x - MARGIN) < EPS for t in numbers)
    assert [t.text for t in entries] == [
        "Pain 2", "Ann Ahn · Awareness · severity 5/5 · 2 votes",
        "Pain 6", "Ann Ahn · Awareness · severity 2/5 · 3 votes",
        "Pain 5", "Ann Ahn · Awareness · severity 4/5 · 1 vote",
        "Pain 4", "Ann Ahn · Awareness · severity 3/5 · 1 vote",
        "Pain 3", "Ann Ahn · Awareness · severity 2/5 · 0 votes",
    ]
    for number, text, facts in zip(numbers, entries[::2], entries[1::2], strict=True):
        assert abs(text.top - number.top) < EPS
        assert abs(text.x - (MARGIN + indent())) < EPS and abs(facts.x - text.x) < EPS
        assert (text.size, text.color, facts.size, facts.color) == (BODY_PT, palette.TEXT.upper(), SMALL_PT, MUTED)
    # entries stand 5 points apart (and the section's heading follows 5 below the last)
    following = [*numbers[1:], next(t for t in texts if t.text == "Top opportunities")]
    for facts, nxt in zip(entries[1::2], following, strict=True):
        assert abs(nxt.top - facts.bottom - 5) < EPS


def test_an_unrated_pain_point_has_no_severity_among_its_facts():
    section = after(summary_texts(make_map([(None, 1)])), "Top pain points", "Top opportunities")
    assert [t.text for t in section] == ["Pain 0", "Ann Ahn · Awareness · 1 vote", "1."]


def test_opportunities_are_numbered_by_rank_and_their_facts_leave_the_owner_out():
    texts = summary_texts(make_map([(2, 1)], opportunities=3))
    section = after(texts, "Top opportunities", "KPIs against target")
    numbers = [t.text for t in section if t.bold]
    assert numbers == ["1.", "2.", "3."]
    facts = [t.text for t in section if t.color == MUTED]
    assert len(facts) == 3 and not any("owner" in f or "Zoe" in f for f in facts)


# --- the goal, the personas and the emotions ------------------------------------------------------


def test_a_map_without_goal_or_emotions_says_so_under_the_headings():
    texts = summary_texts(make_map([(2, 1)]))
    names = [t.text for t in texts]
    goal = names.index("Goal of the journey")
    assert texts[goal].bold and names[goal + 1] == "No goal recorded" and texts[goal + 1].color == MUTED
    emotions = names.index("Emotions by phase")
    assert names[emotions + 1] == "No emotion points recorded" and texts[emotions + 1].color == MUTED
    # the emotion section starts 4 points below the last persona's 3-point gap
    last_persona = texts[names.index("Ben Berg")]
    assert abs(texts[emotions].top - (last_persona.bottom + 3 + 4)) < EPS


def test_a_goal_is_printed_under_its_heading():
    names = [t.text for t in summary_texts(make_map([], goal="Started in a week"))]
    assert names[names.index("Goal of the journey") + 1] == "Started in a week"
    assert "No goal recorded" not in names


# --- the health-check findings --------------------------------------------------------------------


@pytest.mark.parametrize("empty_lanes", [0, 2, 3, 6])
def test_the_findings_are_counted_named_and_the_first_five_quoted(empty_lanes):
    journey_map = make_map([(2, 1)], empty_lanes=empty_lanes)
    found = health.check_map(journey_map)
    titles = {rule.id: rule.title for rule in health.RULES}
    texts = summary_texts(journey_map)  # one column wide enough for each finding on one line
    names = [t.text for t in texts]
    start = names.index("Open health-check findings")
    count = len(found)
    assert names[start + 1] == (f"{count} findings to look at before handing the map over" if count > 1 else
                                f"{count} finding to look at before handing the map over")
    for rule in {f.rule for f in found}:
        assert titles[rule] in names
    bullets = [t for t in texts[start:] if t.text.startswith("• ")]
    assert [t.text for t in bullets] == [f"• {f.message}" for f in found[:5]]
    left = texts[start].x
    for t in bullets:
        assert t.size == SMALL_PT + 0.5 and abs(t.x - left) < EPS
    for a, b in itertools.pairwise(bullets):
        if abs(a.x - b.x) < EPS and b.top > a.top:
            assert abs(b.top - a.bottom - 2) < EPS
    more = [t for t in texts[start:] if t.text.startswith("…")]
    if count > 5:
        assert [t.text for t in more] == [f"… and {count - 5} more: journeymap check lists them all"]
        assert more[0].size == SMALL_PT + 0.5 and more[0].color == MUTED
    else:
        assert more == []


def test_exactly_five_findings_are_all_quoted_without_a_line_about_more():
    for empty_lanes in range(8):
        journey_map = make_map([(2, 1)], empty_lanes=empty_lanes)
        if len(health.check_map(journey_map)) == 5:
            break
    else:
        pytest.fail("no map with five findings")
    names = [t.text for t in summary_texts(journey_map)]
    assert sum(name.startswith("• ") for name in names) == 5
    assert not any(name.startswith("…") for name in names)


def test_a_map_without_findings_says_so():
    journey_map = JourneyMap(id="clean", title="Clean", goal="G", lanes=[Lane(id="notes", name="Notes")],
                             phases=[Phase(id="ph0", name="Awareness")], personas=[Persona(id="ann", name="Ann")],
                             cards=[Card(id="c", persona="ann", phase="ph0", lane="notes", text="Hi")])
    assert health.check_map(journey_map) == []
    texts = summary_texts(journey_map)
    names = [t.text for t in texts]
    line = texts[names.index("Open health-check findings") + 1]
    assert line.text == "No open findings" and line.color == MUTED


# --- which pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "effort", "printed"), [(4, None, False), (None, 2, False), (4, 2, True)])
def test_the_matrix_page_needs_an_opportunity_with_both_value_and_effort(value, effort, printed):
    journey_map = make_map([])
    card = Card(id="o", persona="ann", phase="ph0", lane="opp", text="Chance", value=value, effort=effort)
    journey_map = journey_map.model_copy(update={"cards": [card]})
    pages = chosen_pages(journey_map, InsightOptions(summary=False, comparison=False, matrix=True, kpis=False))
    assert pages == (["matrix"] if printed else [])
