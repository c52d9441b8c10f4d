"""`/v1/webhook-endpoints`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status

from gateway.settings import Settings
from gateway.webhooks import repository, service
from gateway.webhooks.schemas import (
    AttemptPublic,
    EndpointCreate,
    EndpointCreated,
    EndpointPublic,
    EndpointUpdate,
    RecoveryRequest,
    RecoveryResult,
    SecretRotated,
)
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, cursor_after_str, encode_cursor, page_of
from shared.principal import Principal, require
from shared.problems import problem_responses
from shared.webhooks import new_secret

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["Webhooks and events"])

Manager = Annotated[Principal, Depends(require("webhooks:manage"))]
Reader = Annotated[Principal, Depends(require("webhooks:read"))]
EndpointId = Annotated[str, Path(max_length=64)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=EndpointCreated,
    summary="Register a webhook endpoint (its secret is shown once)",
    responses=problem_responses(422),
)
async def create_webhook_endpoint(
    settings: Settings,
    clock: AppClock,
    body: EndpointCreate,
    request: Request,
    session: Session,
    principal: Manager,
) -> EndpointCreated:
    """Registers an endpoint that events this key may see are POSTed to, signed as Standard Webhooks; its secret
    is answered this once. The URL must be https, and reach no private address unless the operator allows
    that network (`SECOR_OUTBOUND_ALLOWED_NETWORKS`).
    """
    row, secret = await service.create(await session.connection(), principal, body, settings, clock.now())
    return EndpointCreated(**service.public(row).model_dump(), secret=secret)


@router.get("", response_model=Page[EndpointPublic], summary="Your webhook endpoints (staff: all)")
async def list_webhook_endpoints(
    session: Session, page: Pagination, principal: Reader
) -> Page[EndpointPublic]:
    """Your webhook endpoints (staff: every endpoint)."""
    rows = await repository.list_page(
        await session.connection(),
        kind=principal.kind,
        integrator_id=principal.integrator_id,
        provider_id=principal.provider_id,
        after=cursor_after_str(page),
        limit=page.limit,
    )
    return page_of([service.public(r) for r in rows], page.limit, key=lambda e: e.id)


@router.get("/{endpoint_id}", response_model=EndpointPublic, summary="One webhook endpoint")
async def get_webhook_endpoint(
    endpoint_id: EndpointId, session: Session, principal: Reader
) -> EndpointPublic:
    """One webhook endpoint and its delivery state."""
    return service.public(await service.visible(await session.connection(), principal, endpoint_id))


@router.patch(
    "/{endpoint_id}", response_model=EndpointPublic, summary="Change a webhook endpoint, or re-enable it"
)
async def update_webhook_endpoint(
    settings: Settings,
    clock: AppClock,
    endpoint_id: EndpointId,
    body: EndpointUpdate,
    request: Request,
    session: Session,
    principal: Manager,
) -> EndpointPublic:
    """Changes an endpoint's URL, event types or description, or re-enables one stopped after failing."""
    row = await service.update(
        await session.connection(), principal, endpoint_id, body, settings, clock.now()
    )
    return service.public(row)


@router.delete("/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a webhook endpoint")
async def delete_webhook_endpoint(endpoint_id: EndpointId, session: Session, principal: Manager) -> Response:
    """Deletes an endpoint: nothing more is delivered to it."""
    conn = await session.connection()
    await service.visible(conn, principal, endpoint_id)
    await repository.delete(conn, endpoint_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{endpoint_id}/secret-rotation",
    response_model=SecretRotated,
    summary="New secret; the old one keeps signing alongside it for a day",
)
async def rotate_webhook_secret(
    settings: Settings,
    clock: AppClock,
    endpoint_id: EndpointId,
    request: Request,
    session: Session,
    principal: Manager,
) -> SecretRotated:
    """Makes a new signing secret and answers it once; the old one keeps signing alongside it for a day, so
    receivers can switch without losing a delivery.
    """
    conn = await session.connection()
    await service.visible(conn, principal, endpoint_id)
    now = clock.now()
    until = now + dt.timedelta(hours=getattr(settings, "webhook_secret_overlap_hours", 24))
    secret = new_secret()
    await repository.rotate_secret(conn, endpoint_id, secret, until, now)
    return SecretRotated(id=endpoint_id, secret=secret, previous_secret_valid_until=until)


@router.get(
    "/{endpoint_id}/attempts", response_model=Page[AttemptPublic], summary="Delivery attempts, newest first"
)
async def list_webhook_attempts(
    endpoint_id: EndpointId, session: Session, page: Pagination, principal: Reader
) -> Page[AttemptPublic]:
    """Delivery attempts to this endpoint, newest first, with status, duration and the start of each answer."""
    conn = await session.connection()
    await service.visible(conn, principal, endpoint_id)
    before = page.after if isinstance(page.after, int) else None
    rows = await repository.attempts(conn, endpoint_id, before=before, limit=page.limit)
    items = [AttemptPublic.model_validate(r, from_attributes=True) for r in rows[: page.limit]]
    return Page[AttemptPublic](
        data=items, next_cursor=encode_cursor(items[-1].id) if len(rows) > page.limit else None
    )


@router.post(
    "/{endpoint_id}/recovery",
    response_model=RecoveryResult,
    summary="Send again every delivery to this endpoint that failed since a time",
)
async def recover_webhook_deliveries(
    endpoint_id: EndpointId, body: RecoveryRequest, session: Session, principal: Manager
) -> RecoveryResult:
    """Queues again every delivery to this endpoint that failed since a time, in their original order."""
    conn = await session.connection()
    await service.visible(conn, principal, endpoint_id)
    requeued = await repository.requeue_failed(conn, endpoint_id, body.since)
    return RecoveryResult(requeued=requeued)
