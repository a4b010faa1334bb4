"""The main window (first version): shows the open map's title and its personas."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from app.model import JourneyMap, MapFileError, load_map, save_map


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.journey_map: JourneyMap | None = None
        self.path: Path | None = None
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.title_label = QLabel(self.tr("No map open"), central)
        self.persona_list = QListWidget(central)
        layout.addWidget(self.title_label)
        layout.addWidget(self.persona_list)
        self.setCentralWidget(central)
        self.resize(1000, 700)
        self.setWindowTitle(self.tr("Journey Map Editor"))

    def open_file(self, path: str | Path) -> bool:
        try:
            journey_map = load_map(path)
        except MapFileError as exc:
            QMessageBox.critical(self, self.tr("Cannot open map"), str(exc))
            return False
        self.journey_map = journey_map
        self.path = Path(path)
        self.title_label.setText(journey_map.title)
        self.persona_list.clear()
        self.persona_list.addItems([p.name for p in journey_map.personas])
        self.setWindowTitle(f"{self.path.name} - {self.tr('Journey Map Editor')}")
        return True

    def save_file(self, path: str | Path) -> bool:
        if self.journey_map is None:
            return False
        try:
            save_map(self.journey_map, path)
        except MapFileError as exc:
            QMessageBox.critical(self, self.tr("Cannot save map"), str(exc))
            return False
        self.path = Path(path)
        return True
