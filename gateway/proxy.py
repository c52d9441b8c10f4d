"""Forwarding a request to the service that owns it, streaming both bodies, with per-upstream timeouts."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Protocol

import aiohttp
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


class UpstreamError(Exception):
    """The upstream could not be reached (`unavailable`), was too slow (`timeout`) or broke (`bad_gateway`)."""

    def __init__(self, kind: str, cause: BaseException) -> None:
        super().__init__(f"{kind}: {cause!r}")
        self.kind = kind


class UpstreamResponse(Protocol):
    status: int
    raw_headers: list[tuple[bytes, bytes]]

    def chunks(self) -> AsyncIterator[bytes]: ...

    async def read(self) -> bytes: ...

    async def close(self) -> None: ...


class ProxyClient(Protocol):
    """The HTTP client behind the proxy; two implementations, chosen by SECOR_GATEWAY_HTTP_CLIENT."""

    async def send(
        self,
        method: str,
        url: str,
        headers: list[tuple[bytes, bytes]],
        content: bytes | AsyncIterator[bytes] | None,
    ) -> UpstreamResponse: ...

    async def aclose(self) -> None: ...


class _HttpxResponse:
    def __init__(self, response: httpx.Response) -> None:
        self._response = response
        self.status = response.status_code
        self.raw_headers = list(response.headers.raw)

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.aiter_raw():
                yield chunk
        except httpx.HTTPError as exc:
            raise UpstreamError("bad_gateway", exc) from exc

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.chunks()])

    async def close(self) -> None:
        await self._response.aclose()


class HttpxProxyClient:
    def __init__(
        self,
        *,
        timeout: float,
        connect_timeout: float,
        max_connections: int,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=connect_timeout, pool=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            transport=transport,
            follow_redirects=False,
        )

    async def send(
        self,
        method: str,
        url: str,
        headers: list[tuple[bytes, bytes]],
        content: bytes | AsyncIterator[bytes] | None,
    ) -> UpstreamResponse:
        request = self._client.build_request(method, url, headers=headers, content=content)
        try:
            return _HttpxResponse(await self._client.send(request, stream=True))
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise UpstreamError("unavailable", exc) from exc
        except (httpx.ReadTimeout, httpx.WriteTimeout) as exc:
            raise UpstreamError("timeout", exc) from exc
        except httpx.HTTPError as exc:
            raise UpstreamError("bad_gateway", exc) from exc

    async def aclose(self) -> None:
        await self._client.aclose()


class _AiohttpResponse:
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.raw_headers = list(response.raw_headers)

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError("bad_gateway", exc) from exc

    async def read(self) -> bytes:
        try:
            return await self._response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError("bad_gateway", exc) from exc

    async def close(self) -> None:
        self._response.release()


class AiohttpProxyClient:
    # aiohttp adds these unless told not to; a proxy must send only what the client sent.
    _SKIP_AUTO = frozenset({"Accept", "Accept-Encoding", "User-Agent", "Content-Type"})

    def __init__(self, *, timeout: float, connect_timeout: float, max_connections: int) -> None:
        self._timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout, sock_read=timeout)
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    def _get_session(self) -> aiohttp.ClientSession:
        # Created on first use, inside the running loop, as aiohttp requires.
        if self._session is None:
            self._session = aiohttp.ClientSession(
                # Idle connections are let go before the services' own keep-alive (30 s) ends them: reusing a
                # connection just as the service closes it fails the request, and a POST cannot be retried.
                connector=aiohttp.TCPConnector(limit=self._max_connections, keepalive_timeout=20),
                timeout=self._timeout,
                auto_decompress=False,
                skip_auto_headers=self._SKIP_AUTO,
            )
        return self._session

    async def send(
        self,
        method: str,
        url: str,
        headers: list[tuple[bytes, bytes]],
        content: bytes | AsyncIterator[bytes] | None,
    ) -> UpstreamResponse:
        str_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:
            response = await self._get_session().request(
                method, url, headers=str_headers, data=content, allow_redirects=False, compress=None
            )
        except ClientDisconnected:
            raise
        except aiohttp.ClientConnectorError as exc:
            raise UpstreamError("unavailable", exc) from exc
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise UpstreamError("timeout", exc) from exc
        except aiohttp.ClientError as exc:
            raise UpstreamError("bad_gateway", exc) from exc
        return _AiohttpResponse(response)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


@dataclass
class Upstream:
    name: str
    base_url: str
    client: ProxyClient


class Upstreams:
    """One pooled proxy client per service, each with its own timeouts."""

    def __init__(self, clients: dict[str, Upstream]) -> None:
        self._clients = clients

    @classmethod
    def from_urls(
        cls,
        urls: dict[str, str],
        *,
        client: str,
        connect_timeout: float,
        timeouts: dict[str, float],
        max_connections: int,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
    ) -> Upstreams:
        clients = {}
        for name, url in urls.items():
            proxy_client: ProxyClient
            if client == "aiohttp" and not transports:
                proxy_client = AiohttpProxyClient(
                    timeout=timeouts[name], connect_timeout=connect_timeout, max_connections=max_connections
                )
            else:
                proxy_client = HttpxProxyClient(
                    timeout=timeouts[name],
                    connect_timeout=connect_timeout,
                    max_connections=max_connections,
                    transport=(transports or {}).get(name),
                )
            clients[name] = Upstream(name, url.rstrip("/"), proxy_client)
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


def _content_length(raw_headers: list[tuple[bytes, bytes]]) -> int | None:
    for k, v in raw_headers:
        if k.lower() == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None


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
        else:
            content = stream_request_body(receive)
    try:
        response = await upstream.client.send(method, upstream.base_url + path_and_query, headers, content)
    except ClientDisconnected:
        return 499
    except UpstreamError as exc:
        logger.warning("upstream %s: %s", upstream.name, exc)
        status, title, detail = {
            "unavailable": (
                503,
                "Service Unavailable",
                f"The {upstream.name} service is unavailable right now; try again shortly.",
            ),
            "timeout": (504, "Gateway Timeout", f"The {upstream.name} service did not answer in time."),
        }.get(exc.kind, (502, "Bad Gateway", f"The {upstream.name} service gave no valid answer."))
        await send_problem(
            send,
            status,
            detail,
            title=title,
            instance=instance,
            headers={"retry-after": "5"} if status == 503 else None,
            upstream=upstream.name,
        )
        return status
    try:
        out_headers = [(k, v) for k, v in response.raw_headers if k.lower() not in _DROP_RESPONSE]
        if on_response_start is not None:
            on_response_start(response.status, out_headers)
        length = _content_length(out_headers)
        if length is not None and length <= SMALL_BODY:
            # Small answers (nearly all) in one message: every message passes every wrapper of `send`.
            try:
                answer = await response.read()
            except UpstreamError as exc:
                logger.error("upstream %s broke off its answer: %s", upstream.name, exc)
                await send_problem(
                    send,
                    502,
                    f"The {upstream.name} service gave no valid answer.",
                    title="Bad Gateway",
                    instance=instance,
                )
                return 502
            if on_response_chunk is not None:
                on_response_chunk(answer)
            await send({"type": "http.response.start", "status": response.status, "headers": out_headers})
            await send({"type": "http.response.body", "body": answer, "more_body": False})
            return response.status
        await send({"type": "http.response.start", "status": response.status, "headers": out_headers})
        try:
            async for chunk in response.chunks():
                if on_response_chunk is not None:
                    on_response_chunk(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except UpstreamError as exc:
            # The status line is already sent; the best we can do is end the body and say so in the log.
            logger.error("upstream %s broke off its answer: %s", upstream.name, exc)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return response.status
    finally:
        await response.close()


async def drain(receive: Receive) -> None:
    """Consume a request body nobody will read, so the connection stays usable."""
    message: Message = {"more_body": True}
    while message.get("more_body", False):
        message = await receive()
        if message["type"] == "http.disconnect":
            return
