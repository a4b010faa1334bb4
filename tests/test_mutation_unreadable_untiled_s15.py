"""A refused poster that a standard paper prints readably while no tiled poster does (mutation survivors of
``pdf._unreadable``, the advice without ", or tile the poster ...").

A tiled poster keeps the canvas's column widths (``PosterPlanner.scaled_page``); a sheet of paper widens the
columns to fill it (``PosterPlanner.page``). Long card text wraps into a tall narrow column: at 6 pt the tiled
poster of one phase holding 12,000 words is over 6 m tall, past the 5 m a printer's roll takes, while on A1 the
widened column prints it at 6 pt or more. The refusal on a smaller paper then offers A1 (as paper, or tiled on
the tiles asked for) and no tiling of its own, and every command it suggests writes the poster.
"""

from __future__ import annotations

import pytest

from app.export.pdf import MIN_READABLE_PT, PdfOptions, PosterPlanner, plan_poster
from app.export.tiles import MAX_POSTER_SIDE
from app.i18n import set_language
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_mutation_unreadable_advice import advice, refusal
from tests.test_poster import cli, run_suggestions, written

#: where the advice starts, in each UI language


def long_cards(cards: int, words: int) -> JourneyMap:
    """One phase and one lane holding ``cards`` cards of ``words`` words each."""
    text = " ".join(f"word{i % 10}" for i in range(words))
    return JourneyMap(
        id="long", title="Long", phases=[Phase(id="ph", name="Step 1")],
        lanes=[Lane(id="said", name="Said", kind="thoughts")], personas=[Persona(id="p", name="Pat")],
        cards=[Card(id=f"c{i}", persona="p", phase="ph", lane="said", text=text) for i in range(cards)])


#: one card of 12,000 words, and 40 cards of 300 words stacked in the cell
MAPS = {"one card": (1, 12000), "stacked": (40, 300)}


@pytest.fixture(params=sorted(MAPS))
def journey_map(request) -> JourneyMap:
    return long_cards(*MAPS[request.param])


@pytest.fixture(autouse=True)
def english():
    yield
    set_language("en")


def test_paper_prints_it_and_no_tiled_poster_does(journey_map):
    """The case the advice below is for: 6 pt card text makes the tiled poster longer than 5 m, A1 prints it."""
    planner = PosterPlanner(journey_map)
    assert planner.tiled_text_pt(["p"]) is None
    assert max(planner.scaled_page("p", MIN_READABLE_PT / planner.base.text_size).size) > MAX_POSTER_SIDE
    for landscape in (True, False):
        assert planner.smallest_paper(["p"], landscape) == "A1"
        assert plan_poster(journey_map, PdfOptions(paper="A1", landscape=landscape)).readable


#: (landscape, language) -> the advice of a poster refused on A4, and its suggestions
PAPER = {
    (True, "en"): ("choose paper A1 landscape or A1 portrait, or print a handout on A4 (the map split by phases, "
                   "card text 9 pt).",
                   [["--paper", "A1"], ["--paper", "A1", "--portrait"], ["--handout", "--paper", "A4"]]),
    (False, "en"): ("choose paper A1 portrait, or print a handout on A4 (the map split by phases, card text 9 pt).",
                    [["--paper", "A1"], ["--handout", "--paper", "A4"]]),
    (True, "de"): ("wählen Sie das Papierformat A1 quer oder A1 hoch, oder drucken Sie ein Handout auf A4 (die Map "
                   "nach Phasen aufgeteilt, Kartentext 9 pt).",
                   [["--paper", "A1"], ["--paper", "A1", "--portrait"], ["--handout", "--paper", "A4"]]),
    (False, "de"): ("wählen Sie das Papierformat A1 hoch, oder drucken Sie ein Handout auf A4 (die Map nach Phasen "
                    "aufgeteilt, Kartentext 9 pt).",
                    [["--paper", "A1"], ["--handout", "--paper", "A4"]]),
}


@pytest.mark.parametrize(("landscape", "language"), sorted(PAPER))
def test_paper_advice_has_no_tiling(journey_map, landscape, language, tmp_path):
    error = refusal(journey_map, PdfOptions(paper="A4", landscape=landscape), language, tmp_path)
    words, suggestions = PAPER[landscape, language]
    assert advice(error, language) == words
    assert error.suggestions == suggestions


#: (landscape, language) -> the advice of a poster refused on A3 tiled on {tile} sheets, and its papers
TILED = {
    (True, "en"): ("print it as A1 landscape or A1 portrait tiled on {tile} sheets.",
                   [["--paper", "A1"], ["--paper", "A1", "--portrait"]]),
    (False, "en"): ("print it as A1 portrait tiled on {tile} sheets.", [["--paper", "A1"]]),
    (True, "de"): ("drucken Sie es als A1 quer oder A1 hoch, gekachelt auf {tile}-Blättern.",
                   [["--paper", "A1"], ["--paper", "A1", "--portrait"]]),
    (False, "de"): ("drucken Sie es als A1 hoch, gekachelt auf {tile}-Blättern.", [["--paper", "A1"]]),
}
#: tiles, and how the refusal names them each way up (a custom size by its sides as it prints)
TILES = {"A4": ("A4", "A4"), "300x200mm": ("300×200 mm", "200×300 mm")}


@pytest.mark.parametrize("tile", sorted(TILES))
@pytest.mark.parametrize(("landscape", "language"), sorted(TILED))
def test_tiled_advice_has_no_tiling_of_its_own(journey_map, tile, landscape, language, tmp_path):
    error = refusal(journey_map, PdfOptions(paper="A3", tile=tile, landscape=landscape), language, tmp_path)
    words, papers = TILED[landscape, language]
    assert advice(error, language) == words.format(tile=TILES[tile][0 if landscape else 1])
    assert error.suggestions == [[*paper, "--tile", tile] for paper in papers]


@pytest.mark.parametrize("landscape", [True, False])
@pytest.mark.parametrize("tile", [[], ["--tile", "A4"]])
def test_every_suggested_command_writes_the_poster(journey_map, landscape, tile, tmp_path, capsys):
    """On the command line: refused on A4 (A3 when tiled), every command offered writes the poster."""
    source = written(journey_map, tmp_path, "long.journeymap")
    out = tmp_path / "long.pdf"
    paper = "A3" if tile else "A4"
    turned = [] if landscape else ["--portrait"]
    code, _out, err = cli(["export", source, "--pdf", str(out), "--paper", paper, *tile, *turned], capsys)
    assert code != 0 and not out.exists()
    assert ("tiled on" if tile else "choose paper") in err and "tile the poster" not in err, err
    assert run_suggestions(err, source, out, capsys) == (2 if landscape else 1) + (0 if tile else 1)
