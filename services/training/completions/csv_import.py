"""CSV import: streamed line by line, recorded in chunks, so a file of any size runs in bounded memory.

The header row names the same fields as the JSON body, with `learner_` in front of the learner's. Each chunk of
rows commits on its own: one bad row never sinks the others, and a retried file only finds duplicates.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import IO, Any

from services.training.completions.service import Outcome, PointerFor, to_result, validate_items
from shared.problems import ProblemError, problem_body

LEARNER_FIELDS = ("given_name", "family_name", "email", "birth_date", "learner_id")
TOP_FIELDS = (
    "provider_record_id",
    "course_code",
    "completed_on",
    "employer_wcb_account_number",
    "certificate_number",
    "expires_on",
)
COLUMNS = TOP_FIELDS + tuple(f"learner_{f}" for f in LEARNER_FIELDS)
REQUIRED = ("provider_record_id", "course_code", "completed_on", "learner_given_name", "learner_family_name")
CHUNK_ROWS = 1000
MAX_RECORD_BYTES = 64 * 1024

RecordChunk = Callable[[list[Any], PointerFor], Awaitable[list[Outcome]]]


@dataclass
class Row:
    index: int
    line: int
    cells: list[str] | None
    problem: dict[str, Any] | None = None


def _bad_row(detail: str) -> dict[str, Any]:
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
                        # A line this long is not a completion; keep only its end to find the next line.
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


def parse_header(record: str) -> list[str]:
    header = [h.strip() for h in next(csv.reader([record]))]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
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
            "The header row is not usable: " + "; ".join(problems) + f". Columns are: {', '.join(COLUMNS)}.",
            title="Validation Failed",
            errors=[{"pointer": "/header", "detail": p, "location": "body"} for p in problems],
            expected_columns=list(COLUMNS),
        )
    return header


def row_to_item(header: list[str], cells: list[str]) -> dict[str, Any]:
    values = {name: cell.strip() for name, cell in zip(header, cells, strict=True) if cell.strip() != ""}
    item: dict[str, Any] = {f: values[f] for f in TOP_FIELDS if f in values}
    item["learner"] = {f: values[f"learner_{f}"] for f in LEARNER_FIELDS if f"learner_{f}" in values}
    return item


class ResultSpool:
    """Per-row results written to a temporary file as they come, so a million rows cost no memory."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115
        self.counts = {"created": 0, "duplicate": 0, "rejected": 0}
        self._first = True

    def add(self, index: int, line: int, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        payload = to_result(index, outcome, line).model_dump_json(exclude_none=True).encode()
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


async def import_csv(stream: AsyncIterator[bytes], record_chunk: RecordChunk) -> ResultSpool:
    """Read the whole file, recording each chunk of rows as it arrives; returns the spooled results."""
    spool = ResultSpool()
    header: list[str] | None = None
    chunk: list[Row] = []
    index = 0

    async def flush() -> None:
        def pointer_for(i: int) -> str:
            return f"/rows/{chunk[i].index}"

        raw_items = [row_to_item(header, r.cells) if r.cells is not None and header else {} for r in chunk]
        validated = validate_items(raw_items, pointer_for)
        for i, row in enumerate(chunk):
            if row.problem is not None:
                validated[i] = row.problem
        outcomes = await record_chunk(validated, pointer_for)
        for row, outcome in zip(chunk, outcomes, strict=True):
            spool.add(row.index, row.line, outcome)
        chunk.clear()

    async for line, record, broken in logical_records(stream):
        if header is None:
            if record is None:
                raise ProblemError(
                    422, f"The header row cannot be read: {broken}.", title="Validation Failed"
                )
            header = parse_header(record)
            continue
        if record is None:
            chunk.append(Row(index, line, None, _bad_row(f"Line {line}: {broken}.")))
        else:
            try:
                cells = next(csv.reader([record]))
            except csv.Error as exc:
                chunk.append(Row(index, line, None, _bad_row(f"Line {line} is not valid CSV: {exc}.")))
            else:
                if len(cells) != len(header):
                    chunk.append(
                        Row(
                            index,
                            line,
                            None,
                            _bad_row(f"Line {line} has {len(cells)} cells; the header has {len(header)}."),
                        )
                    )
                else:
                    chunk.append(Row(index, line, cells))
        index += 1
        if len(chunk) >= CHUNK_ROWS:
            await flush()
    if header is None:
        raise ProblemError(
            422,
            "The file is empty: it needs a header row and one row per completion.",
            title="Validation Failed",
        )
    if chunk:
        await flush()
    return spool
