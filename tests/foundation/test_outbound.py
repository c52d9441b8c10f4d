"""The safe outbound client refuses private places however they are written, before any connection is made."""

from __future__ import annotations

import ipaddress

import pytest

from shared.outbound import (
    OutboundPolicy,
    OutboundRefused,
    SafeClient,
    address_allowed,
    check_url,
    resolve_checked,
)

DEV = OutboundPolicy(allow_http=True, timeout_seconds=3)
STRICT = OutboundPolicy()

PRIVATE_URLS = [
    "http://127.0.0.1/x",
    "http://127.0.0.1:1/x",
    "http://10.0.0.8/x",
    "http://172.16.4.4/x",
    "http://192.168.1.1/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/x",
    "http://0.0.0.0/x",
    "http://[::1]/x",
    "http://[fd00::1]/x",
    "http://[fe80::1]/x",
    "http://[::ffff:10.0.0.1]/x",
    "http://[::ffff:169.254.169.254]/x",
]


class TestAddresses:
    @pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
    def test_public(self, address: str) -> None:
        assert address_allowed(ipaddress.ip_address(address), STRICT)

    @pytest.mark.parametrize(
        "address", ["127.0.0.1", "10.1.1.1", "169.254.169.254", "::1", "224.0.0.1", "0.0.0.0"]
    )
    def test_not_public(self, address: str) -> None:
        assert not address_allowed(ipaddress.ip_address(address), STRICT)

    def test_operator_allowed_network(self) -> None:
        policy = OutboundPolicy.from_strings(["10.0.0.0/8"])
        assert address_allowed(ipaddress.ip_address("10.2.3.4"), policy)
        assert not address_allowed(ipaddress.ip_address("192.168.0.1"), policy)
        assert not address_allowed(
            ipaddress.ip_address("0.0.0.0"), OutboundPolicy.from_strings(["0.0.0.0/0"])
        )


class TestUrls:
    @pytest.mark.parametrize("url", PRIVATE_URLS)
    def test_literals_refused_in_form(self, url: str) -> None:
        with pytest.raises(OutboundRefused, match="not a public address"):
            check_url(url, DEV)

    @pytest.mark.parametrize(
        ("url", "why"),
        [
            ("http://files.example.com/p.zip", "only https"),
            ("ftp://files.example.com/p.zip", "only https"),
            ("https://u:p@files.example.com/p.zip", "credentials"),
            ("https:///p.zip", "no host"),
            ("https://files.example.com:99999/p.zip", "not a valid URL"),
        ],
    )
    def test_form(self, url: str, why: str) -> None:
        with pytest.raises(OutboundRefused, match=why):
            check_url(url, STRICT)

    async def test_names_are_checked_on_what_they_resolve_to(self) -> None:
        with pytest.raises(OutboundRefused, match=r"resolves to 127\.0\.0\.1"):
            await resolve_checked("localhost", 443, STRICT)
        with pytest.raises(OutboundRefused, match=r"resolves to 127\.0\.0\.1"):
            await resolve_checked("0x7f.1", 443, STRICT)
        assert await resolve_checked(
            "localhost", 443, OutboundPolicy.from_strings(["127.0.0.0/8", "::1/128"])
        )


class TestClient:
    @pytest.mark.parametrize("url", [*PRIVATE_URLS, "http://localhost:1/x", "http://0x7f.1:1/x"])
    async def test_download_refused_before_connecting(self, url: str) -> None:
        client = SafeClient(DEV)
        try:
            with pytest.raises(OutboundRefused):
                async for _ in client.stream(url):
                    pass
            with pytest.raises(OutboundRefused):
                await client.post(url, b"{}", {})
        finally:
            await client.aclose()
