"""A poster too long to tile: what the refusal offers is a command that succeeds (issue 11, defect 4).

A tiled poster is refused beyond 5 m on a side. A map with very long cells (many cards stacked in one lane) or
very many phases reaches that at the 9 pt tiling prints at, so tiling must not be offered as is: the refusal
offers the largest card text, in half points, that keeps the poster within 5 m, and a handout, which prints any
map (the map split by phases, long cells continued over pages). When even 6 pt text is too long, only the
handout is offered.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf, plan_poster
from app.export.tiles import MAX_POSTER_SIDE
from app.i18n import set_language
from app.model import Card, JourneyMap, Lane, Persona, Phase
from tests.test_poster import cli, dense_map, run_suggestions, written


def stacked(cards: int) -> JourneyMap:
    """One phase, two lanes of ``cards`` twelve-line cards each: a poster far taller than wide."""
    lanes = [Lane(id=f"l{j}", name=f"Lane {j + 1}") for j in range(2)]
    text = "\n".join(f"line {i}" for i in range(12))
    notes = [Card(id=f"c{lane.id}{k}", persona="p", phase="ph", lane=lane.id, text=text)
             for lane in lanes for k in range(cards)]
    return JourneyMap(id="s", title="Stacked", phases=[Phase(id="ph", name="Step 1")], lanes=lanes,
                      personas=[Persona(id="p", name="Pat")], cards=notes)


#: 50 cards a lane: over 5 m at 9 pt, within at a smaller readable size; 80: over 5 m even at 6 pt;
#: 90 phases side by side: over 5 m wide at 9 pt
MAPS = {
    "tall": lambda: stacked(50),
    "too-tall": lambda: stacked(80),
    "wide": lambda: dense_map({"lena": 1}, phases=90, lanes=2),
}


def longest_side(journey_map: JourneyMap, tile: str, card_pt: float) -> float:
    plan = plan_poster(journey_map, PdfOptions(tile=tile, scale=f"{card_pt:g}pt"))
    return max(max(page.size) for page in plan.pages)


@pytest.mark.parametrize("kind", list(MAPS))
@pytest.mark.parametrize("options", [
    [],
    ["--portrait"],
    ["--paper", "A4"],
    ["--paper", "Letter", "--portrait"],
    ["--paper", "A2", "--tile", "A4"],
    ["--tile", "A4"],
    ["--tile", "Letter", "--scale", "12pt"],
], ids=["auto", "auto-portrait", "A4", "Letter-portrait", "A2-tiled", "tiled", "tiled-Letter-12pt"])
def test_every_command_a_refusal_offers_succeeds(kind: str, options: list[str], tmp_path: Path, capsys):
    source = written(MAPS[kind](), tmp_path, "map.json")
    out = tmp_path / "out.pdf"
    code, _stdout, err = cli(["export", source, "--pdf", str(out), *options], capsys)
    assert code == 1 and "Traceback" not in err and not out.exists()
    assert len(err.strip().splitlines()) == 1, err
    assert run_suggestions(err, source, out, capsys), err


@pytest.mark.parametrize("kind", ["tall", "wide"])
@pytest.mark.parametrize("tile", ["A4", "Letter"])
def test_the_text_size_offered_is_the_largest_half_point_within_5_m(kind: str, tile: str, tmp_path: Path):
    journey_map = MAPS[kind]()
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(tile=tile))
    assert not (tmp_path / "x.pdf").exists()
    offered = [s for s in refused.value.suggestions if "--scale" in s]
    assert len(offered) == 1 and offered[0][:2] == ["--tile", tile]
    card_pt = float(offered[0][offered[0].index("--scale") + 1].removesuffix("pt"))
    assert 6 <= card_pt < 9 and (2 * card_pt).is_integer()
    # The words name the size as the dialog's field takes it; the flag is the command line's suggestion's.
    assert f"print card text at {card_pt:g} pt" in str(refused.value) and "--" not in str(refused.value)
    assert longest_side(journey_map, tile, card_pt) <= MAX_POSTER_SIDE
    with pytest.raises(ExportError, match="more than 5 m on a side"):
        longest_side(journey_map, tile, card_pt + 0.5)


def test_a_poster_too_long_even_at_six_points_is_offered_the_handout_alone(tmp_path: Path):
    journey_map = MAPS["too-tall"]()
    with pytest.raises(ExportError, match="more than 5 m on a side"):
        longest_side(journey_map, "A4", 6)
    for options, paper in ((PdfOptions(tile="A4"), "A4"), (PdfOptions(tile="Letter"), "Letter"),
                           (PdfOptions(), "A4"), (PdfOptions(paper="Letter"), "Letter")):
        with pytest.raises(ExportError) as refused:
            export_pdf(journey_map, tmp_path / "x.pdf", options)
        assert refused.value.suggestions == [["--handout", "--paper", paper]], options
        assert f"print a handout on {paper}" in str(refused.value)


def test_a_refusal_that_offers_tiling_names_the_text_size_the_tiling_prints_at(tmp_path: Path):
    """The untiled refusal's tiling advice carries the --scale it needs, and says that size."""
    with pytest.raises(ExportError) as refused:
        export_pdf(MAPS["tall"](), tmp_path / "x.pdf", PdfOptions(paper="A4"))
    tiling = [s for s in refused.value.suggestions if "--tile" in s]
    assert len(tiling) == 1 and tiling[0][:3] == ["--tile", "A4", "--scale"]
    size = tiling[0][3].removesuffix("pt")
    assert re.search(rf"tile the poster on A4 sheets \(card text {re.escape(size)} pt\)",
                     str(refused.value))
    assert ["--handout", "--paper", "A4"] in refused.value.suggestions


@pytest.mark.parametrize(("options", "words"), [
    (PdfOptions(tile="A4"), "Drucken Sie den Kartentext in"),
    (PdfOptions(paper="A4"), "kacheln Sie das Poster auf A4-Blättern (Kartentext"),
])
def test_the_refusal_speaks_german(options: PdfOptions, words: str, tmp_path: Path):
    set_language("de")
    with pytest.raises(ExportError) as refused:
        export_pdf(MAPS["tall"](), tmp_path / "x.pdf", options)
    assert words in str(refused.value)
    assert re.search(r"\d,5 pt|\b[678] pt", str(refused.value))
    with pytest.raises(ExportError) as refused:
        export_pdf(MAPS["too-tall"](), tmp_path / "x.pdf", options)
    assert "Handout auf A4" in str(refused.value) and "more than" not in str(refused.value)
