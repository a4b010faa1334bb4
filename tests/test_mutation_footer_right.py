"""The right part of every sheet's footer as a reader of the printed workbook sees it: the client ("Client: Acme",
in the workbook's language) and the version label, those that are set, joined by " · "; nothing at all when
neither is set: no placeholder, no stray separator, and the footer's page number and marking as they were.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.export.branding import Branding
from app.export.excel import export_excel
from app.export.workbook_branding import branded_footer
from app.i18n import LANGUAGES, catalogue
from app.model import Deliverable, JourneyMap, Lane, Persona, Phase

CLIENTS = ("", "Acme Sportswear GmbH")
VERSIONS = ("", "v2.3, draft")
MARKINGS = ("", "Confidential")


def expected_right(language: str, client: str, version: str) -> str | None:
    words = catalogue(language)
    parts = ([words.gettext("Client: {client}").format(client=client)] if client else []) + (
        [version] if version else [])
    return " · ".join(parts) or None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("client", "version", "marking"), list(itertools.product(CLIENTS, VERSIONS, MARKINGS)))
def test_the_footer_right_names_what_is_set_and_nothing_else(language: str, client: str, version: str,
                                                             marking: str):
    sheet = Workbook().active
    brand = Branding(client=client, version=version, confidentiality=marking)
    branded_footer(sheet.oddFooter, brand, catalogue(language))
    right = sheet.oddFooter.right
    assert right.text == expected_right(language, client, version), (language, client, version)
    if right.text is None:
        assert (right.font, right.size) == (None, None)  # an empty part takes no font either
    else:
        assert (right.font, right.size) == ("Calibri,Regular", 9)
    assert sheet.oddFooter.left.text == (marking or None)


def a_map(language: str, client: str, version: str) -> JourneyMap:
    return JourneyMap(id="m", title="Footer", language=language,
                      phases=[Phase(id="f", name="Phase")], lanes=[Lane(id="l", name="Lane", kind="touchpoints")],
                      personas=[Persona(id="a", name="Ann"), Persona(id="b", name="Ben")],
                      deliverable=Deliverable(client=client, version=version, confidentiality="Secret"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("client", "version"), [("", "v2.3, draft"), ("", ""), ("Acme", "")])
def test_every_sheet_of_the_saved_workbook_has_that_footer(tmp_path: Path, language: str, client: str,
                                                          version: str):
    """On odd and even pages of every sheet, beside the marking and the page number."""
    out = tmp_path / "map.xlsx"
    export_excel(a_map(language, client, version), out)
    book = load_workbook(out)
    assert len(book.worksheets) >= 6
    page = catalogue(language).gettext("Page {page} of {pages}").format(page="&P", pages="&N")
    for sheet in book.worksheets:
        for footer in (sheet.oddFooter, sheet.evenFooter):
            assert footer.right.text == expected_right(language, client, version), (language, sheet.title)
            assert footer.left.text == "Secret" and footer.center.text == page, sheet.title
