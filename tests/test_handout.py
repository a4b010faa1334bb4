"""The A4/Letter handout (issue 19 A.1): each persona's map split by phase range, card text at 9 pt, nothing cut."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export import ExportError
from app.export.handout import HANDOUT_TEXT_PT, choose_plan, phase_ranges, plan_handout, range_text
from app.export.pdf import PdfOptions, PosterPlanner, _Poster, export_pdf, paper_size, plan_poster
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLE_FILES, SAMPLES


def squeezed(text: str) -> str:
    """Text without any whitespace: a line break in the PDF is where the text wrapped, not a change."""
    return re.sub(r"\s+", "", text)


def appears_in_full(text: str, pages: list[str]) -> bool:
    """The card's text is printed whole: in one page's text, or in pieces on consecutive pages, in order."""
    wanted = squeezed(text)
    position = 0
    for page in pages:
        if position == len(wanted):
            break
        low, high = 0, len(wanted) - position  # the longest piece of the rest that this page prints
        while low < high:
            middle = (low + high + 1) // 2
            if wanted[position:position + middle] in page:
                low = middle
            else:
                high = middle - 1
        position += low
    return position == len(wanted)


class Sizes:
    """The size on paper of every line of text the handout draws, with its text."""

    def __init__(self) -> None:
        self.lines: list[tuple[float, str, float]] = []  # (size in layout points, line, size on paper)


@pytest.fixture
def sizes(monkeypatch: pytest.MonkeyPatch) -> Sizes:
    record = Sizes()
    real = _Poster.text

    def text(self, c, x, top, lines, size, color, bold=False, into=None):
        on_paper = size * abs(c._currentMatrix[3])  # the canvas's vertical scale (flipped y: negative)
        record.lines += [(size, line, on_paper) for line in lines]
        return real(self, c, x, top, lines, size, color, bold, into)

    monkeypatch.setattr(_Poster, "text", text)
    return record


def handout(journey_map: JourneyMap, out: Path, **options) -> list[str]:
    export_pdf(journey_map, out, PdfOptions(handout=True, **options))
    return [page.extract_text() for page in PdfReader(out).pages]


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_a_handout_of_every_sample_prints_every_card_whole_at_nine_points_with_its_persona_range_and_lanes(
        path: Path, language: str, tmp_path: Path, sizes: Sizes):
    journey_map = load_map(path)
    out = tmp_path / "handout.pdf"
    texts = handout(journey_map, out, paper="A4", language=language)
    pages = [squeezed(text) for text in texts]
    for card in journey_map.cards:
        assert appears_in_full(card.text, pages), card.text
    card_lines = {line for card in journey_map.cards for line in card.text.split()}
    card_sizes = [on_paper for size, line, on_paper in sizes.lines if size == 10.0 and line.split()[:1]
                  and line.split()[0] in card_lines]
    assert card_sizes and min(card_sizes) >= HANDOUT_TEXT_PT - 1e-6
    assert min(on_paper for _size, _line, on_paper in sizes.lines) >= 6.0 - 1e-6  # nothing unreadable
    planner = PosterPlanner(journey_map, language)
    plan = choose_plan(journey_map, [p.id for p in journey_map.personas], planner, "A4")
    assert [round(float(v)) for v in PdfReader(out).pages[0].mediabox] == [0, 0, *map(round, plan.size)]
    assert plan.size in (paper_size("A4"), paper_size("A4", False))
    assert len(texts) == len(plan.pages)  # PdfOptions() prints no insight pages: the map pages alone
    lanes = {lane.id: lane.name for lane in journey_map.lanes}
    for text, page in zip(pages, plan.pages, strict=True):
        persona = journey_map.persona(page.persona_id)
        assert squeezed(persona.name) in text
        assert squeezed(range_text(page, planner.words)) in text
        shown = [header.item_id for header in page.layout.lane_headers]
        assert shown, "a page without lanes"
        for lane_id in shown:
            assert squeezed(lanes[lane_id]) in text, (lanes[lane_id], page.first)
    for persona in journey_map.personas:  # every lane of every range is printed somewhere
        ranges = {(p.first, p.last) for p in plan.pages if p.persona_id == persona.id}
        for first, last in ranges:
            printed = {h.item_id for p in plan.pages
                       if p.persona_id == persona.id and (p.first, p.last) == (first, last)
                       for h in p.layout.lane_headers}
            assert printed == set(lanes)


def twelve_phases(card_text: str | None = None) -> JourneyMap:
    phases = [Phase(id=f"p{i}", name=f"Phase {i}") for i in range(1, 13)]
    lanes = [Lane(id="t", name="Touchpoints", kind="touchpoints"), Lane(id="e", name="Emotions", kind="emotions"),
             Lane(id="n", name="Notes", kind="notes")]
    persona = Persona(id="ana", name="Ana Long-Journey", role="Buyer")
    cards = [Card(id=f"c{i}", persona="ana", phase=f"p{i % 12 + 1}", lane="t" if i % 2 else "n",
                  text=f"Card {i} in phase {i % 12 + 1}") for i in range(24)]
    if card_text is not None:
        cards.append(Card(id="long", persona="ana", phase="p2", lane="n", text=card_text))
    return JourneyMap(id="twelve", title="Twelve phases", phases=phases, lanes=lanes, personas=[persona],
                      cards=cards)


def test_a_persona_with_twelve_phases_prints_three_ranges_of_four(tmp_path: Path):
    texts = handout(twelve_phases(), tmp_path / "twelve.pdf")
    assert len(texts) == 3
    for text, (first, last) in zip(texts, [(1, 4), (5, 8), (9, 12)], strict=True):
        assert f"Phases {first}–{last} of 12" in text and "Ana Long-Journey" in text
        assert all(f"Phase {n}" in text for n in range(first, last + 1))
        assert "Touchpoints" in text and "Notes" in text
    assert phase_ranges(5, 4) == [(0, 3), (3, 5)]  # even ranges, not four and one
    assert phase_ranges(12, 4) == [(0, 4), (4, 8), (8, 12)]


def test_a_card_taller_than_a_page_continues_on_the_next_page_and_says_so(tmp_path: Path, sizes: Sizes):
    words = ["Lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "tempor"]
    text = " ".join(words[i % len(words)] + str(i) for i in range(400))[:2000]
    assert len(text) == 2000
    texts = handout(twelve_phases(text), tmp_path / "long.pdf")
    pages = [squeezed(t) for t in texts]
    assert appears_in_full(text, pages)
    holding = [i for i, page in enumerate(pages) if squeezed(text[:40]) in page or squeezed(text[-40:]) in page]
    assert len(texts) > 3 and holding[-1] > holding[0]  # the range of phases 1–4 takes more than one page
    assert "continuedonthenextpage" in pages[0] and "continuedfromthepreviouspage" in pages[1]
    assert "Phases 1–4 of 12 (continued)" in texts[1]
    assert "Notes" in texts[1] and "(continued)" in texts[1]  # the lane's label is repeated, marked
    assert min(on_paper for size, _line, on_paper in sizes.lines if size == 10.0) >= HANDOUT_TEXT_PT - 1e-6


def test_letter_and_portrait_are_honoured(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "letter.pdf"
    export_pdf(journey_map, out, PdfOptions(handout=True, paper="Letter", landscape=False))
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    planner = PosterPlanner(journey_map)
    portrait = plan_handout(journey_map, ["beginner"], paper_size("A4", False), planner)
    landscape = plan_handout(journey_map, ["beginner"], paper_size("A4"), planner)
    assert max(p.last - p.first + 1 for p in portrait.pages) < max(p.last - p.first + 1 for p in landscape.pages)


def test_landscape_unless_portrait_takes_fewer_pages_or_is_asked_for():
    """Landscape shows more phases a page; a map with many lanes prints each range whole on portrait pages."""
    many_lanes = load_map(SAMPLES / "fitness-watch.json")  # seven lanes: a landscape range takes two pages
    planner = PosterPlanner(many_lanes)
    ids = [p.id for p in many_lanes.personas]
    wide = plan_handout(many_lanes, ids, paper_size("A4"), planner)
    tall = plan_handout(many_lanes, ids, paper_size("A4", False), planner)
    assert len(tall.pages) < len(wide.pages)
    assert choose_plan(many_lanes, ids, planner, "A4").landscape is False
    assert all(not page.continued for page in tall.pages)  # each portrait page holds its range's every lane
    few_lanes = twelve_phases()
    chosen = choose_plan(few_lanes, ["ana"], PosterPlanner(few_lanes), "A4")
    assert chosen.landscape and chosen.size == paper_size("A4") and len(chosen.pages) == 3
    assert not choose_plan(few_lanes, ["ana"], PosterPlanner(few_lanes), "A4", landscape=False).landscape


def test_the_handout_keeps_the_insight_pages_first(tmp_path: Path):
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    out = tmp_path / "with-summary.pdf"
    result = export_pdf(journey_map, out, PdfOptions.with_insight(handout=True))
    texts = [page.extract_text() for page in PdfReader(out).pages]
    assert "Executive summary" in texts[0]
    assert result.pages == len(texts) and "handout on A4 portrait, 9 map pages" in result.summary
    assert any("Phases 1–2 of 5" in text for text in texts[1:])


@pytest.mark.parametrize("options", [{"tile": "A4"}, {"scale": "12pt"}, {"paper": "100x100mm"}])
def test_a_handout_refuses_what_cannot_make_sense(options: dict, tmp_path: Path):
    with pytest.raises(ExportError):
        export_pdf(load_map(SAMPLES / "fitness-watch.json"), tmp_path / "x.pdf", PdfOptions(handout=True, **options))
    assert not (tmp_path / "x.pdf").exists()


def test_a_refused_a4_poster_suggests_the_handout_and_the_suggestion_works(tmp_path: Path):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    assert not plan_poster(journey_map, PdfOptions(paper="A4")).readable
    with pytest.raises(ExportError) as on:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="A4"))
    assert on.value.suggestions[-1] == ["--handout", "--paper", "A4"]
    assert "print a handout on A4" in str(on.value)
    export_pdf(journey_map, tmp_path / "h.pdf", PdfOptions(handout=True, paper="A4"))  # and it works
    with pytest.raises(ExportError) as tiled:  # an A4 poster tiled on smaller sheets: the poster was asked for
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="A4", landscape=True, tile="148x105mm"))
    assert "below 6 pt" in str(tiled.value) and ["--handout", "--paper", "A4"] not in tiled.value.suggestions
    # A4 tiles of an A4 poster that is unreadable on A4: no poster to tile, and the handout on the tile paper works
    with pytest.raises(ExportError) as covered:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="A4", landscape=True, tile="A4"))
    assert covered.value.suggestions[-1] == ["--handout", "--paper", "A4"] and ["--paper", "A4"] not in (
        covered.value.suggestions)


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_no_two_texts_of_a_handout_page_overlap_and_all_stay_inside_the_margins(language: str, landscape: bool,
                                                                               tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    from app.export.fonts import ReportlabMetrics

    metrics = ReportlabMetrics()
    boxes: dict[int, list[tuple[float, float, float, float, str]]] = {}
    real = _Poster.text

    def text(self, c, x, top, lines, size, color, bold=False, into=None):
        width = max((metrics.width(line, size, bold) for line in lines), default=0.0)
        if width > 0:
            a, b, cc, d, e, f = c._currentMatrix
            corners = [(a * px + cc * py + e, b * px + d * py + f)
                       for px, py in ((x, top), (x + width, top + size * self.style.line_spacing * len(lines)))]
            (x0, y0), (x1, y1) = corners
            boxes.setdefault(c.getPageNumber(), []).append(
                (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), " / ".join(lines)))
        return real(self, c, x, top, lines, size, color, bold, into)

    monkeypatch.setattr(_Poster, "text", text)
    words = ["Lorem", "ipsum", "dolor", "sit", "amet"]
    maps = [load_map(path) for path in SAMPLE_FILES] + [twelve_phases(" ".join(words[i % 5] for i in range(300)))]
    for journey_map in maps:
        boxes.clear()
        out = tmp_path / "h.pdf"
        export_pdf(journey_map, out, PdfOptions(handout=True, language=language, landscape=landscape))
        width, height = (float(v) for v in PdfReader(out).pages[0].mediabox[2:])
        for page, drawn in boxes.items():
            for i, (x0, y0, x1, y1, line) in enumerate(drawn):
                assert x0 >= 28 - 1e-6 and x1 <= width - 28 + 1e-6 and y0 >= 28 - 1e-6 and y1 <= height - 28 + 1e-6, \
                    (journey_map.id, page, line)
                for u0, v0, u1, v1, other in drawn[i + 1:]:
                    assert not (min(x1, u1) - max(x0, u0) > 0.01 and min(y1, v1) - max(y0, v0) > 0.01), \
                        (journey_map.id, page, line, other)


def test_a_handout_of_one_persona_holds_only_it_reports_progress_and_can_be_cancelled(tmp_path: Path):
    from app.export import ExportCancelledError

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    seen: list[tuple[int, int]] = []
    out = tmp_path / "jonas.pdf"
    result = export_pdf(journey_map, out, PdfOptions(handout=True, personas=["Jonas"]),
                        lambda done, total: seen.append((done, total)) or True)
    texts = [page.extract_text() for page in PdfReader(out).pages]
    assert all("Jonas" in text and "Lena" not in text and "Maria" not in text for text in texts)
    assert seen == [(n, result.pages) for n in range(1, result.pages + 1)]
    with pytest.raises(ExportCancelledError):
        export_pdf(journey_map, tmp_path / "cancelled.pdf", PdfOptions(handout=True), lambda done, total: done < 2)
    assert not (tmp_path / "cancelled.pdf").exists()


def test_the_emotion_curve_leaves_each_range_towards_the_phases_on_the_pages_before_and_after():
    from app.export.handout import curve_stubs

    journey_map = load_map(SAMPLES / "fitness-watch.json")
    plan = plan_handout(journey_map, ["beginner"], paper_size("A4", False), PosterPlanner(journey_map))
    scores = {e.phase: e.score for e in journey_map.emotions if e.persona == "beginner"}
    phases = [p.id for p in journey_map.phases]
    ranges = [(page.first, page.last) for page in plan.pages]
    assert ranges == [(1, 2), (3, 4), (5, 5)]
    for page in plan.pages:
        before = scores.get(phases[page.first - 2]) if page.first > 1 else None
        after = scores.get(phases[page.last]) if page.last < len(phases) else None
        assert page.neighbours == (before, after)
        stubs = curve_stubs(page.layout, page.neighbours)
        assert len(stubs) == (before is not None) + (after is not None)
        layout = page.layout
        for (x0, y0), (x1, y1) in stubs:
            mark = min(layout.emotion_marks, key=lambda m: abs(m.x - x0))
            assert (x0, y0) == (mark.x, mark.y)
            column = layout.phase_headers[0].rect.w
            neighbour = after if x1 > x0 else before
            target = layout.zero_y - neighbour * layout.score_step
            assert abs(x1 - x0) <= column / 2 + 1e-6  # to the page's edge of the grid, not beyond
            assert min(y0, target) - 1e-6 <= y1 <= max(y0, target) + 1e-6  # heading for the neighbour's score
            if x1 > x0:
                assert x1 == pytest.approx(layout.phase_headers[-1].rect.right)
                assert y1 == pytest.approx((y0 + target) / 2)
