"""A development SMTP server that keeps every message as a `.eml` file under `<data_dir>/mail/`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope

from gateway.settings import WorkerSettings
from shared.ids import new_ulid
from shared.logging import configure_logging

logger = logging.getLogger("secor.mailsink")


class MaildirHandler:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{new_ulid()}.eml"
        (self.folder / name).write_bytes(content)
        logger.info("mail to %s kept as %s", ", ".join(envelope.rcpt_tos), name)
        return "250 Message accepted for delivery"


async def serve_mail_sink(host: str, port: int, folder: Path) -> None:
    loop = asyncio.get_running_loop()
    handler = MaildirHandler(folder)
    server = await loop.create_server(lambda: SMTP(handler, hostname="secor-mail-sink"), host=host, port=port)
    logger.info("mail sink listening on %s:%s, writing to %s", host, port, folder)
    async with server:
        await server.serve_forever()


def run_mail_sink() -> int:
    settings = WorkerSettings()
    configure_logging("mail-sink", settings.log_level, settings.log_format)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_mail_sink(settings.host, settings.smtp_port, settings.data_dir / "mail"))
    return 0
