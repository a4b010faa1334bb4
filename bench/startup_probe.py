"""Child process of the start-up benchmark: prints when the first window has painted.

``python -m bench.startup_probe app MAP`` starts the real editor on MAP;
``python -m bench.startup_probe bare`` shows a bare QMainWindow. Both print
``painted`` from the first paint event of what the user looks at, then quit.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                print("painted", flush=True)
                QTimer.singleShot(0, QApplication.quit)
                watched.removeEventFilter(self)
            return False

    watcher = FirstPaint()
    if sys.argv[1] == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1400, 900)
        target = window
    else:
        from app.ui.application import create_application
        from app.ui.main_window import MainWindow

        app = create_application(sys.argv[:1])
        window = MainWindow(path=sys.argv[2])
        window.resize(1400, 900)
        target = window.canvas.viewport()
    target.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
