"""Recovery under faults (issue 20, A and B): the editor starts on a full or read-only data folder and says
autosave is off; a failing autosave stays in sight; many leftovers are one question; a journal that does not
read or validate is listed with what is wrong, never hidden and never deleted unless discarded."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from app.model import load_map
from app.recovery import SUFFIX, BrokenRecovery, file_hash, scan_recoveries
from app.ui.main_window import MainWindow
from app.ui.recovery_dialog import Choice, RecoveryDialog
from app.ui.safety import install_exception_handler
from tests.conftest import ROOT
from tests.test_recovery_behaviour import journal, lane_kind_broken, sample_data

# The Qt-free side (which journals are found, what is wrong with them, what of them reads) is tested in
# tests/test_recovery_behaviour.py, where mutation testing counts it.



def crashed_sessions(folder: Path, titles: list[str]) -> None:
    """What crashed editors leave: an autosave of the sample per title (its lock names a dead process), and an
    autosave that was cut off while written."""
    from app.recovery import RecoveryJournal

    for title in titles:
        journal_ = RecoveryJournal(folder)
        crashed = load_map(ROOT / "sample_maps" / "fitness-watch.json")
        crashed.title = title
        journal_.write(crashed, None, None)
        journal_.lock.write_text("999999999")
    (folder / f"cut-off{SUFFIX}").write_text('{"format": "journey-map-recovery", "map": {"tit')

def test_journeymap_recover_lists_the_good_journal_and_what_is_wrong_with_the_bad_ones(tmp_path: Path):
    folder = Path(os.environ["XDG_DATA_HOME"]) / "JourneyMap" / "JourneyMap Editor" / "recovery"
    good = journal(folder, "1-good")
    bad = [journal(folder, f"{i}-bad", text=text) for i, text in enumerate(["[]", "null", "42"], start=2)]
    result = subprocess.run([sys.executable, "-m", "app", "--recover"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert str(good) in result.stdout and "'Map 1-good'" in result.stdout
    for path, kind in zip(bad, ["list", "null", "int"], strict=True):
        assert f"{path}\n" in result.stdout
        assert f"cannot be restored as it is: not a recovery record: the file holds a JSON {kind}" in result.stdout
        assert path.exists()


# --- the editor ----------------------------------------------------------------------------------


def unwritable_data_folder(tmp_path: Path, monkeypatch) -> Path:
    """Point the data folder under a regular file: every mkdir fails with ENOTDIR, for root too."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))
    return blocker


def test_the_editor_starts_on_an_unwritable_data_folder_and_says_autosave_is_off(qtbot, tmp_path, monkeypatch,
                                                                                 sample_path, dialogs):
    unwritable_data_folder(tmp_path, monkeypatch)
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    window.show()
    assert window.autosave_warning.isVisible()
    assert "Autosave is off" in window.autosave_warning.text() and "Not a directory" in window.autosave_warning.text()
    assert "autosave off" in window.windowTitle()
    assert window.offer_recovery() == 0  # nothing to offer, no error
    window.scene.add_card("awareness", "actions", "Still editable")
    window.autosaver.write_now()
    assert window.autosave_warning.isVisible() and window.autosaver.last_error == "Not a directory"
    # An unexpected error still tells the user, though its log cannot be written.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_exception_handler(lambda: window)
    dialogs.expect("critical", "could not be written to")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert window.save_file()  # the map itself saves where the user keeps it
    window.close()


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_the_editor_starts_on_a_full_or_read_only_disk_and_autosave_comes_back(qtbot, monkeypatch, sample_path,
                                                                               code):
    import app.recovery

    real = app.recovery.atomic_write

    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(app.recovery, "atomic_write", refuse)
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    window.show()
    assert os.strerror(code) in window.autosave_warning.text() and window.autosave_warning.isVisible()
    assert "autosave off" in window.windowTitle()
    monkeypatch.setattr(app.recovery, "atomic_write", real)  # room again
    window.scene.add_card("awareness", "actions", "Saved now")
    window.autosaver.write_now()
    assert window.autosaver.last_error is None and window.autosaver.journal.path.exists()
    assert not window.autosave_warning.isVisible() and "autosave" not in window.windowTitle()


def test_journeymap_file_starts_on_an_unwritable_data_folder(tmp_path: Path, sample_path: Path):
    """End to end: the start ``journeymap FILE`` takes, in a process of its own."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui import application\n"
        "def hook(window):\n"
        "    def report():\n"
        "        print('TITLE', window.windowTitle()); print('WARNING', window.autosave_warning.text())\n"
        "        window.close(); QApplication.quit()\n"
        "    QTimer.singleShot(200, report)\n"
        "application.window_hooks.append(hook)\n"
        "sys.exit(application.run_editor(sys.argv[1]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(blocker / "share")}
    result = subprocess.run([sys.executable, "-c", script, str(sample_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "WARNING ⚠ Autosave is off" in result.stdout and "autosave off" in result.stdout


# --- A2: a failing autosave stays in sight -----------------------------------------------------


def test_a_failing_autosave_shows_in_the_title_and_again_after_it_worked(qtbot, monkeypatch, sample_path):
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    window.show()
    journal_ = window.autosaver.journal
    real = journal_.write

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    for _round in range(2):
        monkeypatch.setattr(journal_, "write", disk_full)
        window.scene.add_card("awareness", "actions", "Note")
        window.autosaver.write_now()
        assert window.autosave_warning.isVisible() and "No space left on device" in window.autosave_warning.text()
        assert "autosave failing" in window.windowTitle()
        assert "Autosave failed" in window.statusBar().currentMessage()
        monkeypatch.setattr(journal_, "write", real)
        window.scene.add_card("awareness", "actions", "Again")
        window.autosaver.write_now()
        assert not window.autosave_warning.isVisible() and "autosave" not in window.windowTitle()
        window.statusBar().clearMessage()


# --- A3 and B5 in the editor: one question for all -----------------------------------------------


def answer_dialog(monkeypatch, dialogs, act):
    """The recovery dialog is shown once: ``act(dialog)`` chooses, and it returns Accepted or Rejected."""
    def exec_(dialog):
        dialogs.shown("dialog", dialog.windowTitle(), True)
        return act(dialog)

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)


def test_two_hundred_leftovers_are_one_dialog_and_discard_all_empties_the_folder(qtbot, monkeypatch, dialogs,
                                                                                 tmp_path):
    folder = tmp_path / "recovery"
    for i in range(200):
        journal(folder, f"{i}-old", saved_at=f"2024-05-01T10:{i // 60:02d}:{i % 60:02d}Z")
    journal(folder, "bad", text="[]")
    seen = []

    def discard_all(dialog):
        seen.append(dialog)
        assert dialog.table.rowCount() == 201 and dialog.table.item(0, 0).text() == "Map 199-old"
        assert "not a recovery record" in dialog.table.item(200, 3).text()
        dialog.choose_all(Choice.DISCARD)
        return QDialog.DialogCode.Accepted

    answer_dialog(monkeypatch, dialogs, discard_all)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.offer_recovery(folder) == 0
    assert len(seen) == 1 and len(dialogs.messages) == 1  # one question, not 201
    assert list(folder.glob(f"*{SUFFIX}")) == [] and window.recoveries_waiting.isHidden()


def test_choices_per_entry_restore_copy_discard_and_later(qtbot, monkeypatch, dialogs, tmp_path, sample_path):
    folder = tmp_path / "recovery"
    journal(folder, "1-restore", saved_at="2024-05-04T10:00:00Z", original_path=str(sample_path),
            base_hash=file_hash(sample_path), title="Restore me")
    journal(folder, "2-copy", saved_at="2024-05-03T10:00:00Z", title="Copy me")
    journal(folder, "3-discard", saved_at="2024-05-02T10:00:00Z")
    later = journal(folder, "4-later", saved_at="2024-05-01T10:00:00Z")
    lanes = journal(folder, "5-lanes", map=lane_kind_broken(), title="Lane edit")
    cut = journal(folder, "6-cut", text='{"format": "journey-map-recovery", "ma')

    def choose(dialog):
        titles = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
        assert titles[:4] == ["Restore me", "Copy me", "Map 3-discard", "Map 4-later"]  # newest first
        assert sorted(titles[4:]) == ["(no title)", "Lane edit"]  # then the broken ones
        lane_row, cut_row = titles.index("Lane edit"), titles.index("(no title)")
        assert dialog.choose(0, Choice.RESTORE) and dialog.choose(1, Choice.COPY)
        assert dialog.choose(2, Choice.DISCARD) and dialog.choose(lane_row, Choice.COPY)
        assert not dialog.choose(cut_row, Choice.COPY)  # nothing of a cut-off file reads: not offered
        assert "Cannot be restored as it is: not valid JSON" in dialog.table.item(cut_row, 3).text()
        assert "emotion curve" in dialog.table.item(lane_row, 3).text()
        dialog.table.selectRow(lane_row)  # the whole story of the selected entry, below the list
        assert "in the copy they are notes lanes: Customer actions" in dialog.details.text()
        assert "5-lanes.recovery.json" in dialog.details.text()
        dialog.table.selectRow(cut_row)
        dialog.show_file_button.click()
        return QDialog.DialogCode.Accepted

    answer_dialog(monkeypatch, dialogs, choose)
    dialogs.expect("information", "could not be read and is not in the copy")
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.offer_recovery(folder) == 3
    for other in window.restored_windows:
        qtbot.addWidget(other)
    assert ("open", cut.parent.as_uri()) in [(kind, url.toString()) for kind, url in dialogs.messages
                                             if kind == "open"]
    assert window.document.path == sample_path and window.journey_map.title == load_map(sample_path).title
    copy_window, lanes_window = window.restored_windows
    assert copy_window.document.path is None and copy_window.isWindowModified()
    assert lanes_window.document.path is None and lanes_window.journey_map.lane("actions").kind == "notes"
    left = sorted(p.name for p in folder.glob(f"*{SUFFIX}"))
    # Restored ones moved into the new windows' autosaves; the broken ones and "later" stay.
    assert left == sorted([later.name, lanes.name, cut.name])
    assert not window.recoveries_waiting.isHidden()
    assert window.recoveries_waiting.text() == "3 autosaved maps wait for a decision…"
    assert all(not w.autosaver.last_error for w in (window, *window.restored_windows))
    for other in window.restored_windows:
        other.autosaver.close()
    window.autosaver.close()


def test_decide_later_keeps_every_journal_and_offers_them_again(qtbot, monkeypatch, dialogs, tmp_path):
    folder = tmp_path / "recovery"
    journal(folder, "1-a")
    journal(folder, "2-b", text="null")
    dialogs.expect("dialog", "Recover unsaved work", times=2)  # the guard's own answer: Rejected, decide later
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.offer_recovery(folder) == 0
    assert len(list(folder.glob(f"*{SUFFIX}"))) == 2
    assert window.recoveries_waiting.isVisible() and window.recoveries_waiting.text().startswith("2 ")
    window.recoveries_waiting.click()  # offered again from the status bar
    assert [kind for kind, _text in dialogs.messages] == ["dialog", "dialog"]
    assert len(scan_recoveries(folder)) == 2


def test_a_restore_whose_new_autosave_fails_keeps_the_old_journal(qtbot, monkeypatch, dialogs, tmp_path):
    folder = tmp_path / "recovery"
    path = journal(folder, "1-only")
    window = MainWindow()
    qtbot.addWidget(window)

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(window.autosaver.journal, "write", disk_full)
    dialogs.expect("box", "Unsaved work was found")
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda box: next(b for b in box.buttons() if b.text() == "Restore"))
    assert window.offer_recovery(folder) == 1
    assert path.exists() and window.journey_map.title == sample_data()["title"]
    assert "its file is kept" in window.statusBar().currentMessage()


def test_a_title_in_the_recovery_list_and_its_messages_is_plain_text(qtbot, monkeypatch, dialogs, tmp_path):
    folder = tmp_path / "recovery"
    markup = "<h1 style='color:red'>ADMIN</h1><a href='https://example.com'>Click</a>"
    journal(folder, "1-a", title=markup, map=lane_kind_broken())
    journal(folder, "2-b", text="42")
    boxes = []

    def look(dialog):
        row = next(r for r in range(dialog.table.rowCount()) if dialog.entries[r].item.session == "1-a")
        assert dialog.table.item(row, 0).text() == markup
        dialog.table.selectRow(row)
        assert dialog.details.textFormat() == Qt.TextFormat.PlainText and dialog.details.text().startswith(markup)
        assert dialog.choose(row, Choice.COPY)
        return QDialog.DialogCode.Accepted

    def exec_box(box):
        boxes.append((box.textFormat(), box.text()))
        return QMessageBox.StandardButton.Ok.value

    answer_dialog(monkeypatch, dialogs, look)
    monkeypatch.setattr(QMessageBox, "exec", exec_box)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.offer_recovery(folder) == 1
    assert window.document.path is None and window.journey_map.lane("actions").kind == "notes"
    assert boxes == [(Qt.TextFormat.PlainText, f"Part of {markup} could not be read and is not in the copy. The "
                      "autosave file is kept: you can open it again at the next start, or discard it.")]
    assert all(isinstance(item, BrokenRecovery) for item in scan_recoveries(folder).broken)
    assert len(scan_recoveries(folder).broken) == 2  # the copy was opened; the autosave file stays


def test_a_restore_never_replaces_a_map_the_user_keeps_open(qtbot, monkeypatch, dialogs, tmp_path, sample_path):
    folder = tmp_path / "recovery"
    journal(folder, "1-only", title="Autosaved")
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    window.scene.add_card("awareness", "actions", "Unsaved here")
    dialogs.expect("box", "Unsaved work was found")
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda box: next(b for b in box.buttons() if b.text() == "Restore"))
    dialogs.expect("box", "Save the changes to fitness-watch.json?")  # answered Cancel: keep it open
    assert window.offer_recovery(folder) == 1
    (other,) = window.restored_windows
    qtbot.addWidget(other)
    assert any(card.text == "Unsaved here" for card in window.journey_map.cards) and window.isWindowModified()
    assert other.journey_map.title == sample_data()["title"] and other.isWindowModified()
    assert list(folder.glob(f"*{SUFFIX}")) == []  # moved into the new window's autosave
    assert other.autosaver.journal.path.exists()
    other.autosaver.close()


def test_the_for_all_buttons_choose_for_every_entry(qtbot, monkeypatch, dialogs, tmp_path):
    folder = tmp_path / "recovery"
    journal(folder, "1-good", saved_at="2024-05-03T10:00:00Z")
    journal(folder, "2-changed", saved_at="2024-05-02T10:00:00Z", original_path=str(tmp_path / "gone.json"),
            base_hash="0" * 64)
    journal(folder, "3-lanes", map=lane_kind_broken())
    journal(folder, "4-list", text="[]")
    picked = {}

    def press(dialog):
        buttons = {button.text(): button for button in dialog.findChildren(QPushButton)}
        for name in ("Restore All", "Discard All", "Decide All Later"):
            buttons[name].click()
            picked[name] = {entry.item.session: choice for entry, choice in dialog.choices()}
        return QDialog.DialogCode.Rejected

    answer_dialog(monkeypatch, dialogs, press)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.offer_recovery(folder) == 0
    assert picked["Restore All"] == {"1-good": Choice.RESTORE, "2-changed": Choice.COPY, "3-lanes": Choice.COPY,
                                     "4-list": Choice.LATER}  # what cannot be restored as it is: a copy
    assert set(picked["Discard All"].values()) == {Choice.DISCARD} and len(picked["Discard All"]) == 4
    assert set(picked["Decide All Later"].values()) == {Choice.LATER}
    assert len(list(folder.glob(f"*{SUFFIX}"))) == 4  # rejected: nothing done


def test_every_row_of_the_recovery_list_is_as_tall_as_its_text_once_shown(qtbot, tmp_path: Path):
    """A long "what is wrong" wraps in its column as shown, not in the narrow column it had before the dialog
    was laid out (that made a broken autosave's row taller than the list, out of sight)."""
    from app.ui.recovery_dialog import entries_of

    crashed_sessions(tmp_path, ["A", "B"])
    dialog = RecoveryDialog(entries_of(scan_recoveries(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    line = table.fontMetrics().height()
    qtbot.waitUntil(lambda: max(table.rowHeight(r) for r in range(table.rowCount())) <= 4 * line)
    assert table.rowCount() == 3
    assert sum(table.rowHeight(r) for r in range(3)) < table.viewport().height()  # every entry in sight


@pytest.mark.parametrize(("zone", "saved_at"), [("America/New_York", "0001-01-01T00:00:00Z"),
                                                ("Asia/Tokyo", "9999-12-31T23:00:00Z")])
def test_an_autosave_time_local_time_cannot_hold_is_shown_in_utc(zone, saved_at, qtbot, tmp_path: Path,
                                                                 monkeypatch):
    """Year 1 west of UTC (or 9999 east of it) has no local time: the list shows UTC instead of failing,
    so one odd journal never hides the others."""
    import time

    from app.ui.recovery_dialog import entries_of

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        journal(tmp_path, "1-odd", saved_at=saved_at)
        journal(tmp_path, "2-good")
        dialog = RecoveryDialog(entries_of(scan_recoveries(tmp_path)))
        qtbot.addWidget(dialog)
        shown = sorted(dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount()))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert len(shown) == 2
    assert saved_at[:10] + " " + saved_at[11:19] + " UTC" in shown


def test_an_unexpected_error_names_the_window_the_user_works_in(qtbot, sample_path):
    """A restored map opens a window of its own: an error there autosaves and names that map, not the first."""
    from PySide6.QtWidgets import QApplication

    from app.ui.application import _active_editor

    first, second = MainWindow(path=str(sample_path)), MainWindow()
    for window in (first, second):
        qtbot.addWidget(window)
        window.show()
    second.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second)
    assert _active_editor(first) is second
    second.inspector.setFloating(True)  # a dock of that window, floating on its own, counts as that window
    second.inspector.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second.inspector)
    assert _active_editor(first) is second
