"""The Opportunity matrix (View → Opportunity Matrix): the map's opportunities by value and effort, in one dock.

Every opportunity card (the cards of the map's opportunity lanes) is a chip in
its value × effort cell; the four quadrants (quick wins, big bets, fill-ins,
money pits) are ``app.insight.priorities``'s, which the poster page, the workbook
sheet and the summary use too, so all of them agree. Cards without a value or an
effort wait in a tray. Dragging a chip to a cell sets both its value and its
effort, dragging it to the tray clears both: one undo step per drag, through the
controller like every edit of a card (so a voting round refuses it). The keyboard
does the same: arrows choose a chip, Ctrl+arrows move it a cell, Delete sends it
to the tray, Enter (or a double-click) shows the card on the map.

The dock shows all personas' opportunities by default (funding is decided for the
map as a whole), each chip with its persona's colour at its edge and the persona's
name in its tooltip; a chooser narrows it to one persona.

Made on first use (``toggle_opportunity_matrix``) along the bottom of the window,
beside the persona comparison when that is open, and floatable. Like the Checks
dock it follows the document's signals after a short pause (``DELAY_MS``), and a
hidden dock does not rebuild until it is shown again; its own drags show at once.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.insight.priorities import ranked
from app.ui.commands import StepName
from app.ui.map_dock import MapDock, toggle_dock
from app.ui.opportunity_matrix_layout import Chip, hint
from app.ui.opportunity_matrix_view import MatrixView

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

#: how long the map must rest after a change before the matrix is drawn again (ms)
DELAY_MS = 200


def toggle_opportunity_matrix(window: MainWindow) -> OpportunityMatrixDock:
    """View → Opportunity Matrix: the dock shown (made on first use) and in front, or hidden when it is shown."""
    return toggle_dock(window, OpportunityMatrixDock, "opportunity-matrix-dock")


def opportunity_matrix_of(window: MainWindow) -> OpportunityMatrixDock | None:
    """The window's dock, if made; found through Qt, not kept in an attribute of the window (no reference
    cycle between the two for PySide's collector to trip over)."""
    return window.findChild(OpportunityMatrixDock, "opportunity-matrix-dock")


class OpportunityMatrixDock(MapDock):
    action_name = "opportunity_matrix_action"
    delay_ms = DELAY_MS

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("Opportunity Matrix"), "opportunity-matrix-dock", window)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.persona_label = QLabel()
        self.personas = QComboBox()
        self.personas.setObjectName("opportunity-matrix-persona")
        self.personas.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.persona_label.setBuddy(self.personas)
        self.personas.currentIndexChanged.connect(lambda _index: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("opportunity-matrix-summary")
        top.addWidget(self.persona_label)
        top.addWidget(self.personas)
        top.addSpacing(12)
        top.addWidget(self.summary)
        top.addSpacing(12)
        #: which colour is whose, when all personas are shown (each chip has its persona's colour at its edge)
        self.legend = QLabel()
        self.legend.setObjectName("opportunity-matrix-legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # many: cut, not wide
        top.addWidget(self.legend, 1)
        layout.addLayout(top)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.view = MatrixView()
        self.view.rate_requested.connect(self.rate)
        self.view.activated.connect(self.show_card)
        self.view.current_changed.connect(self._describe_current)
        self.scroll.setWidget(self.view)
        self.scroll.setFocusProxy(self.view)
        layout.addWidget(self.scroll, 1)
        self.setWidget(page)

        self.ready()

    def first_placed(self, window: MainWindow) -> None:
        """Along the bottom, in a tab beside the comparison when that is there."""
        compare = window.findChild(QDockWidget, "persona-compare-dock")
        if compare is not None and not compare.isFloating() and \
                window.dockWidgetArea(compare) == Qt.DockWidgetArea.BottomDockWidgetArea:
            window.tabifyDockWidget(compare, self)

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Opportunity Matrix"))
        self.persona_label.setText(_("&Persona:"))
        self.personas.setToolTip(_("Whose opportunities the matrix shows"))
        self.view.setWhatsThis(hint())
        self.view.setAccessibleName(_("Opportunity matrix: value from top (high) to bottom, effort from left "
                                      "(low) to right"))
        self._describe_current(self.view.current)
        self.stale = True
        self._fill_personas()
        if self.isVisible():
            self.refresh()

    # --- following the map ------------------------------------------------------------------

    def connections(self, document: MapDocument) -> tuple:
        """What changes the matrix: opportunity cards, lanes and personas (names, colours), another map."""
        return ((document.cards_changed, self.cards_changed), (document.structure_changed, self.changed),
                (document.persona_changed, self.changed), (document.map_replaced, self.changed))

    def cards_changed(self, card_ids: set[str]) -> None:
        """Cards changed: draw again if any is an opportunity (now, or shown until now)."""
        shown = {chip.card_id for chip in self.view.chips}
        if card_ids & shown or any(self._is_opportunity(card_id) for card_id in card_ids - shown):
            self.changed()

    def _is_opportunity(self, card_id: str) -> bool:
        card = self.main.document.cards.card(card_id)
        return card is not None and any(lane.id == card.lane and lane.kind == "opportunities"
                                        for lane in self.main.journey_map.lanes)

    def persona_id(self) -> str | None:
        """The persona chosen, or None for all."""
        return self.personas.currentData() or None

    def set_persona(self, persona_id: str | None) -> None:
        """Show one persona's opportunities (None: all personas')."""
        index = self.personas.findData(persona_id or "")
        self.personas.setCurrentIndex(max(0, index))

    def _fill_personas(self) -> None:
        """The chooser: all personas, then each persona of the map by name (the chosen one kept)."""
        journey_map = self.main.journey_map
        items = [(_("All personas"), "")] + [(persona.name or persona.id, persona.id)
                                              for persona in journey_map.personas]
        if [(self.personas.itemText(i), self.personas.itemData(i)) for i in range(self.personas.count())] == items:
            return
        chosen = self.personas.currentData() or ""
        was = self.personas.blockSignals(True)  # not a QSignalBlocker: its wrapper could outlive the box
        self.personas.clear()
        for text, data in items:
            self.personas.addItem(text, data)
        self.personas.setCurrentIndex(max(0, self.personas.findData(chosen)))
        self.personas.blockSignals(was)

    def refresh(self) -> None:
        """Draw the map's opportunities now."""
        self.timer.stop()
        self.follow_document()
        self.stale = False
        self._fill_personas()
        journey_map = self.main.journey_map
        personas = {persona.id: persona for persona in journey_map.personas}
        phases = {phase.id: phase.name for phase in journey_map.phases}
        persona_id = self.persona_id()
        marked = persona_id is None and len(personas) > 1
        chips = []
        for item in ranked(journey_map, persona_id):
            card = item.card
            persona = personas.get(card.persona)
            chips.append(Chip(card.id, card.text, card.votes, card.value, card.effort,
                              persona.name if persona is not None else "", phases.get(card.phase, ""),
                              persona.color if marked and persona is not None else None, item.rank))
        self.view.set_chips(chips)
        self.legend.setText("&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{persona.color}">█</span>&nbsp;{html.escape(persona.name or persona.id)}'
            for persona in personas.values()) if marked else "")
        self._describe_current(self.view.current)
        unrated = sum(1 for chip in chips if chip.cell is None)
        if not any(lane.kind == "opportunities" for lane in journey_map.lanes):
            text = _("This map has no opportunities lane")
        elif not chips:
            text = _("No opportunity cards yet")
        else:
            text = ngettext("{count} opportunity", "{count} opportunities", len(chips)).format(count=len(chips))
            if unrated:
                text = _("{opportunities}, {unrated} not rated yet").format(opportunities=text, unrated=unrated)
        self.summary.setText(text)

    def _describe_current(self, card_id: str) -> None:
        """The chosen chip as words, for a screen reader (the chips are painted, not widgets)."""
        self.view.setAccessibleDescription(self.view.tooltip(card_id).replace("\n", "; ") if card_id else "")

    # --- edits and the jump ------------------------------------------------------------------

    def rate(self, card_id: str, value: int | None, effort: int | None) -> bool:
        """Set a card's value and effort together (None, None clears both): one undo step."""
        window = self.main
        card = window.document.cards.card(card_id)
        if card is None:
            self.refresh()
            return False
        step = StepName(lambda: _("Rate opportunity") if value is not None else _("Clear opportunity rating"))
        made = window.scene.controller.set_fields("card", card_id, {"value": value, "effort": effort}, step)
        self.refresh()  # at once, not after the pause: the chip lands where it was let go (or goes back)
        return made

    def show_card(self, card_id: str) -> bool:
        """Show the card on the canvas, selected, in its persona's map; False if the map no longer has it."""
        window = self.main
        if window.document.cards.card(card_id) is None:
            self.refresh()
            return False
        window.workshop.show_card(card_id)  # the ranking's jump: its persona shown, the card selected
        return True
