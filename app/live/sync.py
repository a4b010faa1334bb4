"""The y-websocket sync protocol for a document owned by the calling thread: bytes in, bytes out.

The editor keeps its shared document on the GUI thread, where its edits are made; the network runs on a
thread of its own and only carries bytes (``app.live.pipe``). This endpoint is what pycrdt's ``Provider``
does, without an event loop: on (re)connecting it sends the document's state vector and the local
presence; the server answers with what this editor lacks and asks for what it lacks, so edits made while
offline are merged on reconnect with no loss. Updates applied from the network are not echoed back: the
endpoint stops observing the document while it applies them, since an observer makes pycrdt encode every
update it sees once more (about 17 ms for the 3 MB state a joining editor gets).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pycrdt import (
    Awareness,
    Doc,
    TransactionEvent,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)


class SyncEndpoint:
    """One document's side of a y-websocket connection; ``send`` puts a message on the wire."""

    def __init__(self, doc: Doc, send: Callable[[bytes], None], awareness: Awareness | None = None) -> None:
        self.doc = doc
        self.awareness = awareness
        self._send = send
        #: whether the connection is up (updates made while it is down wait in the document)
        self.connected = False
        #: whether the server's answer to this connection's state vector arrived
        self.synced = False
        self._subscription = doc.observe(self._local_update)

    def connection_opened(self) -> None:
        """Start a (re)connection: ask for what is missing, and say who is here."""
        self.connected = True
        self.synced = False
        self._send(create_sync_message(self.doc))
        self.send_presence()

    def connection_lost(self) -> None:
        self.connected = False
        self.synced = False

    def send_presence(self) -> None:
        """Tell the others this editor's presence (name, colour, selection) as it is now."""
        if self.connected and self.awareness is not None and self.awareness.get_local_state() is not None:
            update = self.awareness.encode_awareness_update([self.awareness.client_id])
            self._send(create_awareness_message(update))

    def receive(self, message: bytes) -> None:
        """Handle one message from the server; ValueError (or pycrdt's errors) for one it cannot read."""
        if not message:
            raise ValueError("an empty message")
        if message[0] == YMessageType.SYNC:
            self.doc.unobserve(self._subscription)
            try:
                reply = handle_sync_message(message[1:], self.doc)
            finally:
                self._subscription = self.doc.observe(self._local_update)
            if len(message) > 1 and message[1] == YSyncMessageType.SYNC_STEP2:
                self.synced = True
            if reply is not None:
                self._send(reply)
        elif message[0] == YMessageType.AWARENESS and self.awareness is not None:
            self.awareness.apply_awareness_update(read_message(message[1:]), "remote")

    def _local_update(self, event: TransactionEvent) -> None:
        if self.connected:
            self._send(create_update_message(event.update))

    def close(self) -> None:
        self.doc.unobserve(self._subscription)


def presence_of(awareness: Awareness) -> dict[int, dict[str, Any]]:
    """Everyone else's presence state, by client id."""
    return {client: state for client, state in awareness.states.items()
            if client != awareness.client_id and isinstance(state, dict)}
