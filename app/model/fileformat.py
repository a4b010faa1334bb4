"""Reading and writing map files: canonical JSON, atomic saves, readable errors.

Every way a file can be wrong ends in one exception, :class:`MapFileError`,
whose message names the file, the place and the problem in words a workshop
facilitator understands.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app.i18n import N_, _, ngettext
from app.model.gc_pause import gc_paused
from app.model.migrations import migrate
from app.model.schema import (
    CARD_FIELD_VERSIONS,
    FIELD_VERSIONS,
    FORMAT_NAME,
    SCHEMA_VERSION,
    JourneyMap,
    written_version,
)

#: Files larger than this are refused before reading: no real map comes near it.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Prefix of the temporary file a save writes before it replaces the target.
TEMP_PREFIX = ".journeymap-save-"

_CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


class MapFileError(Exception):
    """A file that is not a valid journey map, or one that could not be written."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, full_problem: str | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.problem = problem
        #: the problem with every line of a long list (``problem`` shows the first ten)
        self.full_problem = problem if full_problem is None else full_problem
        where = f"{self.path}: " if self.path is not None else ""
        super().__init__(f"{where}{problem}")


# --- reading -----------------------------------------------------------------


#: Byte-order marks and, for text without one, the pattern of zero bytes that an ASCII first
#: character (every JSON text starts with one) leaves in the first four bytes. UTF-32 first:
#: its little-endian mark starts like UTF-16's.
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _other_encoding(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the bytes are text in that encoding, else None."""
    for mark, name in _OTHER_ENCODINGS:
        if data.startswith(mark):
            return name
    head = data[:4]
    if len(head) == 4 and all(byte < 0x80 for byte in head):
        zeros = tuple(byte == 0 for byte in head)
        if zeros in ((True, True, True, False), (False, True, True, True)):
            return "UTF-32"
        if zeros in ((True, False, True, False), (False, True, False, True)):
            return "UTF-16"
    return None


def _decode(path: Path, data: bytes) -> str:
    if encoding := _other_encoding(data):
        raise MapFileError(path, _("the file is {encoding} encoded; map files are UTF-8").format(encoding=encoding))
    if b"\x00" in data:
        raise MapFileError(path, _("this is a binary file, not a journey map (it contains NUL bytes)"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MapFileError(
            path,
            _("the file is not UTF-8 text (byte {byte} on line {line}); map files are UTF-8").format(
                byte=f"0x{data[exc.start]:02x}", line=line),
        ) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def _check_text(path: Path | None, text: str) -> None:
    """Refuse what is plainly not a map before parsing: merge conflicts and empty files."""
    # A plain substring test first: the regex over a whole large file is slow.
    has_marker = "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text
    marker = _CONFLICT_MARKER.search(text) if has_marker else None
    if marker:
        line = text[: marker.start()].count("\n") + 1
        raise MapFileError(
            path,
            _("the file contains a git merge conflict marker ({marker}) on line {line}; "
              "resolve the conflict (keep one side) and open it again").format(marker=marker.group(1), line=line),
        )
    if not text or text.isspace():
        raise MapFileError(path, _("the file is empty"))


def _parse_json(path: Path | None, text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        message = (_("not valid JSON at line {line}, column {column}: {reason} (the file may be cut off)")
                   if exc.pos >= len(text.rstrip()) else _("not valid JSON at line {line}, column {column}: {reason}"))
        reason = json_reason(exc.msg)
        raise MapFileError(path, message.format(line=exc.lineno, column=exc.colno, reason=reason)) from None
    except ValueError as exc:
        raise MapFileError(path, _("not valid JSON: {reason}").format(reason=exc)) from None
    except RecursionError:
        raise MapFileError(path, _("the JSON is nested too deeply to be a journey map")) from None


#: the JSON parser's reasons (its C scanner's words), marked for the catalogue
_JSON_REASONS = frozenset({
    N_("Expecting value"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Invalid \\uXXXX escape"),
    N_("Extra data"),
})


def json_reason(reason: str) -> str:
    """The JSON parser's reason in the UI language ("Expecting value" → "Wert erwartet")."""
    return _(reason) if reason in _JSON_REASONS else reason


def _field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or _("(top level)")


#: How many problems an error message lists before "... and N more problems".
SHOWN_PROBLEMS = 10


def problem_list(lines: list[str], shown: int | None = SHOWN_PROBLEMS) -> str:
    """The lines joined for a message: the first ``shown`` and "... and N more problems" (None: all)."""
    if shown is not None and len(lines) > shown:
        more = len(lines) - shown
        lines = [*lines[:shown], ngettext("... and {count} more problem", "... and {count} more problems",
                                          more).format(count=more)]
    return "\n  ".join(lines)


#: pydantic's explanations of the errors a map file can have, by error type: the English is pydantic's own
#: (so English output is unchanged), the catalogue translates it; other types keep pydantic's words
_PYDANTIC_MESSAGES = {
    "string_type": N_("Input should be a valid string"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime, {error}"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, {error}"),
    "timezone_aware": N_("Input should have timezone info"),
}


def _length_limit(kind: str, context: dict[str, Any]) -> str:
    """pydantic's length limits, whose English words have a plural "s" of their own."""
    if kind == "string_too_short":
        count = int(context["min_length"])
        text = ngettext("String should have at least {min_length} character",
                        "String should have at least {min_length} characters", count)
    else:
        count = int(context["max_length"])
        text = ngettext("String should have at most {max_length} character",
                        "String should have at most {max_length} characters", count)
    return text.format(**context)


def _choices(expected: str) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") with "or" in the UI language."""
    parts = re.split(r", | or ", expected)
    if len(parts) < 2:
        return expected
    return _("{choices} or {last}").format(choices=", ".join(parts[:-1]), last=parts[-1])


def explanation(item: Any) -> str:
    """One validation error's explanation in the UI language."""
    kind, context = item["type"], item.get("ctx") or {}
    try:
        if kind in _PYDANTIC_MESSAGES:
            return _(_PYDANTIC_MESSAGES[kind]).format(**context)
        if kind in ("string_too_short", "string_too_long"):
            return _length_limit(kind, context)
        if kind == "literal_error":
            return _("Input should be {expected}").format(expected=_choices(str(context["expected"])))
    except (KeyError, ValueError, IndexError):
        pass  # a context this table does not expect: pydantic's words
    return item["msg"]


def _validation_lines(error: ValidationError) -> list[str]:
    """Every problem of a failed validation, one readable line each."""
    lines: list[str] = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if item["type"] == "value_error" and not loc:
            # Cross-reference rules already carry their own field paths.
            message = item["msg"].removeprefix("Value error, ")
            lines.extend(message.split("; "))
            continue
        if item["type"] == "missing":
            message = _("this field is required but missing")
        elif "input" in item:
            shown = repr(item["input"])
            if len(shown) > 60:
                shown = shown[:57] + "..."
            message = _("{explanation} (found {value})").format(explanation=explanation(item), value=shown)
        else:
            message = explanation(item)
        lines.append(_("{field}: {explanation}").format(field=_field_path(loc), explanation=message))
    return lines


#: a file format version as this app reads it: ASCII digits, few enough for int()
PLAIN_VERSION = r"[0-9]{1,6}\.[0-9]{1,6}"


def _version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")
    return int(major), int(minor)


def map_from_data(data: Any, path: str | os.PathLike[str] | None = None) -> JourneyMap:
    """Validate parsed JSON (migrating older versions) into a map, or raise MapFileError."""
    if not isinstance(data, dict):
        raise MapFileError(path, _("not a journey map: the file holds a JSON {type}, not an object").format(
            type=json_kind(data)))
    if data.get("format") != FORMAT_NAME:
        raise MapFileError(path, _('not a journey map: "format" must be "{name}"').format(name=FORMAT_NAME))
    version = data.get("schema_version")
    if not isinstance(version, str) or not re.fullmatch(PLAIN_VERSION, version):
        found = repr(version) if len(repr(version)) <= 40 else repr(version)[:40] + "…"
        raise MapFileError(path, _('"schema_version" must look like "1.0" (found {value})').format(value=found))
    ours = _version_tuple(SCHEMA_VERSION)
    theirs = _version_tuple(version)
    if theirs[0] > ours[0]:
        raise MapFileError(
            path,
            _("this map needs a newer version of the app: it is file format {version}, "
              "this app reads up to {major}.x").format(version=version, major=ours[0]),
        )
    if theirs[0] < ours[0]:
        data = migrate(data, path)
    try:
        journey_map = JourneyMap.model_validate(data)
    except ValidationError as exc:
        lines = _validation_lines(exc)
        invalid = _("not a valid journey map:\n  {problems}")
        raise MapFileError(path, invalid.format(problems=problem_list(lines)),
                           invalid.format(problems=problem_list(lines, None))) from None
    except RecursionError:
        raise MapFileError(path, _("the JSON is nested too deeply to be a journey map")) from None
    except OverflowError:
        raise MapFileError(path, _out_of_range_date(data)) from None
    _check_unknown_fields(journey_map, path)
    return journey_map


#: the kind of JSON value a file holds instead of an object, by its Python type (the English words are the
#: Python names that messages have always shown)
JSON_KINDS = {"list": N_("list"), "str": N_("str"), "int": N_("int"), "float": N_("float"), "bool": N_("bool"),
              "NoneType": N_("null")}


def json_kind(value: Any) -> str:
    """The kind of a JSON value in the UI language ("list", "null"; German "Liste", "null")."""
    name = type(value).__name__
    return _(JSON_KINDS[name]) if name in JSON_KINDS else name


def _out_of_range_date(data: dict[str, Any]) -> str:
    """Name the time that cannot be converted to UTC (a year-9999 time west of Greenwich, or year 1 east)."""
    from datetime import UTC, datetime

    for name in ("created", "modified"):
        value = data.get(name)
        try:
            if isinstance(value, str):
                datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
        except OverflowError:
            return _("{field}: the time {value} is out of range (in UTC it falls before the year 1 or after "
                     "9999)").format(field=name, value=repr(value))
        except ValueError:
            continue
    return _("a time in the map is out of range (in UTC it falls before the year 1 or after 9999)")


#: Deepest nesting of an unknown field's value that is kept: the writer (pydantic) stops at 255
#: levels counted from the map, and an unknown field sits up to 3 levels down (map, list, item).
MAX_UNKNOWN_NESTING = 200


def _field_name(name: str) -> str:
    """An unknown field's name for a one-line message: control characters and lone surrogates escaped."""
    return name if name.isprintable() else json.dumps(name)[1:-1]


def _writable_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which JSON escapes allow in a file
        return False
    return True


def _check_unknown_fields(journey_map: JourneyMap, path: str | os.PathLike[str] | None) -> None:
    """Refuse unknown fields that could not be written back exactly.

    The format keeps fields it does not know and writes them back on save; a
    value nested deeper than the writer goes, a number too large for a float
    (``1e999``, which reads as infinity and would be written as null), or a key
    with a lone surrogate (which the writer cannot encode) would make the file
    unsavable or change it, so the file is refused at open.
    """
    found: list[tuple[str, str, Any]] = []
    if journey_map.__pydantic_extra__:
        found.extend(("", name, value) for name, value in journey_map.__pydantic_extra__.items())
    for group in ("phases", "lanes", "personas", "cards", "emotions"):
        for index, item in enumerate(getattr(journey_map, group)):
            if item.__pydantic_extra__:
                found.extend((f"{group}[{index}].", name, value) for name, value in item.__pydantic_extra__.items())
    for where, key, value in found:
        name = where + _field_name(key)
        if not _writable_text(key):
            raise MapFileError(path, _("the unknown field {field} has a name that is not valid text (a lone "
                                       "surrogate); this app could not write it back unchanged, so the file "
                                       "is not opened").format(field=name))
        stack = [(value, 0)]
        while stack:
            current, depth = stack.pop()
            if isinstance(current, dict):
                if not all(_writable_text(inner) for inner in current):
                    raise MapFileError(path, _("the unknown field {field} holds a key that is not valid text (a "
                                               "lone surrogate); this app could not write it back unchanged, so "
                                               "the file is not opened").format(field=name))
                children = current.values()
            elif isinstance(current, list):
                children = current
            else:
                if isinstance(current, float) and not math.isfinite(current):
                    raise MapFileError(path, _("the unknown field {field} holds a number too large to keep; this "
                                               "app could not write it back unchanged, so the file is not "
                                               "opened").format(field=name))
                continue
            if depth >= MAX_UNKNOWN_NESTING:
                raise MapFileError(path, _("the unknown field {field} is nested more than {levels} levels deep; "
                                           "this app could not write it back unchanged, so the file is not "
                                           "opened").format(field=name, levels=MAX_UNKNOWN_NESTING))
            stack.extend((child, depth + 1) for child in children)


def map_from_bytes(data: bytes, path: str | os.PathLike[str] | None = None) -> JourneyMap:
    """Parse and validate the bytes of a map file."""
    usual = _usual_map(data)
    if usual is not None:
        return usual
    shown = Path(path) if path is not None else None
    text = _decode(shown, data)
    _check_text(shown, text)
    return map_from_data(_parse_json(shown, text), path)


#: the start of a usual file, up to its version: ``{ "format": "journey-map", "schema_version": "1.1"``
_TOP_VERSION = re.compile(r'\{\s*"format"\s*:\s*"journey-map"\s*,\s*"schema_version"\s*:\s*"([0-9]{1,6}\.[0-9]{1,6})"')
_TOP_BYTES = 200


def _usual_map(data: bytes | str) -> JourneyMap | None:
    """The usual file, valid and of this format version, read in one pass by pydantic's JSON parser.

    Less than half the time of decoding, ``json.loads`` and validating. Anything
    unusual returns None and takes the careful path, which also words the
    errors: a failure of any kind (a byte-order mark, another encoding, bad
    JSON, NaN in a number field, a conflict marker, which is never valid JSON),
    another major version, a missing format name, and unknown fields anywhere
    (this parser accepts NaN and may round a float in the last digit, and
    unknown fields must come back exactly; the declared numbers are strict
    integers and times, which refuse NaN).
    """
    try:
        journey_map = JourneyMap.model_validate_json(data)
    except (ValueError, RecursionError, OverflowError):  # ValidationError is a ValueError
        return None
    given = journey_map.model_fields_set
    if "format" not in given or "schema_version" not in given:
        return None
    # The version the file says, not the model's: the model says the version it is written in (an older major
    # version would read as 1.0). A usual file says it at its top; anything else takes the careful path.
    said = _TOP_VERSION.match(data if isinstance(data, str) else data[:_TOP_BYTES].decode("utf-8", "replace"))
    if said is None or _version_tuple(said.group(1))[0] != _version_tuple(SCHEMA_VERSION)[0]:
        return None
    groups = (journey_map.phases, journey_map.lanes, journey_map.personas, journey_map.cards, journey_map.emotions)
    if journey_map.__pydantic_extra__ or any(item.__pydantic_extra__ for group in groups for item in group):
        return None
    return journey_map


_NOT_A_FILE = {
    stat.S_IFDIR: N_("this is a folder, not a file"),
    stat.S_IFIFO: N_("this is a named pipe (FIFO), not a file; only regular files can be opened"),
    stat.S_IFCHR: N_("this is a device, not a file; only regular files can be opened"),
    stat.S_IFBLK: N_("this is a device, not a file; only regular files can be opened"),
    stat.S_IFSOCK: N_("this is a socket, not a file; only regular files can be opened"),
}
#: any other kind of file (a door, a whiteout): named here, where the catalogue's extractor finds it
_NOT_A_FILE_OTHER = N_("this is not a regular file")


def _refuse_special(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise MapFileError(path, _(_NOT_A_FILE.get(stat.S_IFMT(mode), _NOT_A_FILE_OTHER)))


class FileTooLargeError(MapFileError):
    """A file over the size a reader takes (``size`` bytes, at least, against ``limit``): worded for a map; a
    reader of something else (a logo) says it in its own words."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(path, _("the file is {size} MB; map files are at most {limit} MB, so this is not a "
                                 "journey map").format(size=f"{size / 1e6:.0f}", limit=f"{limit / 1e6:.0f}"))
        self.size = size
        self.limit = limit


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else raises MapFileError at once.

    A named pipe, a device or a socket would block a read forever (or never
    end, like ``/dev/zero``), so only regular files are opened, without
    blocking, and never more than ``limit + 1`` bytes are read, whatever
    ``stat`` said: a file that grows while it is read is still refused.
    """
    path = Path(path)
    try:
        info = path.stat()
        _refuse_special(path, info.st_mode)
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            _refuse_special(path, os.fstat(fd).st_mode)  # swapped for something else since the stat
            chunks = []
            remaining = limit + 1
            while remaining > 0:
                chunk = os.read(fd, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise MapFileError(path, _("this is a folder, not a file")) from None
    except FileNotFoundError:
        raise MapFileError(path, _("there is no such file")) from None
    except PermissionError:
        raise MapFileError(path, _("you do not have permission to read this file")) from None
    except OSError as exc:
        raise MapFileError(path, _("the file could not be read: {reason}").format(reason=exc.strerror or exc)) from None
    data = b"".join(chunks)
    if len(data) > limit:
        raise FileTooLargeError(path, len(data), limit)
    return data


def load_map(path: str | os.PathLike[str]) -> JourneyMap:
    """Read a map file; anything wrong with it raises :class:`MapFileError`."""
    return read_map(path)[0]


def read_map(path: str | os.PathLike[str]) -> tuple[JourneyMap, bytes]:
    """The map in a file and the very bytes it was made from (hash these, never a second read)."""
    data = read_regular_file(path)
    with gc_paused():
        return map_from_bytes(data, Path(path)), data


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's content, as ``app.recovery.file_hash`` computes it from the disk."""
    return hashlib.sha256(data).hexdigest()


# --- writing -----------------------------------------------------------------


def map_to_data(journey_map: JourneyMap) -> dict[str, Any]:
    """The map as plain JSON data in the file's key order (declared fields, then unknown ones).

    A field of a later format version (of the map or of a card) that is not set (None) is left out, and the
    version is the lowest that holds the map (``app.model.schema.written_version``).
    """
    data = journey_map.model_dump(mode="json")
    for name in FIELD_VERSIONS:
        if data.get(name, "") is None:
            del data[name]
    for card in data["cards"]:
        for name in CARD_FIELD_VERSIONS:
            if card.get(name, "") is None:
                del card[name]
    data["schema_version"] = written_version(journey_map)
    return data


def map_to_bytes(journey_map: JourneyMap) -> bytes:
    """Canonical file content: UTF-8, 2-space indent, fixed key order, trailing newline.

    Lone surrogates in unknown fields are written as JSON escapes, so the
    file is valid UTF-8 and reads back to the same string.
    """
    text = json.dumps(map_to_data(journey_map), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8", errors="backslashreplace")


def _keep_backup(path: Path) -> str | None:
    """Replace NAME.json.bak with the current file, atomically; it keeps the file's mode.

    Returns what went wrong, or None: a backup that cannot be made never stops
    the save, and leaves no staged copy behind.
    """
    backup = backup_path(path)
    staged = backup.with_name(f"{_temp_stem()}-bak.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        try:
            os.link(path, staged)
        except OSError:
            shutil.copy2(path, staged)
        os.replace(staged, backup)
    except OSError as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        if isinstance(exc, IsADirectoryError) or backup.is_dir():
            reason = _("{name} is a folder").format(name=backup.name)
        elif isinstance(exc, PermissionError):
            reason = _("you may not replace {name} (in a shared folder it may be someone else's)").format(
                name=backup.name)
        else:
            reason = exc.strerror or str(exc)
        return _("the previous version could not be kept as {name}: {reason}").format(name=backup.name, reason=reason)
    return None


_SAVE_PROBLEMS: ContextVar[list[str] | None] = ContextVar("save_problems", default=None)


@contextlib.contextmanager
def save_problems() -> Iterator[list[str]]:
    """Collect what went wrong beside saves that succeeded (a backup not kept) within the block.

    For callers that save through another layer (the editor's document), which
    passes on only the save's success or failure.
    """
    found: list[str] = []
    token = _SAVE_PROBLEMS.set(found)
    try:
        yield found
    finally:
        _SAVE_PROBLEMS.reset(token)


def write_target(path: str | os.PathLike[str]) -> Path:
    """The file a save to ``path`` changes: a symbolic link's target, so that the link stays a link."""
    path = Path(path)
    try:
        if path.is_symlink():
            return Path(os.path.realpath(path))
    except OSError:
        pass
    return path


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode any editor gives a new file: 0666 less the umask (0644 under 022, 0640 under 027)."""
    return 0o666 & ~_umask()


def atomic_write(path: str | os.PathLike[str], data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix.

    The bytes go to a temporary file in the target's own folder (so the rename
    never crosses file systems), are flushed to disk, and then replace the
    target in one rename. A symbolic link is followed: its target is replaced
    and the link stays. The file keeps the mode it had; a new file gets the
    mode other programs give it (``new_file_mode``), or 0600 when ``private``.
    On any error the temporary file is removed and the old file is untouched.
    """
    path = write_target(path)
    directory = path.parent if str(path.parent) else Path(".")
    if private:
        mode = 0o600
    else:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = new_file_mode()
    # The writer's pid and host are in the name, so a later start can tell a killed save's
    # leftovers from a save that another running instance, here or elsewhere, has under way.
    fd, temp_name = tempfile.mkstemp(prefix=f"{_temp_stem()}-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            with contextlib.suppress(OSError):
                os.fchmod(handle.fileno(), mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):
        try:
            dir_fd = os.open(directory, os.O_DIRECTORY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)


def process_alive(pid: int) -> bool:
    try:
        # signal 0 only asks whether the process exists; a mutant sending a real signal would hang up
        # whatever process has that id during a mutation run
        os.kill(pid, 0)  # pragma: no mutate
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


#: A save's temporary file is left alone until it is this old (seconds): no save takes an hour.
STALE_TEMP_AGE = 3600
_TEMP_NAME = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)@([A-Za-z0-9._-]*)-[A-Za-z0-9_]+\.tmp")
_OLD_TEMP_NAME = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)-")


def host_name() -> str:
    """This computer's name as it goes into temporary file names: letters, digits, '.', '_' and '-'."""
    return re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:64] or "unknown"


def _temp_stem() -> str:
    """``.journeymap-save-PID@HOST``: whose save a temporary file belongs to."""
    return f"{TEMP_PREFIX}{os.getpid()}@{host_name()}"


def remove_stale_temp_files(folder: str | os.PathLike[str], min_age: float = STALE_TEMP_AGE) -> list[Path]:
    """Delete temporary files that killed saves of this computer left in ``folder``; returns them.

    Only files named for this host, whose process is gone, and older than
    ``min_age`` seconds go. On a shared folder another computer's files are
    never touched, whatever the age: its process ids mean nothing here. Files
    named by earlier versions (no host in the name) may be anyone's: they go
    only when old and no process here has their id.
    """
    removed = []
    try:
        entries = list(Path(folder).glob(f"{TEMP_PREFIX}*.tmp"))
    except OSError:
        return removed
    here = host_name().lower()
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.fullmatch(entry.name)
        if match is None:
            match = _OLD_TEMP_NAME.match(entry.name)
        elif match.group(2).lower() != here:
            continue  # another computer's save, perhaps under way
        if match and process_alive(int(match.group(1))):
            continue  # a save under way (this process's, or another running instance's)
        with contextlib.suppress(OSError):
            if now - entry.lstat().st_mtime < min_age:
                continue  # perhaps a save under way that this computer cannot see
            entry.unlink()
            removed.append(entry)
    return removed


def read_only(path: str | os.PathLike[str]) -> bool:
    """True when the file's mode says this user may not write it.

    Read from the mode bits, not ``os.access``: an administrator may write any
    file, and should be asked before writing over a read-only one too.
    """
    try:
        info = write_target(path).stat()
    except OSError:
        return False
    if not hasattr(os, "geteuid"):
        return not info.st_mode & stat.S_IWRITE
    if info.st_uid == os.geteuid():
        bit = stat.S_IWUSR
    elif info.st_gid == os.getegid() or info.st_gid in os.getgroups():
        bit = stat.S_IWGRP
    else:
        bit = stat.S_IWOTH
    return not info.st_mode & bit


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of a map is kept: ``NAME.json.bak``."""
    path = Path(path)
    return path.with_name(path.name + ".bak")


def save_map(journey_map: JourneyMap, path: str | os.PathLike[str], *, keep_backup: bool = False) -> list[str]:
    """Save canonically and atomically; failures raise MapFileError and leave the old file.

    With ``keep_backup`` the file being replaced is first kept as ``NAME.json.bak``
    (a hard link where the file system allows, else a copy). Saving through a
    symbolic link writes the link's target, with its ``.bak`` beside it. A backup
    that cannot be kept does not stop the save: the problems are returned (and
    told to :func:`save_problems`).
    """
    return save_bytes(encode_map(journey_map, path), path, keep_backup=keep_backup)


def encode_map(journey_map: JourneyMap, path: str | os.PathLike[str] | None = None) -> bytes:
    """The file's bytes of a map, or MapFileError (naming ``path``) when it cannot be written as JSON."""
    try:
        return map_to_bytes(journey_map)
    except ValueError as exc:
        raise MapFileError(path, _("the map could not be written as JSON: {reason}").format(reason=exc)) from None


def save_bytes(data: bytes, path: str | os.PathLike[str], *, keep_backup: bool = False) -> list[str]:
    """Write a map file's bytes as :func:`save_map` does (atomic, ``.bak``); the caller can hash what it wrote."""
    target = write_target(path)
    problems = []
    try:
        if keep_backup and target.is_file() and (problem := _keep_backup(target)):
            problems.append(problem)
        atomic_write(target, data)
    except PermissionError:
        raise MapFileError(path, _("you do not have permission to write to this folder")) from None
    except FileNotFoundError:
        raise MapFileError(path, _("the folder does not exist (was a drive disconnected?)")) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MapFileError(path, _("the map could not be saved: {reason}; the previous file is unchanged").format(
            reason=reason)) from None
    if problems and (collector := _SAVE_PROBLEMS.get()) is not None:
        collector.extend(problems)
    return problems
