"""What the window says about the safety of the work: autosave failing or off, and autosaves that wait for a
decision. It stays in the status bar and the title for as long as it is true, so nobody runs a workshop
unprotected without knowing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton

from app.ui.dialogs import plain_tooltip

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class SafetyStatus(QObject):
    #: what the title should say changed (see :meth:`title_suffix`)
    changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: stays on screen while autosave fails
        self.autosave_warning = QLabel()
        self.autosave_warning.setObjectName("autosave-warning")
        self.autosave_warning.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the system's error and a path
        self.autosave_warning.setStyleSheet("color: #B00000; font-weight: bold;")
        self.autosave_warning.hide()
        window.statusBar().addPermanentWidget(self.autosave_warning)
        #: autosaves left for later stay in sight: a click offers them again
        self.recoveries_waiting = QPushButton()
        self.recoveries_waiting.setObjectName("recoveries-waiting")
        self.recoveries_waiting.setFlat(True)
        self.recoveries_waiting.hide()
        self.recoveries_waiting.clicked.connect(lambda: window.offer_recovery())
        window.statusBar().addPermanentWidget(self.recoveries_waiting)
        window.autosaver.error_changed.connect(self.autosave_error_changed)
        if window.autosaver.last_error:  # the data folder could not be written at start: say so from the start
            self.autosave_error_changed(window.autosaver.last_error)

    def title_suffix(self) -> str:
        """What the window title adds while autosave does not work ("" when it does)."""
        autosaver = self.window.autosaver
        if not autosaver.last_error:
            return ""
        return " — " + (self.tr("⚠ autosave off") if autosaver.off else self.tr("⚠ autosave failing"))

    def autosave_error_changed(self, error: str) -> None:
        """The warning in the status bar and the title, for as long as autosave fails."""
        autosaver = self.window.autosaver
        if error and autosaver.off:
            text = self.tr("⚠ Autosave is off: its folder cannot be written (%1). Save your map to keep "
                           "your work.").replace("%1", error)
            tip = self.tr("The autosave folder %1 cannot be written: %2").replace(
                "%1", str(autosaver.journal.folder)).replace("%2", error)
        elif error:
            text = self.tr("⚠ Autosave failed: %1. The last autosave is kept; save "
                           "your map to be safe.").replace("%1", error)
            tip = error
        else:
            text = tip = ""
        self.autosave_warning.setText(text)
        self.autosave_warning.setToolTip(plain_tooltip(tip))
        self.autosave_warning.setVisible(bool(error))
        if error and not autosaver.off:
            # a new failure (after autosave worked again) is flashed, not only left standing; short, as the
            # warning on the right takes most of the bar (autosave off from the start is said there and in the title)
            self.window.statusBar().showMessage(self.tr("⚠ Autosave failed: %1").replace("%1", error), 10000)
        self.changed.emit()

    def show_recoveries_waiting(self, count: int) -> None:
        """Autosaves left for later (or that do not read) stay in sight until they are decided."""
        self.recoveries_waiting.setText(
            self.tr("%n autosaved map(s) wait for a decision…", "", count) if count else "")
        self.recoveries_waiting.setToolTip(self.tr("Restore, open as a copy or discard the autosaves a crash left"))
        self.recoveries_waiting.setVisible(count > 0)
