"""Hocuspocus framing: the y-websocket messages of a room, as a Hocuspocus server wants them.

A Hocuspocus server (``@hocuspocus/server`` 3.x) speaks y-websocket's sync and awareness messages with
two differences, read in its source (``ClientConnection.ts``, ``MessageReceiver.ts``,
``OutgoingMessage.ts``, ``@hocuspocus/common/src/auth.ts``):

- every message, both ways, starts with the document name (a var-string); the room is that name, not
  the URL path;
- the client's first message must be an Auth message carrying the token; the server answers
  Authenticated (then the sync runs) or PermissionDenied with a reason, and leaves the socket open.

Further, the server may send its SyncStep1 as a "SyncReply" (type 4, so that the answer does not
start another round; with a client's messages queued during authentication, 3.4.4 sends a plain Sync),
a SyncStatus (8) after every update it applied, and CLOSE (7) with a reason before it closes.

The editor's pipe and the headless transport keep speaking plain y-websocket; this module is the one
place that turns it into Hocuspocus frames and back.
"""

from __future__ import annotations

from dataclasses import dataclass

from pycrdt import write_var_uint

# message types (``@hocuspocus/server`` types.ts); 0 and 1 are y-websocket's sync and awareness
SYNC, AWARENESS, AUTH, QUERY_AWARENESS, SYNC_REPLY, STATELESS, BROADCAST_STATELESS, CLOSE, SYNC_STATUS = range(9)
# the Auth message's subtypes (``@hocuspocus/common`` auth.ts)
AUTH_TOKEN, AUTH_PERMISSION_DENIED, AUTH_AUTHENTICATED = range(3)

#: what an incoming frame is: a y-websocket message for the document, or an event of the connection
MESSAGE, AUTHENTICATED, DENIED, TOKEN_REQUEST, CLOSED, IGNORED = (
    "message", "authenticated", "denied", "token request", "closed", "ignored")


@dataclass(frozen=True)
class Incoming:
    """One frame from the server, read: ``message`` is the y-websocket message when ``kind`` is MESSAGE,
    ``reason`` the server's words for DENIED and CLOSED."""

    kind: str
    message: bytes = b""
    reason: str = ""


def _var_string(text: str) -> bytes:
    data = text.encode("utf-8")
    return write_var_uint(len(data)) + data


class _Reader:
    """lib0's var-uint and var-string, refusing a cut-off frame with ValueError (not IndexError)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def var_uint(self) -> int:
        value = shift = 0
        while True:
            if self.at >= len(self.data):
                raise ValueError("a Hocuspocus frame ends inside a number")
            byte = self.data[self.at]
            self.at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value
            if shift > 63:
                raise ValueError("a Hocuspocus frame has a number too long")

    def var_string(self) -> str:
        length = self.var_uint()
        if self.at + length > len(self.data):
            raise ValueError("a Hocuspocus frame ends inside a text")
        text = self.data[self.at:self.at + length].decode("utf-8", "replace")
        self.at += length
        return text

    def rest(self) -> bytes:
        return self.data[self.at:]


class RefusedError(Exception):
    """The server refused the token (its PermissionDenied); the message is the server's reason."""


class ClosedError(Exception):
    """The server said it closes the connection (its Close message); the message is the server's reason."""


class Framing:
    """One room's Hocuspocus frames: ``hello`` first, ``wrap`` what goes out, ``unwrap`` what comes in."""

    def __init__(self, room: str, token: str) -> None:
        self.room = room
        self._token = token
        self._prefix = _var_string(room)

    def hello(self) -> bytes:
        """The Auth message with the link's token: the first thing the server must get."""
        return self._prefix + write_var_uint(AUTH) + write_var_uint(AUTH_TOKEN) + _var_string(self._token)

    def wrap(self, message: bytes) -> bytes:
        """A y-websocket message (sync or awareness) as a frame for the room: Hocuspocus numbers them alike."""
        return self._prefix + message

    def unwrap(self, frame: bytes) -> Incoming:
        """What ``frame`` is; ValueError for one that cannot be read."""
        reader = _Reader(bytes(frame))
        if reader.var_string() != self.room:
            return Incoming(IGNORED)  # another document on a shared socket: not ours
        kind = reader.var_uint()
        if kind in (SYNC, AWARENESS):
            return Incoming(MESSAGE, bytes(frame[reader.at - 1:]))  # the type is one byte: from it on
        if kind == SYNC_REPLY:  # the server's SyncStep1: the same sync message for our endpoint
            return Incoming(MESSAGE, write_var_uint(SYNC) + reader.rest())
        if kind == AUTH:
            auth = reader.var_uint()
            if auth == AUTH_AUTHENTICATED:
                return Incoming(AUTHENTICATED)
            if auth == AUTH_PERMISSION_DENIED:
                return Incoming(DENIED, reason=reader.var_string())
            if auth == AUTH_TOKEN:
                return Incoming(TOKEN_REQUEST)
            return Incoming(IGNORED)
        if kind == CLOSE:
            return Incoming(CLOSED, reason=reader.var_string())
        return Incoming(IGNORED)  # SyncStatus, stateless messages, awareness queries: nothing we use

    def read(self, frame: bytes | str) -> Incoming:
        """What a frame from the socket is; a text frame or one that cannot be read is nothing to act on."""
        if not isinstance(frame, bytes):
            return Incoming(IGNORED)
        try:
            return self.unwrap(frame)
        except ValueError:
            return Incoming(IGNORED)


async def authenticate(websocket, framing: Framing) -> None:
    """Send the server the token and wait for its verdict: return when it accepts, RefusedError when it refuses,
    ClosedError when it says it closes (the socket's own ConnectionClosed when it just closes). Frames before the
    verdict are not about the room. The caller sets the deadline."""
    await websocket.send(framing.hello())
    while True:
        incoming = framing.read(await websocket.recv())
        if incoming.kind == AUTHENTICATED:
            return
        if incoming.kind == DENIED:
            raise RefusedError(incoming.reason)
        if incoming.kind == CLOSED:
            raise ClosedError(incoming.reason)
