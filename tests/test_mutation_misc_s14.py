"""Small contracts of the export table, the tiled poster's summary and the handout style.

The export table names files as their format's files are named: a name without an ending gets the format's
suffix whatever letters it ends in, and a name of dots alone is no name to add a suffix to. A tiled poster's
summary counts its sheets in the right grammatical number, and an untiled plan has no note about sheets (the
export dialog shows "Sheets: …" whenever the note is not empty). A handout's empty rows and emotion lane are
lower than the editor's, so more lanes fit a page.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from app import i18n
from app.export.handout import HANDOUT_EMOTION_HEIGHT, HANDOUT_ROW_HEIGHT, handout_style
from app.export.pdf import MARGIN, PosterPlan, paper_size
from app.export.targets import TARGETS, output_name
from app.layout import Style
from app.model import JourneyMap, Lane, Persona, Phase

# --- output names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("name", ["X", "BOX", "MAX.", "out..", "x.", "a b"])
def test_a_name_without_an_ending_gets_the_suffix_after_its_last_letter(kind, name, tmp_path: Path):
    suffix = TARGETS[kind].suffix
    assert output_name(kind, tmp_path / name) == tmp_path / (name.rstrip(".") + suffix)


@pytest.mark.parametrize("kind", sorted(TARGETS))
@pytest.mark.parametrize("name", ["...", "...."])
def test_a_name_of_dots_alone_is_left_as_given(kind, name, tmp_path: Path):
    assert output_name(kind, tmp_path / name) == tmp_path / name
    assert output_name(kind, name) == Path(name)


# --- a tiled poster's sheets ------------------------------------------------------------------------------


def tiled_plan(tile: str, landscape: bool, sheets: int, tilings: bool = True) -> PosterPlan:
    """A plan tiled on ``tile`` whose one page prints ``sheets`` sheets (no assembly sheet)."""
    tiling = SimpleNamespace(assembly=0, printed=list(range(sheets)), skipped=0, oversized=lambda: [])
    return PosterPlan(pages=[], paper="", landscape=landscape, automatic=True, tile=tile,
                      tilings=[tiling] if tilings else [])


@pytest.mark.parametrize("landscape", [True, False])
@pytest.mark.parametrize(("language", "one", "two"), [
    ("en", "1 {paper} sheet", "2 {paper} sheets"),
    ("de", "1 Blatt im Format {paper}", "2 Blätter im Format {paper}"),
])
def test_a_custom_tile_counts_its_sheets_in_singular_and_plural(language, one, two, landscape):
    i18n.set_language(language)
    try:
        label = "200×150 mm" if landscape else "150×200 mm"  # its sides as it prints
        assert tiled_plan("150x200mm", landscape, 1).tiling_text() == one.format(paper=label)
        assert tiled_plan("150x200mm", landscape, 2).tiling_text() == two.format(paper=label)
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.mark.parametrize("landscape", [True, False])
@pytest.mark.parametrize("tile", [None, "A4", "150x200mm"])
def test_a_plan_with_no_tilings_has_no_note_about_sheets(tile, landscape):
    plan = PosterPlan(pages=[], paper="A2", landscape=landscape, automatic=False, tile=tile)
    assert plan.tiling_note() == ""


# --- the handout style ------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("landscape", [True, False])
def test_a_handout_has_lower_empty_rows_and_emotion_lane_than_the_editor(paper, landscape):
    journey_map = JourneyMap(id="h", title="H", phases=[Phase(id=f"p{i}", name=f"P{i}") for i in range(5)],
                             lanes=[Lane(id="n", name="Notes")], personas=[Persona(id="ana", name="Ana")])
    style, _per_page = handout_style(journey_map, paper_size(paper, landscape)[0] - 2 * MARGIN)
    assert style.cell_min_height == HANDOUT_ROW_HEIGHT < Style().cell_min_height
    assert style.emotion_lane_height == HANDOUT_EMOTION_HEIGHT < Style().emotion_lane_height
    assert style.cell_click_room == 0.0
