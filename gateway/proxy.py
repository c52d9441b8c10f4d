"""Forwarding a request to the service that owns it, streaming both bodies, with per-upstream timeouts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
from starlette.types import Message, Receive, Send

from shared.problems import send_problem

logger = logging.getLogger("secor.gateway.proxy")

# Hop-by-hop headers (RFC 9110 §7.6.1) and ones the gateway owns are never passed through.
_DROP_REQUEST = frozenset(
    {
        b"host",
        b"connection",
        b"keep-alive",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"authorization",
        b"x-secor-principal",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
    }
)
_DROP_RESPONSE = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"x-request-id",
        b"ratelimit",
        b"ratelimit-policy",
        b"server",
        b"date",
    }
)
SMALL_BODY = 64 * 1024


class ClientDisconnected(Exception):
    pass


@dataclass
class Upstream:
    name: str
    base_url: str
    client: httpx.AsyncClient


class Upstreams:
    """One pooled HTTP client per service, each with its own timeouts."""

    def __init__(self, clients: dict[str, Upstream]) -> None:
        self._clients = clients

    @classmethod
    def from_urls(
        cls,
        urls: dict[str, str],
        *,
        connect_timeout: float,
        timeouts: dict[str, float],
        max_connections: int,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    ) -> Upstreams:
        clients = {}
        for name, url in urls.items():
            timeout = httpx.Timeout(timeouts[name], connect=connect_timeout, pool=connect_timeout)
            limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
            transport = (transports or {}).get(name)
            clients[name] = Upstream(
                name,
                url.rstrip("/"),
                httpx.AsyncClient(
                    timeout=timeout, limits=limits, transport=transport, follow_redirects=False
                ),
            )
        return cls(clients)

    def get(self, name: str) -> Upstream | None:
        return self._clients.get(name)

    def names(self) -> list[str]:
        return list(self._clients)

    async def aclose(self) -> None:
        for upstream in self._clients.values():
            await upstream.client.aclose()


def request_headers(
    raw: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in raw if k not in _DROP_REQUEST] + extra


def response_headers(headers: httpx.Headers) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers.raw if k.lower() not in _DROP_RESPONSE]


async def stream_request_body(
    receive: Receive, on_chunk: Callable[[bytes], None] | None = None
) -> AsyncIterator[bytes]:
    """The client's body as it arrives; never holds more than one chunk."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected()
        chunk = message.get("body", b"")
        if chunk:
            if on_chunk is not None:
                on_chunk(chunk)
            yield chunk
        if not message.get("more_body", False):
            return


async def read_small_body(receive: Receive) -> bytes:
    parts = []
    async for chunk in stream_request_body(receive):
        parts.append(chunk)
    return b"".join(parts)


def has_body(raw_headers: list[tuple[bytes, bytes]]) -> tuple[bool, int | None]:
    """Whether the request carries a body, and its declared length if any."""
    length: int | None = None
    chunked = False
    for k, v in raw_headers:
        if k == b"content-length":
            try:
                length = int(v)
            except ValueError:
                length = None
        elif k == b"transfer-encoding" and b"chunked" in v.lower():
            chunked = True
    return (chunked or (length is not None and length > 0)), length


async def forward(
    upstream: Upstream,
    *,
    method: str,
    path_and_query: str,
    headers: list[tuple[bytes, bytes]],
    body: tuple[bool, int | None],
    receive: Receive,
    send: Send,
    instance: str,
    on_request_chunk: Callable[[bytes], None] | None = None,
    on_response_chunk: Callable[[bytes], None] | None = None,
    on_response_start: Callable[[int, list[tuple[bytes, bytes]]], None] | None = None,
) -> int:
    """Send the request to `upstream` and stream the answer back; upstream failures become problems.

    `body` says whether the client sends a body and its declared length (see `has_body`).
    Returns the status sent to the client.
    """
    with_body, length = body
    content: bytes | AsyncIterator[bytes] | None = None
    if with_body:
        if length is not None and length <= SMALL_BODY:
            # Small bodies are read at once: fewer round trips through the event loop, same memory bound.
            content = await read_small_body(receive)
            if on_request_chunk is not None:
                on_request_chunk(content)
        else:
            content = stream_request_body(receive, on_request_chunk)
    request = upstream.client.build_request(
        method, upstream.base_url + path_and_query, headers=headers, content=content
    )
    try:
        response = await upstream.client.send(request, stream=True)
    except ClientDisconnected:
        return 499
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        logger.warning("upstream %s unavailable: %r", upstream.name, exc)
        await send_problem(
            send,
            503,
            f"The {upstream.name} service is unavailable right now; try again shortly.",
            title="Service Unavailable",
            instance=instance,
            headers={"retry-after": "5"},
            upstream=upstream.name,
        )
        return 503
    except (httpx.ReadTimeout, httpx.WriteTimeout) as exc:
        logger.warning("upstream %s timed out: %r", upstream.name, exc)
        await send_problem(
            send,
            504,
            f"The {upstream.name} service did not answer in time.",
            title="Gateway Timeout",
            instance=instance,
            upstream=upstream.name,
        )
        return 504
    except httpx.HTTPError as exc:
        logger.warning("upstream %s failed: %r", upstream.name, exc)
        await send_problem(
            send,
            502,
            f"The {upstream.name} service gave no valid answer.",
            title="Bad Gateway",
            instance=instance,
            upstream=upstream.name,
        )
        return 502
    try:
        out_headers = response_headers(response.headers)
        if on_response_start is not None:
            on_response_start(response.status_code, out_headers)
        await send({"type": "http.response.start", "status": response.status_code, "headers": out_headers})
        try:
            async for chunk in response.aiter_raw():
                if on_response_chunk is not None:
                    on_response_chunk(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except httpx.HTTPError as exc:
            # The status line is already sent; the best we can do is end the body and say so in the log.
            logger.error("upstream %s broke off its answer: %r", upstream.name, exc)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return response.status_code
    finally:
        await response.aclose()


async def drain(receive: Receive) -> None:
    """Consume a request body nobody will read, so the connection stays usable."""
    message: Message = {"more_body": True}
    while message.get("more_body", False):
        message = await receive()
        if message["type"] == "http.disconnect":
            return
