"""The CLI's commands for teams: ``diff``, ``merge``, ``git-setup`` and the two drivers git calls.

Exit codes as diff(1) and merge tools have them: ``diff`` 0 equal, 1 different,
2 bad input; ``merge`` 0 clean, 1 merged with conflicts (recorded in the written
map), 2 bad input or an output that could not be written.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from pathlib import Path

from app.i18n import _, ngettext

EXIT_SAME = EXIT_CLEAN = 0
EXIT_DIFFERENT = EXIT_CONFLICTS = 1
EXIT_BAD_INPUT = 2
#: what git passes for a side that does not exist (a file added or deleted)
NULL_FILE = "/dev/null"


def add_commands(command) -> None:
    """Add the commands to the CLI's parser; ``command(name, help)`` makes a sub-parser."""
    diff = command("diff", _("show what differs between two maps, card by card; exit 0 equal, 1 different, "
                             "2 bad input"))
    diff.add_argument("old", metavar="A", help=_("the older map file"))
    diff.add_argument("new", metavar="B", help=_("the newer map file"))
    diff.add_argument("--json", action="store_true", help=_("print the differences as JSON"))
    diff.set_defaults(run=run_diff)

    merge = command("merge", _("merge two maps grown from one base; exit 0 clean, 1 with conflicts (recorded in "
                               "the map), 2 bad input"))
    merge.add_argument("base", metavar="BASE", help=_("the map both sides started from"))
    merge.add_argument("ours", metavar="OURS", help=_("our version"))
    merge.add_argument("theirs", metavar="THEIRS", help=_("their version"))
    merge.add_argument("-o", "--output", required=True, metavar="OUT", help=_("the merged map file to write"))
    merge.add_argument("--ours-label", default="", metavar="NAME", help=_("what to call our side in conflicts"))
    merge.add_argument("--theirs-label", default="", metavar="NAME", help=_("what to call their side in conflicts"))
    merge.set_defaults(run=run_merge)

    setup = command("git-setup", _("let git merge and diff map files by meaning (run inside a repository)"))
    setup.add_argument("--global", dest="global_", action="store_true",
                       help=_("for all your repositories (your git config and attributes file)"))
    setup.add_argument("--remove", action="store_true", help=_("undo git-setup"))
    setup.set_defaults(run=run_git_setup)

    driver = command("merge-driver", _("git's merge driver for map files (set up by git-setup)"))
    for name in ("base", "ours", "theirs"):
        driver.add_argument(name)
    driver.add_argument("path", nargs="?", default="")
    driver.set_defaults(run=run_merge_driver)

    git_diff = command("git-diff", _("git's diff driver for map files (set up by git-setup)"))
    git_diff.add_argument("path")
    git_diff.add_argument("rest", nargs="*")
    git_diff.set_defaults(run=run_git_diff)


#: commands git calls, not listed in the CLI's help of commands
HIDDEN = ("merge-driver", "git-diff")
COMMANDS = ("diff", "merge", "git-setup", *HIDDEN)


def _load(path: str):
    from app.model import load_map

    return load_map(path)


def run_diff(args: argparse.Namespace) -> int:
    from app.merge.diff import differences
    from app.merge.report import diff_lines
    from app.model import MapFileError

    try:
        old, new = _load(args.old), _load(args.new)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    found = differences(old, new)
    if args.json:
        sys.stdout.write(json.dumps({"equal": not found, "differences": [d.as_json() for d in found]},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        for line in diff_lines(found, old, new):
            print(line)
    return EXIT_DIFFERENT if found else EXIT_SAME


def run_merge(args: argparse.Namespace) -> int:
    from app.model import MapFileError

    try:
        base, ours, theirs = (_load(name) for name in (args.base, args.ours, args.theirs))
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    return _merge_and_write(base, ours, theirs, args.output, args.ours_label, args.theirs_label)


def _merge_and_write(base, ours, theirs, output: str, ours_label: str, theirs_label: str) -> int:
    from app.merge.report import conflict_lines
    from app.merge.three_way import merge_maps
    from app.model import MapFileError, save_map

    result = merge_maps(base, ours, theirs, ours_label=ours_label, theirs_label=theirs_label)
    try:
        save_map(result.merged, output)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    if result.clean:
        print(_("{file}: merged, no conflicts").format(file=output))
        return EXIT_CLEAN
    count = len(result.conflicts)
    print(ngettext("{file}: merged with {count} conflict to decide (the map records it; open it in the editor "
                   "or see: journeymap validate {file})",
                   "{file}: merged with {count} conflicts to decide (the map records them; open it in the editor "
                   "or see: journeymap validate {file})", count).format(file=output, count=count))
    for line in conflict_lines(result.merged.model_copy(update={"conflicts": result.conflicts})):
        print(f"  {line}")
    return EXIT_CONFLICTS


def run_git_setup(args: argparse.Namespace) -> int:
    from app.merge.git_setup import GitSetupError, remove, setup

    try:
        lines = (remove if args.remove else setup)(Path.cwd(), global_=args.global_)
    except GitSetupError as exc:
        print(_("journeymap: {message}").format(message=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in lines:
        print(line)
    return 0


def run_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: the merged map goes to OURS (%A); a JSON file that is no map gets git's line merge."""
    from app.model import MapFileError

    try:
        base, ours, theirs = (_load(name) for name in (args.base, args.ours, args.theirs))
    except MapFileError:
        done = subprocess.run(["git", "merge-file", "-L", _("ours"), "-L", _("base"), "-L", _("theirs"),
                               args.ours, args.base, args.theirs], check=False)
        return 1 if done.returncode else 0
    status = _merge_and_write(base, ours, theirs, args.ours, _("ours"), _("theirs"))
    if status == EXIT_CONFLICTS and args.path:
        print(_("{file}: the merged map records its conflicts; decide them in the editor (Conflicts panel), "
                "then git add {file}").format(file=args.path), file=sys.stderr)
    return 0 if status == EXIT_CLEAN else 1


def run_git_diff(args: argparse.Namespace) -> int:
    """git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE. Always exit 0 (git stops
    the whole diff otherwise)."""
    from app.merge.diff import differences
    from app.merge.report import diff_lines
    from app.model import MapFileError

    if len(args.rest) < 4:
        print(_("journeymap git-diff is run by git (see journeymap git-setup)"), file=sys.stderr)
        return EXIT_BAD_INPUT
    old_file, new_file = args.rest[0], args.rest[3]
    print(f"journeymap diff a/{args.path} b/{args.path}")
    try:
        old = None if old_file == NULL_FILE else _load(old_file)
        new = None if new_file == NULL_FILE else _load(new_file)
    except MapFileError:
        sys.stdout.writelines(_text_diff(args.path, old_file, new_file))
        return 0
    if old is None or new is None:
        shown = new if old is None else old
        words = _("new map {title}, {count} cards") if old is None else _("map {title} removed ({count} cards)")
        print(words.format(title=repr(shown.title), count=len(shown.cards)))
        return 0
    for line in diff_lines(differences(old, new), old, new):
        print(line)
    return 0


def _text_diff(path: str, old_file: str, new_file: str) -> list[str]:
    def lines(name: str) -> list[str]:
        if name == NULL_FILE:
            return []
        return Path(name).read_text("utf-8", errors="replace").splitlines(keepends=True)

    return list(difflib.unified_diff(lines(old_file), lines(new_file), f"a/{path}", f"b/{path}"))
