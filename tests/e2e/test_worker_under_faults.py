"""The worker process under faults: a receiver that hangs holds up only itself, and two workers sharing a slow
mail server send each mail once."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.outbox import Mail, enqueue_mail, publish
from shared.webhooks import new_secret
from tests.events import loose_event
from tests.servers import component_env, spawn, stop
from tests.smtp import SmtpServer
from tests.webhooks.conftest import Receiver, eventually

pytestmark = pytest.mark.e2e


@pytest.fixture
def workers(database_url: str, tmp_path: Path) -> Iterator[Any]:
    procs: list[Any] = []

    def start(**settings: str) -> Any:
        env = component_env(
            database_url,
            tmp_path,
            SECOR_OUTBOUND_ALLOWED_NETWORKS=json.dumps(["127.0.0.0/8"]),
            SECOR_WORKER_POLL_INTERVAL_SECONDS="0.2",
            **settings,
        )
        proc = spawn(["worker"], env, tmp_path / f"worker-{len(procs)}.log")
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        stop(proc)


async def add_endpoint(engine: AsyncEngine, endpoint_id: str, url: str, event_types: list[str]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text(
                """
                INSERT INTO gateway_webhook_endpoint (id, owner_kind, created_by, url, event_types, secret,
                    created_at, updated_at)
                VALUES (:id, 'staff', 'tests', :url, :types, :secret, now(), now())
                """
            ),
            {"id": endpoint_id, "url": url, "types": event_types, "secret": new_secret()},
        )


class TestASlowReceiver:
    async def test_a_hanging_endpoint_with_a_backlog_holds_up_only_itself(
        self, engine: AsyncEngine, hooks: Receiver, workers: Any
    ) -> None:
        await add_endpoint(engine, "whe_hangs", hooks.url("/hangs"), ["training.completion_recorded"])
        await add_endpoint(engine, "whe_fast", hooks.url("/fast"), ["certificate.issued"])
        hooks.slow("/hangs", times=1000, seconds=10.0)
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    loose_event("training.completion_recorded", {"n": i}, provider_id="prv_x")
                    for i in range(200)
                ],
            )
        workers(SECOR_WORKER_CONCURRENCY="16", SECOR_WEBHOOK_TIMEOUT_SECONDS="5")
        await asyncio.sleep(2.5)  # the worker is up, and its first sends to the hanging endpoint hang
        async with engine.begin() as conn:
            committed = time.monotonic()
            await publish(
                conn,
                "tests",
                [loose_event("certificate.issued", {"n": i}, provider_id="prv_x") for i in range(10)],
            )
        await eventually(lambda: len(hooks.at("/fast")) == 10, timeout=20, interval=0.02)
        took = time.monotonic() - committed
        # All 16 senders hung on the backlog before: the ten waited for its 5 s timeouts.
        assert took < 1.0, f"the healthy endpoint's events took {took:.2f} s"


class TestMailWithTwoWorkers:
    async def test_a_slow_mail_server_gets_each_mail_once(self, engine: AsyncEngine, workers: Any) -> None:
        mails = 12
        with SmtpServer(seconds_per_message=0.4) as smtp:
            async with engine.begin() as conn:
                await enqueue_mail(
                    conn, "tests", [Mail(f"u{i}@example.com", f"Notice {i}", "Body\n") for i in range(mails)]
                )
            settings = {
                "SECOR_SMTP_HOST": "127.0.0.1",
                "SECOR_SMTP_PORT": str(smtp.port),
                "SECOR_SMTP_TIMEOUT_SECONDS": "0.5",
                "SECOR_WORKER_LEASE_SECONDS": "1",
                "SECOR_WEBHOOK_TIMEOUT_SECONDS": "0.5",
            }
            workers(**settings)
            workers(**settings)

            async def all_sent() -> bool:
                async with engine.connect() as conn:
                    sent = await conn.execute(
                        text("SELECT count(*) FROM shared_outbox_mail WHERE status = 'sent'")
                    )
                    return sent.scalar_one() == mails

            await eventually(all_sent, timeout=40, interval=0.2)
            await asyncio.sleep(1.5)  # a second copy would arrive meanwhile
            ids = [m["Message-ID"] for m in smtp.inbox.messages]
        assert len(ids) == len(set(ids)) == mails, "each mail sent once"
