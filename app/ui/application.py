"""Creating the QApplication in one place, so tests can bypass it and build windows directly."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app import __version__

ORGANIZATION = "JourneyMap"
APPLICATION = "JourneyMap Editor"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The application object with the names QSettings and QStandardPaths use."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def run_editor(path: str | None = None) -> int:
    """Open the editor window, on ``path`` if given, and run until it closes."""
    from app.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.show()
    if path:
        window.open_file(path)
    return app.exec()
