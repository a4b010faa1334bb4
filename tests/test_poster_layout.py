"""The poster's page as printed (issue 19 A.2–A.5): nothing drawn overlaps, one type scale from the card text,
the map centred and printed at one scale for every persona, a refusal that names the cells at fault."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.cli import main
from app.export import ExportError
from app.export.fonts import ReportlabMetrics
from app.export.pdf import (
    MARGIN,
    MIN_READABLE_PT,
    STANDARD_PAPERS,
    PdfOptions,
    _Poster,
    export_pdf,
    plan_poster,
)
from app.model import Card, JourneyMap, Lane, Persona, Phase, load_map
from tests.conftest import SAMPLE_FILES, SAMPLES

Box = tuple[float, float, float, float]


@dataclass
class Element:
    """Something drawn on a page: a line of text or a shape, its box in page points (y up)."""

    box: Box
    what: str
    text: bool
    size: float = 0.0  # a text's size on paper


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    grid: Box | None = None


def _box(c: Canvas, x0: float, y0: float, x1: float, y1: float) -> Box:
    a, b, cc, d, e, f = c._currentMatrix
    xs = [a * x + cc * y + e for x, y in ((x0, y0), (x1, y1))]
    ys = [b * x + d * y + f for x, y in ((x0, y0), (x1, y1))]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> dict[int, Page]:
    """Records every line of text, box, circle and star the poster draws, per page, and each page's grid."""
    record: dict[int, Page] = {}
    metrics = ReportlabMetrics()

    def page(c: Canvas) -> Page:
        return record.setdefault(c.getPageNumber(), Page())

    real_text = _Poster.text

    def text(self, c, x, top, lines, size, color, bold=False, into=None):
        height = size * self.style.line_spacing
        scale = abs(c._currentMatrix[3])
        for i, line in enumerate(lines):
            width = metrics.width(line, size, bold)
            if width > 0:
                page(c).elements.append(Element(_box(c, x, top + i * height, x + width, top + (i + 1) * height),
                                                line, True, size * scale))
        return real_text(self, c, x, top, lines, size, color, bold, into)

    def shape(name, box_of):
        real = getattr(Canvas, name)

        def drawn(c, *args, **kwargs):
            page(c).elements.append(Element(_box(c, *box_of(*args)), name, False))
            return real(c, *args, **kwargs)

        monkeypatch.setattr(Canvas, name, drawn)

    shape("rect", lambda x, y, w, h, *rest: (x, y, x + w, y + h))
    shape("roundRect", lambda x, y, w, h, *rest: (x, y, x + w, y + h))
    shape("circle", lambda cx, cy, r, *rest: (cx - r, cy - r, cx + r, cy + r))
    # the deliverable's logo (issue 19 F.18): an image drawn into its box
    shape("drawImage", lambda image, x, y, width, height, *rest: (x, y, x + width, y + height))
    real_star, real_grid = _Poster.star, _Poster.draw_grid

    def star(self, c, cx, cy, outer):
        page(c).elements.append(Element(_box(c, cx - outer, cy - outer, cx + outer, cy + outer), "star", False))
        return real_star(self, c, cx, cy, outer)

    def draw_grid(self, c, layout):
        page(c).grid = _box(c, 0, 0, layout.width, layout.height)
        return real_grid(self, c, layout)

    monkeypatch.setattr(_Poster, "text", text)
    monkeypatch.setattr(_Poster, "star", star)
    monkeypatch.setattr(_Poster, "draw_grid", draw_grid)
    return record


def _inside(inner: Box, outer: Box, slack: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)


def _cross(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.01 and min(a[3], b[3]) - max(a[1], b[1]) > 0.01


def clashes(elements: list[Element]) -> list[tuple[str, str]]:
    """Pairs that overlap: two texts that touch each other at all, or a text or shape partly over a shape (a text
    inside a card, a card inside its cell, a face inside the emotion lane is where it belongs); nothing may stand
    on a logo, even whole inside it."""
    found = []
    ordered = sorted(elements, key=lambda e: e.box[0])
    for i, one in enumerate(ordered):
        for other in ordered[i + 1:]:
            if other.box[0] >= one.box[2]:
                break
            if not _cross(one.box, other.box):
                continue
            nested = ((not other.text and other.what != "drawImage" and _inside(one.box, other.box))
                      or (not one.text and one.what != "drawImage" and _inside(other.box, one.box)))
            if not nested:  # two texts never nest: a text is never drawn over another
                found.append((one.what, other.what))
    return found


PAPERS = [*STANDARD_PAPERS, "auto"]


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_nothing_drawn_overlaps_and_everything_stays_inside_the_margins_on_every_paper(
        path: Path, landscape: bool, tmp_path: Path, pages: dict[int, Page]):
    journey_map = load_map(path)
    printed = 0
    for paper in PAPERS:
        options = PdfOptions(paper=paper, landscape=landscape)
        plan = plan_poster(journey_map, options)
        if not plan.readable:
            continue
        pages.clear()
        export_pdf(journey_map, tmp_path / "poster.pdf", options)
        printed += 1
        for number, page in pages.items():
            width, height = plan.pages[number - 1].size
            area = (MARGIN, MARGIN, width - MARGIN, height - MARGIN)
            outside = [e.what for e in page.elements if not _inside(e.box, area)]
            assert outside == [], (paper, number, outside[:4])
            assert clashes(page.elements) == [], (paper, number)
    assert printed >= 4


def long_role_map() -> JourneyMap:
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    for persona in journey_map.personas:
        persona.role = ("Head of IT infrastructure at a mid-sized manufacturer of industrial pumps, reports to the "
                        "CFO, owns the budget for managed services and signs off every vendor after a pilot")
    return journey_map


@pytest.mark.parametrize("paper", ["A3", "A2", "A0"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_a_long_persona_role_grows_the_title_block_and_overlaps_nothing(paper: str, landscape: bool, tmp_path: Path,
                                                                       pages: dict[int, Page]):
    journey_map = long_role_map()
    options = PdfOptions(paper=paper, landscape=landscape, language="de")
    if not plan_poster(journey_map, options).readable:
        pytest.skip("refused on this paper")
    export_pdf(journey_map, tmp_path / "role.pdf", options)
    for page in pages.values():
        assert clashes(page.elements) == []
        grid_top = page.grid[3]
        above = [e for e in page.elements if e.box[1] >= grid_top - 0.01]
        assert any("pilot" in e.what for e in above)  # the role's end is printed, above the grid


# --- 3: one type scale -------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A3", "A2", "A1", "A0"])
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_size_follows_the_card_text_and_nothing_prints_below_six_points(path: Path, paper: str, tmp_path: Path,
                                                                              pages: dict[int, Page]):
    journey_map = load_map(path)
    options = PdfOptions(paper=paper)
    plan = plan_poster(journey_map, options)
    if not plan.readable:
        pytest.skip("refused on this paper")
    export_pdf(journey_map, tmp_path / "poster.pdf", options)
    card_lines = {line for card in journey_map.cards for line in card.text.split("\n")}
    for number, page in pages.items():
        texts = [e for e in page.elements if e.text]
        assert min(e.size for e in texts) >= MIN_READABLE_PT - 1e-6, [e.what for e in texts
                                                                      if e.size < MIN_READABLE_PT - 1e-6][:5]
        card_pt = plan.pages[number - 1].text_pt
        title = next(e for e in texts if journey_map.title.split()[0] in e.what)
        assert title.size >= 1.6 * card_pt, (title.size, card_pt)  # clearly larger than the cards
        persona = journey_map.persona(plan.pages[number - 1].persona_id)
        persona_line = next(e for e in texts if e.what.startswith(persona.name.split()[0]) and e.box[1] > page.grid[3])
        assert persona_line.size >= card_pt - 1e-6
        assert any(e.what in card_lines or any(e.what in line for line in card_lines) for e in texts)


# --- 4: centred, one scale for all personas ----------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A3", "A1"])
@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
def test_every_persona_prints_at_one_scale_and_the_map_is_centred(paper: str, landscape: bool, tmp_path: Path,
                                                                  pages: dict[int, Page]):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    options = PdfOptions(paper=paper, landscape=landscape)
    plan = plan_poster(journey_map, options)
    assert len({round(page.text_pt, 6) for page in plan.pages}) == 1
    export_pdf(journey_map, tmp_path / "poster.pdf", options)
    sizes = set()
    for number, page in pages.items():
        planned = plan.pages[number - 1]
        x0, y0, x1, y1 = page.grid
        width, height = planned.size
        assert x0 - MARGIN == pytest.approx(width - MARGIN - x1, abs=0.5)  # centred across the sheet
        above = (height - y1) - planned.grid_top  # y up: from the title block down to the grid
        below = y0 - (MARGIN + planned.title.footer_height)  # from the grid down to the footer
        assert above == pytest.approx(below, abs=0.5) and above >= -0.01
        first_lines = {box.lines[0] for box in planned.layout.cards.values() if box.lines}
        sizes |= {round(e.size, 6) for e in page.elements if e.text and e.what in first_lines
                  and e.box[3] <= y1 + 0.01}
    assert sizes == {round(plan.text_pt, 6)}  # the cards of every persona print at one size


def test_each_persona_keeps_its_own_scale_when_asked():
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    one = plan_poster(journey_map, PdfOptions(paper="A3"))
    each = plan_poster(journey_map, PdfOptions(paper="A3", same_scale=False))
    assert len({round(page.text_pt, 6) for page in each.pages}) > 1
    assert one.text_pt == pytest.approx(each.text_pt)
    assert all(page.text_pt == pytest.approx(one.text_pt) for page in one.pages)


# --- 5: the refusal names the cells at fault and every paper and orientation that works --------------------


def one_tall_cell() -> JourneyMap:
    phases = [Phase(id=f"p{i}", name=f"Step {i + 1}") for i in range(6)]
    lanes = [Lane(id="a", name="Said", kind="thoughts"), Lane(id="b", name="Done", kind="actions")]
    cards = [Card(id=f"c{i}", persona="p", phase=p.id, lane=lane.id, text="short")
             for i, (p, lane) in enumerate((p, lane) for p in phases for lane in lanes)]
    cards.append(Card(id="tall", persona="p", phase="p4", lane="b", text=" ".join(["word"] * 1500)))
    return JourneyMap(id="t", title="Tall", phases=phases, lanes=lanes, personas=[Persona(id="p", name="Pat")],
                      cards=cards)


def test_the_refusal_names_the_cell_that_forces_the_scale_down_not_the_first_cells(tmp_path: Path):
    with pytest.raises(ExportError) as info:
        export_pdf(one_tall_cell(), tmp_path / "x.pdf", PdfOptions(paper="A4"))
    message = str(info.value)
    assert "cells affected: Step 5 / Done." in message, message  # the tall card's cell, and only it
    assert "Step 1 / Said" not in message


def test_a_refusal_says_when_portrait_works_and_the_suggestion_succeeds(tmp_path: Path, capsys):
    source = str(SAMPLES / "b2b-it-services.json")
    out = tmp_path / "out.pdf"
    code = main(["export", source, "--pdf", str(out), "--paper", "A4", "--persona", "Dr. Weber"])
    err = capsys.readouterr().err
    assert code == 1 and "choose paper A4 portrait or A3 landscape" in err, err
    commands = [shlex.split(text)[1:] for text in re.findall(r"`(journeymap [^`]+)`", err)]
    assert ["--paper", "A4", "--portrait"] in [c[c.index("--paper"):] for c in commands if "--paper" in c]
    for command in commands:
        assert main(command) == 0, command
        capsys.readouterr()
        out.unlink()


def test_a_refusal_names_every_standard_paper_orientation_that_works(tmp_path: Path):
    journey_map = load_map(SAMPLES / "b2b-it-services.json")
    with pytest.raises(ExportError) as info:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper="A4"))
    assert ["--paper", "A3"] in info.value.suggestions
    assert ["--paper", "A3", "--portrait"] in info.value.suggestions
    assert "A3 portrait" in str(info.value)


def test_the_command_line_prints_every_persona_at_one_scale_unless_asked_for_each(tmp_path, capsys):
    """``journeymap export`` keeps one scale for all personas (one card text size); ``--scale-each`` gives each
    persona its own (a range of sizes)."""
    sample = str(SAMPLES / "b2b-it-services.json")
    said = {}
    for flag in ([], ["--scale-each"]):
        assert main(["export", sample, "--pdf", str(tmp_path / "m.pdf"), "--paper", "A2", "--no-summary",
                     "--no-comparison", *flag]) == 0
        said[bool(flag)] = capsys.readouterr().out
    assert re.search(r"card text [\d.]+ pt\)", said[False]), said[False]
    assert re.search(r"card text [\d.]+–[\d.]+ pt\)", said[True]), said[True]
