"""Who the client is, when proxies stand in front of the gateway.

X-Forwarded-For is a list each proxy appends to, so only its right end is vouched for: the client is the
rightmost address that is not one of our own trusted proxies (as nginx's real_ip and most load balancers
document). The leftmost entry is whatever the client chose to send, so taking it would let anyone rotate it
and escape a per-address limit.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import Scope

from shared.middleware import header

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address: the peer itself unless it is a trusted proxy; then, walking X-Forwarded-For from
    the right, the first entry that is not a trusted proxy (the leftmost if all are)."""
    if not forwarded_for or not _trusted(peer, trusted):
        return peer
    chain = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    for entry in reversed(chain):
        if not _trusted(entry, trusted):
            return entry
    return chain[0] if chain else peer


class ClientAddresses:
    """The client address of a request as the gateway's settings say to read it (X-Forwarded-For or not)."""

    def __init__(self, trust_forwarded_for: bool, trusted_proxies: str) -> None:
        self.trust_forwarded_for = trust_forwarded_for
        self.trusted = parse_networks(trusted_proxies.split(","))

    def __call__(self, scope: Scope) -> str:
        client = scope.get("client")
        peer = str(client[0]) if client else "unknown"
        if not self.trust_forwarded_for:
            return peer
        forwarded = header(scope, b"x-forwarded-for")
        return client_address(peer, forwarded.decode("latin-1") if forwarded else None, self.trusted)


class MetricsReader(ClientAddresses):
    """Who asks for the gateway's /metrics. A request that came through a proxy (it carries X-Forwarded-For) is
    judged by the client the proxy names when those proxies are trusted, and refused when they are not: behind a
    load balancer on a private network every public client would otherwise look private."""

    def __call__(self, scope: Scope) -> str:
        if not self.trust_forwarded_for and header(scope, b"x-forwarded-for") is not None:
            return ""
        return super().__call__(scope)
