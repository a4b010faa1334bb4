"""The export dialog's card text size of a tiled poster (issue 11, defect 4: "--scale to choose").

The command line chooses the card text of a poster tiled with automatic paper with --scale; the dialog had no
such field, so a refusal that asked for smaller text ("print card text at 7.5 pt") left a dialog user nothing to
set. The field applies exactly where --scale does, the preview and the export both take it, and the refusals
name a size in words the field takes, not the command line's flag.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import PdfOptions, plan_poster, points
from app.model import load_map
from app.ui.document import MapDocument
from app.ui.export_dialog import AUTO, ExportDialog, run_export
from tests.conftest import SAMPLES
from tests.test_poster_too_long import MAPS

B2B = SAMPLES / "b2b-it-services.json"


def opened(qtbot, journey_map, path: Path | None = None) -> ExportDialog:
    dialog = ExportDialog(MapDocument(journey_map, path))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    return dialog


def choose(dialog: ExportDialog, kind: str = "pdf", paper: str = AUTO, tile: str | None = "A4",
           handout: bool = False) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    if paper == AUTO:
        dialog.paper.setCurrentIndex(0)
    else:
        dialog.paper.setCurrentText(paper)
    dialog.handout.setChecked(handout)
    dialog.tile.setCurrentIndex(dialog.tile.findData(tile))


@pytest.mark.parametrize(("kind", "paper", "tile", "handout"),
                         list(itertools.product(["pdf", "xlsx", "png"], [AUTO, "A0"], [None, "A4", "Letter"],
                                                [False, True])))
def test_the_field_applies_where_the_command_line_takes_scale(qtbot, kind, paper, tile, handout):
    dialog = opened(qtbot, load_map(B2B), B2B)
    choose(dialog, kind, paper, tile, handout)
    dialog.card_text.setValue(12)
    applies = kind == "pdf" and paper == AUTO and tile is not None and not handout
    assert dialog.card_text.isEnabled() == applies
    request = dialog.request()
    assert request.card_pt == (12 if applies else None)
    assert request.choices(B2B).scale == ("12pt" if applies else None)


def test_the_tiling_s_own_size_asks_for_no_scale(qtbot):
    dialog = opened(qtbot, load_map(B2B), B2B)
    choose(dialog)
    assert dialog.card_text.value() == 9 and dialog.request().choices(B2B).scale is None


@pytest.mark.parametrize("card_pt", [6.5, 9, 12])
def test_the_preview_and_the_export_print_the_size_chosen(qtbot, tmp_path: Path, card_pt: float):
    journey_map = load_map(B2B)
    dialog = opened(qtbot, journey_map, B2B)
    choose(dialog)
    dialog.card_text.setValue(card_pt)
    plan = plan_poster(journey_map, PdfOptions(tile="A4", scale=f"{card_pt:g}pt"))
    assert plan.text_pt == pytest.approx(card_pt)
    assert f"Card text prints at {plan.text_range()} pt, tiled on {plan.tiling_text()}." in dialog.preview_text.text()
    out = tmp_path / "poster.pdf"
    dialog.path.setText(str(out))
    request = dialog.request()
    request.summary = request.comparison = request.matrix = request.kpis = False  # the sheets alone
    assert run_export(dialog, dialog.document, request)
    assert len(PdfReader(out).pages) == plan.sheets()


def test_larger_text_takes_more_sheets(qtbot):
    dialog = opened(qtbot, load_map(B2B), B2B)
    choose(dialog)
    sheets = []
    for card_pt in (7, 9, 14):
        dialog.card_text.setValue(card_pt)
        scale = dialog.request().choices(B2B).scale
        sheets.append(plan_poster(dialog.document.journey_map, PdfOptions(tile="A4", scale=scale)).sheets())
    assert sheets == sorted(sheets) and sheets[0] < sheets[-1]


@pytest.mark.parametrize("tile", ["A4", "Letter"])
def test_a_poster_too_long_is_refused_in_words_the_field_takes_and_prints_at_that_size(qtbot, tile: str):
    dialog = opened(qtbot, MAPS["tall"]())
    choose(dialog, tile=tile)
    refused = dialog.preview_text.text()
    assert "more than 5 m on a side: print card text at " in refused and "--" not in refused
    assert "#B3261E" in dialog.preview_text.styleSheet() and dialog.preview.pixmap().isNull()
    offered = float(refused.split("print card text at ", 1)[1].split(" pt", 1)[0])
    assert 6 <= offered < 9
    dialog.card_text.setValue(offered)
    assert dialog.preview_text.text().startswith(f"Card text prints at {points(offered)} pt, tiled on ")
    assert "color" not in dialog.preview_text.styleSheet() and not dialog.preview.pixmap().isNull()
    dialog.card_text.setValue(offered + 0.5)  # the largest that fits: half a point more is refused again
    assert "more than 5 m on a side" in dialog.preview_text.text()


def test_the_field_speaks_german(qtbot):
    from app.ui import language

    language.apply_language("de")
    try:
        dialog = opened(qtbot, load_map(B2B), B2B)
        assert dialog.labels["card_text"].text() == "Kartentext bei Aufteilung"
        assert dialog.card_text.suffix() == " pt" and "Aufteilung" in dialog.card_text.toolTip()
        choose(dialog)
        dialog.card_text.setValue(7.5)
        assert dialog.card_text.text() == "7,5 pt"
    finally:
        language.apply_language("en")
