"""The Emotions sheet as a reader of the workbook finds it: a header row tall enough for every persona's name as
its bold header wraps it in its column (never shorter than the 32 points of a one-line header, with personas or
without), and a chart whose score axis is marked at every whole score, wherever the chart stands and in either
language of the workbook. Read back from the written file."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.export.excel import export_excel, row_points, wrapped_lines
from app.i18n import catalogue
from app.model import MAX_SCORE, MIN_SCORE, EmotionPoint, JourneyMap, Lane, Persona, Phase

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
LANGUAGES = ("en", "de")
#: a single word of 21 letters: one line in the column's regular type, two in the header's bold type
BOLD_WRAPS = "Maximiliane-Schneider"
LONG_NAME = "Dr. Friederike Schwarzenegger-Lindqvist und Partner"


def emotions_map(names: list[str]) -> JourneyMap:
    """Personas of the given names, each scored in both phases."""
    personas = [Persona(id=f"p{index}", name=name) for index, name in enumerate(names)]
    return JourneyMap(
        id="m", title="Emotions", language="en",
        phases=[Phase(id="aw", name="Awareness"), Phase(id="bu", name="Purchase")],
        lanes=[Lane(id="em", name="Feeling", kind="emotions")],
        personas=personas,
        emotions=[EmotionPoint(persona=p.id, phase=phase, score=score)
                  for p in personas for phase, score in (("aw", 1), ("bu", -1))],
    )


def emotions_sheet(tmp_path: Path, names: list[str], language: str):
    out = tmp_path / f"{language}.xlsx"
    export_excel(emotions_map(names), out, language=language)
    return load_workbook(out)[catalogue(language).gettext("Emotions")]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("names", "height"), [
    ([], 32),  # only the "Phase" header: one line
    (["Lena", "Tom"], 32),
    (["Lena", BOLD_WRAPS], 33),  # two bold lines
    ([BOLD_WRAPS, "Tom", LONG_NAME], 48),  # the tallest name sets the row: three lines
])
def test_the_header_row_holds_each_persona_name_as_its_bold_header_wraps(tmp_path: Path, language: str,
                                                                         names: list[str], height: float):
    sheet = emotions_sheet(tmp_path, names, language)
    header = [cell for cell in sheet[1] if cell.value is not None]
    assert [cell.value for cell in header[1:]] == names
    # every header cell's text, wrapped in its own column in its own (bold) type, shows whole
    needed = max((wrapped_lines(cell.value, sheet.column_dimensions[get_column_letter(cell.column)].width,
                                bold=bool(cell.font.b)) for cell in header), default=1)
    assert all(cell.font.b and cell.alignment.wrap_text for cell in header)
    assert sheet.row_dimensions[1].height == max(32, row_points(needed)) == height


def axis_major_units(path: Path) -> list[tuple[str, str | None]]:
    """(axis kind, major unit) of each axis of the workbook's one chart (openpyxl does not read charts back)."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(names) == 1
        root = ElementTree.fromstring(archive.read(names[0]))
    units = []
    for axis in root.iter():
        if axis.tag in (f"{CHART}valAx", f"{CHART}catAx"):
            unit = axis.find(f"{CHART}majorUnit")
            units.append((axis.tag.removeprefix(CHART), None if unit is None else unit.get("val")))
    return units


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("names", [["Lena", "Tom"], ["A", "B", "C", "D", "E"]], ids=["beside", "below"])
def test_the_score_axis_is_marked_at_every_whole_score(tmp_path: Path, language: str, names: list[str]):
    """Scores are whole: a mark at each of -2 … +2, none at half a point and none skipped."""
    out = tmp_path / f"{language}.xlsx"
    export_excel(emotions_map(names), out, language=language)
    units = axis_major_units(out)
    assert ("valAx", "1") in units and [kind for kind, _unit in units].count("valAx") == 1
    with zipfile.ZipFile(out) as archive:
        chart = archive.read(next(n for n in archive.namelist() if n.startswith("xl/charts/chart"))).decode()
    assert f'<min val="{MIN_SCORE}"/>' in chart and f'<max val="{MAX_SCORE}"/>' in chart
