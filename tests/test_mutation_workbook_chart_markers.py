"""The Emotions sheet's chart as a reader of the workbook sees it: each persona's point markers are filled and
outlined in the colour of that persona's line (without a colour of its own a spreadsheet program colours a
marker automatically, not like its line and legend entry), for every persona, in the comparison's order.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.export.excel import export_excel
from app.export.insight_sheets import CURVE_WIDTH, MARKER_SIZE
from app.insight import comparison
from app.model import EmotionPoint, JourneyMap, Lane, Persona, Phase

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def compared(count: int) -> JourneyMap:
    """``count`` personas with scores in three phases, each in one of two colours (the comparison tells them
    apart)."""
    phases = [Phase(id=f"f{n}", name=f"Phase {n}") for n in range(3)]
    personas = [Persona(id=f"p{n}", name=f"Persona {n}", color="#0072B2" if n % 2 else "#D55E00") for n in range(count)]
    return JourneyMap(id="m", title="Compared", phases=phases, lanes=[Lane(id="e", name="E", kind="emotions")],
                      personas=personas,
                      emotions=[EmotionPoint(persona=p.id, phase=f.id, score=(i + j) % 5 - 2)
                                for i, p in enumerate(personas) for j, f in enumerate(phases)])


def colour(element) -> str | None:
    """The solid fill colour of a shape's properties (``spPr``) or of a line (``ln``); None without one."""
    found = element.find(f"{DRAWING}solidFill/{DRAWING}srgbClr") if element is not None else None
    return None if found is None else found.get("val")


@pytest.mark.parametrize("count", [2, 3, 7])
def test_every_marker_is_filled_and_outlined_in_its_lines_colour(count: int, tmp_path: Path):
    journey_map = compared(count)
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    with zipfile.ZipFile(out) as archive:
        [name] = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        root = ElementTree.fromstring(archive.read(name))
    series = list(root.iter(f"{CHART}ser"))
    curves = comparison.curves(journey_map)
    assert len(series) == len(curves) == count
    for ser, curve in zip(series, curves, strict=True):
        line = colour(ser.find(f"{CHART}spPr/{DRAWING}ln"))
        assert line == curve.style.color.lstrip("#").upper(), curve
        marker = ser.find(f"{CHART}marker/{CHART}spPr")
        assert marker is not None, curve
        assert colour(marker) == line, curve  # the shape's fill
        assert colour(marker.find(f"{DRAWING}ln")) == line, curve  # and its outline
        # every line as thick and every marker as large as the comparison page's, not the program's default
        assert ser.find(f"{CHART}spPr/{DRAWING}ln").get("w") == str(CURVE_WIDTH), curve
        assert ser.find(f"{CHART}marker/{CHART}size").get("val") == str(MARKER_SIZE), curve
