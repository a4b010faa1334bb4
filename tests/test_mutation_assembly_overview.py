"""The Overview sheet's head as a reader sees it: the map's title on a row as tall as one line of its large
type (not cut, not a gap), a blank row under it, and the labels of the facts beside them (goal, description,
date, and the deliverable's client, author, version and marking) bold and at the top of their row, beside a
value that may wrap over several lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import FONT_SIZE, export_excel, row_points
from app.i18n import LANGUAGES, catalogue
from app.model import JourneyMap, Lane, Persona, Phase
from app.model.schema import Deliverable

LONG_GOAL = "Know the buyer well enough to plan the next season's stock, shop by shop, " * 6


def overview_map(branded: bool) -> JourneyMap:
    deliverable = Deliverable(client="Acme", author="Nordlicht", version="v2", confidentiality="Internal")
    return JourneyMap(id="m", title="Watch journey", goal=LONG_GOAL, description="From ad to advocacy\nand back",
                      phases=[Phase(id="aw", name="Awareness")],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                      personas=[Persona(id="lena", name="Lena")], deliverable=deliverable if branded else None)


@pytest.mark.parametrize("branded", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_title_row_fits_one_line_and_the_labels_sit_at_the_top(language: str, branded: bool, tmp_path: Path):
    out = tmp_path / "m.xlsx"
    export_excel(overview_map(branded), out, language=language)
    words = catalogue(language)
    sheet = load_workbook(out)[words.gettext("Overview")]
    title = sheet["A1"]
    assert title.value == "Watch journey" and title.font.sz > FONT_SIZE
    height = sheet.row_dimensions[1].height
    assert height == row_points(1, title.font.sz)
    assert row_points(1) < height < row_points(2, title.font.sz) - 1  # more than a line of body type, one line
    assert sheet.row_dimensions[2].height is None and sheet["A2"].value is None
    labels = ["Goal", "Description", "Generated"]
    if branded:
        labels += ["Client", "Prepared by", "Version", "Confidentiality"]
    for row, label in enumerate(labels, 3):
        cell = sheet.cell(row, 1)
        assert cell.value == words.gettext(label), row
        assert cell.font.b and cell.alignment.vertical == "top", row
        assert sheet.cell(row, 2).alignment.vertical == "top", row
    assert sheet.row_dimensions[3].height > row_points(2)  # the goal wraps: its label is above a tall row's middle
