"""Calls the gateway makes to services on its own behalf, under a `service` principal."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from fastapi import Request

from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.problems import ProblemError

GATEWAY_PRINCIPAL = Principal.build("service", "gateway", "gateway")


class ServiceDirectory:
    """Plain httpx clients to each service: these calls are few, so they need not share the proxy's client."""

    def __init__(
        self, urls: dict[str, str], secret: str, transports: dict[str, httpx.AsyncBaseTransport] | None = None
    ) -> None:
        self._urls = {name: url.rstrip("/") for name, url in urls.items()}
        self._clients = {
            name: httpx.AsyncClient(transport=(transports or {}).get(name), timeout=10.0) for name in urls
        }
        self._secret = secret

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    async def get_json(self, service: str, path: str, *, request_id: str | None = None) -> tuple[int, Any]:
        """GET a service path as the gateway; raises 503 problem when the service cannot be reached."""
        client = self._clients.get(service)
        if client is None:
            raise ProblemError(503, f"The {service} service is not configured.", title="Service Unavailable")
        rid = request_id or uuid.uuid4().hex
        headers = {
            PRINCIPAL_HEADER: sign_principal(GATEWAY_PRINCIPAL, rid, self._secret),
            "x-request-id": rid,
            "accept": "application/json",
        }
        try:
            response = await client.get(self._urls[service] + path, headers=headers)
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

    async def ensure_provider_exists(self, provider_id: str, request: Request) -> None:
        status, _ = await self.get_json(
            "training", f"/v1/providers/{provider_id}", request_id=request.headers.get("x-request-id")
        )
        if status == 404:
            raise ProblemError(
                422,
                f"There is no training provider {provider_id}; create it with POST /v1/providers first.",
                title="Validation Failed",
                errors=[{"pointer": "/provider_id", "detail": "unknown provider", "location": "body"}],
            )
        if status != 200:
            raise ProblemError(
                503, "The training service could not confirm the provider.", title="Service Unavailable"
            )

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
