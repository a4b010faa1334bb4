"""Sheet names of personas whose names are just over Excel's 31 units and alike up to there.

A name one unit too long is cut like any longer one: when the cut is another persona's sheet name too, each
sheet shows the start, "…" and the last words, so a reader tells "…North team A" from "…North team B" (and
never gets a counted "(2)" that says nothing of whose sheet it is). A name that fits is kept whole. Units are
UTF-16 code units, as Excel counts them: an emoji is two.
"""

from __future__ import annotations

import pytest

from app.export.excel import _units, sheet_titles

#: 31 units, the last a space: names that go on after it are alike in all that a sheet name holds
ALIKE = ["Regional sales lead North team ", "😀gional sales lead North team ", "Regional sales lead, North-team"]


@pytest.mark.parametrize("alike", ALIKE)
@pytest.mark.parametrize("ends", [("A", "B"), ("A2", "B2"), ("Ost", "Süd")])
def test_names_just_over_the_limit_and_alike_up_to_it_keep_their_ends(alike: str, ends: tuple[str, str]):
    assert _units(alike) == 31
    names = [alike + end for end in ends]  # 32 units and more
    titles = sheet_titles(names, set())
    assert len({title.casefold() for title in titles}) == 2, titles
    for name, own, title in zip(names, ends, titles, strict=True):
        start, _mark, end = title.partition("…")
        assert _units(title) <= 31 and "(2)" not in title and title.count("…") == 1, title
        assert name.startswith(start) and name.endswith(end) and end.endswith(own), title


def test_a_name_that_fits_is_kept_whole_beside_a_longer_one_that_starts_like_it():
    fits = "Regional sales lead North teamX"  # 31 units
    assert _units(fits) == 31
    for more in ("B", " B", "B2"):
        for names in ([fits, fits + more], [fits + more, fits]):
            titles = sheet_titles(names, set())
            assert titles[names.index(fits)] == fits, titles
            longer = titles[1 - names.index(fits)]
            assert longer.count("…") == 1 and longer.endswith(more.strip()) and _units(longer) <= 31, titles
