"""The network glue: pycrdt's y-websocket sync over a ``websockets`` connection.

pycrdt (0.14) syncs a document through any ``Channel`` (``Provider`` on the
client, ``YRoom`` on the server); this module is the one place that turns a
``websockets`` connection into such a channel, opens a session on a link, and
carries awareness (who is there, their colour and selection), which
``Provider`` leaves out. Everything else about live sessions speaks in links,
documents and awareness states, never in sockets.

A channel's ``send`` never raises: YRoom broadcasts from its own task group,
where one closed client's error would stop the room for everyone.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectSendStream
from pycrdt import (
    Awareness,
    Decoder,
    Doc,
    Provider,
    YMessageType,
    create_awareness_message,
    read_message,
)
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI

from app.i18n import _
from app.live import hocuspocus
from app.live.links import Link

log = logging.getLogger(__name__)

#: the largest message either side accepts (a whole 10,000-card map is a few MB); a bigger one closes the connection
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
#: seconds to open a connection and get the room's document
CONNECT_TIMEOUT = 10.0
#: seconds a clean close waits for the other side
CLOSE_TIMEOUT = 5.0
#: the close code for a peer that sent what the protocol does not allow (RFC 6455: policy violation)
POLICY_VIOLATION = 1008


class LiveError(Exception):
    """A session that could not be opened or went wrong; the message says why, in the user's words."""


class WebsocketChannel:
    """A pycrdt ``Channel`` over one ``websockets`` connection (either side)."""

    def __init__(self, websocket: Any, path: str) -> None:
        self._websocket = websocket
        self._path = path
        self._send_lock = anyio.Lock()
        self.closed = anyio.Event()

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self) -> WebsocketChannel:
        return self

    async def __anext__(self) -> bytes:
        try:
            return await self.recv()
        except ConnectionClosed:
            self.closed.set()
            raise StopAsyncIteration from None

    async def recv(self) -> bytes:
        message = await self._websocket.recv()
        # y-websocket speaks in binary frames; a text frame is garbage and fails as such where it is read
        return message.encode("utf-8", "replace") if isinstance(message, str) else bytes(message)

    async def send(self, message: bytes) -> None:
        """Send, or drop the message when the connection is gone (the reader sees it closed)."""
        try:
            async with self._send_lock:
                await self._websocket.send(message)
        except ConnectionClosed:
            self.closed.set()
        except Exception:  # a broken connection must not stop the room that broadcasts
            log.debug("send failed on %s", self._path, exc_info=True)
            self.closed.set()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection (waits at most CLOSE_TIMEOUT for the other side)."""
        with anyio.move_on_after(CLOSE_TIMEOUT, shield=True):
            with contextlib.suppress(Exception):
                await self._websocket.close(code, reason)
        self.closed.set()


def awareness_clients(message: bytes) -> list[tuple[int, dict[str, Any] | None]]:
    """The client ids and states of an awareness message (type byte included); ValueError when malformed.

    States must be JSON objects (or null: the client left); anything else is refused, so a peer's garbage
    is never relayed to others' screens.
    """
    import json

    try:
        if not message or message[0] != YMessageType.AWARENESS:
            raise ValueError("not an awareness message")
        decoder = Decoder(read_message(message[1:]))
        count = decoder.read_var_uint()
        found = []
        for _index in range(count):
            client_id = decoder.read_var_uint()
            decoder.read_var_uint()  # the clock
            state = json.loads(decoder.read_var_string() or "null")
            if state is not None and not isinstance(state, dict):
                raise ValueError("an awareness state is not an object")
            found.append((client_id, state))
        return found
    except ValueError:
        raise
    except Exception as exc:  # IndexError, AssertionError, UnicodeDecodeError … of a cut-off message
        raise ValueError(f"malformed awareness message: {exc!r}") from None


class _ClientChannel(WebsocketChannel):
    """The client's channel: awareness messages go to the session's Awareness, the rest to the Provider;
    with ``framing``, a Hocuspocus server's frames are turned into y-websocket messages and back."""

    def __init__(self, websocket: Any, path: str, awareness: Awareness | None,
                 framing: hocuspocus.Framing | None = None) -> None:
        super().__init__(websocket, path)
        self._awareness = awareness
        self._framing = framing

    async def recv(self) -> bytes:
        if self._framing is None:
            return await super().recv()
        while True:
            incoming = self._framing.read(await super().recv())
            if incoming.kind == hocuspocus.MESSAGE:
                return incoming.message
            if incoming.kind == hocuspocus.TOKEN_REQUEST:  # the server asks for the token again
                await self._send_raw(self._framing.hello())
            elif incoming.kind in (hocuspocus.DENIED, hocuspocus.CLOSED):
                log.info("the Hocuspocus server ended %s: %s", self.path, incoming.reason)
                await self.close()  # the next recv sees the connection closed

    async def send(self, message: bytes) -> None:
        await self._send_raw(message if self._framing is None else self._framing.wrap(message))

    async def _send_raw(self, frame: bytes) -> None:
        await super().send(frame)

    async def __anext__(self) -> bytes:
        while True:
            message = await super().__anext__()
            if message[:1] != bytes([YMessageType.AWARENESS]):
                return message
            if self._awareness is None:
                continue
            try:
                awareness_clients(message)  # refuses what apply_awareness_update would half apply
                self._awareness.apply_awareness_update(read_message(message[1:]), "remote")
            except Exception:  # someone's bad presence must not end my session
                log.info("ignored a malformed awareness message on %s", self.path, exc_info=True)


@dataclass
class Session:
    """An open session: the shared document, and presence when asked for.

    When the connection drops (:meth:`wait_closed` returns), the document stays usable and keeps every
    edit; ``connect`` again with the same document (and awareness, its state set again) and the y-websocket
    sync exchanges what each side missed, both ways: nothing is lost.
    """

    link: Link
    doc: Doc
    awareness: Awareness | None
    _channel: WebsocketChannel = field(repr=False)

    @property
    def connected(self) -> bool:
        """False once the server closed the connection or it dropped."""
        return not self._channel.closed.is_set()

    async def wait_closed(self) -> None:
        """Return when the connection is gone."""
        await self._channel.closed.wait()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer (no proxy is asked for it)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _open(link: Link, timeout: float) -> Any:
    """The open websocket to ``link``, or LiveError saying why not (token refused, no server, …)."""
    where = link.without_token()
    try:
        with anyio.fail_after(timeout):
            return await ws_connect(
                link.url(), max_size=MAX_MESSAGE_BYTES, open_timeout=timeout, close_timeout=CLOSE_TIMEOUT,
                proxy=None if is_loopback(link.host) else True)
    except InvalidStatus as exc:
        status = exc.response.status_code
        if status in (401, 403):
            raise LiveError(_("{link}: the server refused the token").format(link=where)) from None
        if status == 404:
            raise LiveError(_("{link}: the server has no such room").format(link=where)) from None
        raise LiveError(_("{link}: the server answered with HTTP status {status}").format(
            link=where, status=status)) from None
    except TimeoutError:
        raise LiveError(_("{link}: no answer from the server within {seconds} seconds").format(
            link=where, seconds=f"{timeout:g}")) from None
    except (OSError, InvalidHandshake, InvalidURI) as exc:
        raise LiveError(_("{link}: cannot reach the server ({reason})").format(
            link=where, reason=_system_reason(exc))) from None


def _system_reason(exc: Exception) -> str:
    """The system's words for a failed connection ("Connection refused", "Name or service not known"), not
    asyncio's "Connect call failed (…)"."""
    if isinstance(exc, OSError):
        if exc.errno is not None and exc.errno > 0:
            return os.strerror(exc.errno)
        if exc.strerror:  # a failed name lookup (socket.gaierror) has a negative errno and its own words
            return exc.strerror
    return str(exc)


async def _authenticate(websocket: Any, link: Link, framing: hocuspocus.Framing, timeout: float) -> None:
    """Send a Hocuspocus server the link's token and wait for its verdict; LiveError when it refuses the
    token, closes, or says nothing within ``timeout``."""
    where = link.without_token()
    try:
        with anyio.fail_after(timeout):
            await hocuspocus.authenticate(websocket, framing)
    except hocuspocus.RefusedError as refused:
        log.info("the Hocuspocus server refused %s: %s", where, refused)
        raise LiveError(_("{link}: the server refused the token").format(link=where)) from None
    except TimeoutError:
        raise LiveError(_("{link}: no answer from the server within {seconds} seconds").format(
            link=where, seconds=f"{timeout:g}")) from None
    except (hocuspocus.ClosedError, ConnectionClosed):
        raise LiveError(_("{link}: the server closed the connection").format(link=where)) from None


async def _publish_awareness(awareness: Awareness, channel: WebsocketChannel,
                             changes: anyio.abc.ObjectReceiveStream[list[int]]) -> None:
    """Send my awareness state whenever it changes locally (and once at the start)."""
    await channel.send(create_awareness_message(awareness.encode_awareness_update([awareness.client_id])))
    async with changes:
        async for client_ids in changes:
            await channel.send(create_awareness_message(awareness.encode_awareness_update(client_ids)))


def _local_changes(send: MemoryObjectSendStream[list[int]]):
    """An Awareness observer that queues the ids of its local changes for sending."""

    def observe(topic: str, changes: tuple[dict[str, Any], Any]) -> None:
        if topic != "update" or changes[1] != "local":
            return
        ids = [client for key in ("added", "updated", "removed") for client in changes[0][key]]
        with contextlib.suppress(anyio.WouldBlock, anyio.ClosedResourceError, anyio.BrokenResourceError):
            send.send_nowait(ids)

    return observe


@contextlib.asynccontextmanager
async def connect(link: Link, doc: Doc, *, timeout: float = CONNECT_TIMEOUT,
                  awareness: Awareness | None = None) -> AsyncIterator[Session]:
    """Open a session on ``link`` syncing ``doc``; yields once ``doc`` holds the room's content.

    ``awareness`` (made on ``doc``) is published while the session is open and receives the others'
    states; a clean exit withdraws my state (set it again before the next session) and sends every
    queued update before the connection closes. LiveError when the server cannot be reached, refuses
    the token, or does not send the room within ``timeout`` seconds; an error of the caller's block
    comes out as itself.
    """
    websocket = await _open(link, timeout)
    framing = hocuspocus.Framing(link.room, link.token) if link.hocuspocus else None
    if framing is not None:
        try:
            await _authenticate(websocket, link, framing, timeout)
        except BaseException:
            with anyio.CancelScope(shield=True), anyio.move_on_after(CLOSE_TIMEOUT), \
                    contextlib.suppress(Exception):
                await websocket.close()
            raise
    channel = _ClientChannel(websocket, link.room, awareness, framing)
    own_error: list[BaseException] = []
    try:
        async with anyio.create_task_group() as tasks:
            if awareness is not None:
                send, receive = anyio.create_memory_object_stream[list[int]](max_buffer_size=256)
                subscription = awareness.observe(_local_changes(send))
                tasks.start_soon(_publish_awareness, awareness, channel, receive)
                await tasks.start(awareness.start)
            try:
                async with Provider(doc, channel, log=log) as provider:
                    with anyio.move_on_after(timeout):
                        await _synced_or_closed(provider, channel)
                    if not provider.synced.is_set():
                        where = link.without_token()
                        raise LiveError(
                            _("{link}: the server closed the connection").format(link=where)
                            if channel.closed.is_set() else
                            _("{link}: the server did not send the room within {seconds} seconds").format(
                                link=where, seconds=f"{timeout:g}"))
                    try:
                        yield Session(link, doc, awareness, channel)
                    except BaseException as exc:
                        own_error.append(exc)
                        raise
            finally:
                if awareness is not None:
                    awareness.unobserve(subscription)
                    send.close()
                    if awareness.get_local_state() is not None:
                        awareness.set_local_state(None)  # "I left", for the others' People lists
                        with anyio.CancelScope(shield=True):
                            await channel.send(create_awareness_message(
                                awareness.encode_awareness_update([awareness.client_id])))
                    with contextlib.suppress(RuntimeError):
                        await awareness.stop()
                tasks.cancel_scope.cancel()
    except BaseExceptionGroup as group:
        raise _single(group, link, own_error) from None
    finally:
        with anyio.CancelScope(shield=True):
            await channel.close()


async def _synced_or_closed(provider: Provider, channel: WebsocketChannel) -> None:
    """Wait until the document is synced, or the connection closed before it was."""
    async with anyio.create_task_group() as waiting:
        async def synced() -> None:
            await provider.synced.wait()
            waiting.cancel_scope.cancel()

        async def closed() -> None:
            await channel.closed.wait()
            waiting.cancel_scope.cancel()

        waiting.start_soon(synced)
        waiting.start_soon(closed)


def _single(group: BaseExceptionGroup, link: Link, own_error: list[BaseException]) -> BaseException:
    """The one error a task group's group stands for: the caller's own, a LiveError, else a LiveError."""
    leaves: list[BaseException] = []

    def collect(error: BaseException) -> None:
        if isinstance(error, BaseExceptionGroup):
            for inner in error.exceptions:
                collect(inner)
        else:
            leaves.append(error)

    collect(group)
    for error in leaves:
        if error in own_error or not isinstance(error, Exception):  # the caller's, or KeyboardInterrupt …
            return error
    for error in leaves:
        if isinstance(error, LiveError):
            return error
    log.info("live session failed", exc_info=leaves[0])  # the LiveError says it to the user
    return LiveError(_("{link}: the connection failed ({reason})").format(
        link=link.without_token(), reason=leaves[0]))
