"""The branding in every sheet's header and footer (app.export.workbook_branding) prints small and alike: the
consultancy in the header's middle, the marking (bold) at the footer's left, the client and version at its
right, all in Calibri at 9 points, as the saved workbook's header/footer codes say ("&9")."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.model import Deliverable, JourneyMap, Lane, Persona, Phase


def branded_map(language: str) -> JourneyMap:
    return JourneyMap(id="m", title="Fonts", language=language, phases=[Phase(id="a", name="A")],
                      lanes=[Lane(id="n", name="N")], personas=[Persona(id="p", name="P")],
                      deliverable=Deliverable(client="Acme", author="Studio", version="v2",
                                              confidentiality="Confidential"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_consultancy_marking_client_and_version_print_at_nine_points(language: str, tmp_path: Path):
    export_excel(branded_map(language), tmp_path / "book.xlsx")
    sheets = load_workbook(tmp_path / "book.xlsx").worksheets
    assert len(sheets) > 1
    for sheet in sheets:
        for header, footer in ((sheet.oddHeader, sheet.oddFooter), (sheet.evenHeader, sheet.evenFooter)):
            assert "Studio" in header.center.text, sheet.title
            assert (header.center.font, header.center.size) == ("Calibri,Regular", 9), sheet.title
            assert (footer.left.font, footer.left.size) == ("Calibri,Bold", 9), sheet.title
            assert (footer.right.font, footer.right.size) == ("Calibri,Regular", 9), sheet.title
