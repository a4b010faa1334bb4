"""The exercise timer of workshop mode: one countdown, shown as a badge in a corner of each view.

:class:`WorkshopTimer` is the one timer of a workshop (the presentation view and the
audience window both show it); :class:`TimerBadge` draws it in the top-right corner of
a view's viewport in digits readable from the back of a room. The timer is not part of
the map file. The end state is the word "Time!" flashing, never colour alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.ui.fonts import family
from app.workshop.countdown import Countdown, format_remaining

#: how often a running timer refreshes its badges (a shown second never lags by more than this)
TICK_MS = 200
#: how often a finished badge swaps between its two looks
FLASH_MS = 500

#: the badge's digits: a share of the viewport's height, with a floor for small windows
HEIGHT_SHARE = 0.07
MIN_PIXEL_SIZE = 28

DARK = QColor(0x22, 0x22, 0x22, 230)  # #222 at 90 %
WHITE = QColor(Qt.GlobalColor.white)
VERMILLION = QColor(0xD5, 0x5E, 0x00)  # Okabe-Ito vermillion: the product's alarm colour
PAUSED_NOTE = QColor(0xDD, 0xDD, 0xDD)


class WorkshopTimer(QObject):
    """The workshop's countdown with a tick while it runs; badges follow :attr:`changed`."""

    #: every tick and every change of state (time set, started, paused, hidden…)
    changed = Signal()
    #: once, when the time is up
    finished_now = Signal()

    def __init__(self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.countdown = Countdown(clock)
        self._visible = True
        self._announced = False  # finished_now was sent for this run
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)

    # -- reading ------------------------------------------------------------------------------
    @property
    def visible(self) -> bool:
        """The badges show: a time is set and the facilitator did not hide it."""
        return self._visible and self.countdown.is_set

    @property
    def running(self) -> bool:
        return self.countdown.running

    @property
    def finished(self) -> bool:
        return self.countdown.finished

    def remaining(self) -> float:
        return self.countdown.remaining()

    # -- the tick -----------------------------------------------------------------------------
    def tick(self) -> None:
        """Refresh the badges; announce the end once. The QTimer calls it while running."""
        if self.countdown.finished and not self._announced:
            self._announced = True
            self._sync()
            self.changed.emit()
            self.finished_now.emit()
            return
        self._sync()
        self.changed.emit()

    def _sync(self) -> None:
        """The ticker runs exactly while the countdown does."""
        if self.countdown.running:
            if not self._ticker.isActive():
                self._ticker.start()
        else:
            self._ticker.stop()

    def _after_change(self) -> None:
        if not self.countdown.finished:
            self._announced = False
        self.tick()

    # -- the facilitator's controls -----------------------------------------------------------
    def set_minutes(self, minutes: float, start: bool = True) -> None:
        """A new timebox (5, 10, 15 minutes or a custom time), shown again if it was hidden."""
        self.countdown.set(minutes * 60)
        self._visible = True
        if start:
            self.countdown.start()
        self._after_change()

    def start(self) -> None:
        self.countdown.start()
        self._after_change()

    def pause(self) -> None:
        self.countdown.pause()
        self._after_change()

    def toggle(self) -> None:
        """Start or pause; after the end, run the same timebox again."""
        self.countdown.toggle()
        self._after_change()

    def add_minute(self) -> None:
        """One more minute, also after the end (it runs again)."""
        self.countdown.add(60)
        self._visible = True
        self._after_change()

    def reset(self) -> None:
        """Back to the full timebox, paused."""
        self.countdown.reset()
        self._after_change()

    def hide(self) -> None:
        """Take the badges off the views (the countdown stays as it is)."""
        self._visible = False
        self.changed.emit()

    def show(self) -> None:
        self._visible = True
        self.changed.emit()


class TimerBadge(QWidget):
    """The timer in the top-right corner of a view's viewport, above the canvas.

    A child of the viewport that follows its resizes. Clicks pass through to the
    canvas beneath: the badge is for looking at, the controls are keys and menus.
    """

    def __init__(self, timer: WorkshopTimer, viewport: QWidget) -> None:
        # A child of the scroll area, not of its viewport: a graphics view scrolls by moving the viewport's
        # children with its pixels, which would carry the badge off the screen.
        super().__init__(viewport.parentWidget() or viewport)
        self._timer = timer
        self._viewport = viewport
        self._text = ""
        self._note = ""
        self._flash_on = True
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._flasher = QTimer(self)
        self._flasher.setInterval(FLASH_MS)
        self._flasher.timeout.connect(self.flash)
        viewport.installEventFilter(self)
        timer.changed.connect(self.refresh)
        self.refresh()

    # -- what it shows ------------------------------------------------------------------------
    def text(self) -> str:
        """The big line: the time left, or "Time!" at the end."""
        return self._text

    def note(self) -> str:
        """The small line under the time: "Paused" while paused, else empty."""
        return self._note

    @property
    def flash_on(self) -> bool:
        """Which of the two end-state looks is shown: True = vermillion with white text."""
        return self._flash_on

    def pixel_size(self) -> int:
        """The digits' height: about 7 % of the viewport's height, at least 28 px."""
        return max(MIN_PIXEL_SIZE, round(self._viewport.height() * HEIGHT_SHARE))

    def _fonts(self) -> tuple[QFont, QFont]:
        big = QFont(family())
        big.setPixelSize(self.pixel_size())
        big.setBold(True)
        small = QFont(family())
        small.setPixelSize(max(14, round(self.pixel_size() * 0.38)))
        return big, small

    def _padding(self) -> float:
        return self.pixel_size() * 0.3

    def _margin(self) -> int:
        return max(8, round(self.pixel_size() * 0.25))

    # -- following the timer and the viewport -------------------------------------------------
    def refresh(self) -> None:
        """Read the timer again: text, note, flashing, size and place."""
        timer = self._timer
        if not timer.visible:
            self._flasher.stop()
            self.hide()
            return
        if timer.finished:
            self._text = _("Time!")
            self._note = ""
            if not self._flasher.isActive():
                self._flash_on = True
                self._flasher.start()
        else:
            self._flasher.stop()
            self._flash_on = True
            self._text = format_remaining(timer.remaining())
            self._note = "" if timer.running else _("Paused")
        self._place()
        self.show()
        self.raise_()
        self.update()

    def flash(self) -> None:
        """Swap the end-state look (the flasher calls it every 500 ms)."""
        self._flash_on = not self._flash_on
        self.update()

    def _place(self) -> None:
        big, small = self._fonts()
        big_metrics, small_metrics = QFontMetricsF(big), QFontMetricsF(small)
        padding = self._padding()
        # the width of "00:00" at least, so the badge does not jump as the digits change
        text_width = max(big_metrics.horizontalAdvance(self._text), big_metrics.horizontalAdvance("00:00"))
        if self._note:
            text_width = max(text_width, small_metrics.horizontalAdvance(self._note))
        height = big_metrics.height() + (small_metrics.height() if self._note else 0) + 2 * padding * 0.6
        width = text_width + 2 * padding
        width, height = round(width), round(height)
        margin = self._margin()
        area = self._viewport.geometry()  # in the view's coordinates: the badge is the view's child (see __init__)
        self.setGeometry(area.x() + area.width() - width - margin, area.y() + margin, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
            self.raise_()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    # -- drawing ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        radius = self.pixel_size() * 0.25
        if self._timer.finished:
            background, foreground = (VERMILLION, WHITE) if self._flash_on else (WHITE, VERMILLION)
            painter.setPen(QPen(VERMILLION, 3))
        else:
            background, foreground = DARK, WHITE
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(frame, radius, radius)
        big, small = self._fonts()
        big_height = QFontMetricsF(big).height()
        padding = self._padding()
        top = padding * 0.6
        painter.setPen(foreground)
        painter.setFont(big)
        painter.drawText(QRectF(0, top, self.width(), big_height), Qt.AlignmentFlag.AlignCenter, self._text)
        if self._note:
            painter.setPen(PAUSED_NOTE)
            painter.setFont(small)
            small_height = QFontMetricsF(small).height()
            painter.drawText(
                QRectF(0, top + big_height, self.width(), small_height), Qt.AlignmentFlag.AlignCenter, self._note
            )
        painter.end()
