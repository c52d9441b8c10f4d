"""The COR mailbox for tests: the real inbound receiver on loopback, real SMTP clients, and what came of each
message (the receiver's rows, the replies queued, the submissions made)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from sqlalchemy import text
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.mail.receiver import serve_mail_intake
from services.submission.settings import SubmissionSettings
from tests.servers import free_port
from tests.stack import Stack

COR = "cor@acsa.example"
OWNER = "owner@prairieroofing.example"


def evaluation_mail(
    *,
    sender: str = OWNER,
    subject: str = "SECOR evaluation",
    body: str = "Please find our SECOR evaluation attached.",
    attachments: Sequence[tuple[str, bytes]] = (),
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Pat Owner <{sender}>"
    message["To"] = COR
    message["Subject"] = subject
    message["Message-ID"] = message_id or f"<{free_port()}.{id(message)}@prairieroofing.example>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content in attachments:
        message.add_attachment(content, maintype="application", subtype="zip", filename=filename)
    return message


@dataclass
class Mailbox:
    port: int
    stack: Stack
    engine: AsyncEngine
    settings: SubmissionSettings

    async def send(
        self, message: EmailMessage | bytes, *, envelope_from: str = OWNER, recipients: Sequence[str] = (COR,)
    ) -> str:
        """Deliver as a mail server would; the receiver's answer to the message."""
        _, answer = await aiosmtplib.send(
            message,
            hostname="127.0.0.1",
            port=self.port,
            sender=envelope_from,
            recipients=list(recipients),
            timeout=60,
        )
        return answer

    async def processed(self, timeout: float = 30.0) -> list[Row[Any]]:
        """Every message kept, once none waits to be processed."""
        self.stack.apps["submission"].state.mail_intake.wake.set()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            rows = await self.messages()
            if not any(r.status in ("received", "too_large") for r in rows):
                return rows
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"mail was not processed: {rows}")
            await asyncio.sleep(0.05)

    async def messages(self) -> list[Row[Any]]:
        async with self.engine.connect() as conn:
            result = await conn.execute(text("SELECT * FROM submission_mail ORDER BY received_at"))
            return list(result)

    async def replies(self) -> list[Row[Any]]:
        async with self.engine.connect() as conn:
            result = await conn.execute(
                text(
                    "SELECT to_address, subject, body_text, in_reply_to FROM shared_outbox_mail "
                    "WHERE dedupe_key LIKE 'mail-reply:%' ORDER BY created_at"
                )
            )
            return list(result)

    async def events(self, prefix: str = "submission.") -> list[Row[Any]]:
        async with self.engine.connect() as conn:
            result = await conn.execute(
                text(
                    "SELECT type, data FROM shared_outbox_event WHERE type LIKE :p ORDER BY occurred_at, id"
                ),
                {"p": prefix + "%"},
            )
            return list(result)


@contextlib.asynccontextmanager
async def mailbox_for(stack: Stack, engine: AsyncEngine, **overrides: Any) -> AsyncIterator[Mailbox]:
    """The receiver, in this process, sharing the stack's storage (as it shares a volume in production)."""
    settings: SubmissionSettings = stack.apps["submission"].state.settings.model_copy(
        update={"mail_intake_port": free_port(), **overrides}
    )
    stop = asyncio.Event()
    listening = asyncio.Event()
    task = asyncio.create_task(
        serve_mail_intake(settings, engine, clock=stack.clock, ready=lambda _: listening.set(), stop=stop)
    )
    await asyncio.wait_for(listening.wait(), 10)
    try:
        yield Mailbox(settings.mail_intake_port, stack, engine, settings)
    finally:
        stop.set()
        await task
