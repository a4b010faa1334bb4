"""What a user gets from ``export_handout``: its refusals, the paper it prints on, its footer, summary and warnings.

Mutation survivors of ``app.export.handout`` (``export_handout``, ``handout_summary``, ``choose_plan``,
``header_height``, ``phase_ranges``). A refusal or a cancel says exactly what went wrong, in the UI language,
and writes nothing. The handout prints on the paper and orientation asked for (portrait when asked, else
landscape unless portrait takes fewer pages, and the way round that fits when only one does); the summary
names it. The footer keeps the whole title when the line fits between the margins. The glyph warning names
what the handout printed: the insight pages' KPI names when those pages are printed, the KPI lane's badges
(the poster's too), captions in the deliverable's words. The grid starts a fixed gap below the page's range
line, and a paper that holds one phase a page prints one phase a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app import i18n
from app.export import ExportCancelledError, ExportError
from app.export.handout import (
    HANDOUT_TEXT_PT,
    HEADER_GAP,
    RANGE_PT,
    _Painter,
    choose_plan,
    handout_summary,
    phase_ranges,
    plan_handout,
)
from app.export.pdf import (
    FOOTER_SIZE,
    MARGIN,
    PdfOptions,
    PosterPlanner,
    _Poster,
    export_pdf,
    footer_text,
    paper_size,
)
from app.model import Card, JourneyMap, Lane, Persona, Phase
from app.model.schema import Kpis, KpiValue, Metric
from tests.test_handout import squeezed

EPS = 1e-6
#: private use: no font has a glyph for it
BOX = "\U0010ff00"
LANGUAGES = ["en", "de"]


def small_map(phases: int = 5, title: str = "Small", lanes: list[Lane] | None = None,
              personas: list[Persona] | None = None, **fields) -> JourneyMap:
    """``phases`` phases and one notes lane (few lanes: landscape takes fewer pages than portrait)."""
    steps = [Phase(id=f"p{i}", name=f"Step {i}") for i in range(1, phases + 1)]
    return JourneyMap(id="small", title=title, phases=steps,
                      lanes=lanes if lanes is not None else [Lane(id="n", name="Notes")],
                      personas=personas if personas is not None else [Persona(id="ana", name="Ana")], **fields)


def mediaboxes(out: Path) -> list[tuple[int, int]]:
    return [(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in PdfReader(out).pages]


def rounded(size: tuple[float, float]) -> tuple[int, int]:
    return round(size[0]), round(size[1])


# --- refusals and the cancel ----------------------------------------------------------------------------

REFUSALS = {
    "no-persona": ({}, {"en": "the map has no persona to print", "de": "die Map hat keine Persona zum Drucken"}),
    "tile": ({"tile": "A4"}, {"en": "a handout is printed on whole sheets: leave out the tiling",
                              "de": "ein Handout wird auf ganzen Blättern gedruckt: lassen Sie das Kacheln weg"}),
    "scale": ({"scale": "12pt"}, {"en": "a handout prints card text at 9 pt: leave out the scale",
                                  "de": "ein Handout druckt Kartentext in 9 pt: lassen Sie die Skalierung weg"}),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_handout_says_exactly_why_in_the_ui_language_and_writes_nothing(case: str, language: str,
                                                                                  tmp_path: Path):
    options, messages = REFUSALS[case]
    journey_map = small_map(personas=[]) if case == "no-persona" else small_map()
    i18n.set_language(language)
    out = tmp_path / "refused.pdf"
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, out, PdfOptions(handout=True, language=language, **options))
    assert str(refused.value) == messages[language]
    assert not out.exists()


def test_an_empty_scale_is_no_scale_and_the_handout_prints_at_nine_points(tmp_path: Path):
    """The export dialog and the command line pass an empty scale when none was given."""
    result = export_pdf(small_map(), tmp_path / "h.pdf", PdfOptions(handout=True, scale=""))
    assert result.text_pt == HANDOUT_TEXT_PT == 9.0
    assert result.pages == len(PdfReader(tmp_path / "h.pdf").pages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cancelled_handout_says_so_in_the_ui_language_and_writes_nothing(language: str, tmp_path: Path):
    i18n.set_language(language)
    out = tmp_path / "cancelled.pdf"
    with pytest.raises(ExportCancelledError) as cancelled:
        export_pdf(small_map(), out, PdfOptions(handout=True, language=language), lambda done, total: False)
    assert str(cancelled.value) == {"en": "export cancelled", "de": "Export abgebrochen"}[language]
    assert not out.exists()


# --- paper and orientation ------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_handout_prints_the_way_round_asked_for_and_the_summary_and_result_say_so(landscape: bool, paper: str,
                                                                                    tmp_path: Path):
    """Few lanes, five phases: landscape takes fewer pages, so it prints landscape unless portrait is asked for."""
    out = tmp_path / "h.pdf"
    result = export_pdf(small_map(), out, PdfOptions(handout=True, paper=paper, landscape=landscape,
                                                     summary=True))
    size = rounded(paper_size(paper, landscape))
    assert mediaboxes(out) == [size] * result.pages  # the summary page too
    way = "landscape" if landscape else "portrait"
    pages = result.pages - 1
    assert result.summary == f"handout on {paper} {way}, {pages} map pages, card text 9.0 pt"
    assert result.text_pt == 9.0


def test_a_paper_too_short_for_a_landscape_handout_prints_portrait(tmp_path: Path):
    journey_map = small_map()
    plan = choose_plan(journey_map, ["ana"], PosterPlanner(journey_map), "297x130mm")
    assert plan.landscape is False and plan.size == paper_size("297x130mm", False)
    out = tmp_path / "h.pdf"
    result = export_pdf(journey_map, out, PdfOptions(handout=True, paper="297x130mm"))
    assert mediaboxes(out) == [rounded(paper_size("297x130mm", False))] * result.pages
    assert result.summary == f"handout on 297×130 mm, {result.pages} map pages, card text 9.0 pt"


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_paper_too_small_both_ways_round_is_refused_with_the_reason(landscape: bool, tmp_path: Path):
    journey_map = small_map()
    reasons = {"the paper is too short for a handout with card text at 9 pt: use A4 or larger",
               "the paper is too narrow for a handout with card text at 9 pt: use A4 or larger"}
    with pytest.raises(ExportError) as refused:
        choose_plan(journey_map, ["ana"], PosterPlanner(journey_map), "148x105mm", landscape)
    assert str(refused.value) in reasons
    out = tmp_path / "h.pdf"
    with pytest.raises(ExportError) as exported:
        export_pdf(journey_map, out, PdfOptions(handout=True, paper="148x105mm", landscape=landscape))
    assert str(exported.value) in reasons and not out.exists()


@pytest.mark.parametrize("paper", ["A4", "Letter", "297x130mm", "200x200mm"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_chosen_plan_says_it_is_landscape_exactly_when_its_pages_are_wider_than_tall(landscape: bool, paper: str):
    journey_map = small_map()
    plan = choose_plan(journey_map, ["ana"], PosterPlanner(journey_map), paper, landscape)
    assert plan.landscape is (plan.size[0] > plan.size[1])
    if not landscape:
        assert plan.landscape is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_names_paper_orientation_pages_and_text_size_in_the_ui_language(language: str):
    i18n.set_language(language)
    expected = {
        "en": {("A4", True, 1): "handout on A4 landscape, 1 map page, card text 9.0 pt",
               ("A4", False, 1): "handout on A4 portrait, 1 map page, card text 9.0 pt",
               ("Letter", True, 3): "handout on Letter landscape, 3 map pages, card text 9.0 pt",
               ("letter ", False, 2): "handout on Letter portrait, 2 map pages, card text 9.0 pt",
               ("297x130mm", True, 1): "handout on 297×130 mm, 1 map page, card text 9.0 pt"},
        "de": {("A4", True, 1): "Handout auf A4 quer, 1 Map-Seite, Kartentext 9,0 pt",
               ("A4", False, 1): "Handout auf A4 hoch, 1 Map-Seite, Kartentext 9,0 pt",
               ("Letter", True, 3): "Handout auf Letter quer, 3 Map-Seiten, Kartentext 9,0 pt",
               ("letter ", False, 2): "Handout auf Letter hoch, 2 Map-Seiten, Kartentext 9,0 pt",
               ("297x130mm", True, 1): "Handout auf 297×130 mm, 1 Map-Seite, Kartentext 9,0 pt"},
    }[language]
    for (paper, landscape, pages), summary in expected.items():
        assert handout_summary(paper, landscape, pages) == summary


# --- the footer --------------------------------------------------------------------------------------------


def longest_fitting_title(landscape: bool, language: str) -> tuple[JourneyMap, str, float]:
    """A one-page map whose title is as long as the footer line can be and still fit between the margins."""
    width = paper_size("A4", landscape)[0] - 2 * MARGIN

    def line(count: int) -> tuple[JourneyMap, str, float]:
        title = " ".join(f"Word{i}" for i in range(count))
        journey_map = small_map(phases=1, title=title)
        planner = PosterPlanner(journey_map, language)
        text = footer_text(journey_map, planner, 1)(1)
        return journey_map, title, planner.wrapper.measure(text, FOOTER_SIZE)

    count = 1
    while line(count + 1)[2] <= width:
        count += 1
    return line(count)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_footer_keeps_the_whole_title_when_the_line_fits_between_the_margins(landscape: bool, language: str,
                                                                               tmp_path: Path):
    journey_map, title, measured = longest_fitting_title(landscape, language)
    width = paper_size("A4", landscape)[0] - 2 * MARGIN
    assert width - MARGIN < measured <= width  # a line that fits the page's text width, and only just
    out = tmp_path / "h.pdf"
    result = export_pdf(journey_map, out, PdfOptions(handout=True, landscape=landscape, language=language))
    texts = [page.extract_text() for page in PdfReader(out).pages]
    assert result.pages == len(texts) == 1
    assert squeezed(title) in squeezed(texts[0]) and "…" not in texts[0]


# --- the glyph warning -------------------------------------------------------------------------------------


def kpi_names_map() -> JourneyMap:
    """A map whose KPI name has a character no font has, without a KPI lane: only the KPI pages print it."""
    kpis = Kpis(metrics=[Metric(id="wait", name=f"Wait{BOX}", unit="s")],
                values=[KpiValue(metric="wait", phase="p1", value=3, target=2)])
    return small_map(phases=2, kpis=kpis)


def test_a_kpi_name_printed_on_the_kpi_pages_is_named_in_the_glyph_warning(tmp_path: Path):
    result = export_pdf(kpi_names_map(), tmp_path / "h.pdf", PdfOptions(handout=True, kpis=True))
    assert result.pages > 1  # the KPI page before the handout
    assert result.missing_characters == {BOX}
    assert len(result.warnings) == 1 and f"Wait{BOX}" in result.warnings[0] and "KPI" in result.warnings[0]


def test_a_kpi_name_the_handout_does_not_print_is_not_warned_about(tmp_path: Path):
    result = export_pdf(kpi_names_map(), tmp_path / "h.pdf", PdfOptions(handout=True))
    assert result.missing_characters == set() and result.warnings == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glyph_warning_quotes_a_caption_in_the_deliverable_s_words(language: str, tmp_path: Path):
    """The UI stays English; the deliverable is written in ``language`` and its captions too."""
    cards = [Card(id="c", persona="ana", phase="p1", lane="n", text="Plain", evidence="observed",
                  tags=[f"t{BOX}"])]
    result = export_pdf(small_map(phases=1, cards=cards), tmp_path / "h.pdf",
                        PdfOptions(handout=True, language=language))
    observed = {"en": "observed", "de": "beobachtet"}[language]
    assert result.missing_characters == {BOX}
    assert f"“{observed} · #t{BOX}”" in result.warnings[0]


# --- the page header and the phase ranges ------------------------------------------------------------------


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_the_grid_starts_the_header_gap_below_the_range_line(landscape: bool, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    """On every page, a long persona name over two lines or a short one: the range line's bottom and the
    grid's top are ``HEADER_GAP`` page points apart (page coordinates, y up, from the canvas's matrix)."""
    seen: dict[int, dict[str, float]] = {}
    text, grid = _Poster.text, _Painter.draw_grid

    def recording_text(self, c, x, top, lines, size, color, bold=False, into=None):
        d, f = c._currentMatrix[3], c._currentMatrix[5]
        if size == RANGE_PT and abs(d) == 1:  # the range line, at the page's scale
            bottom = top + size * self.style.line_spacing * len(lines)
            seen.setdefault(c.getPageNumber(), {})["range"] = d * bottom + f
        return text(self, c, x, top, lines, size, color, bold, into)

    def recording_grid(self, c, layout):
        seen.setdefault(c.getPageNumber(), {})["grid"] = c._currentMatrix[5]
        return grid(self, c, layout)

    monkeypatch.setattr(_Poster, "text", recording_text)
    monkeypatch.setattr(_Painter, "draw_grid", recording_grid)
    personas = [Persona(id="ana", name="Ana"),
                Persona(id="bo", name="Bo " + " ".join(["Longname"] * 20), role="the buyer")]
    result = export_pdf(small_map(personas=personas), tmp_path / "h.pdf",
                        PdfOptions(handout=True, landscape=landscape))
    assert sorted(seen) == list(range(1, result.pages + 1))
    for page in seen.values():
        assert page["range"] - page["grid"] == pytest.approx(HEADER_GAP, abs=EPS)


def test_ranges_of_one_phase_a_page_hold_one_phase_each():
    for count in range(1, 7):
        assert phase_ranges(count, 1) == [(i, i + 1) for i in range(count)]
        assert phase_ranges(count, 0) == [(i, i + 1) for i in range(count)]  # no room is taken as one a page


def test_a_paper_that_holds_one_phase_a_page_prints_one_phase_a_page():
    journey_map = small_map()
    plan = plan_handout(journey_map, ["ana"], paper_size("297x150mm", False), PosterPlanner(journey_map),
                        "297x150mm", False)
    assert [(page.first, page.last, page.count) for page in plan.pages] == [(i, i, 5) for i in range(1, 6)]


@pytest.mark.parametrize("handout", [True, False], ids=["handout", "poster"])
def test_a_kpi_name_printed_on_the_kpi_lane_s_badges_is_named_in_the_glyph_warning(handout: bool, tmp_path: Path):
    """The KPI lane prints each metric's name on its badges: without the KPI pages too (a bug found here)."""
    lanes = [Lane(id="k", name="Measures", kind="kpis"), Lane(id="n", name="Notes")]
    journey_map = kpi_names_map().model_copy(update={"lanes": lanes})
    result = export_pdf(journey_map, tmp_path / "h.pdf", PdfOptions(handout=handout, paper="A4" if handout else "A3"))
    assert result.missing_characters == {BOX}
    assert len(result.warnings) == 1 and f"“Wait{BOX} 3 s / 2 s" in result.warnings[0]
    assert f"Ana · Step 1 · Measures: “Wait{BOX}" in result.warnings[0]
    assert "Step 2" not in result.warnings[0]  # no value there: no badge
