"""Calls one component makes to another over HTTP, under a signed principal (its own, or its caller's)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.problems import ProblemError
from shared.settings import SecorSettings


class PeerServices:
    """Plain httpx clients to each peer: these calls are few, so they need not share a proxy's client."""

    def __init__(
        self,
        urls: dict[str, str],
        secret: str,
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
        *,
        via: str | None = None,
    ) -> None:
        """`via` names the component asking, signed into the caller's principal so a peer can tell a question
        from the process (an evaluation being received) from the same caller asking for itself."""
        self._urls = {name: url.rstrip("/") for name, url in urls.items()}
        self._clients = {
            name: httpx.AsyncClient(transport=(transports or {}).get(name), timeout=10.0) for name in urls
        }
        self._secret = secret
        self._via = via

    @classmethod
    def of(
        cls,
        settings: SecorSettings,
        peer: str,
        *,
        via: str,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> PeerServices:
        """The client of one peer component, at the URL the settings give it (`transport`: in tests)."""
        return cls(
            {peer: settings.service_url(peer)},
            settings.principal_secret.get_secret_value(),
            transports={peer: transport} if transport is not None else None,
            via=via,
        )

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    async def get_json(
        self, service: str, path: str, *, principal: Principal, request_id: str | None = None
    ) -> tuple[int, Any]:
        """GET a peer's path as `principal`; a peer that cannot be reached is a 503 problem."""
        return await self.request_json("GET", service, path, principal=principal, request_id=request_id)

    async def request_json(
        self,
        method: str,
        service: str,
        path: str,
        *,
        principal: Principal,
        body: Any = None,
        request_id: str | None = None,
    ) -> tuple[int, Any]:
        """Call a peer's path as `principal` (with a JSON body if given); a peer that cannot be reached is a
        503 problem."""
        client = self._clients.get(service)
        if client is None:
            raise ProblemError(503, f"The {service} service is not configured.", title="Service Unavailable")
        rid = request_id or uuid.uuid4().hex
        headers = {
            PRINCIPAL_HEADER: sign_principal(
                principal if self._via is None else principal.model_copy(update={"via": self._via}),
                rid,
                self._secret,
            ),
            "x-request-id": rid,
            "accept": "application/json",
        }
        if body is not None:
            headers["content-type"] = "application/json"
        try:
            response = await client.request(
                method,
                self._urls[service] + path,
                headers=headers,
                content=None if body is None else json.dumps(body, default=str),
            )
        except httpx.HTTPError as exc:
            raise ProblemError(
                503,
                f"The {service} service is unavailable right now; try again shortly.",
                title="Service Unavailable",
            ) from exc
        try:
            return response.status_code, response.json()
        except json.JSONDecodeError:
            return response.status_code, None

    async def readiness(self, service: str) -> dict[str, Any]:
        client = self._clients.get(service)
        if client is None:
            return {"status": "not_configured"}
        try:
            response = await client.get(self._urls[service] + "/readyz", timeout=2.0)
        except httpx.HTTPError as exc:
            return {"status": "down", "error": type(exc).__name__}
        return {
            "status": "ready" if response.status_code == 200 else "not_ready",
            "http_status": response.status_code,
        }
