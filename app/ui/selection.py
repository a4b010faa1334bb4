"""A selection change told once, however many items it touches."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QGraphicsScene


@contextmanager
def one_selection_signal(scene: QGraphicsScene) -> Iterator[None]:
    """Selection changes inside send ``selectionChanged`` once at the end, if the selection changed.

    Qt sends it for every item selected, deselected or removed while selected, and the
    window reads the whole selection each time: selecting (or undoing) a paste of
    thousands of cards cost a pass over them per card.
    """
    if scene.signalsBlocked():
        yield
        return
    before = scene.selectedItems()
    scene.blockSignals(True)
    try:
        yield
    finally:
        scene.blockSignals(False)
        after = scene.selectedItems()
        if len(after) != len(before) or set(after) != set(before):
            scene.selectionChanged.emit()
