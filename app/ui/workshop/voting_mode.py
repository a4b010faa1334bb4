"""A dot-voting round on the canvas: clicking cards casts dots, the dots show on the cards, a banner says
whose turn it is, and the end adds the counts to the cards' votes as one undo step.

While the round runs the controller is in :class:`VotingMode`, which makes no
change to the map: clicks and keys on the canvas give and take dots instead
(``app.workshop.voting`` keeps them). Presenting keeps working beside it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QLabel, QWidget
from shiboken6 import isValid

from app.i18n import _, ngettext
from app.ui.commands import StepName
from app.ui.controller import Mode
from app.ui.fonts import family
from app.ui.items import CardItem
from app.workshop.voting import VotingRound, VotingRules

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

#: a dot: Okabe-Ito blue with a white ring, so it stands out on every lane's tint (and in grey print)
DOT_FILL = QColor("#0072B2")
#: more dots than this on one card show as one dot and a number
MAX_DOTS_DRAWN = 6
CAST_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Plus, Qt.Key.Key_Equal)
TAKE_BACK_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_Backspace, Qt.Key.Key_Delete)
NEXT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_N)


class VotingMode(Mode):
    """Nothing of the map changes while the room votes; the round's dots are kept aside until its end."""

    name = "voting"

    def refusal(self) -> str:
        return _("A voting round is on: click cards to give them dots. End the round to change the map again.")


class VoteDots(QGraphicsItem):
    """The dots a card got in this round, on its top edge: one per dot up to six, then one dot and the number."""

    def __init__(self, count: int, size: float) -> None:
        super().__init__()
        self.count = count
        self.radius = size
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1)

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.prepareGeometryChange()
            self.count = count
            self.update()

    def label(self) -> str:
        """What the dots say besides their number of circles (more than six: "×12")."""
        return f"×{self.count}" if self.count > MAX_DOTS_DRAWN else ""

    def _width(self) -> float:
        circles = 1 if self.label() else self.count
        return circles * self.radius * 2.4 + (self.radius * 2.2 * len(self.label()) * 0.6 if self.label() else 0)

    def boundingRect(self) -> QRectF:
        r = self.radius
        return QRectF(-self._width() - r, -r * 1.3, self._width() + r * 1.2, r * 2.6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        r = self.radius
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#FFFFFF"), r * 0.3))
        painter.setBrush(QBrush(DOT_FILL))
        x = -self._width()
        for _n in range(1 if self.label() else self.count):
            painter.drawEllipse(QPointF(x + r * 1.2, 0), r, r)
            x += r * 2.4
        if self.label():
            font = QFont(family())
            font.setPixelSize(max(1, round(r * 2.2)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#1A1A1A"))
            painter.drawText(QRectF(x, -r * 1.3, self._width(), r * 2.6),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.label())


class VotingBanner(QLabel):
    """The round's line at the bottom of a view: whose turn, dots left, what to press; big enough for the room."""

    def __init__(self, viewport: QWidget) -> None:
        # A child of the scroll area, above its viewport: the viewport's own children scroll with the map.
        super().__init__(viewport.parentWidget() or viewport)
        self.viewport = viewport
        #: what writes the banner's line again after a language switch (the round's session)
        self.on_language: Callable[[], object] | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.on_language is not None:
            self.on_language()
        super().changeEvent(event)

    def place(self) -> None:
        area = self.viewport.geometry()
        size = max(16, round(area.height() * 0.032))
        self.setStyleSheet(f"QLabel {{ background: rgba(0, 60, 100, 225); color: white; font-size: {size}px;"
                           f" font-weight: bold; border-radius: {size // 2}px; padding: {size // 3}px {size}px; }}")
        width = min(area.width() - 2 * size, max(area.width() // 2, self.sizeHint().width()))
        self.setFixedWidth(width)
        self.adjustSize()
        # At the bottom: the phase names at the top stay readable while the room votes.
        self.move(area.x() + (area.width() - width) // 2, area.y() + area.height() - self.height() - size // 2)
        self.raise_()


class VotingSession(QObject):
    """One round on one window: its dots, the canvas's clicks and keys, the banners."""

    def __init__(self, window: MainWindow, rules: VotingRules, closed: Callable[[], None]) -> None:
        """``closed`` is called when the round is over, before its votes are added (the mode goes back)."""
        super().__init__(window)
        self.closed = closed
        self.window = window
        self.round = VotingRound(rules)
        self._dots: dict[str, VoteDots] = {}
        self.banners: list[VotingBanner] = []
        self._scene = window.scene
        self._document = window.document
        window.scene.cancel_editing()
        window.scene.installEventFilter(self)  # clicks on cards; the window's workshop hands over the keys
        self._document.cards_changed.connect(self.refresh)
        self._document.structure_changed.connect(self.refresh)
        window.persona_tabs.persona_chosen.connect(self.refresh)
        self.add_banner(window.canvas.viewport())

    def add_banner(self, viewport: QWidget) -> VotingBanner:
        banner = VotingBanner(viewport)
        banner.on_language = self.refresh
        self.banners.append(banner)
        self.refresh()
        banner.show()
        return banner

    # --- casting ---------------------------------------------------------------------------

    def cast(self, card_id: str) -> bool:
        """One dot on a card, if it is in a lane of the round and dots are left; says why not otherwise."""
        card = self.window.scene.card(card_id)
        if card is None:
            return False
        if not self.round.can_vote(card):
            self.window.scene.message.emit(_("This card's lane is not part of the voting round."))
            return False
        done = self.round.cast(card_id)
        self.refresh()
        return done

    def take_back(self, card_id: str) -> bool:
        done = self.round.take_back(card_id)
        self.refresh()
        return done

    def next_participant(self) -> bool:
        done = self.round.next_participant()
        self.refresh()
        return done

    # --- what the room sees -------------------------------------------------------------------

    def refresh(self, *_args) -> None:
        """Dots on the shown cards as the rules allow, and the banner's line."""
        scene = self.window.scene
        counts = self.round.visible_counts()
        size = scene.style.text_size * 0.42
        for card_id in list(self._dots):
            dots = self._dots[card_id]
            if not isValid(dots):  # its card item went (another persona shown, an undo took the card away)
                del self._dots[card_id]
                continue
            item = scene.card_items.get(card_id)
            if card_id not in counts or item is None or dots.parentItem() is not item or dots.radius != size:
                if dots.scene() is not None:
                    dots.scene().removeItem(dots)
                del self._dots[card_id]
        for card_id, count in counts.items():
            item = scene.card_items.get(card_id)
            if item is None:
                continue
            dots = self._dots.get(card_id)
            if dots is None:
                dots = self._dots[card_id] = VoteDots(count, size)
                dots.setParentItem(item)
                dots.setPos(scene.style.card_width - size * 0.6, 0)
            dots.set_count(count)
        text = self.round.status_text()
        if self.round.rules.turns and not self.round.used_up and self.round.dots_left == 0:
            text += " · " + _("Enter: next participant")
        for banner in self.banners:
            banner.setText(text)
            banner.place()

    def shown_counts(self) -> dict[str, int]:
        """The dots drawn on the canvas now, by card (what the room sees)."""
        return {card_id: dots.count for card_id, dots in self._dots.items()
                if isValid(dots) and dots.scene() is not None}

    # --- the canvas's clicks and keys -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._scene:
            if kind == QEvent.Type.GraphicsSceneMousePress:
                card_id = self._card_at(event.scenePos())
                if card_id is None:
                    return False
                if event.button() == Qt.MouseButton.RightButton or \
                        event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.take_back(card_id)
                else:
                    self.cast(card_id)
                return True
            if kind == QEvent.Type.GraphicsSceneMouseDoubleClick:
                return True  # no typing into a card while the room votes
            if kind == QEvent.Type.GraphicsSceneContextMenu:
                return self._card_at(event.scenePos()) is not None  # a right-click took a dot back
            return False
        return False

    def _card_at(self, pos: QPointF) -> str | None:
        for item in self.window.scene.items(pos):
            while item is not None and not isinstance(item, CardItem):
                item = item.parentItem()
            if isinstance(item, CardItem):
                return item.card_id
        return None

    def key(self, event: QKeyEvent) -> bool:
        """Space / + give the selected card a dot, - / Backspace take one back, Enter hands over to the next
        participant; other typing is kept from opening a card."""
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        key = event.key()
        selected = self.window.scene.selected_card_ids()
        if key in CAST_KEYS and selected:
            self.cast(selected[-1])
            return True
        if key in TAKE_BACK_KEYS:
            if selected:
                self.take_back(selected[-1])
            return True
        if key in NEXT_KEYS:
            if not self.next_participant() and self.round.rules.turns:
                self.window.scene.message.emit(_("That was the last participant: end the round to see the ranking."))
            return True
        text = event.text()
        if text and text.isprintable() and key not in CAST_KEYS:
            self.window.scene.message.emit(VotingMode().refusal())
            return True
        return False

    # --- the end --------------------------------------------------------------------------------

    def finish(self, add: bool) -> bool:
        """End the round: with ``add``, the counts go into the cards' votes as one undo step."""
        window = self.window
        self.round.end()
        self.close()
        self.closed()
        change = self.round.change(window.journey_map) if add else None
        if change is None:
            return False
        count = self.round.cast_total
        return window.scene.controller.make(change, StepName(
            lambda: ngettext("Add {count} vote", "Add {count} votes", count).format(count=count)))

    def close(self) -> None:
        """Take the round off the canvas: no dots, no banners."""
        window = self.window
        if isValid(self._scene):
            self._scene.removeEventFilter(self)
        for signal, slot in ((self._document.cards_changed, self.refresh),
                             (self._document.structure_changed, self.refresh),
                             (window.persona_tabs.persona_chosen, self.refresh)):
            with contextlib.suppress(RuntimeError, TypeError):  # the document may be gone already
                signal.disconnect(slot)
        for dots in self._dots.values():
            if isValid(dots) and dots.scene() is not None:
                dots.scene().removeItem(dots)
        self._dots.clear()
        for banner in self.banners:
            banner.hide()
            banner.deleteLater()
        self.banners.clear()
