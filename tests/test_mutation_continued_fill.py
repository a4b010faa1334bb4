"""A persona sheet's lane whose cell is too tall for a row continues in the rows below ("<lane> (continued)").

A reader sees the colour where there is something to read: a continued row colours the cells that go on there
(a card lane's colour, an emotion's score colour) and leaves the other phases' cells white (those that had
all of their text in the rows above too), whatever the lane's kind and whichever phase is the tall one. The
lane's first row colours every cell that holds cards or an emotion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.layout import palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

PHASES = ["aw", "co", "bu", "us", "ad"]
TALL = "\n".join(f"line {n}" for n in range(70))  # three rows or more
MEDIUM = "\n".join(f"line {n}" for n in range(30))  # two rows
LANES = [Lane(id="tp", name="Touchpoints", kind="touchpoints"), Lane(id="em", name="Feeling", kind="emotions"),
         Lane(id="pp", name="Pains", kind="pain_points")]


def argb(color: str) -> str:
    return "00" + color.lstrip("#").upper()


def tall_map(tall_phase: str) -> tuple[JourneyMap, dict[tuple[str, str], str | None]]:
    """Every lane tall in ``tall_phase``, two rows tall in the next phase, short in the one after, empty in the
    others; with each cell's fill."""
    at = PHASES.index(tall_phase)
    texts = {tall_phase: TALL, PHASES[(at + 1) % len(PHASES)]: MEDIUM, PHASES[(at + 2) % len(PHASES)]: "short"}
    cards, emotions, fills = [], [], dict.fromkeys((lane.id, phase) for lane in LANES for phase in PHASES)
    for lane in LANES:
        for score, (phase, text) in zip((-2, 1, 2), texts.items(), strict=True):
            if lane.kind == "emotions":
                emotions.append(EmotionPoint(persona="lena", phase=phase, score=score, label="felt", note=text))
                fills[lane.id, phase] = palette.EMOTION_COLORS[score]
            else:
                cards.append(Card(id=f"{lane.id}-{phase}", persona="lena", phase=phase, lane=lane.id, text=text))
                fills[lane.id, phase] = palette.card_colors(lane.kind)[0]
    journey_map = JourneyMap(id="m", title="Tall", phases=[Phase(id=p, name=p.upper()) for p in PHASES],
                             lanes=LANES, personas=[Persona(id="lena", name="Lena")], cards=cards, emotions=emotions)
    return journey_map, fills


def assert_fill(cell, colour: str | None, where) -> None:
    if colour is None:
        assert cell.fill.fill_type is None, where
    else:
        assert (cell.fill.fill_type, cell.fill.fgColor.rgb) == ("solid", argb(colour)), where


@pytest.mark.parametrize("tall_phase", ["aw", "bu", "ad"])
def test_a_continued_row_colours_only_the_cells_that_go_on_in_it(tall_phase: str, tmp_path: Path):
    journey_map, fills = tall_map(tall_phase)
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    sheet = load_workbook(out)["Lena"]
    labels = [sheet.cell(row, 1).value for row in range(1, sheet.max_row + 1)]
    medium = PHASES[(PHASES.index(tall_phase) + 1) % len(PHASES)]
    for lane in LANES:
        first = labels.index(lane.name) + 1
        continued = [row for row in range(first + 1, sheet.max_row + 1)
                     if labels[row - 1] == f"{lane.name} (continued)"]
        assert len(continued) >= 2 and continued == list(range(first + 1, first + 1 + len(continued))), lane.id
        for column, phase in enumerate(PHASES, 2):
            assert_fill(sheet.cell(first, column), fills[lane.id, phase], (lane.id, phase, "first row"))
            goes_on = {tall_phase: continued, medium: continued[:1]}.get(phase, [])
            for row in continued:
                cell = sheet.cell(row, column)
                if row in goes_on:
                    assert cell.value, (lane.id, phase, row)
                    assert_fill(cell, fills[lane.id, phase], (lane.id, phase, row))
                else:  # nothing goes on here: white, as a reader expects of an empty cell
                    assert cell.value in (None, ""), (lane.id, phase, row)
                    assert_fill(cell, None, (lane.id, phase, row))
