"""The header and footer every sheet prints, on odd and even pages alike.

Left in the header the map's title: without the characters a workbook cannot hold (control characters, U+FFFE,
U+FFFF; the model's door cleans them too, the workbook does not count on it), its first 100 characters, each "&"
written twice (Excel's header code for one); right the sheet's name ("&A"); in the footer's middle
"Page &P of &N" in the workbook's language. All three in Calibri, regular, 9 pt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import HEADER_TITLE, export_excel
from app.model import Card, JourneyMap, Lane, Persona, Phase

PAGE = {"en": "Page &P of &N", "de": "Seite &P von &N"}


def small_map(title: str, language: str = "en") -> JourneyMap:
    """A map of one persona, phase and card titled ``title`` as it is: set past the model's door, which would
    clean it itself, so that the workbook's own cleaning is what is tested."""
    journey_map = JourneyMap(id="m", title="Map", language=language, phases=[Phase(id="aw", name="Awareness")],
                             lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                             personas=[Persona(id="p", name="Lena")],
                             cards=[Card(id="c", persona="p", phase="aw", lane="tp", text="Ad")])
    return journey_map.model_copy(update={"title": title})


def sheets(journey_map: JourneyMap, tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    return load_workbook(out).worksheets


def parts(sheet):
    """(where, part) of the three parts the workbook writes, on odd and on even pages."""
    return [(f"{side} {name}", part) for side, header, footer in (("odd", sheet.oddHeader, sheet.oddFooter),
                                                                   ("even", sheet.evenHeader, sheet.evenFooter))
            for name, part in (("header left", header.left), ("header right", header.right),
                               ("footer center", footer.center))]


@pytest.mark.parametrize(("title", "printed"), [
    ("Watch journey", "Watch journey"),
    ("Watch & journey", "Watch && journey"),
    ("\x01Watch\x1f jour\ufffeney\uffff\x0b", "Watch journey"),
    ("x" * (HEADER_TITLE + 50), "x" * HEADER_TITLE),
    ("a&" * HEADER_TITLE, "a&&" * (HEADER_TITLE // 2)),  # cut to 100 characters before "&" is doubled
    ("\x02" * 20 + "y" * (HEADER_TITLE + 5), "y" * HEADER_TITLE),  # what is removed does not count
])
def test_the_header_holds_the_title_cleaned_cut_and_with_each_ampersand_doubled(title: str, printed: str,
                                                                                 tmp_path: Path):
    for sheet in sheets(small_map(title), tmp_path):
        assert sheet.oddHeader.left.text == printed, sheet.title
        assert sheet.evenHeader.left.text == printed, sheet.title


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_part_of_every_sheets_header_and_footer_is_calibri_regular_9_pt(language: str, tmp_path: Path):
    found = sheets(small_map("Watch journey", language), tmp_path)
    assert len(found) >= 5
    for sheet in found:
        texts = {where: part.text for where, part in parts(sheet)}
        assert texts == {f"{side} {name}": text for side in ("odd", "even")
                         for name, text in (("header left", "Watch journey"), ("header right", "&A"),
                                            ("footer center", PAGE[language]))}, sheet.title
        for where, part in parts(sheet):
            assert (part.font, part.size) == ("Calibri,Regular", 9), (sheet.title, where)
