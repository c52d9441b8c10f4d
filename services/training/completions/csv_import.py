"""CSV import of completions: the header row names the same fields as the JSON body, with `learner_` in front
of the learner's; rows are read, chunked and spooled by `shared.csvimport`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from services.training.completions.service import Outcome, PointerFor, to_result, validate_items
from shared.csvimport import CsvRow, ResultSpool
from shared.csvimport import import_csv as read_csv

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

RecordChunk = Callable[[list[Any], PointerFor], Awaitable[list[Outcome]]]


def row_to_item(values: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {f: values[f] for f in TOP_FIELDS if f in values}
    item["learner"] = {f: values[f"learner_{f}"] for f in LEARNER_FIELDS if f"learner_{f}" in values}
    return item


async def import_csv(stream: AsyncIterator[bytes], record_chunk: RecordChunk) -> ResultSpool:
    """Read the whole file, recording each chunk of rows as it arrives; returns the spooled results."""

    async def record_rows(rows: list[CsvRow]) -> list[tuple[str, bytes]]:
        def pointer_for(i: int) -> str:
            return f"/rows/{rows[i].index}"

        validated = validate_items(
            [row_to_item(r.values) if r.values is not None else {} for r in rows], pointer_for
        )
        for i, row in enumerate(rows):
            if row.problem is not None:
                validated[i] = row.problem
        outcomes = await record_chunk(validated, pointer_for)
        return [
            (o.status, to_result(r.index, o, r.line).model_dump_json(exclude_none=True).encode())
            for r, o in zip(rows, outcomes, strict=True)
        ]

    return await read_csv(
        stream, columns=COLUMNS, required=REQUIRED, what="completion", record_rows=record_rows
    )
