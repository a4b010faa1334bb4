"""Interop: pycrdt documents shared through the reference Node server (@y/websocket-server, tools/yjs-server).

Why: the editor must work with the server other Yjs clients use, not only with our own; rooms are named by
the URL path alone, so the editor's ``?token=...`` must neither split nor join rooms.
"""

from __future__ import annotations

import asyncio
import socket

import anyio
import pytest
from pycrdt import Map

from app.live.links import new_token
from tests.live_servers import (
    DEADLINE,
    HOST,
    accepts,
    node_available,
    node_yjs_server,
    synced_client,
    title_of,
    until,
)

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.skipif(not node_available(),
                       reason="node or tools/yjs-server/node_modules missing (scripts/setup.sh installs them)"),
]

#: two tokens: the reference server ignores them, so one room is the same room whatever the token
TOKEN_A, TOKEN_B = new_token(), new_token()








def test_second_client_sees_first_clients_map_and_rooms_ignore_the_token():
    """B joins room1 with another token and gets A's map; A gets B's edit back."""

    async def main() -> None:
        with node_yjs_server() as base, anyio.fail_after(DEADLINE):
            async with synced_client(f"{base}/room1?token={TOKEN_A}") as doc_a:
                doc_a["m"] = Map({"title": "x"})
                async with synced_client(f"{base}/room1?token={TOKEN_B}") as doc_b:
                    await until(doc_b, lambda: title_of(doc_b) == "x")
                    doc_b.get("m", type=Map)["title"] = "y"
                    await until(doc_a, lambda: title_of(doc_a) == "y")

    asyncio.run(main())


def test_rooms_are_separate():
    """A client of room2 does not see room1's map, though room1's edit is already on the server."""

    async def main() -> None:
        with node_yjs_server() as base, anyio.fail_after(DEADLINE):
            async with synced_client(f"{base}/room1?token={TOKEN_A}") as doc_a:
                doc_a["m"] = Map({"title": "x"})
                async with synced_client(f"{base}/room1?token={TOKEN_B}") as doc_b:
                    await until(doc_b, lambda: title_of(doc_b) == "x")  # so the server holds it
                async with synced_client(f"{base}/room2?token={TOKEN_A}") as doc_c:
                    assert title_of(doc_c) is None
                    doc_c.get("m", type=Map)["title"] = "z"
                async with synced_client(f"{base}/room1?token={TOKEN_B}") as doc_d:
                    assert title_of(doc_d) == "x"

    asyncio.run(main())


def test_a_server_that_cannot_start_is_reported_with_its_output():
    """The helper names the failure instead of waiting out its deadline (the port is taken here)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((HOST, 0))  # bound, not listening: connects are refused and node's bind fails
        with (pytest.raises(RuntimeError, match=r"(?s)exited with code .*EADDRINUSE"),
              node_yjs_server(port=taken.getsockname()[1])):
            pass


def test_the_server_stops_with_its_context():
    """Leaving the context ends the server, so no test leaves a Node process behind."""
    with node_yjs_server() as base:
        port = int(base.rsplit(":", 1)[1])
        assert accepts(port)
    assert not accepts(port)
