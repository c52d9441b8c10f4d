"""The safe outbound client refuses private places however they are written, before any connection is made."""

from __future__ import annotations

import asyncio
import ipaddress

import aiohttp
import pytest

from shared.outbound import (
    DROPPED_AT_ONCE_SECONDS,
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
    # IPv4 carried inside IPv6, which Python calls global: IPv4-compatible, NAT64, 6to4, Teredo.
    "http://[::127.0.0.1]:9301/x",
    "http://[::a9fe:a9fe]/x",
    "http://[64:ff9b::7f00:1]/x",
    "http://[64:ff9b::a00:1]/x",
    "http://[64:ff9b:1::a00:1]/x",
    "http://[2002:7f00:1::]/x",
    "http://[2002:a9fe:a9fe::1]/x",
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x",
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

    @pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"])
    def test_ipv6_carrying_a_public_ipv4_is_public(self, address: str) -> None:
        assert address_allowed(ipaddress.ip_address(address), STRICT)

    def test_carried_ipv4_is_judged_against_the_allowed_networks(self) -> None:
        policy = OutboundPolicy.from_strings(["127.0.0.0/8"])
        assert address_allowed(ipaddress.ip_address("64:ff9b::7f00:1"), policy)
        assert not address_allowed(ipaddress.ip_address("64:ff9b::a00:1"), policy)

    def test_public_addresses_can_be_switched_off(self) -> None:
        inside_only = OutboundPolicy.from_strings(["10.0.0.0/8"], allow_public=False)
        assert address_allowed(ipaddress.ip_address("10.2.3.4"), inside_only)
        for address in ("8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1"):
            assert not address_allowed(ipaddress.ip_address(address), inside_only)
        with pytest.raises(OutboundRefused, match="not an address this deployment may reach"):
            check_url("https://1.1.1.1/hook", inside_only)

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
        with pytest.raises(OutboundRefused, match="not an address this deployment may reach"):
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


async def dropping_server(seen: list[bytes], drop_after: float) -> asyncio.Server:
    """Answers the first request on each connection; drops the second unanswered after `drop_after` seconds,
    as a server does when it closes an idle kept-alive connection just as the client reuses it."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for answered in range(2):
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:"))
            seen.append(await reader.readexactly(int(length.split(b":")[1])))
            if answered:
                await asyncio.sleep(drop_after)
                break
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")
            await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


class TestKeptAliveConnections:
    async def test_a_post_dropped_at_once_on_a_reused_connection_is_sent_once_more(self) -> None:
        seen: list[bytes] = []
        server = await dropping_server(seen, drop_after=0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
        client = SafeClient(OutboundPolicy.from_strings(["127.0.0.0/8"], allow_http=True))
        try:
            first = await client.post(url, b"one", {})
            second = await client.post(url, b"two", {})
        finally:
            await client.aclose()
            server.close()
        assert (first.status, first.body, second.status, second.body) == (200, b"ok", 200, b"ok")
        assert seen == [b"one", b"two", b"two"], "the dropped POST went again, on a new connection"

    async def test_one_dropped_after_a_while_is_not(self) -> None:
        seen: list[bytes] = []
        server = await dropping_server(seen, drop_after=DROPPED_AT_ONCE_SECONDS + 0.3)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook"
        client = SafeClient(OutboundPolicy.from_strings(["127.0.0.0/8"], allow_http=True))
        try:
            await client.post(url, b"one", {})
            with pytest.raises(aiohttp.ServerDisconnectedError):
                await client.post(url, b"two", {})
        finally:
            await client.aclose()
            server.close()
        assert seen == [b"one", b"two"]
