"""Mail from the outbox through a real SMTP server; a server that is down delays mail and loses none."""

from __future__ import annotations

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


async def _all_tried(engine: AsyncEngine) -> list[tuple[str, int, str | None]] | None:
    rows = await pending(engine)
    # The attempt is counted when the mail is claimed and its error recorded after: wait for both.
    return rows if rows and all(attempts >= 1 and error for _, attempts, error in rows) else None
