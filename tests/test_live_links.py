"""Join links: the three spellings mean one room, a bad link says what is wrong, tokens are long and fresh."""

from __future__ import annotations

import base64

import pytest

from app import i18n
from app.live.links import Link, LinkError, new_token, parse_link, valid_room


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_ws_and_jmap_links_name_the_same_room_and_wss_is_secure():
    expected = Link("example.org", 8765, "workshop-1", "abc_DEF-123")
    assert parse_link("ws://example.org:8765/workshop-1?token=abc_DEF-123") == expected
    assert parse_link("  jmap://example.org:8765/workshop-1?token=abc_DEF-123\n") == expected
    assert parse_link("JMAP://example.org:8765/workshop-1/?token=abc_DEF-123") == expected
    secure = parse_link("wss://example.org:443/r.1?token=t")
    assert secure == Link("example.org", 443, "r.1", "t", secure=True)


def test_a_link_goes_round_through_its_url_and_share_text():
    link = Link("10.0.0.5", 9000, "Room_2", new_token())
    assert link.url() == f"ws://10.0.0.5:9000/Room_2?token={link.token}"
    assert link.share_text() == f"jmap://10.0.0.5:9000/Room_2?token={link.token}"
    assert parse_link(link.url()) == link
    assert parse_link(link.share_text()) == link
    assert link.token not in link.without_token()
    ipv6 = Link("::1", 8765, "r", "t")
    assert ipv6.url() == "ws://[::1]:8765/r?token=t"
    assert parse_link(ipv6.share_text()) == ipv6
    secure = Link("h", 443, "r", "t", secure=True)
    assert secure.share_text() == "wss://h:443/r?token=t"  # jmap:// cannot say "over TLS"


@pytest.mark.parametrize(("text", "says"), [
    ("ws://host:8765/?token=t", "names no room"),
    ("ws://host:8765?token=t", "names no room"),
    ("ws://host:8765/room", "has no token"),
    ("ws://host:8765/room?token=", "has no token"),
    ("ws://host:8765/room?tok=t", "has no token"),
    ("ws://host:99999/room?token=t", "port must be a number"),
    ("ws://host:port/room?token=t", "port must be a number"),
    ("ws://host/room?token=t", "names no port"),
    ("ws://host:0/room?token=t", "names no port"),
    ("http://host:8765/room?token=t", "not a session link"),
    ("host:8765/room?token=t", "not a session link"),
    ("", "not a session link"),
    ("ws://:8765/room?token=t", "names no server"),
    ("ws://host:8765/a/b?token=t", "only letters, digits"),
    ("ws://host:8765/r%C3%A4um?token=t", "only letters, digits"),
    ("ws://host:8765/..?token=t", "only letters, digits"),
    ("ws://host:8765/room?token=a%20b", "not one a server gives"),
    ("ws://host:8765/room?token=a&token=b", "not one a server gives"),
])
def test_a_bad_link_is_refused_with_what_is_wrong(text, says):
    with pytest.raises(LinkError) as caught:
        parse_link(text)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_links_message_leaves_its_token_out():
    with pytest.raises(LinkError) as caught:
        parse_link("ws://host:8765/?token=SECRET")
    assert "SECRET" not in str(caught.value)


def test_tokens_carry_at_least_128_random_bits_and_are_never_repeated():
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
        assert parse_link(f"ws://h:1/r?token={token}").token == token
        assert not token.startswith("-")  # journeymap serve --token TOKEN must not read it as an option


def test_room_names_are_letters_digits_and_three_marks():
    assert valid_room("Workshop_2026-12.A")
    for bad in ("", ".", "..", "a/b", "a b", "räum", "a?b", "x" * 101):
        assert not valid_room(bad), bad
