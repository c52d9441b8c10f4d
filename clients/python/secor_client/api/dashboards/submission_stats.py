from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.submission_stats import SubmissionStats
from ...models.submission_stats_group_by import SubmissionStatsGroupBy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    group_by: SubmissionStatsGroupBy | Unset = SubmissionStatsGroupBy.STATUS,
    accept: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["accept"] = accept

    params: dict[str, Any] = {}

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/stats/submissions",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubmissionStats | None:
    if response.status_code == 200:
        response_200 = SubmissionStats.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | SubmissionStats]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    group_by: SubmissionStatsGroupBy | Unset = SubmissionStatsGroupBy.STATUS,
    accept: None | str | Unset = UNSET,
) -> Response[Problem | SubmissionStats]:
    """Submissions by status, kind, channel or month, and the median days in QA (staff)

     Submissions by status, kind (`untriaged`: mailed, not yet triaged), channel or month, with the
    median
    days in QA; `Accept: text/csv` for a spreadsheet.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `stats:read`).

    Args:
        group_by (SubmissionStatsGroupBy | Unset):  Default: SubmissionStatsGroupBy.STATUS.
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionStats]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    group_by: SubmissionStatsGroupBy | Unset = SubmissionStatsGroupBy.STATUS,
    accept: None | str | Unset = UNSET,
) -> Problem | SubmissionStats | None:
    """Submissions by status, kind, channel or month, and the median days in QA (staff)

     Submissions by status, kind (`untriaged`: mailed, not yet triaged), channel or month, with the
    median
    days in QA; `Accept: text/csv` for a spreadsheet.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `stats:read`).

    Args:
        group_by (SubmissionStatsGroupBy | Unset):  Default: SubmissionStatsGroupBy.STATUS.
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionStats
    """

    return sync_detailed(
        client=client,
        group_by=group_by,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    group_by: SubmissionStatsGroupBy | Unset = SubmissionStatsGroupBy.STATUS,
    accept: None | str | Unset = UNSET,
) -> Response[Problem | SubmissionStats]:
    """Submissions by status, kind, channel or month, and the median days in QA (staff)

     Submissions by status, kind (`untriaged`: mailed, not yet triaged), channel or month, with the
    median
    days in QA; `Accept: text/csv` for a spreadsheet.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `stats:read`).

    Args:
        group_by (SubmissionStatsGroupBy | Unset):  Default: SubmissionStatsGroupBy.STATUS.
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionStats]
    """

    kwargs = _get_kwargs(
        group_by=group_by,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    group_by: SubmissionStatsGroupBy | Unset = SubmissionStatsGroupBy.STATUS,
    accept: None | str | Unset = UNSET,
) -> Problem | SubmissionStats | None:
    """Submissions by status, kind, channel or month, and the median days in QA (staff)

     Submissions by status, kind (`untriaged`: mailed, not yet triaged), channel or month, with the
    median
    days in QA; `Accept: text/csv` for a spreadsheet.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `stats:read`).

    Args:
        group_by (SubmissionStatsGroupBy | Unset):  Default: SubmissionStatsGroupBy.STATUS.
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionStats
    """

    return (
        await asyncio_detailed(
            client=client,
            group_by=group_by,
            accept=accept,
        )
    ).parsed
