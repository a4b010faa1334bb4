"""A tile as large as the poster's paper, and which sheets a large block spans (mutation survivors of
``pdf.tile_covers_paper`` and ``tiles.Tiling.spanned``).

When one tile would print the whole poster the planner refuses to tile and says what works instead: the paper
untiled when its text is readable there (and tiled on A4 when A4 is smaller than it), else a larger paper tiled,
tiling at 9 pt, and a handout only on paper people print on (A4, Letter). The tile is named as it prints (a custom
size turned with the orientation). The assembly note names the sheets a title or legend spans: those holding more
than HOLDS points of it both ways.
"""

from __future__ import annotations

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, PosterPlanner, plan_poster
from app.export.tiles import HOLDS, Box
from app.model import Card, JourneyMap, Lane, Persona, Phase


def journey(words: int) -> JourneyMap:
    """Four phases of one lane, a card of ``words`` words in each: 5 print readably on any sheet, 3000 not on A3."""
    text = " ".join(f"word{i}" for i in range(words))
    return JourneyMap(id="tiles", title="Tiles", phases=[Phase(id=f"p{i}", name=f"P{i}") for i in range(4)],
                      lanes=[Lane(id="n", name="Notes")], personas=[Persona(id="ana", name="Ana")],
                      cards=[Card(id=f"c{i}", persona="ana", phase=f"p{i}", lane="n", text=text) for i in range(4)])


def refusal(journey_map: JourneyMap, paper: str, tile: str, landscape: bool) -> ExportError:
    with pytest.raises(ExportError) as refused:
        PosterPlanner(journey_map, "en").plan(PdfOptions(paper=paper, tile=tile, landscape=landscape, language="en"))
    return refused.value


#: paper, tile, landscape; the paper's and tile's names as printed; whether A4 is smaller than the paper that way
READABLE = [
    ("A4", "A4", True, "A4", "A4", False),
    ("A4", "A4", False, "A4", "A4", False),
    ("A3", "A3", True, "A3", "A3", True),
    ("A3", "A2", False, "A3", "A2", True),
    ("Letter", "Letter", False, "Letter", "Letter", True),  # Letter is wider than A4
    ("250x200mm", "A3", True, "250×200 mm", "A3", False),
    ("250x200mm", "A3", False, "250×200 mm", "A3", False),
    ("A4", "220x300mm", True, "A4", "300×220 mm", False),
    ("A4", "220x300mm", False, "A4", "220×300 mm", False),
    ("A4", "300x220mm", False, "A4", "220×300 mm", False),
]


@pytest.mark.parametrize(("paper", "tile", "landscape", "paper_name", "tile_name", "on_a4"), READABLE)
def test_a_readable_poster_on_one_tile_is_offered_untiled_and_on_a4_when_a4_is_smaller(
        paper: str, tile: str, landscape: bool, paper_name: str, tile_name: str, on_a4: bool):
    refused = refusal(journey(5), paper, tile, landscape)
    assert str(refused) == (f"{tile_name} tiles are as large as the {paper_name} poster or larger: print the poster "
                            f"on {paper_name} without tiling, or tile it on smaller sheets.")
    assert refused.suggestions == [["--paper", paper]] + ([["--paper", paper, "--tile", "A4"]] if on_a4 else [])
    for suggestion in refused.suggestions:  # each suggestion plans: the paper untiled, A4 tiles on the paper
        options = dict(zip(suggestion[::2], suggestion[1::2], strict=True))
        plan = plan_poster(journey(5), PdfOptions(paper=options["--paper"], tile=options.get("--tile"),
                                                  landscape=landscape))
        assert plan.readable and (plan.sheets() > 1 if "--tile" in options else not plan.tilings)


#: paper, tile, landscape; names as printed; the paper a handout is offered on (None: no handout)
UNREADABLE = [
    ("A4", "A4", True, "A4", "A4", "A4"),
    ("A4", "A4", False, "A4", "A4", "A4"),
    ("Letter", "Letter", False, "Letter", "Letter", "Letter"),
    ("A3", "A3", True, "A3", "A3", None),
    ("A3", "A2", False, "A3", "A2", None),
    ("A4", "220x300mm", True, "A4", "300×220 mm", None),
    ("A4", "Tabloid", True, "A4", "Tabloid", None),  # people print on A4, not on its tile
]


@pytest.mark.parametrize(("paper", "tile", "landscape", "paper_name", "tile_name", "handout"), UNREADABLE)
def test_an_unreadable_poster_on_one_tile_is_refused_with_what_works(
        paper: str, tile: str, landscape: bool, paper_name: str, tile_name: str, handout: str | None):
    refused = refusal(journey(3000), paper, tile, landscape)
    text = str(refused)
    start = (f"{tile_name} tiles are as large as the {paper_name} poster or larger, and the poster does not print "
             f"readably on {paper_name} alone. Ana: on {paper_name} ")
    assert text.startswith(start), text
    assert text.endswith(".") and "(below 6 pt)" in text and "XX" not in text
    assert ["--paper", paper] not in refused.suggestions  # never the unreadable paper untiled
    assert ("print a handout" in text) == (handout is not None)
    offered = [s for s in refused.suggestions if "--handout" in s]
    assert offered == ([["--handout", "--paper", handout]] if handout else [])
    assert all(s[-2:] == ["--tile", tile] for s in refused.suggestions if "--handout" not in s)


# --- the sheets a block spans -----------------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "tile", "landscape"), [("A1", "A4", True), ("A1", "A3", False),
                                                          ("A0", "Letter", True), ("A2", "300x200mm", False)])
def test_a_block_reaching_a_sheet_by_holds_points_or_less_does_not_span_it(paper: str, tile: str, landscape: bool):
    tiling = plan_poster(journey(5), PdfOptions(paper=paper, tile=tile, landscape=landscape)).tilings[0]
    assert tiling.rows > 1 and tiling.columns > 1
    first = tiling.sheet(0, 0)
    inner = tiling.region(first)
    right, below = tiling.region(tiling.sheet(0, 1)), tiling.region(tiling.sheet(1, 0))
    corner = tiling.region(tiling.sheet(1, 1))
    for into in (HOLDS, HOLDS / 2, HOLDS + 0.25, 5.0):
        across = Box(inner.x + 10, inner.y + 10, right.x + into - (inner.x + 10), 40)
        down = Box(inner.x + 10, inner.y + 10, 40, below.y + into - (inner.y + 10))
        both = Box(inner.x + 10, inner.y + 10, corner.x + into - (inner.x + 10), corner.y + into - (inner.y + 10))
        more = into > HOLDS
        assert [s.label for s in tiling.spanned(across)] == ["A1", "A2"][:1 + more], into
        assert [s.label for s in tiling.spanned(down)] == ["A1", "B1"][:1 + more], into
        assert [s.label for s in tiling.spanned(both)] == (["A1", "A2", "B1", "B2"] if more else ["A1"]), into
