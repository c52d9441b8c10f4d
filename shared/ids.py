"""Opaque, time-ordered identifiers (`emp_01J...`): sortable by creation, so keyset pagination needs no column."""

from __future__ import annotations

import os
import threading
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Two base-32 digits per 10 bits: 13 table lookups encode a ULID (an id is made for every row and event).
_PAIRS = [_CROCKFORD[i >> 5] + _CROCKFORD[i & 31] for i in range(1024)]
_lock = threading.Lock()
_last_ms = 0
_last_random = 0


def _encode128(value: int) -> str:
    """26 Crockford base-32 digits for a 128-bit value (the first digit holds its top 3 bits)."""
    return _PAIRS[value >> 120] + "".join(_PAIRS[(value >> shift) & 1023] for shift in range(110, -10, -10))


def new_ulid() -> str:
    """A ULID: 48-bit millisecond time and 80 random bits, strictly increasing within one process."""
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
        return _encode128((now_ms << 80) | _last_random)


def new_id(prefix: str) -> str:
    """A new opaque id such as `emp_01JD7ZK2...`; the prefix tells a human what kind of object it names."""
    return f"{prefix}_{new_ulid()}"
