"""A persona sheet's cells continued in the rows below, as a reader of the workbook sees them.

- The export names exactly the cell texts (a card's text after its "• ") longer than a cell can hold (32,767
  UTF-16 units, counted as Excel counts them, an emoji as two), with the rows they went on in; a text of
  exactly the limit is not named.
- A lane name of up to 100 characters is repeated whole in its "(continued)" rows, a longer one shortened
  with "…".
- Every row is as high as its tallest cell or label needs, the continued rows too, and no higher.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.export.excel import (
    CELL_LIMIT,
    LANE_WIDTH,
    PHASE_WIDTH,
    _persona_sheet,
    _Writer,
    row_points,
    wrapped_lines,
)
from app.i18n import LANGUAGES, catalogue
from app.model import Card, JourneyMap, Lane, Persona, Phase

EMOJI = "\N{GRINNING FACE}"  # two UTF-16 units
#: what a card's text follows in its cell
BULLET = "• "


def sized_text(units: int, astral: bool) -> str:
    """Words of text, ``units`` UTF-16 units long, of emoji words (two units each) or of letters."""
    word = EMOJI * 4 if astral else "abcdefgh"
    text = ""
    while len(text.encode("utf-16-le")) // 2 + 9 <= units:
        text += word + " "
    while len(text.encode("utf-16-le")) // 2 < units:
        text += "x"
    assert len(text.encode("utf-16-le")) // 2 == units
    return text


def one_card_map(text: str, lane_name: str = "A", phases: int = 3) -> JourneyMap:
    return JourneyMap(
        id="m", title="Continued",
        phases=[Phase(id=f"f{n}", name=f"Phase {n}") for n in range(phases)],
        lanes=[Lane(id="a", name=lane_name, kind="touchpoints"), Lane(id="b", name="B", kind="pain_points")],
        personas=[Persona(id="p", name="Lena")],
        cards=[Card(id="long", persona="p", phase="f1", lane="a", text=text),
               Card(id="short", persona="p", phase="f2", lane="a", text="Short"),
               Card(id="pain", persona="p", phase="f0", lane="b", text="Waiting")])


def persona_sheet(journey_map: JourneyMap, language: str = "en"):
    writer = _Writer(catalogue(language))
    sheet = Workbook().active
    sheet.title = "Lena"
    _persona_sheet(writer, sheet, journey_map, "p")
    return sheet, writer


def lane_rows(sheet) -> list[int]:
    """The rows of the grid (below the title and the phase headers)."""
    return list(range(3, sheet.max_row + 1))


@pytest.mark.parametrize("astral", [False, True])
@pytest.mark.parametrize(("units", "named"), [(CELL_LIMIT - 1, False), (CELL_LIMIT, False), (CELL_LIMIT + 1, True),
                                              (CELL_LIMIT + 2, True)])
def test_only_a_text_longer_than_a_cell_is_named_with_the_rows_it_went_on_in(units: int, named: bool,
                                                                              astral: bool):
    sheet, writer = persona_sheet(one_card_map(sized_text(units - len(BULLET), astral)))  # the cell's text
    column_c = [sheet.cell(row=row, column=3).value or "" for row in lane_rows(sheet)]
    pieces = [row for row, value in zip(lane_rows(sheet), column_c, strict=True) if value]
    assert len(pieces) > 2  # the text went on in rows below, named or not
    if named:
        assert writer.continued_below == [("Lena", f"C{pieces[0]}", f"C{pieces[1]}:C{pieces[-1]}")]
    else:
        assert writer.continued_below == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("length", [1, 99, 100, 101, 140])
def test_a_lane_name_of_up_to_100_characters_is_repeated_whole_in_its_continued_rows(language: str, length: int):
    name = ("Touchpoint " * 20)[:length - 1] + "Z"
    sheet, _writer = persona_sheet(one_card_map(sized_text(3_000, False), lane_name=name), language)
    labels = [sheet.cell(row=row, column=1).value for row in lane_rows(sheet)]
    repeated = name if length <= 100 else name[:100] + "…"
    continued = catalogue(language).gettext("{lane} (continued)").format(lane=repeated)
    assert labels[0] == name
    assert labels[1:-1] and set(labels[1:-1]) == {continued}
    assert labels[-1] == "B"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("units", "tail"), [(920, 1), (1_200, 9), (1_820, 1), (3_000, 9), (3_620, 1)])
def test_every_row_is_as_high_as_its_tallest_cell_or_label_needs(language: str, units: int, tail: int):
    """``tail``: the lines of the text's last piece, whose row holds nothing else but the lane's label."""
    sheet, _writer = persona_sheet(one_card_map(sized_text(units - len(BULLET), False)), language)
    needs = []
    for row in lane_rows(sheet):
        label = sheet.cell(row=row, column=1).value
        needed = max([wrapped_lines(label, LANE_WIDTH, bold=True)]
                     + [wrapped_lines(sheet.cell(row=row, column=column).value or "", PHASE_WIDTH)
                        for column in range(2, 5)])
        assert sheet.row_dimensions[row].height == row_points(needed), (row, label)
        needs.append(needed)
    label_lines = wrapped_lines(catalogue(language).gettext("{lane} (continued)").format(lane="A"), LANE_WIDTH,
                                bold=True)
    assert needs[-2] == max(tail, label_lines)  # the last continued row: the tail of the text beside empty cells
    assert needs[-1] == 1  # the pain points' row
