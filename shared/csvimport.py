"""CSV imports: streamed line by line and recorded in chunks, so a file of any size runs in bounded memory.

A header row names the columns; each later record becomes a row of values (blank cells left out) or a
problem saying what is wrong with it. The caller records each chunk of rows (one transaction each: one bad
row never sinks the others, and a retried file only finds duplicates) and returns a result per row, which is
spooled to a temporary file so a million rows cost no memory either.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from shared.problems import ProblemError, problem_body

CHUNK_ROWS = 1000
MAX_RECORD_BYTES = 64 * 1024
STATUSES = ("created", "duplicate", "rejected")


@dataclass
class CsvRow:
    index: int
    line: int
    values: dict[str, str] | None
    problem: dict[str, Any] | None = None


# Records a chunk of rows; returns (status, the row's result as JSON) for each, in order.
RecordRows = Callable[[list[CsvRow]], Awaitable[list[tuple[str, bytes]]]]


def bad_row(detail: str) -> dict[str, Any]:
    return problem_body(422, detail, title="Validation Failed")


async def logical_records(stream: AsyncIterator[bytes]) -> AsyncIterator[tuple[int, str | None, str | None]]:
    """(first line number, record text or None, why not) for each CSV record; quoted fields may span lines."""
    buffer = b""
    line_no = 0
    pending: list[str] = []
    pending_start = 0
    pending_bytes = 0
    broken: str | None = None
    first = True

    async def lines() -> AsyncIterator[bytes]:
        nonlocal buffer
        async for chunk in stream:
            buffer += chunk
            while True:
                cut = buffer.find(b"\n")
                if cut < 0:
                    if len(buffer) > MAX_RECORD_BYTES:
                        # A line this long is no record; keep only its end to find the next line.
                        yield buffer
                        buffer = b""
                    break
                line, buffer = buffer[:cut], buffer[cut + 1 :]
                yield line
        if buffer:
            yield buffer
            buffer = b""

    async for raw in lines():
        line_no += 1
        if first:
            first = False
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise ProblemError(
                    422,
                    "The file is UTF-16. Save it as 'CSV UTF-8' and send it again.",
                    title="Unsupported Encoding",
                )
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        raw = raw.removesuffix(b"\r")
        if not pending:
            pending_start, pending_bytes, broken = line_no, 0, None
        pending_bytes += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
            broken = broken or "the line is not valid UTF-8 (save the file as 'CSV UTF-8')"
        if pending_bytes > MAX_RECORD_BYTES:
            broken = broken or f"the record is longer than {MAX_RECORD_BYTES} bytes"
        pending.append(text)
        if sum(t.count('"') for t in pending) % 2 == 0 or pending_bytes > MAX_RECORD_BYTES * 4:
            record = "\n".join(pending)
            pending = []
            if record.strip() or broken:
                yield pending_start, (None if broken else record), broken
    if pending:
        yield pending_start, None, "the file ends inside a quoted field"


def parse_header(record: str, columns: Sequence[str], required: Sequence[str]) -> list[str]:
    try:
        header = [h.strip() for h in next(csv.reader([record]))]
    except csv.Error as exc:  # a bare CR, a NUL: the csv module refuses them as it reads
        raise ProblemError(
            422,
            f"The header row cannot be read as CSV ({exc}): save the file again as 'CSV UTF-8'.",
            title="Validation Failed",
            errors=[{"pointer": "/header", "detail": str(exc), "location": "body"}],
        ) from exc
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in columns]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(unknown)}")
    if duplicated:
        problems.append(f"repeated column(s) {', '.join(duplicated)}")
    if problems:
        raise ProblemError(
            422,
            "The header row is not usable: " + "; ".join(problems) + f". Columns are: {', '.join(columns)}.",
            title="Validation Failed",
            errors=[{"pointer": "/header", "detail": p, "location": "body"} for p in problems],
            expected_columns=list(columns),
        )
    return header


class ResultSpool:
    """Per-row results written to a temporary file as they come."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
        self.counts = dict.fromkeys(STATUSES, 0)
        self._first = True

    def add(self, status: str, payload: bytes) -> None:
        self.counts[status] += 1
        self.file.write(payload if self._first else b"," + payload)
        self._first = False

    async def body(self) -> AsyncIterator[bytes]:
        self.file.seek(0)
        yield b'{"results":['
        while chunk := self.file.read(256 * 1024):
            yield chunk
        summary = {
            "created": self.counts["created"],
            "duplicates": self.counts["duplicate"],
            "rejected": self.counts["rejected"],
        }
        yield b"]," + json.dumps(summary)[1:].encode()
        self.file.close()


def _row(index: int, line: int, record: str | None, broken: str | None, header: list[str]) -> CsvRow:
    if record is None:
        return CsvRow(index, line, None, bad_row(f"Line {line}: {broken}."))
    try:
        cells = next(csv.reader([record]))
    except csv.Error as exc:
        return CsvRow(index, line, None, bad_row(f"Line {line} is not valid CSV: {exc}."))
    if len(cells) != len(header):
        return CsvRow(
            index, line, None, bad_row(f"Line {line} has {len(cells)} cells; the header has {len(header)}.")
        )
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=True) if cell.strip() != ""}
    return CsvRow(index, line, values)


async def import_csv(
    stream: AsyncIterator[bytes],
    *,
    columns: Sequence[str],
    required: Sequence[str],
    what: str,
    record_rows: RecordRows,
) -> ResultSpool:
    """Read the whole file, recording each chunk of rows as it arrives; returns the spooled results.

    `what` names one row's thing ("completion", "certificate") in the messages.
    """
    spool = ResultSpool()
    header: list[str] | None = None
    chunk: list[CsvRow] = []
    index = 0

    async def flush() -> None:
        for status, payload in await record_rows(chunk):
            spool.add(status, payload)
        chunk.clear()

    async for line, record, broken in logical_records(stream):
        if header is None:
            if record is None:
                raise ProblemError(
                    422, f"The header row cannot be read: {broken}.", title="Validation Failed"
                )
            header = parse_header(record, columns, required)
            continue
        chunk.append(_row(index, line, record, broken, header))
        index += 1
        if len(chunk) >= CHUNK_ROWS:
            await flush()
    if header is None:
        raise ProblemError(
            422,
            f"The file is empty: it needs a header row and one row per {what}.",
            title="Validation Failed",
        )
    if chunk:
        await flush()
    return spool
