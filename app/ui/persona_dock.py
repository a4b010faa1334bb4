"""The persona dock: the profile of the persona whose journey is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDockWidget, QFormLayout, QLabel, QLineEdit, QScrollArea, QWidget

from app.i18n import N_, _
from app.ui.commands import StepName
from app.ui.document import MapDocument
from app.ui.forms import Binding, ColorButton, bind_color, bind_line, bind_text, text_box

if TYPE_CHECKING:
    from app.ui.controller import EditController


class PersonaDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Persona"), parent)
        self.setObjectName("persona")
        self.document: MapDocument | None = None
        #: makes the edits; without one the dock only shows
        self.controller: EditController | None = None
        self.persona_id: str | None = None
        page = QWidget()
        form = QFormLayout(page)

        one_per_line = _("one per line")
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.description = text_box(3)
        self.goals = text_box(3, one_per_line)
        self.pains = text_box(3, one_per_line)
        self.channels = text_box(2, one_per_line)
        self.criteria = text_box(2, one_per_line)
        self.quote = text_box(2)
        self.color = ColorButton(allow_none=False)
        push = self._push
        self.bindings: list[Binding] = [
            bind_line(self.name, "name", push),
            bind_line(self.role, "role", push),
            bind_text(self.description, "description", push),
            bind_text(self.goals, "goals", push, as_list=True),
            bind_text(self.pains, "pains", push, as_list=True),
            bind_text(self.channels, "channels", push, as_list=True),
            bind_text(self.criteria, "decision_criteria", push, as_list=True),
            bind_text(self.quote, "quote", push),
            bind_color(self.color, "color", push),
        ]
        #: (label, English text) of each row, read again by retranslate
        self.labels: list[tuple[QLabel, str]] = []
        for text, widget in (
            (N_("Name"), self.name),
            (N_("Role"), self.role),
            (N_("Description"), self.description),
            (N_("Goals"), self.goals),
            (N_("Pains"), self.pains),
            (N_("Channels"), self.channels),
            (N_("Decision criteria"), self.criteria),
            (N_("Quote"), self.quote),
            (N_("Colour"), self.color),
        ):
            label = QLabel(_(text))
            self.labels.append((label, text))
            form.addRow(label, widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.setWidget(scroll)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """The dock's title, labels and hints in the UI language (after a switch)."""
        self.setWindowTitle(_("Persona"))
        for label, text in self.labels:
            label.setText(_(text))
        for box in (self.goals, self.pains, self.channels, self.criteria):
            box.setPlaceholderText(_("one per line"))

    def set_document(self, document: MapDocument, controller: EditController | None = None) -> None:
        """Show ``document``'s personas; edits go to ``controller`` (the window's), so its mode decides."""
        self.document = document
        self.controller = controller
        document.persona_changed.connect(self._persona_changed)
        document.structure_changed.connect(self.refresh)

    def show_persona(self, persona_id: str | None) -> None:
        self.persona_id = persona_id
        self.refresh()

    def _persona_changed(self, persona_id: str) -> None:
        if persona_id == self.persona_id:
            self.refresh()

    def refresh(self) -> None:
        if self.document is None:
            return
        persona = next((p for p in self.document.journey_map.personas if p.id == self.persona_id), None)
        self.widget().setEnabled(persona is not None)
        if persona is None:
            return
        for binding in self.bindings:
            binding.show(getattr(persona, binding.field))

    def _push(self, field: str, value: Any) -> None:
        if self.controller is None or self.persona_id is None:
            return
        if not self.controller.set_fields(
            "persona", self.persona_id, {field: value}, StepName(lambda: _("Edit persona")),
            merge_key=f"persona:{field}"
        ):
            self.refresh()  # the value that stayed
