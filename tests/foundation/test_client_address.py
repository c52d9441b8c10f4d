"""The client's address behind proxies: the rightmost X-Forwarded-For entry outside our own proxies."""

from __future__ import annotations

import pytest

from gateway.clientaddress import client_address, parse_networks

OURS = parse_networks(["127.0.0.0/8", "10.0.0.0/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # The client sent its own X-Forwarded-For; our proxy appended the address it saw.
        ("127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "1.1.1.1, 2.2.2.2, 203.0.113.9", "203.0.113.9"),
        # Two of our own proxies in a row.
        ("127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),
        # A peer that is not our proxy is believed about nothing.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "not-an-address, 203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "10.0.0.1, 10.0.0.2", "10.0.0.1"),
        ("127.0.0.1", "garbage", "garbage"),
    ],
)
def test_rightmost_untrusted(peer: str, forwarded: str | None, client: str) -> None:
    assert client_address(peer, forwarded, OURS) == client


def test_rotating_the_left_end_does_not_change_the_client() -> None:
    seen = {client_address("127.0.0.1", f"198.51.100.{i}, 203.0.113.9", OURS) for i in range(50)}
    assert seen == {"203.0.113.9"}
