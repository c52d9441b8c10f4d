"""Certificate numbers: readable, ordered by issue, with a check digit that catches a mistyped digit."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^SECOR-([0-9]{4})-([0-9]{6})-([0-9])$")
# Numbers certificates were issued under before this platform, brought in by import: letters and digits in
# groups joined by - or /, with a digit somewhere. "SECOR-..." is this platform's own form and nothing else.
_IMPORTED = re.compile(r"^(?!SECOR-)(?=[^0-9]*[0-9])[A-Z0-9]+(?:[-/][A-Z0-9]+)*$")
IMPORTED_LENGTH = (4, 40)


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
    """The number as issued if `text` can be one (any case, spaces around), else None: this platform's form
    with a right check digit, or the form of a number imported from before."""
    candidate = text.strip().upper()
    match = _NUMBER.match(candidate)
    if match is not None:
        return candidate if _luhn(match.group(1) + match.group(2)) == int(match.group(3)) else None
    low, high = IMPORTED_LENGTH
    return candidate if low <= len(candidate) <= high and _IMPORTED.match(candidate) else None
