"""The Overview sheet names the deliverable: below the map's goal, description and date, a bold label and its
value for each of client, author ("Prepared by"), version label and confidentiality marking the map sets, in
that order, in the workbook's language; nothing for those it leaves empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.model import JourneyMap, Lane, Persona, Phase
from app.model.schema import Deliverable

FIELDS = ["client", "author", "version", "confidentiality"]
LABELS = {"en": ["Client", "Prepared by", "Version", "Confidentiality"],
          "de": ["Kunde", "Erstellt von", "Version", "Vertraulichkeit"]}
GENERATED = {"en": "Generated", "de": "Erstellt am"}
VALUES = {"client": "Nordlicht Bank", "author": "Mara Consulting", "version": "v2.3, draft",
          "confidentiality": "Confidential — client use only"}


def overview_rows(deliverable: Deliverable | None, language: str, tmp_path: Path) -> list[tuple]:
    """(label, value, label in bold) of the Overview's rows from the one after "Generated" to the first blank."""
    journey_map = JourneyMap(id="m", title="Watch journey", goal="Know the buyer", language=language,
                             phases=[Phase(id="aw", name="Awareness")],
                             lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                             personas=[Persona(id="lena", name="Lena")], deliverable=deliverable)
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    sheet = load_workbook(out).worksheets[0]
    labels = [sheet.cell(row, 1).value for row in range(1, 12)]
    row = labels.index(GENERATED[language]) + 2
    found = []
    while sheet.cell(row, 1).value is not None or sheet.cell(row, 2).value is not None:
        found.append((sheet.cell(row, 1).value, sheet.cell(row, 2).value, bool(sheet.cell(row, 1).font.b)))
        row += 1
    return found


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("chosen", [FIELDS, ["version"], ["client", "confidentiality"], ["author", "version"], []])
def test_the_overview_names_each_fact_the_deliverable_sets_in_order(chosen: list[str], language: str,
                                                                    tmp_path: Path):
    deliverable = Deliverable(**{field: VALUES[field] for field in chosen})
    expected = [(label, VALUES[field], True) for field, label in zip(FIELDS, LABELS[language], strict=True)
                if field in chosen]
    assert overview_rows(deliverable, language, tmp_path) == expected


def test_a_map_without_deliverable_settings_names_none(tmp_path: Path):
    assert overview_rows(None, "en", tmp_path) == []
