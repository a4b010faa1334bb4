"""Edit → Preferences…: the editor's language, stored with QSettings and applied at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.i18n import _
from app.ui import settings
from app.ui.language import apply_language, stored_choice


class PreferencesDialog(QDialog):
    """The language choice: the system's, or one of the languages the editor speaks (named in themselves).

    OK and Apply store the choice and switch the editor's windows to it without a restart.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.language = QComboBox()
        self.language.addItem("", "")
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(self.language.findData(stored_choice()), 0))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.Apply)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.setMinimumWidth(max(420, self.sizeHint().width()))

    def choice(self) -> str:
        """The language chosen: "de", "en", or "" for the system's."""
        return self.language.currentData()

    def apply(self) -> None:
        """Store the choice and switch the editor to it now (if it is another language than the one shown)."""
        settings.write(settings.LANGUAGE, self.choice())
        language = self.choice() or i18n.system_language()
        if language != i18n.language():
            apply_language(language)

    def accept(self) -> None:
        self.apply()
        super().accept()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "note"):
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))
        self.language_label.setText(_("&Language:"))
        system = i18n.LANGUAGE_NAMES.get(i18n.system_language(), i18n.system_language())
        self.language.setItemText(0, _("System default ({language})").format(language=system))
        self.note.setText(_("The editor switches at once. Exports keep the language of each map's content."))
