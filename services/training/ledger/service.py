"""Verifying the ledger: recompute every hash and cross-check the records it vouches for."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from services.training.ledger import repository
from services.training.ledger.schemas import Verification


async def verify(conn: AsyncConnection) -> Verification:
    """Whole-ledger check: sequence gaps, broken links, altered entries, altered or unledgered records."""
    chain = await repository.check_chain(conn)
    head = await repository.head(conn)
    records = await repository.check_records(conn)
    revocations = await repository.check_revocations(conn)
    problems: list[str] = []
    bad: list[int] = []
    if chain.first_bad is not None:
        problems.append(f"entry {chain.first_bad} does not match its hash or does not follow its predecessor")
        bad.append(chain.first_bad)
    if (head.last_seq, head.last_hash) != ((chain.last_seq or 0), chain.last_hash or "0" * 64):
        problems.append(f"the chain ends at entry {chain.last_seq or 0}, but its head says {head.last_seq}")
        bad.append((chain.last_seq or 0) + 1)
    for label, check in (("completion", records), ("revocation", revocations)):
        if check.first_bad is not None:
            problems.append(f"a {label} no longer matches ledger entry {check.first_bad}")
            bad.append(check.first_bad)
        if check.unledgered:
            problems.append(f"{check.unledgered} {label}(s) have no ledger entry")
    return Verification(
        ok=not problems,
        entries_checked=chain.checked,
        first_bad_seq=min(bad) if bad else None,
        problems=problems,
    )
