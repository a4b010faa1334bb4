"""Start the pinned reference Yjs server (tools/yjs-server) for interop tests.

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_DIR = ROOT / "tools" / "yjs-server"
#: the package's ``y-websocket-server`` bin, run with node directly so no shell or npm sits in between
SERVER_SCRIPT = SERVER_DIR / "node_modules" / "@y" / "websocket-server" / "src" / "server.js"
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
    node = shutil.which("node")
    if node is None or not SERVER_SCRIPT.is_file():
        raise RuntimeError("node or the reference Yjs server is missing: run scripts/setup.sh")
    port = free_port() if port is None else port
    env = {key: value for key, value in os.environ.items()
           # no persistence to disk, no HTTP callbacks, whatever the caller's environment says
           if key not in {"YPERSISTENCE", "CALLBACK_URL", "CALLBACK_OBJECTS"}}
    env.update(HOST=HOST, PORT=str(port))
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([node, str(SERVER_SCRIPT)], cwd=SERVER_DIR, env=env,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)

        def server_output() -> str:
            output.seek(0)
            return output.read().decode("utf-8", "replace").strip()

        try:
            deadline = time.monotonic() + START_DEADLINE
            while not accepts(port):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the reference Yjs server did not accept connections on port {port} "
                                       f"within {START_DEADLINE:.0f} s; its output:\n{server_output()}")
                try:
                    code = process.wait(timeout=0.05)  # the poll interval, and a check that it is still alive
                except subprocess.TimeoutExpired:
                    continue
                raise RuntimeError(f"the reference Yjs server exited with code {code} before accepting "
                                   f"connections; its output:\n{server_output()}")
            yield f"ws://{HOST}:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
