"""The canvas view: zoom and pan, pinned headers, and keyboard-only capture and navigation."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from app.i18n import _
from app.ui.scene import JourneyScene

#: 100 % zoom shows one point as 96/72 screen pixels, so 10 pt text is 13.3 px.
POINTS_TO_PIXELS = 96 / 72
MIN_ZOOM = 0.1
MAX_ZOOM = 4.0


class CanvasView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, scene: JourneyScene, parent=None, read_only: bool = False) -> None:
        """A view of a scene; ``read_only`` makes one that only shows (an audience's second screen): it
        zooms and scrolls, but passes no mouse or key to the scene, so it has no editing of its own."""
        super().__init__(scene, parent)
        self.read_only = read_only
        self.setInteractive(not read_only)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        # A viewport made here: the first viewport() of the one Qt makes costs PySide a search for
        # its most derived type through every widget class (about 13 ms of start-up).
        viewport = QWidget()
        # The scene paints every pixel (background brush), so the window beneath needs no repaint.
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setViewport(viewport)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        viewport.setMouseTracking(True)  # moves without a button show where a click would add a card
        self.setAcceptDrops(False)  # map files dropped on the canvas go to the main window
        self._zoom = 1.0
        #: "width" or "map" while the view shows a fit the user has not zoomed away from: it follows resizes
        self.fit_mode: str | None = None
        self._space_held = False
        self._middle_pan: QPointF | None = None
        self.set_zoom(1.0)

    def journey_scene(self) -> JourneyScene:
        return self.scene()  # type: ignore[return-value]

    # --- zoom ---------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """Zoom factor, 1.0 = 100 %."""
        return self._zoom

    def setScene(self, scene: JourneyScene) -> None:
        """Show another scene, its cards placed on this view's pixel grid."""
        super().setScene(scene)
        if not self.read_only:
            scene.set_view_scale(self._zoom * POINTS_TO_PIXELS)

    def set_zoom(self, zoom: float) -> None:
        """A zoom asked for (100 %, a script, a test): it stays when the window is resized."""
        self.fit_mode = None
        self._zoom_to(zoom)

    def _zoom_to(self, zoom: float) -> None:
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        scale = self._zoom * POINTS_TO_PIXELS
        self.setTransform(self.transform().fromScale(scale, scale))
        if not self.read_only:  # cards are snapped to the pixels of the view that edits
            self.journey_scene().set_view_scale(scale)
        self._pin()
        self.zoom_changed.emit(self._zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self._zoom * factor)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def _fit_area(self, rect, by_width: bool) -> tuple[float, float]:
        """The viewport's size once the fit is made: a vertical scroll bar that fitting the width
        brings takes its room first, so no horizontal one appears."""
        area = self.maximumViewportSize()
        width, height = area.width(), area.height()
        if by_width and rect.height() * width / rect.width() > height:
            width -= self.verticalScrollBar().sizeHint().width()
        return width, height

    def _show_top_left(self) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def fit_map(self) -> None:
        """Fit the whole map into the view (Ctrl+0), shown from its top-left."""
        rect = self.journey_scene().sceneRect()
        if rect.isEmpty():
            return
        width, height = self._fit_area(rect, by_width=False)
        self.fit_mode = "map"
        self._zoom_to(min(width / rect.width(), height / rect.height()) / POINTS_TO_PIXELS)
        self._show_top_left()

    def fit_width(self) -> None:
        """Fit the map's width into the view (Ctrl+2), shown from its top-left (headers pinned)."""
        rect = self.journey_scene().sceneRect()
        if rect.isEmpty():
            return
        width, _height = self._fit_area(rect, by_width=True)
        self.fit_mode = "width"
        self._zoom_to(width / rect.width() / POINTS_TO_PIXELS)
        self._show_top_left()

    def show_start(self) -> None:
        """How a map opens, is restored or made: fitted to the width, from the top-left, and kept
        fitted while the window still changes size (a maximise right after opening)."""
        self.fit_width()

    # --- frozen headers --------------------------------------------------------

    def _pin(self) -> None:
        if self.read_only:
            return  # the headers are pinned for the view that edits
        top_left = self.mapToScene(0, 0)
        scene = self.scene()
        if isinstance(scene, JourneyScene):
            scene.pin_headers(top_left.y(), top_left.x())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._pin()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_mode is not None:
            at_start = self.verticalScrollBar().value() == self.verticalScrollBar().minimum()
            value = self.verticalScrollBar().value()
            (self.fit_width if self.fit_mode == "width" else self.fit_map)()
            if not at_start:
                self.verticalScrollBar().setValue(value)
        self._pin()

    # --- wheel and panning ---------------------------------------------------------

    def wheelEvent(self, event) -> None:
        modifiers = event.modifiers()
        delta = event.angleDelta()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            if steps:
                self.zoom_by(1.15**steps)
            event.accept()
            return
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (delta.y() or delta.x()))
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton:
            self._middle_pan = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._middle_pan is not None:
            delta = event.position() - self._middle_pan
            self._middle_pan = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Leave and not self.read_only:
            self.journey_scene().show_add_hint(None)  # the pointer left the canvas: no "+ card" stays behind
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._middle_pan is not None:
            self._middle_pan = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space_held:
            self._space_held = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    # --- keyboard ----------------------------------------------------------------

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab belongs to the card editor (commit and start the next card).
        if self.journey_scene().editor is not None:
            return False
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event) -> None:
        if self.read_only:
            event.ignore()  # no key edits or moves the selection of the scene another view edits
            return
        scene = self.journey_scene()
        if scene.editor is not None:
            super().keyPressEvent(event)
            return
        key = event.key()
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        selected = scene.selected_card_ids()
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key == Qt.Key.Key_Space and not event.isAutoRepeat() and not selected and scene.current_cell is None:
            self._space_held = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            return
        if key in arrows:
            dx, dy = arrows[key]
            if ctrl:
                scene.move_selected_by(dx, dy)
            else:
                self._navigate(dx, dy, selected)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            if len(selected) == 1:
                scene.edit_card(selected[0])
            elif key != Qt.Key.Key_F2:
                scene.start_new_card()
            return
        if key == Qt.Key.Key_Escape:
            scene.clearSelection()
            return
        if event.matches(QKeySequence.StandardKey.Delete) or key == Qt.Key.Key_Backspace:
            scene.delete_selected()
            return
        text = event.text()
        if text and text.isprintable() and not ctrl and not (modifiers & Qt.KeyboardModifier.AltModifier):
            if scene.current_cell is None and selected:
                scene.set_current_cell(scene.cell_of_card(selected[-1]))
            if scene.start_new_card(text=text):
                scene.clearSelection()
                return
            if scene.current_cell is not None and scene.is_emotion_lane(scene.current_cell[1]):
                scene.message.emit(_("The emotion lane holds points, not cards: drag a face up or down, "
                                       "click the dashed ⊕ of a phase to add one, double-click a face "
                                       "for its label."))
                return
        super().keyPressEvent(event)

    def _navigate(self, dx: int, dy: int, selected: list[str]) -> None:
        """Arrows: between cards within a cell (up/down), else between cells."""
        scene = self.journey_scene()
        layout = scene.layout
        if selected:
            cell = scene.cell_of_card(selected[-1])
            ids = layout.cell_cards.get(cell, [])
            if dy and cell is not None:
                index = ids.index(selected[-1]) + dy
                if 0 <= index < len(ids):
                    scene.select_cards([ids[index]])
                    return
            target = scene.neighbour_cell(cell, dx, dy)
            scene.clearSelection()
        else:
            target = scene.neighbour_cell(scene.current_cell, dx, dy)
        if target is None:
            return
        scene.set_current_cell(target)
        cards = layout.cell_cards.get(target, [])
        if cards:
            scene.select_cards([cards[0] if dy >= 0 else cards[-1]])
        scene.ensure_visible(scene.cell_rect(target))
