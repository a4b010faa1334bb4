"""Child process of the start-up benchmark: prints when the first window has painted.

``python -m bench.startup_probe app MAP`` starts the editor as ``journeymap MAP`` does
(``app.cli.main``, which runs ``app.ui.application.run_editor``) and prints ``painted``
from the first paint of the canvas showing the map; ``python -m bench.startup_probe bare``
shows a bare QMainWindow and prints ``painted`` from its first paint. Both then quit.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1400, 900)
        _quit_on_first_paint(window)
        window.show()
        return app.exec()
    from app import cli
    from app.ui import application

    application.window_hooks.append(lambda window: _quit_on_first_paint(window.canvas.viewport()))
    return cli.main(sys.argv[2:])


def _quit_on_first_paint(widget) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                print("painted", flush=True)
                QTimer.singleShot(0, QApplication.quit)
                watched.removeEventFilter(self)
            return False

    widget._first_paint = FirstPaint(widget)  # kept alive as long as the widget
    widget.installEventFilter(widget._first_paint)


if __name__ == "__main__":
    sys.exit(main())
