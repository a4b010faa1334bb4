"""The headless live-session server: y-websocket rooms, each kept in one SQLite file.

pycrdt's ``WebsocketServer`` holds the rooms and ``YRoom`` syncs each one;
this module adds what a server on a network needs: the room's token checked
in the HTTP handshake (a wrong or missing one gets 403 before any byte of a
document), a size limit on messages, a peer that sends garbage disconnected
while the room goes on, every room persisted (pycrdt's ``SQLiteYStore``, one
database for all rooms, by name) and loaded back when a room starts after a
restart, and presence (awareness) handed to newcomers and withdrawn when a
peer drops.

Rooms stay in memory until the server stops (``auto_clean_rooms`` off): a
room dropped when its last client left could be started again while its last
updates were still being written, and lose them. On a clean stop every room's
whole state is written once more.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
from anyio.abc import TaskStatus
from pycrdt import Doc, YMessageType, create_awareness_message, create_update_message, merge_updates
from pycrdt.store import SQLiteYStore, YDocNotFound
from pycrdt.websocket import WebsocketServer, YRoom
from websockets.asyncio.server import serve

from app.i18n import _
from app.live.links import Link, valid_room
from app.live.transport import MAX_MESSAGE_BYTES, POLICY_VIOLATION, WebsocketChannel, awareness_clients

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: seconds a room's update waits for others to be sent on with it (ten people typing make hundreds a second)
MERGE_WAIT_S = 0.005
#: the database of all rooms, in the store folder
STORE_FILE = "rooms.sqlite3"
#: folder names of the app's data folder, as Qt's QStandardPaths makes it (app.ui.application)
ORGANIZATION = "JourneyMap"
APPLICATION = "JourneyMap Editor"


def data_folder() -> Path:
    """The app's data folder without Qt: where QStandardPaths' AppDataLocation puts it on each system."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APPLICATION


def default_store_dir() -> Path:
    """Where ``journeymap serve`` keeps its rooms when no ``--store`` is given (beside the recovery folder)."""
    return data_folder() / "live-rooms"


def _log_exception(exception: Exception, logger: logging.Logger) -> bool:
    """pycrdt's exception handler: log and go on, so one room's failure never stops the server."""
    logger.error("live server: %s", exception, exc_info=exception)
    return True


def one_error(group: BaseExceptionGroup) -> BaseException:
    """The error a task group's exception group stands for: its first OSError (a port in use), else its first."""
    leaves = []
    pending: list[BaseException] = [group]
    while pending:
        error = pending.pop(0)
        if isinstance(error, BaseExceptionGroup):
            pending[:0] = list(error.exceptions)
        else:
            leaves.append(error)
    return next((error for error in leaves if isinstance(error, OSError)), leaves[0])


class _RoomStore(SQLiteYStore):
    """One room's updates in the shared database (the room's name is its ``path`` there)."""

    checkpoint_interval = 100


class _Room(YRoom):
    """A room that sends on the updates that queued up together as one merged update: one message per
    client and one store write, however many people typed at once (pycrdt's own room sends each update
    on alone). The updates wait at most ``MERGE_WAIT_S`` for the ones that come with them."""

    async def _broadcast_updates(self) -> None:
        # pycrdt's YRoom._broadcast_updates (pycrdt 0.14), with the queue drained and merged on each turn
        if self.ystore is not None:
            async with self.ystore.start_lock:
                if not self.ystore.started.is_set():
                    await self._task_group.start(self.ystore.start)
        async with self._update_receive_stream:
            async for update in self._update_receive_stream:
                tasks = self._task_group
                await anyio.sleep(MERGE_WAIT_S)
                if tasks is None or self._task_group is not tasks or tasks.cancel_scope.cancel_called:
                    return  # the room stopped meanwhile
                updates = [update]
                with contextlib.suppress(anyio.WouldBlock, anyio.EndOfStream):
                    while True:
                        updates.append(self._update_receive_stream.receive_nowait())
                merged = updates[0] if len(updates) == 1 else merge_updates(*updates)
                message = create_update_message(merged)
                for client in self.clients:
                    tasks.start_soon(client.send, message)
                if self.ystore is not None:
                    tasks.start_soon(self._store, merged)

    async def _store(self, update: bytes) -> None:
        """Write an update to the store; a write cut off by the room's stop is no error (the clean stop
        writes the whole state), and any other failure is logged, never the end of the room."""
        try:
            await self.ystore.write(update)
        except Exception:
            if not self._stopped.is_set():
                log.exception("live server: an update could not be stored")


class _Rooms(WebsocketServer):
    """pycrdt's room registry, with rooms loaded from and written to the store, and garbage refused."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(rooms_ready=True, auto_clean_rooms=False, exception_handler=_log_exception, log=log)
        self._db_path = db_path
        self._stores: dict[str, _RoomStore] = {}
        self._create_lock = anyio.Lock()

    async def get_room(self, name: str) -> YRoom:
        """The room ``name``, started; a new one holds what the store kept of it."""
        async with self._create_lock:
            if name not in self.rooms:
                store = _RoomStore(path=name, log=log)
                store.db_path = str(self._db_path)
                assert self._task_group is not None
                await self._task_group.start(store.start)
                doc = Doc()
                with contextlib.suppress(YDocNotFound):
                    await store.apply_updates(doc)
                room = _Room(ready=True, ystore=store, exception_handler=_log_exception, log=log, ydoc=doc)
                room.on_message = _refuse_garbage
                room.on_message_error = _disconnect_sender
                self._stores[name] = store
                self.rooms[name] = room
            room = self.rooms[name]
            await self.start_room(room)
            return room

    async def save_all(self) -> None:
        """Stop every room, write its whole state once more and close its store (a clean stop).

        The rooms stop first: a write of theirs still pending is cancelled, and the state written here
        holds it.
        """
        for name, room in list(self.rooms.items()):
            with contextlib.suppress(Exception):
                await room.stop()
            store = self._stores.get(name)
            if store is None:
                continue
            try:
                await store.encode_state_as_update(room.ydoc)
            except Exception:
                log.exception("live server: room %s could not be saved at stop", name)
            with contextlib.suppress(Exception):
                await store.stop()


#: the y-websocket message kinds: sync, awareness, auth, query-awareness (the last two pass unanswered)
KNOWN_MESSAGES = frozenset(range(4))


def _refuse_garbage(message: bytes) -> bool:
    """YRoom's message filter: a message of no y-websocket kind, or a malformed awareness message, raises
    (its sender is disconnected) instead of being passed over or relayed to everyone; others go on."""
    if not message or message[0] not in KNOWN_MESSAGES:
        raise ValueError("not a y-websocket message")
    if message[0] == YMessageType.AWARENESS:
        awareness_clients(message)
    return False


async def _disconnect_sender(exception: Exception, message: bytes, channel: Any) -> bool:
    """YRoom's message-error handler: the room goes on, the peer that sent the bad message is closed."""
    log.warning("live server: closing %s after a bad message (%d bytes): %s", channel.path, len(message), exception)
    await channel.close(POLICY_VIOLATION, "malformed message")
    return True


class _PresenceChannel(WebsocketChannel):
    """A server-side channel that notes which awareness clients spoke through it, to withdraw them at the end."""

    def __init__(self, websocket: Any, path: str) -> None:
        super().__init__(websocket, path)
        self.client_ids: set[int] = set()

    async def recv(self) -> bytes:
        message = await super().recv()
        if message[:1] == bytes([YMessageType.AWARENESS]):
            with contextlib.suppress(ValueError):
                for client_id, state in awareness_clients(message):
                    (self.client_ids.add if state is not None else self.client_ids.discard)(client_id)
        return message


class StoreError(OSError):
    """The folder or database that keeps the rooms cannot be used; the message says which and why.

    An OSError, so that callers that report a server that cannot start (a port in use) report this too.
    """


class LiveServer:
    """Rooms over websockets on ``host:port``, opened by ``token``, kept in ``store_dir``."""

    def __init__(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, store_dir: str | os.PathLike[str] = "",
                 token: str = "", *, max_message_bytes: int = MAX_MESSAGE_BYTES) -> None:
        if not token:
            raise ValueError("a live server needs a token")
        self.host = host
        self.port = port
        self.store_dir = Path(store_dir) if store_dir else default_store_dir()
        self.token = token
        self.max_message_bytes = max_message_bytes
        self._stop: anyio.Event | None = None
        self._rooms: _Rooms | None = None

    @property
    def db_path(self) -> Path:
        return self.store_dir / STORE_FILE

    def check_store(self) -> None:
        """Make sure the rooms can be kept: the folder made, the database opened (or made) and readable.

        pycrdt's store only logs the SQLite errors of its writes, so a damaged database would lose every
        room quietly; this refuses to start instead (StoreError).
        """
        try:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(self.db_path)) as database:
                database.execute("SELECT count(*) FROM sqlite_master").fetchone()
                database.execute("CREATE TABLE IF NOT EXISTS journeymap_store_check (x)")
                database.execute("DROP TABLE journeymap_store_check")
        except OSError as exc:
            raise StoreError(_("cannot keep the rooms in {folder}: {reason}").format(
                folder=self.store_dir, reason=exc.strerror or exc)) from None
        except sqlite3.Error as exc:
            raise StoreError(_("cannot keep the rooms in {file}: {reason}").format(
                file=self.db_path, reason=exc)) from None

    def link(self, room: str) -> Link:
        """The link to ``room`` on this server (the port it listens on once running)."""
        return Link(host=self.host, port=self.port, room=room, token=self.token)

    def _process_request(self, connection: Any, request: Any) -> Any:
        """The handshake's gate: a bad room name gets 404, a wrong or missing token 403; else None (go on)."""
        parts = urlsplit(request.path)
        if not valid_room(parts.path.strip("/")):
            return connection.respond(404, "No such room.\n")
        tokens = parse_qs(parts.query).get("token", [])
        if len(tokens) != 1 or not hmac.compare_digest(tokens[0].encode(), self.token.encode()):
            return connection.respond(403, "Forbidden: wrong or missing token.\n")
        return None

    async def _serve_client(self, rooms: _Rooms, websocket: Any) -> None:
        name = urlsplit(websocket.request.path).path.strip("/")
        channel = _PresenceChannel(websocket, name)
        room = await rooms.get_room(name)
        others = [client for client in room.awareness.states if client != room.awareness.client_id]
        if others:  # a newcomer sees who is there at once, not at their next heartbeat
            await channel.send(create_awareness_message(room.awareness.encode_awareness_update(others)))
        try:
            await room.serve(channel)
        finally:
            await self._withdraw(room, channel)
            await channel.close()

    @staticmethod
    async def _withdraw(room: YRoom, channel: _PresenceChannel) -> None:
        """Tell the others that the people of a dropped connection left (it may not have said so)."""
        gone = [client for client in channel.client_ids if client in room.awareness.states]
        if not gone:
            return
        room.awareness.remove_awareness_states(gone, "disconnect")
        message = create_awareness_message(room.awareness.encode_awareness_update(gone))
        for client in list(room.clients):
            await client.send(message)

    async def run(self, *, task_status: TaskStatus[int] = anyio.TASK_STATUS_IGNORED) -> None:
        """Serve until :meth:`stop_soon`; ``task_status`` gets the port listened on (port 0: a free one).

        Raises StoreError when the rooms cannot be kept, OSError when the address cannot be bound.
        """
        await anyio.to_thread.run_sync(self.check_store)
        self._stop = anyio.Event()
        rooms = self._rooms = _Rooms(self.db_path)
        try:
            async with rooms:
                try:
                    async with serve(lambda websocket: self._serve_client(rooms, websocket), self.host, self.port,
                                     process_request=self._process_request, max_size=self.max_message_bytes,
                                     logger=log) as server:
                        self.port = server.sockets[0].getsockname()[1]
                        task_status.started(self.port)
                        await self._stop.wait()
                finally:
                    with anyio.CancelScope(shield=True):
                        await rooms.save_all()
        except BaseExceptionGroup as group:
            raise one_error(group) from None

    async def seed(self, room: str, update: bytes) -> None:
        """Put a document's content into a room directly (the editor that shares a map runs this server):
        the room holds the map before the link is handed out, and the sharing editor's connection then
        finds nothing to send."""
        assert self._rooms is not None, "the server is not running"
        (await self._rooms.get_room(room)).ydoc.apply_update(update)

    def stop_soon(self) -> None:
        """Ask :meth:`run` to stop (from its own event loop)."""
        if self._stop is not None:
            self._stop.set()

    def start_in_thread(self, timeout: float = 10.0) -> ServerHandle:
        """Run the server on an event loop of its own thread; returns once it listens."""
        return ServerHandle.start(self, timeout)


@dataclass
class ServerHandle:
    """A server running in a background thread: its port, and ``stop()``."""

    server: LiveServer
    port: int
    _portal_cm: Any
    _portal: Any
    _done: Future

    @classmethod
    def start(cls, server: LiveServer, timeout: float) -> ServerHandle:
        from anyio.from_thread import start_blocking_portal

        portal_cm = start_blocking_portal()
        portal = portal_cm.__enter__()
        try:
            done, port = portal.start_task(server.run)
        except BaseException:
            portal_cm.__exit__(*sys.exc_info())
            raise
        return cls(server, port, portal_cm, portal, done)

    def link(self, room: str) -> Link:
        return self.server.link(room)

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function(*args)`` (sync or async) on the server's loop: for tests that look inside."""
        return self._portal.call(function, *args)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (rooms saved) and its thread."""
        if self._done.done():
            self._portal_cm.__exit__(None, None, None)
            return
        self._portal.call(self.server.stop_soon)
        try:
            self._done.result(timeout)
        finally:
            self._portal_cm.__exit__(None, None, None)

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "LiveServer", "ServerHandle", "default_store_dir"]
