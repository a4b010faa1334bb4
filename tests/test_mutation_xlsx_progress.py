"""The workbook export's progress: one step per sheet and one for encoding, counted up from 1 against a total
that is the same in every call and that the last call reaches, with or without opportunities and KPI sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export.excel import export_excel
from app.model import JourneyMap, Kpis, KpiValue, Lane, Metric, Persona, Phase, load_map
from tests.conftest import SAMPLES


def small_map(opportunities: bool, kpis: bool = False) -> JourneyMap:
    lanes = [Lane(id="tp", name="Touchpoints", kind="touchpoints")]
    if opportunities:
        lanes.append(Lane(id="op", name="Ideas", kind="opportunities"))
    metrics = Kpis(metrics=[Metric(id="nps", name="NPS")], values=[KpiValue(metric="nps", phase="aw", value=42)])
    return JourneyMap(id="m", title="Watch journey", phases=[Phase(id="aw", name="Awareness")], lanes=lanes,
                      personas=[Persona(id="lena", name="Lena"), Persona(id="tom", name="Tom")],
                      kpis=metrics if kpis else None)


MAPS = {
    "no opportunities, no KPIs": lambda: small_map(False),
    "opportunities": lambda: small_map(True),
    "KPIs": lambda: small_map(False, kpis=True),
    "opportunities and KPIs": lambda: small_map(True, kpis=True),
    "b2b sample": lambda: load_map(SAMPLES / "b2b-it-services.json"),
}


@pytest.mark.parametrize("name", list(MAPS))
def test_progress_counts_each_sheet_and_the_encoding_up_to_its_total(name: str, tmp_path: Path):
    journey_map = MAPS[name]()
    seen: list[tuple[int, int]] = []
    result = export_excel(journey_map, tmp_path / "m.xlsx", lambda done, total: seen.append((done, total)) is None)
    total = len(result.sheets) + 1
    assert seen == [(done, total) for done in range(1, total + 1)], name


def test_the_maps_above_have_the_sheets_whose_steps_are_counted(tmp_path: Path):
    """The KPI sheet and the opportunities sheet, each alone and together (else the test above would not bite)."""
    sheets = {name: set(export_excel(build(), tmp_path / "m.xlsx").sheets) for name, build in MAPS.items()}
    assert not {"KPIs per phase", "Opportunities"} & sheets["no opportunities, no KPIs"]
    assert "Opportunities" in sheets["opportunities"] and "KPIs per phase" not in sheets["opportunities"]
    assert "KPIs per phase" in sheets["KPIs"] and "Opportunities" not in sheets["KPIs"]
    assert {"KPIs per phase", "Opportunities"} <= sheets["opportunities and KPIs"]
