"""File → Deliverable Settings…: the client, author, version label, confidentiality and logo a map's
deliverables carry (format 1.1), edited as one undoable step.

They are stored in the map (``JourneyMap.deliverable``), logo included, so a map mailed to a colleague
exports the same poster, handout and workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.export.logo import LogoError, logo_bytes, logo_from_file
from app.i18n import N_, _
from app.model import Deliverable, Logo
from app.ui.commands import StepName
from app.ui.dialogs import message_box

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

#: markings a consultant picks from (any other can be typed)
CONFIDENTIALITY_CHOICES = (N_("Confidential — client use only"), N_("Internal"), N_("Draft — not for circulation"))
#: how large the logo's preview is drawn (px)
PREVIEW = 96


class DeliverableDialog(QDialog):
    """The deliverable's fields; :meth:`result_value` is what OK stores (None when everything is empty)."""

    def __init__(self, current: Deliverable | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Deliverable Settings"))
        current = current or Deliverable()
        self.logo: Logo | None = current.logo
        layout = QVBoxLayout(self)
        note = QLabel(_("Printed on the poster's title block, every handout page and the workbook's header, "
                        "footer and Overview. Saved in the map file, logo included."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.client = QLineEdit(current.client)
        self.client.setPlaceholderText(_("e.g. Stadtwerke Nord"))
        self.author = QLineEdit(current.author)
        self.author.setPlaceholderText(_("you or your consultancy"))
        self.version = QLineEdit(current.version)
        self.version.setPlaceholderText(_("e.g. v2.3, draft"))
        self.confidentiality = QComboBox()
        self.confidentiality.setEditable(True)
        self.confidentiality.addItem("")
        for choice in CONFIDENTIALITY_CHOICES:
            self.confidentiality.addItem(_(choice))
        self.confidentiality.setCurrentText(current.confidentiality)
        form.addRow(_("&Client:"), self.client)
        form.addRow(_("&Author:"), self.author)
        form.addRow(_("&Version label:"), self.version)
        form.addRow(_("C&onfidentiality:"), self.confidentiality)
        logo_row = QHBoxLayout()
        self.preview = QLabel()
        self.preview.setMinimumSize(PREVIEW, PREVIEW // 2)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        choose = QPushButton(_("C&hoose…"))
        choose.clicked.connect(self.choose_logo)
        self.remove = QPushButton(_("&Remove"))
        self.remove.clicked.connect(lambda: self.set_logo(None))
        logo_row.addWidget(self.preview, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(self.remove)
        form.addRow(_("&Logo:"), logo_row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_logo(self.logo)
        self.resize(560, self.sizeHint().height())

    def set_logo(self, logo: Logo | None) -> None:
        """Show the logo (or that there is none, or why the stored one cannot be printed)."""
        self.logo = logo
        self.remove.setEnabled(logo is not None)
        self.preview.setPixmap(QPixmap())
        if logo is None:
            self.preview.setText(_("no logo"))
            return
        try:
            data = logo_bytes(logo)
        except LogoError as error:
            self.preview.setText(str(error))
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self.preview.setPixmap(pixmap.scaled(PREVIEW * 2, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        else:  # an SVG where Qt has no SVG reader: the poster still draws it
            self.preview.setText(_("SVG logo, {size} KB").format(size=max(1, len(data) // 1024)))

    def choose_logo(self, path: str | None = None) -> bool:
        """Read a PNG or SVG file as the logo; a file that is none, or too large, is refused in words."""
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Choose a Logo"), "",
                                                        _("Logos (*.png *.svg);;All files (*)"))
            if not path:
                return False
        try:
            logo = logo_from_file(path)
        except LogoError as error:
            message_box(self, "warning", _("Logo"), _("{path} cannot be the logo: {reason}").format(
                path=path, reason=error))
            return False
        self.set_logo(logo)
        return True

    def result_value(self) -> Deliverable | None:
        """The settings as OK stores them; None when every field is empty (the map then stays 1.0)."""
        value = Deliverable(client=self.client.text().strip(), author=self.author.text().strip(),
                            version=self.version.text().strip(),
                            confidentiality=self.confidentiality.currentText().strip(), logo=self.logo)
        return None if value == Deliverable() else value


def edit_deliverable(window: MainWindow) -> bool:
    """Show the settings of the open map and store what OK says, as one undo step."""
    journey_map = window.journey_map
    dialog = DeliverableDialog(journey_map.deliverable, window)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        value = dialog.result_value()
    finally:
        dialog.deleteLater()
    if value == journey_map.deliverable:
        return False
    return window.scene.controller.set_fields("map", journey_map.id, {"deliverable": value},
                                              StepName(lambda: _("Edit deliverable settings")))

