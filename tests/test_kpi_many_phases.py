"""The KPI page of a map with many phases (``app.export.insight_pages``): no figure over a cell's edge.

Each metric's table has a column per phase; with many phases the columns grew narrower than the width their text
is wrapped at, and the figures ran over into the next cells. The phases are split into as few tables as keep
every column that wide (as the persona comparison is), the metric's heading kept with the first table, every
figure printed once under its phase. A map whose columns hold their text prints one table per metric as before.
"""

from __future__ import annotations

import pytest

from app.export import insight_pages as pages_module
from app.model import JourneyMap, Kpis, Lane, Persona, Phase
from tests.test_comparison_many_phases import SIZES, expected_tables, lines_inside_cells, squeezed
from tests.test_mutation_kpi_page import lay_out


def kpi_map(count: int, metrics: int = 2) -> JourneyMap:
    """``count`` phases, two personas; each metric a value for all personas in every phase and one for Ana in
    every other phase."""
    values = []
    for m in range(metrics):
        for i in range(count):
            values.append({"metric": f"m{m}", "phase": f"ph{i}", "value": 100 + i, "target": 120})
            if i % 2 == 0:
                values.append({"metric": f"m{m}", "phase": f"ph{i}", "persona": "ana", "value": 10 * m + i})
    return JourneyMap(
        id="kpi", title="KPIs", phases=[Phase(id=f"ph{i}", name=f"Step {i + 1:02d}") for i in range(count)],
        lanes=[Lane(id="do", name="Doing")], personas=[Persona(id="ana", name="Ana"), Persona(id="ben", name="Ben")],
        kpis=Kpis.model_validate({"metrics": [{"id": f"m{m}", "name": f"Metric {m}", "unit": "%"}
                                              for m in range(metrics)], "values": values}))


def tables_of(pages) -> list[list]:
    """The tables in order, one continued on the next page (its header repeated) joined to its start."""
    joined: list[list] = []
    for page in pages:
        for table in page.tables():
            if joined and [b.lines for b in joined[-1][0]] == [b.lines for b in table[0]] and \
                    table[0][1].lines != ["Step 01"]:
                joined[-1] += table[1:]
            else:
                joined.append(table)
    return joined


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [6, 12, 16, 20, 30])
def test_no_figure_of_a_kpi_table_runs_over_its_cells_edges(count: int, paper: str):
    assert lines_inside_cells(lay_out(kpi_map(count), size=SIZES[paper])) >= 2 * count * 3


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [6, 12, 16, 20, 30])
def test_each_metric_splits_its_phases_into_few_even_tables_with_every_figure_once(count: int, paper: str):
    pages = lay_out(kpi_map(count), size=SIZES[paper])
    tables = tables_of(pages)
    per_metric = expected_tables(count, SIZES[paper])
    assert len(tables) == 2 * per_metric
    for m in range(2):
        mine = tables[m * per_metric:(m + 1) * per_metric]
        sizes = [len(table[0]) - 1 for table in mine]
        assert max(sizes) - min(sizes) <= 1
        headers = [squeezed(box.lines) for table in mine for box in table[0][1:]]
        assert headers == [f"Step{i + 1:02d}" for i in range(count)]
        for table in mine:
            assert [row[0].lines for row in table[1:]] == [["All personas"], ["Ana"]]
        everyone = [squeezed(box.lines) for table in mine for box in table[1][1:]]
        ana = [squeezed(box.lines) for table in mine for box in table[2][1:]]
        assert all(cell.startswith(f"{100 + i}%") for i, cell in enumerate(everyone)), everyone
        assert [cell if i % 2 == 0 else "–" for i, cell in enumerate(ana)] == ana
        assert all(ana[i].startswith(f"{10 * m + i}%") for i in range(0, count, 2)), ana
    headings = [text.text for page in pages for text in page.free_texts() if text.text.startswith("Metric ")]
    assert headings == ["Metric 0", "Metric 1"]


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("count", [1, 6, 9, 12])
def test_a_map_whose_columns_hold_their_figures_prints_one_table_a_metric_as_before(
        count: int, paper: str, monkeypatch: pytest.MonkeyPatch):
    journey_map = kpi_map(count)
    split = lay_out(journey_map, size=SIZES[paper])
    monkeypatch.setattr(pages_module, "phase_groups", lambda phases, width, size=0.0: [phases])
    whole = lay_out(journey_map, size=SIZES[paper])
    assert len(tables_of(split)) == 2
    assert [(page.texts, page.boxes) for page in split] == [(page.texts, page.boxes) for page in whole]
