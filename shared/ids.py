"""Opaque, time-ordered identifiers (`emp_01J...`): sortable by creation, so keyset pagination needs no extra column."""

from __future__ import annotations

import os
import threading
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last_ms = 0
_last_random = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 32)
        chars.append(_CROCKFORD[rem])
    return "".join(reversed(chars))


def new_ulid() -> str:
    """A ULID: 48-bit millisecond time and 80 random bits, monotonic within one process."""
    global _last_ms, _last_random
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms <= _last_ms:
            # Same millisecond (or a clock step back): increment so ids stay strictly increasing.
            now_ms = _last_ms
            _last_random = (_last_random + 1) & ((1 << 80) - 1)
        else:
            _last_ms = now_ms
            _last_random = int.from_bytes(os.urandom(10), "big") >> 1
        return _encode(now_ms, 10) + _encode(_last_random, 16)


def new_id(prefix: str) -> str:
    """A new opaque id such as `emp_01JD7ZK2...`; the prefix tells a human what kind of object it names."""
    return f"{prefix}_{new_ulid()}"
