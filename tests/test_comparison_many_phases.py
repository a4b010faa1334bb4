"""The persona comparison of a map with many phases (``app.export.insight_pages``): no text over a cell's edge.

A phase column narrower than the width its text is wrapped at (four times the type size, and the cell's padding
on both sides) had its text run over into the next cells. Such a map's phases are split into as few tables as
keep every column that wide, as even as can be; each table repeats the persona column and every persona's row,
and every phase and card prints once, in order. A map whose columns hold their text prints one table as before.

The pages are drawn on the recording canvas of ``tests.test_mutation_kpi_page`` (lines of text with place,
size and weight; table cells with their lines), in design points, y down from the page's top.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, LETTER, landscape, portrait

from app.export import insight_pages as pages_module
from app.export.fonts import ReportlabMetrics
from app.export.page_flow import CELL_PAD, MARGIN, page_scale
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_kpi_page import Box, Page, inside, lay_out

SIZES = {"A4": portrait(A4), "A4-landscape": landscape(A4), "Letter": portrait(LETTER)}
PERSONAS = {"ana": "Ana Alves", "ben": "Ben Berg"}
EPS = 1e-3
METRICS = ReportlabMetrics()


def phase_name(i: int) -> str:
    return f"Step {i + 1:02d} Kundenzufriedenheit"  # a word longer than a narrow column: it is broken


def card_text(pid: str, i: int) -> str:
    return f"{PERSONAS[pid].split()[0]} waits for refund {i + 1}"


def many_phases(count: int) -> JourneyMap:
    """Two personas, a pain points lane with a card of each persona in each phase (Ben none in every third)."""
    return JourneyMap(
        id="wide", title="Wide",
        phases=[Phase(id=f"ph{i}", name=phase_name(i)) for i in range(count)],
        lanes=[Lane(id="pain", name="Pain points", kind="pain_points")],
        personas=[Persona(id=pid, name=name) for pid, name in PERSONAS.items()],
        cards=[Card(id=f"{pid}{i}", persona=pid, phase=f"ph{i}", lane="pain", text=card_text(pid, i))
               for i in range(count) for pid in PERSONAS if not (pid == "ben" and i % 3 == 2)])


def squeezed(lines: list[str]) -> str:
    """A cell's text without the places it was wrapped or broken at."""
    return "".join(lines).replace(" ", "")


def groups(pages: list[Page]) -> list[list[list[Box]]]:
    """The comparison's tables, a table continued on the next page (its header repeated) joined to its start."""
    joined: list[list[list[Box]]] = []
    for page in pages:
        for table in page.tables():
            header = [box.lines for box in table[0]]
            if joined and [box.lines for box in joined[-1][0]] == header:
                joined[-1] += table[1:]
            else:
                joined.append(table)
    return joined


def lines_inside_cells(pages: list[Page]) -> int:
    """Assert that each line drawn in a table cell lies within the cell's padding; returns how many were seen."""
    checked = 0
    for page in pages:
        for table in page.tables():
            for row in table:
                for box in row:
                    for text in (text for text in page.texts if inside(text, box)):
                        right = text.x + METRICS.width(text.text, text.size, text.bold)
                        assert box.x + CELL_PAD - EPS <= text.x and right <= box.x + box.width - CELL_PAD + EPS, (
                            text.text, right - (box.x + box.width - CELL_PAD))
                        checked += 1
    return checked


def expected_tables(count: int, size: tuple[float, float]) -> int:
    """The fewest tables whose widest has each phase column as wide as its text is wrapped: at least four times
    the type size (7.5 pt, 6.5 when a column is under 70 points) and 3 points of padding on each side."""
    width = size[0] / page_scale(size) - 2 * MARGIN
    for tables in range(1, count + 1):
        most = -(-count // tables)
        share = 0.16 if most <= 6 else 0.12
        column = width * (1 - share) / most
        type_size = 6.5 if min(column, width * share) < 70 else 7.5
        if column >= 4 * type_size + 2 * CELL_PAD:
            return tables
    raise AssertionError("no split fits")


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [6, 12, 15, 16, 20, 30, 60])
def test_no_line_of_a_comparison_cell_runs_over_its_cells_edges(count: int, paper: str):
    """Each line drawn in a comparison cell starts after the cell's left padding and ends before its right."""
    assert lines_inside_cells(lay_out(many_phases(count), size=SIZES[paper], page="comparison")) >= count * 3


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [6, 12, 15, 16, 20, 30, 60])
def test_many_phases_split_into_few_even_tables_with_every_phase_and_card_once_in_order(count: int, paper: str):
    """As few tables as keep the columns wide enough, their phase counts differing by one at most (20: 10 and
    10, not 16 and 4); each with the persona column and a row per persona in the map's order; together every
    phase once in the headers in the map's order, and every card in its persona's row under its phase."""
    laid_out = lay_out(many_phases(count), size=SIZES[paper], page="comparison")
    tables = groups(laid_out)
    assert len(tables) == expected_tables(count, SIZES[paper])
    sizes = [len(table[0]) - 1 for table in tables]
    assert max(sizes) - min(sizes) <= 1
    headers = []
    for table in tables:
        assert table[0][0].lines == ["Persona"]
        assert [row[0].lines for row in table[1:]] == [[name] for name in PERSONAS.values()]
        headers += [squeezed(box.lines) for box in table[0][1:]]
    assert headers == [squeezed([phase_name(i)]) for i in range(count)]
    for k, pid in enumerate(PERSONAS):
        cells = [squeezed(box.lines) for table in tables for box in table[1 + k][1:]]
        assert cells == [squeezed(["–" if pid == "ben" and i % 3 == 2 else f"• {card_text(pid, i)}"])
                         for i in range(count)]
    headings = [text.text for page in laid_out for text in page.free_texts() if text.bold]
    assert headings.count("Pain points side by side") == 1
    # the heading stands above the first table, on its page
    first = next(page for page in laid_out if page.tables())
    heading = next(text for text in first.free_texts() if text.text == "Pain points side by side")
    assert heading.bottom <= first.tables()[0][0][0].y


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [1, 4, 6, 7, 9, 12])
def test_a_map_whose_columns_hold_their_text_prints_one_table_as_before(count: int, paper: str,
                                                                       monkeypatch: pytest.MonkeyPatch):
    """Up to twelve phases fit on these papers: one table of all phases, drawn exactly as before the split was
    made (every phase in one group)."""
    journey_map = many_phases(count)
    split = lay_out(journey_map, size=SIZES[paper], page="comparison")
    monkeypatch.setattr(pages_module, "phase_groups", lambda phases, width, size=0.0: [phases])
    whole = lay_out(journey_map, size=SIZES[paper], page="comparison")
    assert len(groups(split)) == 1
    assert [(page.texts, page.boxes) for page in split] == [(page.texts, page.boxes) for page in whole]


def test_twenty_phases_on_a4_make_two_tables_of_ten_and_the_second_follows_the_first_closely():
    """The second table starts a small gap (8 points) below the first, on the same page when it fits."""
    laid_out = lay_out(many_phases(20), size=portrait(A4), page="comparison")
    tables = [table for page in laid_out for table in page.tables()]
    assert [len(table[0]) - 1 for table in tables] == [10, 10]
    (page,) = [page for page in laid_out if page.tables()]
    first, second = page.tables()
    bottom = first[-1][0].y + first[-1][0].height
    assert second[0][0].y - bottom == pytest.approx(8.0)
