"""CSV out, safe to open in a spreadsheet: cells that would run as formulas are defused."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
# OWASP's list (a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets), with
# the full-width forms East Asian input methods type, which some spreadsheets read as the same operators.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Spaces a spreadsheet may skip before looking for a formula.
_LEADING_SPACE = " \u00a0\u3000"
# A spreadsheet whose locale separates fields with `;` (or reads tabs or bars) splits `a;=1+1` into a second
# cell, a formula, wherever our quotes stand: a trigger after any such separator is defused too.
_INNER_TRIGGER = re.compile('([,;\t|][" \u00a0\u3000]*)(?=[=+\\-@\uff1d\uff0b\uff0d\uff20])')
_NEEDS_QUOTES = frozenset(',;\t"\r\n|')


def safe_cell(value: Any) -> str:
    """The value as text; text that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not isinstance(value, str):
        return text
    text = _INNER_TRIGGER.sub(r"\1'", text)
    if text.lstrip(_LEADING_SPACE).startswith(_FORMULA_TRIGGERS):
        return "'" + text
    return text


def _field(text: str) -> str:
    if _NEEDS_QUOTES.isdisjoint(text) and text == text.strip():
        return text
    return '"' + text.replace('"', '""') + '"'


def csv_line(cells: Sequence[Any]) -> str:
    """One RFC 4180 line, each cell defused and quoted where any locale's reading could split it."""
    return ",".join(_field(safe_cell(c)) for c in cells) + "\r\n"


def wants_csv(accept: str | None) -> bool:
    return bool(accept) and "text/csv" in (accept or "").lower()


async def csv_stream(header: Sequence[str], rows: AsyncIterator[Sequence[Any]]) -> AsyncIterator[bytes]:
    yield csv_line(header).encode()
    async for row in rows:
        yield csv_line(row).encode()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return csv_line(header) + "".join(csv_line(r) for r in rows)
