"""Certificate numbers: readable, ordered by issue, with a check digit that catches a mistyped digit."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^SECOR-(\d{4})-(\d{6})-(\d)$")


def _luhn(digits: str) -> int:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def certificate_number(year: int, serial: int) -> str:
    """`SECOR-2026-000123-4`: the year of issue, a serial, and a Luhn check digit over both."""
    digits = f"{year:04d}{serial:06d}"
    return f"SECOR-{year:04d}-{serial:06d}-{_luhn(digits)}"


def normalize(text: str) -> str | None:
    """The number as issued if `text` is one (any case, spaces around), else None."""
    candidate = text.strip().upper()
    match = _NUMBER.match(candidate)
    if match is None or _luhn(match.group(1) + match.group(2)) != int(match.group(3)):
        return None
    return candidate
