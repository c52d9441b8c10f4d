"""Dashboard tables: the same rows as JSON or, with `Accept: text/csv`, as a CSV file for a spreadsheet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from shared.csvexport import CSV_MEDIA_TYPE, csv_text, wants_csv
from shared.principal import Principal, require

# Dashboards are for staff (and the gateway composing the overview).
StatsReader = Annotated[Principal, Depends(require("stats:read", kinds=("staff", "service")))]


def stats_responses(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI for a table endpoint: `model` as JSON, or CSV."""
    return {200: {"model": model, "content": {"text/csv": {"schema": {"type": "string"}}}}}


def table_response(
    accept: str | None,
    body: Mapping[str, Any],
    *,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    name: str,
) -> Response:
    """`body` as JSON, or `rows` (one line each, `columns` in order) as CSV when the client asks for it."""
    if wants_csv(accept):
        return Response(
            csv_text(columns, ([row.get(c) for c in columns] for row in rows)),
            media_type=CSV_MEDIA_TYPE,
            headers={"content-disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse(_plain(body))


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, numbers from SQL (Decimal) as floats."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
