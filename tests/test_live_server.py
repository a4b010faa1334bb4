"""The live server and the transport: tokens, bad peers, convergence, restarts and presence, over loopback.

Each test runs a server on a free port in a thread of its own and talks to it from its own event loop;
every wait has a deadline.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import anyio
import pytest
from pycrdt import Awareness, Doc, Map, create_awareness_message, create_update_message
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed

from app import i18n
from app.live.links import Link, new_token, parse_link
from app.live.server import STORE_FILE, LiveServer, ServerHandle
from app.live.transport import LiveError, connect
from tests.live_servers import node_available, node_yjs_server

SECRET = "SECRET-CARD-TEXT"
DEADLINE = 10


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


@pytest.fixture
def token() -> str:
    return new_token()


@pytest.fixture
def start(tmp_path: Path, token: str) -> Iterator[Callable[..., ServerHandle]]:
    """Start servers on free ports storing in tmp_path; all stopped at the end."""
    handles: list[ServerHandle] = []

    def starter(**options) -> ServerHandle:
        handle = LiveServer("127.0.0.1", 0, tmp_path / "store", token, **options).start_in_thread()
        handles.append(handle)
        return handle

    yield starter
    for handle in handles:
        handle.stop()


async def until(predicate: Callable[[], bool], seconds: float = DEADLINE) -> None:
    """Poll ``predicate`` until it holds; fails the test after ``seconds``."""
    with anyio.fail_after(seconds):
        while not predicate():
            await anyio.sleep(0.005)


def contents(doc: Doc) -> dict:
    return doc.get("m", type=Map).to_py()


async def seed(link: Link, items: dict) -> None:
    doc = Doc()
    async with connect(link, doc, timeout=DEADLINE):
        doc.get("m", type=Map).update(items)


async def read(link: Link) -> dict:
    doc = Doc()
    async with connect(link, doc, timeout=DEADLINE):
        pass
    return contents(doc)


def raw_handshake(port: int, target: str) -> bytes:
    """Everything the server answers to a websocket handshake for ``target``, until it closes."""
    request = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
        sock.sendall(request.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_wrong_or_missing_token_gets_403_and_no_byte_of_the_document(start, token):
    server = start()
    anyio.run(seed, server.link("room"), {"card": SECRET})
    for target in ("/room", "/room?token=", "/room?token=wrong", f"/room?token={token}x",
                   f"/room?token={token[:-1]}", f"/room?token=wrong&token={token}"):
        answer = raw_handshake(server.port, target)
        assert answer.startswith(b"HTTP/1.1 403"), (target, answer[:80])
        assert SECRET.encode() not in answer and b"\x00\x00" not in answer
    assert raw_handshake(server.port, "/a%20b?token=" + token).startswith(b"HTTP/1.1 404")
    # the right token gets the upgrade (the guard is the token, not something else)
    assert raw_handshake_upgrades(server.port, f"/room?token={token}")


def raw_handshake_upgrades(port: int, target: str) -> bool:
    request = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE) as sock:
        sock.sendall(request.encode())
        return sock.recv(12) == b"HTTP/1.1 101"


def test_the_client_says_the_token_was_refused_and_an_absent_server_is_reported(start):
    server = start()
    wrong = Link("127.0.0.1", server.port, "room", new_token())

    async def attempt(link: Link) -> str:
        with pytest.raises(LiveError) as caught:
            async with connect(link, Doc(), timeout=5):
                pass
        return str(caught.value)

    assert "refused the token" in anyio.run(attempt, wrong)
    assert wrong.token not in anyio.run(attempt, wrong)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    assert "cannot reach the server" in anyio.run(attempt, Link("127.0.0.1", free, "room", "t"))


async def _garbage_peer(link: Link, message: bytes | str) -> int | None:
    """Send ``message`` as a peer would and return the close code the server ends the connection with."""
    async with ws_connect(link.url()) as websocket:
        await websocket.send(message)
        with anyio.fail_after(DEADLINE):
            try:
                while True:
                    await websocket.recv()
            except ConnectionClosed:
                pass
        return websocket.close_code


@pytest.mark.parametrize("garbage", [
    b"",
    b"\xff\xff\xff",
    b"\x00\x02\x05\x01\x02\x03\x04\x05",  # an update whose bytes are no update
    b"\x00\x07\x00",  # a sync message of no known kind
    b"\x00\x00\x09",  # a state vector cut off
    create_awareness_message(b"\x01\x05\x01\x03[1]"),  # a state that is no object
    b"\x01\x10\xff",  # awareness cut off
    "text, not binary",
])
def test_garbage_disconnects_its_sender_and_the_room_and_its_people_go_on(start, garbage):
    server = start()
    link = server.link("room")

    async def scenario() -> None:
        doc = Doc()
        awareness = Awareness(doc)
        awareness.set_local_state({"name": "Ann"})
        async with connect(link, doc, timeout=DEADLINE, awareness=awareness) as session:
            doc.get("m", type=Map)["before"] = 1
            assert await _garbage_peer(link, garbage) == 1008
            assert session.connected
            doc.get("m", type=Map)["after"] = 2
            await until(lambda: server.call(lambda: contents_of(server, "room")) == {"before": 1.0, "after": 2.0})
        assert await read(link) == {"before": 1.0, "after": 2.0}

    anyio.run(scenario)


def contents_of(server: ServerHandle, room: str) -> dict:
    """The room's map as the server holds it (call on the server's loop)."""
    rooms = server.server._rooms
    return rooms.rooms[room].ydoc.get("m", type=Map).to_py() if room in rooms.rooms else {}


def test_an_oversized_message_closes_only_its_connection(start):
    server = start(max_message_bytes=64 * 1024)
    link = server.link("room")

    async def scenario() -> None:
        await seed(link, {"kept": SECRET})
        big = Doc()
        big.get("m", type=Map)["huge"] = "x" * (200 * 1024)
        # compression would shrink the x's under the limit; the limit is on the message as it arrives unpacked
        assert await _garbage_peer(link, create_update_message(big.get_update())) == 1009
        doc = Doc()
        async with connect(link, doc, timeout=DEADLINE) as session:
            assert contents(doc) == {"kept": SECRET}
            assert session.connected

    anyio.run(scenario)


def test_the_default_limit_is_32_mib():
    from app.live.transport import MAX_MESSAGE_BYTES

    assert LiveServer(token="t").max_message_bytes == MAX_MESSAGE_BYTES == 32 * 1024 * 1024


def test_two_clients_editing_at_once_converge(start):
    server = start()
    link = server.link("room")

    async def scenario() -> None:
        ann, bob = Doc(), Doc()
        async with connect(link, ann, timeout=DEADLINE), connect(link, bob, timeout=DEADLINE):
            for index in range(50):
                ann.get("m", type=Map)[f"ann{index}"] = index
                bob.get("m", type=Map)[f"bob{index}"] = index
            await until(lambda: len(contents(ann)) == len(contents(bob)) == 100)
            assert contents(ann) == contents(bob)
        assert len(await read(link)) == 100

    anyio.run(scenario)


def test_rooms_are_kept_apart_and_survive_a_restart(start, tmp_path):
    first = start()
    anyio.run(seed, first.link("one"), {"card": SECRET})
    anyio.run(seed, first.link("two"), {"other": "x"})
    first.stop()
    assert (tmp_path / "store" / STORE_FILE).is_file()
    second = start()
    assert anyio.run(read, second.link("one")) == {"card": SECRET}
    assert anyio.run(read, second.link("two")) == {"other": "x"}
    assert anyio.run(read, second.link("three")) == {}


def test_updates_are_stored_as_they_come_not_only_at_a_clean_stop(start, tmp_path):
    """A server that is killed keeps what reached its store: updates are written while the room runs."""
    server = start()
    link = server.link("room")
    anyio.run(seed, link, {"card": SECRET})

    async def stored() -> dict:
        from pycrdt.store import SQLiteYStore

        store = SQLiteYStore(path="room")
        store.db_path = str(tmp_path / "store" / STORE_FILE)
        doc = Doc()
        async with store:
            await store.apply_updates(doc)
        return contents(doc)

    async def wait_stored() -> None:
        with anyio.fail_after(DEADLINE):
            while True:
                try:
                    if await stored() == {"card": SECRET}:
                        return
                except Exception:  # not written yet
                    pass
                await anyio.sleep(0.02)

    anyio.run(wait_stored)


def test_presence_reaches_newcomers_follows_changes_and_leaves_with_its_person(start):
    server = start()
    link = server.link("room")

    def names(awareness: Awareness) -> set[str]:
        return {state.get("name") for client, state in awareness.states.items()
                if client != awareness.client_id and state}

    async def scenario() -> None:
        ann_doc, bob_doc = Doc(), Doc()
        ann, bob = Awareness(ann_doc), Awareness(bob_doc)
        ann.set_local_state({"name": "Ann", "colour": "#0072B2", "selection": []})
        bob.set_local_state({"name": "Bob", "colour": "#D55E00", "selection": []})
        async with connect(link, ann_doc, timeout=DEADLINE, awareness=ann):
            await until(lambda: server.call(lambda: len(server.server._rooms.rooms["room"].awareness.states)) >= 2)
            async with connect(link, bob_doc, timeout=DEADLINE, awareness=bob):
                await until(lambda: names(bob) == {"Ann"})  # Ann was there before Bob came
                await until(lambda: names(ann) == {"Bob"})
                ann.set_local_state_field("selection", ["card-1"])
                await until(lambda: any(s.get("selection") == ["card-1"] for s in bob.states.values()))
            await until(lambda: names(ann) == set())  # Bob left cleanly
            assert bob.get_local_state() is None

    anyio.run(scenario)


def test_a_dropped_peers_presence_is_withdrawn_by_the_server(start):
    server = start()
    link = server.link("room")

    async def scenario() -> None:
        ann_doc = Doc()
        ann = Awareness(ann_doc)
        ann.set_local_state({"name": "Ann"})
        async with connect(link, ann_doc, timeout=DEADLINE, awareness=ann):
            ghost = Awareness(Doc())
            ghost.set_local_state({"name": "Ghost"})
            async with ws_connect(link.url()) as websocket:  # says who it is, then drops without a word
                await websocket.send(create_awareness_message(ghost.encode_awareness_update([ghost.client_id])))
                await until(lambda: ghost.client_id in ann.states)
                websocket.transport.abort()
            await until(lambda: ghost.client_id not in ann.states)

    anyio.run(scenario)


def test_a_server_that_stops_ends_its_sessions_and_the_client_sees_it(start):
    server = start()
    link = server.link("room")

    async def scenario() -> None:
        doc = Doc()
        async with connect(link, doc, timeout=DEADLINE) as session:
            await anyio.to_thread.run_sync(server.stop)
            with anyio.fail_after(DEADLINE):
                await session.wait_closed()
            assert not session.connected
            doc.get("m", type=Map)["offline"] = 1  # editing goes on; nothing raises

    anyio.run(scenario)


def test_edits_made_offline_merge_when_the_clients_reconnect_to_the_restarted_server(start):
    """A dropped connection loses nothing: each side keeps editing, and syncing again merges both ways."""
    first = start()

    async def scenario() -> None:
        ann, bob = Doc(), Doc()
        async with connect(first.link("room"), ann, timeout=DEADLINE) as ann_session, \
                connect(first.link("room"), bob, timeout=DEADLINE) as bob_session:
            ann.get("m", type=Map)["shared"] = "before"
            await until(lambda: contents(bob) == {"shared": "before"})
            await anyio.to_thread.run_sync(first.stop)
            with anyio.fail_after(DEADLINE):
                await ann_session.wait_closed()
                await bob_session.wait_closed()
            ann.get("m", type=Map)["ann offline"] = 1
            bob.get("m", type=Map)["bob offline"] = 2
        second = await anyio.to_thread.run_sync(start)
        async with connect(second.link("room"), ann, timeout=DEADLINE), \
                connect(second.link("room"), bob, timeout=DEADLINE):
            expected = {"shared": "before", "ann offline": 1.0, "bob offline": 2.0}
            await until(lambda: contents(ann) == contents(bob) == expected)
        assert await read(second.link("room")) == expected

    anyio.run(scenario)


def test_a_server_that_sends_garbage_ends_the_session_with_a_clear_error():
    from websockets.asyncio.server import serve

    async def scenario() -> None:
        async def garbage(websocket) -> None:
            await websocket.send(b"\x00\x01\x09\xff\xff\xff\xff\xff\xff\xff\xff\xff")  # a "sync step 2" of no update
            await websocket.wait_closed()

        async with serve(garbage, "127.0.0.1", 0) as fake:
            port = fake.sockets[0].getsockname()[1]
            with pytest.raises(LiveError) as caught:
                async with connect(Link("127.0.0.1", port, "room", "t"), Doc(), timeout=5):
                    pass
        assert "the connection failed" in str(caught.value)

    anyio.run(scenario)


@pytest.mark.skipif(not node_available(), reason="node or tools/yjs-server/node_modules missing (scripts/setup.sh)")
def test_documents_and_presence_pass_through_the_reference_yjs_server():
    with node_yjs_server() as base:
        link = parse_link(f"{base}/room?token=ignored-by-that-server")

        async def scenario() -> None:
            ann_doc, bob_doc = Doc(), Doc()
            ann, bob = Awareness(ann_doc), Awareness(bob_doc)
            ann.set_local_state({"name": "Ann"})
            bob.set_local_state({"name": "Bob"})
            async with connect(link, ann_doc, timeout=DEADLINE, awareness=ann):
                ann_doc.get("m", type=Map)["card"] = SECRET
                async with connect(link, bob_doc, timeout=DEADLINE, awareness=bob):
                    await until(lambda: contents(bob_doc) == {"card": SECRET})
                    await until(lambda: {s.get("name") for s in bob.states.values()} == {"Ann", "Bob"})
                    await until(lambda: {s.get("name") for s in ann.states.values()} == {"Ann", "Bob"})
                await until(lambda: bob_doc.client_id not in ann.states)

        anyio.run(scenario)


def test_a_server_on_a_damaged_store_does_not_start(tmp_path, token):
    from app.live.server import StoreError

    (tmp_path / "store").mkdir()
    (tmp_path / "store" / STORE_FILE).write_bytes(b"not a database " * 100)
    with pytest.raises(StoreError) as caught:
        LiveServer("127.0.0.1", 0, tmp_path / "store", token).start_in_thread()
    assert isinstance(caught.value, OSError)  # reported where a port in use is
    assert STORE_FILE in str(caught.value)


def test_updates_that_come_together_are_sent_on_together(start):
    """200 updates written at once reach a watching client in far fewer messages, and all of them arrive."""
    server = start()
    link = server.link("burst")

    async def scenario() -> None:
        writer = Doc()
        async with connect(link, writer, timeout=DEADLINE), ws_connect(link.url(), proxy=None) as watcher:
            received: list[bytes] = []

            async def watch() -> None:
                async for message in watcher:
                    received.append(message)

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(watch)
                await until(lambda: len(received) >= 1)  # the server's first sync message
                for index in range(200):
                    writer.get("m", type=Map)[f"card{index}"] = index
                mirror = Doc()

                def mirrored() -> int:
                    for message in received[len(seen):]:
                        seen.append(message)
                        if message[:2] == b"\x00\x02":  # an update, as the room sends it on
                            mirror.apply_update(message[2:][_length_bytes(message[2:]):])
                    return len(contents(mirror))

                seen: list[bytes] = []
                await until(lambda: mirrored() == 200)
                updates = sum(1 for message in seen if message[:2] == b"\x00\x02")
                assert updates < 50, f"{updates} messages for 200 updates written at once"
                tasks.cancel_scope.cancel()

    anyio.run(scenario)


def _length_bytes(data: bytes) -> int:
    """How many bytes the variable-length number at the start of ``data`` takes (y-protocols' framing)."""
    count = 0
    while data[count] & 0x80:
        count += 1
    return count + 1
