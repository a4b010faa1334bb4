"""The row labels of the persona comparison on the Emotions sheet as a reader sees them: "Lowest", "Highest",
"Difference" and each persona's name stand on the lanes' header tint in bold, bordered and wrapped, as the lane
labels of the persona sheets do, in every language and for any number of personas and phases; the figures and
cards beside them keep no such tint (a figure cell is white, a card cell takes its lane's colour).

A label without the tint reads as one more figure: the table loses the column that says what each row is.
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.export import insight_sheets
from app.export.excel import _persona_sheet, _Writer
from app.i18n import LANGUAGES, catalogue
from app.layout import palette
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase

LABELS = ("Lowest", "Highest", "Difference")


def a_map(personas: int, phases: int, lanes: tuple[str, ...] = ("emotions", "pain_points")) -> JourneyMap:
    """Personas with scores and a card in every other cell of each card lane."""
    return JourneyMap(
        id="m", title="Compare",
        phases=[Phase(id=f"f{n}", name=f"Phase {n}") for n in range(phases)],
        lanes=[Lane(id=f"l{n}", name=f"Lane {n}", kind=kind) for n, kind in enumerate(lanes)],
        personas=[Persona(id=f"p{n}", name=f"Persona {n}") for n in range(personas)],
        cards=[Card(id=f"c{i}-{j}-{n}", persona=f"p{i}", phase=f"f{j}", lane=f"l{n}", text=f"Card {i} {j}")
               for n, kind in enumerate(lanes) if kind != "emotions"
               for i in range(personas) for j in range(phases) if (i + j) % 2 == 0],
        emotions=[EmotionPoint(persona=f"p{i}", phase=f"f{j}", score=(i * 2 + j) % 5 - 2)
                  for i in range(personas) for j in range(phases) if (i + j) % 3])


def tint(cell) -> str | None:
    """A cell's solid fill as "#RRGGBB", or None when it has none."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return "#" + cell.fill.fgColor.rgb[-6:].upper()


def label_look(cell) -> tuple:
    return (tint(cell), bool(cell.font.b), cell.border.left.style, cell.border.bottom.style,
            bool(cell.alignment.wrap_text))


def comparison(journey_map: JourneyMap, language: str):
    """The comparison drawn from row 1 of an empty sheet, with a persona sheet of the same workbook (whose
    lane labels the comparison's labels look like) and the row after it."""
    book = Workbook()
    writer = _Writer(catalogue(language))
    persona_sheet = book.create_sheet("Persona")
    _persona_sheet(writer, persona_sheet, journey_map, journey_map.personas[0].id)
    sheet = book.active
    end = insight_sheets.comparison_tables(writer, sheet, journey_map, 1)
    return sheet, persona_sheet, end


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("personas", "phases", "lanes"), [
    (2, 1, ("emotions", "pain_points")), (2, 3, ("emotions", "pain_points")), (3, 2, ("touchpoints", "emotions")),
    (5, 4, ("emotions", "opportunities", "pain_points")), (4, 2, ("emotions",))])
def test_every_row_label_of_the_comparison_looks_like_a_lane_label(language: str, personas: int, phases: int,
                                                                   lanes: tuple[str, ...]):
    journey_map = a_map(personas, phases, lanes)
    words = catalogue(language)
    sheet, persona_sheet, end = comparison(journey_map, language)
    lane_label = label_look(persona_sheet.cell(row=3, column=1))
    assert lane_label == (palette.LANE_HEADER_FILL.upper(), True, "thin", "thin", True)
    column_a = {sheet.cell(row=row, column=1).value: row for row in range(1, end)}
    labels = [words.gettext(label) for label in LABELS]
    has_lane = any(kind != "emotions" for kind in lanes)
    names = [p.name for p in journey_map.personas] if has_lane else []
    for label in labels + names:
        row = column_a[label]
        assert label_look(sheet.cell(row=row, column=1)) == lane_label, (language, label)
        for column in range(2, phases + 2):  # beside it: a figure on white, or a card on its lane's colour
            assert tint(sheet.cell(row=row, column=column)) != palette.LANE_HEADER_FILL.upper(), (label, column)
    if not has_lane:
        assert not set(p.name for p in journey_map.personas) & set(column_a), column_a
    # nothing else in column A wears the tint: the section title and the headers are no row labels
    tinted = {value for value, row in column_a.items() if tint(sheet.cell(row=row, column=1))
              == palette.LANE_HEADER_FILL.upper()}
    assert tinted == set(labels + names), (language, tinted)
