"""Creating the QApplication in one place, so tests can bypass it and build windows directly."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from app import __version__
from app.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

ORGANIZATION = "JourneyMap"
APPLICATION = "JourneyMap Editor"


#: room for the cached pixmaps of a few screens of cards
PIXMAP_CACHE_KB = 96 * 1024

#: called with the editor's window just before it is first shown: the start-up benchmark
#: (bench/startup_probe.py) watches for its first paint through the same start as ``journeymap MAP``
window_hooks: list[Callable[[MainWindow], object]] = []


#: Qt logging switched off: font-database chatter, not problems of the user's map
QUIET_LOGGING = "qt.text.font.db=false"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The application object with the names QSettings and QStandardPaths use."""
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtGui import QPixmapCache
    from PySide6.QtWidgets import QApplication

    # Qt tells on stderr of every system font without OpenType tables it looks at for a fallback glyph
    # (forty lines for a card in Thai or Hindi); a user should see warnings only when something is wrong.
    QLoggingCategory.setFilterRules(QUIET_LOGGING)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    # Cards are cached as pixmaps at the current zoom; Qt's default 10 MB holds about 150 of
    # them, fewer than a full-HD view shows, so a repaint would render evicted cards again.
    QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
    return app


def editor_language(explicit: str | None = None) -> str:
    """The language the editor starts in: ``explicit`` (``--lang``); else one the command line set before
    (``app.i18n.set_language`` to other than the system's language); else the one chosen in Preferences;
    else the system's. Qt's own catalogue for it is installed too (needs the application object)."""
    from app import i18n
    from app.ui.language import apply_language, start_language

    if explicit is None and i18n.language() != i18n.system_language():
        explicit = i18n.language()  # set on purpose by a caller other than the command line
    language = start_language(explicit)
    apply_language(language)
    return language


#: the Qt-free modules the editor's window imports (tests/test_startup_imports.py tells when one is missing)
QT_FREE_LAYERS = ("app.model", "app.model.templates", "app.operations", "app.operations.changes", "app.layout",
                  "app.layout.palette", "app.layout.projector", "app.merge", "app.merge.diff", "app.merge.report",
                  "app.merge.resolve", "app.merge.three_way", "app.insight", "app.insight.kpi_import",
                  "app.recovery", "app.resource_files")


def import_qt_free_layers_first() -> None:
    """Import the editor's Qt-free layers (and pydantic with them) before Qt.

    Once PySide6 is imported, its feature hook (``shibokensupport.feature``) reads the source of every
    module imported after it, to look for the word "PySide6": some 150 modules of the model's and
    pydantic's, 0.09 s of the start-up (cProfile) for nothing.
    """
    for layer in QT_FREE_LAYERS:
        importlib.import_module(layer)


def run_editor(path: str | None = None, language: str | None = None, join: str | None = None) -> int:
    """Open the editor window, on ``path`` if given, and run until it closes; ``language`` is ``--lang``;
    ``join`` a live session's link to join once the window is shown."""
    # Until the window is up, start-up makes some hundred thousand objects (Qt's modules, wrappers
    # and enums, the editor's modules, the model's validators) and frees almost none: the cyclic
    # garbage collector's passes over them were a twentieth of the time to the first paint. So this
    # module imports Qt only here, after the collector is paused (``journeymap`` imports it first).
    collecting = gc.isenabled()
    gc.disable()
    try:
        import_qt_free_layers_first()
        from PySide6.QtCore import QTimer

        from app.ui.first_paint import after_first_paint
        from app.ui.main_window import MainWindow
        from app.ui.safety import install_exception_handler

        app = create_application()
        editor_language(language)
        window = MainWindow(path=path)
        install_exception_handler(lambda: _active_editor(window))
        for hook in window_hooks:
            hook(window)
        window.show()
    finally:
        if collecting:
            gc.enable()
    if join is not None:
        from app.ui.live_dialogs import join_or_tell

        QTimer.singleShot(0, lambda: join_or_tell(window, join))
    else:
        after_first_paint(window.canvas.viewport(), window.offer_recovery)
    return app.exec()


def list_recoveries() -> int:
    """``journeymap --recover``: what a crash left behind, without opening a window.

    Autosaves that do not read or validate are listed too, with what is wrong:
    they hold someone's work, and the editor offers to open what of them reads.
    """
    from PySide6.QtCore import QCoreApplication

    from app.recovery import scan_recoveries
    from app.ui.safety import recovery_folder

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    folder = recovery_folder()
    scan = scan_recoveries(folder)
    if not len(scan):
        print(_("No unsaved work to recover (looked in {folder}).").format(folder=folder))
        return 0
    for recovery in scan.found:
        changed = _("  [the original file changed since]") if recovery.original_changed() else ""
        print(_("{path}\n    {title}, autosaved {time} UTC, original: {original}{changed}").format(
            path=recovery.path, title=repr(recovery.title), time=f"{recovery.saved_at:%Y-%m-%d %H:%M:%S}",
            original=recovery.original_path or _("(never saved)"), changed=changed))
    for broken in scan.broken:
        print(_("{path}\n    {title}, autosaved {time} UTC, original: {original}\n"
                "    cannot be restored as it is: {problem}").format(
            path=broken.path, title=repr(broken.title), time=f"{broken.saved_at:%Y-%m-%d %H:%M:%S}",
            original=broken.original_path or _("(never saved)"), problem=broken.problem))
    print(_("Start the editor (journeymap) to restore, open as a copy or discard them."))
    return 0


def _active_editor(first):
    """The editor window the user works in (a restored map opens a window of its own), else the first:
    the map that an unexpected error autosaves and names is the one on screen."""
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

    active = QApplication.activeWindow()
    while active is not None and not isinstance(active, MainWindow):
        active = active.parentWidget()
    return active if active is not None else first
