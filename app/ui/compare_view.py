"""File → Compare with…: the open map beside another version of it (another file, the saved file, its backup).

The compare view is a window of its own (a QDialog, window-modal, shown without
``exec``): it draws the current persona as the canvas does, from a display copy
of the map, with every card that differs marked (:mod:`app.ui.compare_marks`)
and the removed ones put back in the copy as faded ghosts where they were; the
other version's emotion curve beside the current one; and a list of every
change. Why a window and not the editor's own canvas: the editor's scene, undo
stack and docks stay exactly as they were (nothing in the map can change, and
Escape gives the editor back as it was), and while the view is open the editor
takes no edits, so what it shows cannot go stale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.layout import Rect
from app.merge.diff import Difference, differences
from app.merge.report import Namer, describe
from app.model import JourneyMap, MapFileError
from app.model.fileformat import backup_path, read_map
from app.ui.compare_marks import GHOST_OPACITY, KINDS, CardMark, HeaderMark, OtherCurveItem, curve_pen, diamond
from app.ui.dialogs import message_box, plain_tooltip
from app.ui.document import MapDocument
from app.ui.items import qrect
from app.ui.scene import JourneyScene
from app.ui.view import CanvasView

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


@dataclass(frozen=True)
class OtherVersion:
    """A version to compare with: its file and how the view names it ("the backup x.json.bak")."""

    path: Path
    label: str


# --- which version ---------------------------------------------------------------


def versions_offered(window: MainWindow) -> list[OtherVersion]:
    """The open file's own versions worth comparing with: the file as saved on disk (when the map has unsaved
    changes or someone changed the file) and its backup (when there is one)."""
    document = window.document
    path = document.path
    if path is None:
        return []
    offered = []
    if path.is_file() and (document.is_modified or document.changed_on_disk()):
        offered.append(OtherVersion(path, _("saved file {name}").format(name=path.name)))
    backup = backup_path(path)
    if backup.is_file():
        offered.append(OtherVersion(backup, _("backup {name}").format(name=backup.name)))
    return offered


def choose_version(window: MainWindow) -> OtherVersion | None:
    """Ask which version to compare with: the saved file, the backup, or another map file (a file dialog)."""
    offered = versions_offered(window)
    chosen: OtherVersion | None = None
    if offered:
        box = QMessageBox(QMessageBox.Icon.Question, _("Compare with"),
                          _("Compare the open map with which version?"), QMessageBox.StandardButton.NoButton, window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        buttons = {}
        for version in offered:
            saved = version.path == window.document.path
            text = _("Saved File") if saved else _("Backup")
            buttons[box.addButton(text, QMessageBox.ButtonRole.AcceptRole)] = version
        details = [(_("Saved file: {name}, as it is on disk now.") if version.path == window.document.path
                    else _("Backup: {name}, the version before the last save.")).format(name=version.path.name)
                   for version in offered]
        box.setInformativeText("\n".join(details))
        other = box.addButton(_("Another File…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked in buttons:
            return buttons[clicked]
        if clicked is not other:
            return None
    start = str(window.document.path.parent) if window.document.path else ""
    name, _filter = QFileDialog.getOpenFileName(window, _("Compare with map"), start,
                                                _("Journey maps (*.json);;All files (*)"))
    if name:
        chosen = OtherVersion(Path(name), Path(name).name)
    return chosen


def compare_with(window: MainWindow, version: OtherVersion | None = None) -> CompareView | None:
    """File → Compare with…: ask which version (unless given), read it and show the compare view.

    A file that is not a valid map says why and shows no view; the open map is never touched.
    """
    window.scene.commit_editing()  # what is being typed is part of the map compared
    if version is None:
        version = choose_version(window)
        if version is None:
            return None
    try:
        other, _data = read_map(version.path)
    except MapFileError as exc:
        message_box(window, "critical", _("Cannot compare"), str(exc))
        return None
    view = CompareView(window, other, version.label)
    view.open()  # shown window-modal, not exec: the editor waits, unchanged, until Escape or Close
    return view


# --- the display copy ------------------------------------------------------------------


def display_map(current: JourneyMap, other: JourneyMap, found: list[Difference],
                ) -> tuple[JourneyMap, dict[str, set[str]]]:
    """A copy of the current map with what the other version had and this one removed put back where it was:
    phases, lanes and personas, then cards (each after the item that came before it in the other version), so
    the layout places removed cards in their old cells, in their old place. Returns the copy and the ids of
    what was put back, by target ("card", "phase"…)."""
    display = current.model_copy(deep=True)
    removed = {(d.target, d.item_id) for d in found if d.kind == "removed"}
    ghosts: dict[str, set[str]] = {}
    for target, name in (("phase", "phases"), ("lane", "lanes"), ("persona", "personas"), ("card", "cards")):
        ids = {item_id for kind, item_id in removed if kind == target}
        ghosts[target] = _put_back(getattr(display, name), getattr(other, name), ids) if ids else set()
    return display, ghosts


def _put_back(items: list, others: list, removed: set[str]) -> set[str]:
    """Put the removed items of ``others`` back into ``items``, each after the item before it in ``others``
    (the list in place: no validation of the whole map again)."""
    present = {item.id for item in items}
    after: dict[str | None, list] = defaultdict(list)  # the id of the item before (None: first) -> put back
    before: str | None = None
    for item in others:
        if item.id in removed:
            after[before].append(item.model_copy(deep=True))
        elif item.id in present:
            before = item.id
    ordered = list(after[None])
    for item in items:
        ordered.append(item)
        ordered.extend(after.get(item.id, ()))
    items[:] = ordered
    return {item.id for back in after.values() for item in back}


def persona_of(difference: Difference) -> str | None:
    """The persona a difference is seen in: a card's (where it is now, or was), an emotion point's."""
    if difference.target == "card":
        return difference.data.get("persona")
    if difference.target == "emotion":
        return difference.item_id.partition("/")[0]
    if difference.target == "persona":
        return difference.item_id
    return None


# --- the view --------------------------------------------------------------------------


class CompareCanvas(CanvasView):
    """A read-only canvas (no key or click reaches the scene) whose headers stay pinned as it scrolls;
    a click on a marked card says which card (the window selects its change)."""

    card_clicked = Signal(str)

    def __init__(self, scene: JourneyScene, parent=None) -> None:
        super().__init__(scene, parent, read_only=True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)  # drag to pan: works without interaction
        self._pressed_at = None

    def _pin(self) -> None:
        scene = self.scene()
        if isinstance(scene, JourneyScene):  # none while the application shuts down
            top_left = self.mapToScene(0, 0)
            scene.pin_headers(top_left.y(), top_left.x())

    def mousePressEvent(self, event) -> None:
        self._pressed_at = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        pressed, self._pressed_at = self._pressed_at, None
        if pressed is None or (event.position() - pressed).manhattanLength() > 4:
            return  # a drag that panned, not a click
        for item in self.items(event.position().toPoint()):
            if isinstance(item, CardMark):
                self.card_clicked.emit(item.card_id)
                return


def _line_sample(dashed: bool) -> QPixmap:
    """A legend's sample of a curve: the current one solid and dark, the other dashed grey with a diamond."""
    pixmap = QPixmap(40, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(OtherCurveItem.COLOR if dashed else "#3C3C3C")
    painter.setPen(curve_pen(color) if dashed else QPen(color, 2.5))
    painter.drawLine(QPointF(2, 7), QPointF(38, 7))
    if dashed:
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawPolygon(QPolygonF(diamond(20, 7, 4.5)))
    painter.end()
    return pixmap


class CompareView(QDialog):
    """The current persona with the cards that differ from the other version marked, both emotion curves,
    and the list of every change; Escape (or Close) goes back to the editor."""

    def __init__(self, window: MainWindow, other: JourneyMap, other_label: str) -> None:
        super().__init__(window)
        self.setObjectName("compare-view")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.finished.connect(self.deleteLater)
        self.editor = window
        self.current = window.journey_map
        self.other = other
        self.differences = differences(other, self.current)
        self.namer = Namer(self.current, other)
        self.lines = [describe(difference, self.namer) for difference in self.differences]
        shown_map, put_back = display_map(self.current, other, self.differences)
        #: the removed cards drawn as ghosts (put back into the display copy where they were)
        self.ghosts = put_back["card"]
        #: a document of the display copy only: the editor's map, document and undo stack are never touched
        self.document = MapDocument(shown_map, None, self)
        self.card_differences = {d.item_id: d for d in self.differences if d.target == "card"}
        this = window.document.path.name if window.document.path else _("the open map")
        self.setWindowTitle(_("Compare: {this} and {other}").format(this=this, other=other_label))

        persona_id = window.current_persona_id
        self.scene = JourneyScene(self.document, persona_id, self)
        self.view = CompareCanvas(self.scene)
        self.view.card_clicked.connect(self.select_card)
        self.marks: dict[str, CardMark] = {}
        #: the marks of the phases and lanes that differ, children of the header bars
        self.header_marks: dict[tuple[str, str], HeaderMark] = {}
        self.other_curve = OtherCurveItem()
        self.scene.addItem(self.other_curve)

        panel = QWidget()
        panel.setMinimumWidth(300)
        side = QVBoxLayout(panel)
        side.setContentsMargins(8, 8, 8, 8)
        versions = QLabel(_("This version: {this}\nOther version: {other}").format(this=this, other=other_label))
        versions.setTextFormat(Qt.TextFormat.PlainText)
        versions.setWordWrap(True)
        side.addWidget(versions)
        row = QHBoxLayout()
        persona_label = QLabel(_("&Persona:"))
        self.persona_box = QComboBox()
        persona_label.setBuddy(self.persona_box)
        persona_kinds = {d.item_id: d.kind for d in self.differences if d.target == "persona"}
        for persona in shown_map.personas:  # a removed persona too: its cards are there as ghosts
            kind = persona_kinds.get(persona.id)
            self.persona_box.addItem(_("{name} ({mark})").format(name=persona.name, mark=_(KINDS[kind].word))
                                     if kind else persona.name, persona.id)
        row.addWidget(persona_label)
        row.addWidget(self.persona_box, 1)
        side.addLayout(row)
        for dashed, text in ((False, _("this version")), (True, _("other version"))):
            legend = QHBoxLayout()
            sample = QLabel()
            sample.setPixmap(_line_sample(dashed))
            legend.addWidget(sample)
            legend.addWidget(QLabel(text), 1)
            side.addLayout(legend)
        count = len(self.differences)
        self.count_label = QLabel(ngettext("{count} change", "{count} changes", count).format(count=count)
                                  if count else _("No changes: the two versions are the same."))
        self.count_label.setWordWrap(True)
        side.addWidget(self.count_label)
        self.change_list = QListWidget()
        self.change_list.setWordWrap(True)
        self.change_list.setAlternatingRowColors(True)
        self.change_list.setSpacing(2)
        for index, line in enumerate(self.lines):
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(plain_tooltip(line))
            self.change_list.addItem(item)
        self.change_list.currentRowChanged.connect(self.show_change)
        self.change_list.itemClicked.connect(lambda item: self.show_change(self.change_list.row(item)))
        side.addWidget(self.change_list, 1)
        note = QLabel(_("Read-only: nothing in the map changes. Esc goes back to the editor."))
        note.setWordWrap(True)
        side.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        side.addWidget(buttons)

        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setCollapsible(0, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.resize(window.size())
        splitter.setSizes([max(400, window.width() - 360), 360])

        self.persona_box.setCurrentIndex(max(0, self.persona_box.findData(self.scene.persona_id)))
        self.persona_box.currentIndexChanged.connect(lambda _i: self.set_persona(self.persona_box.currentData()))
        self._mark()
        self.view.show_start()
        self.view.setFocus()

    # --- what is drawn ---------------------------------------------------------------

    @property
    def persona_id(self) -> str:
        return self.scene.persona_id

    def set_persona(self, persona_id: str) -> None:
        """Show another persona of the map, its differences marked."""
        if persona_id and persona_id != self.scene.persona_id:
            self.scene.set_persona(persona_id)
            self._mark()
        index = self.persona_box.findData(self.scene.persona_id)
        if index >= 0 and index != self.persona_box.currentIndex():
            self.persona_box.setCurrentIndex(index)

    def _mark(self) -> None:
        """Mark the shown persona's cards that differ, fade its ghosts, and draw the other curve."""
        scene = self.scene
        for mark in self.marks.values():
            scene.removeItem(mark)
        self.marks = {}
        layout = scene.layout
        for card_id, difference in self.card_differences.items():
            box = layout.cards.get(card_id)
            if box is None:
                continue
            self.marks[card_id] = mark = CardMark(card_id, difference.kind, qrect(box.rect),
                                                  plain_tooltip(describe(difference, self.namer)))
            scene.addItem(mark)
            if card_id in self.ghosts:
                scene.card_items[card_id].setOpacity(GHOST_OPACITY)
        self._mark_headers()
        self.other_curve.set_runs(self.other_runs())

    def _mark_headers(self) -> None:
        """Mark the phases and lanes that were added, changed (renamed, moved…) or removed (put back)."""
        scene = self.scene
        for mark in self.header_marks.values():
            scene.removeItem(mark)
        self.header_marks = {}
        layout = scene.layout
        for difference in self.differences:
            if difference.target not in ("phase", "lane"):
                continue
            phase = difference.target == "phase"
            headers = layout.phase_headers if phase else layout.lane_headers
            header = next((h for h in headers if h.item_id == difference.item_id), None)
            if header is None:
                continue
            mark = HeaderMark(difference.item_id, difference.kind, qrect(header.rect), phase,
                              plain_tooltip(describe(difference, self.namer)))
            mark.setParentItem(scene.phase_bar if phase else scene.lane_bar)  # pinned with its header
            self.header_marks[(difference.target, difference.item_id)] = mark

    def other_runs(self) -> list[list[tuple[float, float]]]:
        """The other version's emotion points of the shown persona, at the current phases' x: stretches of
        consecutive phases that have a point (a phase without one, or one the other version lacks, is a gap)."""
        layout = self.scene.layout
        if layout.zero_y is None:
            return []
        scores = {point.phase: point.score for point in self.other.emotions if point.persona == self.persona_id}
        runs: list[list[tuple[float, float]]] = []
        run: list[tuple[float, float]] = []
        for mark in layout.emotion_marks:
            score = scores.get(mark.phase_id)
            if score is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append((mark.x, layout.zero_y - score * layout.score_step))
        if run:
            runs.append(run)
        return runs

    # --- the change list -----------------------------------------------------------------

    def show_change(self, row: int) -> QRectF | None:
        """Show a change: its persona, and the card, emotion point, phase or lane scrolled into view.
        Returns the area shown (None: nothing on the canvas to show, e.g. the map's title)."""
        if not 0 <= row < len(self.differences):
            return None
        difference = self.differences[row]
        persona = persona_of(difference)
        if persona is not None and self.persona_box.findData(persona) >= 0:
            self.set_persona(persona)
        for card_id, mark in self.marks.items():
            mark.set_current(difference.target == "card" and card_id == difference.item_id)
        rect = self._area_of(difference)
        if rect is not None:
            self.view.centerOn(rect.center())
            self.view.ensureVisible(rect, 24, 24)
        return rect

    def _area_of(self, difference: Difference) -> QRectF | None:
        layout = self.scene.layout
        target, item_id = difference.target, difference.item_id
        found: Rect | None = None
        if target == "card" and item_id in layout.cards:
            found = layout.cards[item_id].rect
        elif target == "emotion":
            phase = item_id.partition("/")[2]
            mark = next((m for m in layout.emotion_marks if m.phase_id == phase), None)
            if mark is not None:
                return QRectF(mark.x - 24, mark.y - 24, 48, 48)
        elif target in ("phase", "lane"):
            headers = layout.phase_headers if target == "phase" else layout.lane_headers
            found = next((h.rect for h in headers if h.item_id == item_id), None)
        return qrect(found) if found is not None else None

    def select_card(self, card_id: str) -> None:
        """A click on a marked card selects its change in the list."""
        for row, difference in enumerate(self.differences):
            if difference.target == "card" and difference.item_id == card_id:
                self.change_list.setCurrentRow(row)
                return

    def changes_shown(self) -> list[str]:
        return [self.change_list.item(row).text() for row in range(self.change_list.count())]
