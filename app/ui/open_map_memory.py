"""The cyclic garbage collector and the map a window shows: freeze the open map, collect the previous one safely.

The open map lives as long as the window shows it: freezing its many objects keeps them
out of the collector's passes, whose pauses would otherwise grow with the map. What a
previous map left in reference cycles is collected once its scene is really deleted:
collecting while Qt still held the scene (its ``deleteLater`` pending) crashed PySide now
and then, in a Python wrapper of an item Qt was about to delete.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QTimer


def freeze_first_map() -> None:
    """The first map of a window: nothing of an earlier one to collect."""
    gc.freeze()


#: how long after another map is shown the previous one is collected: after the new map's first paint, so
#: that the collection (a fifth of a second with a 10,000-card map open elsewhere) does not delay it
COLLECT_AFTER_MS = 300


def collect_previous_map() -> None:
    """Another map replaced the window's: collect the old one's garbage, after its deletion, then freeze."""
    QTimer.singleShot(COLLECT_AFTER_MS, _collect_then_freeze)


def _collect_then_freeze() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old scene and document go first
    gc.unfreeze()
    gc.collect()
    gc.freeze()
