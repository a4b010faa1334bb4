"""Join links: where a live room is and the token that opens it.

A link is ``ws://host:port/ROOM?token=T`` (``wss://`` over TLS), or the same
as ``jmap://host:port/ROOM?token=T``, the form the editor shares (it names the
app, not the wire). ``hocuspocus://host:port/ROOM?token=T`` (``hocuspocuss://``
over TLS, as wss is to ws) names a room on a Hocuspocus server, which frames the
same messages its own way (``app.live.hocuspocus``): the scheme says so because
nothing in a server's answer does before it is too late (a plain client gets no
answer at all). The token travels in the link because the link is what people
pass on; it is the room's only key, so it carries at least 128 random bits.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from app.i18n import _

#: schemes a link may have, and whether each is over TLS; jmap means what ws means
SCHEMES = {"ws": False, "jmap": False, "wss": True, "hocuspocus": False, "hocuspocuss": True}
#: the schemes of a room on a Hocuspocus server
HOCUSPOCUS_SCHEMES = {"hocuspocus", "hocuspocuss"}
#: a room name: letters, digits and - _ . (safe in a URL path, a file name and a SQL text)
ROOM_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,100}")
#: random bytes of a new token (8 bits each): 192 bits, above the 128 the issue asks for
TOKEN_BYTES = 24
#: a token from a link: URL-safe characters only, so it is never altered on its way through a URL
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9._~-]{1,200}")


class LinkError(ValueError):
    """A link that does not name a room with its token; the message says what is wrong."""


@dataclass(frozen=True)
class Link:
    """A room on a server, with the token that opens it."""

    host: str
    port: int
    room: str
    token: str
    secure: bool = False
    #: the room is on a Hocuspocus server (Hocuspocus framing and its Auth message, not plain y-websocket)
    hocuspocus: bool = False

    def _netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def url(self) -> str:
        """The websocket URL, token included: what a client connects to."""
        scheme = "wss" if self.secure else "ws"
        return f"{scheme}://{self._netloc()}/{self.room}?token={quote(self.token, safe='')}"

    def share_text(self) -> str:
        """The link people pass on (``jmap://``; ``wss://`` for a room behind TLS, which jmap cannot say;
        ``hocuspocus[s]://`` for a room on a Hocuspocus server)."""
        if self.hocuspocus:
            scheme = "hocuspocuss" if self.secure else "hocuspocus"
            return f"{scheme}://{self._netloc()}/{self.room}?token={quote(self.token, safe='')}"
        if self.secure:
            return self.url()
        return f"jmap://{self._netloc()}/{self.room}?token={quote(self.token, safe='')}"

    def without_token(self) -> str:
        """The link with the token left out: safe to print in a log or an error message."""
        return (self.share_text() if self.hocuspocus else self.url()).split("?", 1)[0]


def new_token() -> str:
    """A fresh room token (URL-safe text of 192 random bits), never starting with "-": a command line
    would take it for an option (``journeymap serve --token -x…``)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def valid_room(name: str) -> bool:
    """Whether ``name`` can be a room's name."""
    return ROOM_PATTERN.fullmatch(name) is not None and name not in (".", "..")


def parse_link(text: str) -> Link:
    """The link ``text`` names, or LinkError saying what is wrong with it."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise LinkError(_("{link}: the port must be a number from 1 to 65535").format(link=_shown(text))) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise LinkError(_("{link}: not a session link (it starts with jmap://, ws://, wss:// or "
                          "hocuspocus://)").format(link=_shown(text)))
    if not host:
        raise LinkError(_("{link}: the link names no server").format(link=_shown(text)))
    if port is None or port == 0:
        raise LinkError(_("{link}: the link names no port (host:port)").format(link=_shown(text)))
    room = parts.path.strip("/")
    if not room:
        raise LinkError(_("{link}: the link names no room (…/ROOM?token=…)").format(link=_shown(text)))
    if not valid_room(room):
        raise LinkError(_("{link}: a room name has only letters, digits and - _ .").format(link=_shown(text)))
    tokens = parse_qs(parts.query, keep_blank_values=True).get("token", [])
    if not tokens or not tokens[0]:
        raise LinkError(_("{link}: the link has no token (…?token=…)").format(link=_shown(text)))
    if len(tokens) > 1 or not TOKEN_PATTERN.fullmatch(tokens[0]):
        raise LinkError(_("{link}: the token is not one a server gives").format(link=_shown(text)))
    return Link(host=host, port=port, room=room, token=tokens[0], secure=SCHEMES[scheme],
                hocuspocus=scheme in HOCUSPOCUS_SCHEMES)


def _shown(text: str) -> str:
    """A bad link as an error message shows it: its token left out (a typo's token may still be right)."""
    shown = text.split("?", 1)[0]
    return repr(shown if len(shown) <= 120 else shown[:117] + "...")
