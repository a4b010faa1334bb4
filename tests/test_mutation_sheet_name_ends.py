"""Sheet names of personas whose names share their first 31 characters: the start, "…" and the last words.

The end has 16 of the title's 31 units. Last words that fit in them are kept whole, however close they come to
the 16 ("…Bad Homburg Nord" as well as "…Bad Homburg Süd"); a word the room cuts is left out; a last word
longer than the room is shown by its last 16 units, never more, so the start keeps its 14.
"""

from __future__ import annotations

import pytest

from app.export.excel import _units, sheet_titles

STARTS = ["Technical evaluator at a large retailer,", "Regionalvertriebsleitungsteam Nordrhein-Westfalen"]
#: pairs of ends of 14 to 16 characters, each of whole words
ENDS = [("Bad Homburg Nord", "Bad Homburg Süd"), ("Bad Homburg Ost", "Bad Homburg Nord"),
        ("Halle Saale Nord", "Halle Saale Süd"), ("Ulm Süd Block 12", "Ulm Süd Block 13"),
        ("Berlin Mitte 2", "Berlin Mitte 3")]
#: the end's room, in UTF-16 units
ROOM = 16


def ends_of(start: str, ends: tuple[str, str]) -> list[str]:
    titles = sheet_titles([f"{start} {end}" for end in ends], set())
    assert len(set(titles)) == 2 and all(_units(title) <= 31 and title.count("…") == 1 for title in titles)
    return [title.split("…")[1] for title in titles]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("ends", ENDS)
def test_last_words_that_fit_the_ends_room_are_kept_whole(start: str, ends: tuple[str, str]):
    assert all(len(end) <= ROOM for end in ends)
    assert ends_of(start, ends) == list(ends)


@pytest.mark.parametrize("start", STARTS)
def test_a_word_the_room_cuts_is_left_out(start: str):
    """ "Großraum Hamburg Nord" is 20 characters: "Großraum" does not fit, "Hamburg Nord" does."""
    assert ends_of(start, ("Großraum Hamburg Nord", "Großraum Hamburg Süd")) == ["Hamburg Nord", "Hamburg Süd"]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("length", [17, 18, 25])
def test_a_last_word_longer_than_the_room_shows_its_last_sixteen_units(start: str, length: int):
    words = ["x" * (length - 1) + letter for letter in "AB"]
    ends = ends_of(start, (words[0], words[1]))
    assert ends == [word[-ROOM:] for word in words]
    titles = sheet_titles([f"{start} {word}" for word in words], set())
    assert all(title.split("…")[0] == start[:31 - 1 - ROOM].rstrip() for title in titles)
