"""The editor's language: which one it starts in, Qt's own catalogue for it, and a switch at run time.

The app's words come from ``app.i18n`` (gettext). Qt's own widgets (the buttons of
message boxes, the file and colour dialogs, "Strg" in shortcut labels) come from the
catalogues PySide6 ships (``qtbase_de.qm``), loaded here with a QTranslator on the
application. Swapping that translator makes Qt send LanguageChange to every widget,
and the editor's windows and docks read their words again (``changeEvent``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QSettings, QTranslator

from app import i18n
from app.ui import settings

#: Qt's catalogues for the editor's widgets, by file prefix (qtbase: buttons, dialogs, key names)
QT_CATALOGUES: tuple[str, ...] = ("qtbase",)

#: the QTranslators installed for the UI language now (kept alive here: Qt does not own them)
_installed: list[QTranslator] = []


def stored_choice(store: QSettings | None = None) -> str:
    """The language chosen in Preferences ("de", "en"), or "" to follow the system."""
    choice = settings.read(settings.LANGUAGE, store).strip()
    language = i18n.normalize(choice) if choice else None
    return language if language in i18n.LANGUAGES else ""


def start_language(explicit: str | None = None, store: QSettings | None = None) -> str:
    """The language the editor starts in: ``explicit`` (``--lang``), else the one chosen in Preferences,
    else the system's (``app.i18n.system_language``)."""
    for choice in (explicit, stored_choice(store)):
        language = i18n.normalize(choice) if choice else None
        if language is not None:
            return language
    return i18n.system_language()


def qt_translations_folder() -> str:
    """Where PySide6 keeps Qt's ``.qm`` catalogues."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_catalogue(language: str) -> list[str]:
    """Put Qt's own catalogues of ``language`` in place of the ones installed before; returns the ones
    loaded (none for English, the source language of Qt too). Needs the application object."""
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    loaded = []
    if language in i18n.LANGUAGES and language != i18n.SOURCE_LANGUAGE:
        for prefix in QT_CATALOGUES:
            translator = QTranslator()
            if translator.load(f"{prefix}_{language}", qt_translations_folder()):
                QCoreApplication.installTranslator(translator)
                _installed.append(translator)
                loaded.append(prefix)
    return loaded


def qt_catalogues() -> list[str]:
    """The files of Qt's catalogues installed now."""
    return [translator.filePath() for translator in _installed]


def apply_language(language: str) -> None:
    """Make ``language`` the editor's language now: the app's words, Qt's catalogue, the default locale
    (number formats of spin boxes), and every open window re-reads its words."""
    i18n.set_language(language)
    locale_name = "en_US" if language in (i18n.SOURCE_LANGUAGE, i18n.PSEUDO_LANGUAGE) else language
    QLocale.setDefault(QLocale(locale_name))
    before = len(_installed)
    install_qt_catalogue(language)
    application = QCoreApplication.instance()
    if application is None:
        return
    if not before and not _installed:
        # No Qt catalogue came or went (English to the pseudo language): Qt sent no LanguageChange.
        QCoreApplication.sendEvent(application, QEvent(QEvent.Type.LanguageChange))
    # Qt posts LanguageChange to every window: deliver it now, so the switch is done when this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
