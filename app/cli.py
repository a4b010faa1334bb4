"""The ``journeymap`` command: open the editor, or validate, create and export maps headless.

Every failure a user can cause ends in a one-line message and an exit code,
never a traceback: 0 success, 1 a bad map or failed output, 2 wrong usage.

The command speaks the UI language: ``--lang de|en`` (before or after the
command), else the system locale (``app.i18n.system_language``). argparse's own
words ("usage:", "options", its errors) come from our catalogue too: argparse
looks up the module globals ``_`` and ``ngettext`` (the stdlib ``gettext``
functions) each time it shows a word, so while ``main`` runs they are our
catalogue's (:func:`_argparse_speaks_the_ui_language`); its messages are listed
for the catalogue in ``ARGPARSE_MESSAGES``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from app import __version__, i18n
from app.i18n import N_, _, ngettext

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("validate", "new", "schema", "export", "diff", "merge", "git-setup", "check", "serve", "pull", "push",
            "join")
#: the commands that need no display
HEADLESS = tuple(command for command in COMMANDS if command != "join")
#: commands only git calls (``journeymap git-setup`` registers them): not offered in the help or as typo fixes
GIT_COMMANDS = ("merge-driver", "git-diff")
#: How many problems or warnings of one file are printed without --all.
SHOWN = 10

#: argparse's messages that a user can see (Python 3.11 and later), in argparse's own %-format, for the
#: catalogue; a test checks that this lists every one the running Python's argparse has
ARGPARSE_MESSAGES: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def argparse_expected_arguments(count: int) -> str:
    """argparse's one plural message ("expected %s arguments") in the UI language: marks it for the catalogue."""
    return ngettext("expected %s argument", "expected %s arguments", count)


@contextlib.contextmanager
def _argparse_speaks_the_ui_language() -> Iterator[None]:
    """argparse's words from our catalogue while the block runs (parsers built, arguments parsed, help shown).

    argparse calls its module globals ``_`` and ``ngettext`` (``gettext.gettext``, which reads only
    ``.mo`` files of the global text domain and the environment's language) for each word it shows;
    for the block they are the UI language's, and afterwards argparse is as it was.
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = i18n._, i18n.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _requested_language(argv: Sequence[str]) -> str | None:
    """The language ``--lang X`` (or ``--lang=X``) asks for, read before the parsers are built (their help
    texts are in the UI language); None when not given or not one we speak (argparse then says so)."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif word.startswith("--lang="):
            value = word.split("=", 1)[1]
        else:
            continue
        return value if value in i18n.LANGUAGES else None
    return None


def _add_language_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=default, metavar="de|en",
                        help=_("language of the messages and of exported deliverables (default: the system's "
                               "language; for exports: the map's)"))


def _problem(exc, show_all: bool) -> str:
    """A map file error's problem: its first ten lines and how many more, or with ``--all`` every line."""
    if show_all or exc.full_problem == exc.problem:
        return exc.full_problem
    return _("{problem} (--all shows them all)").format(problem=exc.problem)


def _shown(lines: list[str], show_all: bool) -> list[str]:
    """The first ten lines and "... and N more", or all of them with ``--all``."""
    if show_all or len(lines) <= SHOWN:
        return lines
    more = len(lines) - SHOWN
    return [*lines[:SHOWN], ngettext("... and {count} more (--all shows them all)",
                                     "... and {count} more (--all shows them all)", more).format(count=more)]


def _validate(args: argparse.Namespace) -> int:
    from app.model import MapFileError, load_map

    status = EXIT_OK
    for name in args.files:
        try:
            journey_map = load_map(name)
        except MapFileError as exc:
            print(_("{file}: {problem}").format(file=name, problem=_problem(exc, args.all)))
            status = EXIT_INVALID
            continue
        if journey_map.conflicts:
            from app.merge.report import conflict_lines

            count = len(journey_map.conflicts)
            print(ngettext("{file}: a valid map, with {count} merge conflict to decide:",
                           "{file}: a valid map, with {count} merge conflicts to decide:", count).format(
                file=name, count=count))
            for line in _shown(conflict_lines(journey_map), args.all):
                print(f"  {line}")
            status = EXIT_INVALID
        else:
            print(_("{file}: ok").format(file=name))
    return status


def _new(args: argparse.Namespace) -> int:
    from app.model import MapFileError, save_map
    from app.model.templates import new_map

    output = Path(args.output)
    if output.exists() and not args.force:
        print(_("{file}: already exists; use --force to replace it").format(file=output), file=sys.stderr)
        return EXIT_INVALID
    try:
        journey_map = new_map(args.template, args.title)
        save_map(journey_map, output)
    except MapFileError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    print(_("{file}: new map from template {template}").format(file=output, template=repr(args.template)))
    return EXIT_OK


def _schema(_args: argparse.Namespace) -> int:
    from app.model.json_schema import json_schema_text

    sys.stdout.write(json_schema_text())
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from app.export import ExportError
    from app.export.targets import TARGETS, ExportChoices, OutputNameError, export, output_name
    from app.model import MapFileError, load_map

    outputs = [(kind, getattr(args, kind)) for kind in TARGETS if getattr(args, kind)]
    if not outputs:
        options = [f"--{kind}" for kind in TARGETS]
        print(_("journeymap export: name at least one output ({options} or {last})").format(
            options=", ".join(options[:-1]), last=options[-1]), file=sys.stderr)
        return EXIT_USAGE
    # Every name checked before anything is read or written: a workbook named .pdf, or over the map itself, is
    # bad usage, and a name without an ending gets its format's.
    named = []
    for kind, output in outputs:
        try:
            named.append((kind, str(output_name(kind, output))))
        except OutputNameError as exc:
            print(_("journeymap export: --{option} {file}: {problem}").format(option=kind, file=output, problem=exc),
                  file=sys.stderr)
    if len(named) < len(outputs):
        return EXIT_USAGE
    outputs = named
    if args.handout and not args.pdf:
        print(_("journeymap export: --handout is a PDF: name its file with --pdf"), file=sys.stderr)
        return EXIT_USAGE
    try:
        journey_map = load_map(args.map)
    except MapFileError as exc:
        problem = _problem(exc, args.all)
        print(problem if exc.path is None else _("{file}: {problem}").format(file=exc.path, problem=problem),
              file=sys.stderr)
        return EXIT_INVALID
    status = EXIT_OK
    try:
        from app.export.pdf import resolve_personas

        persona_ids = resolve_personas(journey_map, args.persona)
    except ExportError as exc:
        print(_("journeymap export: {problem}").format(problem=exc), file=sys.stderr)
        return EXIT_INVALID
    choices = ExportChoices(personas=persona_ids, paper=args.paper, landscape=not args.portrait, tile=args.tile,
                            scale=args.scale, dpi=args.dpi, source=Path(args.map), language=args.lang,
                            summary=args.summary, comparison=args.comparison, matrix=args.matrix, kpis=args.kpis,
                            handout=args.handout, same_scale=not args.scale_each)
    for kind, output in outputs:
        try:
            written = export(kind, journey_map, output, choices)
        except ExportError as exc:
            if commands := _suggested_commands(exc, args, output):
                print(_("{file}: {problem} Run instead: {commands}").format(file=output, problem=exc,
                                                                           commands=commands), file=sys.stderr)
            else:
                print(_("{file}: {problem}").format(file=output, problem=exc), file=sys.stderr)
            status = EXIT_INVALID
            continue
        except Exception as exc:  # a fault of this app, not a refusal: one line for this file, the others go on
            print(_("{file}: the export stopped on an unexpected error: {error}").format(
                file=output, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
            status = EXIT_INVALID
            continue
        for warning in _shown(list(written.warnings), args.all):
            print(_("{file}: warning: {warning}").format(file=output, warning=warning), file=sys.stderr)
        if args.strict and written.warnings:
            print(_("{file}: written, but with warnings: exit 1 (--strict)").format(file=output), file=sys.stderr)
            status = EXIT_INVALID
            continue
        print(_("{file}: written ({summary})").format(file=output, summary=written.summary) if written.summary
              else _("{file}: written").format(file=output))
    return status


def _suggested_commands(exc, args: argparse.Namespace, output: str) -> str:
    """The error's suggestions as whole commands to copy, for this map, poster file and personas ("" if none)."""
    import shlex

    if not exc.suggestions:
        return ""
    base = ["journeymap", "export", args.map, "--pdf", output]
    for persona in args.persona:
        base += ["--persona", persona]
    if args.portrait:
        base.append("--portrait")
    if args.lang:
        base += ["--lang", args.lang]
    base += [f"--no-{page}" for page in ("summary", "comparison", "matrix", "kpis") if not getattr(args, page, True)]
    commands = [f"`{shlex.join(base + options)}`" for options in exc.suggestions]
    if len(commands) == 1:
        return commands[0]
    return _("{commands} or {last}").format(commands=", ".join(commands[:-1]), last=commands[-1])


def _command_parser() -> argparse.ArgumentParser:
    from app.model.templates import DEFAULT_TEMPLATE, template_names

    parser = argparse.ArgumentParser(
        prog="journeymap",
        description=_("Customer journey maps. Without a command: open the editor (journeymap [FILE])."),
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}",
                        help=_("show program's version number and exit"))  # argparse 3.11 has no _() for it
    _add_language_option(parser)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=help_text, description=help_text)
        _add_language_option(found, default=argparse.SUPPRESS)  # given after the command; keeps one given before
        return found

    validate = command("validate", _("check map files; exit 1 if any is invalid or has merge conflicts to decide"))
    validate.add_argument("files", nargs="+", metavar="FILE", help=_("a map file (.json)"))
    validate.add_argument("--all", action="store_true",
                          help=_("print every problem of a file (default: the first {count} and how many "
                                 "more)").format(count=SHOWN))
    validate.set_defaults(run=_validate)

    new = command("new", _("write a new map from a template"))
    new.add_argument("--template", default=DEFAULT_TEMPLATE, choices=template_names(),
                     help=_("the template (default: {name})").format(name=DEFAULT_TEMPLATE))
    new.add_argument("--title", help=_("title of the new map"))
    new.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the file to write"))
    new.add_argument("--force", action="store_true", help=_("replace an existing file"))
    new.set_defaults(run=_new)

    export = command("export", _("write a PDF poster, an Excel workbook, images or a CSV table of a map"))
    export.add_argument("map", metavar="MAP", help=_("the map file (.json)"))
    export.add_argument("--pdf", metavar="OUT.pdf", help=_("write the poster as a PDF file"))
    export.add_argument("--handout", action="store_true",
                        help=_("write a handout instead of the poster: each persona's map split by phase range "
                               "on A4 pages (or --paper Letter), card text at 9 pt"))
    export.add_argument("--scale-each", action="store_true",
                        help=_("print each persona's poster page as large as its sheet allows (by default all "
                               "personas print at one scale, so their pages compare side by side)"))
    export.add_argument("--paper", default="auto",
                        help=_("auto, A0..A4, Letter, Tabloid or WIDTHxHEIGHTmm (default auto: the smallest of "
                               "A4..A0 on which card text prints at 6 pt or more); the workbook prints on A4, or on "
                               "Letter when asked"))
    export.add_argument("--portrait", action="store_true", help=_("portrait instead of landscape"))
    export.add_argument("--tile", metavar="PAPER",
                        help=_("print the poster on sheets of this paper (A4, A3, Letter, or WIDTHxHEIGHTmm: at "
                               "least 90 mm a side, at most 1600 mm on the shorter), after an assembly sheet that "
                               "names them (A1, A2, … B1: letter = row, number = column); sheets that hold "
                               "nothing of the poster are left out; without --paper the poster gets as many sheets "
                               "as card text at --scale needs"))
    export.add_argument("--scale", metavar="SIZE",
                        help=_("card text size of a tiled poster: 9pt (default), or a factor of the screen size "
                               "like 0.9 or 90%%"))
    export.add_argument("--persona", action="append", default=[], metavar="ID_OR_NAME",
                        help=_("only this persona, in every output (repeatable): an id, a name or the start of a "
                               "name; default: all"))
    export.add_argument("--no-summary", dest="summary", action="store_false",
                        help=_("leave out the poster's first page, the executive summary"))
    export.add_argument("--no-comparison", dest="comparison", action="store_false",
                        help=_("leave out the persona comparison page (printed when two or more personas are)"))
    export.add_argument("--no-matrix", dest="matrix", action="store_false",
                        help=_("leave out the opportunity matrix page (printed when an opportunity has a value "
                               "and an effort)"))
    export.add_argument("--no-kpis", dest="kpis", action="store_false",
                        help=_("leave out the KPI page (printed when the map has KPIs)"))
    export.add_argument("--xlsx", metavar="OUT.xlsx", help=_("write the Excel workbook"))
    export.add_argument("--png", metavar="OUT.png", help=_("write the map as a PNG image"))
    export.add_argument("--dpi", type=int, default=150, help=_("resolution of the PNG image (default: 150)"))
    export.add_argument("--svg", metavar="OUT.svg", help=_("write the map as an SVG image"))
    export.add_argument("--csv", metavar="OUT.csv",
                        help=_("write a table for BI tools and spreadsheets: one row per card and per emotion "
                               "point (UTF-8, comma-separated)"))
    export.add_argument("--all", action="store_true",
                        help=_("print every problem and warning (default: the first {count} and how many "
                               "more)").format(count=SHOWN))
    export.add_argument("--strict", action="store_true",
                        help=_("exit 1 when the export warns: characters no font can print, text cut or dropped "
                               "(the file is still written)"))
    export.set_defaults(run=_export)

    schema = command("schema", _("print the JSON Schema of the file format"))
    schema.set_defaults(run=_schema)
    from app.merge.commands import add_commands

    add_commands(command)
    from app.insight.commands import add_commands as add_check_command

    add_check_command(command)
    from app.live.commands import add_commands as add_live_commands

    add_live_commands(command)
    join = command("join", _("open the editor in a live session, from the link its host gave"))
    join.add_argument("link", metavar="LINK", help=_("the room's link (jmap://, ws://, wss:// or hocuspocus://…?token=…)"))
    join.set_defaults(run=_join)
    return parser


def _join(args: argparse.Namespace) -> int:
    """The editor, joined to a room: a bad link or no display is told before Qt starts."""
    from app.display import display_problem
    from app.live.links import LinkError, parse_link

    try:
        parse_link(args.link)
    except LinkError as error:
        return _fail(str(error), EXIT_USAGE)
    if problem := display_problem():
        return _fail(_("{problem}. Without a screen, use the headless commands: {commands} (journeymap COMMAND "
                       "--help).").format(problem=problem, commands=", ".join(HEADLESS)), EXIT_USAGE)
    from app.ui.application import run_editor

    return run_editor(None, join=args.link)


def _editor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journeymap",
        description=_("Open the journey-map editor. Headless commands: {commands} (journeymap COMMAND "
                      "--help).").format(commands=", ".join(COMMANDS)),
    )
    parser.add_argument("--version", action="version", version=f"journeymap {__version__}",
                        help=_("show program's version number and exit"))  # argparse 3.11 has no _() for it
    _add_language_option(parser)
    parser.add_argument("file", nargs="?", metavar="FILE", help=_("map file to open"))
    parser.add_argument("--new", action="store_true",
                        help=_("start a new map at FILE (from the default template) if there is none yet"))
    parser.add_argument("--recover", action="store_true", help=_("list unsaved work left by a crash, and exit"))
    return parser


def _unknown_command(word: str) -> str | None:
    """'unknown command …; did you mean …?' for a first word that is no file but close to a command."""
    if Path(word).exists() or word.startswith("-") or word.lower().endswith(".json") or "/" in word:
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    if not close:
        return None
    return _("unknown command {word}; did you mean {command}? (journeymap --help lists the commands)").format(
        word=repr(word), command=repr(close[0]))


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
    print(_("journeymap: {message}").format(message=message), file=sys.stderr)
    return status


def _first_word(argv: Sequence[str]) -> str | None:
    """The first word after any leading ``--lang X``: the command, a file, or another option."""
    index = 0
    while index < len(argv):
        if argv[index] == "--lang":
            index += 2
        elif argv[index].startswith("--lang="):
            index += 1
        else:
            return argv[index]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; the UI language is ``--lang``'s, else the system's."""
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_requested_language(argv) or i18n.system_language())
    with _argparse_speaks_the_ui_language():
        try:
            return _main(argv)
        except BrokenPipeError:  # the reader stopped early (journeymap diff … | head): not an error of ours
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK


def _main(argv: list[str]) -> int:
    first = _first_word(argv)
    if first in COMMANDS or first in GIT_COMMANDS:
        parser = _command_parser()
        args = parser.parse_args(argv)
        return int(args.run(args))
    if first is not None and (typo := _unknown_command(first)):
        return _fail(typo, EXIT_USAGE)
    args = _editor_parser().parse_args(argv)
    if args.recover:
        from app.ui.application import list_recoveries

        return list_recoveries()
    from app.display import display_problem

    if problem := display_problem():
        return _fail(_("{problem}. Without a screen, use the headless commands: {commands} (journeymap COMMAND "
                       "--help).").format(problem=problem, commands=", ".join(HEADLESS)), EXIT_USAGE)
    if args.file is not None and not Path(args.file).exists():
        if not args.new:
            return _fail(_("{file}: there is no such file (to start a new map there: journeymap --new "
                           "{file})").format(file=args.file), EXIT_INVALID)
        if problem := _start_new_map(Path(args.file)):
            return _fail(problem, EXIT_INVALID)
    from app.ui.application import run_editor

    return run_editor(args.file, language=args.lang)  # --lang beats the language chosen in Preferences


if __name__ == "__main__":
    sys.exit(main())
