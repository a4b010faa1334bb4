"""``journeymap serve``, ``pull`` and ``push``: a map goes into a room and comes back the same, and every
failure is one clear line with exit 1 (2 for a link that is none), never a traceback."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.cli import main
from app.live.links import Link, new_token, parse_link
from app.live.server import LiveServer, ServerHandle
from app.model import load_map
from tests.conftest import ROOT, SAMPLE_FILES
from tests.live_servers import node_available, node_yjs_server

DEADLINE = 20


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerHandle]:
    handle = LiveServer("127.0.0.1", 0, tmp_path / "store", new_token()).start_in_thread()
    yield handle
    handle.stop()


def _no_traceback(captured) -> None:
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.stem)
def test_a_pushed_map_is_pulled_back_the_same(server, tmp_path, capsys, sample):
    link = server.link("workshop").url()
    assert main(["push", str(sample), link]) == 0
    assert "now in room workshop" in capsys.readouterr().out
    out = tmp_path / "pulled.json"
    assert main(["pull", link, "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert load_map(out) == load_map(sample)


def test_push_refuses_a_room_that_holds_a_map_unless_replace(server, tmp_path, capsys):
    first, second = SAMPLE_FILES[0], SAMPLE_FILES[1]
    link = server.link("room").share_text()  # the jmap:// form works as well
    assert main(["push", str(first), link]) == 0
    capsys.readouterr()
    assert main(["push", str(second), link]) == 1
    captured = capsys.readouterr()
    assert "already holds a map; --replace replaces it" in captured.err
    _no_traceback(captured)
    out = tmp_path / "still.json"
    assert main(["pull", link, "-o", str(out)]) == 0
    assert load_map(out) == load_map(first)  # the refused push changed nothing
    assert main(["push", str(second), link, "--replace"]) == 0
    assert main(["pull", link, "-o", str(out)]) == 0
    assert load_map(out) == load_map(second)


def test_pull_of_a_room_without_a_map_says_so_and_writes_nothing(server, tmp_path, capsys):
    out = tmp_path / "nothing.json"
    assert main(["pull", server.link("empty").url(), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "the room holds no map" in captured.err
    assert server.link("empty").token not in captured.err
    _no_traceback(captured)
    assert not out.exists()


def test_a_wrong_token_or_no_server_is_one_line_and_exit_1_in_time(server, tmp_path, capsys):
    out = tmp_path / "out.json"
    wrong = Link("127.0.0.1", server.port, "room", new_token()).url()
    assert main(["pull", wrong, "-o", str(out)]) == 1
    assert main(["push", str(SAMPLE_FILES[0]), wrong]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("the server refused the token") == 2
    _no_traceback(captured)
    port = server.port
    server.stop()
    started = time.monotonic()
    assert main(["pull", f"ws://127.0.0.1:{port}/room?token=x", "-o", str(out), "--timeout", "3"]) == 1
    assert time.monotonic() - started < 10
    captured = capsys.readouterr()
    assert "cannot reach the server" in captured.err and len(captured.err.splitlines()) == 1
    assert not out.exists()


def test_bad_links_and_options_are_usage_errors(server, tmp_path, capsys):
    assert main(["pull", "ws://127.0.0.1:1/?token=x", "-o", str(tmp_path / "o.json")]) == 2
    assert "names no room" in capsys.readouterr().err
    assert main(["push", str(SAMPLE_FILES[0]), "http://x:1/r?token=t"]) == 2
    assert main(["pull", server.link("r").url(), "-o", str(tmp_path / "o.json"), "--timeout", "0"]) == 2
    assert main(["serve", "--token", "short"]) == 2
    assert "too short" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    missing = tmp_path / "missing.json"
    assert main(["push", str(missing), server.link("r").url()]) == 1
    captured = capsys.readouterr()
    assert "missing.json" in captured.err
    _no_traceback(captured)


def _read_line(process: subprocess.Popen, selector: selectors.BaseSelector, deadline: float) -> str:
    """The next line the process prints, waiting until ``deadline`` (time.monotonic) at most."""
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        assert remaining > 0, "the server printed nothing in time"
        if not selector.select(remaining):
            continue
        chunk = os.read(process.stdout.fileno(), 1)
        assert chunk, "the server ended: " + process.stderr.read().decode()
        line += chunk
    return line.decode()


def _start_serve(store: Path, *options: str) -> tuple[subprocess.Popen, Link, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--lang", "en", "serve", "--port", "0", "--store", str(store), *options],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + DEADLINE
    lines = []
    while not lines or "Ctrl+C" not in lines[-1]:
        lines.append(_read_line(process, selector, deadline))
    (link_line,) = [line for line in lines if line.startswith("Link: ")]
    template = link_line.split()[1]
    return process, parse_link(template.replace("/ROOM?", "/workshop?")), lines


def _interrupt(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=DEADLINE)
    return process.returncode, out.decode(), err.decode()


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows, not SIGINT")
def test_serve_prints_its_link_stops_on_ctrl_c_and_keeps_rooms_across_restarts(tmp_path, capsys):
    store = tmp_path / "rooms"
    process, link, lines = _start_serve(store)
    try:
        assert "made for this run" in "".join(lines)
        assert len(link.token) >= 22
        assert main(["push", str(SAMPLE_FILES[0]), link.url()]) == 0
    finally:
        status, out, err = _interrupt(process)
    assert status == 0, err
    assert "Server stopped." in out and "Traceback" not in err
    # the same token and store after a restart: the room is there again
    process, again, lines = _start_serve(store, "--token", link.token)
    try:
        assert "made for this run" not in "".join(lines)
        assert again.token == link.token
        pulled = tmp_path / "pulled.json"
        assert main(["pull", again.url(), "-o", str(pulled)]) == 0
        assert load_map(pulled) == load_map(SAMPLE_FILES[0])
    finally:
        status, out, err = _interrupt(process)
    assert status == 0, err


def test_serve_says_when_its_port_is_taken(server, capsys):
    assert main(["serve", "--port", str(server.port), "--store", str(Path(server.server.store_dir))]) == 1
    captured = capsys.readouterr()
    assert f"cannot serve on 127.0.0.1:{server.port}" in captured.err
    _no_traceback(captured)


@pytest.mark.skipif(not node_available(), reason="node or tools/yjs-server/node_modules missing (scripts/setup.sh)")
def test_push_and_pull_work_through_the_reference_yjs_server(tmp_path, capsys):
    """The commands speak plain y-websocket: the reference Node server (which ignores the token) hosts the room."""
    with node_yjs_server() as base:
        link = f"{base}/workshop?token={new_token()}"
        assert main(["push", str(SAMPLE_FILES[0]), link]) == 0
        assert main(["push", str(SAMPLE_FILES[1]), link]) == 1
        out = tmp_path / "pulled.json"
        assert main(["pull", link, "-o", str(out)]) == 0
        assert load_map(out) == load_map(SAMPLE_FILES[0])
    _no_traceback(capsys.readouterr())


def test_serve_refuses_to_start_on_a_store_it_cannot_use(tmp_path, capsys):
    """pycrdt's store only logs its SQLite errors: a damaged database would lose every room without a word."""
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "rooms.sqlite3").write_bytes(b"not a database " * 100)
    assert main(["serve", "--port", "0", "--store", str(damaged)]) == 1
    captured = capsys.readouterr()
    assert "cannot keep the rooms in" in captured.err and "rooms.sqlite3" in captured.err
    _no_traceback(captured)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert main(["serve", "--port", "0", "--store", str(a_file)]) == 1
    assert "cannot keep the rooms in" in capsys.readouterr().err
