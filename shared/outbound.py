"""The one safe way to call addresses users give us (webhook URLs, package download links).

- https only, unless the operator allows plain http (development does by default);
- every address a name resolves to must be public, unless it lies in a network the operator allows;
  the check happens in the resolver the connection itself uses, so a name cannot pass the check and then
  resolve elsewhere for the connection (DNS rebinding), and every redirect hop is checked the same way;
- no redirect is followed unless the caller allows some, each one re-checked;
- byte and time caps on every call.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# A server closing a kept-alive connection as it is reused drops the request at once; later is another matter.
DROPPED_AT_ONCE_SECONDS = 1.0


class OutboundRefused(Exception):
    """The destination is not allowed (scheme, address, redirect) or broke a cap; says why in words."""


@dataclass(frozen=True)
class OutboundPolicy:
    allow_http: bool = False
    allowed_networks: Sequence[IPNetwork] = field(default_factory=tuple)
    # False: only the allowed networks may be reached (a deployment whose hooks and links stay inside it).
    allow_public: bool = True
    timeout_seconds: float = 30.0
    max_bytes: int = 64 * 1024
    max_redirects: int = 0

    @classmethod
    def from_strings(cls, networks: Iterable[str], **kwargs: Any) -> OutboundPolicy:
        return cls(allowed_networks=tuple(ipaddress.ip_network(n, strict=False) for n in networks), **kwargs)


_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: a site's own translator, never public


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 addresses an IPv6 address carries and reaches (IPv4-mapped, IPv4-compatible, NAT64, 6to4,
    Teredo), which it must be judged by; None if it carries none. Python calls several of these global."""
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:  # not :: nor ::1, which are judged as themselves
        return [low32]
    if ip in _NAT64:
        return [low32]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)  # the relay server and the client behind it
    return None


def address_allowed(ip: IPAddress, policy: OutboundPolicy) -> bool:
    """Public addresses, or ones in a network the operator allowed; never 0.0.0.0 or multicast. An IPv6
    address that carries IPv4 is allowed only if every IPv4 address it carries is."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64 and not any(ip in network for network in policy.allowed_networks):
            return False
        carried = embedded_ipv4(ip)
        if carried is not None:
            return all(address_allowed(v4, policy) for v4 in carried)
    if ip.is_unspecified or ip.is_multicast:
        return False
    if any(ip in network for network in policy.allowed_networks):
        return True
    # is_global excludes loopback, private, link-local (cloud metadata 169.254.169.254), CGNAT, ULA, reserved.
    return policy.allow_public and ip.is_global


@functools.lru_cache(maxsize=4096)
def check_url(url: str, policy: OutboundPolicy) -> tuple[str, int]:
    """(host, port) of a URL the policy accepts in form; its addresses are checked when it is resolved.

    Cached: a worker posts to the same few endpoint URLs thousands of times (a refusal is an exception, which
    is not cached, so it is worked out again each time).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise OutboundRefused(f"{url!r} is not a valid URL") from exc
    if parts.scheme not in ("https", "http"):
        raise OutboundRefused(f"only https URLs are accepted, not {parts.scheme or 'a URL without scheme'}")
    if parts.scheme == "http" and not policy.allow_http:
        raise OutboundRefused("only https URLs are accepted")
    if not parts.hostname:
        raise OutboundRefused("the URL has no host")
    if parts.username or parts.password:
        raise OutboundRefused("URLs with credentials in them are not accepted")
    # aiohttp connects to an address literal without asking the resolver, so literals are checked here.
    literal = _address_literal(parts.hostname)
    if literal is not None and not address_allowed(literal, policy):
        raise OutboundRefused(
            f"{parts.hostname} is not an address this deployment may reach; set SECOR_OUTBOUND_ALLOWED_NETWORKS "
            "to allow it"
        )
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _address_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def resolve_checked(host: str, port: int, policy: OutboundPolicy) -> list[IPAddress]:
    """Every address `host` resolves to, refusing the lot if any one is not allowed."""
    literal = _address_literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise OutboundRefused(f"{host} cannot be resolved") from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    refused = [str(a) for a in addresses if not address_allowed(a, policy)]
    if refused:
        raise OutboundRefused(
            f"{host} resolves to {', '.join(refused)}, which is not an address this deployment may reach; set "
            "SECOR_OUTBOUND_ALLOWED_NETWORKS to allow it"
        )
    return addresses


class _CheckingResolver(AbstractResolver):
    """aiohttp resolver that only ever hands out addresses the policy allows."""

    def __init__(self, policy: OutboundPolicy) -> None:
        self._policy = policy

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = await resolve_checked(host, port, self._policy)
        return [
            ResolveResult(
                hostname=host,
                host=str(a),
                port=port,
                family=socket.AF_INET6 if a.version == 6 else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for a in addresses
        ]

    async def close(self) -> None:
        return None


@dataclass
class OutboundResponse:
    status: int
    headers: Mapping[str, str]  # case-insensitive
    body: bytes
    truncated: bool


class SafeClient:
    """aiohttp underneath, with the checking resolver; one instance per policy, made inside the loop."""

    def __init__(self, policy: OutboundPolicy, *, limit: int = 100) -> None:
        self.policy = policy
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                resolver=_CheckingResolver(policy),
                limit=limit,
                use_dns_cache=False,
                # Shorter than the 5 s keep-alive common in receivers (uvicorn's, Node's): a connection the
                # receiver is closing is never reused, which would fail the delivery and delay it by a retry.
                keepalive_timeout=4,
            ),
            timeout=aiohttp.ClientTimeout(total=policy.timeout_seconds),
            auto_decompress=False,
        )

    async def aclose(self) -> None:
        await self._session.close()

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> OutboundResponse:
        """POST without following redirects; reads at most max_bytes of the answer.

        A POST the server dropped at once without answering (it closed a kept-alive connection just as this one
        reused it) is sent once more: callers send webhooks, which receivers dedupe by id. One dropped after a
        while is not: the time it took counts against the caller's deadline.
        """
        check_url(url, self.policy)
        started = time.monotonic()
        try:
            return await self._post_once(url, body, headers)
        except aiohttp.ServerDisconnectedError:
            if time.monotonic() - started > DROPPED_AT_ONCE_SECONDS:
                raise
            return await self._post_once(url, body, headers)

    async def _post_once(self, url: str, body: bytes, headers: dict[str, str]) -> OutboundResponse:
        # A refused address raises OutboundRefused from the resolver, through aiohttp unchanged.
        async with self._session.post(url, data=body, headers=headers, allow_redirects=False) as response:
            if response.content_length is not None and response.content_length <= self.policy.max_bytes:
                content, truncated = await response.read(), False  # declared, and within the cap
            else:
                content, truncated = await _read_capped(response.content, self.policy.max_bytes)
            return OutboundResponse(response.status, response.headers, content, truncated)

    async def stream(self, url: str) -> AsyncIterator[bytes]:
        """GET a download, following up to max_redirects (each hop re-checked), in chunks; caps enforced."""
        seen = 0
        current = url
        for _ in range(self.policy.max_redirects + 1):
            check_url(current, self.policy)
            async with self._session.get(current, allow_redirects=False) as response:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise OutboundRefused(f"a redirect from {current} has no Location")
                    current = urljoin(current, location)
                    continue
                if response.status != 200:
                    raise OutboundRefused(f"{current} answered {response.status}, not 200")
                async for chunk in response.content.iter_chunked(256 * 1024):
                    seen += len(chunk)
                    if seen > self.policy.max_bytes:
                        raise OutboundRefused(f"the download is larger than {self.policy.max_bytes} bytes")
                    yield chunk
                return
        raise OutboundRefused(f"more than {self.policy.max_redirects} redirects")


async def _read_capped(stream: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    parts: list[bytes] = []
    total = 0
    # readany until b"" (the end), as iter_any does, without an async iterator per response.
    while chunk := await stream.readany():
        parts.append(chunk)
        total += len(chunk)
        if total >= limit:
            return b"".join(parts)[:limit], True
    return b"".join(parts), False
