"""Mail intake: each message the receiver kept becomes a submission awaiting triage, or gets a reply saying what
to send instead.

A message is claimed with a lease, so a processor that dies mid-way leaves it to be taken again; what it
decides (the submission, the message's outcome and the reply) is written in one transaction, so a message is
never half processed. The package found is only opened here (a zip that cannot be read is answered at once);
the checks of the program and of the package run after staff have triaged it, as for any upload.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.submission.eligibility import EligibilityClient
from services.submission.links import direct_download_url
from services.submission.mail import repository
from services.submission.mail.message import (
    Attachment,
    ReadMessage,
    automatic_reason,
    header,
    parse_headers,
    read_message,
    reply_address,
    sender_address,
    wcb_numbers_in,
)
from services.submission.metrics import MAIL_PROCESSED
from services.submission.packages.archive import ArchiveRejected, Finding, read_archive
from services.submission.settings import SubmissionSettings
from services.submission.storage import PackageStorage, Stored
from services.submission.submissions import repository as submissions
from services.submission.submissions.intake import download_link, keep_stepping, limits_for
from shared.clock import Clock
from shared.ids import new_id
from shared.outbox import Mail, enqueue_mail
from shared.principal import Principal
from shared.problems import ProblemError

logger = logging.getLogger("secor.submission.mail")

SOURCE = "submission"
BY = "mail-intake"
PRINCIPAL = Principal.build("service", "submission-mail-intake", "submission mail intake")
MAX_LINKS_TRIED = 5
MAX_ATTEMPTS = 5
REPLY_WINDOW = dt.timedelta(hours=24)
WHAT_TO_SEND = (
    "Send the evaluation as a zipped folder (.zip) attached to an e-mail, or put the zipped folder on Dropbox, "
    "OneDrive or Google Drive and e-mail its download link (shared so that anyone with the link can download it)."
)


@dataclass
class Found:
    """What a message brought: the package (stored), and what became of each attachment and link."""

    package: dict[str, Any] | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reply:
    """The answer a message got: the address it was queued for (None: none was sent), and why, in words."""

    to: str | None
    said: str


class MailIntake:
    def __init__(
        self,
        engine: AsyncEngine,
        storage: PackageStorage,
        settings: SubmissionSettings,
        clock: Clock,
        eligibility: EligibilityClient,
    ) -> None:
        self.engine = engine
        self.storage = storage
        self.settings = settings
        self.clock = clock
        self.eligibility = eligibility
        self.wake = asyncio.Event()

    async def run(self) -> None:
        await keep_stepping(self.step, self.wake, self.settings.mail_poll_seconds, "mail intake")

    async def step(self) -> bool:
        """Process one waiting message; False when there was none."""
        async with self.engine.begin() as conn:
            mail = await repository.claim(conn, self.settings.intake_lease_seconds)
        if mail is None:
            return False
        try:
            await self._process(mail)
        except Exception:
            logger.exception("mail %s could not be processed (attempt %d)", mail.id, mail.attempts)
            if mail.attempts >= MAX_ATTEMPTS:
                await self._give_up(mail)
        return True

    async def _give_up(self, mail: Row[Any]) -> None:
        async with self.engine.begin() as conn:
            if await repository.lock_if_claimed(conn, mail.id, mail.attempts):
                await repository.finish(
                    conn,
                    mail.id,
                    status="refused",
                    outcome={"reason": "failed", "detail": f"processing failed {mail.attempts} times"},
                    now=self.clock.now(),
                )
                MAIL_PROCESSED.labels("failed").inc()

    async def _process(self, mail: Row[Any]) -> None:
        headers = parse_headers(bytes(mail.headers))
        automatic = automatic_reason(headers, mail.envelope_from)
        subject = header(headers, "Subject")
        if mail.status == "too_large":
            limit_mb = self.settings.max_mail_bytes / 1024**2
            await self._refuse(
                mail,
                headers,
                automatic,
                reason="too_large",
                detail=f"The message was {mail.bytes} bytes; the most the COR mailbox takes is "
                f"{limit_mb:g} MB.",
                body=f"Your e-mail was larger than {limit_mb:g} MB, the most the COR department's mailbox takes, "
                "so it could not be used. Put the zipped evaluation folder on Dropbox, OneDrive or Google Drive "
                "and e-mail its download link instead.",
            )
            return
        with self.storage.local_path(mail.storage_key) as path:
            message = await asyncio.to_thread(read_message, path)
        found = await self._find_package(mail, message)
        if found.package is None:
            if found.attachments and any(a.get("outcome") == "unreadable" for a in found.attachments):
                reason, lead = "unreadable_zip", "The zipped folder attached could not be opened"
            elif found.links:
                reason, lead = "link_failed", "The download link in your e-mail could not be used"
            else:
                reason, lead = "no_package", "Your e-mail had no zipped folder attached and no download link"
            problems = "".join(f"\n- {p}" for p in found.problems)
            await self._refuse(
                mail,
                headers,
                automatic,
                reason=reason,
                detail="; ".join(found.problems) or lead,
                body=f"{lead}, so no evaluation could be taken from it.{problems}\n\n{WHAT_TO_SEND}",
                found=found,
            )
            return
        sender = sender_address(headers)
        proposal = await self._propose_employer(sender, message.text)
        block = {
            "message_id": header(headers, "Message-ID") or None,
            "from": header(headers, "From") or mail.envelope_from,
            "subject": subject,
            "received_at": mail.received_at,
            "attachments": found.attachments,
            "links": found.links,
            "proposed_employer": proposal,
        }
        await self._submit(mail, headers, automatic, block, found.package)

    async def _find_package(self, mail: Row[Any], message: ReadMessage) -> Found:
        """The first zip attached that opens, else the first link that downloads one."""
        found = Found()
        for index, attachment in enumerate(message.attachments):
            entry = attachment.public()
            found.attachments.append(entry)
            if not attachment.is_zip:
                entry["outcome"] = "not_a_zip"
                continue
            if found.package is not None:
                entry["outcome"] = "not_used"  # one package per evaluation: the first that opens
                continue
            stored = await self.storage.save(
                f"{mail.id}/attachment-{index}.zip", _payload(attachment), self.settings.max_mail_bytes
            )
            problem = await self._unreadable(stored)
            if problem is not None:
                entry["outcome"] = "unreadable"
                found.problems.append(f"{attachment.filename or 'the attachment'}: {problem.message}")
                await self.storage.delete(stored.key)
                continue
            entry["outcome"] = "package"
            found.package = _package(stored, mail.received_at, filename=attachment.filename)
        for index, url in enumerate(message.links):
            entry = {"url": url}
            found.links.append(entry)
            if found.package is not None or index >= MAX_LINKS_TRIED:
                entry["outcome"] = "not_used"
                continue
            direct = direct_download_url(url)
            stored_link, failure = await download_link(
                self.storage, f"{mail.id}/link-{index}.zip", direct, self.settings
            )
            if stored_link is not None:
                failure = await self._unreadable(stored_link)
                if failure is not None:
                    await self.storage.delete(stored_link.key)
            if failure is not None or stored_link is None:
                entry["outcome"] = "failed"
                message_text = failure.message if failure else "it could not be downloaded"
                entry["detail"] = message_text
                found.problems.append(f"{url}: {message_text}")
                continue
            entry["outcome"] = "package"
            found.package = _package(stored_link, mail.received_at, url=direct, shared_url=url)
        return found

    async def _unreadable(self, stored: Stored) -> Finding | None:
        """Why the zip cannot be taken (not a zip, damaged, a zip bomb), or None when it opens."""
        limits = limits_for(self.settings)

        def check() -> Finding | None:
            with self.storage.local_path(stored.key) as path:
                try:
                    read_archive(path, limits)
                except ArchiveRejected as exc:
                    return exc.finding
            return None

        return await asyncio.to_thread(check)

    async def _propose_employer(self, sender: str | None, text: str) -> dict[str, Any] | None:
        """The employer a WCB account number in the subject or body names, else the one whose contact address
        sent it: a proposal for staff, never trusted (a sender and a number can both be forged)."""
        try:
            for number in wcb_numbers_in(text):
                matches = await self.eligibility.employers_matching(PRINCIPAL, wcb_account_number=number)
                if len(matches) == 1:
                    return _proposal(matches[0], "wcb_account_number", number)
            if sender:
                matches = await self.eligibility.employers_matching(PRINCIPAL, contact_email=sender)
                if len(matches) == 1:
                    return _proposal(matches[0], "sender", sender)
        except ProblemError:
            logger.warning("no employer proposed: the eligibility service could not be asked")
        return None

    async def _submit(
        self,
        mail: Row[Any],
        headers: Any,
        automatic: str | None,
        block: dict[str, Any],
        package: dict[str, Any],
    ) -> None:
        now = self.clock.now()
        submission_id = new_id("sub")
        async with self.engine.begin() as conn:
            if not await repository.lock_if_claimed(conn, mail.id, mail.attempts):
                return  # taken over by another processor after our lease ran out
            proposed = (block["proposed_employer"] or {}).get("employer_id")
            await submissions.insert_mailed(
                conn,
                {
                    "id": submission_id,
                    "employer_id": proposed,
                    "mail": block,
                    "package": package,
                    "created_by": BY,
                    "now": now,
                },
            )
            await submissions.add_history(
                conn,
                submission_id,
                now,
                "awaiting_triage",
                BY,
                f"received by e-mail from {block['from']}"
                + (f": {block['subject']}" if block["subject"] else ""),
            )
            reply = await self._reply(
                conn,
                mail,
                headers,
                automatic,
                f"Your SECOR evaluation was received ({submission_id})",
                f"Thank you: your e-mail to ACSA's COR department was received, and the evaluation in it is "
                f"recorded as {submission_id}.\n\nACSA staff will confirm the employer and the evaluation's details, "
                "then the package is checked; you will hear from us at each step. Please quote "
                f"{submission_id} in any message about this evaluation.",
            )
            await repository.finish(
                conn,
                mail.id,
                status="submitted",
                outcome={"submission_id": submission_id, "reply": reply.said},
                now=now,
                submission_id=submission_id,
                reply_to=reply.to,
            )
        MAIL_PROCESSED.labels("submitted").inc()
        logger.info(
            "mail %s became submission %s, awaiting triage (reply: %s)", mail.id, submission_id, reply.said
        )

    async def _refuse(
        self,
        mail: Row[Any],
        headers: Any,
        automatic: str | None,
        *,
        reason: str,
        detail: str,
        body: str,
        found: Found | None = None,
    ) -> None:
        now = self.clock.now()
        async with self.engine.begin() as conn:
            if not await repository.lock_if_claimed(conn, mail.id, mail.attempts):
                return
            reply = await self._reply(
                conn, mail, headers, automatic, "Your e-mail to the COR department could not be used", body
            )
            outcome: dict[str, Any] = {"reason": reason, "detail": detail, "reply": reply.said}
            if found is not None:
                outcome |= {"attachments": found.attachments, "links": found.links}
            await repository.finish(
                conn,
                mail.id,
                status="ignored" if automatic else "refused",
                outcome=outcome,
                now=now,
                reply_to=reply.to,
            )
        MAIL_PROCESSED.labels("ignored" if automatic else "refused").inc()
        logger.info("mail %s not used (%s): %s; reply: %s", mail.id, reason, detail, reply.said)

    async def _reply(
        self,
        conn: AsyncConnection,
        mail: Row[Any],
        headers: Any,
        automatic: str | None,
        subject: str,
        body: str,
    ) -> Reply:
        """Queue the answer to the message, unless it must get none; says which."""
        if automatic is not None:
            return Reply(None, f"none: an automatic message ({automatic})")
        to = reply_address(headers)
        if to is None:
            return Reply(None, "none: no address to answer")
        since = self.clock.now() - REPLY_WINDOW
        if await repository.replies_since(conn, to, since) >= self.settings.mail_replies_per_sender:
            return Reply(
                None, f"none: {to} had {self.settings.mail_replies_per_sender} replies in 24 hours already"
            )
        original = header(headers, "Subject")
        message_id = header(headers, "Message-ID") or None
        await enqueue_mail(
            conn,
            SOURCE,
            [
                Mail(
                    to,
                    (original if original.lower().startswith("re:") else f"Re: {original}")
                    if original
                    else subject,
                    f"{body}\n\n-- \nACSA COR department (this reply was sent automatically)\n",
                    dedupe_key=f"mail-reply:{mail.id}",
                    in_reply_to=message_id,
                )
            ],
        )
        return Reply(to, f"sent to {to}")


async def _payload(attachment: Attachment) -> AsyncIterator[bytes]:
    for chunk in attachment.chunks():
        yield chunk


def _package(stored: Stored, received_at: dt.datetime, **about: str | None) -> dict[str, Any]:
    return {
        "source": "email",
        "key": stored.key,
        "bytes": stored.bytes,
        "sha256": stored.sha256,
        "received_at": received_at,
    } | {k: v for k, v in about.items() if v is not None}


def _proposal(employer: dict[str, Any], by: str, value: str) -> dict[str, Any]:
    return {
        "employer_id": employer["id"],
        "legal_name": employer.get("legal_name"),
        "by": by,
        "matched": value,
    }
