"""Keep the translation catalogues in step with the code (Babel), and compile them.

    .venv/bin/python scripts/catalogue.py update    # new marked strings into every language's .po files
    .venv/bin/python scripts/catalogue.py compile   # .po -> .mo (the set-up and the wheel build run this)
    .venv/bin/python scripts/catalogue.py check     # untranslated or stale entries; exit 1 if any

Strings are marked in the code with ``_()``, ``N_()`` and ``ngettext()`` (see ``app/i18n.py``). Each
message goes to the ``.po`` of the area of the code that uses it (``dialogs``: the editor's dialogs
and prompts, ``editor``: the rest of ``app/ui``; ``deliverables``: ``app/export`` and ``app/layout``;
``cli``: everything else); a message used in several areas goes to the first of editor, dialogs,
cli, deliverables. ``update AREA`` rewrites only that area's files.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
AREAS = ("editor", "dialogs", "cli", "deliverables")
#: the editor's modules whose words are in dialogs.po (the rest of app/ui is editor.po)
DIALOG_MODULES = ("recovery_dialog", "file_session", "export_dialog", "dialogs", "safety", "safety_status",
                  "image_export", "structure_flow")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def area_of(path: str) -> str:
    if path.startswith("ui/"):
        return "dialogs" if path.removeprefix("ui/").removesuffix(".py") in DIALOG_MODULES else "editor"
    if path.startswith(("export/", "layout/")):
        return "deliverables"
    return "cli"


def extracted() -> dict[str, dict[str | tuple[str, str], list[tuple[str, int]]]]:
    """The marked messages of the code, by area: {area: {message id: [(file, line), ...]}}."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "app"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.setdefault(message, []).append((filename, lineno))
    by_area: dict[str, dict] = {area: {} for area in AREAS}
    for message, places in found.items():
        areas = {area_of(filename) for filename, _line in places}
        by_area[next(area for area in AREAS if area in areas)][message] = places
    return by_area


def _empty(language: str, area: str) -> Catalog:
    return Catalog(locale=language, domain=area, project="journeymap", version="1", fuzzy=False,
                   copyright_holder="the journeymap authors", msgid_bugs_address="",
                   last_translator="journeymap team", language_team=f"{language}",
                   creation_date=datetime(2026, 11, 30, tzinfo=UTC), revision_date=datetime(2026, 11, 30, tzinfo=UTC))


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(language: str, area: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{area}.po"


def read(language: str, area: str) -> Catalog:
    path = po_path(language, area)
    if not path.exists():
        return _empty(language, area)
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain=area)


def update(only: str | None = None) -> None:
    """Add new messages (untranslated) to every language's files and drop the ones the code lost."""
    code = extracted()
    for language in languages():
        old = {area: read(language, area) for area in AREAS}
        for area in AREAS if only is None else (only,):
            new = _empty(language, area)
            new.creation_date = old[area].creation_date  # the header changes only when a translator edits it
            new.revision_date = old[area].revision_date
            new.last_translator = old[area].last_translator
            new.language_team = old[area].language_team
            for message, places in code[area].items():
                # kept where it was, or found in another area's file (the code that uses it moved)
                existing = next((c.get(message) for c in (old[area], *old.values()) if c.get(message)), None)
                empty = ("", "") if isinstance(message, tuple) else ""
                new.add(message, existing.string if existing is not None else empty,
                        locations=[(f"app/{f}", line) for f, line in places])
            with po_path(language, area).open("wb") as stream:
                write_po(stream, new, width=110, omit_header=False, sort_output=True)


def compile_all(root: Path = LOCALE) -> list[Path]:
    """Write the .mo beside every .po under ``root``; return them."""
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as stream:
            catalog = read_po(stream)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as stream:
            write_mo(stream, catalog)
        written.append(mo)
    return written


def problems() -> Iterator[str]:
    """Every message of the code without a translation, and every catalogue entry the code no longer has."""
    code = extracted()
    for language in languages():
        for area in AREAS:
            catalog = read(language, area)
            wanted = code[area]
            for message in wanted:
                entry = catalog.get(message)
                strings = entry.string if entry is not None else ""
                if entry is None or not all(strings if isinstance(strings, tuple) else [strings]):
                    where = ", ".join(f"app/{f}:{line}" for f, line in wanted[message][:2])
                    yield f"{language}/{area}.po: no translation of {message!r} ({where})"
            for entry in catalog:
                if entry.id and entry.id not in wanted:
                    yield f"{language}/{area}.po: {entry.id!r} is no longer in the code"
                if entry.id and entry.fuzzy:
                    yield f"{language}/{area}.po: {entry.id!r} is marked fuzzy (a compiled catalogue leaves it out)"
                # a translation may leave a field out, never bring one the code does not fill (a KeyError)
                known = set().union(*(_fields(i) for i in (entry.id if isinstance(entry.id, tuple) else [entry.id])))
                for string in entry.string if isinstance(entry.string, tuple) else [entry.string]:
                    if extra := _fields(string) - known:
                        yield f"{language}/{area}.po: {entry.id!r} is translated with fields it does not have: {extra}"


def _fields(text: str) -> set[str]:
    """The named str.format fields of a message ("{count}", "{name!r}"), and argparse's "%(prog)s" ones."""
    return set(re.findall(r"(?<!{){(\w+)[^{}]*}(?!})", text)) | set(re.findall(r"%\((\w+)\)", text))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update(argv[1] if len(argv) > 1 else None)
    elif command == "compile":
        for mo in compile_all():
            print(mo.relative_to(ROOT))
    elif command == "check":
        found = list(problems())
        print("\n".join(found) or "every message translated, nothing stale")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
