"""What the window says about the safety of the work: autosave failing or off, and autosaves that wait for a
decision. It stays in the status bar and the title for as long as it is true, so nobody runs a workshop
unprotected without knowing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton

from app.i18n import _, ngettext
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
        #: how many autosaves wait (shown again in the new language after a switch)
        self.waiting = 0
        # a language switch sends LanguageChange to every widget: both say their text again
        self.autosave_warning.installEventFilter(self)
        window.autosaver.error_changed.connect(self.autosave_error_changed)
        if window.autosaver.last_error:  # the data folder could not be written at start: say so from the start
            self.autosave_error_changed(window.autosaver.last_error)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.autosave_warning and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        """The warning, the waiting autosaves and the title's note again in the UI language."""
        self._show_warning(self.window.autosaver.last_error or "")
        self.show_recoveries_waiting(self.waiting)
        self.changed.emit()

    def title_suffix(self) -> str:
        """What the window title adds while autosave does not work ("" when it does)."""
        autosaver = self.window.autosaver
        if not autosaver.last_error:
            return ""
        return " — " + (_("⚠ autosave off") if autosaver.off else _("⚠ autosave failing"))

    def _show_warning(self, error: str) -> None:
        autosaver = self.window.autosaver
        if error and autosaver.off:
            text = _("⚠ Autosave is off: its folder cannot be written ({reason}). Save your map to keep "
                     "your work.").format(reason=error)
            tip = _("The autosave folder {folder} cannot be written: {reason}").format(
                folder=autosaver.journal.folder, reason=error)
        elif error:
            text = _("⚠ Autosave failed: {reason}. The last autosave is kept; save "
                     "your map to be safe.").format(reason=error)
            tip = error
        else:
            text = tip = ""
        self.autosave_warning.setText(text)
        self.autosave_warning.setToolTip(plain_tooltip(tip))
        self.autosave_warning.setVisible(bool(error))

    def autosave_error_changed(self, error: str) -> None:
        """The warning in the status bar and the title, for as long as autosave fails."""
        self._show_warning(error)
        if error and not self.window.autosaver.off:
            # a new failure (after autosave worked again) is flashed, not only left standing; short, as the
            # warning on the right takes most of the bar (autosave off from the start is said there and in the title)
            self.window.statusBar().showMessage(_("⚠ Autosave failed: {reason}").format(reason=error), 10000)
        self.changed.emit()

    def show_recoveries_waiting(self, count: int) -> None:
        """Autosaves left for later (or that do not read) stay in sight until they are decided."""
        self.waiting = count
        self.recoveries_waiting.setText(
            ngettext("{count} autosaved map waits for a decision…", "{count} autosaved maps wait for a decision…",
                     count).format(count=count) if count else "")
        self.recoveries_waiting.setToolTip(_("Restore, open as a copy or discard the autosaves a crash left"))
        self.recoveries_waiting.setVisible(count > 0)
