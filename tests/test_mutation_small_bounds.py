"""Two small measures at their edges.

- A tile covers the poster's paper when it is as large both ways, up to a hundredth of a point (what a size in
  millimetres turned into points can be off by); a tile half a point smaller one way does not, so the poster
  is tiled rather than refused.
- A spreadsheet column of one or two units holds one character a line (a unit is one digit of the default
  font, and a line keeps one unit of margin): a text there takes a line per character.
"""

from __future__ import annotations

import pytest

from app.export.excel import wrapped_lines
from app.export.pdf import paper_size
from app.export.tiles import covers

PAPERS = [paper_size("A4", False), paper_size("Letter", True), paper_size("A2", False)]


@pytest.mark.parametrize("paper", PAPERS)
def test_a_tile_covers_the_paper_only_when_as_large_both_ways(paper: tuple[float, float]):
    width, height = paper
    assert covers((width, height), paper)
    assert covers((width + 30, height + 0.5), paper)
    assert covers((width - 0.01, height), paper) and covers((width, height - 0.01), paper)
    assert covers((width - 0.01, height - 0.01), paper)
    for short in (0.02, 0.5, 1.0, 20.0):
        assert not covers((width - short, height), paper), short
        assert not covers((width, height - short), paper), short
        assert not covers((width + 100, height - short), paper), short
        assert not covers((width - short, height + 100), paper), short


@pytest.mark.parametrize("width", [0.5, 1, 1.5, 2])
@pytest.mark.parametrize("bold", [False, True])
def test_a_column_of_at_most_two_units_holds_a_character_a_line(width: float, bold: bool):
    for text in ("a", "ab", "abcd", "abc def", "x" * 9):
        assert wrapped_lines(text, width, bold=bold) == len(text.replace(" ", "")), text


def test_a_column_of_three_units_holds_two_characters_a_line():
    assert wrapped_lines("ab", 3) == 1 and wrapped_lines("abcd", 3) == 2 and wrapped_lines("abcde", 3) == 3
