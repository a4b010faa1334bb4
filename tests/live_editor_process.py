"""One editor process of a live-session test (tests/test_live_processes.py): joins a room, adds a card,
and plays its part of "undo is per person", on a real X server; prints a JSON report at the end.

Usage: python tests/live_editor_process.py LINK ROLE FOLDER
(ROLE: "first" undoes its own card once "second" has seen it; the two say where they are by files in FOLDER)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pycrdt import Map
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

DEADLINE_S = 30.0


def wait_until(condition, what: str, window=None) -> None:
    end = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > end:
            session = getattr(window, "live_session", None)
            state = (f" (session: {session.state} {session.reason!r}, {len(window.journey_map.cards)} cards, "
                     f"{len(session.replica.doc.get('cards', type=Map))} in the document, "
                     f"pending {session.replica.pending}, timer {session._read_timer.isActive()})"
                     if session is not None else "")
            raise SystemExit(f"timed out waiting until {what}{state}")
        QApplication.processEvents()
        QTest.qWait(20)


def main() -> int:
    link, role, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    seen, done = folder / "second-saw-the-first-card", folder / "second-saw-the-undo"
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
    wait_until(lambda: f"typed by the {other} editor" in texts(), f"the {other} editor's card arrives", window)
    if role == "first":
        wait_until(seen.exists, "the second editor has seen this editor's card")
        window.activateWindow()
        window.canvas.setFocus()
        QTest.keyClick(window.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # this platform's undo
        wait_until(lambda: "typed by the first editor" not in texts(), "the first editor's undo is made")
        # stay in the room until the other editor has seen the undo
        wait_until(done.exists, "the second editor has seen the undo")
    else:
        seen.write_text("seen", "utf-8")
        wait_until(lambda: "typed by the first editor" not in texts(), "the first editor's undo arrives")
        done.write_text("seen", "utf-8")
    report = {"role": role, "texts": texts(), "platform": QApplication.platformName(),
              "undo_steps": window.undo_stack.count()}
    from app.ui.live_dialogs import leave_session

    leave_session(window)
    print(json.dumps(report))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
