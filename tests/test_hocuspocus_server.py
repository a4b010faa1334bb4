"""Rooms on a Hocuspocus server (tools/hocuspocus-server): the headless client, the CLI and the editor share
maps through it, a wrong token is refused at once, and two nodes on one Redis serve one room.

Why: Hocuspocus frames every message with the document name and wants the token in an Auth message first;
a plain y-websocket client gets no answer at all, so each of these would hang or fail without the framing
(``app.live.hocuspocus``). Skipped when Node or tools/hocuspocus-server/node_modules is missing (the Redis
test also when redis-server is).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import anyio
import pytest
from pycrdt import Doc, Map

from app.cli import main
from app.live.links import new_token, parse_link
from app.live.transport import LiveError, connect
from app.live.ydoc import holds_map
from app.model import load_map
from tests.conftest import SAMPLE_FILES
from tests.live_servers import (
    DEADLINE,
    HOST,
    hocuspocus_available,
    hocuspocus_server,
    redis_available,
    redis_server,
    synced_client,
    title_of,
    until,
)

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.skipif(not hocuspocus_available(),
                       reason="node or tools/hocuspocus-server/node_modules missing (scripts/setup.sh installs them)"),
]

TOKEN = new_token()


def _link(port: int, room: str, token: str = TOKEN) -> str:
    return f"hocuspocus://{HOST}:{port}/{room}?token={token}"








def test_two_headless_clients_share_a_room_and_rooms_are_separate():
    """B joins and gets A's map, A gets B's edit back; a client of another room sees none of it. A's map was
    made before it connected (as an editor's offline edits are): it reaches the server only as A's answer
    to the server's SyncStep1."""

    async def main_() -> None:
        offline = Doc()
        offline["m"] = Map({"title": "x"})
        with hocuspocus_server(TOKEN) as port, anyio.fail_after(3 * DEADLINE):
            async with synced_client(_link(port, "room1"), offline) as doc_a, \
                    synced_client(_link(port, "room1")) as doc_b:
                await until(doc_b, lambda: title_of(doc_b) == "x")
                doc_b.get("m", type=Map)["title"] = "y"
                await until(doc_a, lambda: title_of(doc_a) == "y")
                async with synced_client(_link(port, "room2")) as doc_c:
                    assert title_of(doc_c) is None

    asyncio.run(main_())


def test_a_wrong_token_is_refused_at_once_with_a_clear_message():
    """The server's PermissionDenied is the same "refused the token" as on our own server, not a timeout."""

    async def main_() -> None:
        with hocuspocus_server(TOKEN) as port:
            started = time.monotonic()
            with pytest.raises(LiveError, match="the server refused the token"):
                async with connect(parse_link(_link(port, "room1", new_token())), Doc(), timeout=DEADLINE):
                    pass
            assert time.monotonic() - started < DEADLINE / 2

    asyncio.run(main_())


def test_push_then_pull_through_a_server_that_keeps_rooms(tmp_path, capsys):
    """The CLI's push (and its read-back on a new connection) and pull, with DATA_DIR keeping the room; a
    wrong token is one clear line with exit 1."""
    with hocuspocus_server(TOKEN, data_dir=tmp_path / "rooms") as port:
        link = _link(port, "workshop")
        assert main(["push", str(SAMPLE_FILES[0]), link]) == 0
        assert main(["push", str(SAMPLE_FILES[1]), link]) == 1  # the room holds a map: --replace needed
        out = tmp_path / "pulled.json"
        assert main(["pull", link, "-o", str(out)]) == 0
        assert load_map(out) == load_map(SAMPLE_FILES[0])
        capsys.readouterr()
        assert main(["pull", _link(port, "workshop", "x" * 32), "-o", str(tmp_path / "no.json"),
                     "--timeout", "5"]) == 1
        captured = capsys.readouterr()
        assert f"hocuspocus://{HOST}:{port}/workshop: the server refused the token" in captured.err
        assert "x" * 32 not in captured.err and "Traceback" not in captured.err
        assert not (tmp_path / "no.json").exists()
    assert (tmp_path / "rooms" / "workshop.ydoc").is_file()


@pytest.mark.skipif(not redis_available(), reason="redis-server is not installed")
def test_two_nodes_on_one_redis_serve_one_room(tmp_path):
    """A map pushed through node A is pulled from node B: the Redis extension carried it (no DATA_DIR, so
    neither node could have read it from a shared folder)."""

    async def watch_and_pull(port_b: int, push: Callable[[], int]) -> None:
        with anyio.fail_after(3 * DEADLINE):
            async with synced_client(_link(port_b, "team")) as watcher:  # keeps the room open on node B
                assert await anyio.to_thread.run_sync(push) == 0
                await until(watcher, lambda: holds_map(watcher))

    with redis_server() as redis_port, hocuspocus_server(TOKEN, redis_port=redis_port) as port_a, \
            hocuspocus_server(TOKEN, redis_port=redis_port) as port_b:
        asyncio.run(watch_and_pull(port_b, lambda: main(["push", str(SAMPLE_FILES[0]), _link(port_a, "team")])))
        # the watcher has left; a pull from B while a client holds the room on A only
        out = tmp_path / "from-b.json"

        async def hold_a_and_pull_b() -> None:
            with anyio.fail_after(3 * DEADLINE):
                async with synced_client(_link(port_a, "team")):
                    code = await anyio.to_thread.run_sync(
                        lambda: main(["pull", _link(port_b, "team"), "-o", str(out)]))
                    assert code == 0

        asyncio.run(hold_a_and_pull_b())
        assert load_map(out) == load_map(SAMPLE_FILES[0])


def test_the_editor_joins_a_room_on_hocuspocus_and_edits_go_both_ways(qtbot, tmp_path, sample_path):
    """MainWindow.join_session on a hocuspocus:// link shows the room's map (the pipe's framing); presence and
    an edit in one window reach the other; a wrong token is refused with a message, not a hang."""
    from app.ui import live_dialogs, settings
    from app.ui.main_window import MainWindow

    with hocuspocus_server(TOKEN, data_dir=tmp_path / "rooms") as port:
        link = _link(port, "workshop")
        assert main(["push", str(sample_path), link]) == 0
        first, second, third = MainWindow(), MainWindow(), MainWindow()
        for window in (first, second, third):
            qtbot.addWidget(window)
        try:
            first.join_session(link)
            assert first.journey_map == load_map(sample_path)
            assert first.live_session.status_text() == "live session: online"
            settings.write(settings.LIVE_NAME, "Ben")
            second.join_session(link)
            qtbot.waitUntil(lambda: [p["name"] for p in first.live_session.people()] == ["Ben"],
                            timeout=10_000)  # presence (awareness) goes through the framing too
            card = first.scene.controller.add_card("awareness", "thoughts", "typed on hocuspocus")
            qtbot.waitUntil(lambda: any(c.id == card and c.text == "typed on hocuspocus"
                                        for c in second.journey_map.cards), timeout=10_000)
            started = time.monotonic()
            with pytest.raises(LiveError, match="refused the link's token"):
                third.join_session(_link(port, "workshop", new_token()))
            assert time.monotonic() - started < DEADLINE
            assert getattr(third, "live_session", None) is None
        finally:
            for window in (first, second, third):
                live_dialogs.leave_session(window)


def test_the_editor_reconnects_to_a_restarted_hocuspocus_server_and_loses_nothing(qtbot, tmp_path, sample_path):
    """The pipe authenticates again on every reconnection: edits made while the server was down reach the
    other editor once it is back (its DATA_DIR kept the room)."""
    from app.ui import live_dialogs
    from app.ui.main_window import MainWindow

    rooms = tmp_path / "rooms"
    first, second = MainWindow(), MainWindow()
    for window in (first, second):
        qtbot.addWidget(window)
    try:
        with hocuspocus_server(TOKEN, data_dir=rooms) as port:
            link = _link(port, "workshop")
            assert main(["push", str(sample_path), link]) == 0
            first.join_session(link)
            second.join_session(link)
        # the server stopped with its context: a restart, a dropped network
        qtbot.waitUntil(lambda: "offline" in first.live_session.status_text(), timeout=10_000)
        one = first.scene.controller.add_card("awareness", "thoughts", "written offline by one")
        two = second.scene.controller.add_card("purchase", "thoughts", "written offline by two")
        with hocuspocus_server(TOKEN, port=port, data_dir=rooms):
            qtbot.waitUntil(lambda: {one, two} <= {c.id for c in first.journey_map.cards}
                            and {one, two} <= {c.id for c in second.journey_map.cards}, timeout=20_000)
            assert first.live_session.status_text() == "live session: online"
    finally:
        for window in (first, second):
            live_dialogs.leave_session(window)
