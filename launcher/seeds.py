"""Reference data each service needs on every installation, inserted idempotently by `secor seed`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


async def run_seeds(engine: AsyncEngine) -> None:
    """Run every service's seed in its own transaction."""
    for seed in _seeds():
        async with engine.begin() as conn:
            await seed(conn)


def _seeds() -> list[Callable[[AsyncConnection], Awaitable[None]]]:
    from services.eligibility.seed import seed as eligibility
    from services.training.seed import seed as training

    return [training, eligibility]
