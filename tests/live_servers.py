"""Start the pinned Node servers (tools/yjs-server, tools/hocuspocus-server) and Redis for interop tests.

Why a helper and not a fixture: the tests run it inside their own event loops and deadlines, and the lead's
live-session tests will reuse it. The server is the npm package ``@y/websocket-server`` pinned in
tools/yjs-server/package.json; ``scripts/setup.sh`` installs it when Node is present.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import anyio
from pycrdt import Doc, Map

from app.live.links import parse_link
from app.live.transport import connect

ROOT = Path(__file__).resolve().parent.parent
SERVER_DIR = ROOT / "tools" / "yjs-server"
#: the package's ``y-websocket-server`` bin, run with node directly so no shell or npm sits in between
SERVER_SCRIPT = SERVER_DIR / "node_modules" / "@y" / "websocket-server" / "src" / "server.js"
#: our Hocuspocus server script, and a file its ``npm ci`` installs (tools/hocuspocus-server)
HOCUSPOCUS_DIR = ROOT / "tools" / "hocuspocus-server"
HOCUSPOCUS_SCRIPT = HOCUSPOCUS_DIR / "server.mjs"
HOCUSPOCUS_PACKAGE = HOCUSPOCUS_DIR / "node_modules" / "@hocuspocus" / "server" / "package.json"
HOST = "127.0.0.1"
START_DEADLINE = 20.0  # seconds until the server must accept TCP connections
STOP_GRACE = 5.0  # seconds after SIGTERM before the server is killed


def node_available() -> bool:
    """True when the node binary and the installed server (npm ci in tools/yjs-server) are both present."""
    return shutil.which("node") is not None and SERVER_SCRIPT.is_file()


def free_port() -> int:
    """A loopback port nobody listens on now (bound, read, released: another process could take it, rarely)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def accepts(port: int) -> bool:
    """True when something on the loopback port accepts a TCP connection now."""
    try:
        with socket.create_connection((HOST, port), timeout=0.2):
            return True
    except OSError:
        return False


@contextmanager
def node_yjs_server(port: int | None = None) -> Iterator[str]:
    """Run the reference server on a loopback port; yield its base URL ``ws://127.0.0.1:PORT``.

    A room is the URL path after the base (``BASE/room1?token=abc`` is room ``room1``: the server drops the
    query). Raises RuntimeError with the server's output when it exits before accepting connections or does
    not accept them within START_DEADLINE.
    """
    if shutil.which("node") is None or not SERVER_SCRIPT.is_file():
        raise RuntimeError("node or the reference Yjs server is missing: run scripts/setup.sh")
    port = free_port() if port is None else port
    env = {key: value for key, value in os.environ.items()
           # no persistence to disk, no HTTP callbacks, whatever the caller's environment says
           if key not in {"YPERSISTENCE", "CALLBACK_URL", "CALLBACK_OBJECTS"}}
    env.update(HOST=HOST, PORT=str(port))
    with _running([str(SERVER_SCRIPT)], SERVER_DIR, env, port, "the reference Yjs server"):
        yield f"ws://{HOST}:{port}"


def hocuspocus_available() -> bool:
    """True when the node binary and the installed Hocuspocus server (npm ci in tools/hocuspocus-server) are
    both present."""
    return shutil.which("node") is not None and HOCUSPOCUS_PACKAGE.is_file()


def redis_available() -> bool:
    """True when redis-server is installed (the several-nodes test starts one of its own)."""
    return shutil.which("redis-server") is not None


@contextmanager
def hocuspocus_server(token: str, port: int | None = None, redis_port: int | None = None,
                      data_dir: Path | None = None) -> Iterator[int]:
    """Run tools/hocuspocus-server/server.mjs on a loopback port with ``token``; yield the port.

    ``redis_port``: join the Redis on that loopback port (several nodes); ``data_dir``: keep rooms there.
    RuntimeError with the server's output when it exits before accepting connections or is too slow.
    """
    if not hocuspocus_available():
        raise RuntimeError("node or the Hocuspocus server is missing: run scripts/setup.sh")
    port = free_port() if port is None else port
    env = {key: value for key, value in os.environ.items()
           if key not in {"REDIS_HOST", "REDIS_PORT", "DATA_DIR", "TOKEN"}}
    env.update(HOST=HOST, PORT=str(port), TOKEN=token)
    if redis_port is not None:
        env.update(REDIS_HOST=HOST, REDIS_PORT=str(redis_port))
    if data_dir is not None:
        env.update(DATA_DIR=str(data_dir))
    with _running([str(HOCUSPOCUS_SCRIPT)], HOCUSPOCUS_DIR, env, port, "the Hocuspocus server"):
        yield port


@contextmanager
def redis_server() -> Iterator[int]:
    """Run a throwaway redis-server on a loopback port (no disk, no config file); yield the port."""
    redis = shutil.which("redis-server")
    if redis is None:
        raise RuntimeError("redis-server is not installed")
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        command = [redis, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no",
                   "--dir", workdir, "--protected-mode", "yes"]
        with _running(command, Path(workdir), dict(os.environ), port, "redis-server", node=False):
            yield port


@contextmanager
def _running(command: list[str], cwd: Path, env: dict[str, str], port: int, name: str,
             node: bool = True) -> Iterator[None]:
    """Run ``command`` (with node in front when ``node``) until the context ends; wait until it accepts TCP
    connections on ``port``; RuntimeError with its output when it exits first or takes too long."""
    executable = shutil.which("node") if node else None
    argv = ([executable] if executable else []) + command
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(argv, cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)

        def server_output() -> str:
            output.seek(0)
            return output.read().decode("utf-8", "replace").strip()

        try:
            deadline = time.monotonic() + START_DEADLINE
            while not accepts(port):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not accept connections on port {port} "
                                       f"within {START_DEADLINE:.0f} s; its output:\n{server_output()}")
                try:
                    code = process.wait(timeout=0.05)  # the poll interval, and a check that it is still alive
                except subprocess.TimeoutExpired:
                    continue
                raise RuntimeError(f"{name} exited with code {code} before accepting "
                                   f"connections; its output:\n{server_output()}")
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


#: seconds for any one exchange with a server in the interop tests
DEADLINE = 10.0


@asynccontextmanager
async def synced_client(url: str, doc: Doc | None = None) -> AsyncIterator[Doc]:
    """A document (new, or ``doc``) connected to ``url`` through the app's own transport and synced with the
    room's state."""
    doc = Doc() if doc is None else doc
    async with connect(parse_link(url), doc, timeout=DEADLINE):
        yield doc


async def until(doc: Doc, condition: Callable[[], bool]) -> None:
    """Return once ``condition()`` holds, checking after every transaction on ``doc`` (no polling sleeps)."""
    changed = anyio.Event()
    subscription = doc.observe(lambda _event: changed.set())
    try:
        while not condition():
            await changed.wait()
            changed = anyio.Event()
    finally:
        doc.unobserve(subscription)


def title_of(doc: Doc) -> str | None:
    """The test rooms' one field: the title in the root map ``m``."""
    return doc.get("m", type=Map).get("title")
