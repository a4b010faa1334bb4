"""Walking the journey phase by phase: the phase talked about shown large, the others dimmed.

A walk is a way of looking, not an edit: it zooms and scrolls the view that presents,
lays a veil over the other phases' columns and tells the controller which phase new
cards land in. The map and its undo stack are not touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from app.ui.view import POINTS_TO_PIXELS

if TYPE_CHECKING:
    from app.ui.scene import JourneyScene
    from app.ui.view import CanvasView

#: above cards, faces and the card editor's frame, below the pinned header bars
Z_VEIL = 70
#: how many columns (the focused one and its neighbours, partly) the view shows while walking
COLUMNS_SHOWN = 2.6
#: a walk zooms in at most this much beyond fitting the whole map's width
MAX_ZOOM_IN = 2.2
VEIL = QColor(250, 250, 250, 200)
#: far larger than any map: the veil reads the scene's layout when it paints, so its bounds never change
_EVERYWHERE = QRectF(0, 0, 1e7, 1e7)


class PhaseVeil(QGraphicsItem):
    """A pale veil over every column but the focused phase's: the room's eyes go to the one that is lit.

    It works out the columns from the scene's layout as it paints, so a card that makes the map taller,
    another persona shown or a renamed phase need no update of it: what repaints there repaints the veil.
    """

    def __init__(self) -> None:
        super().__init__()
        self.phase_id: str | None = None
        self.setZValue(Z_VEIL)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def focus(self, phase_id: str | None) -> None:
        if phase_id != self.phase_id:
            self.phase_id = phase_id
            self.setVisible(phase_id is not None)
            self.update()

    @property
    def parts(self) -> list[QRectF]:
        """The veiled areas: left and right of the focused column, over the whole height of the map."""
        scene = self.scene()  # no reference of its own to the scene it is in (nor a cycle through it)
        if scene is None or self.phase_id is None:
            return []
        layout = scene.layout
        focus = next((h.rect for h in layout.phase_headers if h.item_id == self.phase_id), None)
        if focus is None:
            return []
        left = scene.style.lane_header_width
        parts = [QRectF(left, 0, focus.x - left, layout.height),
                 QRectF(focus.x + focus.w, 0, layout.width - focus.x - focus.w, layout.height)]
        return [part for part in parts if part.width() > 0.5]

    def boundingRect(self) -> QRectF:
        return _EVERYWHERE

    def paint(self, painter: QPainter, option, widget=None) -> None:
        for part in self.parts:
            painter.fillRect(part, VEIL)


class PhaseWalk:
    """Which phase the room looks at (None: the whole map), for one window's scene and presenting view."""

    def __init__(self, view: CanvasView) -> None:
        self.view = view
        self.phase_id: str | None = None
        self._veil: PhaseVeil | None = None
        #: called with the phase a step of the walk moves to (None: the whole map), e.g. to start its timebox
        self.on_phase: list[Callable[[str | None], object]] = []

    @property
    def scene(self) -> JourneyScene:
        return self.view.journey_scene()

    @property
    def veil(self) -> PhaseVeil:
        """The veil of the scene shown now, made on the first walk in it (another map opened gets its own)."""
        veil = self._current_veil()
        if veil is None:
            scene = self.scene
            veil = self._veil = PhaseVeil()  # the old one went with its scene
            scene.addItem(veil)
            scene.document.structure_changed.connect(self._structure_changed)
        return veil

    def _current_veil(self) -> PhaseVeil | None:
        veil = self._veil
        return veil if veil is not None and isValid(veil) and veil.scene() is self.scene else None

    def phase_ids(self) -> list[str]:
        return [phase.id for phase in self.scene.document.journey_map.phases]

    def step(self, by: int) -> str | None:
        """The next (+1) or previous (-1) phase; from the whole map, → starts at the first and ← at the last."""
        ids = self.phase_ids()
        if not ids:
            return None
        if self.phase_id not in ids:
            return self.show(ids[0] if by > 0 else ids[-1])
        index = max(0, min(len(ids) - 1, ids.index(self.phase_id) + by))
        return self.show(ids[index])

    def show(self, phase_id: str | None) -> str | None:
        """Focus a phase (None: the whole map again, fitted to the width)."""
        scene = self.scene
        if phase_id not in self.phase_ids():
            phase_id = None
        moved = phase_id != self.phase_id
        self.phase_id = phase_id
        scene.controller.focused_phase = phase_id
        self.refresh()
        if moved:
            for listener in self.on_phase:
                listener(phase_id)
        if phase_id is None:
            self.view.fit_width()
            return None
        cell = scene.current_cell
        if cell is not None and cell[0] != phase_id:
            scene.clearSelection()
            scene.set_current_cell((phase_id, cell[1]))  # the cell being written in walks along
        self._zoom_to(phase_id)
        return phase_id

    def refresh(self) -> None:
        """Veil and header bar for the phase shown (the veil reads the layout itself when it paints)."""
        shown = self.phase_id if self.phase_id in [h.item_id for h in self.scene.layout.phase_headers] else None
        veil = self.veil if shown is not None else self._current_veil()  # no veil made just to be hidden
        if veil is not None:
            veil.focus(shown)
        self.scene.phase_bar.set_focused(shown)

    def _structure_changed(self) -> None:
        if self.phase_id is not None and self.phase_id not in self.phase_ids():
            self.show(None)  # the phase shown was deleted
        else:
            self.refresh()

    def _zoom_to(self, phase_id: str) -> None:
        """Zoom so that the focused column and part of its neighbours fill the width, the lane names pinned at
        the left, and scroll it into the middle."""
        view, scene = self.view, self.scene
        layout = scene.layout
        focus = next(h.rect for h in layout.phase_headers if h.item_id == phase_id)
        view.fit_width()
        whole = view.zoom
        left = scene.style.lane_header_width
        width = view.maximumViewportSize().width()
        if view.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            width -= view.verticalScrollBar().sizeHint().width()
        wanted = width / (left + COLUMNS_SHOWN * focus.w) / POINTS_TO_PIXELS
        view.set_zoom(max(whole, min(wanted, whole * MAX_ZOOM_IN)))
        scale = view.zoom * POINTS_TO_PIXELS
        # The column's middle in the middle of what the pinned lane names leave free.
        free = width / scale - left
        x = focus.x + focus.w / 2 - left - free / 2
        view.horizontalScrollBar().setValue(round(max(0.0, x) * scale))
        view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())

    def rezoom(self) -> None:
        """The same phase again at the map's new sizes (another type scale), without telling the listeners."""
        if self.phase_id is not None and self.phase_id in self.phase_ids():
            self._zoom_to(self.phase_id)

    def leave(self) -> None:
        """Stop walking: no veil, no focused phase."""
        self.phase_id = None
        self.scene.controller.focused_phase = None
        self.refresh()
