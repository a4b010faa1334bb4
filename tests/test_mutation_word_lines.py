"""How the workbook wraps a cell's text to find where a text too tall for one row is cut (app.export.excel): each
word's line when a paragraph is wrapped between words into lines of so many characters (texts exactly as wide as
a line, a character wider, words longer than a line, several spaces, spaces at the ends, CJK, nothing), the
line count the row heights use, and the pieces a long text is cut into, each at the start of a word and as long
as its rows hold. Qt-free.
"""

from __future__ import annotations

import random

import pytest

from app.export.excel import _line_count, _word_lines, fitting_pieces, wrapped_lines


def reference(paragraph: str, room: int) -> tuple[list[tuple[int, int]], int]:
    """Wrapping written out as a cursor: a word goes on the line when it fits after a space (or at the start of an
    empty line), else it starts the next line (unless the line is empty) and runs over as many whole lines as
    it needs; (offset of each word, its first line), lines."""
    placed, line, column, offset = [], 0, None, 0
    for word in paragraph.split(" "):
        width = len(word) if column is None else column + 1 + len(word)
        if width <= room:
            placed.append((offset, line))
            column = width
        else:
            if column is not None:
                line += 1
            placed.append((offset, line))
            left = len(word)
            while left > room:
                line, left = line + 1, left - room
            column = left
        offset += len(word) + 1
    return placed, line + 1


def paragraphs() -> list[str]:
    """Words of every length around a line's (none to three lines and more), single and double spaces, spaces
    at the start and the end, CJK words; the same every run."""
    chance = random.Random(20261201)
    found = ["", " ", "  ", "a", " a", "a ", "a  b", "\u4e00\u4e01\u4e02 \u4e03", "\u4e00" * 11]
    for _ in range(400):
        words = ["x" * chance.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 15, 16, 17])
                 + "\u6f22" * chance.choice([0, 0, 0, 2]) for _ in range(chance.randint(1, 7))]
        found.append(" ".join(words))
    return found


@pytest.mark.parametrize("room", [1, 2, 3, 5, 8])
def test_each_word_lands_on_the_line_a_cursor_puts_it_on(room):
    """Every word's offset (where it starts in the paragraph) and first line, and the paragraph's lines, are
    those of wrapping it word by word; the count is the one the row heights use."""
    for paragraph in paragraphs():
        placed, lines = _word_lines(paragraph, room)
        assert (placed, lines) == reference(paragraph, room), (paragraph, room)
        assert lines == _line_count(paragraph, room), (paragraph, room)
        for (offset, _line), word in zip(placed, paragraph.split(" "), strict=True):
            assert paragraph[offset:offset + len(word)] == word


@pytest.mark.parametrize(("paragraph", "placed", "lines"), [
    ("", [(0, 0)], 1),
    ("abcde", [(0, 0)], 1),  # exactly a line
    ("abcdef", [(0, 0)], 2),  # a character more
    ("ab cd", [(0, 0), (3, 0)], 1),  # two words exactly a line
    ("ab cde", [(0, 0), (3, 1)], 2),
    ("abcdefghij", [(0, 0)], 2),  # a word of exactly two lines
    ("abcdefghij k", [(0, 0), (11, 2)], 3),  # ...fills its last line
    ("abcdefg hi", [(0, 0), (8, 1)], 2),  # a word of a line and a bit: the next word shares its last line
    ("abc abcdefghijk", [(0, 0), (4, 1)], 4),  # a long word after a short one starts the next line
    ("ab  cd", [(0, 0), (3, 0), (4, 1)], 2),  # two spaces take two characters
    (" abcde", [(0, 0), (1, 1)], 2),  # a leading space takes one
    (" abcdefg", [(0, 0), (1, 1)], 3),
    ("abcde ", [(0, 0), (6, 1)], 2),  # a trailing space after a full line starts the next
    ("\u4e00\u4e01\u4e02\u4e03\u4e04\u4e05 \u4e06", [(0, 0), (7, 1)], 2),  # CJK, a character each
])
def test_lines_at_a_lines_width_of_five(paragraph, placed, lines):
    assert _word_lines(paragraph, 5) == (placed, lines)


@pytest.mark.parametrize("lines", [2, 3, 5])
def test_a_long_text_is_cut_at_word_starts_into_pieces_that_fill_their_rows(lines):
    """A text of short words and several paragraphs (one empty): the pieces joined are the text; each piece
    takes at most the lines a row holds (but for the space it ends with); each piece but the last ends where a
    word starts, and with that word it would take more lines."""
    chance = random.Random(lines)
    words = ["w" * chance.randint(1, 8) for _ in range(300)]
    text = " ".join(words[:100]) + "\n" + " ".join(words[100:120]) + "\n\n" + " ".join(words[120:])
    width = 12.0
    pieces = fitting_pieces(text, width, lines)
    assert "".join(pieces) == text
    assert len(pieces) > 3
    at = 0
    for piece in pieces[:-1]:
        at += len(piece)
        assert wrapped_lines(piece.rstrip(), width) <= lines  # (the spaces it ends with hang in the margin)
        assert text[at - 1] in " \n" and text[at] not in " \n", repr(piece)
        next_word = text[at:].split(" ")[0].split("\n")[0]
        assert wrapped_lines(piece + next_word, width) > lines, repr(piece)
    assert wrapped_lines(pieces[-1], width) <= lines
