"""Migration steps from older file formats to the current one.

Each step takes the plain JSON dict of one major version and returns the
dict of the next, with ``schema_version`` updated; :func:`migrate` runs them
in a chain before validation. Format 1.0 is the first public format, so the
chain has no steps yet; the next major adds ``MIGRATIONS[1] = _from_1_to_2``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from app.i18n import _
from app.model.schema import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: Keyed by the major version a step migrates *from*.
MIGRATIONS: dict[int, Migration] = {}


def migrate(data: dict[str, Any], path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Run every step from the file's major version up to the current one."""
    from app.model.fileformat import MapFileError  # the error type lives with the reader

    target = int(SCHEMA_VERSION.split(".")[0])
    major = int(str(data["schema_version"]).split(".")[0])
    while major < target:
        step = MIGRATIONS.get(major)
        if step is None:
            raise MapFileError(
                path,
                _("file format {version} is older than this app can convert (it reads {major}.x and converts "
                  "nothing older than that)").format(version=data["schema_version"], major=target),
            )
        data = step(dict(data))
        major = int(str(data["schema_version"]).split(".")[0])
    return data
