"""The KPI badges on the PDF poster: what each badge shows, its tint and edge by status, and where it sits.

A user reads a metric's status on the printed poster without colour (▲/▼ and a dashed edge when missed)
and with it (blue met, vermillion missed, grey open, as on the canvas); the badge stands above the cell's
cards, its text lined up with theirs. The drawing is recorded through a canvas that writes the real PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

import app.export.pdf as pdf_module
from app.export.fonts import BOLD
from app.insight.kpis import STATUS_COLORS, STATUS_MARKS
from app.layout import KpiBadge, Rect
from app.model import Kpis, load_map
from tests.conftest import SAMPLES, shared_unless_mutation


@dataclass
class Run:
    """One piece of text as written: where its baseline starts, in which font and size."""

    x: float
    baseline: float
    font: str
    size: float
    text: str


class RecordingText(PDFTextObject):
    """A text object that remembers the runs written into it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.runs: list[Run] = []
        self._at = (0.0, 0.0)
        self._font = ("", 0.0, 0.0)
        self._line = 0

    def setTextTransform(self, a, b, c, d, e, f):
        self._at, self._line = (e, f), 0
        return super().setTextTransform(a, b, c, d, e, f)

    def setFont(self, psfontname, size, leading=None):
        self._font = (psfontname, size, leading if leading is not None else size * 1.2)
        return super().setFont(psfontname, size, leading)

    def _run(self, text: str, next_line: bool) -> None:
        name, size, leading = self._font
        self.runs.append(Run(self._at[0], self._at[1] + self._line * leading, name, size, text))
        if next_line:
            self._line += 1

    def textLine(self, text=""):
        self._run(text, True)
        return super().textLine(text)

    def textOut(self, text):
        self._run(text, False)
        return super().textOut(text)


@dataclass
class Shape:
    """A rounded rectangle as drawn, with the graphics state it was drawn in."""

    rect: tuple[float, float, float, float]
    radius: float
    stroke: int
    fill: int
    fill_color: object
    stroke_color: object
    line_width: float
    dash: tuple


@dataclass
class Recording:
    shapes: list[Shape] = field(default_factory=list)
    #: the text objects drawn, in order
    texts: list[RecordingText] = field(default_factory=list)


def recording_canvas(recording: Recording) -> type[Canvas]:
    class RecordingCanvas(Canvas):
        """A real canvas (the PDF is written) that notes its rounded rectangles and text objects."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._state = {"fill": None, "stroke": None, "width": 1.0, "dash": ()}

        def setFillColor(self, aColor, alpha=None):  # noqa: N803
            self._state["fill"] = aColor
            return super().setFillColor(aColor, alpha)

        def setStrokeColor(self, aColor, alpha=None):  # noqa: N803
            self._state["stroke"] = aColor
            return super().setStrokeColor(aColor, alpha)

        def setLineWidth(self, width):
            self._state["width"] = width
            return super().setLineWidth(width)

        def setDash(self, array=(), phase=0):
            pattern = (array, phase) if isinstance(array, (int, float)) else tuple(array or ())
            self._state["dash"] = pattern  # the on/off lengths (as reportlab reads two numbers)
            return super().setDash(array, phase)

        def roundRect(self, x, y, width, height, radius, stroke=1, fill=0):
            state = self._state
            recording.shapes.append(Shape((x, y, width, height), radius, stroke, fill, state["fill"],
                                          state["stroke"], state["width"], state["dash"]))
            return super().roundRect(x, y, width, height, radius, stroke, fill)

        def beginText(self, x=0, y=0, direction=None):
            return RecordingText(self, x, y, direction)

        def drawText(self, aTextObject):  # noqa: N803
            recording.texts.append(aTextObject)
            return super().drawText(aTextObject)

    return RecordingCanvas


def kpi_map():
    """The B2B map (it has a KPI lane) with metrics met, missed and open, for everyone and for one persona."""
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    kpis = Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"},
                    {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"},
                    {"id": "leads", "name": "Leads"}],
        "values": [
            {"metric": "nps", "phase": "awareness", "value": 32, "target": 40},
            {"metric": "churn", "phase": "awareness", "value": 4.5, "target": 5.0},
            {"metric": "leads", "phase": "consideration", "value": 12},
            {"metric": "nps", "phase": "decision", "persona": "evaluator", "value": 50, "target": 40},
        ],
    })
    return journey_map.model_copy(update={"kpis": kpis})


@pytest.fixture(scope=shared_unless_mutation)
def poster(tmp_path_factory):
    """The evaluator's poster exported for real, its drawing recorded; with the plan it was drawn from."""
    journey_map = kpi_map()
    options = pdf_module.PdfOptions(personas=["evaluator"])
    recording = Recording()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module, "Canvas", recording_canvas(recording))
        pdf_module.export_pdf(journey_map, tmp_path_factory.mktemp("kpi") / "poster.pdf", options)
    page = pdf_module.plan_poster(journey_map, options).pages[0]
    badges = [badge for cell in page.layout.kpi_badges.values() for badge in cell]
    assert {badge.status for badge in badges} == {"met", "missed", "open"}
    return SimpleNamespace(recording=recording, page=page, badges=badges, map=journey_map)


def shape_at(recording: Recording, rect: Rect) -> Shape:
    found = [shape for shape in recording.shapes if shape.rect == tuple(rect)]
    assert len(found) == 1, (rect, [s.rect for s in recording.shapes])
    return found[0]


def runs_of(recording: Recording, badge: KpiBadge) -> tuple[RecordingText, list[Run]]:
    """The text object holding the badge's text and the runs of it inside the badge's rectangle."""
    r = badge.rect
    for texts in recording.texts:
        runs = [run for run in texts.runs if r.x <= run.x <= r.right and r.y <= run.baseline <= r.bottom]
        if runs:
            return texts, runs
    raise AssertionError(f"no text inside {badge}")


def same_color(actual, hex_code: str) -> bool:
    return actual is not None and actual.hexval() == HexColor(hex_code).hexval()


def test_each_badge_is_tinted_and_edged_by_its_status(poster):
    """Met blue, missed vermillion, open grey: the fill and the edge of each badge, as on the canvas."""
    for badge in poster.badges:
        shape = shape_at(poster.recording, badge.rect)
        fill, edge = STATUS_COLORS[badge.status]
        assert same_color(shape.fill_color, fill), badge
        assert same_color(shape.stroke_color, edge), badge
        assert shape.stroke and shape.fill, "a badge is filled and outlined"
        assert shape.line_width and shape.line_width > 0


def test_only_a_missed_badge_has_a_dashed_edge(poster):
    """The status reads without colour: a missed metric's badge is dashed, a met or open one solid."""
    for badge in poster.badges:
        dash = shape_at(poster.recording, badge.rect).dash
        if badge.status == "missed":
            assert len(dash) >= 2 and all(n > 0 for n in dash), f"visible dashes and gaps: {dash}"
        else:
            assert dash == (), badge
    # the dash does not leak into what is drawn after a badge (the cards' corners, the next badge)
    cards = [shape for shape in poster.recording.shapes if shape.radius == 4]
    assert cards and all(shape.dash == () for shape in cards)


def test_a_badge_has_rounded_corners_of_at_most_six_points(poster):
    """A badge at the poster's caption size is taller than 12 pt: its corners are rounded by 6 pt."""
    for badge in poster.badges:
        assert badge.rect.h > 12
        assert shape_at(poster.recording, badge.rect).radius == pytest.approx(6)


def test_a_badge_says_value_target_and_mark_in_bold(poster):
    """The badge's text is its lines (value, target, unit, the ▲/▼/– mark) in the bold face, as on the canvas."""
    for badge in poster.badges:
        _texts, runs = runs_of(poster.recording, badge)
        written = "".join(run.text for run in runs)
        assert written.replace(" ", "") == "".join(badge.lines).replace(" ", "")
        assert STATUS_MARKS[badge.status] in written
        assert all(run.font == BOLD for run in runs if run.text.strip("▲▼– ")), runs
        assert all(run.size == poster.page.style.caption_size for run in runs)
    texts = {badge.lines[0] for badge in poster.badges}
    assert texts >= {"NPS 32 / 40 ▼", "Churn 4.5 % / 5 % ▲", "Leads 12 –", "NPS 50 / 40 ▲"}


def test_badge_text_lines_up_with_the_card_text_and_sits_centred(poster):
    """The text of a badge starts where the text of the cards below it starts, and is centred in height."""
    style = poster.page.style
    layout = poster.page.layout
    for key, badges in layout.kpi_badges.items():
        cards = [layout.cards[card_id] for card_id in layout.cell_cards.get(key, [])]
        for badge in badges:
            _texts, runs = runs_of(poster.recording, badge)
            first = runs[0]
            assert first.x == pytest.approx(badge.rect.x + style.card_padding)
            for card in cards:  # the cards of the cell start their text at the same x
                assert card.rect.x == badge.rect.x
            ascent, descent = pdmetrics_box(first.font, first.size)
            lines = len(badge.lines)
            top = first.baseline - ascent
            bottom = first.baseline + (lines - 1) * style.line_height(style.caption_size) - descent
            assert (top + bottom) / 2 == pytest.approx(badge.rect.y + badge.rect.h / 2, abs=1.0)


def pdmetrics_box(font: str, size: float) -> tuple[float, float]:
    """The font's ascent (up, positive) and descent (down, negative) at ``size``."""
    ascent, descent = pdfmetrics.getAscentDescent(font, size)
    return ascent, descent


def test_badge_text_goes_into_the_one_text_object_of_the_cards(poster):
    """All card and badge text of a page is one text object drawn after the shapes: one per badge would
    slow the export (a text object per card cost a third of it) and put text under the next shapes."""
    layout = poster.page.layout
    card_text = next(iter(layout.cards.values())).lines[0]
    holders = {id(runs_of(poster.recording, badge)[0]) for badge in poster.badges}
    assert len(holders) == 1
    (holder,) = [texts for texts in poster.recording.texts if id(texts) in holders]
    assert any(run.text == card_text for run in holder.runs)


# --- drawn directly: statuses and sizes the planner does not make ------------------------------------------


def draw_badges(badges: list[KpiBadge]) -> Recording:
    journey_map = kpi_map()
    planner = pdf_module.PosterPlanner(journey_map)
    recording = Recording()
    canvas = recording_canvas(recording)(__import__("io").BytesIO())
    drawer = pdf_module._Poster(journey_map, planner.base, planner.wrapper, planner.words)
    texts = canvas.beginText()
    drawer.kpi_badges(canvas, SimpleNamespace(kpi_badges={("p", "l"): tuple(badges)}), texts)
    canvas.drawText(texts)
    return recording


@pytest.mark.parametrize("status", ["", "unknown", "MET"])
def test_a_badge_of_a_status_it_does_not_know_is_drawn_as_open(status):
    """A status this version does not know (a newer file's) is drawn grey and solid, not refused."""
    badge = KpiBadge("nps", Rect(10, 10, 120, 20), ("NPS 3",), status)
    shape = shape_at(draw_badges([badge]), badge.rect)
    fill, edge = STATUS_COLORS["open"]
    assert same_color(shape.fill_color, fill) and same_color(shape.stroke_color, edge)
    assert shape.dash == ()


@pytest.mark.parametrize("height", [6.0, 8.0, 10.0, 11.5])
def test_a_low_badge_is_a_pill(height):
    """A badge lower than 12 pt has corners of half its height (a pill), never more, so its ends stay round."""
    badges = [KpiBadge("nps", Rect(10, 10, 120, height), ("NPS",), "met"),
              KpiBadge("nps", Rect(10, 40, 120, height + 20), ("NPS",), "met")]
    recording = draw_badges(badges)
    assert shape_at(recording, badges[0].rect).radius == pytest.approx(height / 2)
    assert shape_at(recording, badges[1].rect).radius == pytest.approx(6)
