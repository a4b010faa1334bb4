"""Text is text (issue 20, item 18): map text that looks like HTML shows as typed in every dialog, label,
tooltip and title, never as a heading with a live link."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QMessageBox, QTableWidget, QWidget

from app.model import load_map
from app.model.fileformat import map_to_bytes
from app.ui.main_window import MainWindow
from tests.conftest import SAMPLES

MARKUP = "<h1 style='color:red'>ADMIN NOTICE</h1><a href='https://example.com'>Click here</a>"


def marked(text: str) -> str:
    return f"{MARKUP} {text}"


@pytest.fixture
def markup_map(tmp_path: Path) -> Path:
    """The fitness-watch sample with markup in front of every text a user typed."""
    journey_map = load_map(SAMPLES / "fitness-watch.json")
    journey_map.title = marked(journey_map.title)
    for persona in journey_map.personas:
        persona.name = marked(persona.name)
        persona.role = marked(persona.role)
        persona.quote = marked(persona.quote)
        persona.goals = [marked(goal) for goal in persona.goals]
    for item in [*journey_map.phases, *journey_map.lanes]:
        item.name = marked(item.name)
    for card in journey_map.cards:
        card.text = marked(card.text)
        card.owner = marked(card.owner or "")
    for point in journey_map.emotions:
        point.label = marked(point.label)
    path = tmp_path / "markup.json"
    path.write_bytes(map_to_bytes(journey_map))
    return path


def shows_markup_as_html(widget: QWidget) -> str | None:
    """What of ``widget`` would render map text as HTML, if anything."""
    if isinstance(widget, QLabel) and MARKUP in widget.text() and widget.textFormat() != Qt.TextFormat.PlainText:
        return f"label {widget.objectName() or widget.text()[:40]!r}"
    if MARKUP in widget.toolTip():  # a tooltip is rich text when it looks like it: the markup must be escaped
        return f"tooltip of {type(widget).__name__}"
    return None


def item_tooltips(widget: QWidget) -> list[str]:
    """The tooltips of a table's or list's items (each shown as a tooltip label of its own)."""
    if isinstance(widget, QTableWidget):
        items = [widget.item(r, c) for r in range(widget.rowCount()) for c in range(widget.columnCount())]
    elif isinstance(widget, QListWidget):
        items = [widget.item(r) for r in range(widget.count())]
    else:
        return []
    return [item.toolTip() for item in items if item is not None]


def assert_no_markup_rendered(dialogs) -> None:
    problems = [p for w in QApplication.allWidgets() if (p := shows_markup_as_html(w))]
    problems += [f"item tooltip in {type(w).__name__}" for w in QApplication.allWidgets()
                 for tip in item_tooltips(w) if MARKUP in tip]
    problems += [f"message box {box.windowTitle()!r}" for box in dialogs.boxes
                 if MARKUP in box.text() and box.textFormat() != Qt.TextFormat.PlainText]
    assert not problems


@pytest.fixture
def window(qtbot, markup_map: Path) -> MainWindow:
    window = MainWindow(path=str(markup_map))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_map_text_with_markup_shows_as_typed_in_the_window(window: MainWindow, dialogs):
    journey_map = window.journey_map
    card = journey_map.cards_in(window.current_persona_id, journey_map.phases[0].id, journey_map.lanes[0].id)[0]
    window.scene.select_cards([card.id])
    assert MARKUP in window.inspector.card_lane_label.text()  # "Card in <phase> · <lane>"
    window.scene.clearSelection()
    window.scene.set_current_cell((journey_map.phases[0].id, journey_map.lanes[0].id))
    assert_no_markup_rendered(dialogs)


def test_every_delete_question_shows_the_names_as_typed(window: MainWindow, dialogs):
    journey_map = window.journey_map
    window.scene.set_current_cell((journey_map.phases[0].id, journey_map.lanes[0].id))
    before = journey_map.model_dump()
    for delete in (window.structure.delete_persona, window.structure.delete_phase, window.structure.delete_lane):
        dialogs.answers.append(QMessageBox.StandardButton.No)
        delete()
    assert journey_map.model_dump() == before  # every answer was No
    questions = [box for box in dialogs.boxes if box.property("message_kind") == "question"]
    assert len(questions) == 3 and all(MARKUP in box.text() for box in questions)
    assert_no_markup_rendered(dialogs)


def test_the_export_dialog_shows_the_names_as_typed(qtbot, markup_map: Path, dialogs):
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(MapDocument.open(markup_map))
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [w.item(r).text() for w in dialog.findChildren(QListWidget) for r in range(w.count())]
    assert any(MARKUP in text for text in shown)  # the personas to choose, by their names
    for kind in ("pdf", "xlsx", "png", "svg"):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.update_preview()
        assert_no_markup_rendered(dialogs)


def test_the_recovery_list_shows_titles_and_problems_as_typed_in_its_tooltips(qtbot, tmp_path: Path, dialogs):
    from app.recovery import scan_recoveries
    from app.ui.recovery_dialog import RecoveryDialog, entries_of
    from tests.test_recovery_faults import crashed_sessions

    crashed_sessions(tmp_path, [marked("Kick-off"), marked("Review")])
    dialog = RecoveryDialog(entries_of(scan_recoveries(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert sum(MARKUP in dialog.table.item(r, 0).text() for r in range(3)) == 2
    assert_no_markup_rendered(dialogs)


def test_a_fault_quoting_map_text_shows_it_as_typed_beside_the_preview(qtbot, markup_map: Path, monkeypatch,
                                                                       dialogs):
    from app.export.pdf import PosterPlanner
    from app.ui.document import MapDocument
    from app.ui.export_dialog import ExportDialog

    def broken_plan(_planner, _options):
        raise ValueError(MARKUP)

    monkeypatch.setattr(PosterPlanner, "plan", broken_plan)
    dialog = ExportDialog(MapDocument.open(markup_map))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    dialog.update_preview()
    assert MARKUP in dialog.preview_text.text()
    assert_no_markup_rendered(dialogs)
