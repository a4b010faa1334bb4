"""The editor's connection to a room: a thread of its own that only carries bytes, and reconnects.

The document stays on the GUI thread (``app.live.sync``); here an asyncio loop on a background thread
holds the websocket, hands every message it receives to ``on_message`` and sends what ``send`` is given,
so the network never blocks the editor. When the connection drops it tries again, 0.5 s after the first
loss and at most every 5 s, until :meth:`Pipe.stop`; ``on_state`` tells each change ("online",
"offline", "refused" with the reason). The callbacks run on the pipe's thread: the caller moves them to
its own (the Qt glue does it with queued signals).

For a room on a Hocuspocus server the pipe speaks its framing (``app.live.hocuspocus``): it sends the
link's token first and says "online" only once the server accepted it, so the caller hears "refused"
rather than "online" then nothing; both directions still carry plain y-websocket messages for the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI, WebSocketException

from app.i18n import _
from app.live import hocuspocus
from app.live.links import Link
from app.live.transport import CONNECT_TIMEOUT, MAX_MESSAGE_BYTES, is_loopback

ONLINE, OFFLINE, REFUSED, CLOSED = "online", "offline", "refused", "closed"
#: seconds before the first reconnection, and the most between two
RETRY_FIRST, RETRY_MOST = 0.5, 5.0


class Pipe:
    """Bytes to and from one room, on a background thread."""

    def __init__(self, link: Link, on_message: Callable[[bytes], None],
                 on_state: Callable[[str, str], None]) -> None:
        self.link = link
        self._on_message = on_message
        self._on_state = on_state
        self._loop = asyncio.new_event_loop()
        self._outbox: asyncio.Queue[bytes] | None = None
        self._stopping = threading.Event()
        self._framing = hocuspocus.Framing(link.room, link.token) if link.hocuspocus else None
        self._thread = threading.Thread(target=self._run, name=f"live-{link.room}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def send(self, message: bytes) -> None:
        """Queue a message for the server (from any thread); dropped while offline, as the sync protocol
        sends what is missing again on reconnect."""
        if not self._stopping.is_set():
            self._loop.call_soon_threadsafe(self._put, message)

    def _put(self, message: bytes) -> None:
        if self._outbox is not None:
            self._outbox.put_nowait(message)

    def stop(self, timeout: float = 5.0) -> None:
        """Close the connection and end the thread (waits at most ``timeout``)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        with contextlib.suppress(RuntimeError):  # the loop already ended
            self._loop.call_soon_threadsafe(self._wake)
        self._thread.join(timeout)

    def _wake(self) -> None:
        for task in asyncio.all_tasks(self._loop):
            task.cancel()

    def _run(self) -> None:
        try:
            self._loop.run_until_complete(self._connect_forever())
        except asyncio.CancelledError:
            pass
        finally:
            self._loop.close()
            self._on_state(CLOSED, "")

    async def _connect_forever(self) -> None:
        delay = RETRY_FIRST
        while not self._stopping.is_set():
            try:
                near = is_loopback(self.link.host)  # this computer: no proxy, and no compression to wait for
                async with connect(self.link.url(), max_size=MAX_MESSAGE_BYTES, open_timeout=CONNECT_TIMEOUT,
                                   proxy=None if near else True,
                                   compression=None if near else "deflate") as websocket:
                    if self._framing is not None:
                        async with asyncio.timeout(CONNECT_TIMEOUT):
                            await hocuspocus.authenticate(websocket, self._framing)
                    delay = RETRY_FIRST
                    self._outbox = asyncio.Queue()
                    self._on_state(ONLINE, "")
                    await self._exchange(websocket)
                if not self._stopping.is_set():
                    self._on_state(OFFLINE, _("the connection was closed"))
            except InvalidStatus as refused:
                if refused.response.status_code in (401, 403):
                    self._on_state(REFUSED, _("the server refused the link's token"))
                    return
                self._on_state(OFFLINE, _("the server answered {status}").format(
                    status=refused.response.status_code))
            except InvalidURI:
                self._on_state(REFUSED, _("the link is not a valid address"))
                return
            except hocuspocus.RefusedError:
                self._on_state(REFUSED, _("the server refused the link's token"))
                return
            except hocuspocus.ClosedError:
                self._on_state(OFFLINE, _("the connection was closed"))
            except TimeoutError:  # no websocket, or no verdict on the token, within CONNECT_TIMEOUT
                self._on_state(OFFLINE, _("no answer from the server within {seconds} seconds").format(
                    seconds=f"{CONNECT_TIMEOUT:g}"))
            except (OSError, WebSocketException) as lost:
                self._on_state(OFFLINE, str(lost) or type(lost).__name__)
            self._outbox = None
            if self._stopping.is_set():
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MOST)

    async def _exchange(self, websocket) -> None:
        outbox = self._outbox
        assert outbox is not None
        framing = self._framing

        async def sending() -> None:
            while True:
                message = await outbox.get()
                await websocket.send(message if framing is None else framing.wrap(message))

        sender = asyncio.create_task(sending())
        try:
            async for message in websocket:
                if not isinstance(message, bytes):
                    continue
                if framing is None:
                    self._on_message(message)
                    continue
                incoming = framing.read(message)
                if incoming.kind == hocuspocus.MESSAGE:
                    self._on_message(incoming.message)
                elif incoming.kind == hocuspocus.TOKEN_REQUEST:
                    await websocket.send(framing.hello())
                elif incoming.kind == hocuspocus.DENIED:
                    raise hocuspocus.RefusedError(incoming.reason)
                elif incoming.kind == hocuspocus.CLOSED:
                    await websocket.close()
        except ConnectionClosed:
            pass
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await sender
