"""The whole system in one process: the gateway proxying over ASGI transports to the real service apps."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from services.eligibility.app import create_app as create_eligibility
from services.eligibility.settings import EligibilitySettings
from services.submission.app import create_app as create_submission
from services.submission.settings import SubmissionSettings
from services.training.app import create_app as create_training
from services.training.settings import TrainingSettings
from shared.settings import SecorSettings

S = TypeVar("S", bound=SecorSettings)
SERVICES = ("eligibility", "training", "submission")


class TestClock:
    """The system clock until a test sets it; `reset` goes back to real time."""

    __test__ = False

    def __init__(self, zone: dt.tzinfo = dt.UTC) -> None:
        self._fixed: dt.datetime | None = None
        self.zone = zone

    def now(self) -> dt.datetime:
        return self._fixed or dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(self.zone).date()

    def set(self, at: dt.datetime | dt.date) -> None:
        if not isinstance(at, dt.datetime):
            at = dt.datetime(at.year, at.month, at.day, 12, tzinfo=dt.UTC)
        self._fixed = at if at.tzinfo else at.replace(tzinfo=dt.UTC)

    def advance(self, **delta: float) -> None:
        self._fixed = self.now() + dt.timedelta(**delta)

    def reset(self) -> None:
        self._fixed = None


@dataclass
class Stack:
    gateway: httpx.AsyncClient
    eligibility: httpx.AsyncClient
    training: httpx.AsyncClient
    submission: httpx.AsyncClient
    apps: dict[str, FastAPI]
    clock: TestClock
    _exit: contextlib.AsyncExitStack = field(repr=False)


def test_settings(cls: type[S], database_url: str, **overrides: Any) -> S:
    # The tests' "today" is the machine's (UTC) date at any hour; the program's own zone has its own tests.
    return cls(environment="test", database_url=database_url, **({"program_timezone": "UTC"} | overrides))


@contextlib.asynccontextmanager
async def build_stack(
    engine: AsyncEngine,
    database_url: str,
    *,
    gateway_overrides: Mapping[str, Any] | None = None,
    submission_overrides: Mapping[str, Any] | None = None,
    eligibility_overrides: Mapping[str, Any] | None = None,
) -> AsyncIterator[Stack]:
    clock = TestClock()
    packages_dir = Path(tempfile.mkdtemp(prefix="secor-packages-"))
    # The certificate scheduler runs when a test says so (scheduler.tick()), on the test's clock.
    eligibility = create_eligibility(
        test_settings(
            EligibilitySettings,
            database_url,
            # No worker runs here to apply events, so a withdrawal cannot wait for every service to have it.
            **(
                {"run_scheduler": False, "access_withdrawal_wait_seconds": 0}
                | dict(eligibility_overrides or {})
            ),
        ),
        engine=engine,
        clock=clock,
    )
    apps: dict[str, FastAPI] = {
        "eligibility": eligibility,
        "training": create_training(
            test_settings(TrainingSettings, database_url),
            engine=engine,
            clock=clock,
            eligibility_transport=httpx.ASGITransport(app=eligibility),
        ),
        "submission": create_submission(
            test_settings(
                SubmissionSettings,
                database_url,
                **(
                    {"outbound_allowed_networks": ["127.0.0.0/8"], "storage_dir": packages_dir}
                    | dict(submission_overrides or {})
                ),
            ),
            engine=engine,
            clock=clock,
            eligibility_transport=httpx.ASGITransport(app=eligibility),
        ),
    }
    transports: dict[str, httpx.AsyncBaseTransport] = {
        name: httpx.ASGITransport(app=app) for name, app in apps.items()
    }
    # Test receivers listen on loopback, which user-given URLs may reach only where the operator allows it.
    gateway_settings = {"outbound_allowed_networks": ["127.0.0.0/8"]} | dict(gateway_overrides or {})
    apps["gateway"] = create_gateway(
        test_settings(GatewaySettings, database_url, **gateway_settings),
        engine=engine,
        clock=clock,
        upstream_transports=transports,
        listen_for_changes=False,
    )
    async with contextlib.AsyncExitStack() as exit_stack:
        exit_stack.callback(shutil.rmtree, packages_dir, True)
        for app in apps.values():
            await exit_stack.enter_async_context(app.router.lifespan_context(app))
        clients = {
            name: await exit_stack.enter_async_context(
                httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"http://{name}")
            )
            for name, app in apps.items()
        }
        built = Stack(
            gateway=clients["gateway"],
            eligibility=clients["eligibility"],
            training=clients["training"],
            submission=clients["submission"],
            apps=apps,
            clock=clock,
            _exit=exit_stack,
        )
        LIVE.append(built)
        try:
            yield built
        finally:
            LIVE.remove(built)


# Stacks running in this process: their intake takes any package waiting in the shared database.
LIVE: list[Stack] = []


@contextlib.asynccontextmanager
async def intake_paused() -> AsyncIterator[None]:
    """While real processes share the database (end-to-end tests), no in-process intake claims their packages
    (it would find no file in its own storage and return them at intake)."""
    paused = []
    for running in LIVE:
        state = running.apps["submission"].state
        tasks: list[asyncio.Task[None]] = getattr(state, "intake_tasks", [])
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if tasks:
            paused.append(state)
    try:
        yield
    finally:
        for state in paused:
            state.intake_tasks = [
                asyncio.create_task(state.intake.run(), name="submission-intake"),
                asyncio.create_task(state.mail_intake.run(), name="submission-mail-intake"),
            ]
