"""KPI values in a deliverable limited to some personas (app.export.insight_pages.printed_map): the values
for every persona and those of the chosen personas print, another persona's own values do not (the workbook's
KPI sheet lists every value the printed map holds, so a left-out persona's figures would show there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.export.insight_pages import printed_map
from app.model import JourneyMap, Kpis, Lane, Persona, Phase

PERSONAS = {"p": "Pat", "q": "Quinn", "r": "Robin"}
#: (persona, value): the shared value, and one of each persona's own, told apart by their figures
VALUES = [(None, 10.0), ("p", 21.0), ("q", 32.0), ("r", 43.0)]


def _map() -> JourneyMap:
    kpis = Kpis.model_validate({
        "metrics": [{"id": "nps", "name": "NPS"}],
        "values": [{"metric": "nps", "phase": "a", "value": value} | ({"persona": persona} if persona else {})
                   for persona, value in VALUES]})
    return JourneyMap(id="m", title="KPIs", phases=[Phase(id="a", name="A")], lanes=[Lane(id="n", name="N")],
                      personas=[Persona(id=i, name=name) for i, name in PERSONAS.items()], kpis=kpis)


def _expected(chosen: list[str]) -> list[float]:
    return [value for persona, value in VALUES if persona is None or persona in chosen]


@pytest.mark.parametrize("chosen", [["p"], ["q"], ["p", "r"], ["q", "r"]])
def test_the_printed_map_keeps_the_shared_and_the_chosen_personas_values(chosen):
    shown = printed_map(_map(), chosen)
    assert [p.id for p in shown.personas] == chosen
    assert [v.value for v in shown.kpis.values] == _expected(chosen)


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("chosen", [["p"], ["q", "r"]])
def test_the_workbook_of_some_personas_lists_only_their_kpi_values(tmp_path: Path, chosen, language):
    target = tmp_path / "k.xlsx"
    export_excel(_map(), target, language=language, personas=[PERSONAS[i] for i in chosen])
    sheet = load_workbook(target).worksheets[-1]  # the KPI sheet comes last
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[5] for row in rows] == _expected(chosen)
    named = {row[4] for row in rows}
    left_out = {PERSONAS[i] for i in PERSONAS if i not in chosen} | {i for i in PERSONAS if i not in chosen}
    assert not named & left_out, named
