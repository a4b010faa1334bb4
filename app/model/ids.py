"""Short, stable, unique ids for new objects."""

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from collections.abc import Collection

_ALPHABET = string.ascii_lowercase + string.digits
_LENGTH = 6
_SPACE = len(_ALPHABET) ** _LENGTH


def new_id(prefix: str, taken: Collection[str]) -> str:
    """A random id like ``c-7k2m9q`` that is not in ``taken``."""
    while True:
        number = secrets.randbelow(_SPACE)  # one draw from the system's source, not one per character
        letters = []
        for _ in range(_LENGTH):
            number, digit = divmod(number, len(_ALPHABET))
            letters.append(_ALPHABET[digit])
        candidate = f"{prefix}-" + "".join(letters)
        if candidate not in taken:
            return candidate


def slug_id(name: str, taken: Collection[str], fallback: str = "item") -> str:
    """A readable id from a name (``Awareness`` -> ``awareness``), made unique."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or fallback
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate
