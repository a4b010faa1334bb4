"""A text longer than a cell holds goes on in the cells right of a table, and the table's header row names
those columns "(continued)" in the table's header look: on the Cards table and on the KPIs table alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from app.export.excel import export_excel
from app.i18n import LANGUAGES, catalogue
from tests.test_insight_sheets import insight_map

LONG = "word " * 8_000  # 40,000 characters: more than a cell holds


def long_map():
    journey_map = insight_map()
    journey_map.cards[0].owner = LONG  # the Cards table: an owner is one line, it continues to the right
    journey_map.kpis.metrics[1].name = LONG  # the KPIs table: two readings of "Churn" per phase
    return journey_map


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_tables_continued_columns_have_a_continued_heading(language: str, tmp_path: Path):
    out = tmp_path / "m.xlsx"
    result = export_excel(long_map(), out, language=language)
    workbook = load_workbook(out)
    words = catalogue(language)
    heading = words.gettext("(continued)")
    tables = {words.gettext("Cards"), words.gettext("KPIs per phase")}
    columns: dict[str, set[int]] = {}
    for title, _origin, where in result.continued:
        first, _colon, last = where.partition(":")
        start = column_index_from_string(first.rstrip("0123456789"))
        end = column_index_from_string((last or first).rstrip("0123456789"))
        columns.setdefault(title, set()).update(range(start, end + 1))
    assert tables <= set(columns)
    for title in tables:
        sheet = workbook[title]
        header = sheet.cell(1, 1)
        for column in sorted(columns[title]):
            cell = sheet.cell(1, column)
            assert cell.value == heading, (title, column)
            assert (cell.fill.fgColor.rgb, cell.font.b, cell.font.color.rgb) == (
                header.fill.fgColor.rgb, header.font.b, header.font.color.rgb), (title, column)
