"""A window's file life cycle: new, open, save, recent files, changes by others on disk, and recovery.

Every question it asks (save first?, overwrite theirs?, restore?) is a dialog
on the window; what it opens it hands to the window to show
(``MainWindow._attach_document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject
from PySide6.QtWidgets import QMessageBox

from app.model import MapFileError
from app.model.fileformat import backup_path
from app.model.ids import slug_id
from app.model.templates import DEFAULT_TEMPLATE, new_map
from app.recovery import find_recoveries
from app.ui import settings
from app.ui.document import MapDocument
from app.ui.safety import recovery_folder

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

MAX_RECENT = 10


class FileSession(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: the open file, watched for changes by someone else
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self.file_changed_on_disk)
        self._asking_reload = False

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True means go on."""
        self.window.scene.commit_editing()
        if not self.window.document.is_modified:
            return True
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Unsaved changes"))
        name = self.window.document.path.name if self.window.document.path else self.tr("Untitled")
        box.setText(self.tr("Save the changes to %1?").replace("%1", name))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Save:
            return self.save_file()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self, template: str = DEFAULT_TEMPLATE) -> None:
        if not self.maybe_save():
            return
        self.window._attach_document(MapDocument(new_map(template, self.tr("Untitled journey map"))))

    def _map_filter(self) -> str:
        return self.tr("Journey maps (*.json);;All files (*)")

    def open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.document.path.parent) if self.window.document.path else ""
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open journey map"), start, self._map_filter())
        if path:
            self.open_file(path)

    def save_file_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.document.path or Path.home() / f"{slug_id(self.window.journey_map.title, ())}.json")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save journey map"), start, self._map_filter())
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.save_file(path)

    def recent_files(self) -> list[str]:
        return settings.read(settings.RECENT_FILES)

    def add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        files = [entry] + [f for f in self.recent_files() if f != entry]
        settings.write(settings.RECENT_FILES, files[:MAX_RECENT])

    def fill_recent_menu(self) -> None:
        self.window.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.window.recent_menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(p))
        if not files:
            empty = self.window.recent_menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)

    def open_file(self, path: str | Path) -> bool:
        """Open a map; a broken file shows why (offering its backup) and leaves the open map untouched."""
        if not self.maybe_save():
            return False
        try:
            document = MapDocument.open(path)
        except MapFileError as exc:
            backup = backup_path(path)
            if backup.is_file() and Path(path).name and not str(path).endswith(".bak"):
                box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Cannot open the map"), str(exc),
                                  QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self.window)
                box.setInformativeText(
                    self.tr("The previous version was kept as %1. Open it?").replace("%1", backup.name)
                )
                if QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Open:
                    return self.open_backup(backup)
                return False
            QMessageBox.critical(self.window, self.tr("Cannot open the map"), str(exc))
            return False
        self.window._attach_document(document)
        self.add_recent(Path(path))
        return True

    def open_backup(self, backup: Path) -> bool:
        """Open NAME.json.bak as an unsaved, untitled map, so saving it never clobbers anything."""
        try:
            document = MapDocument(MapDocument.open(backup).journey_map)
        except MapFileError as exc:
            QMessageBox.critical(self.window, self.tr("Cannot open the backup"), str(exc))
            return False
        self.window._attach_document(document)
        document.undo_stack.resetClean()
        return True

    def save_file(self, path: str | Path | None = None) -> bool:
        """Save to ``path`` (or the current file); on failure say why and keep the map unsaved.

        Before writing over a file that someone else changed since it was opened
        or last saved, ask: overwrite, save as a copy, or reload theirs.
        """
        target = Path(path) if path is not None else self.window.document.path
        if target is None:
            return self.save_file_as()
        self.window.scene.commit_editing()
        if target == self.window.document.path and self.window.document.changed_on_disk():
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("File changed by someone else"),
                              self.tr("%1 was changed on disk since you opened or saved it.").replace(
                                  "%1", target.name), QMessageBox.StandardButton.NoButton, self.window)
            box.setInformativeText(self.tr("Overwrite it with your map, save yours as a copy, or reload theirs "
                                           "(your changes are lost)?"))
            overwrite = box.addButton(self.tr("Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
            copy = box.addButton(self.tr("Save as Copy…"), QMessageBox.ButtonRole.AcceptRole)
            reload = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.ResetRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            clicked = box.clickedButton()
            if clicked is copy:
                return self.save_file_as()
            if clicked is reload:
                self.reload_from_disk()
                return False
            if clicked is not overwrite:
                return False
        try:
            self.window.document.save(target)
        except MapFileError as exc:
            QMessageBox.critical(self.window, self.tr("Cannot save the map"), str(exc))
            return False
        self.add_recent(target)
        self.window.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(target)), 4000)
        return True

    def watch(self, path: Path | None) -> None:
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if path is not None and path.exists():
            self.watcher.addPath(str(path))

    def file_changed_on_disk(self, _path: str) -> None:
        document = self.window.document
        # An atomic replace drops the watch: watch the new file again.
        self.watch(document.path)
        if self._asking_reload or not document.changed_on_disk():
            return
        if document.is_modified:
            self.window.statusBar().showMessage(
                self.tr("%1 was changed on disk by someone else; you will be asked before saving over it.")
                .replace("%1", document.path.name), 10000)
            return
        self._asking_reload = True
        try:
            answer = QMessageBox.question(
                self.window, self.tr("File changed on disk"),
                self.tr("%1 was changed by someone else. Reload it?").replace("%1", document.path.name),
            )
        finally:
            self._asking_reload = False
        if answer == QMessageBox.StandardButton.Yes:
            self.reload_from_disk()

    def reload_from_disk(self) -> bool:
        """Replace the open map with the file as it is on disk now."""
        path = self.window.document.path
        if path is None:
            return False
        persona = self.window.current_persona_id
        try:
            document = MapDocument.open(path)
        except MapFileError as exc:
            QMessageBox.critical(self.window, self.tr("Cannot reload the map"), str(exc))
            return False
        self.window._attach_document(document)
        if persona in [p.id for p in document.journey_map.personas]:
            self.window.set_current_persona(persona)
        return True

    def offer_recovery(self, folder: Path | None = None) -> int:
        """At start: offer back what a crash left; returns how many maps were restored."""
        restored = 0
        for recovery in find_recoveries(folder or recovery_folder()):
            original = str(recovery.original_path) if recovery.original_path else self.tr("a new, unsaved map")
            when = recovery.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover unsaved work"),
                              self.tr("The editor was not closed properly. Unsaved work was found:"),
                              QMessageBox.StandardButton.NoButton, self.window)
            details = self.tr("Map: %1\nFile: %2\nLast autosave: %3").replace("%1", recovery.title).replace(
                "%2", original).replace("%3", when)
            changed = recovery.original_changed()
            if changed:
                details += "\n\n" + self.tr("The file has changed on disk since then. Restoring opens the "
                                              "autosave as a separate, untitled map, so you can keep both.")
            box.setInformativeText(details)
            restore = box.addButton(self.tr("Restore as Copy") if changed else self.tr("Restore"),
                                    QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("Decide Later"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            clicked = box.clickedButton()
            if clicked is discard:
                recovery.discard()
            elif clicked is restore and self.maybe_save():
                try:
                    journey_map = recovery.journey_map()
                except MapFileError as exc:
                    QMessageBox.critical(self.window, self.tr("Cannot restore"), str(exc))
                    continue
                document = MapDocument(journey_map, None if changed else recovery.original_path)
                document.disk_hash = None if changed else recovery.base_hash
                self.window._attach_document(document)
                document.undo_stack.resetClean()
                self.window.autosaver.write_now()  # now safe in this session's journal
                recovery.discard()
                restored += 1
                self.window.statusBar().showMessage(
                    self.tr("Restored the autosave of %1. Save to keep it.").replace("%1", when), 15000)
        return restored

