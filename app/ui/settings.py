"""Every setting the editor keeps between sessions, typed: key, type and default in one place.

QSettings hands back strings from some back ends (the INI files on Linux) and
Python values from others; :func:`read` turns what is stored into the declared
type, and a value that cannot be read gives the default instead of an error.
Values are stored as they always were ("true"/"false" for flags), so settings
written by earlier versions keep working.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One stored setting, known by its key."""

    key: str
    type: type = field(compare=False)
    default: T = field(compare=False)


WINDOW_GEOMETRY: Setting[QByteArray | None] = Setting("window/geometry", QByteArray, None)
WINDOW_STATE: Setting[QByteArray | None] = Setting("window/state", QByteArray, None)
RECENT_FILES: Setting[list[str]] = Setting("recent_files", list, [])
EXPORT_KIND: Setting[str] = Setting("export/kind", str, "pdf")
#: "auto" (the smallest readable paper) or a paper name or size
EXPORT_PAPER: Setting[str] = Setting("export/paper", str, "auto")
EXPORT_DPI: Setting[int] = Setting("export/dpi", int, 150)
EXPORT_OPEN: Setting[bool] = Setting("export/open", bool, False)
#: the editor's language ("de", "en"); "" follows the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
LANGUAGE: Setting[str] = Setting("ui/language", str, "")
#: the type scale of presenting: "normal", "large" or "extra_large" (app.layout.projector)
PRESENT_SCALE: Setting[str] = Setting("workshop/type_scale", str, "normal")

#: the name and colour others see in a live session ("": the login name, a colour chosen from it)
LIVE_NAME: Setting[str] = Setting("live/name", str, "")
LIVE_COLOR: Setting[str] = Setting("live/color", str, "")

ALL: tuple[Setting, ...] = (WINDOW_GEOMETRY, WINDOW_STATE, RECENT_FILES, EXPORT_KIND, EXPORT_PAPER, EXPORT_DPI,
                            EXPORT_OPEN, LANGUAGE, PRESENT_SCALE, LIVE_NAME, LIVE_COLOR)


def read(setting: Setting[T], store: QSettings | None = None) -> T:
    """The stored value as the declared type, or the default when none is stored or it does not read."""
    value: Any = (store or QSettings()).value(setting.key)
    if value is None:
        return copy(setting.default)  # a list the caller may change is its own
    kind = setting.type
    try:
        if kind is bool:
            return value if isinstance(value, bool) else str(value).strip().lower() == "true"  # type: ignore[return-value]
        if kind is int:
            return int(value)  # type: ignore[return-value]
        if kind is list:
            items = [value] if isinstance(value, str) else list(value or [])
            return [str(item) for item in items]  # type: ignore[return-value]
        if kind is str:
            return str(value)  # type: ignore[return-value]
        return value if isinstance(value, kind) else setting.default
    except (TypeError, ValueError):
        return setting.default


def write(setting: Setting[T], value: T, store: QSettings | None = None) -> None:
    stored: Any = ("true" if value else "false") if setting.type is bool else value
    (store or QSettings()).setValue(setting.key, stored)
