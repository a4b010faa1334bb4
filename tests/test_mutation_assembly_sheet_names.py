"""A persona named like one of the workbook's fixed sheets: the fixed sheet keeps its name, and the persona's
sheet is marked as a persona's, "Cards (persona)" ("Karten (Persona)" in German), so a reader sees at once
which sheet is the table and which the persona (a counter, "Cards (2)", would say nothing of the kind).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.i18n import LANGUAGES, catalogue
from app.model import Persona
from tests.test_insight_sheets import insight_map

#: every fixed sheet of a map with an opportunity lane and KPIs, in the order the workbook has them
FIXED = ["Overview", "Cards", "Emotions", "Pain points", "Opportunities", "KPIs per phase"]
MARKED = {"en": "{name} (persona)", "de": "{name} (Persona)"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_persona_named_like_a_fixed_sheet_gets_a_sheet_marked_as_a_personas(language: str, tmp_path: Path):
    words = catalogue(language)
    fixed = [words.gettext(name) for name in FIXED]
    journey_map = insight_map()
    # one persona per fixed sheet, named as that sheet in the workbook's language (one in other case), and one
    # named as Excel's reserved "History"
    names = [name.upper() if index % 2 else name for index, name in enumerate(fixed)] + ["History"]
    journey_map.personas += [Persona(id=f"p{index}", name=name) for index, name in enumerate(names)]
    out = tmp_path / "m.xlsx"
    result = export_excel(journey_map, out, language=language)
    expected = [MARKED[language].format(name=name) for name in names]
    assert result.sheets == [fixed[0], "Lena", "Tom", *expected, *fixed[1:]]
    assert load_workbook(out).sheetnames == result.sheets
