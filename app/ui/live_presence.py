"""Who else is in a live session, and where: the People list and their outlines on the canvas.

Each editor publishes its presence (name, colour, the persona it shows, the cards it has selected and
the card it is typing in) through the session's awareness; the others' presences are drawn as outlines
in each person's colour around those cards, with the person's name on a tab (thicker and marked
"typing" for the card being typed in), and listed in the People dock. Names and colours come from other
computers: they are shown as plain text only, and a colour that is not "#rrggbb" is replaced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QDockWidget, QGraphicsItem, QListWidget, QListWidgetItem
from shiboken6 import isValid

from app.i18n import _
from app.ui.items import Z_CARD

if TYPE_CHECKING:
    from app.ui.live_session import LiveSession
    from app.ui.main_window import MainWindow

#: how often this editor looks whether its selection or typing changed (sent only when it did)
WATCH_MS = 250
#: the longest name shown (a name from another computer may be anything)
NAME_LIMIT = 40
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
#: what a colour that is not "#rrggbb" is shown as
FALLBACK_COLOR = "#555555"
Z_PRESENCE = Z_CARD + 2


def plain_name(value: object) -> str:
    """A name as shown: text only, one line, at most NAME_LIMIT characters."""
    name = " ".join(str(value or "").split())
    return name if len(name) <= NAME_LIMIT else name[: NAME_LIMIT - 1] + "…"


def safe_color(value: object) -> str:
    return value if isinstance(value, str) and _COLOR.fullmatch(value) else FALLBACK_COLOR


class PresenceOutline(QGraphicsItem):
    """One person's outline around one card, with their name on a tab above its top edge."""

    def __init__(self, rect: QRectF, name: str, color: str, typing: bool) -> None:
        super().__init__()
        self.rect = QRectF(rect)
        self.name = name
        self.color = QColor(color)
        self.typing = typing
        self.setZValue(Z_PRESENCE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.label = _("{name} is typing").format(name=name) if typing else name

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-6, -16, 6, 6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        pen = QPen(self.color, 4.0 if self.typing else 2.0)
        if not self.typing:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self.rect.adjusted(-3, -3, 3, 3), 5, 5)
        font = painter.font()
        font.setPointSizeF(7.5)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(self.label) + 8
        tab = QRectF(self.rect.left(), self.rect.top() - 15, min(width, self.rect.width()), 12)
        painter.fillRect(tab, self.color)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(tab.adjusted(4, 0, -2, 0), Qt.AlignmentFlag.AlignVCenter, self.label)  # plain text


class Presence:
    """Keeps this editor's presence current and shows the others'."""

    def __init__(self, window: MainWindow, session: LiveSession) -> None:
        self.window = window
        self.session = session
        self.outlines: list[PresenceOutline] = []
        self.dock = PeopleDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        #: what this editor last told the others, and whether it was connected then
        self._sent: dict | None = None
        self._sent_connected = False
        #: what the canvas and the list show now: redrawn only when it changes
        self._shown: tuple = ()
        self._watch = QTimer(window)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.publish)
        self._watch.start()
        self._observer = session.awareness.observe(lambda *_args: self.show_others())
        session.status_changed.connect(self.publish)

    def local_state(self) -> dict:
        scene = self.window.scene
        editing = scene.editing
        typing = editing.mode[1] if editing.editor is not None and editing.mode[0] == "edit" else None
        return {"persona": scene.persona_id, "selection": scene.selected_card_ids(), "typing": typing}

    def publish(self) -> None:
        """Send this editor's selection and typing when they changed (and on every reconnection)."""
        state = self.local_state()
        connected = self.session.endpoint.connected
        if state != self._sent or (connected and not self._sent_connected):
            awareness = self.session.awareness
            awareness.set_local_state({**(awareness.get_local_state() or {}), **state})
            self.session.endpoint.send_presence()
            self._sent, self._sent_connected = state, connected
        self.show_others()

    def show_others(self) -> None:
        """Outline the others' cards in the persona shown, and list them; nothing is redrawn when the people,
        their cards and those cards' places are as shown already (this runs four times a second)."""
        scene = self.window.scene
        people = self.session.people()
        marks = []
        for person in people:
            typing = person.get("typing")
            for card_id in dict.fromkeys([*person.get("selection", []), *([typing] if typing else [])]):
                box = scene.layout.cards.get(card_id)
                if box is not None:
                    rect = (box.rect.x, box.rect.y, box.rect.w, box.rect.h)
                    marks.append((rect, person["name"], person["color"], card_id == typing))
        shown = (id(scene), people, marks)
        if shown == self._shown:
            return
        self._shown = shown
        for outline in self.outlines:
            if outline.scene() is not None:
                outline.scene().removeItem(outline)
        self.outlines = [PresenceOutline(QRectF(*rect), name, color, typing) for rect, name, color, typing in marks]
        for outline in self.outlines:
            scene.addItem(outline)
        self.dock.show_people(people)

    def stop(self) -> None:
        self._watch.stop()
        self.session.awareness.unobserve(self._observer)
        for outline in self.outlines:
            if outline.scene() is not None:
                outline.scene().removeItem(outline)
        self.outlines.clear()
        if isValid(self.window) and isValid(self.dock):  # a window deleted with its map ends its session too
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()


class PeopleDock(QDockWidget):
    """The People list: each person's colour and name, and what they are doing."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(_("People"), window)
        self.setObjectName("people_dock")
        self.list = QListWidget()
        self.setWidget(self.list)

    def show_people(self, people: list[dict]) -> None:
        self.list.clear()
        for person in people:
            text = person["name"]
            if person.get("typing"):
                text = _("{name} (typing)").format(name=text)
            item = QListWidgetItem(text)  # plain text: a name is never read as markup
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(person["color"]))
            item.setIcon(QIcon(swatch))
            self.list.addItem(item)
        if not people:
            self.list.addItem(QListWidgetItem(_("No one else is here yet")))
