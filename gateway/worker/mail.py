"""Mail from the outbox, sent with aiosmtplib. A mail server that is down delays mail; nothing is dropped, and
none goes twice: each claim is renewed just before its send, and a claim lost meanwhile is not sent."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.settings import WorkerSettings
from gateway.worker.metrics import MAIL
from gateway.worker.repositories import mail as repository

logger = logging.getLogger("secor.worker.mail")
SMTP_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


def message_for(
    mail_id: str, to: str, subject: str, body: str, sender: str, in_reply_to: str | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    # A stable id: if a send is repeated after a crash, mail systems can tell it is the same message.
    message["Message-ID"] = f"<{mail_id}@secor.youracsa.ca>"
    # Every mail the system sends is automatic (RFC 3834): responders and other robots must not answer it, so
    # two systems cannot keep mailing each other.
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
        message["Auto-Submitted"] = "auto-replied"
    else:
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def mail_wait(attempts: int, settings: WorkerSettings) -> float:
    schedule = settings.mail_retry_schedule_seconds
    return schedule[min(attempts, len(schedule)) - 1] if attempts else schedule[0]


async def send_due_mail(engine: AsyncEngine, settings: WorkerSettings, owner: str, limit: int = 20) -> int:
    """Send what is due; returns how many were tried. A send that goes through makes the mail waiting after
    failures due at once: the server answers again."""
    # Long enough for the send it is renewed for, whatever the delivery leases are.
    lease = max(settings.worker_lease_seconds, 2 * settings.smtp_timeout_seconds)
    async with engine.begin() as conn:
        claimed = await repository.claim_mail(conn, owner, limit, lease)
    any_sent = False
    for mail in claimed:
        async with engine.begin() as conn:
            if not await repository.renew_mail(conn, mail.id, owner, mail.attempts, lease):
                logger.info("mail %s: its claim ran out and another worker took it; not sent here", mail.id)
                continue
        message = message_for(
            mail.id, mail.to_address, mail.subject, mail.body_text, settings.mail_from, mail.in_reply_to
        )
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
        except SMTP_ERRORS as exc:
            MAIL.labels("failed").inc()
            wait = mail_wait(mail.attempts, settings)
            logger.warning(
                "mail %s not sent (attempt %d, next in %.0f s): %s", mail.id, mail.attempts, wait, exc
            )
            async with engine.begin() as conn:
                await repository.mail_failed(conn, mail.id, owner, mail.attempts, wait, str(exc))
        else:
            MAIL.labels("sent").inc()
            any_sent = True
            async with engine.begin() as conn:
                await repository.mail_sent(conn, mail.id, owner, mail.attempts)
    if any_sent:
        async with engine.begin() as conn:
            await repository.retry_waiting_mail(conn)
    return len(claimed)


async def smtp_answers(settings: WorkerSettings) -> bool:
    """Does the mail server answer (connect, EHLO and STARTTLS as configured, NOOP)?"""
    smtp = aiosmtplib.SMTP(
        hostname=settings.smtp_host or "127.0.0.1",
        port=settings.smtp_port,
        start_tls=settings.smtp_starttls,
        timeout=min(settings.smtp_timeout_seconds, 10.0),
    )
    try:
        await smtp.connect()
        await smtp.noop()
        await smtp.quit()
    except SMTP_ERRORS:
        return False
    return True


async def probe_when_waiting(engine: AsyncEngine, settings: WorkerSettings) -> bool:
    """While mail waits after failed sends, ask the server; once it answers, that mail is due at once (not at
    its scheduled try, which may be many minutes off). True when mail was made due."""
    async with engine.connect() as conn:
        if not await repository.mail_waiting_after_failure(conn):
            return False
    if not await smtp_answers(settings):
        return False
    async with engine.begin() as conn:
        made_due = await repository.retry_waiting_mail(conn)
    if made_due:
        logger.info("the mail server answers again: %d waiting mail(s) due now", made_due)
    return bool(made_due)
