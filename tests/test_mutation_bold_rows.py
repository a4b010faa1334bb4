"""Rows of bold headers and labels are tall enough for them: bold type is wider than regular, so a text that
just fills a line of its column in regular type wraps in bold, and its row (spreadsheets do not grow rows when
a file is opened) gets the line it needs. Bold text never takes fewer lines than the same text regular.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import LANE_WIDTH, PHASE_WIDTH, _room, export_excel, row_points, wrapped_lines
from app.model import JourneyMap, Lane, Persona, Phase

SENTENCE = "Consideration and comparison of offers in the shop before the purchase of a new watch"
WORDS = SENTENCE.split()


def filling(characters: int) -> str:
    """Whole words, as many characters as asked (the last word cut if it must), not ending in a space."""
    text = ""
    for n in range(1000):
        text += ("" if not text else " ") + WORDS[n % len(WORDS)]
        if len(text) >= characters:
            break
    cut = text[:characters].rstrip()
    return cut + "x" * (characters - len(cut))


@pytest.mark.parametrize("width", [12, 15, 20, LANE_WIDTH, PHASE_WIDTH, 50])
def test_bold_text_takes_no_fewer_lines_and_a_regular_lines_worth_wraps_in_bold(width: float):
    room = _room(width)
    for characters in range(1, 4 * room):
        text = filling(characters)
        assert wrapped_lines(text, width, bold=True) >= wrapped_lines(text, width), (width, text)
    full = filling(room)
    assert len(full) == room and wrapped_lines(full, width) == 1 and wrapped_lines(full, width, bold=True) == 2
    assert wrapped_lines(filling(2 * room), width, bold=True) == 3


def test_a_bold_header_and_label_that_fill_a_regular_line_get_a_two_line_row(tmp_path: Path):
    phase_name, lane_name = filling(_room(PHASE_WIDTH)), filling(_room(LANE_WIDTH))
    persona_name = filling(2 * _room(22))  # the Emotions sheet's persona columns are 22 wide
    journey_map = JourneyMap(
        id="m", title="Bold", phases=[Phase(id="aw", name=phase_name), Phase(id="bu", name="Buy")],
        lanes=[Lane(id="tp", name=lane_name, kind="touchpoints"), Lane(id="pp", name="Pains", kind="pain_points")],
        personas=[Persona(id="lena", name=persona_name)])
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    workbook = load_workbook(out)
    sheet = workbook.worksheets[1]
    assert sheet["B2"].value == phase_name and sheet["B2"].font.b
    assert sheet.row_dimensions[2].height == row_points(2)
    assert sheet["A3"].value == lane_name and sheet["A3"].font.b
    assert sheet.row_dimensions[3].height == row_points(2)
    assert sheet["A4"].value == "Pains" and sheet.row_dimensions[4].height == row_points(1)
    emotions = workbook["Emotions"]
    assert emotions["B1"].value == persona_name and emotions["B1"].font.b
    assert emotions.row_dimensions[1].height == row_points(3)
