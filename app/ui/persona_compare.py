"""The persona comparison (View → Compare Personas): where the personas' journeys diverge, in one dock.

On top, every persona's emotion curve over the phases (``EmotionChart``, one
colour, pattern and marker per persona, the spread per phase as a band);
below, one lane of the map (pain points first) side by side: a row per
persona, a column per phase, each cell listing that persona's cards there. A
click on a point shows that persona's map at that phase; a click on a card (or
Enter on a cell, again for its next card) shows the card on the canvas,
selected. The data comes from ``app.insight.comparison``, which the poster and
the workbook use too, so all three agree.

Made on first use (``toggle_persona_comparison``) in the bottom dock area and
floatable, so a facilitator can put it on another screen. Like the Checks
dock it follows the document's signals after a short pause (``DELAY_MS``),
and a hidden dock does not rebuild until it is shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.insight import comparison
from app.layout import score_label
from app.ui.map_dock import MapDock, toggle_dock
from app.ui.persona_compare_chart import EmotionChart
from app.ui.persona_compare_grid import LaneGrid

if TYPE_CHECKING:
    from app.model import JourneyMap
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

#: how long the map must rest after a change before the comparison is drawn again (ms)
DELAY_MS = 250


def toggle_persona_comparison(window: MainWindow) -> PersonaCompareDock:
    """View → Compare Personas: the dock shown (made on first use) and in front, or hidden when it is shown."""
    return toggle_dock(window, PersonaCompareDock, "persona-compare-dock")


def persona_comparison_of(window: MainWindow) -> PersonaCompareDock | None:
    """The window's dock, if made; found through Qt, not kept in an attribute of the window (no reference cycle)."""
    return window.findChild(PersonaCompareDock, "persona-compare-dock")


class PersonaCompareDock(MapDock):
    action_name = "compare_personas_action"
    delay_ms = DELAY_MS

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Compare Personas"), "persona-compare-dock", window)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        #: how many times the comparison was built (the tests count rebuilds)
        self.builds = 0

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.chart = EmotionChart()
        self.chart.point_activated.connect(self.show_point)
        self.splitter.addWidget(self.chart)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(6, 4, 0, 0)
        row = QHBoxLayout()
        self.lane_label = QLabel()
        self.lanes = QComboBox()
        self.lanes.setObjectName("persona-compare-lane")
        self.lanes.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lanes.currentIndexChanged.connect(self._lane_chosen)
        self.lane_label.setBuddy(self.lanes)
        self.summary = QLabel()
        self.summary.setObjectName("persona-compare-summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)  # a narrow (floating) dock: on two lines rather than cut off
        row.addWidget(self.lane_label)
        row.addWidget(self.lanes)
        row.addSpacing(16)
        row.addWidget(self.summary, 1)
        lower_layout.addLayout(row)
        self.grid = LaneGrid()
        self.grid.card_activated.connect(self.show_card)
        lower_layout.addWidget(self.grid, 1)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.setWidget(self.splitter)
        self.setFocusProxy(self.grid)
        #: the lane the user chose (kept across rebuilds while the map has it)
        self.lane_id: str | None = None

        self.ready()

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Compare Personas"))
        self.lane_label.setText(_("&Lane:"))
        self.lanes.setToolTip(_("The lane shown side by side for every persona and phase"))
        self.grid.setToolTip("")
        self.grid.setAccessibleName(_("Cards of the chosen lane, a row per persona, a column per phase"))
        self.grid.setAccessibleDescription(_("Enter shows the cell's card on the map; again, its next card"))
        self.chart.retranslate()
        self.stale = True
        if self.isVisible():
            self.refresh()

    # --- following the map -------------------------------------------------------------------

    def connections(self, document: MapDocument) -> tuple:
        """What changes the comparison: cards, structure (phases, lanes, personas), persona colours, emotions."""
        return tuple((signal, self.changed) for signal in (
            document.cards_changed, document.structure_changed, document.persona_changed, document.emotion_changed,
            document.map_replaced))

    def refresh(self) -> None:
        """Build the chart, the lane chooser and the grid from the map as it is now."""
        self.timer.stop()
        self.follow_document()
        self.stale = False
        self.builds += 1
        journey_map = self.main.journey_map
        curves = comparison.curves(journey_map)
        self.chart.set_data(journey_map.phases, curves, comparison.spreads(journey_map))
        self._fill_lanes(journey_map)
        self.grid.fill(journey_map, self.lane_id, curves)
        self._show_summary(journey_map)

    def _fill_lanes(self, journey_map: JourneyMap) -> None:
        card_lanes = [lane for lane in journey_map.lanes if lane.kind != "emotions"]
        if self.lane_id not in [lane.id for lane in card_lanes]:
            self.lane_id = comparison.default_lane(journey_map)
        self.lanes.blockSignals(True)
        self.lanes.clear()
        for lane in card_lanes:
            self.lanes.addItem(lane.name, lane.id)
        self.lanes.setCurrentIndex(self.lanes.findData(self.lane_id) if self.lane_id else -1)
        self.lanes.blockSignals(False)
        self.lanes.setEnabled(bool(card_lanes))

    def _show_summary(self, journey_map: JourneyMap) -> None:
        widest = comparison.widest_gap(journey_map)
        if len(journey_map.personas) < 2:
            text = _("Add a second persona to compare journeys")
        elif widest is None:
            text = _("The personas feel the same in every phase")
        else:
            text = _("The journeys diverge most in {phase}: from {low} to {high}").format(
                phase=widest.phase.name, low=score_label(widest.low), high=score_label(widest.high))
        self.summary.setText(text)

    def _lane_chosen(self, index: int) -> None:
        lane_id = self.lanes.itemData(index)
        if lane_id and lane_id != self.lane_id:
            self.lane_id = lane_id
            journey_map = self.main.journey_map
            self.grid.fill(journey_map, lane_id, self.chart.curves)

    def choose_lane(self, lane_id: str) -> None:
        """Show ``lane_id`` in the grid, as choosing it in the box does."""
        self.lanes.setCurrentIndex(self.lanes.findData(lane_id))

    # --- the jumps ------------------------------------------------------------------------------

    def show_point(self, persona_id: str, phase_id: str) -> bool:
        """Show a persona's map (switched to as its tab does) with the phase in view; False if it is gone."""
        window = self.main
        journey_map = window.journey_map
        if all(p.id != persona_id for p in journey_map.personas):
            self.refresh()
            return False
        if persona_id != window.current_persona_id:
            window.set_current_persona(persona_id)
        if not phase_id:
            return True
        scene = window.scene
        layout = scene.layout
        mark = next((m for m in layout.emotion_marks if m.phase_id == phase_id), None)
        if mark is not None:
            radius = 3 * scene.style.emotion_radius
            scene.ensure_visible(QRectF(mark.x - radius, mark.y - radius, 2 * radius, 2 * radius))
            return True
        header = next((h for h in layout.phase_headers if h.item_id == phase_id), None)
        if header is not None:
            scene.ensure_visible(QRectF(header.rect.x, header.rect.y, header.rect.w, header.rect.h))
            return True
        return False

    def show_card(self, card_id: str) -> bool:
        """Show a card on the canvas, selected, in its persona's map; False if the map no longer has it."""
        window = self.main
        card = next((c for c in window.journey_map.cards if c.id == card_id), None)
        if card is None:
            self.refresh()
            return False
        if card.persona != window.current_persona_id:
            window.set_current_persona(card.persona)
        window.scene.select_cards([card_id])
        return True
