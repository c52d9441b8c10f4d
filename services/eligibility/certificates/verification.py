"""Answers to public verification, served from memory.

Contractor-prequalification platforms check thousands of numbers, over and over; a database read and a
signature per request would make each answer cost many times the gateway in front of it. So every process
keeps what the public may know of each certificate (11,000 in Alberta: a few MB), loaded when its listener
for changes connects, and each signed answer for a short while. The database announces every change to a
certificate (NOTIFY at commit), and the process drops and re-reads that one; after a lost connection to the
database it reloads them all. A
number it does not hold is looked up in the database (a certificate issued a moment ago, before its
announcement arrived), so nothing issued is ever answered 404.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
import time
from collections.abc import Coroutine
from typing import Any

import asyncpg
import orjson

from services.eligibility.certificates.numbers import normalize
from services.eligibility.certificates.signing import VerificationSigner
from shared.middleware import send_json

logger = logging.getLogger("secor.eligibility.verification")
CHANNEL = "secor_certificate"
MAX_SIGNED = 100_000

_SELECT = """
    SELECT c.number, e.legal_name AS holder_legal_name, c.program, c.status, c.valid_from, c.valid_until
    FROM eligibility_certificate c JOIN eligibility_employer e ON e.id = c.employer_id
"""


def _claims(row: Any) -> dict[str, str]:
    return {
        "number": row["number"],
        "holder_legal_name": row["holder_legal_name"],
        "program": row["program"],
        "status": row["status"],
        "valid_from": row["valid_from"].isoformat(),
        "valid_until": row["valid_until"].isoformat(),
    }


class VerificationCache:
    def __init__(self, signer: VerificationSigner, ttl_seconds: float) -> None:
        self.signer = signer
        self.ttl = ttl_seconds
        self._public: dict[str, dict[str, str]] = {}
        self._signed: collections.OrderedDict[str, tuple[float, bytes]] = collections.OrderedDict()
        self._pool: asyncpg.Pool | None = None
        self._reloads: set[asyncio.Task[None]] = set()

    def start(self, pool: asyncpg.Pool) -> None:
        """Serve from `pool`; the listener's first connection loads every certificate (see `reconnected`),
        and until then each is read from the database when asked for."""
        self._pool = pool

    async def load_all(self) -> None:
        assert self._pool is not None
        rows = await self._pool.fetch(_SELECT)
        self._public = {row["number"]: _claims(row) for row in rows}
        self._signed.clear()
        logger.info("verification: %s certificates in memory", len(self._public))

    def holds(self, number: str) -> bool:
        return number in self._public

    async def answer(self, number: str, now: dt.datetime) -> bytes | None:
        """The signed answer for `number`, or None if no certificate has it."""
        signed = self._signed.get(number)
        if signed is not None and signed[0] >= time.monotonic():
            return signed[1]
        claims = self._public.get(number)
        if claims is None:
            claims = await self._read(number)
            if claims is None:
                return None
        checked_at = now.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        body = orjson.dumps(self.signer.sign(claims | {"checked_at": checked_at}))
        if self.ttl > 0:
            if len(self._signed) >= MAX_SIGNED:
                self._signed.popitem(last=False)
            self._signed[number] = (time.monotonic() + self.ttl, body)
        return body

    async def _read(self, number: str) -> dict[str, str] | None:
        assert self._pool is not None
        row = await self._pool.fetchrow(_SELECT + " WHERE c.number = $1", number)
        if row is None:
            return None
        claims = _claims(row)
        self._public[number] = claims
        return claims

    def changed(self, number: str) -> None:
        """A certificate changed (NOTIFY): forget it now, read it again in the background."""
        self._public.pop(number, None)
        self._signed.pop(number, None)
        if self._pool is not None:
            self._in_background(self._read(number))

    def reconnected(self) -> None:
        """Changes may have been missed while the listener was away: start again from the database."""
        self._signed.clear()
        if self._pool is not None:
            self._in_background(self.load_all())

    def _in_background(self, work: Coroutine[Any, Any, object]) -> None:
        async def guarded() -> None:
            try:
                await work
            except Exception:
                # Nothing is lost: a certificate not in memory is read from the database when asked for.
                logger.exception("verification: reading certificates failed")

        task = asyncio.get_running_loop().create_task(guarded())
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)


class VerificationFastPath:
    """ASGI: answers `GET /v1/certificates/{number}/verification` from memory ahead of FastAPI's routing.

    It sits inside the principal check, so only requests the gateway signed reach it. Anything it cannot
    answer at once (a number not in memory, or not a number) goes on to the route, which says the same thing
    more slowly; the route remains the one documented in the OpenAPI.
    """

    def __init__(
        self, app: Any, *, path_prefix: str = "/v1/certificates/", suffix: str = "/verification"
    ) -> None:
        self.app = app
        self.prefix = path_prefix
        self.suffix = suffix

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and path.startswith(self.prefix)
            and path.endswith(self.suffix)
        ):
            state = scope["app"].state
            number = normalize(path[len(self.prefix) : -len(self.suffix)])
            cache: VerificationCache = state.verification
            if number is not None and cache.holds(number):
                body = await cache.answer(number, state.clock.now())
                if body is not None:
                    await send_json(send, body, [(b"cache-control", state.verification_cache_control)])
                    return
        await self.app(scope, receive, send)
