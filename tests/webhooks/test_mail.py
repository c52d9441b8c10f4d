"""Mail from the outbox through a real SMTP server; a server that is down delays mail and loses none."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.outbox import Mail, enqueue_mail
from tests.servers import free_port
from tests.smtp import SmtpServer
from tests.webhooks.conftest import eventually, running_worker, worker_settings


async def queue(engine: AsyncEngine, *mails: Mail) -> None:
    async with engine.begin() as conn:
        await enqueue_mail(conn, "tests", list(mails))


async def pending(engine: AsyncEngine) -> list[tuple[str, int, str | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT status, attempts, last_error FROM shared_outbox_mail ORDER BY id")
        )
        return [(r.status, r.attempts, r.last_error) for r in rows]


class TestMail:
    async def test_sent_through_smtp(self, engine: AsyncEngine, database_url: str) -> None:
        with SmtpServer() as smtp:
            await queue(engine, Mail("owner@example.com", "Your evaluation was received", "Thank you.\n"))
            async with running_worker(worker_settings(database_url, smtp_port=smtp.port), engine):
                [message] = await eventually(lambda: smtp.inbox.to("owner@example.com"))
        assert message["Subject"] == "Your evaluation was received"
        assert message["From"].addresses[0].addr_spec == "no-reply@secor.youracsa.ca"
        assert message.get_content().strip() == "Thank you."
        assert message["Message-ID"].endswith("@secor.youracsa.ca>")
        assert (await pending(engine))[0][0] == "sent"

    async def test_server_down_delays_and_loses_nothing(self, engine: AsyncEngine, database_url: str) -> None:
        port = free_port()
        await queue(engine, *[Mail(f"u{i}@example.com", f"Reminder {i}", "Body\n") for i in range(3)])
        settings = worker_settings(database_url, smtp_port=port)
        async with running_worker(settings, engine):
            rows = await eventually(lambda: _all_tried(engine))
        assert {status for status, _, _ in rows} == {"pending"}
        assert all(error for _, _, error in rows)
        with SmtpServer(port) as smtp:
            async with running_worker(settings, engine):
                await eventually(lambda: len(smtp.inbox.messages) == 3, timeout=15)
        assert {status for status, _, _ in await pending(engine)} == {"sent"}


class TestMailUnderFaults:
    async def test_two_workers_and_a_slow_server_send_each_mail_once(
        self, engine: AsyncEngine, database_url: str
    ) -> None:
        """Each worker claims a batch and sends it one by one at 0.4 s a message, longer in all than a claim's
        lease: the batch's last mails would be claimed by the other worker while still waiting here."""
        mails = 12
        with SmtpServer(seconds_per_message=0.4) as smtp:
            await queue(engine, *[Mail(f"u{i}@example.com", f"Notice {i}", "Body\n") for i in range(mails)])
            settings = worker_settings(
                database_url,
                smtp_port=smtp.port,
                smtp_timeout_seconds=0.5,
                worker_lease_seconds=1.0,
                webhook_timeout_seconds=0.5,
            )
            async with running_worker(settings, engine), running_worker(settings, engine):
                await eventually(lambda: _statuses(engine, "sent", mails), timeout=30, interval=0.1)
                await asyncio.sleep(1.0)  # a second copy would arrive meanwhile
            ids = [m["Message-ID"] for m in smtp.inbox.messages]
        assert len(ids) == len(set(ids)) == mails, "each mail sent once"

    async def test_after_an_outage_waiting_mail_goes_once_the_server_answers(
        self, engine: AsyncEngine, database_url: str
    ) -> None:
        """Tried while the server is away, the mail's next try is ten minutes off; the server back, the probe
        finds it and the mail goes within seconds, keeping its Message-ID."""
        port = free_port()
        await queue(engine, *[Mail(f"u{i}@example.com", f"Reminder {i}", "Body\n") for i in range(3)])
        settings = worker_settings(
            database_url, smtp_port=port, mail_retry_schedule_seconds=[600.0], mail_probe_seconds=0.5
        )
        async with running_worker(settings, engine):
            rows = await eventually(lambda: _all_tried(engine))
            assert {status for status, _, _ in rows} == {"pending"}
            with SmtpServer(port) as smtp:
                await eventually(lambda: len(smtp.inbox.messages) == 3, timeout=10)
                # Recorded as sent before the worker stops (stopped between sending and recording, a mail
                # rightly goes again).
                await eventually(lambda: _statuses(engine, "sent", 3), timeout=10)
                ids = sorted(m["Message-ID"] for m in smtp.inbox.messages)
        async with engine.connect() as conn:
            kept = await conn.execute(text("SELECT id FROM shared_outbox_mail ORDER BY id"))
            assert ids == sorted(f"<{r.id}@secor.youracsa.ca>" for r in kept)
        assert {status for status, _, _ in await pending(engine)} == {"sent"}


async def _statuses(engine: AsyncEngine, status: str, count: int) -> bool:
    return [s for s, _, _ in await pending(engine)].count(status) == count


async def _all_tried(engine: AsyncEngine) -> list[tuple[str, int, str | None]] | None:
    rows = await pending(engine)
    # The attempt is counted when the mail is claimed and its error recorded after: wait for both.
    return rows if rows and all(attempts >= 1 and error for _, attempts, error in rows) else None
