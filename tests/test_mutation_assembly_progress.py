"""The workbook export's progress: one step per sheet and one for encoding, so the bar ends full exactly when
the file is written, whether the map has an Opportunities sheet, a KPIs sheet, both or neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export.excel import export_excel
from tests.test_insight_sheets import insight_map


def variant(opportunities: bool, kpis: bool):
    """The insight map (two personas) with or without its opportunity lane and its KPIs."""
    journey_map = insight_map()
    if not opportunities:
        journey_map.cards = [card for card in journey_map.cards if card.lane != "op"]
        journey_map.lanes = [lane for lane in journey_map.lanes if lane.kind != "opportunities"]
    if not kpis:
        journey_map.kpis = None
    return journey_map


@pytest.mark.parametrize("kpis", [False, True])
@pytest.mark.parametrize("opportunities", [False, True])
def test_the_progress_total_is_every_sheet_and_the_encoding(opportunities: bool, kpis: bool, tmp_path: Path):
    seen: list[tuple[int, int]] = []
    result = export_excel(variant(opportunities, kpis), tmp_path / "m.xlsx",
                          lambda done, total: seen.append((done, total)) is None)
    sheets = 6 + opportunities + kpis  # overview, two personas, cards, emotions, pain points, and the insight sheets
    assert len(result.sheets) == sheets
    assert seen == [(done, sheets + 1) for done in range(1, sheets + 2)]
