"""Plain ASGI middleware shared by all components: request ids and access logs, body caps, principals."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.logging import request_id_var
from shared.principal import PRINCIPAL_HEADER, InvalidPrincipal, verify_principal
from shared.problems import send_problem

REQUEST_ID_HEADER = b"x-request-id"
_VALID_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:\-]{1,128}$")
MAX_HEADER_BYTES = 16 * 1024

access_log = logging.getLogger("secor.access")


def header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return None


class RequestContextMiddleware:
    """Gives every request an id (the caller's if well-formed), echoes it, and logs one line per request."""

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
        token = request_id_var.set(request_id)
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
            header_bytes = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
            if header_bytes > MAX_HEADER_BYTES:
                await send_problem(
                    send_with_id,
                    431,
                    f"The request headers total {header_bytes} bytes; the limit is {MAX_HEADER_BYTES}.",
                    instance=scope.get("path"),
                )
                return
            await self.app(scope, receive, send_with_id)
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
            request_id_var.reset(token)


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Refuses request bodies over a cap (413), whether announced by Content-Length or streamed chunked.

    Routes that stream large uploads to disk (packages, CSV) are listed in `exempt` and enforce their own caps.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, exempt: Iterable[str] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = [re.compile(p) for p in exempt]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(p.search(scope["path"]) for p in self.exempt):
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                await send_problem(send, 400, "Content-Length is not a number.", instance=scope["path"])
                return
            if too_big:
                await self._refuse(send, scope)
                return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not response_started:
                await self._refuse(send, scope)

    async def _refuse(self, send: Send, scope: Scope) -> None:
        await send_problem(
            send,
            413,
            f"The request body is larger than {self.max_bytes} bytes, the limit for this endpoint.",
            title="Content Too Large",
            instance=scope["path"],
            limit_bytes=self.max_bytes,
        )


class PrincipalMiddleware:
    """Every `/v1` path needs the gateway's signed principal; without one the answer is 401, route or not."""

    def __init__(self, app: ASGIApp, *, secret: str, protected_prefix: str = "/v1/") -> None:
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
