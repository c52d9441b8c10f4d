"""`/v1/providers`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from services.training.providers import repository, service
from services.training.providers.schemas import ProviderCreate, ProviderPublic, ProviderUpdate
from shared.db import Session
from shared.dependencies import AppClock
from shared.pagination import Page, Pagination, cursor_after_str, page_of
from shared.principal import CurrentPrincipal, Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1/providers", tags=["Training ledger"])

Reader = Annotated[Principal, Depends(require("providers:read"))]
Writer = Annotated[Principal, Depends(require("providers:write"))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ProviderPublic, summary="Add a provider")
async def create_provider(
    clock: AppClock, body: ProviderCreate, request: Request, session: Session, _: Writer
) -> ProviderPublic:
    """Adds a training provider with the courses it may post. Refused (409) if the name exists."""
    provider = await service.create_provider(session, body, now=clock.now())
    return provider


@router.get("", response_model=Page[ProviderPublic], summary="List providers")
async def list_providers(session: Session, page: Pagination, _: Reader) -> Page[ProviderPublic]:
    """Every training provider."""
    rows = await repository.list_page(session, after=cursor_after_str(page), limit=page.limit)
    codes = await repository.approved_codes_for(session, [p.id for p in rows])
    items = [ProviderPublic(**p.model_dump(), approved_course_codes=codes[p.id]) for p in rows]
    return page_of(items, page.limit, key=lambda p: p.id)


@router.get("/{provider_id}", response_model=ProviderPublic, summary="One provider")
async def get_provider(provider_id: str, session: Session, principal: CurrentPrincipal) -> ProviderPublic:
    # A provider key may read its own provider; anyone else needs providers:read.
    """One training provider: a provider key reads its own, staff any."""
    if not principal.has("providers:read") and principal.provider_id != provider_id:
        raise ProblemError(404, f"There is no provider {provider_id}.")
    return await service.public(session, await service.get_provider(session, provider_id))


@router.patch("/{provider_id}", response_model=ProviderPublic, summary="Change a provider")
async def update_provider(
    clock: AppClock, provider_id: str, body: ProviderUpdate, request: Request, session: Session, _: Writer
) -> ProviderPublic:
    """Changes a provider's name, ACSA flag or approved courses."""
    provider = await service.update_provider(session, provider_id, body, now=clock.now())
    await session.commit()
    request.app.state.course_rules.forget(provider_id)
    return provider
