"""The inbound mail receiver: an SMTP server the organisation's mail server forwards the COR mailbox to.

Each message is streamed to storage as it arrives (never held whole in memory), kept in the database, and only
then acknowledged with 250: a receiver that dies before that answers nothing, so the sending server tries again
and nothing is lost. Reading what the message says is the submission service's work, after the 250.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import logging
import signal
from collections.abc import AsyncIterator, Callable
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.mail import repository
from services.submission.mail.message import HeaderBlock, message_key, parse_headers
from services.submission.metrics import MAIL_RECEIVED, MAIL_RECEIVED_BYTES
from services.submission.settings import SubmissionSettings
from services.submission.storage import PackageStorage, TooLarge, storage_for
from shared.app import require_database_url
from shared.clock import Clock, SystemClock
from shared.db import make_engine
from shared.ids import new_id
from shared.logging import configure_logging
from shared.probes import probes_app, serve_probes

logger = logging.getLogger("secor.submission.mail")

TERMINATOR = b"\r\n.\r\n"
READ_SIZE = 256 * 1024
# A message with no line end for this long is still passed on, bar the last bytes (which may begin a line end).
LONGEST_HELD = 64 * 1024
# A message over the cap is read to its end and answered with a reply asking for a link, up to this many times
# the cap (SMTP's SIZE says so); past that, refused outright (552).
READ_PAST_CAP = 4


async def message_blocks(
    reader: asyncio.StreamReader, alive: Callable[[], None] | None = None
) -> AsyncIterator[bytes]:
    """The data after DATA up to the lone dot, dot-unstuffed (RFC 5321 §4.5.2), in blocks as they arrive.

    Works on whole blocks, not line by line: only complete lines are passed on (a line starting with a dot is
    never split from the line end before it), and the end is found wherever a read splits it. Bytes read past
    the end (a client pipelining its next command) are put back for the command loop. `alive` is called on each
    read: a message still arriving is not an idle connection."""
    pending = b"\r\n"  # the data begins at the start of a line, as if a line had just ended
    strip = 2  # ... which is not the message's
    while True:
        end = pending.find(TERMINATOR)
        if end >= 0:
            leftover = pending[end + len(TERMINATOR) :]
            if leftover:
                _put_back(reader, leftover)
            block = pending[: end + 2].replace(b"\r\n.", b"\r\n")[strip:]
            if block:
                yield block
            return
        cut = pending.rfind(b"\r\n")
        if cut <= 0 and len(pending) > LONGEST_HELD:
            cut = len(pending) - 4
        if cut > 0:
            block = pending[:cut].replace(b"\r\n.", b"\r\n")[strip:]
            strip = 0
            pending = pending[cut:]
            if block:
                yield block
        chunk = await reader.read(READ_SIZE)
        if not chunk:
            raise ConnectionResetError("the connection closed in the middle of a message")
        if alive is not None:
            alive()
        pending += chunk


def _put_back(reader: asyncio.StreamReader, data: bytes) -> None:
    buffer = getattr(reader, "_buffer", None)
    if isinstance(buffer, bytearray):
        buffer[:0] = data


def _within(peer: object, networks: list[IPv4Network | IPv6Network]) -> bool:
    try:
        address = ipaddress.ip_address(str(peer))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


class IntakeSMTP(SMTP):
    """aiosmtpd's server, with DATA streamed to the handler instead of gathered into one bytes object."""

    def __init__(self, handler: MailReceiver, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.receiver = handler

    async def smtp_DATA(self, arg: str) -> None:
        if await self.check_helo_needed():
            return
        if await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None and self.session is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        status = await self.receiver.receive(
            self.session, self.envelope, message_blocks(self._reader, self._reset_timeout)
        )
        self._set_post_data_state()
        await self.push(status)


class MailReceiver:
    def __init__(
        self, engine: AsyncEngine, storage: PackageStorage, settings: SubmissionSettings, clock: Clock
    ) -> None:
        self.engine = engine
        self.storage = storage
        self.settings = settings
        self.clock = clock

    @property
    def hard_limit(self) -> int:
        return self.settings.max_mail_bytes * READ_PAST_CAP

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        """Mail only from the networks allowed, when the operator names them: the receiver trusts its
        forwarding mail server to have filtered what reaches it, so no one else may hand it mail."""
        networks = self.settings.mail_intake_allowed_networks
        peer = session.peer[0] if isinstance(session.peer, tuple) else None
        if networks and not _within(peer, networks):
            logger.warning("mail from %s refused: not an allowed network", peer)
            MAIL_RECEIVED.labels("refused_sender").inc()
            return "550 5.7.1 This server takes mail only from the organisation's mail servers"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def receive(self, session: Session, envelope: Envelope, blocks: AsyncIterator[bytes]) -> str:
        """Keep one message and say so (250), or say why not; `blocks` is read to its end either way."""
        received_at = self.clock.now()
        mail_id = new_id("msg")
        head = HeaderBlock()

        async def seen() -> AsyncIterator[bytes]:
            async for block in blocks:
                head.feed(block)
                yield block

        stored = None
        try:
            stored = await self.storage.save(f"{mail_id}/message.eml", seen(), self.settings.max_mail_bytes)
        except TooLarge:
            pass  # counted on below, and answered by a reply asking for a link
        except OSError:
            logger.exception("message from %s could not be stored", envelope.mail_from)
            async for block in blocks:
                head.feed(block)
            MAIL_RECEIVED.labels("failed").inc()
            return "451 4.3.0 The message could not be stored; try again later"
        async for block in blocks:  # whatever storage did not take: the rest of a message over the cap
            head.feed(block)
        MAIL_RECEIVED_BYTES.inc(head.total)
        if head.total > self.hard_limit:
            MAIL_RECEIVED.labels("refused_size").inc()
            return f"552 5.3.4 Message too big (the most taken is {self.settings.max_mail_bytes} bytes)"
        headers = head.bytes
        digest = stored.sha256 if stored else hashlib.sha256(headers).hexdigest()
        try:
            key = message_key(parse_headers(headers), digest)
        except Exception:  # a header block the parser cannot make sense of is still a message to keep
            key = f"sha256:{digest}"
        row = {
            "id": mail_id,
            "message_key": key,
            "envelope_from": envelope.mail_from or "",
            "envelope_to": list(envelope.rcpt_tos),
            "peer": str(session.peer[0]) if isinstance(session.peer, tuple) else None,
            "received_at": received_at,
            "headers": headers,
            "storage_key": stored.key if stored else None,
            "bytes": head.total,
            "sha256": stored.sha256 if stored else None,
            "status": "received" if stored else "too_large",
        }
        try:
            async with self.engine.begin() as conn:
                kept = await repository.insert(conn, row)
        except Exception:
            logger.exception("message from %s could not be recorded", envelope.mail_from)
            if stored is not None:
                await self.storage.delete(stored.key)
            MAIL_RECEIVED.labels("failed").inc()
            return "451 4.3.0 The message could not be recorded; try again later"
        if not kept:
            if stored is not None:
                await self.storage.delete(stored.key)
            logger.info("message %s from %s was received before: kept once", key, envelope.mail_from)
        else:
            logger.info(
                "message %s from %s kept as %s (%d bytes%s)",
                key,
                envelope.mail_from,
                mail_id,
                head.total,
                "" if stored else ", over the cap: a link will be asked for",
            )
        MAIL_RECEIVED.labels("kept" if kept and stored else "over_cap" if kept else "duplicate").inc()
        return f"250 2.0.0 Message accepted ({mail_id if kept else 'received before'})"


async def serve_mail_intake(
    settings: SubmissionSettings,
    engine: AsyncEngine,
    *,
    clock: Clock | None = None,
    ready: Callable[[asyncio.AbstractServer], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Listen on the receiver's address until `stop` is set (or forever)."""
    receiver = MailReceiver(engine, storage_for(settings), settings, clock or SystemClock())
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: IntakeSMTP(
            receiver,
            hostname="secor-mail-intake",
            data_size_limit=receiver.hard_limit,
            enable_SMTPUTF8=True,
            decode_data=False,
        ),
        host=settings.mail_intake_host,
        port=settings.mail_intake_port,
    )
    logger.info(
        "mail intake listening on %s:%s (messages up to %d bytes)",
        settings.mail_intake_host,
        settings.mail_intake_port,
        settings.max_mail_bytes,
    )
    if ready is not None:
        ready(server)
    async with server:
        if stop is None:
            await server.serve_forever()
        else:
            await stop.wait()


async def _main(settings: SubmissionSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    engine = make_engine(require_database_url(settings), pool_size=5, application_name="secor-mail-intake")
    probes = (
        asyncio.create_task(
            serve_probes(
                probes_app("mail-intake", settings, engine),
                settings.host,
                settings.mail_intake_metrics_port,
                stop,
            )
        )
        if settings.mail_intake_metrics_port
        else None
    )
    try:
        await serve_mail_intake(settings, engine, stop=stop)
    finally:
        stop.set()
        if probes is not None:
            with contextlib.suppress(Exception):
                await probes
        await engine.dispose()


def run_mail_intake() -> int:
    settings = SubmissionSettings()
    configure_logging("mail-intake", settings.log_level, settings.log_format)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(settings))
    return 0
