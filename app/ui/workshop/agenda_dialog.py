"""The workshop's agenda: a timebox per phase, started when the walk through the journey reaches that phase.

The agenda belongs to the session, like the timer: it is not part of the map file.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.i18n import _
from app.model import JourneyMap


class AgendaDialog(QDialog):
    """Minutes for each phase (0: no timebox); ``minutes()`` gives what was set."""

    def __init__(self, journey_map: JourneyMap, current: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Timebox per phase"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("When the walk through the journey reaches a phase, its timer starts by itself. "
                         "0 minutes: no timer for that phase."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        #: one spin box per phase, by phase id
        self.boxes: dict[str, QSpinBox] = {}
        for phase in journey_map.phases:
            box = QSpinBox()
            box.setRange(0, 240)
            box.setSuffix(" " + _("min"))
            box.setValue(current.get(phase.id, 0))
            form.addRow(phase.name or phase.id, box)
            self.boxes[phase.id] = box
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def minutes(self) -> dict[str, int]:
        """The phases that got a timebox, with its minutes."""
        return {phase_id: box.value() for phase_id, box in self.boxes.items() if box.value() > 0}
