"""A card's text taller than a row holds, as a reader of the workbook finds it: on the persona sheet in the rows
below its cell, in the Cards table in the rows below its card. However many pieces (two as well as more), each
piece but the last ends in "…", each but the first starts with "… ", and the pieces without these marks, put
together, are the text; a text that fits one row has no mark at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import export_excel
from app.model import Card, JourneyMap, Lane, Persona, Phase

CONTINUES, CONTINUED = "…", "… "
#: the persona sheet's cell holds a card's text after this
BULLET = "• "


def one_card_map(words: int) -> JourneyMap:
    text = " ".join(f"word{n}" for n in range(words))
    return JourneyMap(id="m", title="Continued", phases=[Phase(id="aw", name="Awareness")],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                      personas=[Persona(id="p", name="Lena")],
                      cards=[Card(id="c", persona="p", phase="aw", lane="tp", text=text)])


def pieces(journey_map: JourneyMap, tmp_path: Path) -> dict[str, list[str]]:
    """The card's text as each sheet holds it, one piece per row: persona sheet column B from row 3, the
    Cards table's Text column from row 2."""
    out = tmp_path / "m.xlsx"
    export_excel(journey_map, out)
    book = load_workbook(out)
    persona = [row[0] for row in book["Lena"].iter_rows(min_row=3, min_col=2, max_col=2, values_only=True)]
    cards = book["Cards"]
    assert cards["D1"].value == "Text"
    table = [row[0] for row in cards.iter_rows(min_row=2, min_col=4, max_col=4, values_only=True)]
    return {"persona sheet": persona, "Cards table": table}


def unmarked(found: list[str]) -> str:
    """The pieces put together, after checking and taking off the marks."""
    text = ""
    for index, piece in enumerate(found):
        if index:
            assert piece.startswith(CONTINUED), (index, piece[:20])
            piece = piece[len(CONTINUED):]
        if index < len(found) - 1:
            assert piece.endswith(CONTINUES), (index, piece[-20:])
            piece = piece[:-len(CONTINUES)]
        text += piece
    return text


# (words, pieces on the persona sheet, pieces in the Cards table)
@pytest.mark.parametrize(("words", "counts"), [(100, (1, 1)), (150, (2, 1)), (200, (2, 2)), (330, (3, 3)),
                                               (450, (4, 3))])
def test_each_piece_of_a_tall_text_is_marked_and_the_pieces_are_the_text(words: int, counts: tuple[int, int],
                                                                           tmp_path: Path):
    journey_map = one_card_map(words)
    text = journey_map.cards[0].text
    found = pieces(journey_map, tmp_path)
    assert (len(found["persona sheet"]), len(found["Cards table"])) == counts
    assert unmarked(found["persona sheet"]) == BULLET + text
    assert unmarked(found["Cards table"]) == text
    for where, parts in found.items():
        if len(parts) == 1:
            assert CONTINUES not in parts[0], where
