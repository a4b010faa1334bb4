"""Hocuspocus framing (``app.live.hocuspocus``) byte for byte, and the hocuspocus:// links.

Why: the bytes must be what ``@hocuspocus/server`` 3.4 reads and writes (lib0 var-strings and var-uints,
its message numbers); a frame cut off or for another document must never reach the sync endpoint.
"""

from __future__ import annotations

import pytest

from app.live import hocuspocus
from app.live.hocuspocus import Framing
from app.live.links import Link, parse_link


def test_the_auth_message_is_what_the_server_reads():
    # varString("room1") · Auth (2) · Token (0) · varString("abc"), as @hocuspocus/provider writes it
    assert Framing("room1", "abc").hello() == b"\x05room1\x02\x00\x03abc"


def test_outgoing_messages_get_the_room_in_front():
    assert Framing("r", "t").wrap(b"\x00\x00\x01\x00") == b"\x01r\x00\x00\x01\x00"
    long_name = "x" * 200  # a length above 127 takes two bytes of var-uint
    assert Framing(long_name, "t").wrap(b"\x01") == b"\xc8\x01" + long_name.encode() + b"\x01"


@pytest.mark.parametrize(("frame", "kind", "message", "reason"), [
    (b"\x01r\x00\x01\x02ab", hocuspocus.MESSAGE, b"\x00\x01\x02ab", ""),  # sync step 2
    (b"\x01r\x04\x00\x01\x00", hocuspocus.MESSAGE, b"\x00\x00\x01\x00", ""),  # SyncReply: the server's step 1
    (b"\x01r\x01\x03xyz", hocuspocus.MESSAGE, b"\x01\x03xyz", ""),  # awareness
    (b"\x01r\x02\x02\x0aread-write", hocuspocus.AUTHENTICATED, b"", ""),
    (b"\x01r\x02\x01\x11permission-denied", hocuspocus.DENIED, b"", "permission-denied"),
    (b"\x01r\x02\x00", hocuspocus.TOKEN_REQUEST, b"", ""),
    (b"\x01r\x07\x04gone", hocuspocus.CLOSED, b"", "gone"),
    (b"\x01r\x08\x01", hocuspocus.IGNORED, b"", ""),  # SyncStatus after every update
    (b"\x01s\x00\x01\x02ab", hocuspocus.IGNORED, b"", ""),  # another document's
])
def test_incoming_frames_are_read(frame, kind, message, reason):
    assert Framing("r", "t").unwrap(frame) == hocuspocus.Incoming(kind, message, reason)


@pytest.mark.parametrize("frame", [b"", b"\x05ro", b"\x01r", b"\x01r\x02", b"\x01r\x02\x01\x09short",
                                   b"\x01r\x80", b"\xff" * 12])
def test_a_cut_off_frame_is_a_value_error(frame):
    with pytest.raises(ValueError):
        Framing("r", "t").unwrap(frame)


def test_hocuspocus_links_name_a_room_on_a_hocuspocus_server():
    link = parse_link("hocuspocus://example.org:1234/workshop-1?token=abc_DEF-123")
    assert link == Link("example.org", 1234, "workshop-1", "abc_DEF-123", hocuspocus=True)
    assert link.url() == "ws://example.org:1234/workshop-1?token=abc_DEF-123"  # what the socket opens
    assert link.share_text() == "hocuspocus://example.org:1234/workshop-1?token=abc_DEF-123"
    assert link.without_token() == "hocuspocus://example.org:1234/workshop-1"
    secure = parse_link("HocusPocusS://example.org:443/r?token=t")
    assert secure == Link("example.org", 443, "r", "t", secure=True, hocuspocus=True)
    assert secure.url().startswith("wss://") and secure.share_text().startswith("hocuspocuss://")
    assert parse_link(secure.share_text()) == secure
    assert not parse_link("ws://example.org:1234/r?token=t").hocuspocus


# --- against a stand-in server (no Node needed): the verdict on the token, or none -------------------------

DENIED_FRAME = b"\x01r\x02\x01\x11permission-denied"


async def _stand_in(answer: bytes | None, seen: list[bytes]):
    """A websocket server on a loopback port that records what it gets and answers the first frame with
    ``answer`` (None: never answers); returns the server (an async context manager) and its port."""
    from websockets.asyncio.server import serve

    async def handler(websocket) -> None:
        async for frame in websocket:
            seen.append(frame)
            if answer is not None and len(seen) == 1:
                await websocket.send(answer)

    server = await serve(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("answer", "says"), [(DENIED_FRAME, "the server refused the token"),
                                              (None, "no answer from the server within 1 seconds")])
def test_the_headless_client_hears_a_denial_or_silence_at_once(answer, says):
    import anyio
    from pycrdt import Doc

    from app.live.transport import LiveError, connect

    async def main() -> None:
        seen: list[bytes] = []
        server, port = await _stand_in(answer, seen)
        async with server:
            with pytest.raises(LiveError, match=says), anyio.fail_after(5):
                async with connect(parse_link(f"hocuspocus://127.0.0.1:{port}/r?token=t"), Doc(), timeout=1):
                    pass
        assert seen[0] == Framing("r", "t").hello()  # the token first, before any sync message

    anyio.run(main)


@pytest.mark.timeout(30)
@pytest.mark.parametrize(("answer", "state", "reason"), [
    (DENIED_FRAME, "refused", "the server refused the link's token"),
    (None, "offline", "no answer from the server within 0.5 seconds"),
])
def test_the_editors_pipe_hears_a_denial_or_silence_and_never_says_online(monkeypatch, answer, state, reason):
    import asyncio
    import threading

    from app.live import pipe

    monkeypatch.setattr(pipe, "CONNECT_TIMEOUT", 0.5)
    states: list[tuple[str, str]] = []
    heard = threading.Event()

    def on_state(kind: str, why: str) -> None:
        states.append((kind, why))
        if kind == state:
            heard.set()

    async def main() -> list[bytes]:
        seen: list[bytes] = []
        server, port = await _stand_in(answer, seen)
        async with server:
            link = parse_link(f"hocuspocus://127.0.0.1:{port}/r?token=t")
            connection = pipe.Pipe(link, lambda _message: None, on_state)
            connection.start()
            try:
                assert await asyncio.to_thread(heard.wait, 10)
            finally:
                await asyncio.to_thread(connection.stop)
        return seen

    seen = asyncio.run(main())
    assert (state, reason) in states
    assert "online" not in [kind for kind, _why in states]
    assert seen[0] == Framing("r", "t").hello()
