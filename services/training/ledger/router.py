"""`/v1/ledger`: the chain itself, and its verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from services.training.ledger import repository, service
from services.training.ledger.schemas import LedgerEntry, Verification
from shared.db import Session
from shared.pagination import Page, Pagination, encode_cursor
from shared.principal import Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1/ledger", tags=["Training ledger"])

Reader = Annotated[Principal, Depends(require("ledger:read"))]


@router.get("", response_model=Page[LedgerEntry], summary="Ledger entries after a sequence number")
async def list_ledger(
    session: Session,
    page: Pagination,
    _: Reader,
    after_seq: Annotated[int | None, Query(ge=0, le=2**63 - 1, description="Entries after this one")] = None,
) -> Page[LedgerEntry]:
    """The completions ledger's entries after a sequence number, in order, each with its hash chained to the one
    before.
    """
    start = after_seq if after_seq is not None else 0
    if page.after is not None:
        if not isinstance(page.after, int):
            raise ProblemError(422, "The cursor does not belong to this list.", title="Validation Failed")
        start = page.after
    rows = await repository.entries_after(await session.connection(), start, page.limit)
    entries = [LedgerEntry.model_validate(r, from_attributes=True) for r in rows[: page.limit]]
    next_cursor = encode_cursor(entries[-1].seq) if len(rows) > page.limit else None
    return Page[LedgerEntry](data=entries, next_cursor=next_cursor)


@router.get("/verification", response_model=Verification, summary="Recompute the whole chain")
async def verify_ledger(session: Session, _: Reader) -> Verification:
    """Recomputes the ledger's whole hash chain and says whether it is intact, and where it breaks if not."""
    return await service.verify(await session.connection())
