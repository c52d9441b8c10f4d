"""Loaded into every process the tests start (it is on their PYTHONPATH): no name is ever looked up in DNS.

Address literals and `localhost` are answered as usual; any other name fails as an unknown name would, at
`socket.getaddrinfo` and at the event loops' own `getaddrinfo` (uvloop resolves in C, past the socket module),
so a URL a test or a fuzzer makes up can never send a query off the machine.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

OFFLINE_MESSAGE = "names are not resolved in the tests (offline stub resolver)"
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
_real_getaddrinfo = socket.getaddrinfo


def resolvable(host: object) -> bool:
    """True for what may be resolved without DNS: no host, an address literal, or a name of this machine."""
    if host is None:
        return True
    name = (host.decode("idna") if isinstance(host, bytes) else str(host)).strip("[]").rstrip(".").lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _refuse(host: object) -> socket.gaierror:
    return socket.gaierror(socket.EAI_NONAME, f"{host!r}: {OFFLINE_MESSAGE}")


def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
    if not resolvable(host):
        raise _refuse(host)
    return _real_getaddrinfo(host, port, *args, **kwargs)


def _guard_loop(loop_class: Any) -> None:
    real = loop_class.getaddrinfo

    async def guarded(self: Any, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if not resolvable(host):
            raise _refuse(host)
        return await real(self, host, port, *args, **kwargs)

    loop_class.getaddrinfo = guarded


socket.getaddrinfo = getaddrinfo
_guard_loop(asyncio.BaseEventLoop)
try:
    import uvloop
except ImportError:  # pragma: no cover - uvloop is not built for Windows
    pass
else:
    _guard_loop(uvloop.Loop)
