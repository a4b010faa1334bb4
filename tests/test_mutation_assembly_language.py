"""The workbook's language property (File > Properties, which spell checkers and screen readers use) is the
language the workbook is written in: the export's choice when it makes one, whatever the map records, else
the map's."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.i18n import LANGUAGES, catalogue
from app.model import JourneyMap, Lane, Persona, Phase


def small_map(language: str) -> JourneyMap:
    return JourneyMap(id="m", title="Watch journey", language=language, phases=[Phase(id="aw", name="Awareness")],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                      personas=[Persona(id="lena", name="Lena")])


@pytest.mark.parametrize("chosen", [*LANGUAGES, None])
@pytest.mark.parametrize("recorded", LANGUAGES)
def test_the_language_property_is_the_workbooks(recorded: str, chosen: str | None, tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(small_map(recorded), out, language=chosen)
    workbook = load_workbook(out)
    language = chosen or recorded
    assert workbook.properties.language == language
    assert workbook.sheetnames[0] == catalogue(language).gettext("Overview")  # the words say the same
