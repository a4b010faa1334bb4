"""How high card text is on the screen while presenting (issue 16): font size and the ink of one line, in pixels.

Run on a real X server of the size to measure, e.g.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/present_text_size.py [MAP] [SCALE]

SCALE is normal (default), large or extra_large. It opens MAP (the fitness-watch sample by default),
presents it (F5), grabs the canvas and measures the first line of the first touchpoint card.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from app.ui.application import create_application
    from app.ui.main_window import MainWindow
    from app.ui.view import POINTS_TO_PIXELS

    app = create_application()
    path = argv[0] if argv else str(ROOT / "sample_maps" / "fitness-watch.json")
    window = MainWindow(path=path)
    window.show()
    QApplication.processEvents()
    window.workshop.set_scale(argv[1] if len(argv) > 1 else "normal")
    window.present_action.trigger()
    for _ in range(10):
        app.processEvents()
    scene, style = window.scene, window.scene.style
    phase = window.journey_map.phases[0].id
    lane = next(lane.id for lane in window.journey_map.lanes if lane.kind != "emotions")
    card_id = scene.layout.cell_cards[(phase, lane)][0]
    box = scene.layout.cards[card_id]
    image = window.canvas.viewport().grab().toImage()
    top = box.rect.y + style.card_padding
    start = window.canvas.mapFromScene(box.rect.x + style.card_padding, top)
    end = window.canvas.mapFromScene(box.rect.x + box.rect.w - style.card_padding,
                                     top + style.line_height(style.text_size))
    inked = [y for y in range(start.y(), end.y())
             if any(image.pixelColor(x, y).lightness() < 110 for x in range(start.x(), end.x()))]
    scale = window.canvas.zoom * POINTS_TO_PIXELS
    print(f"screen {window.width()}x{window.height()}, {len(window.journey_map.phases)} phases, "
          f"scale {window.workshop.presentation.scale}: card text {style.text_size * scale:.1f} px "
          f"(font size), line {style.line_height(style.text_size) * scale:.1f} px, "
          f"ink of {box.lines[0]!r}: {inked[-1] - inked[0] + 1 if inked else 0} px")
    window.undo_stack.setClean()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
