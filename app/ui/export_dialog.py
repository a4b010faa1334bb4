"""File → Export: one dialog for format, paper, personas and tiling; then the export with progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.export import ExportError
from app.ui.document import MapDocument

FORMATS = {"pdf": ".pdf", "xlsx": ".xlsx", "png": ".png", "svg": ".svg"}
PAPERS = ["A0", "A1", "A2", "A3", "A4", "Letter", "Tabloid"]
TILES = ["A4", "A3", "Letter"]


@dataclass
class ExportRequest:
    kind: str
    path: Path
    paper: str = "A3"
    landscape: bool = True
    tile: str | None = None
    personas: list[str] = field(default_factory=list)
    dpi: int = 150
    open_when_done: bool = False


class ExportDialog(QDialog):
    def __init__(self, document: MapDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.document = document
        settings = QSettings()
        form = QFormLayout(self)
        self.kind = QComboBox()
        for kind, label in (("pdf", self.tr("PDF poster")), ("xlsx", self.tr("Excel workbook")),
                            ("png", self.tr("PNG image")), ("svg", self.tr("SVG image"))):
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.value("export/kind", "pdf"))))
        self.path = QLineEdit()
        self.path.setMinimumWidth(380)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.paper = QComboBox()
        self.paper.setEditable(True)  # a custom size like 1189x841mm can be typed
        self.paper.addItems(PAPERS)
        self.paper.setCurrentText(str(settings.value("export/paper", "A3")))
        self.landscape = QCheckBox(self.tr("Landscape"))
        self.landscape.setChecked(True)
        self.tile = QComboBox()
        self.tile.addItem(self.tr("No tiling: one sheet per page"), None)
        for name in TILES:
            self.tile.addItem(self.tr("Tile on %1 sheets").replace("%1", name), name)
        self.personas = QListWidget()
        for persona in document.journey_map.personas:
            item = QListWidgetItem(persona.name)
            item.setData(Qt.ItemDataRole.UserRole, persona.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.personas.addItem(item)
        self.personas.setMaximumHeight(120)
        self.dpi = QSpinBox()
        self.dpi.setRange(30, 1200)
        self.dpi.setValue(int(settings.value("export/dpi", 150)))
        self.open_when_done = QCheckBox(self.tr("Open the file when done"))
        self.open_when_done.setChecked(settings.value("export/open", "false") == "true")
        form.addRow(self.tr("Format"), self.kind)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow("", self.landscape)
        form.addRow(self.tr("Tiling"), self.tile)
        form.addRow(self.tr("Personas"), self.personas)
        form.addRow(self.tr("Resolution (dpi)"), self.dpi)
        form.addRow("", self.open_when_done)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _default_path(self) -> Path:
        kind = self.kind.currentData()
        source = self.document.path
        folder = source.parent if source else Path.home()
        stem = source.stem if source else "journey-map"
        return folder / f"{stem}{FORMATS[kind]}"

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        current = self.path.text().strip()
        self.path.setText(str(Path(current).with_suffix(FORMATS[kind])) if current else str(self._default_path()))
        for widget in (self.paper, self.landscape, self.tile):
            widget.setEnabled(kind == "pdf")
        self.dpi.setEnabled(kind == "png")
        self.personas.setEnabled(kind != "xlsx")

    def _browse(self) -> None:
        kind = self.kind.currentData()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(), f"*{FORMATS[kind]}")
        if path:
            self.path.setText(path)

    def request(self) -> ExportRequest:
        personas = [
            self.personas.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.personas.count())
            if self.personas.item(i).checkState() == Qt.CheckState.Checked
        ]
        kind = self.kind.currentData()
        path = Path(self.path.text().strip())
        if path.suffix.lower() != FORMATS[kind]:
            path = path.with_name(path.name + FORMATS[kind])
        return ExportRequest(
            kind=kind, path=path, paper=self.paper.currentText().strip() or "A3",
            landscape=self.landscape.isChecked(), tile=self.tile.currentData(), personas=personas,
            dpi=self.dpi.value(), open_when_done=self.open_when_done.isChecked(),
        )

    def _accept(self) -> None:
        request = self.request()
        if not self.path.text().strip():
            QMessageBox.warning(self, self.tr("Export"), self.tr("Choose a file to export to."))
            return
        if request.kind != "xlsx" and not request.personas:
            QMessageBox.warning(self, self.tr("Export"), self.tr("Choose at least one persona."))
            return
        settings = QSettings()
        settings.setValue("export/kind", request.kind)
        settings.setValue("export/paper", request.paper)
        settings.setValue("export/dpi", request.dpi)
        settings.setValue("export/open", "true" if request.open_when_done else "false")
        self.accept()


def run_export(parent: QWidget, document: MapDocument, request: ExportRequest) -> bool:
    """Export with a progress dialog (Cancel works between pages); errors are shown, no partial file left."""
    progress = QProgressDialog(parent.tr("Exporting…"), parent.tr("Cancel"), 0, 0, parent)
    progress.setWindowTitle(parent.tr("Export"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setValue(0)

    def step(done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    warnings: list[str] = []
    try:
        if request.kind == "pdf":
            from app.export.pdf import PdfOptions, export_pdf

            options = PdfOptions(
                paper=request.paper, landscape=request.landscape, personas=request.personas, tile=request.tile,
                source_name=document.path.name if document.path else "",
            )
            warnings = export_pdf(document.journey_map, request.path, options, step).warnings
        elif request.kind == "xlsx":
            from app.export.excel import export_excel

            step(0, 1)
            warnings = export_excel(document.journey_map, request.path).warnings
        else:
            from app.ui.image_export import export_png, export_svg

            step(0, 1)
            if request.kind == "png":
                export_png(document, request.personas, request.path, request.dpi)
            else:
                export_svg(document, request.personas, request.path)
    except ExportError as exc:
        progress.close()
        if str(exc) != "export cancelled":
            QMessageBox.critical(parent, parent.tr("Export failed"), f"{request.path}:\n{exc}")
        return False
    progress.close()
    if warnings:
        QMessageBox.warning(parent, parent.tr("Exported with warnings"), "\n".join(warnings))
    if request.open_when_done:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(request.path)))
    return True
