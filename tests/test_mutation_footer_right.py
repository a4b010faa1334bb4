"""The right of every sheet's footer in the workbook (app.export.workbook_branding.branded_footer): the client
and the version label, those that are set, joined by " · ", in the map's language; nothing at all when neither
is set (no placeholder, no lone separator), whatever else the deliverable settings hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.i18n import catalogue
from app.model import Card, Deliverable, JourneyMap, Lane, Persona, Phase


def small_map(language: str, **settings: str) -> JourneyMap:
    return JourneyMap(id="m", title="Footer", language=language, phases=[Phase(id="a", name="A")],
                      lanes=[Lane(id="n", name="N")], personas=[Persona(id="p", name="P")],
                      cards=[Card(id="c", persona="p", phase="a", lane="n", text="a card")],
                      deliverable=Deliverable(**settings))


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("client", ["", "Acme & Co", "  "])
@pytest.mark.parametrize("version", ["", "v2.3, draft"])
@pytest.mark.parametrize("others", [{}, {"author": "Studio", "confidentiality": "Confidential"}],
                         ids=["alone", "with-others"])
def test_the_footers_right_names_the_client_and_version_that_are_set_and_nothing_else(
        tmp_path: Path, language: str, client: str, version: str, others: dict[str, str]):
    export_excel(small_map(language, client=client, version=version, **others), tmp_path / "x.xlsx")
    words = catalogue(language)
    parts = ([words.gettext("Client: {client}").format(client=client.strip())] if client.strip() else []) \
        + ([version] if version else [])
    expected = " · ".join(parts).replace("&", "&&") or None
    book = load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames
    for sheet in book.worksheets:
        for footer in (sheet.oddFooter, sheet.evenFooter):
            assert footer.right.text == expected, (sheet.title, footer.right.text)
