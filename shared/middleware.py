"""Plain ASGI middleware shared by all components: request ids and access logs, body caps, principals."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.logging import request_id_var
from shared.metrics import ROUTE_TEMPLATE
from shared.principal import PRINCIPAL_HEADER, InvalidPrincipal, verify_principal
from shared.problems import database_unreachable, send_database_away, send_problem
from shared.tracing import TRACEPARENT_HEADER, current_trace, parse_traceparent, tracer

REQUEST_ID_HEADER = b"x-request-id"
_VALID_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
MAX_HEADER_BYTES = 16 * 1024

access_log = logging.getLogger("secor.access")


async def send_json(send: Send, body: bytes, extra_headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    """A 200 with a JSON body, straight from ASGI (for the few hot paths answered ahead of FastAPI)."""
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": [*headers, *extra_headers]})
    await send({"type": "http.response.body", "body": body})


def header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return None


class RequestContextMiddleware:
    """Gives every request an id (the caller's if well-formed), echoes it, and logs one line per request.

    Each request is also a span of its trace: the caller's `traceparent` is its parent (a new trace when there
    is none), and the header is replaced by this span's, so what the request causes (a proxied request, an
    event) continues the trace from here.
    """

    def __init__(self, app: ASGIApp, *, quiet_paths: Iterable[str] = ("/healthz", "/readyz")) -> None:
        self.app = app
        self.quiet_paths = set(quiet_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = header(scope, REQUEST_ID_HEADER)
        if given is not None and _VALID_REQUEST_ID.match(given):
            request_id = given.decode()
        else:
            request_id = uuid.uuid4().hex
            # Downstream code (and the principal check) reads the id from the headers, so put ours there.
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != REQUEST_ID_HEADER] + [
                (REQUEST_ID_HEADER, request_id.encode())
            ]
        span = tracer.start(
            scope.get("method", "") + " " + scope.get(ROUTE_TEMPLATE, scope.get("path", "")),
            parse_traceparent(header(scope, TRACEPARENT_HEADER)),
        )
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != TRACEPARENT_HEADER] + [
            (TRACEPARENT_HEADER, span.context.traceparent.encode())
        ]
        token = request_id_var.set(request_id)
        trace_token = current_trace.set(span.context)
        started = time.perf_counter()
        status_holder = [0]
        rid = request_id.encode()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder[0] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != REQUEST_ID_HEADER]
                headers.append((REQUEST_ID_HEADER, rid))
                message["headers"] = headers
            await send(message)

        try:
            if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
                await send_problem(
                    send_with_id,
                    400,
                    "The URL contains a NUL character.",
                    instance=scope.get("path", "").replace("\x00", ""),
                )
                return
            header_bytes = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
            if header_bytes > MAX_HEADER_BYTES:
                await send_problem(
                    send_with_id,
                    431,
                    f"The request headers total {header_bytes} bytes; the limit is {MAX_HEADER_BYTES}.",
                    instance=scope.get("path"),
                )
                return
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as exc:
                # FastAPI's error layer answers and logs, then re-raises for the server; only an error from
                # outside that layer (no answer started yet) is ours to log and answer.
                if not status_holder[0] and database_unreachable(exc):
                    access_log.warning("database unreachable: %r", exc)
                    await send_database_away(send_with_id, scope.get("path"))
                elif not status_holder[0]:
                    access_log.exception("unhandled error")
                    await send_problem(
                        send_with_id,
                        500,
                        "Something went wrong on our side. The request id in X-Request-ID helps us find it.",
                        instance=scope.get("path"),
                    )
        finally:
            if scope.get("path") not in self.quiet_paths:
                access_log.info(
                    "%s %s %s",
                    scope.get("method"),
                    scope.get("path"),
                    status_holder[0],
                    extra={
                        "status": status_holder[0],
                        "ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
            span.end(**{"http.response.status_code": status_holder[0], "secor.request_id": request_id})
            current_trace.reset(trace_token)
            request_id_var.reset(token)


class BodyLimitMiddleware:
    """Refuses request bodies over a cap (413), whether announced by Content-Length or streamed chunked.

    `overrides` gives other caps for paths matching a pattern (first match wins); a cap of None exempts routes
    that stream large uploads to disk (packages, CSV) and enforce their own.
    """

    def __init__(
        self, app: ASGIApp, *, max_bytes: int, overrides: Iterable[tuple[str, int | None]] = ()
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.overrides = [(re.compile(p), cap) for p, cap in overrides]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = next((cap for p, cap in self.overrides if p.search(scope["path"])), self.max_bytes)
        if max_bytes is None:
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > max_bytes
            except ValueError:
                await send_problem(send, 400, "Content-Length is not a number.", instance=scope["path"])
                return
            if too_big:
                await self._refuse(send, scope, max_bytes)
                return
            if header(scope, b"transfer-encoding") is None:
                # The server holds the body to its declared length, so there is nothing left to count.
                await self.app(scope, receive, send)
                return
        received = 0
        response_started = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes and not refused:
                    refused = True
                    if not response_started:
                        await self._refuse(send, scope, max_bytes)
            if refused:
                # The answer is given; to the app the client is gone, so it stops reading and answers nothing.
                return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if refused:
                return
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        await self.app(scope, counting_receive, tracking_send)

    async def _refuse(self, send: Send, scope: Scope, max_bytes: int) -> None:
        await send_problem(
            send,
            413,
            f"The request body is larger than {max_bytes} bytes, the limit for this endpoint.",
            title="Content Too Large",
            instance=scope["path"],
            limit_bytes=max_bytes,
        )


class PrincipalMiddleware:
    """Every `/v1` path, and every question one component asks another on its caller's behalf
    (`/internal/queries/`), needs a signed principal; without one the answer is 401, route or not."""

    def __init__(
        self, app: ASGIApp, *, secret: str, protected_prefix: tuple[str, ...] = ("/v1/", "/internal/queries/")
    ) -> None:
        self.app = app
        self.secret = secret
        self.protected_prefix = protected_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.protected_prefix):
            await self.app(scope, receive, send)
            return
        token = header(scope, PRINCIPAL_HEADER.encode())
        request_id = header(scope, REQUEST_ID_HEADER)
        reason = "no gateway principal"
        if token is not None:
            try:
                principal = verify_principal(
                    token.decode("latin-1"), request_id.decode() if request_id else None, self.secret
                )
            except InvalidPrincipal as exc:
                reason = str(exc)
            else:
                scope.setdefault("state", {})["principal"] = principal
                await self.app(scope, receive, send)
                return
        await send_problem(
            send,
            401,
            "This service accepts requests only through the gateway; call it at the gateway with an API key.",
            title="Unauthorized",
            instance=scope["path"],
            reason=reason,
        )


def _unstorable(text: str) -> bool:
    """A NUL, which PostgreSQL text cannot hold, or a lone surrogate, which UTF-8 cannot encode."""
    return "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text)


def _first_unstorable(value: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first string (or key) in `value` that cannot be stored, if any."""
    if isinstance(value, str):
        return pointer if _unstorable(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if _unstorable(key):
                return here
            if (found := _first_unstorable(item, here)) is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if (found := _first_unstorable(item, f"{pointer}/{i}")) is not None:
                return found
    return None


class StorableTextMiddleware:
    """Refuses, with 422 pointing at it, any text in a JSON body the database could not store: a NUL or a lone
    surrogate in a string or a key. One home for the rule, ahead of every route, rather than a validator on
    every field (a NUL reached PostgreSQL and answered 500). A NUL in the URL is RequestContextMiddleware's 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        content_type = (header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
        if scope["method"] not in ("POST", "PUT", "PATCH") or not (
            content_type == b"application/json" or content_type.endswith(b"+json")
        ):
            await self.app(scope, receive, send)
            return
        # JSON bodies are small (BodyLimitMiddleware caps them first): read, check, hand on unchanged.
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            document = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            document = None  # malformed JSON is the framework's to answer, with its own problem
        pointer = _first_unstorable(document) if document is not None else None
        if pointer is not None:
            await self._refuse(
                send,
                scope,
                pointer or "/",
                "body",
                "This text holds a NUL or an unpaired surrogate, which cannot be stored; remove it.",
            )
            return
        await self.app(
            scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send
        )

    @staticmethod
    async def _refuse(send: Send, scope: Scope, pointer: str, location: str, detail: str) -> None:
        await send_problem(
            send,
            422,
            detail,
            title="Validation Failed",
            errors=[
                {
                    "pointer": pointer,
                    "detail": "holds a NUL or a character that is not text",
                    "location": location,
                }
            ],
        )


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A receive that gives `messages` first, then whatever `then` gives (a disconnect, later)."""
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive
