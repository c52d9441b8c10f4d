"""Training providers and the courses each may post completions of."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from services.training.completions.rules import announce_change
from services.training.courses import repository as courses
from services.training.providers import repository
from services.training.providers.models import Provider
from services.training.providers.schemas import ProviderCreate, ProviderPublic, ProviderUpdate
from shared.ids import new_id
from shared.problems import ProblemError


async def _check_codes(session: AsyncSession, codes: list[str], pointer: str) -> None:
    known = await courses.get_many(session, set(codes))
    unknown = sorted(set(codes) - set(known))
    if unknown:
        raise ProblemError(
            422,
            f"Unknown course code(s): {', '.join(unknown)}. See GET /v1/courses.",
            title="Validation Failed",
            errors=[
                {
                    "pointer": f"{pointer}/{codes.index(c)}",
                    "detail": f"unknown course {c}",
                    "location": "body",
                }
                for c in unknown
            ],
        )


async def _check_name(session: AsyncSession, name: str, other_than: str | None = None) -> None:
    existing = await repository.name_taken(session, name, other_than=other_than)
    if existing:
        raise ProblemError(
            409, f"A provider named {name!r} already exists: {existing}.", existing_id=existing
        )


async def create_provider(session: AsyncSession, data: ProviderCreate, *, now: dt.datetime) -> ProviderPublic:
    await _check_codes(session, data.approved_course_codes, "/approved_course_codes")
    await _check_name(session, data.name)
    provider = Provider(
        id=new_id("prv"), name=data.name, is_acsa=data.is_acsa, created_at=now, updated_at=now
    )
    session.add(provider)
    await session.flush()
    await repository.replace_approvals(session, provider.id, data.approved_course_codes)
    return await public(session, provider)


async def get_provider(session: AsyncSession, provider_id: str) -> Provider:
    provider = await repository.get(session, provider_id)
    if provider is None:
        raise ProblemError(404, f"There is no provider {provider_id}.")
    return provider


async def update_provider(
    session: AsyncSession, provider_id: str, data: ProviderUpdate, *, now: dt.datetime
) -> ProviderPublic:
    provider = await get_provider(session, provider_id)
    changes = data.model_dump(exclude_unset=True)
    codes = changes.pop("approved_course_codes", None)
    if changes.get("name") is None:
        changes.pop("name", None)
    if changes.get("is_acsa") is None:
        changes.pop("is_acsa", None)
    if "name" in changes:
        await _check_name(session, changes["name"], other_than=provider_id)
    if codes is not None:
        await _check_codes(session, codes, "/approved_course_codes")
        await repository.replace_approvals(session, provider_id, codes)
    # Approvals and whether it is ACSA both shape what its posts record and announce.
    await announce_change(await session.connection(), provider_id)
    for field, value in changes.items():
        setattr(provider, field, value)
    provider.updated_at = now
    await session.flush()
    return await public(session, provider)


async def public(session: AsyncSession, provider: Provider) -> ProviderPublic:
    codes = await repository.approved_codes(session, provider.id)
    return ProviderPublic(**provider.model_dump(), approved_course_codes=sorted(codes))
