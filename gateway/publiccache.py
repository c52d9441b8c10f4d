"""Answers to public requests, kept at the gateway the way a CDN would keep them.

A public answer (certificate verification, the verification key) is the same for everyone and is signed by
the service that gives it, so the gateway may hand it out again for as long as that service says
(`Cache-Control: public, max-age=N`). The owning service also announces on PostgreSQL's
`secor_public_cache` channel the path of any answer that has changed, and the gateway drops it at once, so a
revocation is visible on the next request, not N seconds later.
"""

from __future__ import annotations

import collections
import re
import time
from dataclasses import dataclass

CHANNEL = "secor_public_cache"
MAX_BODY_BYTES = 64 * 1024
_MAX_AGE = re.compile(rb"max-age=(\d+)")


@dataclass(frozen=True)
class CachedAnswer:
    expires: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def cache_key(path: str) -> str:
    """One key for every way of writing the same path (the services read numbers case- and space-blind)."""
    return "".join(path.split()).upper()


def max_age(headers: list[tuple[bytes, bytes]]) -> int | None:
    """Seconds the service allows its answer to be reused for anyone, if it does."""
    for name, value in headers:
        if name.lower() == b"cache-control":
            value = value.lower()
            if b"public" in value and b"no-store" not in value and (match := _MAX_AGE.search(value)):
                return int(match.group(1))
    return None


def _parent(key: str) -> str:
    return key.rsplit("/", 1)[0]


class PublicAnswerCache:
    def __init__(self, max_entries: int = 100_000) -> None:
        self._answers: collections.OrderedDict[str, CachedAnswer] = collections.OrderedDict()
        self._by_parent: dict[str, set[str]] = {}
        self._max_entries = max_entries

    def get(self, path: str) -> CachedAnswer | None:
        key = cache_key(path)
        answer = self._answers.get(key)
        if answer is None:
            return None
        if answer.expires < time.monotonic():
            self._drop(key)
            return None
        return answer

    def put(
        self, path: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, seconds: int
    ) -> None:
        if seconds <= 0 or len(body) > MAX_BODY_BYTES:
            return
        if len(self._answers) >= self._max_entries:
            self._drop(next(iter(self._answers)))
        kept = [
            (n, v) for n, v in headers if n.lower() in (b"content-type", b"cache-control", b"content-length")
        ]
        key = cache_key(path)
        self._answers[key] = CachedAnswer(time.monotonic() + seconds, status, kept, body)
        self._by_parent.setdefault(_parent(key), set()).add(key)

    def invalidate(self, path: str) -> None:
        self._drop(cache_key(path))

    def invalidate_under(self, resource: str) -> None:
        """Drop the answers about one resource: a change made through this gateway shows at once."""
        for key in self._by_parent.pop(cache_key(resource), set()):
            self._answers.pop(key, None)

    def clear(self) -> None:
        self._answers.clear()
        self._by_parent.clear()

    def _drop(self, key: str) -> None:
        if self._answers.pop(key, None) is not None:
            siblings = self._by_parent.get(_parent(key))
            if siblings is not None:
                siblings.discard(key)
                if not siblings:
                    del self._by_parent[_parent(key)]
