"""File → Share Live Session… and Join Live Session…: the window's side of starting a live session.

Sharing shows the join link with a copy button and a QR code (segno) for a phone or a second laptop; by
default the room listens on this computer only, and "Let others on this network join" binds the LAN
address and names it. Joining asks for a link and opens the room's map in the window. Failures are one
clear message, never a traceback.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.i18n import _
from app.ui import settings
from app.ui.dialogs import message_box

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def share_session(window: MainWindow, lan: bool = False) -> str:
    """Start sharing the window's map (stopping a session it was in); returns the join link."""
    from app.ui.live_session import LiveSession

    leave_session(window)
    window.live_session = LiveSession.share(window, lan, *who_i_am())
    _follow(window)
    return window.live_session.link.url()


def join_session(window: MainWindow, link: str) -> None:
    """Open the room of ``link`` in the window (LiveError or LinkError saying why not)."""
    from app.ui.live_session import LiveSession

    leave_session(window)
    window.live_session = LiveSession.join(window, link, *who_i_am())
    _follow(window)


#: the colours people get (Okabe-Ito, dark enough for a white name on them)
PEOPLE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A6A00", "#56B4E9", "#E69F00", "#000000")


def who_i_am() -> tuple[str, str]:
    """This editor's name and colour in live sessions: as set once (Join/Share ask), else the login name."""
    import getpass

    name = settings.read(settings.LIVE_NAME)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    color = settings.read(settings.LIVE_COLOR) or PEOPLE_COLORS[sum(map(ord, name)) % len(PEOPLE_COLORS)]
    return name, color


def ask_who_i_am(window: MainWindow) -> bool:
    """Ask once for the name others see; False when the person cancels."""
    if settings.read(settings.LIVE_NAME):
        return True
    name, accepted = QInputDialog.getText(window, _("Your Name in Live Sessions"),
                                          _("The name the others see beside your cards:"), text=who_i_am()[0])
    if not accepted or not name.strip():
        return False
    settings.write(settings.LIVE_NAME, name.strip())
    return True


def leave_session(window: MainWindow) -> None:
    session = getattr(window, "live_session", None)
    if session is not None:
        session.stop()
        window.live_session = None


def open_live_map(window: MainWindow, journey_map) -> None:
    """Show a room's map in the window as a new, unsaved map (Save As keeps a copy)."""
    from app.ui.document import MapDocument

    window._attach_document(MapDocument(journey_map))


def _follow(window: MainWindow) -> None:
    from app.ui.live_presence import Presence

    session = window.live_session
    session.status_changed.connect(lambda: window.statusBar().showMessage(session.status_text()))
    window.statusBar().showMessage(session.status_text())
    session.presence = Presence(window, session)


def share_dialog(window: MainWindow) -> None:
    """Ask whether others on the network may join, start the session and show its link."""
    lan = QCheckBox(_("Let others on this network join"))
    ask = QDialog(window)
    ask.setWindowTitle(_("Share Live Session"))
    layout = QVBoxLayout(ask)
    layout.addWidget(QLabel(_("Others join this map from their editor with the link shown next. "
                              "Your map file stays the one that is saved.")))
    layout.addWidget(lan)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(ask.accept)
    buttons.rejected.connect(ask.reject)
    layout.addWidget(buttons)
    if ask.exec() != QDialog.DialogCode.Accepted or not ask_who_i_am(window):
        return
    from app.live.transport import LiveError  # the network libraries load when a session starts, not with the editor

    try:
        link = share_session(window, lan.isChecked())
    except (LiveError, OSError) as error:
        message_box(window, "critical", _("Cannot share the map"), str(error))
        return
    LinkDialog(window, link, window.live_session.link.host if lan.isChecked() else "").exec()


def join_dialog(window: MainWindow) -> None:
    """Ask for a link and join its room."""
    if not window.maybe_save() or not ask_who_i_am(window):
        return
    text, accepted = QInputDialog.getText(window, _("Join Live Session"), _("Link to the live session:"))
    if not accepted or not text.strip():
        return
    join_or_tell(window, text.strip())


def join_or_tell(window: MainWindow, link: str) -> bool:
    """Join the room of ``link``, or say why not in a message (``journeymap join`` and the menu)."""
    from app.live.links import LinkError
    from app.live.transport import LiveError

    try:
        join_session(window, link)
    except (LiveError, LinkError) as error:
        message_box(window, "critical", _("Cannot join the live session"), str(error))
        return False
    return True


class LinkDialog(QDialog):
    """The join link, a button that copies it, and its QR code."""

    def __init__(self, window: MainWindow, link: str, lan_host: str) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Live Session Link"))
        layout = QVBoxLayout(self)
        where = (_("Others on this network join with this link (this computer is {address}):").format(
            address=lan_host) if lan_host else _("Others on this computer join with this link:"))
        layout.addWidget(QLabel(where))
        row = QHBoxLayout()
        self.link_field = QLineEdit(link)
        self.link_field.setReadOnly(True)
        self.link_field.setMinimumWidth(420)
        copy = QPushButton(_("Copy"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(link))
        row.addWidget(self.link_field)
        row.addWidget(copy)
        layout.addLayout(row)
        self.qr = QLabel()
        self.qr.setPixmap(qr_pixmap(link))
        layout.addWidget(self.qr)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def qr_pixmap(text: str) -> QPixmap:
    """The QR code of ``text`` as a picture (segno writes the PNG)."""
    import segno

    data = io.BytesIO()
    segno.make(text, error="m").save(data, kind="png", scale=5, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(data.getvalue(), "PNG")
    return pixmap
