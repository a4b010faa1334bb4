"""Two personas of the same long name: the second's sheet is marked as a persona's and keeps as much of the name
as fits beside the mark in Excel's 31 characters (UTF-16 units), no less, in either language of the workbook.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel, sheet_titles
from app.i18n import LANGUAGES, catalogue
from app.model import Persona
from tests.test_insight_sheets import insight_map

EMOJI = "\N{RUNNER}"  # two UTF-16 units


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("marked", ["{name} (persona)", "{name} (Persona)", "{name} [p]", "{name} – Persona"])
@pytest.mark.parametrize("name", ["Lena-Marie-Schmidt-Okonkwo-Lindqvist", "Lena" * 10, EMOJI * 20])
def test_a_repeated_long_name_is_marked_with_as_much_of_it_as_fits(marked: str, name: str):
    taken: set[str] = set()
    first, second = sheet_titles([name, name], taken, marked)
    room = 31 - units(marked.format(name=""))
    kept = second[: len(second) - len(marked.format(name=""))]
    assert second == marked.format(name=kept)
    assert name.startswith(kept) and room - 1 <= units(kept) <= room  # an emoji is never cut in half
    assert units(first) in (30, 31) and name.startswith(first)
    assert units(second) <= 31


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_workbook_marks_the_second_of_two_personas_of_one_long_name(language: str, tmp_path: Path):
    name = "Lena-Marie-Schmidt-Okonkwo-Lindqvist"
    journey_map = insight_map()
    journey_map.personas += [Persona(id="twin1", name=name), Persona(id="twin2", name=name)]
    out = tmp_path / "m.xlsx"
    result = export_excel(journey_map, out, language=language)
    mark = catalogue(language).gettext("{name} (persona)")
    assert mark != "{name} (persona)" or language == "en"
    room = 31 - units(mark.format(name=""))
    assert name[:31] in result.sheets
    assert mark.format(name=name[:room]) in result.sheets
    assert load_workbook(out).sheetnames == result.sheets
