"""Opaque cursor pagination: `?limit=&cursor=` in, `{data, next_cursor}` out."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from shared.problems import ProblemError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next one (null: no more)."""

    data: list[T]
    next_cursor: str | None


def encode_cursor(position: Any) -> str:
    """A cursor for a position (the sort key of the last row returned)."""
    return base64.urlsafe_b64encode(json.dumps(position, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Any:
    try:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise ProblemError(
            422,
            "The cursor is not one this API gave out; pass next_cursor back unchanged.",
            title="Validation Failed",
            errors=[{"pointer": "/cursor", "detail": "malformed cursor", "location": "query"}],
        ) from exc


class PageParams(BaseModel):
    limit: int
    after: Any = None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="Items per page, 1 to 200")] = 50,
    cursor: Annotated[
        str | None, Query(description="next_cursor of the previous page", max_length=512)
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, after=decode_cursor(cursor) if cursor else None)


Pagination = Annotated[PageParams, Depends(page_params)]


def cursor_after_str(params: PageParams) -> str | None:
    """The `after` position as a string id (most lists page by id), refusing anything else."""
    if params.after is None:
        return None
    if not isinstance(params.after, str):
        raise ProblemError(
            422,
            "The cursor does not belong to this list.",
            title="Validation Failed",
            errors=[{"pointer": "/cursor", "detail": "cursor of another list", "location": "query"}],
        )
    return params.after


def page_of(rows: list[T], limit: int, key: Any) -> Page[T]:
    """A page from `limit + 1` fetched rows: the extra row only says whether there is a next page."""
    has_more = len(rows) > limit
    rows = rows[:limit]
    return Page[T](data=rows, next_cursor=encode_cursor(key(rows[-1])) if has_more and rows else None)
