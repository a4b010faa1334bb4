"""Whether the editor has a screen to open on, found out before Qt, which aborts the process without one.

Qt's xcb platform plugin calls ``abort()`` when it cannot connect to an X
server, after printing lines about plugins and reinstalling that send users
the wrong way. The command line asks this module first and says in one line
what is wrong and what works without a screen.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sys
from collections.abc import Mapping

from app.i18n import _

#: Qt platforms that need no screen (the tests' offscreen one among them)
_HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")


def _x_server_answers(number: str) -> bool:
    """Whether the local X server ``:number`` accepts a connection (its socket file, or Linux's abstract one)."""
    path = f"/tmp/.X11-unix/X{number}"
    for address in (path, "\0" + path):
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            probe.connect(address)
            return True
    return False


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no editor window can be shown here, or None when one can (or this cannot be told)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    qt_platform = environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].split(";", 1)[0].strip()
    if qt_platform.startswith(_HEADLESS_PLATFORMS):
        return None
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None  # Windows and macOS always have their own screen
    if environ.get("WAYLAND_DISPLAY") and not qt_platform.startswith("xcb"):
        return None
    display = environ.get("DISPLAY", "")
    if not display:
        return _("there is no display to open the editor on (no DISPLAY or WAYLAND_DISPLAY is set)")
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if local and not _x_server_answers(local.group(1)):
        return _("the display {display} does not answer (is the X server running?)").format(display=display)
    return None
