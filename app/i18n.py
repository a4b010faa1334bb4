"""The product's words in English and German: one gettext catalogue for the editor, the CLI and the deliverables.

Qt-free, so that the model, the layout and the exporters can use it. The source
strings in the code are English; German comes from the ``.po`` files in
``resources/locale/de/LC_MESSAGES/`` (one per area: ``editor.po``, ``dialogs.po``,
``cli.po``, ``deliverables.po``), which translators edit with any gettext tool (Poedit,
Lokalize, Weblate). Their compiled ``.mo`` twins are made by the set-up and by
the wheel build; when one is missing or older than its ``.po`` the ``.po`` is
compiled in memory with Babel, so a translation edit shows at the next start.

Two catalogues can be in use at once: the **UI language** (``_``, ``ngettext``:
menus, dialogs, CLI lines) and a deliverable's **document language**
(``catalogue(language)``, handed to the exporters), which follows the map.
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import io
import os
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: the languages the product speaks, the source language first
LANGUAGES: tuple[str, ...] = ("en", "de")
SOURCE_LANGUAGE = "en"
#: a test language: every translated string comes back wrapped in ⟦…⟧, so text built outside the
#: catalogue (an f-string around a marked word, a forgotten string) stands out on screen and on paper
PSEUDO_LANGUAGE = "pseudo"
#: the catalogue files of each language, by area of the product
AREAS: tuple[str, ...] = ("editor", "dialogs", "cli", "deliverables")
#: each language's name in itself, for the language choice
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "de": "Deutsch"}


def locale_folder() -> Traversable:
    """Where the catalogues are: ``resources/locale`` (``app.resources.locale`` when installed)."""
    from app.resource_files import resource_root

    return resource_root() / "locale"


def normalize(code: str | None) -> str | None:
    """The supported language a locale name means ("de_DE.UTF-8" → "de", "en-GB" → "en"), or None."""
    if not code:
        return None
    if code == PSEUDO_LANGUAGE:
        return code
    base = code.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    if base in ("c", "posix"):
        return SOURCE_LANGUAGE
    return base if base in LANGUAGES else None


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The UI language the environment asks for, as gettext reads it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG.

    LANGUAGE may list several ("fr:de"): the first one we speak wins. Unknown or unset: English.
    """
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        for code in value.split(":") if variable == "LANGUAGE" else [value]:
            language = normalize(code)
            if language is not None:
                return language
        if variable != "LANGUAGE":
            break  # gettext stops at the first of these that is set
    return SOURCE_LANGUAGE


class Catalogue:
    """The words of one language: gettext, ngettext (plurals by the language's rule), and dates."""

    def __init__(self, language: str, translations: _gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def gettext(self, message: str) -> str:
        text = self._translations.gettext(message)
        return f"⟦{text}⟧" if self.language == PSEUDO_LANGUAGE else text

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        text = self._translations.ngettext(singular, plural, count)
        return f"⟦{text}⟧" if self.language == PSEUDO_LANGUAGE else text

    def format_date(self, date: _dt.date) -> str:
        """A date as the language writes it: 24.11.2026, Nov 24, 2026."""
        from babel.dates import format_date

        locale = SOURCE_LANGUAGE if self.language == PSEUDO_LANGUAGE else self.language
        return format_date(date, format="medium", locale=locale)

    def format_number(self, number: int) -> str:
        """A whole number as the language writes it: 32,767 in English, 32.767 in German."""
        from babel.numbers import format_decimal

        locale = SOURCE_LANGUAGE if self.language == PSEUDO_LANGUAGE else self.language
        return format_decimal(number, locale=locale)

    def __repr__(self) -> str:
        return f"Catalogue({self.language!r})"


#: how much newer than its .mo a .po must be to be compiled again at start
MO_STALE_AFTER_S = 2.0


def _compiled(folder: Traversable, area: str) -> _gettext.GNUTranslations:
    """The area's ``.mo`` when it is current, else its ``.po`` compiled in memory."""
    po, mo = folder / f"{area}.po", folder / f"{area}.mo"
    try:
        # An installer writes the pair in either order, microseconds apart: a .mo is stale only when its
        # .po is clearly newer (a translator's edit after the last compile).
        if mo.is_file() and os.stat(mo).st_mtime >= os.stat(po).st_mtime - MO_STALE_AFTER_S:  # type: ignore[arg-type]
            with mo.open("rb") as stream:
                return _gettext.GNUTranslations(stream)
    except (OSError, TypeError):
        pass  # not a file on disk (a zipped install): compile below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@cache
def catalogue(language: str) -> Catalogue:
    """The catalogue of a supported language (English and the pseudo language need no file)."""
    if language not in (*LANGUAGES, PSEUDO_LANGUAGE):
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    translations: _gettext.NullTranslations = _gettext.NullTranslations()
    if language not in (SOURCE_LANGUAGE, PSEUDO_LANGUAGE):
        folder = locale_folder() / language / "LC_MESSAGES"
        chain: _gettext.NullTranslations | None = None
        for area in AREAS:
            if not (folder / f"{area}.po").is_file():
                continue
            loaded = _compiled(folder, area)
            if chain is None:
                chain = loaded
            else:
                chain.add_fallback(loaded)
        if chain is not None:
            translations = chain
    return Catalogue(language, translations)


_current: Catalogue = catalogue(SOURCE_LANGUAGE)


def set_language(language: str) -> Catalogue:
    """Make ``language`` the UI language (the CLI's and the editor's words)."""
    global _current
    _current = catalogue(language)
    return _current


def language() -> str:
    """The UI language now."""
    return _current.language


def current() -> Catalogue:
    return _current


def _(message: str) -> str:
    """The message in the UI language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the UI language ("1 Karte", "3 Karten")."""
    return _current.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools know)
    """Marks a message for the catalogue where it is declared; it is translated where it is shown."""
    return message


def document_language(journey_map: object, override: str | None = None) -> str:
    """The language a deliverable of the map is written in: the export's choice, else the language the
    map records for its content (``language``, format 1.1), else the UI language."""
    for choice in (override, getattr(journey_map, "language", None)):
        language = normalize(choice) if isinstance(choice, str) else None
        if language is not None:
            return language
    return _current.language
