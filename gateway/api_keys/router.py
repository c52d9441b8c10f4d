"""`GET /v1/me` and `/v1/api-keys`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from gateway.api_keys import repository, service
from gateway.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic, Me
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import CurrentPrincipal, Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1", tags=["API keys"])

KeyAdmin = Annotated[Principal, Depends(require("api_keys:manage"))]
KeyReader = Annotated[Principal, Depends(require("api_keys:read"))]


@router.get("/me", response_model=Me, summary="Who this API key is")
async def get_me(principal: CurrentPrincipal) -> Me:
    """Who the calling key is: its kind, role, binding and scopes."""
    return Me(**principal.model_dump())


@router.post(
    "/api-keys",
    status_code=status.HTTP_201_CREATED,
    response_model=ApiKeyCreated,
    summary="Create an API key",
)
async def create_api_key(
    clock: AppClock, body: ApiKeyCreate, request: Request, session: Session, admin: KeyAdmin
) -> ApiKeyCreated:
    """Creates a key of a kind (provider, integrator or staff with a role) and answers its secret, shown this
    once; only its hash is kept.
    """
    if body.kind == "provider" and body.provider_id:
        await request.app.state.directory.ensure_provider_exists(body.provider_id, request)
    key, plaintext = await service.create_key(session, body, created_by=admin.id, now=clock.now())
    return ApiKeyCreated(**ApiKeyPublic.model_validate(key, from_attributes=True).model_dump(), key=plaintext)


@router.get("/api-keys", response_model=Page[ApiKeyPublic], summary="List API keys")
async def list_api_keys(session: Session, page: Pagination, _: KeyReader) -> Page[ApiKeyPublic]:
    """Every API key, newest first, without secrets; revoked keys are listed with `revoked_at`."""
    rows = await repository.list_page(session, after=cursor_after_str(page), limit=page.limit)
    items = [ApiKeyPublic.model_validate(r, from_attributes=True) for r in rows]
    return page_of(items, page.limit, key=lambda k: k.id)


@router.get("/api-keys/{key_id}", response_model=ApiKeyPublic, summary="Read an API key")
async def get_api_key(key_id: str, session: Session, _: KeyReader) -> ApiKeyPublic:
    """One API key's name, kind, role, binding and limits, without its secret."""
    key = await repository.get(session, key_id)
    if key is None:
        raise ProblemError(404, f"There is no API key {key_id}.")
    return ApiKeyPublic.model_validate(key, from_attributes=True)


@router.delete("/api-keys/{key_id}", response_model=ApiKeyPublic, summary="Revoke an API key at once")
async def revoke_api_key(
    clock: AppClock, key_id: str, request: Request, session: Session, _: KeyAdmin
) -> ApiKeyPublic:
    """Revokes the key: every gateway refuses it within moments, and it is never valid again."""
    key = await service.revoke_key(session, key_id, now=clock.now())
    await session.commit()
    request.app.state.key_resolver.forget(key.key_hash)
    return ApiKeyPublic.model_validate(key, from_attributes=True)
