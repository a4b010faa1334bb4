"""The CLI's live-session commands: ``serve`` runs rooms headless, ``pull`` and ``push`` copy a map out and in.

Exit codes as elsewhere in the CLI: 0 done, 1 failed (no server, wrong token,
a room without a map, a refused push, a file that cannot be read or written),
2 wrong usage (a link or token that is not one).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Iterator

from app.i18n import _

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: seconds ``pull`` and ``push`` wait for a server (each connection) by default
DEFAULT_TIMEOUT = 10.0
#: the shortest token ``serve --token`` accepts: 22 link characters carry 128 bits when random
MIN_TOKEN_LENGTH = 22

COMMANDS = ("serve", "pull", "push")


def add_commands(command) -> None:
    """Add the commands to the CLI's parser; ``command(name, help)`` makes a sub-parser."""
    from app.live.server import DEFAULT_HOST, DEFAULT_PORT

    serve = command("serve", _("run a live-session server for any number of rooms, without a display; Ctrl+C "
                               "stops it"))
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=_("the address to listen on (default: {host}, this computer only; 0.0.0.0: every "
                              "network of this computer)").format(host=DEFAULT_HOST))
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=_("the port to listen on (default: {port}; 0: a free one)").format(port=DEFAULT_PORT))
    serve.add_argument("--store", metavar="DIR",
                       help=_("the folder that keeps the rooms, so they survive a restart (default: the app's "
                              "data folder)"))
    serve.add_argument("--token", metavar="T",
                       help=_("the token every link needs (default: a new random one, printed at start)"))
    serve.set_defaults(run=run_serve)

    timeout = {"type": float, "default": DEFAULT_TIMEOUT, "metavar": "SECONDS",
               "help": _("how long to wait for the server (default: {seconds} seconds)").format(
                   seconds=f"{DEFAULT_TIMEOUT:g}")}
    pull = command("pull", _("write the map a live room holds into a file"))
    pull.add_argument("link", metavar="LINK", help=_("the room's link (jmap://, ws://, wss:// or hocuspocus://…?token=…)"))
    pull.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the map file to write"))
    pull.add_argument("--timeout", **timeout)
    pull.set_defaults(run=run_pull)

    push = command("push", _("put a map into an empty live room (--replace: into one that holds a map)"))
    push.add_argument("map", metavar="MAP", help=_("the map file (.json)"))
    push.add_argument("link", metavar="LINK", help=_("the room's link (jmap://, ws://, wss:// or hocuspocus://…?token=…)"))
    push.add_argument("--replace", action="store_true",
                      help=_("replace the map the room holds (everyone in the room sees the new one)"))
    push.add_argument("--timeout", **timeout)
    push.set_defaults(run=run_push)


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _link(text: str):
    """The parsed link, or None after saying what is wrong with it."""
    from app.live.links import LinkError, parse_link

    try:
        return parse_link(text)
    except LinkError as exc:
        _error(str(exc))
        return None


def _token_problem(token: str) -> str | None:
    from app.live.links import TOKEN_PATTERN

    if not TOKEN_PATTERN.fullmatch(token):
        return _("--token: only letters, digits and - _ . ~ can be in a link's token")
    if len(token) < MIN_TOKEN_LENGTH:
        return _("--token: too short to guard a room: at least {count} characters (or leave it out for a "
                 "random one)").format(count=MIN_TOKEN_LENGTH)
    return None


def _shown_host(host: str) -> str:
    """The host a link names: this computer's name when the server listens on every address."""
    if host in ("0.0.0.0", "::", ""):
        import socket

        return socket.gethostname()
    return host


def run_serve(args: argparse.Namespace) -> int:
    import anyio

    from app.live.links import Link, new_token
    from app.live.server import LiveServer, StoreError, one_error
    from app.live.transport import is_loopback

    if not 0 <= args.port <= 65535:
        _error(_("--port: a number from 0 to 65535"))
        return EXIT_USAGE
    if args.token is not None and (problem := _token_problem(args.token)):
        _error(problem)
        return EXIT_USAGE
    token = args.token or new_token()
    server = LiveServer(args.host, args.port, args.store or "", token)

    async def serve() -> None:
        async with anyio.create_task_group() as tasks:
            await tasks.start(server.run)
            example = Link(_shown_host(args.host), server.port, "ROOM", token).url()
            print(_("Serving live rooms on {host}:{port}; rooms are kept in {folder}").format(
                host=args.host, port=server.port, folder=server.store_dir))
            print(_("Link: {link} (ROOM: a name of letters, digits and - _ .)").format(link=example))
            if args.token is None:
                print(_("The token was made for this run; give --token to keep it across restarts."))
            if not is_loopback(args.host):
                print(_("Others on the network can reach this server: anyone with the link joins a room."))
            print(_("Ctrl+C stops the server."), flush=True)
            await _wait_for_stop_signal()
            server.stop_soon()

    try:
        try:
            with _log_one_line_each():
                anyio.run(serve)
        except BaseExceptionGroup as group:
            raise one_error(group) from None
    except KeyboardInterrupt:  # systems without signal receivers (Windows): the server stopped with the loop
        pass
    except StoreError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        _error(_("cannot serve on {host}:{port}: {reason}").format(
            host=args.host, port=args.port, reason=exc.strerror or exc))
        return EXIT_FAILED
    print(_("Server stopped."))
    return EXIT_OK


class _OneLine(logging.Formatter):
    """The server's log on stderr: what went wrong in one line, no traceback (a peer's garbage is not ours)."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.exc_info = record.exc_text = record.stack_info = None
        return super().format(record)


@contextlib.contextmanager
def _log_one_line_each() -> Iterator[None]:
    """While the server runs: its warnings and its libraries' on stderr, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("journeymap serve: %(message)s"))
    handler.setLevel(logging.WARNING)
    loggers = [logging.getLogger(name) for name in ("app.live", "websockets", "pycrdt")]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate


async def _wait_for_stop_signal() -> None:
    """Return at Ctrl+C or SIGTERM (where the system lets a loop receive signals; else Ctrl+C interrupts)."""
    import signal

    import anyio

    try:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for _signal in signals:
                return
    except NotImplementedError:
        await anyio.sleep_forever()


def _run_session(work, timeout: float) -> int:
    """Run ``work()`` (a coroutine function) with an overall deadline; LiveError → its message, exit 1."""
    import anyio

    from app.live.transport import CLOSE_TIMEOUT, LiveError

    async def bounded():
        with anyio.fail_after(2 * timeout + 2 * CLOSE_TIMEOUT):
            return await work()

    try:
        return anyio.run(bounded)
    except LiveError as exc:
        _error(str(exc))
        return EXIT_FAILED
    except TimeoutError:
        _error(_("no answer from the server within {seconds} seconds").format(seconds=f"{timeout:g}"))
        return EXIT_FAILED


def _checked_link(args: argparse.Namespace):
    """The link of ``pull`` or ``push``, or None (told) when it or ``--timeout`` is not usable."""
    link = _link(args.link)
    if link is not None and not args.timeout > 0:
        _error(_("--timeout: a number of seconds above 0"))
        return None
    return link


def run_pull(args: argparse.Namespace) -> int:
    from pycrdt import Doc

    from app.live.transport import connect
    from app.live.ydoc import LiveMapError, read_map
    from app.model import MapFileError, save_map

    link = _checked_link(args)
    if link is None:
        return EXIT_USAGE

    async def pull() -> int:
        doc = Doc()
        async with connect(link, doc, timeout=args.timeout):
            pass
        try:
            live = read_map(doc)
        except LiveMapError as exc:
            _error(_("{link}: the room's map cannot be read: {reason}").format(link=link.without_token(),
                                                                               reason=exc))
            return EXIT_FAILED
        if live.journey_map is None:
            _error(_("{link}: the room holds no map (journeymap push MAP LINK puts one there)").format(
                link=link.without_token()))
            return EXIT_FAILED
        for repair in live.repairs:
            _error(_("repaired: {repair}").format(repair=repair))
        try:
            save_map(live.journey_map, args.output)
        except MapFileError as exc:
            _error(str(exc))
            return EXIT_FAILED
        print(_("{file}: the map of room {room}").format(file=args.output, room=link.room))
        return EXIT_OK

    return _run_session(pull, args.timeout)


def run_push(args: argparse.Namespace) -> int:
    from pycrdt import Doc

    from app.live.transport import connect
    from app.live.ydoc import LiveMapError, holds_map, read_map, write_map
    from app.model import MapFileError, load_map

    link = _checked_link(args)
    if link is None:
        return EXIT_USAGE
    try:
        journey_map = load_map(args.map)
    except MapFileError as exc:
        _error(str(exc))
        return EXIT_FAILED

    async def push() -> int:
        doc = Doc()
        async with connect(link, doc, timeout=args.timeout):
            if holds_map(doc) and not args.replace:
                _error(_("{link}: the room already holds a map; --replace replaces it").format(
                    link=link.without_token()))
                return EXIT_FAILED
            # one transaction that changes only what differs: the others in the room see the new map at once,
            # never an empty one, and items both maps have keep their identity
            write_map(doc, journey_map)
        # what the room holds now, over a connection of its own: the push is done only when it reads back
        check = Doc()
        async with connect(link, check, timeout=args.timeout):
            pass
        try:
            kept = read_map(check).journey_map
        except LiveMapError:
            kept = None
        if kept != journey_map:
            _error(_("{link}: the room does not hold the map as it was sent (another client changed it, or "
                     "the server did not keep it)").format(link=link.without_token()))
            return EXIT_FAILED
        print(_("{file}: now in room {room}").format(file=args.map, room=link.room))
        return EXIT_OK

    return _run_session(push, args.timeout)
