"""One editor process of a live-session test (tests/test_live_processes.py): joins a room, adds a card,
and plays its part of "undo is per person", on a real X server; prints a JSON report at the end.

Usage: python tests/live_editor_process.py LINK ROLE   (ROLE: "first" undoes its own card, "second" watches)
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

DEADLINE_S = 30.0


def wait_until(condition, what: str) -> None:
    end = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting until {what}")
        QApplication.processEvents()
        QTest.qWait(20)


def main() -> int:
    link, role = sys.argv[1], sys.argv[2]
    other = "second" if role == "first" else "first"
    app = QApplication(sys.argv[:1])
    from app.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)  # the undo shortcut works in the active window
    window.join_session(link)
    texts = lambda: [card.text for card in window.journey_map.cards]  # noqa: E731
    window.scene.controller.add_card(window.journey_map.phases[0].id, "thoughts", f"typed by the {role} editor")
    wait_until(lambda: f"typed by the {other} editor" in texts(), f"the {other} editor's card arrives")
    if role == "first":
        window.activateWindow()
        window.canvas.setFocus()
        QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # this platform's undo
        wait_until(lambda: "typed by the first editor" not in texts(), "the first editor's undo is made")
        # stay until the other editor has seen the undo (it leaves the room then)
        wait_until(lambda: not window.live_session.people(), "the second editor leaves")
    else:
        wait_until(lambda: "typed by the first editor" not in texts(), "the first editor's undo arrives")
    report = {"role": role, "texts": texts(), "platform": QApplication.platformName(),
              "undo_steps": window.undo_stack.count()}
    from app.ui.live_dialogs import leave_session

    leave_session(window)
    print(json.dumps(report))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
