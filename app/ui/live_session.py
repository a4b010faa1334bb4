"""A live session in the editor: the open map shared with other editors through a room.

The shared document lives on the GUI thread with the map (``app.live.replica``); a pipe on its own thread
carries the bytes (``app.live.pipe``), so the network never blocks typing. Every edit of this editor goes
through its one door (``MapDocument.apply``) and from there into the document; what others did comes out
of the document as changes that go through the same door, but not onto this editor's undo stack: undo
is per person. Remote updates that arrive together are read once, 15 ms after the first.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pycrdt import Awareness
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

from app.i18n import _
from app.live.links import Link, new_token, parse_link
from app.live.pipe import CLOSED, OFFLINE, ONLINE, REFUSED, Pipe
from app.live.replica import Replica
from app.live.server import LiveServer
from app.live.sync import SyncEndpoint, presence_of
from app.live.transport import LiveError
from app.live.ydoc import LiveMapError
from app.operations import changes
from app.ui.live_dialogs import leave_session, open_live_map
from app.ui.live_presence import plain_name, safe_color

if TYPE_CHECKING:
    from app.ui.document import MapDocument
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
#: milliseconds the first remote update waits for the ones that come with it
READ_DELAY_MS = 15
#: seconds a join waits for the room's map
JOIN_TIMEOUT_S = 15.0
#: the most selected cards of one person outlined
MAX_SHOWN = 500


class LiveSession(QObject):
    """One editor window's side of a room: shares (host) or joins it, and keeps the map in step."""

    #: a message from the room (emitted on the pipe's thread, handled on the GUI thread)
    _message = Signal(bytes)
    #: the pipe's state ("online", "offline", "refused", "closed") and its reason
    _state = Signal(str, str)
    #: what the window shows about the session changed (joined, online, offline, refused)
    status_changed = Signal()

    def __init__(self, window: MainWindow, link: Link, replica: Replica, server=None, store: Path | None = None,
                 name: str = "", color: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.link = link
        self.replica = replica
        self.server = server
        self._store = store
        self.state = OFFLINE
        self.reason = ""
        self.joined = False
        self.awareness = Awareness(replica.doc)
        self.awareness.set_local_state({"name": name or _("Someone"), "color": color or "#0072B2"})
        self.endpoint = SyncEndpoint(replica.doc, self._send, self.awareness)
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_DELAY_MS)
        self._read_timer.timeout.connect(self.apply_remote)
        self._message.connect(self._received, Qt.ConnectionType.QueuedConnection)
        self._state.connect(self._state_changed, Qt.ConnectionType.QueuedConnection)
        self._applying = False
        self.document: MapDocument | None = None
        #: the People list and the others' outlines (``app.ui.live_presence``), once the session is shown
        self.presence = None
        self.pipe = Pipe(link, self._from_pipe(self._message), self._from_pipe(self._state))

    @staticmethod
    def _from_pipe(signal):
        """A pipe's callback: the signal's emit, quiet once the session's object is gone (the pipe thread
        can outlive a window deleted at exit)."""
        def emit(*values) -> None:
            with contextlib.suppress(RuntimeError):
                signal.emit(*values)
        return emit

    # --- starting ---------------------------------------------------------------------------------------

    @classmethod
    def share(cls, window: MainWindow, lan: bool = False, name: str = "", color: str = "") -> LiveSession:
        """Start a room on this computer with the window's map in it (LiveError when it cannot listen)."""
        store = Path(tempfile.mkdtemp(prefix="journeymap-live-"))
        host = _lan_address() if lan else "127.0.0.1"
        token = new_token()
        try:
            server = LiveServer(host=host, port=0, store_dir=store, token=token).start_in_thread()
        except Exception:
            shutil.rmtree(store, ignore_errors=True)
            raise
        replica = Replica()
        replica.seed(window.document.journey_map)
        room = secrets.token_hex(6)
        server.call(server.server.seed, room, replica.doc.get_update())
        session = cls(window, server.link(room), replica, server, store, name, color)
        session.attach(window.document)
        session.pipe.start()
        return session

    @classmethod
    def join(cls, window: MainWindow, text: str, name: str = "", color: str = "") -> LiveSession:
        """Join the room of a link and wait (spinning Qt's loop) until its map is here; LiveError if not."""
        link = parse_link(text)
        session = cls(window, link, Replica(), name=name, color=color)
        session.pipe.start()
        waiting = QEventLoop()
        session.status_changed.connect(waiting.quit)
        deadline = QTimer(session)
        deadline.setSingleShot(True)
        deadline.timeout.connect(waiting.quit)
        deadline.start(int(JOIN_TIMEOUT_S * 1000))
        while not session.joined and session.state not in (REFUSED, CLOSED) and deadline.isActive():
            waiting.exec()
        deadline.stop()
        if not session.joined:
            reason = session.reason or _("the room's map did not arrive within {seconds} s").format(
                seconds=int(JOIN_TIMEOUT_S))
            session.stop()
            raise LiveError(_("Could not join the live session: {reason}").format(reason=reason))
        return session

    def attach(self, document: MapDocument) -> None:
        """Keep ``document`` in step with the room: its edits go out, the room's come in."""
        self.document = document
        document.shared = True
        document.applied.connect(self._local)
        document.destroyed.connect(self._document_gone)

    def _document_gone(self) -> None:
        """Another map was opened in the window: the session ends (the room keeps the shared map)."""
        self.document = None
        leave_session(self.window)

    # --- the two directions ----------------------------------------------------------------------------

    def _send(self, message: bytes) -> None:
        self.pipe.send(message)

    def _local(self, change: changes.Change, inverse: changes.Change) -> None:
        if not self._applying and self.document is not None:
            self.replica.local(change, inverse, self.document.journey_map)

    def _received(self, message: bytes) -> None:
        try:
            self.endpoint.receive(message)
        except Exception as error:  # a bad message from the room must not end the editor
            log.warning("ignored a message from the room it could not read: %r", error)
            return
        if self.replica.pending and self.document is None:
            self.apply_remote()  # joining: the room's whole state comes in one message, nothing to wait for
        elif self.replica.pending and not self._read_timer.isActive():
            self._read_timer.start()

    def apply_remote(self) -> None:
        """Bring the open map to the room's: the first time by opening it, then by changes."""
        try:
            if self.document is None:
                live = self.replica.read()
                if live.journey_map is None:
                    return
                open_live_map(self.window, live.journey_map)
                self.attach(self.window.document)
                self.joined = True
                self.status_changed.emit()
                return
            received, _live = self.replica.remote(self.document.journey_map)
        except LiveMapError as error:
            self.reason = str(error)
            self.status_changed.emit()
            return
        if not received:
            return
        self._applying = True
        try:
            for change in received:
                self.document.apply(change, checked=False)
        finally:
            self._applying = False
        self.document.changed_by_others()

    def _state_changed(self, state: str, reason: str) -> None:
        if state == CLOSED and self.state == REFUSED:
            return  # the pipe ends after a refusal: the refusal is what the user needs to read
        self.state, self.reason = state, reason
        if state == ONLINE:
            self.endpoint.connection_opened()
        else:
            self.endpoint.connection_lost()
        self.status_changed.emit()

    # --- what the window shows --------------------------------------------------------------------------

    def people(self) -> list[dict]:
        """The others in the room: name and colour (made safe to show), selected cards, the card typed in."""
        people = []
        for state in presence_of(self.awareness).values():
            selection = state.get("selection")
            typing = state.get("typing")
            people.append({
                "name": plain_name(state.get("name")) or _("Someone"),
                "color": safe_color(state.get("color")),
                "selection": [item for item in selection[:MAX_SHOWN] if isinstance(item, str)]
                if isinstance(selection, list) else [],
                "typing": typing if isinstance(typing, str) else None,
            })
        return people

    def status_text(self) -> str:
        if self.state == ONLINE:
            return _("live session: online")
        if self.state == REFUSED:
            return _("live session refused: {reason}").format(reason=self.reason)
        return _("offline — your changes will be sent")

    def stop(self) -> None:
        """Leave the room (the host's room closes with it); the map stays open as it is."""
        if self.presence is not None:
            self.presence.stop()
            self.presence = None
        self._read_timer.stop()
        self.pipe.stop()
        self.endpoint.close()
        self.replica.close()
        if self.document is not None:
            self.document.shared = False
            self.document.applied.disconnect(self._local)
            self.document.destroyed.disconnect(self._document_gone)
            self.document = None
        if self.server is not None:
            self.server.stop()
        if self._store is not None:
            shutil.rmtree(self._store, ignore_errors=True)


def _lan_address() -> str:
    """This computer's address on the local network (the one a route to the outside would use)."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent, only a route is looked up
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()
