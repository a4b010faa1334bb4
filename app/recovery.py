"""The recovery journal: autosaved copies of open maps, never written over the user's own file.

Each running editor window writes ``<session>.recovery.json`` into the
recovery folder a few seconds after the last edit, and holds
``<session>.lock`` with its process id while it runs. A recovery file whose
lock names a live process belongs to a running instance; any other is what
a crash left behind and is offered back at the next start. No Qt here: the
folder is passed in, so the command line can list recoveries too.

A recovery file that does not read or validate (cut off, not UTF-8, not a
JSON object, a newer major format, a map that breaks its rules) still holds
someone's work: :func:`scan_recoveries` lists it apart, with what is wrong,
and :func:`salvage_map` makes a valid map of what of it reads. Nothing here
deletes a recovery file except ``discard``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from app import __version__
from app.i18n import _, ngettext
from app.model import (
    FORMAT_NAME,
    SCHEMA_VERSION,
    Card,
    EmotionPoint,
    JourneyMap,
    Lane,
    MapFileError,
    Persona,
    Phase,
    map_from_data,
    map_problems,
)
from app.model.fileformat import (
    atomic_write,
    json_kind,
    json_reason,
    map_to_data,
    process_alive,
    read_regular_file,
    write_target,
)

RECOVERY_FORMAT = "journey-map-recovery"
SUFFIX = ".recovery.json"


def file_hash(path: str | os.PathLike[str] | None) -> str | None:
    """SHA-256 of a file's bytes, or None when there is no such file."""
    if path is None:
        return None
    try:
        return hashlib.sha256(read_regular_file(path)).hexdigest()
    except MapFileError:
        return None


@dataclass
class Recovery:
    """One recovery file, as found on disk."""

    path: Path
    session: str
    original_path: Path | None
    saved_at: datetime
    app_version: str
    base_hash: str | None
    title: str
    data: dict

    def journey_map(self) -> JourneyMap:
        return map_from_data(self.data, self.path)

    def original_changed(self) -> bool:
        """True when the original file on disk is no longer what the autosave started from."""
        if self.original_path is None:
            return False
        return file_hash(self.original_path) != self.base_hash

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


class RecoveryJournal:
    """The autosave of one editor session."""

    def __init__(self, folder: str | os.PathLike[str], *, start: bool = True) -> None:
        """A journal in ``folder``, started at once unless ``start`` is False (then :meth:`start` or the
        first :meth:`write` makes the folder and takes the lock)."""
        self.folder = Path(folder)
        self.session = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = self.folder / f"{self.session}{SUFFIX}"
        self.lock = self.folder / f"{self.session}.lock"
        #: the folder exists and this session's lock is in it
        self.started = False
        if start:
            self.start()

    def start(self) -> None:
        """Make the folder and take this session's lock; OSError when the folder cannot be written
        (a full or read-only disk, a file where the folder should be)."""
        # Clients' unsaved work: only its owner may list or read the folder.
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.folder, 0o700)
        atomic_write(self.lock, str(os.getpid()).encode(), private=True)
        self.started = True

    def write(self, journey_map: JourneyMap, original_path: Path | None, base_hash: str | None) -> None:
        """Autosave the map (atomically; the user's file is never touched).

        A map that breaks its rules could never be restored, so it is refused
        with ValueError and the last good autosave stays in place.
        """
        problems = map_problems(journey_map)
        if problems:
            raise ValueError(_("the map breaks its own rules ({problems})").format(problems="; ".join(problems[:3])))
        record = {
            "format": RECOVERY_FORMAT,
            # A link's target: the file a save writes and whose changes the restore checks.
            "original_path": str(write_target(original_path)) if original_path else None,
            "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "app_version": __version__,
            "base_hash": base_hash,
            "title": journey_map.title,
            "map": map_to_data(journey_map),
        }
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
        if not self.started:  # the folder could not be written at start: perhaps it can now
            self.start()
        atomic_write(self.path, text.encode("utf-8", errors="backslashreplace"), private=True)

    def clear(self) -> None:
        """The map is safe in its file (saved, or closed on purpose): drop the autosave."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def close(self) -> None:
        """A clean end of the session: no autosave and no lock stay behind."""
        self.clear()
        with contextlib.suppress(OSError):
            self.lock.unlink()


@dataclass
class BrokenRecovery:
    """A recovery file that cannot be restored as it is: what is wrong with it, and what of it still reads.

    It holds a user's work all the same, so it is listed (never hidden) and
    only ever deleted when the user discards it.
    """

    path: Path
    session: str
    #: what is wrong, in words (the first line of a validation report, say)
    problem: str
    #: the autosave's own time when it reads, else the file's modification time
    saved_at: datetime
    title: str
    original_path: Path | None
    #: the map's data as the file holds it, when it holds one (for :meth:`salvage`)
    data: dict | None = None

    def salvage(self) -> Salvage | None:
        """What of the map can still be read, as a valid map; None when nothing can."""
        return salvage_map(self.data) if self.data is not None else None

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


@dataclass
class Salvage:
    """A valid map made of what could be read of a broken one, and what was left out or changed."""

    journey_map: JourneyMap
    #: how many items of each list ("cards", "emotions", …) could not be read or referred to nothing
    left_out: dict[str, int]
    #: map fields (such as "created") that could not be read and have their default
    fields_reset: list[str]
    #: lanes that were the emotion curve but held cards: in the copy they are "notes" lanes
    lanes_made_notes: list[str]

    @property
    def complete(self) -> bool:
        return not (any(self.left_out.values()) or self.fields_reset or self.lanes_made_notes)


_PARTS: tuple[tuple[str, type], ...] = (
    ("phases", Phase), ("lanes", Lane), ("personas", Persona), ("cards", Card), ("emotions", EmotionPoint),
)
#: what reading a hostile map can raise besides MapFileError (a date beyond year 9999 overflows, say)
_READ_ERRORS = (ValueError, TypeError, RecursionError, ArithmeticError)
_SALVAGE_ERRORS = (ValidationError, MapFileError, *_READ_ERRORS)


def salvage_map(data: Any) -> Salvage | None:
    """Every part of ``data`` (a map's JSON object) that reads, put together into a valid map.

    Items that do not validate on their own, repeat an id or refer to nothing
    are left out; a lane of the emotion curve that holds cards becomes a notes
    lane (the cards stay); map fields that do not read get their defaults. A
    map of a newer major format version is not guessed at: None.
    """
    if not isinstance(data, dict):
        return None
    try:
        return Salvage(map_from_data(data), {}, [], [])
    except MapFileError:
        pass
    except _READ_ERRORS:
        return None
    version = data.get("schema_version")
    if isinstance(version, str) and re.fullmatch(r"\d+\.\d+", version) and version.split(".")[0] != (
            SCHEMA_VERSION.split(".")[0]):
        return None  # another major version: this app cannot tell what its fields mean
    top = {key: value for key, value in data.items() if key not in dict(_PARTS)}
    top["format"] = FORMAT_NAME
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+", version):
        top["schema_version"] = SCHEMA_VERSION
    fields_reset: list[str] = []
    defaults = {"id": "recovered-map", "title": _("Recovered map")}
    for _attempt in range(len(top) + 2):
        try:
            JourneyMap.model_validate({**top, **{name: [] for name, _kind in _PARTS}})
            break
        except ValidationError as exc:
            bad = {str(error["loc"][0]) for error in exc.errors(include_url=False) if error["loc"]}
            if not bad or bad <= set(fields_reset):
                return None
            for key in sorted(bad - set(fields_reset)):
                fields_reset.append(key)
                if key in defaults:
                    top[key] = defaults[key]
                else:
                    top.pop(key, None)
        except _READ_ERRORS:
            return None
    else:
        return None
    left_out: dict[str, int] = {}
    kept: dict[str, list] = {}
    for name, kind in _PARTS:
        items = data.get(name, [])
        if not isinstance(items, list):
            items = [items]
        good, seen = [], set()
        for item in items:
            try:
                element = kind.model_validate(item)
            except _SALVAGE_ERRORS:
                continue
            key = getattr(element, "id", None)
            if key is not None and key in seen:
                continue
            seen.add(key)
            good.append(element)
        kept[name] = good
        left_out[name] = len(items) - len(good)
    phases = {phase.id for phase in kept["phases"]}
    personas = {persona.id for persona in kept["personas"]}
    lanes = {lane.id for lane in kept["lanes"]}
    cards = [c for c in kept["cards"] if c.persona in personas and c.phase in phases and c.lane in lanes]
    left_out["cards"] += len(kept["cards"]) - len(cards)
    kept["cards"] = cards
    # Only cards the copy keeps turn an emotion lane into notes: one left out must not cost the curve.
    emotion_lanes = {lane.id: lane for lane in kept["lanes"] if lane.kind == "emotions"}
    lanes_made_notes = []
    for card in cards:
        lane = emotion_lanes.pop(card.lane, None)
        if lane is not None:
            lane.kind = "notes"
            lanes_made_notes.append(lane.name or lane.id)
    points, seen_points = [], set()
    for point in kept["emotions"]:
        if point.persona in personas and point.phase in phases and (point.persona, point.phase) not in seen_points:
            seen_points.add((point.persona, point.phase))
            points.append(point)
    left_out["emotions"] += len(kept["emotions"]) - len(points)
    kept["emotions"] = points
    try:
        journey_map = JourneyMap.model_validate({**top, **kept})
    except _SALVAGE_ERRORS:
        return None
    return Salvage(journey_map, {name: count for name, count in left_out.items() if count}, fields_reset,
                   lanes_made_notes)


def _first_line(problem: str) -> str:
    lines = [line.strip() for line in problem.splitlines() if line.strip()]
    if len(lines) <= 2:
        return " ".join(lines)
    more = len(lines) - 2
    return ngettext("{first} {second} (and {count} more)", "{first} {second} (and {count} more)", more).format(
        first=lines[0], second=lines[1], count=more)


def _examine(path: Path) -> Recovery | BrokenRecovery:
    """The recovery file at ``path``: restorable, or broken with what is wrong and what still reads."""
    session = path.name.removesuffix(SUFFIX)
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except (OSError, ValueError, OverflowError):
        modified = datetime.fromtimestamp(0, UTC)

    def broken(problem: str, record: Any = None) -> BrokenRecovery:
        record = record if isinstance(record, dict) else {}
        saved = _saved_at(record.get("saved_at")) or modified
        original = record.get("original_path")
        data = record.get("map") if isinstance(record.get("map"), dict) else None
        title = record.get("title")
        if not isinstance(title, str):
            title = data.get("title") if data is not None and isinstance(data.get("title"), str) else ""
        return BrokenRecovery(path=path, session=session, problem=problem, saved_at=saved, title=title,
                              original_path=Path(original) if isinstance(original, str) and original else None,
                              data=data)

    try:
        raw = read_regular_file(path)
    except MapFileError as exc:
        return broken(exc.problem)
    problem = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = _("the file is not UTF-8 text (byte {byte} on line {line})").format(byte=f"0x{raw[exc.start]:02x}",
                                                                                       line=line)
        text = raw.decode("utf-8", errors="replace")  # what can still be read
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        cut_off = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        message = (_("not valid JSON at line {line}, column {column}: {reason} (the file is cut off)") if cut_off
                   else _("not valid JSON at line {line}, column {column}: {reason}"))
        return broken(problem or message.format(line=exc.lineno, column=exc.colno, reason=json_reason(exc.msg)))
    except (ValueError, RecursionError):
        return broken(problem or _("not valid JSON"))
    if not isinstance(record, dict):
        return broken(problem or _("not a recovery record: the file holds a JSON {type}, not an object").format(
            type=json_kind(record)))
    if problem:
        return broken(problem, record)
    if record.get("format") != RECOVERY_FORMAT:
        return broken(_('not a recovery record of this app ("format" is {value})').format(
            value=repr(record.get("format"))), record)
    if not isinstance(record.get("map"), dict):
        return broken(_("the record holds no map"), record)
    saved = _saved_at(record.get("saved_at"))
    if saved is None:
        return broken(_("the time of the autosave does not read"), record)
    try:
        map_from_data(record["map"], path)
    except MapFileError as exc:
        return broken(_first_line(exc.problem), record)
    except _READ_ERRORS as exc:
        return broken(_("the map does not read ({error})").format(error=f"{type(exc).__name__}: {exc}"), record)
    original = record.get("original_path")
    title, version, base = record.get("title", ""), record.get("app_version", ""), record.get("base_hash")
    return Recovery(
        path=path,
        session=session,
        original_path=Path(original) if isinstance(original, str) and original else None,
        saved_at=saved,
        app_version=str(version),
        base_hash=base if isinstance(base, str) else None,
        title=str(title),
        data=record["map"],
    )


def _saved_at(value: Any) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _process_started(pid: int) -> float | None:
    """When a process started (seconds since the epoch) and None if it is a zombie or unknown (Linux's /proc)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
        fields = stat_line[stat_line.rindex(")") + 2:].split()  # after "pid (name) "
        if fields[0] in ("Z", "X"):  # dead, its parent has not collected it yet
            return None
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return float("-inf")  # not Linux, or no /proc: the process exists, its age is unknown


def _session_alive(pid: int | None, lock: Path) -> bool:
    """Whether the editor that wrote ``lock`` still runs.

    A pid alone is not enough: a killed editor stays a zombie for a moment,
    and after a restart an unrelated process may get the same pid. So a
    zombie counts as dead, and so does a process that started after the lock
    was written (it cannot have written it), as QLockFile also checks.
    """
    if pid is None or not process_alive(pid):
        return False
    started = _process_started(pid)
    if started is None:
        return False
    try:
        written = lock.stat().st_mtime
    except OSError:
        return False
    return started <= written + 2.0  # clock ticks and file times are coarse


def _lock_pid(lock: Path) -> int | None:
    """The process id a lock file names, or None (no lock, or not one this app wrote)."""
    try:
        return int(read_regular_file(lock, 64).strip())
    except (MapFileError, ValueError):
        return None


@dataclass
class RecoveryScan:
    """What crashed sessions left in the recovery folder: maps that restore, and files that do not."""

    found: list[Recovery]
    broken: list[BrokenRecovery]

    def __len__(self) -> int:
        return len(self.found) + len(self.broken)


def scan_recoveries(folder: str | os.PathLike[str]) -> RecoveryScan:
    """Every autosave left by a session that did not end cleanly (its process is gone), newest first:
    the restorable ones, and apart the ones that do not read or validate, with what is wrong."""
    folder = Path(folder)
    scan = RecoveryScan([], [])
    try:
        if not folder.is_dir():
            return scan
        journals = list(folder.glob(f"*{SUFFIX}"))
        locks = list(folder.glob("*.lock"))
    except OSError:
        return scan
    for path in journals:
        session = path.name.removesuffix(SUFFIX)
        lock = folder / f"{session}.lock"
        if _session_alive(_lock_pid(lock), lock):
            continue  # a running instance's autosave (this one's too)
        try:
            examined = _examine(path)
        except Exception as exc:  # one journal that breaks the reading never hides the others
            problem = _("the file could not be examined ({error})").format(error=f"{type(exc).__name__}: {exc}")
            examined = BrokenRecovery(path=path, session=session, problem=problem,
                                      saved_at=datetime.fromtimestamp(0, UTC), title="", original_path=None)
        if isinstance(examined, Recovery):
            scan.found.append(examined)
        else:
            scan.broken.append(examined)
    # Stale locks of dead sessions without autosave are removed as they are found.
    for lock in locks:
        if not _session_alive(_lock_pid(lock), lock) and not (folder / lock.name.replace(".lock", SUFFIX)).exists():
            with contextlib.suppress(OSError):
                lock.unlink()
    scan.found.sort(key=lambda r: r.saved_at, reverse=True)
    scan.broken.sort(key=lambda r: r.saved_at, reverse=True)
    return scan


def find_recoveries(folder: str | os.PathLike[str]) -> list[Recovery]:
    """Autosaves left by sessions that did not end cleanly (their process is gone) that restore, newest first."""
    return scan_recoveries(folder).found
