"""What a refused poster advises, in both orientations (mutation survivors of ``pdf._unreadable``).

A poster whose card text would print below 6 pt is refused with the papers that work: from landscape the smallest
paper each way up, from portrait (--portrait) only portrait ones (the command line keeps the orientation asked
for); with automatic paper only the other way up (every paper was tried this way). A tiled poster names its tile
as it prints (a custom size turned with the orientation) and suggests only papers larger than one tile, since a
paper one tile covers is not tiled. Every suggested command plans a readable poster.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf, plan_poster
from app.i18n import set_language
from app.model import Card, JourneyMap, Lane, Persona, Phase

#: where the advice starts, in each UI language
ADVICE = {"en": "To keep every word readable, ", "de": "Damit jedes Wort lesbar bleibt, "}


def wordy() -> JourneyMap:
    """Six phases of one long card each: unreadable on A4 and Letter, readable on A3 either way up."""
    phases = [Phase(id=f"ph{i}", name=f"Step {i + 1}") for i in range(6)]
    text = " ".join(f"word{i % 10}" for i in range(400))
    cards = [Card(id=f"c{i}", persona="p", phase=p.id, lane="said", text=text) for i, p in enumerate(phases)]
    return JourneyMap(id="w", title="Wordy", phases=phases, lanes=[Lane(id="said", name="Said", kind="thoughts")],
                      personas=[Persona(id="p", name="Pat")], cards=cards)


def stacked(notes: int) -> JourneyMap:
    """One phase, two lanes of ``notes`` short cards each: a tall poster (60 print on A0 portrait only, 100 on
    no paper)."""
    lanes = [Lane(id=f"l{j}", name=f"Lane {j + 1}") for j in range(2)]
    cards = [Card(id=f"c{lane.id}{k}", persona="p", phase="ph", lane=lane.id, text=f"note {k}")
             for lane in lanes for k in range(notes)]
    return JourneyMap(id="s", title="Stacked", phases=[Phase(id="ph", name="Step 1")], lanes=lanes,
                      personas=[Persona(id="p", name="Pat")], cards=cards)


def refusal(journey_map: JourneyMap, options: PdfOptions, language: str, folder: Path) -> ExportError:
    """The refusal, the UI in ``language``; nothing is written."""
    set_language(language)
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, folder / "x.pdf", options)
    assert not (folder / "x.pdf").exists()
    return refused.value


def advice(error: ExportError, language: str) -> str:
    text = str(error)
    assert ADVICE[language] in text, text
    return text.split(ADVICE[language], 1)[1]


def assert_suggestions_work(journey_map: JourneyMap, error: ExportError, landscape: bool):
    """Each suggested command (its flags added to the refused one) plans a readable poster; a tiled one is not
    refused for a tile as large as its paper."""
    for suggestion in error.suggestions:
        if "--handout" in suggestion:
            continue
        flags = [flag for flag in suggestion if flag != "--portrait"]
        named = dict(zip(flags[::2], flags[1::2], strict=True))
        options = PdfOptions(paper=named.get("--paper", "auto"), tile=named.get("--tile"),
                             landscape=landscape and "--portrait" not in suggestion)
        assert plan_poster(journey_map, options).readable, suggestion


# --- papers, both ways up --------------------------------------------------------------------------------

PAPERS = {
    ("A4", True, "en"): (
        "Pat: on A4 landscape card text",
        "choose paper A3 landscape or A3 portrait, or tile the poster on A4 sheets (card text 9 pt), or print a "
        "handout on A4 (the map split by phases, card text 9 pt).",
        [["--paper", "A3"], ["--paper", "A3", "--portrait"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
    ("A4", False, "en"): (
        "Pat: on A4 portrait card text",
        "choose paper A3 portrait, or tile the poster on A4 sheets (card text 9 pt), or print a handout on A4 (the "
        "map split by phases, card text 9 pt).",
        [["--paper", "A3"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
    ("Letter", False, "en"): (
        "Pat: on Letter portrait card text",
        "choose paper A3 portrait, or tile the poster on A4 sheets (card text 9 pt), or print a handout on Letter "
        "(the map split by phases, card text 9 pt).",
        [["--paper", "A3"], ["--tile", "A4"], ["--handout", "--paper", "Letter"]]),
    ("A4", True, "de"): (
        "Pat: auf A4 quer würde Kartentext",
        "wählen Sie das Papierformat A3 quer oder A3 hoch oder kacheln Sie das Poster auf A4-Blättern (Kartentext "
        "9 pt), oder drucken Sie ein Handout auf A4 (die Map nach Phasen aufgeteilt, Kartentext 9 pt).",
        [["--paper", "A3"], ["--paper", "A3", "--portrait"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
    ("A4", False, "de"): (
        "Pat: auf A4 hoch würde Kartentext",
        "wählen Sie das Papierformat A3 hoch oder kacheln Sie das Poster auf A4-Blättern (Kartentext 9 pt), oder "
        "drucken Sie ein Handout auf A4 (die Map nach Phasen aufgeteilt, Kartentext 9 pt).",
        [["--paper", "A3"], ["--tile", "A4"], ["--handout", "--paper", "A4"]]),
    ("Letter", False, "de"): (
        "Pat: auf Letter hoch würde Kartentext",
        "wählen Sie das Papierformat A3 hoch oder kacheln Sie das Poster auf A4-Blättern (Kartentext 9 pt), oder "
        "drucken Sie ein Handout auf Letter (die Map nach Phasen aufgeteilt, Kartentext 9 pt).",
        [["--paper", "A3"], ["--tile", "A4"], ["--handout", "--paper", "Letter"]]),
}


@pytest.mark.parametrize(("paper", "landscape", "language"), list(PAPERS),
                         ids=[f"{p}-{'landscape' if w else 'portrait'}-{lang}" for p, w, lang in PAPERS])
def test_a_refused_paper_suggests_the_smallest_paper_each_way_the_command_can_turn(
        paper: str, landscape: bool, language: str, tmp_path: Path):
    """From landscape both ways up (portrait with --portrait); from portrait only portrait."""
    start, expected, suggestions = PAPERS[paper, landscape, language]
    error = refusal(wordy(), PdfOptions(paper=paper, landscape=landscape), language, tmp_path)
    assert str(error).startswith(start), str(error)
    assert advice(error, language) == expected
    assert error.suggestions == suggestions
    assert_suggestions_work(wordy(), error, landscape)


# --- automatic paper -------------------------------------------------------------------------------------

AUTOMATIC = {
    (60, True, "en"): ("Pat: even on A0 landscape card text",
                       "choose paper A0 portrait, or tile the poster on A4 sheets (card text 9 pt).",
                       [["--paper", "A0", "--portrait"], ["--tile", "A4"]]),
    (60, True, "de"): ("Pat: selbst auf A0 quer würde Kartentext",
                       "wählen Sie das Papierformat A0 hoch oder kacheln Sie das Poster auf A4-Blättern (Kartentext "
                       "9 pt).",
                       [["--paper", "A0", "--portrait"], ["--tile", "A4"]]),
    (100, True, "en"): ("Pat: even on A0 landscape card text",
                        "tile the poster on A4 sheets (card text 9 pt): no standard paper up to A0 is large enough.",
                        [["--tile", "A4"]]),
    (100, False, "en"): ("Pat: even on A0 portrait card text",
                         "tile the poster on A4 sheets (card text 9 pt): no standard paper up to A0 is large enough.",
                         [["--tile", "A4"]]),
    (100, False, "de"): ("Pat: selbst auf A0 hoch würde Kartentext",
                         "kacheln Sie das Poster auf A4-Blättern (Kartentext 9 pt): kein Standardpapier bis A0 ist "
                         "groß genug.",
                         [["--tile", "A4"]]),
}


@pytest.mark.parametrize(("notes", "landscape", "language"), list(AUTOMATIC),
                         ids=[f"{n}-{'landscape' if w else 'portrait'}-{lang}" for n, w, lang in AUTOMATIC])
def test_automatic_paper_refused_suggests_only_the_other_way_up(
        notes: int, landscape: bool, language: str, tmp_path: Path):
    """Automatic paper tried every paper the way asked: a tall poster refused on A0 landscape is offered A0
    portrait; refused in portrait, or both ways, it is offered tiling alone."""
    start, expected, suggestions = AUTOMATIC[notes, landscape, language]
    error = refusal(stacked(notes), PdfOptions(landscape=landscape), language, tmp_path)
    assert str(error).startswith(start), str(error)
    assert advice(error, language) == expected
    assert error.suggestions == suggestions
    assert_suggestions_work(stacked(notes), error, landscape)


def test_the_tall_poster_prints_in_portrait_with_automatic_paper():
    """The premise of the A0 portrait suggestion: automatic paper in portrait finds A0."""
    plan = plan_poster(stacked(60), PdfOptions(landscape=False))
    assert plan.readable and plan.paper == "A0"


# --- tiles -----------------------------------------------------------------------------------------------

TILED = {
    # a custom tile as it prints, however it was written
    ("A4", "200x300mm", True, "en"): (
        "print it as A3 landscape or A3 portrait tiled on 300×200 mm sheets, or tile the poster on 300×200 mm sheets "
        "(card text 9 pt).",
        [["--paper", "A3", "--tile", "200x300mm"], ["--paper", "A3", "--portrait", "--tile", "200x300mm"],
         ["--tile", "200x300mm"]]),
    ("A4", "300x200mm", False, "en"): (
        "print it as A3 portrait tiled on 200×300 mm sheets, or tile the poster on 200×300 mm sheets (card text 9 pt).",
        [["--paper", "A3", "--tile", "300x200mm"], ["--tile", "300x200mm"]]),
    ("A4", "200x300mm", False, "en"): (
        "print it as A3 portrait tiled on 200×300 mm sheets, or tile the poster on 200×300 mm sheets (card text 9 pt).",
        [["--paper", "A3", "--tile", "200x300mm"], ["--tile", "200x300mm"]]),
    ("A4", "200x300mm", True, "de"): (
        "drucken Sie es als A3 quer oder A3 hoch, gekachelt auf 300×200 mm-Blättern, oder kacheln Sie das Poster auf "
        "300×200 mm-Blättern (Kartentext 9 pt).",
        [["--paper", "A3", "--tile", "200x300mm"], ["--paper", "A3", "--portrait", "--tile", "200x300mm"],
         ["--tile", "200x300mm"]]),
    ("A4", "300x200mm", False, "de"): (
        "drucken Sie es als A3 hoch, gekachelt auf 200×300 mm-Blättern, oder kacheln Sie das Poster auf "
        "200×300 mm-Blättern (Kartentext 9 pt).",
        [["--paper", "A3", "--tile", "300x200mm"], ["--tile", "300x200mm"]]),
    # tiles as large as the smallest readable paper (A3): the next larger paper, tiled on them
    ("A4", "A3", True, "en"): (
        "print it as A2 landscape or A2 portrait tiled on A3 sheets, or tile the poster on A3 sheets (card text 9 pt).",
        [["--paper", "A2", "--tile", "A3"], ["--paper", "A2", "--portrait", "--tile", "A3"], ["--tile", "A3"]]),
    ("A4", "A3", False, "en"): (
        "print it as A2 portrait tiled on A3 sheets, or tile the poster on A3 sheets (card text 9 pt).",
        [["--paper", "A2", "--tile", "A3"], ["--tile", "A3"]]),
    ("A4", "A2", True, "en"): (
        "print it as A1 landscape or A1 portrait tiled on A2 sheets, or tile the poster on A2 sheets (card text 9 pt).",
        [["--paper", "A1", "--tile", "A2"], ["--paper", "A1", "--portrait", "--tile", "A2"], ["--tile", "A2"]]),
    ("A4", "A3", True, "de"): (
        "drucken Sie es als A2 quer oder A2 hoch, gekachelt auf A3-Blättern, oder kacheln Sie das Poster auf "
        "A3-Blättern (Kartentext 9 pt).",
        [["--paper", "A2", "--tile", "A3"], ["--paper", "A2", "--portrait", "--tile", "A3"], ["--tile", "A3"]]),
    # tiles smaller than the smallest readable paper: that paper
    ("Letter", "A4", True, "en"): (
        "print it as A3 landscape or A3 portrait tiled on A4 sheets, or tile the poster on A4 sheets (card text 9 pt).",
        [["--paper", "A3", "--tile", "A4"], ["--paper", "A3", "--portrait", "--tile", "A4"], ["--tile", "A4"]]),
    ("Letter", "A4", False, "en"): (
        "print it as A3 portrait tiled on A4 sheets, or tile the poster on A4 sheets (card text 9 pt).",
        [["--paper", "A3", "--tile", "A4"], ["--tile", "A4"]]),
}


@pytest.mark.parametrize(("paper", "tile", "landscape", "language"), list(TILED),
                         ids=[f"{p}-{t}-{'landscape' if w else 'portrait'}-{lang}" for p, t, w, lang in TILED])
def test_a_refused_tiled_poster_names_its_tile_as_printed_and_papers_larger_than_a_tile(
        paper: str, tile: str, landscape: bool, language: str, tmp_path: Path):
    expected, suggestions = TILED[paper, tile, landscape, language]
    error = refusal(wordy(), PdfOptions(paper=paper, tile=tile, landscape=landscape), language, tmp_path)
    assert advice(error, language) == expected
    assert error.suggestions == suggestions
    assert_suggestions_work(wordy(), error, landscape)


@pytest.mark.parametrize(("tile", "landscape", "printed"), [
    ("300x200mm", True, "300×200 mm"), ("200x300mm", True, "300×200 mm"),
    ("300x200mm", False, "200×300 mm"), ("200x300mm", False, "200×300 mm")])
def test_a_poster_no_paper_prints_is_offered_its_custom_tile_as_printed(
        tile: str, landscape: bool, printed: str, tmp_path: Path):
    error = refusal(stacked(100), PdfOptions(paper="A0", tile=tile, landscape=landscape), "en", tmp_path)
    assert advice(error, "en") == (f"tile the poster on {printed} sheets (card text 9 pt): no standard paper up to A0 "
                                   "is large enough.")
    assert error.suggestions == [["--tile", tile]]
    assert_suggestions_work(stacked(100), error, landscape)
