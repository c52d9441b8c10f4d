"""CSV out, safe to open in a spreadsheet: cells that would run as formulas are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
# OWASP's list: a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> str:
    """The value as text; text that a spreadsheet would evaluate is prefixed with an apostrophe."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_line(cells: Sequence[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()


def wants_csv(accept: str | None) -> bool:
    return bool(accept) and "text/csv" in (accept or "").lower()


async def csv_stream(header: Sequence[str], rows: AsyncIterator[Sequence[Any]]) -> AsyncIterator[bytes]:
    yield csv_line(header).encode()
    async for row in rows:
        yield csv_line(row).encode()


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return csv_line(header) + "".join(csv_line(r) for r in rows)
