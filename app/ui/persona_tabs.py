"""The tabs above the canvas, one per persona: which persona's journey the canvas shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabBar

from app.model import Persona


class PersonaTabs(QTabBar):
    #: the user picked a persona's tab (not sent while the tabs are brought up to date)
    persona_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setExpanding(False)
        self.setDocumentMode(True)
        self.currentChanged.connect(self._changed)

    def show_personas(self, personas: list[Persona], current: str) -> None:
        """One tab per persona, in the map's order, the current one selected; keeps tabs that stay."""
        self.blockSignals(True)
        while self.count() > len(personas):
            self.removeTab(self.count() - 1)
        for index, persona in enumerate(personas):
            if index >= self.count():
                self.addTab(persona.name)
            self.setTabText(index, persona.name)
            self.setTabData(index, persona.id)
        ids = [p.id for p in personas]
        if current in ids:
            self.setCurrentIndex(ids.index(current))
        self.blockSignals(False)

    def _changed(self, index: int) -> None:
        persona_id = self.tabData(index)
        if persona_id:
            self.persona_chosen.emit(persona_id)
