"""The countdown of a workshop exercise, without Qt.

Time comes from an injected clock (``time.monotonic`` by default) so the
countdown is exact across pauses and tests can drive it with a fake clock
instead of waiting. The countdown stores the time left when it was last
started or paused and the clock reading at that moment; nothing needs to tick
for it to stay right, a display only asks :meth:`Countdown.remaining`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

#: float noise from clock arithmetic (599.9999999 or 600.0000001) must not add a shown second
_EPSILON = 1e-6


def format_remaining(seconds: float) -> str:
    """The time left as the room reads it: "mm:ss", or "h:mm:ss" from one hour.

    Rounds up to whole seconds, so "00:00" appears only when the time is really
    up and a fresh 5-minute timer shows "05:00" for its first second.
    """
    whole = max(0, math.ceil(seconds - _EPSILON))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


class Countdown:
    """A timebox: a duration, started and paused at will, extended by a minute, finished at zero."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._duration = 0.0
        #: time left at the last start, pause or change
        self._left = 0.0
        #: the clock reading at the last start while running; None while paused
        self._since: float | None = None
        self._finished = False

    # -- state --------------------------------------------------------------------------------
    def _settle(self) -> None:
        """Notice that a running countdown has reached zero: it stops there and is finished."""
        if self._since is not None and self._left - (self._clock() - self._since) <= 0:
            self._left = 0.0
            self._since = None
            self._finished = True

    @property
    def duration(self) -> float:
        """The full time set (what reset goes back to), in seconds."""
        return self._duration

    @property
    def is_set(self) -> bool:
        """A duration above zero was set: there is something to show."""
        return self._duration > 0

    @property
    def running(self) -> bool:
        self._settle()
        return self._since is not None

    @property
    def finished(self) -> bool:
        """It reached zero while running (until set, reset, add or a restart by toggle)."""
        self._settle()
        return self._finished

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        self._settle()
        if self._since is None:
            return self._left
        return max(0.0, self._left - (self._clock() - self._since))

    # -- changes ------------------------------------------------------------------------------
    def set(self, seconds: float) -> None:
        """A new duration, full and paused."""
        self._duration = max(0.0, float(seconds))
        self._left = self._duration
        self._since = None
        self._finished = False

    def start(self) -> None:
        """Run from the time left (a finished or empty countdown stays as it is: see toggle)."""
        self._settle()
        if self._since is None and self._left > 0:
            self._since = self._clock()

    def pause(self) -> None:
        """Stop with the time left kept exactly, to resume from it."""
        if self.running:
            self._left = self.remaining()
            self._since = None

    def toggle(self) -> None:
        """Start if paused, pause if running; a finished countdown restarts with its full duration."""
        if self.finished:
            self.set(self._duration)
            self.start()
        elif self.running:
            self.pause()
        else:
            self.start()

    def add(self, seconds: float) -> None:
        """More time ("+1 min"). A finished countdown comes back to life with it and runs; an unset one
        becomes a running countdown of that length, so "+1 min" alone is a quick one-minute timebox."""
        if not self.is_set:
            self.set(seconds)
            self.start()
            return
        if self.finished:
            self._finished = False
            self._left = max(0.0, float(seconds))
            self.start()
            return
        left = self.remaining()
        self._left = max(0.0, left + seconds)
        if self._since is not None:
            self._since = self._clock()

    def reset(self) -> None:
        """Back to the full duration, paused."""
        self.set(self._duration)
