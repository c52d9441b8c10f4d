"""Answers to public verification: signed once, then served from memory until the certificate changes.

Contractor-prequalification platforms check thousands of numbers; signing and a database read per request
would make each answer cost more than the gateway in front of it. A change to a certificate is announced by
the database (NOTIFY at commit) to every eligibility process, which drops that answer; the time limit is the
backstop for changes no notification covers (an employer's legal name) or a lost listener connection.
"""

from __future__ import annotations

import collections
import datetime as dt
import time

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from services.eligibility.certificates import repository
from services.eligibility.certificates.signing import VerificationSigner

CHANNEL = "secor_certificate"
MAX_ENTRIES = 100_000


class VerificationCache:
    def __init__(self, signer: VerificationSigner, ttl_seconds: float) -> None:
        self.signer = signer
        self.ttl = ttl_seconds
        self._answers: collections.OrderedDict[str, tuple[float, bytes]] = collections.OrderedDict()

    def cached(self, number: str) -> bytes | None:
        entry = self._answers.get(number)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    async def lookup(self, conn: AsyncConnection, number: str, now: dt.datetime) -> bytes | None:
        """The signed answer for `number` (None: no such certificate), read and signed afresh."""
        row = await repository.verification(conn, number)
        if row is None:
            return None
        claims = {
            "number": row.number,
            "holder_legal_name": row.holder_legal_name,
            "program": row.program,
            "status": row.status,
            "valid_from": row.valid_from.isoformat(),
            "valid_until": row.valid_until.isoformat(),
            "checked_at": now.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        }
        body = orjson.dumps(self.signer.sign(claims))
        if self.ttl > 0:
            if len(self._answers) >= MAX_ENTRIES:
                self._answers.popitem(last=False)
            self._answers[number] = (time.monotonic() + self.ttl, body)
        return body

    def invalidate(self, number: str) -> None:
        self._answers.pop(number, None)

    def clear(self) -> None:
        self._answers.clear()
