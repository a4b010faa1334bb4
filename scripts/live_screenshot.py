"""The README's live-session picture: two editors side by side sharing one map, on a real X server.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/live_screenshot.py docs/screenshots

Anna (left) shares the fitness-watch sample; Ben (right) joins with the link. Ben adds a card that
appears on Anna's canvas, Anna types in a card (Ben sees her orange "is typing" outline), Ben's selection
shows in blue on Anna's side, and each People list names the other.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="journeymap-live-shot-"))
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QGuiApplication

    from app.ui import live_dialogs, settings
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow

    application = create_application()  # kept: the windows need it alive
    screen = QGuiApplication.primaryScreen().availableGeometry()
    half = screen.width() // 2

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    sample = home / "fitness-watch.json"
    shutil.copy(ROOT / "sample_maps" / "fitness-watch.json", sample)
    settings.write(settings.LIVE_NAME, "Anna")
    settings.write(settings.LIVE_COLOR, "#D55E00")
    anna = MainWindow(path=sample)
    anna.setGeometry(screen.x(), screen.y(), half, screen.height())
    anna.show()
    link = anna.share_session()
    settings.write(settings.LIVE_NAME, "Ben")
    settings.write(settings.LIVE_COLOR, "#0072B2")
    ben = MainWindow()
    ben.setGeometry(screen.x() + half, screen.y(), screen.width() - half, screen.height())
    ben.show()
    ben.join_session(link)
    for window in (anna, ben):  # half a screen each: the canvas and the People list, as a facilitator would
        window.inspector.hide()
        window.persona_dock.hide()
        window.resizeDocks([window.live_session.presence.dock], [190], Qt.Orientation.Horizontal)
        window.canvas.set_zoom(0.62)
    spin(300)
    cards = [card.id for card in anna.journey_map.cards_in(anna.current_persona_id, "consideration", "touchpoints")]
    ben.scene.controller.add_card("purchase", "thoughts", "Will the strap fit my small wrist? (Ben)")
    ben.scene.select_cards([cards[0]])
    spin(600)
    anna.scene.editing.edit_card(cards[-1])
    spin(900)
    for window in (anna, ben):
        window.canvas.horizontalScrollBar().setValue(0)
        window.canvas.verticalScrollBar().setValue(0)
    spin(300)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "live-session.png"
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
    print(path)
    for window in (ben, anna):
        live_dialogs.leave_session(window)
        window.document.undo_stack.setClean()
    shutil.rmtree(home, ignore_errors=True)
    application.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
