"""Mail from the outbox, sent with aiosmtplib. A mail server that is down delays mail; nothing is dropped."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.settings import WorkerSettings
from gateway.worker import repository

logger = logging.getLogger("secor.worker.mail")


def message_for(mail_id: str, to: str, subject: str, body: str, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # A stable id: if a send is repeated after a crash, mail systems can tell it is the same message.
    message["Message-ID"] = f"<{mail_id}@secor.youracsa.ca>"
    message.set_content(body)
    return message


def mail_wait(attempts: int, settings: WorkerSettings) -> float:
    schedule = settings.mail_retry_schedule_seconds
    return schedule[min(attempts, len(schedule)) - 1] if attempts else schedule[0]


async def send_due_mail(engine: AsyncEngine, settings: WorkerSettings, owner: str, limit: int = 20) -> int:
    """Send what is due; returns how many were tried."""
    async with engine.begin() as conn:
        claimed = await repository.claim_mail(conn, owner, limit, settings.worker_lease_seconds)
    for mail in claimed:
        message = message_for(mail.id, mail.to_address, mail.subject, mail.body_text, settings.mail_from)
        try:
            await aiosmtplib.send(
                message,
                hostname=settings.smtp_host or "127.0.0.1",
                port=settings.smtp_port,
                username=settings.smtp_username,
                password=settings.smtp_password,
                start_tls=settings.smtp_starttls,
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            wait = mail_wait(mail.attempts, settings)
            logger.warning(
                "mail %s not sent (attempt %d, next in %.0f s): %s", mail.id, mail.attempts, wait, exc
            )
            async with engine.begin() as conn:
                await repository.mail_failed(conn, mail.id, owner, wait, str(exc))
        else:
            async with engine.begin() as conn:
                await repository.mail_sent(conn, mail.id, owner)
    return len(claimed)
