"""The KPI badges of the PDF poster as drawn, each test drawing its own badges.

The badges are those the planner lays out for the B2B map (a metric met, one missed, one open), drawn onto a
recording canvas by the poster's own drawer in the test itself. (tests/test_mutation_kpi_poster.py checks the
same drawing through one export shared by its tests; mutmut credits a shared fixture's drawing to the first
test that made it only, so it ran just that test against a changed ``kpi_badge``.)
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from reportlab.pdfbase import pdfmetrics

import app.export.pdf as pdf_module
from app.export.fonts import BOLD
from app.insight.kpis import STATUS_COLORS, STATUS_MARKS
from app.layout import KpiBadge, Rect
from tests.test_mutation_kpi_poster import Recording, kpi_map, recording_canvas, runs_of, same_color, shape_at

#: the badge's edge: as thin as a card's text stroke allows and still seen in print
EDGE_WIDTH = 1.2
#: a missed badge's dashes: 3 pt on, 2 pt off, so a badge 12 pt tall shows several on each side
MISSED_DASH = (3, 2)


def draw_planned() -> SimpleNamespace:
    """The evaluator's badges as planned (met, missed, open), drawn now into one text object, as a page does."""
    journey_map = kpi_map()
    planner = pdf_module.PosterPlanner(journey_map)
    page = pdf_module.plan_poster(journey_map, pdf_module.PdfOptions(personas=["evaluator"]), planner).pages[0]
    badges = [badge for cell in page.layout.kpi_badges.values() for badge in cell]
    assert {badge.status for badge in badges} == {"met", "missed", "open"}
    recording = Recording()
    canvas = recording_canvas(recording)(io.BytesIO())
    drawer = pdf_module._Poster(journey_map, page.style, planner.wrapper, planner.words)
    texts = canvas.beginText()
    drawer.kpi_badges(canvas, page.layout, texts)
    canvas.drawText(texts)
    return SimpleNamespace(recording=recording, badges=badges, style=page.style, texts=texts)


def test_every_edge_is_1_2_points_and_only_a_missed_one_is_dashed_3_on_2_off():
    """Met and open badges have a solid edge, a missed one a dashed edge with visible gaps, all of one width."""
    drawn = draw_planned()
    for badge in drawn.badges:
        shape = shape_at(drawn.recording, badge.rect)
        assert shape.line_width == pytest.approx(EDGE_WIDTH), badge
        assert shape.dash == (MISSED_DASH if badge.status == "missed" else ()), badge


@pytest.mark.parametrize("status", ["met", "missed", "open"])
def test_a_badge_alone_of_each_status_has_its_tint_edge_and_dash(status: str):
    """Drawn on its own (nothing drawn before it sets the state): the tint, edge colour, width and dash."""
    badge = KpiBadge("nps", Rect(20, 30, 150, 20.5), (f"NPS 1 {STATUS_MARKS[status]}",), status)
    recording = Recording()
    canvas = recording_canvas(recording)(io.BytesIO())
    journey_map = kpi_map()
    planner = pdf_module.PosterPlanner(journey_map)
    drawer = pdf_module._Poster(journey_map, planner.base, planner.wrapper, planner.words)
    texts = canvas.beginText()
    drawer.kpi_badge(canvas, badge, texts)
    shape = shape_at(recording, badge.rect)
    fill, edge = STATUS_COLORS[status]
    assert same_color(shape.fill_color, fill) and same_color(shape.stroke_color, edge)
    assert shape.line_width == pytest.approx(EDGE_WIDTH)
    assert shape.dash == (MISSED_DASH if status == "missed" else ())
    assert shape.stroke and shape.fill


def test_the_text_is_each_badges_lines_in_bold_at_the_caption_size():
    drawn = draw_planned()
    for badge in drawn.badges:
        _texts, runs = runs_of(drawn.recording, badge)
        written = "".join(run.text for run in runs)
        assert written.replace(" ", "") == "".join(badge.lines).replace(" ", ""), badge
        assert STATUS_MARKS[badge.status] in written
        assert all(run.font == BOLD for run in runs if run.text.strip("▲▼– ")), runs
        assert all(run.size == drawn.style.caption_size for run in runs)


def test_the_text_starts_one_card_padding_in_and_is_centred_in_height():
    """The text starts where the text of the cards below starts (a card's padding in from the left edge) and
    sits in the middle of the badge's height."""
    drawn = draw_planned()
    style = drawn.style
    for badge in drawn.badges:
        _texts, runs = runs_of(drawn.recording, badge)
        first = runs[0]
        assert first.x == pytest.approx(badge.rect.x + style.card_padding), badge
        ascent, descent = pdfmetrics.getAscentDescent(first.font, first.size)
        top = first.baseline - ascent
        bottom = first.baseline + (len(badge.lines) - 1) * style.line_height(style.caption_size) - descent
        assert (top + bottom) / 2 == pytest.approx(badge.rect.y + badge.rect.h / 2, abs=1.0), badge


def test_the_text_goes_into_the_text_object_it_is_given():
    """The badges write into the page's one text object (drawn after every shape), not into their own."""
    drawn = draw_planned()
    assert drawn.recording.texts == [drawn.texts]
    for badge in drawn.badges:
        holder, _runs = runs_of(drawn.recording, badge)
        assert holder is drawn.texts
