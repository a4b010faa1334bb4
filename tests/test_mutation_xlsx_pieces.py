"""A text cut into pieces that each fit the lines a row holds, whatever its words: a word longer than a line at
the start, in the middle (starting on the last lines of a piece and running on past them) or at the end, line
breaks, a column one character wide. Put together the pieces are the text; each takes at most the lines asked
(trailing white space aside); and a card's text on a persona sheet or in the Cards table never puts more lines in
a row than the row holds."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.export.excel import LINES_PER_ROW, _room, export_excel, fitting_pieces, wrapped_lines
from app.model import Card, JourneyMap, Lane, Persona, Phase


def words(count: int) -> str:
    return " ".join(f"w{n}" for n in range(count))


def shapes(width: float, lines: int) -> dict[str, str]:
    """Texts taller than ``lines`` lines of a column ``width`` wide, by where their long word is."""
    room = _room(width)
    long_word = "x" * (room * (lines + 3) + 1)
    filling = words(max(1, room * (lines - 1) // 4))  # about ``lines - 1`` lines of short words
    return {
        "one long word": long_word,
        "a long word first": long_word + " " + words(40),
        "a long word starting on the last line": filling + " " + long_word + " " + words(40),
        "a long word last": words(40) + " " + long_word,
        "paragraphs": "\n".join([words(30), long_word, "", words(30)]),
        "short lines": "\n".join(["a"] * (lines * 4)),
    }


@pytest.mark.parametrize("width", [2.0, 5.0, 12.0, 38.0])
@pytest.mark.parametrize("lines", [1, 2, 3, LINES_PER_ROW - 2])
def test_every_piece_fits_the_lines_and_the_pieces_are_the_text(width: float, lines: int):
    for shape, text in shapes(width, lines).items():
        assert wrapped_lines(text, width) > lines, shape
        pieces = fitting_pieces(text, width, lines)
        assert "".join(pieces) == text, shape
        assert len(pieces) > 1 and all(pieces), shape
        for index, piece in enumerate(pieces):
            assert wrapped_lines(piece.rstrip(), width) <= lines, (shape, index, len(piece))


def card_map(text: str) -> JourneyMap:
    return JourneyMap(id="m", title="Pieces", phases=[Phase(id="aw", name="Awareness")],
                      lanes=[Lane(id="tp", name="Touchpoints", kind="touchpoints")],
                      personas=[Persona(id="p", name="Lena")],
                      cards=[Card(id="c", persona="p", phase="aw", lane="tp", text=text)])


@pytest.mark.parametrize("position", ["first", "on the last lines of a row", "last"])
def test_no_row_of_a_persona_sheet_or_the_cards_table_holds_more_lines_than_it_shows(position: str, tmp_path: Path):
    """A card's text with a word (a link, say) of 3,000 characters: rows 409 points high at most show
    LINES_PER_ROW lines, so no piece may take more."""
    link = "https://example.com/" + "a" * 3000
    text = {"first": f"{link} {words(300)}", "on the last lines of a row": f"{words(190)} {link} {words(300)}",
            "last": f"{words(300)} {link}"}[position]
    out = tmp_path / "m.xlsx"
    export_excel(card_map(text), out)
    book = load_workbook(out)
    sheet, cards = book["Lena"], book["Cards"]
    for where, column, rows in (("persona sheet", "B", range(3, sheet.max_row + 1)),
                                ("Cards table", "D", range(2, cards.max_row + 1))):
        found = sheet if where == "persona sheet" else cards
        width = found.column_dimensions[column].width
        assert len(rows) > 2, where
        for row in rows:
            piece = found[f"{column}{row}"].value
            assert wrapped_lines(piece.rstrip(), width) <= LINES_PER_ROW, (where, row)


@pytest.mark.parametrize("width", [2.0, 5.0, 12.0, 38.0])
@pytest.mark.parametrize("lines", [1, 2, 3, LINES_PER_ROW - 2])
def test_a_piece_cut_inside_a_word_holds_as_much_of_it_as_its_lines_do(width: float, lines: int):
    """Cut inside a word (one longer than the lines left), a piece takes all the word the lines hold: one
    character more would need another line."""
    inside = 0
    for shape, text in shapes(width, lines).items():
        pieces = fitting_pieces(text, width, lines)
        for index, (piece, after) in enumerate(pairwise(pieces)):
            if piece[-1].isspace() or after[0].isspace():
                continue  # cut between words or at a line break
            inside += 1
            assert wrapped_lines(piece + after[0], width) > lines, (shape, index, len(piece))
    assert inside >= 3
