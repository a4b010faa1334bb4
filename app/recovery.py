"""The recovery journal: autosaved copies of open maps, never written over the user's own file.

Each running editor window writes ``<session>.recovery.json`` into the
recovery folder a few seconds after the last edit, and holds
``<session>.lock`` with its process id while it runs. A recovery file whose
lock names a live process belongs to a running instance; any other is what
a crash left behind and is offered back at the next start. No Qt here: the
folder is passed in, so the command line can list recoveries too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app import __version__
from app.model import JourneyMap, MapFileError, map_from_data, map_problems
from app.model.fileformat import atomic_write, map_to_data, process_alive, read_regular_file, write_target

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

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.session = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.path = self.folder / f"{self.session}{SUFFIX}"
        self.lock = self.folder / f"{self.session}.lock"
        # Clients' unsaved work: only its owner may list or read the folder.
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.folder, 0o700)
        atomic_write(self.lock, str(os.getpid()).encode(), private=True)

    def write(self, journey_map: JourneyMap, original_path: Path | None, base_hash: str | None) -> None:
        """Autosave the map (atomically; the user's file is never touched).

        A map that breaks its rules could never be restored, so it is refused
        with ValueError and the last good autosave stays in place.
        """
        problems = map_problems(journey_map)
        if problems:
            raise ValueError("the map breaks its own rules (" + "; ".join(problems[:3]) + ")")
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


def _read(path: Path) -> Recovery | None:
    try:
        record = json.loads(read_regular_file(path).decode("utf-8"))
        if record.get("format") != RECOVERY_FORMAT or not isinstance(record.get("map"), dict):
            return None
        saved = datetime.strptime(record["saved_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        original = record.get("original_path")
        return Recovery(
            path=path,
            session=path.name.removesuffix(SUFFIX),
            original_path=Path(original) if original else None,
            saved_at=saved,
            app_version=str(record.get("app_version", "")),
            base_hash=record.get("base_hash"),
            title=str(record.get("title", "")),
            data=record["map"],
        )
    except (MapFileError, OSError, ValueError, KeyError, TypeError, RecursionError):
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


def find_recoveries(folder: str | os.PathLike[str]) -> list[Recovery]:
    """Autosaves left by sessions that did not end cleanly (their process is gone), newest first."""
    folder = Path(folder)
    found = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{SUFFIX}"):
        session = path.name.removesuffix(SUFFIX)
        lock = folder / f"{session}.lock"
        if _session_alive(_lock_pid(lock), lock):
            continue  # a running instance's autosave (this one's too)
        recovery = _read(path)
        if recovery is None:
            continue
        try:
            recovery.journey_map()
        except MapFileError:
            continue
        found.append(recovery)
    # Stale locks of dead sessions without autosave are removed as they are found.
    for lock in folder.glob("*.lock"):
        if not _session_alive(_lock_pid(lock), lock) and not (folder / lock.name.replace(".lock", SUFFIX)).exists():
            with contextlib.suppress(OSError):
                lock.unlink()
    return sorted(found, key=lambda r: r.saved_at, reverse=True)
