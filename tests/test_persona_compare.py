"""The persona comparison view: 12 personas' curves told apart by colour, pattern and marker, the spread per
phase, one lane side by side, jumps to the map, live updates after edits (not while hidden)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDockWidget

from app import i18n
from app.insight import comparison
from app.layout import score_label
from app.model import Card, EmotionPoint, JourneyMap, Lane, Persona, Phase, save_map
from app.operations import changes
from app.ui import language
from app.ui.commands import push_change, push_field_edit
from app.ui.main_window import MainWindow
from app.ui.persona_compare import PersonaCompareDock, persona_comparison_of, toggle_persona_comparison
from app.ui.persona_compare_style import PEN_STYLES, RADIUS, curve_pen
from tests.conftest import open_window

NAMES = ["Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer", "Dr. Weber, CFO",
         "Ali, IT evaluator", "Sofia, purchasing lead", "Tom, returning customer", "Priya, student",
         "Ken, retiree", "Amélie, triathlete", "Bruno, shop owner", "Zoë, influencer"]
PHASES = ["Awareness", "Consideration", "Purchase", "Onboarding", "Retention", "Advocacy"]
#: Dr. Weber has no emotion in Purchase: a gap in his line
GAP = ("p3", "ph2")


def score(persona: int, phase: int) -> int:
    """A made-up but varied feeling: many personas share a score in a phase (points that coincide)."""
    drop = 2 if persona % 4 == 1 and phase == 2 else 0
    return max(-2, min(2, [1, 0, -1, 0, 1, 2][phase] + (persona * 7 + phase * (1 + persona % 3)) % 3 - 1 - drop))


def twelve_persona_map() -> JourneyMap:
    """12 personas × 6 phases, emotion points everywhere but one, 0 to 2 pain-point cards per cell, a
    touchpoint in each cell; personas' own colours repeat (as they do when people pick them)."""
    colors = ["#D55E00", "#009E73", "#CC79A7", "#E69F00"]
    cards, emotions = [], []
    for p, name in enumerate(NAMES):
        for f, phase in enumerate(PHASES):
            if (f"p{p}", f"ph{f}") != GAP:
                emotions.append(EmotionPoint(persona=f"p{p}", phase=f"ph{f}", score=score(p, f)))
            for k in range((p + f) % 3):
                long = " — the app asks for far too much before it shows anything useful" if k == 1 else ""
                cards.append(Card(id=f"c{p}-{f}-{k}", persona=f"p{p}", phase=f"ph{f}", lane="pain",
                                  text=f"{name.split(',')[0]}: pain {k + 1} in {phase}{long}"))
            cards.append(Card(id=f"t{p}-{f}", persona=f"p{p}", phase=f"ph{f}", lane="touch",
                              text=f"Touchpoint {p}/{f}"))
    return JourneyMap(
        id="twelve", title="Twelve personas",
        phases=[Phase(id=f"ph{f}", name=name) for f, name in enumerate(PHASES)],
        lanes=[Lane(id="touch", name="Touchpoints", kind="touchpoints"),
               Lane(id="emo", name="Emotions", kind="emotions"),
               Lane(id="pain", name="Pain points", kind="pain_points"),
               Lane(id="opp", name="Opportunities", kind="opportunities")],
        personas=[Persona(id=f"p{p}", name=name, color="#0072B2" if p % 3 == 0 else colors[p % 4])
                  for p, name in enumerate(NAMES)],
        cards=cards, emotions=emotions)


@pytest.fixture
def twelve_window(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "twelve.json"
    save_map(twelve_persona_map(), path)
    window = open_window(qtbot, path)
    QApplication.processEvents()
    return window


def open_dock(window: MainWindow) -> PersonaCompareDock:
    dock = toggle_persona_comparison(window)
    assert dock.isVisible() and not dock.stale
    QApplication.processEvents()
    return dock


def expected_cards(journey_map: JourneyMap, lane: str, persona: str, phase: str) -> list[str]:
    return [c.id for c in journey_map.cards if c.lane == lane and c.persona == persona and c.phase == phase]


def test_twelve_personas_get_twelve_legend_entries_and_curves_each_in_its_own_colour_pattern_and_marker(
        twelve_window: MainWindow):
    window = twelve_window
    assert persona_comparison_of(window) is None  # nothing is made before it is asked for
    dock = open_dock(window)
    assert persona_comparison_of(window) is dock and dock.objectName() == "persona-compare-dock"
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetFloatable  # onto another screen
    chart = dock.chart
    assert [c.persona.name for c in chart.curves] == NAMES
    legend = chart.geometry_now().legend
    assert len(legend) == 12
    assert all(chart.rect().contains(rect) for rect in legend)  # every entry fits in the chart
    assert all(not a.intersects(b) for i, a in enumerate(legend) for b in legend[i + 1:])
    assert len({rect.top() for rect in legend}) > 1 and len({rect.left() for rect in legend}) > 1  # in columns
    styles = {(QColor(c.style.color).name(), curve_pen(c).style(), c.style.marker) for c in chart.curves}
    assert len(styles) == 12  # pairwise distinct, never by colour alone
    assert len({(curve_pen(c).style(), c.style.marker) for c in chart.curves}) == 12
    assert {curve_pen(c).style() for c in chart.curves} == set(PEN_STYLES.values())

    # every point drawn where its persona's curve says, in its colour; coinciding points spread apart
    image = chart.grab().toImage()
    centers = []
    for curve in chart.curves:
        for phase, value in zip(window.journey_map.phases, curve.scores, strict=True):
            center = chart.point_center(curve.persona.id, phase.id)
            if value is None:
                assert center is None and (curve.persona.id, phase.id) == GAP
                continue
            assert abs(center.y() - chart.y_of(value, chart.geometry_now().plot)) < 0.5
            assert QColor(image.pixel(center.toPoint())).name() == QColor(curve.style.color).name()
            centers.append(center)
    assert len(centers) == 12 * 6 - 1
    assert min(math.dist((a.x(), a.y()), (b.x(), b.y())) for i, a in enumerate(centers)
               for b in centers[i + 1:]) >= 2 * RADIUS


def test_the_spread_of_each_phase_is_the_datas_and_the_widest_is_named(twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    chart = dock.chart
    journey_map = window.journey_map
    geometry = chart.geometry_now()
    for index, phase in enumerate(journey_map.phases):
        scores = [e.score for e in journey_map.emotions if e.phase == phase.id]
        spread = chart.spreads[index]
        assert (spread.low, spread.high, spread.count) == (min(scores), max(scores), len(scores))
        band = geometry.bands[index]  # the shaded band runs from the highest point to the lowest
        assert band.top() < chart.y_of(max(scores), geometry.plot) <= chart.y_of(min(scores), geometry.plot) \
            < band.bottom()
        assert f"a spread of {max(scores) - min(scores)} ({len(scores)} personas)" in chart.spread_text(index)
    widest = comparison.widest_gap(journey_map)
    assert chart.widest == [p.id for p in journey_map.phases].index(widest.phase.id)
    low, high = (score_label(widest.low), score_label(widest.high))
    assert dock.summary.text() == f"The journeys diverge most in {widest.phase.name}: from {low} to {high}"


def test_the_fitness_sample_shows_where_lena_jonas_and_maria_diverge(shown_window: MainWindow):
    dock = open_dock(shown_window)
    assert [c.persona.name for c in dock.chart.curves] == [
        "Lena, beginner runner", "Jonas, advanced athlete", "Maria, gift buyer"]
    assert dock.summary.text() == "The journeys diverge most in Purchase: from −2 to +2"
    assert dock.lanes.currentText() == "Pain points" and dock.grid.rowCount() == 3


def test_choosing_a_lane_fills_the_grid_with_exactly_its_cards_per_persona_and_phase(twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    journey_map = window.journey_map
    lanes = dock.lanes
    assert [lanes.itemText(i) for i in range(lanes.count())] == ["Touchpoints", "Pain points", "Opportunities"]
    assert lanes.currentData() == comparison.default_lane(journey_map) == "pain"
    grid = dock.grid
    assert (grid.rowCount(), grid.columnCount()) == (12, 6)
    assert [grid.verticalHeaderItem(r).text() for r in range(12)] == NAMES
    assert [grid.horizontalHeaderItem(c).text() for c in range(6)] == PHASES
    for lane in ("pain", "touch", "opp"):
        lanes.setCurrentIndex(lanes.findData(lane))
        assert dock.lane_id == lane
        for persona in journey_map.personas:
            for phase in journey_map.phases:
                assert grid.card_ids(persona.id, phase.id) == expected_cards(journey_map, lane, persona.id,
                                                                              phase.id)
    lanes.setCurrentIndex(lanes.findData("pain"))
    assert grid.card_ids("p1", "ph1") == ["c1-1-0", "c1-1-1"]
    item = grid.item(1, 1)
    assert "Jonas: pain 1 in Consideration" in item.toolTip() and "far too much" in item.toolTip()
    # every row is tall enough for all the cards of its cells, wrapped as they are drawn
    QApplication.processEvents()  # the rows' heights follow the columns' widths once they settle
    for row in range(12):
        for column in range(6):
            rect = grid.visualRect(grid.model().index(row, column))
            boxes = grid.itemDelegate().card_boxes(rect, grid.cards_at(row, column))
            assert len(boxes) == len(grid.cards_at(row, column))
            assert not boxes or boxes[-1][1].bottom() <= rect.bottom()


def test_clicking_a_point_shows_that_personas_map_at_that_phase(qtbot, twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    window.actual_size_action.trigger()  # 100 %: the last phase is out of view
    window.canvas.horizontalScrollBar().setValue(0)
    mark_x = lambda: next(m.x for m in window.scene.layout.emotion_marks if m.phase_id == "ph5")  # noqa: E731
    visible = lambda: window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()  # noqa: E731
    assert not visible().left() <= mark_x() <= visible().right()
    center = dock.chart.point_center("p7", "ph5")
    qtbot.mouseClick(dock.chart, Qt.MouseButton.LeftButton, pos=center.toPoint())
    assert window.current_persona_id == "p7" and window.persona_tabs.currentIndex() == 7
    assert visible().left() <= mark_x() <= visible().right()  # the phase brought into view
    # a click beside every point does nothing
    qtbot.mouseClick(dock.chart, Qt.MouseButton.LeftButton, pos=QPoint(2, dock.chart.height() - 2))
    assert window.current_persona_id == "p7"


def test_the_chart_is_walked_with_the_arrow_keys_and_enter_jumps(qtbot, twelve_window: MainWindow):
    window = twelve_window
    chart = open_dock(window).chart
    chart.setFocus()
    assert chart.point_ids(chart.current) == ("p0", "ph0")
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)  # Dr. Weber has no point in Purchase: the next one is Onboarding
    assert chart.point_ids(chart.current) == ("p3", "ph3")
    assert chart.accessibleDescription().startswith("Dr. Weber, CFO in Onboarding:")
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert window.current_persona_id == "p3"


def test_clicking_a_card_or_enter_on_its_cell_selects_it_on_the_canvas(qtbot, twelve_window: MainWindow):
    window = twelve_window
    grid = open_dock(window).grid
    pos = grid.card_position("c10-1-1")
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.current_persona_id == "p10"
    assert window.scene.selected_card_ids() == ["c10-1-1"]
    # keyboard: Enter on a cell shows its first card, again its next
    grid.setFocus()
    grid.setCurrentCell(4, 1)  # Ali in Consideration: two pain points
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert window.current_persona_id == "p4" and window.scene.selected_card_ids() == ["c4-1-0"]
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert window.scene.selected_card_ids() == ["c4-1-1"]
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # the arrows move between cells: Sofia in Consideration
    assert grid.currentRow() == 5


def test_edits_and_undo_update_the_chart_and_grid_after_a_pause(qtbot, twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    document = window.document
    before = dock.chart.curves[0].scores[0]
    assert push_change(document, changes.SetEmotion(persona="p0", phase="ph0", point=EmotionPoint(
        persona="p0", phase="ph0", score=-2)), "Emotion")
    assert dock.timer.isActive() and dock.chart.curves[0].scores[0] == before  # the edit never waits for it
    qtbot.waitUntil(lambda: dock.chart.curves[0].scores[0] == -2, timeout=2000)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: dock.chart.curves[0].scores[0] == before, timeout=2000)
    # the emotion taken away: a gap
    assert push_change(document, changes.SetEmotion(persona="p0", phase="ph1", point=None), "Emotion")
    qtbot.waitUntil(lambda: dock.chart.curves[0].scores[1] is None, timeout=2000)
    assert dock.chart.point_center("p0", "ph1") is None
    # a persona renamed: legend and grid follow
    assert push_field_edit(document, "persona", "p2", {"name": "Maria, buys a present"}, "Rename")
    assert dock.timer.isActive()
    qtbot.waitUntil(lambda: dock.grid.verticalHeaderItem(2).text() == "Maria, buys a present", timeout=2000)
    assert dock.chart.curves[2].persona.name == "Maria, buys a present"
    # a card edited into the lane shown
    assert push_field_edit(document, "card", "t0-0", {"lane": "pain"}, "Move")
    qtbot.waitUntil(lambda: dock.grid.card_ids("p0", "ph0") == ["t0-0"], timeout=2000)
    # a phase moved: the columns and the curves follow the new order
    assert push_change(document, changes.MoveItem(target="phase", item_id="ph5", index=0), "Move phase")
    qtbot.waitUntil(lambda: dock.chart.phases[0].id == "ph5", timeout=2000)
    assert dock.grid.horizontalHeaderItem(0).text() == "Advocacy"
    # a burst of edits is one rebuild after it; the lane chosen stays chosen
    dock.choose_lane("touch")
    builds = dock.builds
    for text in ("Touch", "Touchpoint", "Touchpoint: the app store page"):
        assert push_field_edit(document, "card", "t1-0", {"text": text}, "Edit card", merge_key="text")
    qtbot.waitUntil(lambda: dock.builds == builds + 1, timeout=2000)
    assert dock.lanes.currentData() == dock.lane_id == "touch"
    assert "Touchpoint: the app store page" in dock.grid.item(1, 1).text()  # ph0 is the second column now
    assert not dock.timer.isActive() and dock.builds == builds + 1


def test_a_hidden_dock_does_not_rebuild_and_shown_again_it_is_current(qtbot, twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    builds = dock.builds
    toggle_persona_comparison(window)
    assert dock.isHidden()
    assert push_change(window.document, changes.SetEmotion(persona="p5", phase="ph5", point=EmotionPoint(
        persona="p5", phase="ph5", score=-2)), "Emotion")
    assert push_field_edit(window.document, "persona", "p5", {"name": "Sofia"}, "Rename")
    assert not dock.timer.isActive() and dock.builds == builds and dock.stale
    QApplication.processEvents()
    assert dock.builds == builds
    toggle_persona_comparison(window)
    assert dock.isVisible() and dock.builds == builds + 1
    assert dock.chart.curves[5].scores[5] == -2 and dock.chart.curves[5].persona.name == "Sofia"


def test_a_persona_added_or_removed_is_a_curve_more_or_less(qtbot, twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    persona = Persona(id="p12", name="Nora, new persona", color="#56B4E9")
    assert push_change(window.document, changes.InsertItem(target="persona", index=12, item=persona), "Add persona")
    qtbot.waitUntil(lambda: len(dock.chart.curves) == 13, timeout=2000)
    assert dock.grid.rowCount() == 13 and len(dock.chart.geometry_now().legend) == 13
    assert [c.persona.id for c in dock.chart.curves][-1] == "p12" and dock.chart.curves[-1].scores == (None,) * 6
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: len(dock.chart.curves) == 12, timeout=2000)
    assert push_change(window.document, changes.RemoveItem(target="persona", item_id="p3"), "Delete persona")
    qtbot.waitUntil(lambda: len(dock.chart.curves) == 11, timeout=2000)
    assert "p3" not in dock.grid.persona_ids and dock.grid.rowCount() == 11
    assert dock.chart.point_center("p3", "ph0") is None and dock.chart.point_center("p4", "ph0") is not None


def test_opening_another_map_shows_its_personas(qtbot, twelve_window: MainWindow, sample_path: Path):
    window = twelve_window
    dock = open_dock(window)
    dock.choose_lane("touch")
    assert window.open_file(sample_path)
    qtbot.waitUntil(lambda: len(dock.chart.curves) == 3, timeout=2000)
    assert dock.document is window.document and dock.lane_id == "pain-points"  # it has no lane "touch": its default
    assert dock.grid.rowCount() == 3 and dock.grid.columnCount() == 5


def test_every_word_is_read_again_in_the_ui_language_after_a_switch(qtbot, twelve_window: MainWindow):
    window = twelve_window
    dock = open_dock(window)
    try:
        language.apply_language(i18n.PSEUDO_LANGUAGE)  # every translated text comes back as ⟦text⟧
        QApplication.processEvents()
        assert dock.windowTitle() == "⟦Compare Personas⟧" and dock.lane_label.text() == "⟦&Lane:⟧"
        assert dock.summary.text().startswith("⟦The journeys diverge most in Awareness")
        assert dock.chart.accessibleName().startswith("⟦") and dock.chart.spread_text(0).startswith("⟦")
        assert dock.chart.point_text((0, 0)).startswith("⟦") and dock.grid.accessibleName().startswith("⟦")
        assert dock.grid.item(1, 1).data(Qt.ItemDataRole.AccessibleTextRole).count("⟦") == 2  # where, how many
    finally:
        language.apply_language(i18n.SOURCE_LANGUAGE)
    QApplication.processEvents()
    assert dock.windowTitle() == "Compare Personas"
    assert dock.summary.text().startswith("The journeys diverge most in Awareness")
