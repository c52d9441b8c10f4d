"""Calls the gateway makes to services on its own behalf, under a `service` principal."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from fastapi import Request

from gateway.proxy import Upstreams
from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.problems import ProblemError

GATEWAY_PRINCIPAL = Principal.build("service", "gateway", "gateway")


class ServiceDirectory:
    def __init__(self, upstreams: Upstreams, secret: str) -> None:
        self._upstreams = upstreams
        self._secret = secret

    async def get_json(self, service: str, path: str, *, request_id: str | None = None) -> tuple[int, Any]:
        """GET a service path as the gateway; raises 503 problem when the service cannot be reached."""
        upstream = self._upstreams.get(service)
        if upstream is None:
            raise ProblemError(503, f"The {service} service is not configured.", title="Service Unavailable")
        rid = request_id or uuid.uuid4().hex
        headers = {
            PRINCIPAL_HEADER: sign_principal(GATEWAY_PRINCIPAL, rid, self._secret),
            "x-request-id": rid,
            "accept": "application/json",
        }
        try:
            response = await upstream.client.get(upstream.base_url + path, headers=headers)
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
        upstream = self._upstreams.get(service)
        if upstream is None:
            return {"status": "not_configured"}
        try:
            response = await upstream.client.get(upstream.base_url + "/readyz", timeout=2.0)
        except httpx.HTTPError as exc:
            return {"status": "down", "error": type(exc).__name__}
        return {
            "status": "ready" if response.status_code == 200 else "not_ready",
            "http_status": response.status_code,
        }
