"""``journeymap git-setup``: git merges map files with the three-way merge and diffs them in words.

Registers a merge driver (``merge.journeymap.driver``) and a diff driver
(``diff.journeymap.command``) in the repository's config (``--global``: the
user's) and the ``.gitattributes`` line that gives map files both. Idempotent;
``remove`` undoes each part. The drivers run this very installation of the app
(the ``journeymap`` launcher beside the running Python, else ``python -m app``),
so they work from any folder, and a JSON file that is no map falls back to
git's own line merge and a plain line diff.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from app.i18n import _

DRIVER = "journeymap"
#: the files the drivers are for; a JSON file that is no map is merged and diffed as text
PATTERN = "*.json"
ATTRIBUTES_LINE = f"{PATTERN} merge={DRIVER} diff={DRIVER}"
_MARK = "# journeymap: merge and diff journey maps by meaning (journeymap git-setup)"


class GitSetupError(Exception):
    """git is missing, this is no repository, or a file could not be written: said in one sentence."""


def launcher() -> list[str]:
    """The command that runs this installation of journeymap."""
    beside = Path(sys.executable).with_name("journeymap")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-m", "app"]


def _git(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    if shutil.which("git") is None:
        raise GitSetupError(_("git is not installed (or not on PATH)"))
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise GitSetupError(done.stderr.strip() or _("git {args} failed").format(args=shlex.join(args)))
    return done


def repository_root(folder: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], folder, check=False)
    if done.returncode != 0:
        raise GitSetupError(_("{folder} is not inside a git repository (use --global for all of yours)").format(
            folder=folder))
    return Path(done.stdout.strip())


def _config_settings() -> dict[str, str]:
    run = shlex.join(launcher())
    return {
        f"merge.{DRIVER}.name": "journey map three-way merge (journeymap)",
        f"merge.{DRIVER}.driver": f"{run} merge-driver %O %A %B %P",
        f"diff.{DRIVER}.command": f"{run} git-diff",
    }


def global_attributes_file(folder: Path) -> Path:
    """The user's attributes file: ``core.attributesFile``, else git's default under XDG_CONFIG_HOME."""
    done = _git(["config", "--global", "--path", "core.attributesFile"], folder, check=False)
    if done.returncode == 0 and done.stdout.strip():
        return Path(done.stdout.strip()).expanduser()
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "git" / "attributes"


def setup(folder: Path, *, global_: bool = False) -> list[str]:
    """Register the drivers and the attributes line; returns what was done, one line each."""
    scope = ["--global"] if global_ else []
    if not global_:
        folder = repository_root(folder)
    done = []
    for key, value in _config_settings().items():
        _git(["config", *scope, key, value], folder)
    done.append(_("registered the merge and diff drivers in {config}").format(
        config=_("your git config") if global_ else folder / ".git" / "config"))
    attributes = global_attributes_file(folder) if global_ else folder / ".gitattributes"
    if _add_line(attributes):
        done.append(_("added {line} to {file}").format(line=repr(ATTRIBUTES_LINE), file=attributes))
    else:
        done.append(_("{file} already gives map files the drivers").format(file=attributes))
    return done


def remove(folder: Path, *, global_: bool = False) -> list[str]:
    """Undo :func:`setup`: the config sections and the attributes line (the file is kept)."""
    scope = ["--global"] if global_ else []
    if not global_:
        folder = repository_root(folder)
    for section in (f"merge.{DRIVER}", f"diff.{DRIVER}"):
        _git(["config", *scope, "--remove-section", section], folder, check=False)  # absent: nothing to do
    done = [_("removed the merge and diff drivers from {config}").format(
        config=_("your git config") if global_ else folder / ".git" / "config")]
    attributes = global_attributes_file(folder) if global_ else folder / ".gitattributes"
    if _drop_line(attributes):
        done.append(_("removed {line} from {file}").format(line=repr(ATTRIBUTES_LINE), file=attributes))
    return done


def _add_line(path: Path) -> bool:
    text = path.read_text("utf-8") if path.exists() else ""
    if ATTRIBUTES_LINE in text.splitlines():
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{text}{_MARK}\n{ATTRIBUTES_LINE}\n", "utf-8")
    except OSError as exc:
        raise GitSetupError(_("{file}: cannot be written: {reason}").format(file=path, reason=exc.strerror)) from None
    return True


def _drop_line(path: Path) -> bool:
    if not path.exists():
        return False
    lines = path.read_text("utf-8").splitlines()
    kept = [line for line in lines if line not in (ATTRIBUTES_LINE, _MARK)]
    if kept == lines:
        return False
    try:
        path.write_text("".join(f"{line}\n" for line in kept), "utf-8")
    except OSError as exc:
        raise GitSetupError(_("{file}: cannot be written: {reason}").format(file=path, reason=exc.strerror)) from None
    return True
