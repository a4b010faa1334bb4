"""KPI badges on the canvas: value against target in the KPI lane, status told without colour, only KPI rows touched."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from app import i18n
from app.layout import Rect
from app.model import Kpis
from app.operations import changes
from app.ui.commands import push_change
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES, open_window

B2B = SAMPLES / "b2b-it-services.json"


def table(**changes) -> Kpis:
    values = [
        {"metric": "nps", "phase": "awareness", "value": 32, "target": 40},
        {"metric": "churn", "phase": "awareness", "value": 4.5, "target": 5},
        {"metric": "churn", "phase": "consideration", "value": 6, "target": 5},
        {"metric": "nps", "phase": "decision", "value": 41},
        {"metric": "nps", "phase": "decision", "persona": "cfo", "value": 20, "target": 30},
    ]
    return Kpis.model_validate({"metrics": [{"id": "nps", "name": "NPS"},
                                            {"id": "churn", "name": "Churn", "unit": "%", "direction": "lower"}],
                                "values": values, **changes})


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    path = tmp_path / "b2b.json"
    path.write_bytes(B2B.read_bytes())
    window = open_window(qtbot, path)
    assert {p.id for p in window.journey_map.personas} >= {"cfo"}
    return window


def set_kpis(window: MainWindow, kpis: Kpis | None) -> None:
    assert window.scene.controller.set_fields("map", window.journey_map.id, {"kpis": kpis}, "KPIs")
    QApplication.processEvents()


def badges(window: MainWindow, phase: str) -> list[tuple[str, str]]:
    return [(" ".join(b.lines), b.status) for b in window.scene.layout.kpi_badges.get((phase, "kpis"), ())]


def overlaps(a: Rect, b: Rect) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def test_each_value_shows_against_its_target_with_a_mark_in_its_phase_and_undo_takes_them_away(window):
    set_kpis(window, table())
    assert badges(window, "awareness") == [("NPS 32 / 40 ▼", "missed"), ("Churn 4.5 % / 5 % ▲", "met")]
    assert badges(window, "consideration") == [("Churn 6 % / 5 % ▼", "missed")]
    assert badges(window, "decision") == [("NPS 41 –", "open")]
    items = window.scene.kpi_badges.items
    assert set(items) == {("awareness", "kpis"), ("consideration", "kpis"), ("decision", "kpis")}
    assert all(item.scene() is window.scene for item in items.values())
    assert "NPS 32 / 40 ▼" in items[("awareness", "kpis")].toolTip()
    window.document.undo_stack.undo()
    QApplication.processEvents()
    assert window.scene.layout.kpi_badges == {} and window.scene.kpi_badges.items == {}
    window.document.undo_stack.redo()
    QApplication.processEvents()
    assert len(window.scene.kpi_badges.items) == 3


def test_a_persona_sees_its_own_value_where_it_has_one(window):
    set_kpis(window, table())
    window.scene.set_persona("cfo")
    QApplication.processEvents()
    assert badges(window, "decision") == [("NPS 20 / 30 ▼", "missed")]
    window.scene.set_persona(window.journey_map.personas[0].id)
    QApplication.processEvents()
    assert badges(window, "decision") == [("NPS 41 –", "open")]


def test_cards_move_below_the_badges_and_nothing_overlaps_in_every_cell(window):
    set_kpis(window, table())
    layout = window.scene.layout
    for cell, cell_badges in layout.kpi_badges.items():
        boxes = [layout.cards[card_id].rect for card_id in layout.cell_cards[cell]]
        for badge in cell_badges:
            assert layout.cells[cell].contains(badge.rect.x, badge.rect.y)
            assert not any(overlaps(badge.rect, box) for box in boxes)
        for card_id in layout.cell_cards[cell]:  # the items are where the layout says
            item = window.scene.card_items[card_id]
            assert abs(item.scenePos().y() - layout.cards[card_id].rect.y) <= 1.0


def test_a_kpi_change_lays_out_only_the_kpi_rows_and_moves_the_rows_below(window):
    set_kpis(window, table())
    cells = window.scene.layout.cell_cards
    kpi_cards = {card_id for cell, ids in cells.items() if cell[1] == "kpis" for card_id in ids}
    others = set(window.scene.card_items) - kpi_cards
    before = {card_id: box for card_id, box in window.scene.layout.cards.items() if card_id in others}
    set_kpis(window, table(values=[{"metric": "nps", "phase": "awareness", "value": 35, "target": 40}]))
    assert window.scene.last_touched <= kpi_cards | {
        card_id for card_id in others if window.scene.layout.cards[card_id].rect != before[card_id].rect}
    assert all(window.scene.layout.cards[card_id].lines is before[card_id].lines for card_id in others), \
        "cards of other rows keep their boxes"
    assert badges(window, "awareness") == [("NPS 35 / 40 ▼", "missed")]
    assert badges(window, "consideration") == []


def test_a_removed_phase_takes_its_badge_and_undo_brings_it_back(window):
    set_kpis(window, table())
    assert push_change(window.document, changes.RemoveItem(target="phase", item_id="decision"), "Delete phase")
    QApplication.processEvents()
    assert ("decision", "kpis") not in window.scene.kpi_badges.items
    assert len(window.journey_map.kpis.values) == 3
    window.document.undo_stack.undo()
    QApplication.processEvents()
    assert ("decision", "kpis") in window.scene.kpi_badges.items


def test_figures_follow_the_ui_language(window):
    i18n.set_language("de")
    try:
        set_kpis(window, table())
        assert badges(window, "awareness")[1] == ("Churn 4,5 % / 5 % ▲", "met")
    finally:
        i18n.set_language("en")


def test_a_kpi_cell_without_cards_gets_its_badge_too(window):
    emptied = list(window.scene.layout.cell_cards[("decision", "kpis")])
    assert emptied and push_change(window.document, changes.RemoveCards(card_ids=emptied), "Delete")
    QApplication.processEvents()
    set_kpis(window, table())
    assert badges(window, "decision") == [("NPS 41 –", "open")]
    cell = window.scene.layout.cells[("decision", "kpis")]
    badge = window.scene.layout.kpi_badges[("decision", "kpis")][0]
    assert cell.y + cell.h >= badge.rect.y + badge.rect.h
    set_kpis(window, None)
    assert badges(window, "decision") == []


def test_the_poster_prints_the_same_badges_as_the_canvas(window, tmp_path):
    from pypdf import PdfReader

    from app.export.pdf import PdfOptions, export_pdf

    set_kpis(window, table())
    shown = [" ".join(b.lines) for cell in window.scene.layout.kpi_badges.values() for b in cell]
    out = tmp_path / "poster.pdf"
    export_pdf(window.journey_map, out, PdfOptions(personas=[window.journey_map.personas[0].id]))
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    for badge in shown:
        assert badge in text, badge
