"""A window's file life cycle: new, open, save, recent files, changes by others on disk, and recovery.

Every question it asks (save first?, overwrite theirs?, restore?) is a dialog
on the window; what it opens it hands to the window to show
(``MainWindow._attach_document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from app.i18n import _
from app.model import MapFileError
from app.model.fileformat import backup_path, read_only, save_problems
from app.model.ids import slug_id
from app.model.templates import DEFAULT_TEMPLATE, new_map
from app.ui import settings
from app.ui.dialogs import message_box
from app.ui.disk_merge import CONFLICTS, REFUSED, merge_from_disk
from app.ui.document import MapDocument

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

MAX_RECENT = 10
#: How long a watched file may be missing before it counts as moved or deleted (ms): a replace by
#: some tools (delete, then write) leaves a moment without the file.
MISSING_GRACE_MS = 300


class FileSession(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: the open file, watched for changes by someone else
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self.file_changed_on_disk)
        self._asking_reload = False
        #: the document whose path the watch follows (after Save As, after a first save)
        self._followed: MapDocument | None = None
        #: the path last told to be moved or deleted, so that it is told once
        self._told_missing: Path | None = None

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True means go on."""
        self.window.scene.commit_editing()
        if not self.window.document.is_modified:
            return True
        box = QMessageBox(self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Unsaved changes"))
        name = self.window.document.path.name if self.window.document.path else _("Untitled")
        box.setText(_("Save the changes to {name}?").format(name=name))
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
        self.window._attach_document(MapDocument(new_map(template, _("Untitled journey map"))))

    def _map_filter(self) -> str:
        return _("Journey maps (*.json);;All files (*)")

    def open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.document.path.parent) if self.window.document.path else ""
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open journey map"), start, self._map_filter())
        if path:
            self.open_file(path)

    def save_file_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.document.path or Path.home() / f"{slug_id(self.window.journey_map.title, ())}.json")
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Save journey map"), start, self._map_filter())
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
            empty = self.window.recent_menu.addAction(_("No recent files"))
            empty.setEnabled(False)

    def open_file(self, path: str | Path) -> bool:
        """Open a map; a broken file shows why (offering its backup) and leaves the open map untouched."""
        if not self.maybe_save():
            return False
        try:
            document = MapDocument.open(path)  # hashes the very bytes it parsed
        except MapFileError as exc:
            backup = backup_path(path)
            if backup.is_file() and Path(path).name and not str(path).endswith(".bak"):
                box = QMessageBox(QMessageBox.Icon.Critical, _("Cannot open the map"), str(exc),
                                  QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self.window)
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.setInformativeText(
                    _("The previous version was kept as {name}. Open it?").format(name=backup.name)
                )
                if QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Open:
                    return self.open_backup(backup)
                return False
            message_box(self.window, "critical", _("Cannot open the map"), str(exc))
            return False
        self.window._attach_document(document)
        self.add_recent(Path(path))
        return True

    def open_backup(self, backup: Path) -> bool:
        """Open NAME.json.bak as an unsaved, untitled map, so saving it never clobbers anything."""
        try:
            document = MapDocument(MapDocument.open(backup).journey_map)
        except MapFileError as exc:
            message_box(self.window, "critical", _("Cannot open the backup"), str(exc))
            return False
        self.window._attach_document(document)
        document.undo_stack.resetClean()
        return True

    def save_file(self, path: str | Path | None = None) -> bool:
        """Save to ``path`` (or the current file); on failure say why and keep the map unsaved.

        Before writing over a file that someone else changed since it was opened
        or last saved, ask: merge theirs into the map (then save it, unless the merge
        left conflicts to decide), overwrite, save as a copy, or reload theirs.
        """
        target = Path(path) if path is not None else self.window.document.path
        if target is None:
            return self.save_file_as()
        self.window.scene.commit_editing()
        gone = target == self.window.document.path and not target.exists()  # moved or deleted outside
        unmergeable = ""  # why the file on disk cannot be merged, once a merge was tried
        while not gone and target == self.window.document.path and self.window.document.changed_on_disk():
            answer = self._ask_changed_on_disk(target, unmergeable)
            if answer == "merge":
                outcome = merge_from_disk(self.window)
                if outcome.kind == CONFLICTS:
                    return False  # decide them first (the panel shows them); the map is saved when the user says
                if not outcome.merged:
                    if outcome.kind == REFUSED:
                        return False
                    unmergeable = outcome.reason
                continue  # merged: the file on disk is the one read now, unless it changed again meanwhile
            if answer == "copy":
                return self.save_file_as()
            if answer == "reload":
                self.reload_from_disk()
                return False
            if answer != "overwrite":
                return False
            break
        if read_only(target):
            answer = self._ask_read_only(target)
            if answer == "copy":
                return self.save_file_as()
            if answer != "overwrite":
                return False
        try:
            with save_problems() as problems:
                self.window.document.save(target)
        except MapFileError as exc:
            message_box(self.window, "critical", _("Cannot save the map"), str(exc))
            return False
        self._told_missing = None
        self.watch(self.window.document.path)  # a file that was moved or deleted is there again
        self.add_recent(target)
        if problems:
            message_box(self.window, "warning", _("Backup not kept"),
                        _("{name} was saved, but its backup was not kept:").format(name=target.name)
                        + "\n" + "\n".join(problems))
        self.window.statusBar().showMessage(_("Saved {path}").format(path=target), 4000)
        return True

    def _ask_changed_on_disk(self, target: Path, unmergeable: str = "") -> str | None:
        """Ask what to do about a file someone else changed since it was read or written: "merge" (unless
        ``unmergeable`` says why it cannot be), "overwrite", "copy", "reload", or None (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("File changed by someone else"),
                          _("{name} was changed on disk since you opened or saved it.").format(name=target.name),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        buttons = {}
        if unmergeable:
            box.setInformativeText(_("It cannot be merged with your map: {reason}\n\nOverwrite it with your map "
                                     "(what is on disk now is lost), or save yours as a copy?").format(
                                         reason=unmergeable))
        else:
            box.setInformativeText(_("Merge their changes into your map (both are kept; you decide where you both "
                                     "changed the same thing), overwrite it with your map (their changes are lost), "
                                     "save yours as a copy, or reload theirs (your changes are lost)?"))
            buttons["merge"] = box.addButton(_("Merge"), QMessageBox.ButtonRole.AcceptRole)
        buttons["overwrite"] = box.addButton(_("Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
        buttons["copy"] = box.addButton(_("Save as Copy…"), QMessageBox.ButtonRole.AcceptRole)
        if not unmergeable:
            buttons["reload"] = box.addButton(_("Reload"), QMessageBox.ButtonRole.ResetRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(buttons.get("merge", buttons["copy"]))
        box.exec()
        clicked = box.clickedButton()
        return next((name for name, button in buttons.items() if button is clicked), None)

    def _ask_read_only(self, target: Path) -> str | None:
        """Ask before writing over a file whose mode says read-only, as text editors do: "overwrite", "copy" or None."""
        box = QMessageBox(QMessageBox.Icon.Warning, _("Read-only file"),
                          _("{name} is read-only.").format(name=target.name),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(_("Someone may have made it read-only on purpose. Write over it anyway "
                                 "(it stays read-only), or save your map as a copy?"))
        overwrite = box.addButton(_("Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
        copy = box.addButton(_("Save as Copy…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(copy)
        box.exec()
        clicked = box.clickedButton()
        return "copy" if clicked is copy else "overwrite" if clicked is overwrite else None

    def watch(self, path: Path | None) -> None:
        """Watch ``path`` for changes by others, and follow the open document's path from now on."""
        document = self.window.document
        if document is not self._followed:  # a map the window no longer shows is blocked and deleted
            document.path_changed.connect(self._path_changed)
            self._followed = document
            self._told_missing = None
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())
        if path is not None and path.exists():
            self.watcher.addPath(str(path))

    def _path_changed(self) -> None:
        """Saved as another file (Save As, or the first save of a new map): watch that one."""
        self._told_missing = None
        self.watch(self.window.document.path)

    def file_changed_on_disk(self, _path: str) -> None:
        document = self.window.document
        # An atomic replace drops the watch: watch the new file again.
        self.watch(document.path)
        if document.path is not None and not document.path.exists():
            QTimer.singleShot(MISSING_GRACE_MS, self, self._check_missing)  # not after the window went
            return
        if self._asking_reload or not document.changed_on_disk():
            return
        if document.is_modified:
            self.window.statusBar().showMessage(
                _("{name} was changed on disk by someone else; when you save, you can merge their changes with yours.")
                .format(name=document.path.name), 10000)
            return
        self._asking_reload = True
        try:
            answer = message_box(
                self.window, "question", _("File changed on disk"),
                _("{name} was changed by someone else. Reload it?").format(name=document.path.name),
            )
        finally:
            self._asking_reload = False
        if answer == QMessageBox.StandardButton.Yes:
            self.reload_from_disk()

    def _check_missing(self) -> None:
        """The open map's file is still gone a moment later: it was moved, renamed or deleted."""
        path = self.window.document.path
        if path is None:
            return
        if path.exists():  # written again meanwhile: an ordinary change
            self.file_changed_on_disk(str(path))
            return
        if self._asking_reload or self._told_missing == path:
            return
        self._told_missing = path
        document = self.window.document
        document.undo_stack.resetClean()  # the map is now only here: closing asks to save it
        self._asking_reload = True
        try:
            box = QMessageBox(QMessageBox.Icon.Warning, _("File moved or deleted"),
                              _("{name} was moved, renamed or deleted outside the editor.").format(name=path.name),
                              QMessageBox.StandardButton.NoButton, self.window)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setInformativeText(_("Your map is still open here. Save it again at {path}, or save it "
                                     "under another name?").format(path=path))
            save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
            save_as = box.addButton(_("Save As…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(_("Not Now"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(save)
            box.exec()
            clicked = box.clickedButton()
        finally:
            self._asking_reload = False
        if clicked is save:
            self.save_file()
        elif clicked is save_as:
            self.save_file_as()
        else:
            self.window.statusBar().showMessage(
                _("{name} was moved or deleted; your map is unsaved until you save it.").format(name=path.name),
                15000)

    def reload_from_disk(self) -> bool:
        """Replace the open map with the file as it is on disk now."""
        path = self.window.document.path
        if path is None:
            return False
        persona = self.window.current_persona_id
        try:
            document = MapDocument.open(path)  # hashes the very bytes it parsed
        except MapFileError as exc:
            message_box(self.window, "critical", _("Cannot reload the map"), str(exc))
            return False
        self.window._attach_document(document)
        if persona in [p.id for p in document.journey_map.personas]:
            self.window.set_current_persona(persona)
        return True

