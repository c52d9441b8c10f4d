"""The gateway's front door for `/v1`: authenticate, rate-limit, then proxy to a service or serve locally."""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.api_keys.service import KEY_PREFIX
from gateway.auth import KeyResolver
from gateway.clientaddress import ClientAddresses
from gateway.idempotency import run_idempotent
from gateway.metrics import RATE_LIMITED
from gateway.proxy import Upstreams, forward, has_body, request_headers
from gateway.publiccache import MAX_BODY_BYTES, PublicAnswerCache, max_age
from gateway.ratelimit import Decision, TokenBuckets
from gateway.routes import abnormal_path, is_public, upstream_for
from gateway.settings import GatewaySettings
from shared.middleware import REQUEST_ID_HEADER, header
from shared.principal import PRINCIPAL_HEADER, Principal, PrincipalSigner
from shared.problems import send_problem

logger = logging.getLogger("secor.gateway")

ANONYMOUS = Principal.build("anonymous", "anonymous", "anonymous")


class GatewayMiddleware:
    def __init__(self, app: ASGIApp, *, settings: GatewaySettings, buckets: TokenBuckets) -> None:
        self.app = app
        self.settings = settings
        self.buckets = buckets
        self._client_address = ClientAddresses(settings.trust_forwarded_for, settings.trusted_proxies)
        self.signer = PrincipalSigner(
            settings.principal_secret.get_secret_value(), settings.principal_ttl_seconds
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and (why := abnormal_path(path)) is not None:
            # Refused before anything else: the service must receive exactly the path that was routed.
            await send_problem(
                send,
                400,
                f"The path has {why}; send it in its normal form.",
                title="Bad Request",
                errors=[{"pointer": "/path", "detail": why, "location": "path"}],
            )
            return
        if scope["type"] != "http" or not path.startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        method: str = scope["method"]

        authorization = header(scope, b"authorization")
        limit_key: str
        per_minute: int
        burst: int
        if authorization is None and is_public(method, path):
            principal = ANONYMOUS
            limit_key = "addr:" + self._client_address(scope)
            per_minute = self.settings.anonymous_rate_limit_per_minute
            burst = self.settings.anonymous_rate_limit_burst
        else:
            token = _bearer(authorization)
            if token is None:
                await self._unauthorized(scope, send, path, authorization)
                return
            resolver: KeyResolver = state.key_resolver
            try:
                resolved = await resolver.resolve(token)
            except Exception:
                logger.exception("key lookup failed")
                await send_problem(
                    send,
                    503,
                    "Keys cannot be checked right now (the database is unreachable); try again shortly.",
                    title="Service Unavailable",
                    instance=path,
                    headers={"retry-after": "5"},
                )
                return
            if resolved is None:
                await self._unauthorized(scope, send, path, authorization)
                return
            principal = resolved.principal
            limit_key = "key:" + principal.id
            per_minute = resolved.rate_limit_per_minute or self.settings.rate_limit_per_minute
            # A key allowed more than the default also gets a bucket of at least two seconds of its rate.
            burst = max(self.settings.rate_limit_burst, per_minute // 30)

        decision = self.buckets.take(limit_key, per_minute=per_minute, burst=burst)
        limit_headers = decision.headers()
        if not decision.allowed:
            RATE_LIMITED.labels(principal.kind).inc()
            await send_problem(
                send,
                429,
                f"Too many requests for this key; wait {decision.retry_after} s before trying again.",
                title="Too Many Requests",
                instance=path,
                headers={k.decode(): v.decode() for k, v in limit_headers},
            )
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *(
                        h
                        for h in message.get("headers", [])
                        if h[0] not in (b"ratelimit", b"ratelimit-policy")
                    ),
                    *limit_headers,
                ]
            await send(message)

        service = upstream_for(path)
        if service is None:
            await self._serve_locally(scope, receive, send_with_limits, principal)
            return
        if principal is ANONYMOUS and method == "GET" and not scope.get("query_string"):
            cache: PublicAnswerCache = state.public_cache
            cached = cache.get(path)
            if cached is not None:
                await send_with_limits(
                    {"type": "http.response.start", "status": cached.status, "headers": list(cached.headers)}
                )
                await send_with_limits({"type": "http.response.body", "body": cached.body})
                return
            await self._proxy(scope, receive, send_with_limits, service, principal, decision, cache=cache)
            return
        await self._proxy(scope, receive, send_with_limits, service, principal, decision)

    async def _proxy(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        service: str,
        principal: Principal,
        _: Decision,
        cache: PublicAnswerCache | None = None,
    ) -> None:
        path: str = scope["path"]
        upstreams: Upstreams = scope["app"].state.upstreams
        upstream = upstreams.get(service)
        if upstream is None:
            await send_problem(
                send,
                503,
                f"The {service} service is not configured.",
                title="Service Unavailable",
                instance=path,
            )
            return
        request_id = (header(scope, REQUEST_ID_HEADER) or b"").decode()
        client = self._client_address(scope)
        extra = [
            (PRINCIPAL_HEADER.encode(), self.signer.sign(principal, request_id).encode()),
            (b"x-forwarded-for", client.encode()),
            (b"x-forwarded-proto", scope.get("scheme", "http").encode()),
        ]
        headers = request_headers(scope["headers"], extra)
        raw_path: bytes = scope.get("raw_path") or path.encode()
        query: bytes = scope.get("query_string", b"")
        path_and_query = raw_path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")

        idempotency_key = header(scope, b"idempotency-key") if scope["method"] == "POST" else None
        if idempotency_key is None or principal.kind == "anonymous":
            answer: dict[str, Any] = {"body": bytearray()}

            def on_start(status: int, response_headers: list[tuple[bytes, bytes]]) -> None:
                answer["status"], answer["headers"] = status, response_headers

            def on_chunk(chunk: bytes) -> None:
                if len(answer["body"]) <= MAX_BODY_BYTES:
                    answer["body"].extend(chunk)

            status = await forward(
                upstream,
                method=scope["method"],
                path_and_query=path_and_query,
                headers=headers,
                body=has_body(scope["headers"]),
                receive=receive,
                send=send,
                instance=path,
                on_response_start=on_start if cache is not None else None,
                on_response_chunk=on_chunk if cache is not None else None,
            )
            if cache is not None and answer.get("status") in (200, 404):
                seconds = max_age(answer["headers"])
                if seconds:
                    cache.put(path, answer["status"], answer["headers"], bytes(answer["body"]), seconds)
            elif scope["method"] != "GET" and status < 400:
                # POST /v1/certificates/N/revocation changes what GET /v1/certificates/N/verification says.
                scope["app"].state.public_cache.invalidate_under(path.rsplit("/", 1)[0])
            return
        await self._proxy_idempotent(
            scope, receive, send, upstream, principal, idempotency_key, headers, path_and_query
        )

    async def _proxy_idempotent(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        upstream: Any,
        principal: Principal,
        raw_key: bytes,
        headers: list[tuple[bytes, bytes]],
        path_and_query: str,
    ) -> None:
        async def run(hashing_receive: Receive, keeping_send: Send) -> None:
            await forward(
                upstream,
                method=scope["method"],
                path_and_query=path_and_query,
                headers=headers,
                body=has_body(scope["headers"]),
                receive=hashing_receive,
                send=keeping_send,
                instance=scope["path"],
            )

        await run_idempotent(
            scope,
            receive,
            send,
            store=scope["app"].state.idempotency,
            principal_id=principal.id,
            raw_key=raw_key,
            path_and_query=path_and_query,
            run=run,
        )

    async def _serve_locally(self, scope: Scope, receive: Receive, send: Send, principal: Principal) -> None:
        scope.setdefault("state", {})["principal"] = principal
        idempotency_key = header(scope, b"idempotency-key") if scope["method"] == "POST" else None
        if idempotency_key is None or principal.kind == "anonymous":
            await self.app(scope, receive, send)
            return

        async def run(hashing_receive: Receive, keeping_send: Send) -> None:
            await self.app(scope, hashing_receive, keeping_send)

        query: bytes = scope.get("query_string", b"")
        await run_idempotent(
            scope,
            receive,
            send,
            store=scope["app"].state.idempotency,
            principal_id=principal.id,
            raw_key=idempotency_key,
            path_and_query=scope["path"] + ("?" + query.decode("latin-1") if query else ""),
            run=run,
        )

    async def _unauthorized(self, scope: Scope, send: Send, path: str, authorization: bytes | None) -> None:
        # Guessing keys costs the address, not anyone's valid key: only failures draw on this bucket, and its
        # state is what the 401's RateLimit headers show.
        decision = self.buckets.take(
            "authfail:" + self._client_address(scope),
            per_minute=self.settings.failed_auth_per_minute,
            burst=self.settings.failed_auth_burst,
        )
        limit_headers = {k.decode(): v.decode() for k, v in decision.headers()}
        if not decision.allowed:
            RATE_LIMITED.labels("failed_key").inc()
            await send_problem(
                send,
                429,
                f"Too many requests with a wrong API key from this address; wait {decision.retry_after} s.",
                title="Too Many Requests",
                instance=path,
                headers=limit_headers,
            )
            return
        await send_problem(
            send,
            401,
            _why_unauthorized(authorization),
            title="Unauthorized",
            instance=path,
            headers={"www-authenticate": 'Bearer realm="secor"'} | limit_headers,
        )


def _why_unauthorized(authorization: bytes | None) -> str:
    """What was wrong with the credentials, and how to send them right."""
    if authorization is None:
        return "This endpoint needs an API key: send the header `Authorization: Bearer <key>`."
    value = authorization.decode("latin-1").strip()
    scheme, _, rest = value.partition(" ")
    if value.startswith(KEY_PREFIX) or (scheme.lower() != "bearer" and not rest):
        return (
            "The Authorization header holds no `Bearer ` scheme: send it as `Authorization: Bearer <key>` "
            f"(the word Bearer, a space, then the key, which starts with `{KEY_PREFIX}`)."
        )
    if scheme.lower() != "bearer":
        return f"This API takes `Authorization: Bearer <key>`, not the {scheme!r} scheme."
    if not rest.strip():
        return "The Authorization header says `Bearer` but no key follows it."
    return (
        f"The API key is unknown or revoked: check it was copied whole (keys start with `{KEY_PREFIX}`); an "
        "admin can list keys with GET /v1/api-keys and make a new one."
    )


def _bearer(value: bytes | None) -> str | None:
    if value is None:
        return None
    scheme, _, token = value.decode("latin-1").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    return token
