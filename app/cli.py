"""The ``journeymap`` command: open the editor, or validate, create and export maps headless.

Every failure a user can cause ends in a one-line message and an exit code,
never a traceback: 0 success, 1 a bad map or failed output, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("validate", "new", "schema", "export")
#: How many problems or warnings of one file are printed without --all.
SHOWN = 10
ALL_HINT = " (--all shows them all)"


def _problem(exc, show_all: bool) -> str:
    """A map file error's problem: its first ten lines and how many more, or with ``--all`` every line."""
    if show_all or exc.full_problem == exc.problem:
        return exc.full_problem
    return exc.problem + ALL_HINT


def _shown(lines: list[str], show_all: bool) -> list[str]:
    """The first ten lines and "... and N more", or all of them with ``--all``."""
    if show_all or len(lines) <= SHOWN:
        return lines
    return [*lines[:SHOWN], f"... and {len(lines) - SHOWN} more{ALL_HINT}"]


def _validate(args: argparse.Namespace) -> int:
    from app.model import MapFileError, load_map

    status = EXIT_OK
    for name in args.files:
        try:
            load_map(name)
        except MapFileError as exc:
            print(f"{name}: {_problem(exc, args.all)}")
            status = EXIT_INVALID
        else:
            print(f"{name}: ok")
    return status


def _new(args: argparse.Namespace) -> int:
    from app.model import MapFileError, save_map
    from app.model.templates import new_map

    output = Path(args.output)
    if output.exists() and not args.force:
        print(f"{output}: already exists; use --force to replace it", file=sys.stderr)
        return EXIT_INVALID
    try:
        journey_map = new_map(args.template, args.title)
        save_map(journey_map, output)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    print(f"{output}: new map from template {args.template!r}")
    return EXIT_OK


def _schema(_args: argparse.Namespace) -> int:
    from app.model.json_schema import json_schema_text

    sys.stdout.write(json_schema_text())
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from app.export import ExportError
    from app.export.targets import TARGETS, ExportChoices, export
    from app.model import MapFileError, load_map

    outputs = [(kind, getattr(args, kind)) for kind in TARGETS if getattr(args, kind)]
    if not outputs:
        options = [f"--{kind}" for kind in TARGETS]
        print(f"journeymap export: name at least one output ({', '.join(options[:-1])} or {options[-1]})",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        journey_map = load_map(args.map)
    except MapFileError as exc:
        where = f"{exc.path}: " if exc.path is not None else ""
        print(f"{where}{_problem(exc, args.all)}", file=sys.stderr)
        return EXIT_INVALID
    status = EXIT_OK
    try:
        from app.export.pdf import resolve_personas

        persona_ids = resolve_personas(journey_map, args.persona)
    except ExportError as exc:
        print(f"journeymap export: {exc}", file=sys.stderr)
        return EXIT_INVALID
    choices = ExportChoices(personas=persona_ids, paper=args.paper, landscape=not args.portrait, tile=args.tile,
                            scale=args.scale, dpi=args.dpi, source=Path(args.map))
    for kind, output in outputs:
        try:
            written = export(kind, journey_map, output, choices)
        except ExportError as exc:
            print(f"{output}: {exc}{_suggested_commands(exc, args, output)}", file=sys.stderr)
            status = EXIT_INVALID
            continue
        except Exception as exc:  # a fault of this app, not a refusal: one line for this file, the others go on
            print(f"{output}: the export stopped on an unexpected error: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            status = EXIT_INVALID
            continue
        for warning in _shown(list(written.warnings), args.all):
            print(f"{output}: warning: {warning}", file=sys.stderr)
        print(f"{output}: written ({written.summary})" if written.summary else f"{output}: written")
    return status


def _suggested_commands(exc, args: argparse.Namespace, output: str) -> str:
    """The error's suggestions as whole commands to copy, for this map, poster file and personas."""
    import shlex

    if not exc.suggestions:
        return ""
    base = ["journeymap", "export", args.map, "--pdf", output]
    for persona in args.persona:
        base += ["--persona", persona]
    if args.portrait:
        base.append("--portrait")
    commands = " or ".join(f"`{shlex.join(base + options)}`" for options in exc.suggestions)
    return f" Run instead: {commands}"


def _command_parser() -> argparse.ArgumentParser:
    from app.model.templates import DEFAULT_TEMPLATE, template_names

    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer journey maps. Without a command: open the editor "
        "(journeymap [FILE]).",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check map files; exit 1 if any is invalid")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--all", action="store_true",
                          help=f"print every problem of a file (default: the first {SHOWN} and how many more)")
    validate.set_defaults(run=_validate)

    new = sub.add_parser("new", help="write a new map from a template")
    new.add_argument("--template", default=DEFAULT_TEMPLATE, choices=template_names())
    new.add_argument("--title", help="title of the new map")
    new.add_argument("-o", "--output", required=True, metavar="FILE")
    new.add_argument("--force", action="store_true", help="replace an existing file")
    new.set_defaults(run=_new)

    export = sub.add_parser("export", help="write a PDF poster, an Excel workbook or images of a map")
    export.add_argument("map", metavar="MAP")
    export.add_argument("--pdf", metavar="OUT.pdf")
    export.add_argument("--paper", default="auto",
                        help="auto, A0..A4, Letter, Tabloid or WIDTHxHEIGHTmm (default auto: the smallest of "
                        "A4..A0 on which card text prints at 6 pt or more)")
    export.add_argument("--portrait", action="store_true", help="portrait instead of landscape")
    export.add_argument("--tile", metavar="PAPER",
                        help="print the poster on sheets of this paper (A4, A3, Letter); without --paper the "
                        "poster gets as many sheets as card text at --scale needs")
    export.add_argument("--scale", metavar="SIZE",
                        help="card text size of a tiled poster: 9pt (default), or a factor of the screen size "
                        "like 0.9 or 90%%")
    export.add_argument("--persona", action="append", default=[], metavar="ID_OR_NAME",
                        help="only this persona (repeatable): an id, a name or the start of a name; default: all")
    export.add_argument("--xlsx", metavar="OUT.xlsx")
    export.add_argument("--png", metavar="OUT.png")
    export.add_argument("--dpi", type=int, default=150)
    export.add_argument("--svg", metavar="OUT.svg")
    export.add_argument("--all", action="store_true",
                        help=f"print every problem and warning (default: the first {SHOWN} and how many more)")
    export.set_defaults(run=_export)

    schema = sub.add_parser("schema", help="print the JSON Schema of the file format")
    schema.set_defaults(run=_schema)
    return parser


def _editor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description="Open the journey-map editor. Headless commands: "
        + ", ".join(COMMANDS)
        + " (journeymap COMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}")
    parser.add_argument("file", nargs="?", metavar="FILE", help="map file to open")
    parser.add_argument("--new", action="store_true",
                        help="start a new map at FILE (from the default template) if there is none yet")
    parser.add_argument("--recover", action="store_true", help="list unsaved work left by a crash, and exit")
    return parser


def _unknown_command(word: str) -> str | None:
    """'unknown command …; did you mean …?' for a first word that is no file but close to a command."""
    if Path(word).exists() or word.startswith("-") or word.lower().endswith(".json") or "/" in word:
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    if not close:
        return None
    return f"unknown command {word!r}; did you mean {close[0]!r}? (journeymap --help lists the commands)"


def _start_new_map(path: Path) -> str | None:
    """Write a new map from the default template at ``path``; returns why not, or None."""
    from app.model import MapFileError, save_map
    from app.model.templates import DEFAULT_TEMPLATE, new_map

    try:
        save_map(new_map(DEFAULT_TEMPLATE, path.stem.replace("-", " ").replace("_", " ") or None), path)
    except MapFileError as exc:
        return str(exc)
    return None


def _fail(message: str, status: int) -> int:
    print(f"journeymap: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        parser = _command_parser()
        args = parser.parse_args(argv)
        return int(args.run(args))
    if argv and (typo := _unknown_command(argv[0])):
        return _fail(typo, EXIT_USAGE)
    args = _editor_parser().parse_args(argv)
    if args.recover:
        from app.ui.application import list_recoveries

        return list_recoveries()
    from app.display import display_problem

    if problem := display_problem():
        return _fail(f"{problem}. Without a screen, use the headless commands: "
                     f"{', '.join(COMMANDS)} (journeymap COMMAND --help).", EXIT_USAGE)
    if args.file is not None and not Path(args.file).exists():
        if not args.new:
            return _fail(f"{args.file}: there is no such file (to start a new map there: journeymap --new "
                         f"{args.file})", EXIT_INVALID)
        if problem := _start_new_map(Path(args.file)):
            return _fail(problem, EXIT_INVALID)
    from app.ui.application import run_editor

    return run_editor(args.file)


if __name__ == "__main__":
    sys.exit(main())
