"""Calls the gateway makes to services on its own behalf, under a `service` principal."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from shared.peers import PeerServices
from shared.principal import Principal
from shared.problems import ProblemError

GATEWAY_PRINCIPAL = Principal.build("service", "gateway", "gateway")


class ServiceDirectory(PeerServices):
    """The services, called by the gateway as itself unless told otherwise."""

    async def get_json(
        self,
        service: str,
        path: str,
        *,
        principal: Principal = GATEWAY_PRINCIPAL,
        request_id: str | None = None,
    ) -> tuple[int, Any]:
        return await super().get_json(service, path, principal=principal, request_id=request_id)

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
