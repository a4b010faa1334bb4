"""The glyph warning of a poster PDF with insight pages (app.export.pdf._export_pdf): a KPI's name or unit that
only the KPI page prints (no KPI lane on the poster) is named when that page is printed, and not when it is
not. The warning is in the UI language."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import i18n
from app.export.pdf import PdfOptions, export_pdf
from app.model import Card, JourneyMap, Kpis, KpiValue, Lane, Metric, Persona, Phase

BOX = "\U0010ff00"  # private use: no font has it
PAPERS = [{"paper": "A3"}, {"paper": "A2", "tile": "A4"}]
HEAD = {"en": "no font has a glyph for 1 character", "de": "keine Schrift hat ein Zeichenbild für 1 Zeichen"}


def kpi_map(name: str, unit: str) -> JourneyMap:
    """One persona, a notes lane and KPIs without a KPI lane: only the KPI page prints the metric."""
    kpis = Kpis(metrics=[Metric(id="wait", name=name, unit=unit)],
                values=[KpiValue(metric="wait", phase="a", value=3, target=2)])
    return JourneyMap(id="m", title="Glyphs", phases=[Phase(id="a", name="A"), Phase(id="b", name="B")],
                      lanes=[Lane(id="n", name="Notes")], personas=[Persona(id="p", name="Pat")],
                      cards=[Card(id="c", persona="p", phase="a", lane="n", text="plain")], kpis=kpis)


@pytest.mark.parametrize("paper", PAPERS, ids=["whole", "tiled"])
@pytest.mark.parametrize(("name", "unit"), [(f"Wait{BOX}", "s"), ("Wait", f"s{BOX}")], ids=["name", "unit"])
def test_a_kpi_text_only_the_kpi_page_prints_is_named_when_that_page_prints(tmp_path: Path, paper, name, unit):
    journey_map = kpi_map(name, unit)
    result = export_pdf(journey_map, tmp_path / "k.pdf", PdfOptions(kpis=True, **paper))
    assert result.missing_characters == {BOX}
    assert len(result.warnings) == 1 and HEAD["en"] in result.warnings[0]
    assert (name if BOX in name else unit) in result.warnings[0]
    quiet = export_pdf(journey_map, tmp_path / "q.pdf", PdfOptions(**paper))
    assert quiet.missing_characters == set() and quiet.warnings == []
    assert quiet.pages < result.pages  # the KPI page is what prints the name


def test_the_warning_speaks_the_ui_language(tmp_path: Path):
    i18n.set_language("de")
    result = export_pdf(kpi_map(f"Wait{BOX}", "s"), tmp_path / "k.pdf", PdfOptions(kpis=True, paper="A3"))
    assert result.missing_characters == {BOX}
    assert len(result.warnings) == 1 and f"Wait{BOX}" in result.warnings[0]
    assert HEAD["de"] in result.warnings[0] and "KPI" in result.warnings[0]
