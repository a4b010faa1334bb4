"""A poster no paper and no tiling prints readably is offered a handout on paper people print on.

When no standard paper up to A0 prints the map readably and even 6 pt card text makes a tiled poster longer
than 5 m on a side, the refusal offers the handout alone: on the tiles' paper when it is one a handout prints
on (A4, Letter), else on A4, never on the A3 or A2 of the tiles asked for; and that handout prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.export import ExportError
from app.export.pdf import PdfOptions, export_pdf
from tests.test_poster_too_long import MAPS


@pytest.mark.parametrize("landscape", [True, False], ids=["landscape", "portrait"])
@pytest.mark.parametrize(("paper", "tile", "handout"), [("A0", "A3", "A4"), ("A1", "A2", "A4"), ("A0", "A2", "A4"),
                                                        ("A0", "Letter", "Letter"), ("A1", "A4", "A4")])
def test_nothing_but_a_handout_prints_it_and_the_handout_is_on_paper_people_print_on(paper: str, tile: str,
                                                                                    handout: str, landscape: bool,
                                                                                    tmp_path: Path):
    journey_map = MAPS["too-tall"]()
    with pytest.raises(ExportError) as refused:
        export_pdf(journey_map, tmp_path / "x.pdf", PdfOptions(paper=paper, tile=tile, landscape=landscape))
    said = str(refused.value)
    assert f"print a handout on {handout} (the map split by phases, card text 9 pt): no standard paper up to A0 " \
           "is large enough, and a tiled poster would be more than 5 m on a side." in said
    assert refused.value.suggestions == [["--handout", "--paper", handout]]
    result = export_pdf(journey_map, tmp_path / "h.pdf", PdfOptions(handout=True, paper=handout, landscape=landscape))
    assert result.pages >= 1 and (tmp_path / "h.pdf").exists()
