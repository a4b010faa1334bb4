"""A workbook too large for the ZIP format's 32-bit sizes and offsets is written all the same, with the ZIP64
extensions every spreadsheet reads, rather than failing at the end of a long export.

Such a workbook would take gigabytes; the test lowers zipfile's 32-bit limit so that a small map's workbook is
over it, and reads the file back with the limit restored.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.i18n import LANGUAGES, catalogue
from app.model import Card, JourneyMap, Lane, Persona, Phase


def a_map(cards: int) -> JourneyMap:
    return JourneyMap(id="m", title="Large", phases=[Phase(id="f", name="Phase")],
                      lanes=[Lane(id="l", name="Lane", kind="touchpoints")], personas=[Persona(id="p", name="Pia")],
                      cards=[Card(id=f"c{n}", persona="p", phase="f", lane="l", text=f"Card {n}")
                             for n in range(cards)])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("cards", "limit"), [(3, 2000), (40, 3000), (40, 600)])
def test_a_workbook_past_the_32_bit_limits_is_written_as_zip64_and_reads_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, cards: int, limit: int):
    out = tmp_path / "map.xlsx"
    journey_map = a_map(cards)
    with monkeypatch.context() as patch:
        patch.setattr(zipfile, "ZIP64_LIMIT", limit)
        export_excel(journey_map, out, language=language)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert any(info.file_size > limit for info in archive.infolist())  # the test is over the limit
    book = load_workbook(out)
    sheet = book[catalogue(language).gettext("Cards")]
    texts = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert len(texts) == cards
    assert {card.text for card in journey_map.cards} <= {cell for row in sheet.iter_rows(values_only=True)
                                                         for cell in row}
