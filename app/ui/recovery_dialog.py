"""Offering back what crashed sessions left: one question, however many autosaves there are.

One restorable autosave is one message box (Restore / Discard / Decide
Later). More of them, or any that does not read or validate, are one dialog:
a list with what each is (map, file, time, what is wrong) and a choice per
entry (decide later, restore, open as a copy, discard), with buttons that
choose for all. Nothing is deleted that the user did not discard: a restored
autosave is dropped only once the new session's autosave holds it, and a
broken one stays after a copy of what reads was opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.model import JourneyMap, MapFileError
from app.recovery import BrokenRecovery, Recovery, RecoveryScan, Salvage, scan_recoveries
from app.ui.dialogs import message_box, plain_tooltip
from app.ui.document import MapDocument
from app.ui.safety import recovery_folder

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

class Choice(Enum):
    LATER = "later"
    RESTORE = "restore"
    COPY = "copy"
    DISCARD = "discard"


@dataclass
class Entry:
    """One autosave as the dialog shows it."""

    item: Recovery | BrokenRecovery
    #: the original file changed on disk since the autosave: restoring makes a copy
    changed: bool = False
    #: what of a broken autosave reads (None: nothing, or it is not broken)
    salvage: Salvage | None = None

    @property
    def broken(self) -> bool:
        return isinstance(self.item, BrokenRecovery)

    def choices(self) -> list[Choice]:
        if self.broken:
            return [Choice.LATER, Choice.COPY, Choice.DISCARD] if self.salvage else [Choice.LATER, Choice.DISCARD]
        if self.changed:
            return [Choice.LATER, Choice.COPY, Choice.DISCARD]
        return [Choice.LATER, Choice.RESTORE, Choice.COPY, Choice.DISCARD]


def entries_of(scan: RecoveryScan) -> list[Entry]:
    entries = [Entry(item, changed=item.original_changed()) for item in scan.found]
    entries += [Entry(item, salvage=item.salvage()) for item in scan.broken]
    return entries


def when(item: Recovery | BrokenRecovery) -> str:
    """The time of the autosave in local time; in UTC when local time cannot hold it (year 1 west of UTC)."""
    try:
        return item.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, ValueError, OSError):
        d = item.saved_at  # strftime's %Y writes year 1 as "1"
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d:%H:%M:%S} UTC"


def choice_text(entry: Entry, choice: Choice) -> str:
    if choice is Choice.LATER:
        return _("Decide later")
    if choice is Choice.RESTORE:
        return _("Restore")
    if choice is Choice.DISCARD:
        return _("Discard")
    if entry.broken:
        return _("Open what can be read as a copy")
    return _("Open as an untitled copy")


def state_text(entry: Entry) -> str:
    if entry.broken:
        text = _("Cannot be restored as it is: {problem}.").format(problem=entry.item.problem.rstrip("."))
        if entry.salvage is None:
            text += " " + _("Nothing of the map can be read; {button} opens where the file is.").format(
                button=show_in_folder())
        elif not entry.salvage.complete:
            text += " " + _("Part of the map can be opened as a copy.")
        return text
    if entry.changed:
        return _("The file has changed on disk since: it opens as an untitled copy, so you can keep both.")
    return _("Can be restored.")


def show_in_folder() -> str:
    """The name of the list's button that shows an autosave's folder (the state of a broken one names it)."""
    return _("Show in Folder")


def original_text(item: Recovery | BrokenRecovery) -> str:
    """The file an autosave was made from, or that it is of a map never saved."""
    return str(item.original_path) if item.original_path else _("a new, unsaved map")


def title_text(item: Recovery | BrokenRecovery) -> str:
    return item.title or _("(no title)")


class RecoveryDialog(QDialog):
    """Every autosave a crash left, in one list, with a choice for each and buttons that choose for all."""

    def __init__(self, entries: list[Entry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(len(entries), 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.combos: list[QComboBox] = []
        for row, entry in enumerate(entries):
            for column in range(4):
                self.table.setItem(row, column, QTableWidgetItem())  # table items are plain text: markup stays text
            combo = QComboBox()
            # as wide as its words, in any language (the default measures once, at the first show)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for choice in entry.choices():
                combo.addItem("", choice)
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
        #: the whole story of the selected entry: the list's cells are cut to their width
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row_buttons = QHBoxLayout()
        self.show_file_button = QPushButton()
        self.show_file_button.clicked.connect(self.show_selected_file)
        row_buttons.addWidget(self.show_file_button)
        row_buttons.addStretch(1)
        self.for_all = QLabel()
        row_buttons.addWidget(self.for_all)
        #: the buttons that choose for every entry, by what they choose
        self.all_buttons: dict[Choice, QPushButton] = {}
        for choice in (Choice.RESTORE, Choice.DISCARD, Choice.LATER):
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, c=choice: self.choose_all(c))
            row_buttons.addWidget(button)
            self.all_buttons[choice] = button
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.retranslate()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column, widest in ((0, 220), (1, 260)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        layout.addWidget(self.details)
        self.table.currentCellChanged.connect(lambda row, *_rest: self._show_details(row))
        if entries:
            self.table.selectRow(0)
            self._show_details(0)
        layout.addLayout(row_buttons)
        layout.addWidget(self.buttons)
        self.resize(1100, 460)

    def retranslate(self) -> None:
        """Every text of the list in the UI language: when it is made, and again after a language switch."""
        self.setWindowTitle(_("Recover unsaved work"))
        count = len(self.entries)
        self.intro.setText(ngettext(
            "The editor was not closed properly. {count} autosaved map was found. Choose what to do with it; "
            "what you leave at \u201c{later}\u201d is offered again at the next start, and nothing is deleted that "
            "you do not discard.",
            "The editor was not closed properly. {count} autosaved maps were found. Choose what to do with each; "
            "what you leave at \u201c{later}\u201d is offered again at the next start, and nothing is deleted that "
            "you do not discard.", count).format(count=count, later=_("Decide later")))
        self.table.setHorizontalHeaderLabels([_("Map"), _("File"), _("Last autosave"), _("State"), _("What to do")])
        for row, entry in enumerate(self.entries):
            item = entry.item
            cells = [title_text(item), original_text(item), when(item), state_text(entry)]
            for column, text in enumerate(cells):
                cell = self.table.item(row, column)
                cell.setText(text)
                cell.setToolTip(plain_tooltip(text if column != 3 else f"{text}\n{item.path}"))
            combo = self.combos[row]
            for index in range(combo.count()):
                combo.setItemText(index, choice_text(entry, combo.itemData(index)))
        self.show_file_button.setText(show_in_folder())
        self.for_all.setText(_("For all:"))
        for choice, text in ((Choice.RESTORE, _("Restore All")), (Choice.DISCARD, _("Discard All")),
                             (Choice.LATER, _("Decide All Later"))):
            self.all_buttons[choice].setText(text)
        self.apply_button.setText(_("Apply"))
        self.later_button.setText(_("Decide Later"))
        self._show_details(self.table.currentRow())
        if self.isVisible():  # the words changed length: the rows' heights follow
            self.table.resizeColumnToContents(4)
            QTimer.singleShot(0, self.table.resizeRowsToContents)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        """Rows as tall as their wrapped text at the width the columns have now: measured before the
        dialog was shown, a long "what is wrong" wrapped in a narrow column made its row taller than the list."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # after the table has laid out its columns

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            self.details.clear()
            return
        entry = self.entries[row]
        item = entry.item
        lines = [title_text(item), _("Autosave file: {path}").format(path=item.path), state_text(entry)]
        salvage = entry.salvage
        if salvage is not None and not salvage.complete:
            left = sum(salvage.left_out.values())
            if left:
                lines.append(ngettext("{count} item of the map does not read and is left out of the copy.",
                                      "{count} items of the map do not read and are left out of the copy.",
                                      left).format(count=left))
            if salvage.fields_reset:
                lines.append(_("These map fields do not read and get their defaults: {fields}").format(
                    fields=", ".join(salvage.fields_reset)))
            if salvage.lanes_made_notes:
                lines.append(_("These lanes were the emotion curve but hold cards; in the copy they are notes "
                               "lanes: {lanes}").format(lanes=", ".join(salvage.lanes_made_notes)))
        self.details.setText("\n".join(lines))

    def choose(self, row: int, choice: Choice) -> bool:
        """Choose for one entry; False when that choice is not offered for it."""
        combo = self.combos[row]
        index = combo.findData(choice)
        if index < 0:
            return False
        combo.setCurrentIndex(index)
        return True

    def choose_all(self, choice: Choice) -> None:
        """Choose for every entry; "restore" opens what cannot be restored as it is as a copy."""
        for row in range(len(self.entries)):
            if not self.choose(row, choice) and choice is Choice.RESTORE:
                self.choose(row, Choice.COPY)

    def choices(self) -> list[tuple[Entry, Choice]]:
        return [(entry, combo.currentData()) for entry, combo in zip(self.entries, self.combos, strict=True)]

    def show_selected_file(self) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in rows[:1]:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.entries[row].item.path.parent)))


# --- what the choices do ------------------------------------------------------------------------


def offer_recoveries(window: MainWindow, folder: Path | None = None) -> int:
    """Offer back what crashed sessions left in ``folder`` (the recovery folder): one question.

    Returns how many maps were restored or opened as copies; the window's
    status bar keeps showing how many autosaves still wait for a decision.
    """
    folder = folder or recovery_folder()
    scan = scan_recoveries(folder)
    entries = entries_of(scan)
    opened = 0
    if len(entries) == 1 and not entries[0].broken:
        opened = _ask_about_one(window, entries[0])
    elif entries:
        dialog = RecoveryDialog(entries, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            opened = apply_choices(window, dialog.choices())
        dialog.deleteLater()
    window.show_recoveries_waiting(len(scan_recoveries(folder)) if entries else 0)
    return opened


def _ask_about_one(window: MainWindow, entry: Entry) -> int:
    """The usual case, one autosave of one crash: a message box."""
    recovery = entry.item
    box = QMessageBox(QMessageBox.Icon.Question, _("Recover unsaved work"),
                      _("The editor was not closed properly. Unsaved work was found:"),
                      QMessageBox.StandardButton.NoButton, window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    details = _("Map: {title}\nFile: {file}\nLast autosave: {time}").format(
        title=recovery.title, file=original_text(recovery), time=when(recovery))
    if entry.changed:
        details += "\n\n" + _("The file has changed on disk since then. Restoring opens the "
                              "autosave as a separate, untitled map, so you can keep both.")
    box.setInformativeText(details)
    restore = box.addButton(_("Restore as Copy") if entry.changed else _("Restore"),
                            QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Decide Later"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is discard:
        recovery.discard()
        return 0
    if clicked is restore:
        return apply_choices(window, [(entry, Choice.COPY if entry.changed else Choice.RESTORE)])
    return 0


def apply_choices(window: MainWindow, choices: list[tuple[Entry, Choice]]) -> int:
    """Do what was chosen: the first map opened replaces the window's (asking to save that first; on
    Cancel it opens in a new window), each further one opens in a window of its own. Returns how many
    maps were opened."""
    opened = 0
    partial: list[str] = []
    target: MainWindow | None = window
    for entry, choice in choices:
        if choice is Choice.DISCARD:
            entry.item.discard()
        elif choice in (Choice.RESTORE, Choice.COPY):
            if target is None or not target.maybe_save():  # a map the user keeps open stays open
                target = _new_window(window)
            if _open(target, entry, choice):
                opened += 1
                if entry.salvage is not None and not entry.salvage.complete:
                    partial.append(entry.item.title or entry.item.path.name)
                target = None
    if partial:
        message_box(window, "information", _("Recover unsaved work"), _(
            "Part of {maps} could not be read and is not in the copy. The autosave file is kept: you can open it "
            "again at the next start, or discard it.").format(maps=", ".join(partial[:10])))
    return opened


def _new_window(window: MainWindow) -> MainWindow:
    """A further window for a further restored map (kept alive by the first window's list)."""
    from app.ui.main_window import MainWindow

    other = MainWindow()
    window.restored_windows.append(other)
    other._recovery_folder = window._recovery_folder
    other.show()
    return other


def _open(window: MainWindow, entry: Entry, choice: Choice) -> bool:
    item = entry.item
    if isinstance(item, BrokenRecovery):
        if entry.salvage is None:
            return False
        journey_map: JourneyMap = entry.salvage.journey_map
        path, disk_hash = None, None
    else:
        try:
            journey_map = item.journey_map()
        except MapFileError as exc:
            message_box(window, "critical", _("Cannot restore"), str(exc))
            return False
        copy = choice is Choice.COPY or entry.changed
        path, disk_hash = (None, None) if copy else (item.original_path, item.base_hash)
    document = MapDocument(journey_map, path)
    document.disk_hash = disk_hash
    window._attach_document(document)
    document.undo_stack.resetClean()
    window.autosaver.write_now()  # now safe in this session's journal
    kept = isinstance(item, BrokenRecovery) or window.autosaver.last_error is not None
    if not kept:
        item.discard()  # only once this session's autosave holds it
    if path is None and isinstance(item, BrokenRecovery):
        message = _("Opened what could be read of the autosave of {time} as an untitled copy; the autosave "
                    "file is kept. Save to keep the copy.")
    elif kept:
        message = _("Restored the autosave of {time}; autosave does not work now, so its file is kept. Save "
                    "to keep it.")
    else:
        message = _("Restored the autosave of {time}. Save to keep it.")
    window.statusBar().showMessage(message.format(time=when(item)), 15000)
    return True
