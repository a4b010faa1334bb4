"""How the insight pages flow a numbered entry and a chart with its legend (mutation survivors of
``insight_pages._Numbered.split`` and ``page_flow.stacked``).

A numbered entry (a pain point, an opportunity) moves whole to the next column when it does not fit the rest
of one; only an entry taller than a whole column is split, its number beside its first part only, every line
printed once and in order. A chart and its legend are one drawing: the legend a gap below the chart.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.export.insight_pages import InsightOptions, _Numbered, insight_pages
from app.export.page_flow import BODY_PT, LINE_SPACING, SMALL_PT, Drawing, Line, draw_pages, stacked
from app.export.pdf import PosterPlanner, paper_size
from app.model import Card, JourneyMap, Lane, Persona, Phase

LINE = BODY_PT * LINE_SPACING


def entry(count: int, number: str = "7.") -> _Numbered:
    """An entry of ``count`` lines (the last two in the small type of its facts), numbered ``number``."""
    lines = [Line(f"line {i}", BODY_PT, dx=20.0) for i in range(count - 2)]
    lines += [Line(f"fact {i}", SMALL_PT, dx=20.0) for i in range(2)]
    return _Numbered(lines, number=Line(number, BODY_PT, bold=True))


def texts(block) -> list[str]:
    return [line.text for line in block.lines] if block is not None else []


@pytest.mark.parametrize("count", [3, 5, 12])
def test_an_entry_that_does_not_fit_the_rest_of_a_column_moves_whole(count: int):
    numbered = entry(count)
    for room in (0.0, LINE, LINE * 2 + 1, numbered.height() - 1):
        head, rest = numbered.split(room, False)
        assert head is None and rest is numbered, room


@pytest.mark.parametrize("count", [3, 5, 12])
def test_an_entry_taller_than_a_column_is_split_its_number_beside_the_first_part_only(count: int):
    numbered = entry(count)
    for room in sorted({0.0, LINE - 1, LINE, 2 * LINE + 0.5, (count - 2) * LINE, numbered.height() - 1}):
        heights = [sum(line.height for line in numbered.lines[:n]) for n in range(1, count + 1)]
        taken = max(1, sum(height <= room + 1e-6 for height in heights))
        head, rest = numbered.split(room, True)
        assert isinstance(head, _Numbered) and head.number is numbered.number, room
        assert texts(head) == texts(numbered)[:taken], room  # every line that fits, at least one
        assert head.height() == pytest.approx(heights[taken - 1])
        assert not isinstance(rest, _Numbered) and getattr(rest, "number", None) is None  # not numbered again
        assert texts(head) + texts(rest) == texts(numbered)
        if rest is not None:
            assert rest.lines[0].dx == 20.0 and rest.height() == pytest.approx(numbered.height() - head.height())


def pdf_text(pages) -> str:
    out = io.BytesIO()
    c = Canvas(out)
    draw_pages(c, pages, lambda number: f"page {number} of {len(pages)}")
    c.save()
    found = subprocess.run(["pdftotext", "-raw", "-", "-"], input=out.getvalue(), capture_output=True,
                           check=True, timeout=60)
    return found.stdout.decode("utf-8")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
@pytest.mark.parametrize(("paper", "landscape"), [("A4", True), ("A4", False), ("Letter", False), ("A3", True)])
def test_a_pain_point_longer_than_a_page_prints_every_word_once_numbered_once(paper: str, landscape: bool):
    words = [f"w{i:04d}" for i in range(1800)]
    journey_map = JourneyMap(
        id="long", title="Long", phases=[Phase(id="p1", name="Start")],
        lanes=[Lane(id="pain", name="Pains", kind="pain_points")], personas=[Persona(id="ana", name="Ana")],
        cards=[Card(id="big", persona="ana", phase="p1", lane="pain", text=" ".join(words), severity=3,
                    owner="Support"),
               Card(id="small", persona="ana", phase="p1", lane="pain", text="Queue at the till", severity=2,
                    owner="Support")])
    planner = PosterPlanner(journey_map, "en")
    pages = insight_pages(journey_map, ["ana"], InsightOptions(comparison=False, matrix=False, kpis=False),
                          paper_size(paper, landscape), planner.wrapper, planner.words)
    assert len(pages) >= 2
    text = pdf_text(pages)
    found = [word for word in text.split() if word.startswith("w") and word[1:].isdigit()]
    assert found == words  # once each, in order, across columns and pages
    assert text.split().count("1.") == 1 and text.split().count("2.") == 1
    assert text.index("Queue at the till") > text.index("w1799")
    [numbered] = [page for page in text.split("\f") if "1." in page.split()]
    assert "w0000" in numbered.split()  # the number beside the entry's first part, on its first page


# --- a chart and its legend -------------------------------------------------------------------------------


def recorded(first_size: float, second_size: float, **gap) -> tuple[Drawing, list]:
    calls: list = []
    chart = Drawing(first_size, lambda c, x, y: calls.append(("chart", x, y)))
    legend = Drawing(second_size, lambda c, x, y: calls.append(("legend", x, y)))
    return stacked(chart, legend, **gap), calls


@pytest.mark.parametrize(("first", "second"), [(100.0, 20.0), (37.5, 61.25)])
def test_a_legend_sits_four_points_below_its_chart_and_the_pair_is_as_tall_as_both(first: float, second: float):
    both, calls = recorded(first, second)
    assert both.height() == first + 4.0 + second
    both.draw(None, 10.0, 50.0)
    assert calls == [("chart", 10.0, 50.0), ("legend", 10.0, 50.0 + first + 4.0)]
    spaced, calls = recorded(first, second, gap=9.0)
    assert spaced.height() == first + 9.0 + second
    spaced.draw(None, 0.0, 0.0)
    assert calls == [("chart", 0.0, 0.0), ("legend", 0.0, first + 9.0)]
    assert spaced.split(spaced.height() - 1, False) == (None, spaced)  # kept together, moved whole
