"""Two editor windows in one live session: what one does appears in the other, undo is per person.

Both windows run in this process on Qt's own loop; the room runs on the sharing window's server thread
and each window's connection on a thread of its own, as in the app.
"""

from __future__ import annotations

import pytest

from app.live.links import parse_link
from app.live.transport import LiveError
from app.ui import live_dialogs
from app.ui.main_window import MainWindow

WAIT_MS = 10_000


@pytest.fixture
def two_windows(qtbot, sample_path):
    host = MainWindow(path=sample_path)
    guest = MainWindow()
    for window in (host, guest):
        qtbot.addWidget(window)
    yield host, guest
    for window in (host, guest):
        live_dialogs.leave_session(window)


def texts(window: MainWindow) -> dict[str, str]:
    return {card.id: card.text for card in window.journey_map.cards}


def test_a_shared_map_opens_in_the_joining_window_and_edits_go_both_ways(qtbot, two_windows):
    host, guest = two_windows
    link = host.share_session()
    assert parse_link(link).host == "127.0.0.1"
    guest.join_session(link)
    assert texts(guest) == texts(host)
    assert guest.document.path is None  # a copy: the host's file stays the document of record

    new_card = host.scene.controller.add_card("awareness", "pain-points", "typed by the host")
    qtbot.waitUntil(lambda: texts(guest).get(new_card) == "typed by the host", timeout=WAIT_MS)
    assert new_card in guest.scene.card_items  # the guest's canvas shows it

    assert host.save_file() and not host.isWindowModified()
    guest.scene.controller.edit_card_text(new_card, "edited by the guest")
    qtbot.waitUntil(lambda: texts(host).get(new_card) == "edited by the guest", timeout=WAIT_MS)
    assert " ".join(host.scene.card_items[new_card].box.lines).split() == ["edited", "by", "the", "guest"]
    assert host.isWindowModified()  # the file does not hold it yet: Save and autosave see it
    assert host.undo_stack.count() == 1  # the guest's edit is not the host's to undo


def test_undo_takes_back_only_my_own_change(qtbot, two_windows):
    host, guest = two_windows
    guest.join_session(host.share_session())
    mine = host.scene.controller.add_card("awareness", "pain-points", "the host's")
    theirs = guest.scene.controller.add_card("awareness", "thoughts", "the guest's")
    qtbot.waitUntil(lambda: mine in texts(guest) and theirs in texts(host), timeout=WAIT_MS)
    host.undo_stack.undo()  # the host's last own step: adding "the host's"
    assert mine not in texts(host) and theirs in texts(host)
    qtbot.waitUntil(lambda: mine not in texts(guest), timeout=WAIT_MS)
    assert theirs in texts(guest)
    assert host.undo_stack.count() == 1  # the guest's card never went on the host's stack


def test_a_wrong_token_is_refused_with_a_message(qtbot, two_windows):
    host, guest = two_windows
    link = parse_link(host.share_session())
    wrong = link.url().replace(link.token, "x" * len(link.token))
    with pytest.raises(LiveError, match="token"):
        guest.join_session(wrong)
    assert guest.document.path is None and getattr(guest, "live_session", None) is None


def test_each_sees_the_others_name_colour_and_selection(qtbot, two_windows, monkeypatch):
    from app.ui import settings

    host, guest = two_windows
    settings.write(settings.LIVE_NAME, "Anna <b>Host</b>")
    settings.write(settings.LIVE_COLOR, "#D55E00")
    link = host.share_session()
    settings.write(settings.LIVE_NAME, "Ben")
    settings.write(settings.LIVE_COLOR, "not a colour")
    guest.join_session(link)
    guest.set_current_persona(host.current_persona_id)
    card = next(iter(host.scene.card_items))
    host.scene.select_cards([card])
    qtbot.waitUntil(lambda: any(o.name == "Anna <b>Host</b>" for o in guest.live_session.presence.outlines),
                    timeout=WAIT_MS)
    outline = guest.live_session.presence.outlines[0]
    assert outline.color.name().upper() == "#D55E00" and not outline.typing
    guest.live_session.presence.publish()  # four times a second: nothing changed, nothing is drawn again
    assert guest.live_session.presence.outlines == [outline] and outline.scene() is guest.scene
    box = guest.scene.layout.cards[card].rect
    assert (outline.rect.x(), outline.rect.y()) == (box.x, box.y)
    people = guest.live_session.presence.dock.list
    assert [people.item(i).text() for i in range(people.count())] == ["Anna <b>Host</b>"]  # plain text
    qtbot.waitUntil(lambda: host.live_session.people() and host.live_session.people()[0]["name"] == "Ben",
                    timeout=WAIT_MS)
    assert host.live_session.people()[0]["color"] == "#555555"  # a colour that is not one is replaced

    host.scene.editing.edit_card(card)  # typing in it
    qtbot.waitUntil(lambda: any(o.typing for o in guest.live_session.presence.outlines), timeout=WAIT_MS)
    host.scene.editing.cancel()
    host.scene.clearSelection()
    qtbot.waitUntil(lambda: not guest.live_session.presence.outlines, timeout=WAIT_MS)


def test_a_dropped_connection_loses_nothing_and_merges_on_reconnect(qtbot, tmp_path, sample_path):
    from app.cli import main as cli
    from app.live.server import LiveServer

    store = tmp_path / "rooms"
    server = LiveServer(host="127.0.0.1", port=0, store_dir=store, token="t" * 24).start_in_thread()
    port = server.port
    link = server.link("workshop").url()
    assert cli(["push", str(sample_path), link]) == 0
    first, second = MainWindow(), MainWindow()
    for window in (first, second):
        qtbot.addWidget(window)
    try:
        first.join_session(link)
        second.join_session(link)
        server.stop()  # the server goes away: a restart, a dropped network
        qtbot.waitUntil(lambda: "offline" in first.live_session.status_text(), timeout=WAIT_MS)
        assert "offline" in first.statusBar().currentMessage()
        one = first.scene.controller.add_card("awareness", "thoughts", "written offline by one")
        two = second.scene.controller.add_card("purchase", "thoughts", "written offline by two")
        server = LiveServer(host="127.0.0.1", port=port, store_dir=store, token="t" * 24).start_in_thread()
        qtbot.waitUntil(lambda: {one, two} <= set(texts(first)) and {one, two} <= set(texts(second)),
                        timeout=20_000)
        assert texts(first) == texts(second)
        assert first.live_session.status_text() == "live session: online"
    finally:
        for window in (first, second):
            live_dialogs.leave_session(window)
        server.stop()


def test_when_the_host_leaves_the_guest_keeps_the_map_is_told_and_can_save_a_copy(qtbot, two_windows, tmp_path):
    host, guest = two_windows
    guest.join_session(host.share_session())
    shared = texts(host)
    live_dialogs.leave_session(host)
    qtbot.waitUntil(lambda: "offline" in guest.live_session.status_text(), timeout=WAIT_MS)
    assert texts(guest) == shared
    guest.scene.controller.add_card("awareness", "thoughts", "still editing")
    assert guest.save_file(tmp_path / "copy.json")
    assert "still editing" in (tmp_path / "copy.json").read_text("utf-8")


def test_journeymap_join_opens_the_editor_in_the_room(qtbot, two_windows, monkeypatch):
    """``journeymap join LINK`` starts the editor and joins once its window is shown."""
    from PySide6.QtWidgets import QApplication

    from app.cli import main as cli
    from app.ui import application

    host, _guest = two_windows
    link = host.share_session()
    opened = []
    hook = opened.append
    application.window_hooks.append(hook)
    monkeypatch.setattr(QApplication, "exec", lambda _app: qtbot.waitUntil(
        lambda: opened and getattr(opened[0], "live_session", None) is not None, timeout=WAIT_MS) or 0)
    monkeypatch.setattr("app.display.display_problem", lambda: None)
    try:
        assert cli(["join", link]) == 0
        window = opened[0]
        qtbot.addWidget(window)
        assert texts(window) == texts(host)
        live_dialogs.leave_session(window)
    finally:
        application.window_hooks.remove(hook)


def test_journeymap_join_refuses_a_bad_link_before_qt_starts(capsys):
    from app.cli import main as cli

    assert cli(["join", "ws://127.0.0.1:9/room"]) == 2
    assert "token" in capsys.readouterr().err


@pytest.mark.parametrize("garbage", [b"", b"\x00", b"\x00\x02\xff\xff\xff\xff", b"\x01\x05junk", bytes(range(256)),
                                     b"\x00\x00\x80"])
def test_garbage_from_the_room_is_ignored_and_the_session_goes_on(qtbot, two_windows, garbage):
    host, guest = two_windows
    guest.join_session(host.share_session())
    before = texts(guest)
    guest.live_session._received(garbage)  # as the pipe hands on what the server sent
    assert texts(guest) == before
    card = host.scene.controller.add_card("awareness", "thoughts", "after the garbage")
    qtbot.waitUntil(lambda: card in texts(guest), timeout=WAIT_MS)


def test_the_menu_commands_ask_a_name_once_share_show_the_link_and_join(qtbot, two_windows, dialogs):
    from PySide6.QtWidgets import QDialog

    from app.ui import settings

    host, guest = two_windows
    settings.write(settings.LIVE_NAME, "")
    dialogs.answers.extend([QDialog.DialogCode.Accepted, "Anna"])  # Share: on this computer; the name asked
    dialogs.expect("dialog", "Live Session Link")
    live_dialogs.share_dialog(host)
    assert settings.read(settings.LIVE_NAME) == "Anna"
    link = host.live_session.link.url()
    dialogs.answers.append(link)  # Join: the link pasted (the name is not asked again)
    live_dialogs.join_dialog(guest)
    assert texts(guest) == texts(host)
    assert [kind for kind, _text in dialogs.messages] == ["dialog", "text", "dialog", "text"]
    qtbot.waitUntil(lambda: [person["name"] for person in guest.live_session.people()] == ["Anna"],
                    timeout=WAIT_MS)


def test_a_link_that_is_no_link_is_told_in_a_message(qtbot, two_windows, dialogs):
    _host, guest = two_windows
    dialogs.answers.extend(["Ben", "ws://127.0.0.1:9/room"])  # the name asked once; a link with no token
    dialogs.expect("critical", "token")
    live_dialogs.join_dialog(guest)
    assert getattr(guest, "live_session", None) is None


def test_the_link_dialog_shows_the_link_and_its_qr_code(qtbot, two_windows):
    host, _guest = two_windows
    link = host.share_session()
    dialog = live_dialogs.LinkDialog(host, link, "")
    qtbot.addWidget(dialog)
    assert dialog.link_field.text() == link
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() == pixmap.height() >= 100


def test_opening_another_map_in_a_shared_window_ends_its_session(qtbot, two_windows):
    host, guest = two_windows
    guest.join_session(host.share_session())
    host.new_file()
    qtbot.waitUntil(lambda: getattr(host, "live_session", None) is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "offline" in guest.live_session.status_text(), timeout=WAIT_MS)
    card = host.scene.controller.add_card(host.journey_map.phases[0].id, host.journey_map.lanes[0].id, "local only")
    assert card in texts(host) and card not in texts(guest)


def test_a_guest_keeps_a_recovery_journal_of_what_the_others_did(qtbot, two_windows):
    import json

    host, guest = two_windows
    guest.join_session(host.share_session())
    card = host.scene.controller.add_card("awareness", "thoughts", "seen by the guest")
    qtbot.waitUntil(lambda: card in texts(guest), timeout=WAIT_MS)
    assert guest.document.is_modified  # others' changes are unsaved in the guest's window
    qtbot.waitUntil(lambda: guest.autosaver.journal.path.exists(), timeout=WAIT_MS)  # autosaved after a moment
    saved = json.loads(guest.autosaver.journal.path.read_text("utf-8"))
    assert "seen by the guest" in json.dumps(saved, ensure_ascii=False)


@pytest.mark.parametrize("what", ["phase", "lane"])
def test_two_people_adding_a_phase_or_lane_of_one_name_at_once_get_two(qtbot, two_windows, what):
    """Ids from the name alone would be the same key in the room: the two would merge into one."""
    host, guest = two_windows
    guest.join_session(host.share_session())
    name = "Onboarding"
    items = (lambda window: window.journey_map.phases) if what == "phase" else (lambda window: window.journey_map.lanes)
    before = len(items(host))
    for window in (host, guest):  # no event is processed in between: neither has the other's yet
        getattr(window.scene.controller, f"add_{what}")(name)
    named = [lambda window=window: [item.id for item in items(window) if item.name == name] for window in (host, guest)]
    qtbot.waitUntil(lambda: len(named[0]()) == 2 and sorted(named[1]()) == sorted(named[0]()), timeout=WAIT_MS)
    assert len(items(host)) == len(items(guest)) == before + 2
    assert all(item_id.startswith("onboarding-") for item_id in named[0]())


def test_a_phase_added_outside_a_live_session_keeps_its_readable_id(qtbot, sample_path):
    window = MainWindow(path=sample_path)
    qtbot.addWidget(window)
    window.scene.controller.add_phase("Onboarding")
    assert "onboarding" in [phase.id for phase in window.journey_map.phases]
