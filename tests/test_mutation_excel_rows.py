"""Workbook details a reader depends on: a table row whose text is taller than a row holds continues in the rows
below (whole, in as few rows as hold it, each row as tall as its text, the warning naming the right cells);
long sheet names that share their start keep their last words; every styled cell names the workbook's face.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from app.export.excel import (
    CELL_LIMIT,
    CONTINUED,
    CONTINUES,
    FONT_NAME,
    LINES_PER_ROW,
    REPEATED,
    _units,
    _Writer,
    export_excel,
    fitting_pieces,
    font,
    row_points,
    sheet_titles,
    wrapped_lines,
)
from app.i18n import catalogue
from app.model import load_map
from tests.conftest import SAMPLES

#: a table like the Cards sheet: an id, a wrapped text, wrapped notes, a number and a name
WIDTHS = [10.0, 50.0, 30.0, 8.0, 20.0]
WRAP = {2, 3}


def table(rows: list[list]) -> tuple[_Writer, object]:
    """The rows appended to a sheet under a header row, as the workbook's tables append them."""
    writer = _Writer(catalogue("en"))
    sheet = Workbook().active
    sheet.title = "Cards"
    sheet.append(["Id", "Text", "Notes", "Votes", "Persona"])
    for values in rows:
        writer.append_row(sheet, values, WRAP, WIDTHS)
    return writer, sheet


def unmarked(pieces: list[str]) -> str:
    last = len(pieces) - 1
    return "".join(piece.removeprefix(CONTINUED if i else "").removesuffix(CONTINUES if i < last else "")
                   for i, piece in enumerate(pieces))


def column_pieces(sheet, column: int, first: int, last: int) -> list[str]:
    return [sheet.cell(row, column).value for row in range(first, last + 1)
            if sheet.cell(row, column).value is not None]


def assert_rows_as_tall_as_their_text(sheet, first: int, last: int) -> None:
    """Each row is as tall as its tallest wrapped piece (no taller: an empty cell adds nothing), at most a row."""
    for row in range(first, last + 1):
        lines = max([wrapped_lines(sheet.cell(row, c).value, WIDTHS[c - 1]) for c in WRAP
                     if sheet.cell(row, c).value] or [1])
        assert lines <= LINES_PER_ROW, row
        assert sheet.row_dimensions[row].height == (row_points(lines) if lines > 1 else None), (row, lines)


def words(count: int, start: int = 0) -> str:
    return " ".join(f"word{n}" for n in range(start, start + count))


@functools.cache
def one_line_tail() -> str:
    """A text of one-line paragraphs whose last piece, continued below, is a single line."""
    for count in range(LINES_PER_ROW, 4 * LINES_PER_ROW):
        text = "\n".join(f"line {n}" for n in range(count))
        _writer, sheet = table([["c1", text, "", 1, "Lena"]])
        last = column_pieces(sheet, 2, 2, sheet.max_row)[-1]
        if sheet.max_row > 2 and wrapped_lines(last, WIDTHS[1]) == 1:
            return text
    raise AssertionError("no text ends in a one-line piece")


def test_a_tall_text_continues_below_in_as_few_rows_as_hold_it():
    """The pieces, marks taken off, are the text; each but the last fills nearly a whole row of its own column
    (cut for that column's width, not another's), and the rows after the first leave the numbers out."""
    text = words(3000)
    notes = words(40, 5000)
    _writer, sheet = table([["c1", text, notes, 7, "Lena"], ["c2", "short", "", 2, "Tom"]])
    last = sheet.max_row - 1  # the next card's row follows
    assert sheet.cell(sheet.max_row, 1).value == "c2" and sheet.cell(sheet.max_row, 4).value == 2
    pieces = column_pieces(sheet, 2, 2, last)
    assert len(pieces) == last - 1 > 2
    assert unmarked(pieces) == text
    for piece in pieces[:-1]:
        assert LINES_PER_ROW - 4 <= wrapped_lines(piece, WIDTHS[1]) <= LINES_PER_ROW, piece[:40]
    assert sheet.cell(2, 3).value == notes  # the short notes whole in the first row, nothing of them below
    assert all(sheet.cell(row, 3).value is None for row in range(3, last + 1))
    assert [sheet.cell(row, 4).value for row in range(2, last + 1)] == [7] + [None] * (last - 2)
    assert [sheet.cell(row, 1).value for row in range(2, last + 1)] == ["c1"] * (last - 1)  # the card's words
    assert_rows_as_tall_as_their_text(sheet, 2, last)


def test_rows_whose_pieces_ran_out_stay_empty_and_only_as_tall_as_the_rest():
    """Where one wrapped column has no piece left, its cell is empty and does not make the row taller."""
    text = one_line_tail()
    other = words(400, 7000)  # more rows than the notes need
    _writer, sheet = table([["c1", text, other, 1, "Lena"]])
    last = sheet.max_row
    texts, notes = column_pieces(sheet, 2, 2, last), column_pieces(sheet, 3, 2, last)
    assert unmarked(texts) == text and unmarked(notes) == other
    assert len(texts) != len(notes)
    shorter = 2 if len(texts) < len(notes) else 3
    for row in range(2 + min(len(texts), len(notes)), last + 1):
        assert sheet.cell(row, shorter).value is None, row
    assert_rows_as_tall_as_their_text(sheet, 2, last)
    # a one-line last piece beside a note that ended rows ago leaves its row at the default height
    _writer, sheet = table([["c1", text, "a note", 1, "Lena"]])
    assert sheet.cell(sheet.max_row, 3).value is None
    assert sheet.row_dimensions[sheet.max_row].height is None
    assert_rows_as_tall_as_their_text(sheet, 2, sheet.max_row)


@pytest.mark.parametrize("length", [REPEATED - 1, REPEATED, REPEATED + 1])
def test_the_rows_below_repeat_a_name_up_to_its_limit(length: int):
    """A name of up to 255 characters (a persona's, an id) is repeated in each continued row, so a filter keeps
    the rows with their card; a longer one is written once."""
    name = ("Lena " * 60)[:length]
    _writer, sheet = table([["c1", words(1500), "", 3, name]])
    names = [sheet.cell(row, 5).value for row in range(2, sheet.max_row + 1)]
    assert len(names) > 2 and names[0] == name
    assert names[1:] == ([name] if length <= REPEATED else [None]) * (len(names) - 1)


def assert_named_where_it_continues(sheet, entry: tuple[str, str, str], column: int, text: str) -> None:
    title, origin, where = entry
    letter = get_column_letter(column)
    first, last = 2, sheet.max_row
    assert title == sheet.title and origin == f"{letter}{first}"
    assert where == f"{letter}{first + 1}:{letter}{last}"
    low_column, low_row, high_column, high_row = range_boundaries(where)
    assert low_column == high_column == column
    pieces = [sheet[origin].value] + [sheet.cell(row, column).value for row in range(low_row, high_row + 1)]
    assert unmarked(pieces) == text and sheet.cell(last + 1, column).value is None


def test_a_text_longer_than_a_cell_holds_is_named_with_the_rows_it_continues_in():
    """The warning names the cell a text starts in and the rows below that hold the rest, on the right sheet."""
    text = words(CELL_LIMIT // 8)
    assert _units(text) > CELL_LIMIT
    writer, sheet = table([["c1", text, "", 1, "Lena"]])
    [entry] = writer.continued_below
    assert_named_where_it_continues(sheet, entry, 2, text)
    # a second table row further down: named from its own first row
    writer, sheet = table([["c0", "short", "", 1, "Tom"], ["c1", "short", text, 1, "Lena"]])
    [(title, origin, where)] = writer.continued_below
    assert origin == "C3" and where == f"C4:C{sheet.max_row}" and title == "Cards"


def test_only_a_text_beyond_the_cell_limit_is_named():
    """A text that fits a cell is continued below only because it is tall: that needs no warning; one character
    beyond 32,767 is named."""
    base = words(CELL_LIMIT // 8)
    for extra, named in ((-1, False), (0, False), (1, True)):
        text = base[:CELL_LIMIT + extra]
        writer, sheet = table([["c1", text, "", 1, "Lena"]])
        assert sheet.max_row > 3
        assert bool(writer.continued_below) is named, extra


# --- sheet names ---------------------------------------------------------------------------------------------------


CITIES = [("Bad Homburg", "Bad Tölz"), ("Hamburg", "Munich"), ("Nord A", "Nord B"), ("Ulm", "Hof")]
STARTS = ["Technical evaluator at a large retailer,", "Regionalvertriebsleitungsteam Nordrhein-Westfalen",
          "Head of IT at a mid-sized manufacturer in", "Purchasing lead (indirect spend), region"]


@pytest.mark.parametrize("start", STARTS)
def test_names_alike_for_31_characters_keep_their_start_and_their_last_words(start: str):
    """Each title is the name's start, "…" and its last whole words: the start without a space before the "…",
    the end beginning at a word, and a short last pair of words ("Bad Tölz") kept together."""
    for ends in CITIES:
        assert_start_and_end(start, ends)


def assert_start_and_end(start: str, ends: tuple[str, str]) -> None:
    names = [f"{start} {end}" for end in ends]
    titles = sheet_titles(names, set())
    assert len(set(titles)) == 2
    for name, end, title in zip(names, ends, titles, strict=True):
        assert _units(title) <= 31 and title.count("…") == 1, title
        head, tail = title.split("…")
        assert head and name.startswith(head) and head == head.rstrip(), title
        assert name.endswith(tail) and tail, title
        assert name[len(name) - len(tail) - 1] == " ", f"{title}: the end starts inside a word"
        assert tail.endswith(end.split()[-1])
        if len(end) <= 12:
            assert tail.endswith(end), title


def test_a_name_whose_last_word_is_one_letter_ends_in_that_letter():
    """The last words may be a single letter ("…Westfalen A"): the end is that letter, not a piece of a word."""
    names = [f"Regionalvertriebsleitungsteam Nordrhein-Westfalen {letter}" for letter in "AB"]
    titles = sheet_titles(names, set())
    assert [title.rsplit("…", 1)[1] for title in titles] == ["A", "B"]


# --- fitting pieces, the workbook's face ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [12.0, 40.0])
def test_fitting_pieces_are_the_text_each_in_the_lines_asked(width: float):
    """Joined, the pieces are the text; each fits ``lines`` lines of the column, and all but the last nearly fill
    them (cut between words)."""
    for lines in (1, 3, LINES_PER_ROW):
        assert_fitting(width, lines)


def assert_fitting(width: float, lines: int) -> None:
    text = words(300) + "\n" + "x" * 500
    pieces = fitting_pieces(text, width, lines)
    assert "".join(pieces) == text and len(pieces) > 1
    assert all(wrapped_lines(piece.rstrip("\n"), width) <= lines for piece in pieces)  # a cut at a line break
    assert all(wrapped_lines(piece + pieces[i + 1][:8], width) > lines - 1 for i, piece in enumerate(pieces[:-1]))
    assert fitting_pieces("short", width, lines) == ["short"]
    assert fitting_pieces(text, width) == fitting_pieces(text, width, LINES_PER_ROW)


def test_a_font_of_the_workbook_names_its_face_and_keeps_what_it_is_given():
    """A cell whose font has no name shows in a serif face in LibreOffice: every font made names Calibri."""
    made = font(bold=True, size=13, color="FFFFFF")
    assert made.name == FONT_NAME == "Calibri"
    assert made.b and made.sz == 13 and made.color.rgb.endswith("FFFFFF")
    assert font().name == FONT_NAME and not font().b


def test_every_styled_cell_of_a_workbook_is_in_the_workbook_face(tmp_path: Path):
    """The headers (bold, white on the header fill), labels and titles all name Calibri."""
    out = tmp_path / "m.xlsx"
    export_excel(load_map(SAMPLES / "fitness-watch.json"), out, language="en")
    workbook = load_workbook(out)
    headers = workbook["Cards"][1]
    assert all(cell.font.name == FONT_NAME and cell.font.b for cell in headers)
    assert all(cell.font.color is not None and cell.font.color.rgb.endswith("FFFFFF") for cell in headers)
    styled = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
              if cell.has_style and cell.font is not None and cell.font.b]
    assert styled and all(cell.font.name == FONT_NAME for cell in styled)
