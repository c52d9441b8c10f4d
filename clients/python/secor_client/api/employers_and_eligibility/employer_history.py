from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_employer_history_entry import PageEmployerHistoryEntry
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/employers/{employer_id}/history".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageEmployerHistoryEntry | Problem | None:
    if response.status_code == 200:
        response_200 = PageEmployerHistoryEntry.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[PageEmployerHistoryEntry | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerHistoryEntry | Problem]:
    """Every change to the employer's facts, newest first

     Workers (each version), headcount declarations, the assessor, ACSA memberships, WCB records,
    integrator access and staff's links: when, by whom, what it was before and after, and why for a
    correction. Nothing is overwritten or erased, so this is the whole story of every answer.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerHistoryEntry | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerHistoryEntry | Problem | None:
    """Every change to the employer's facts, newest first

     Workers (each version), headcount declarations, the assessor, ACSA memberships, WCB records,
    integrator access and staff's links: when, by whom, what it was before and after, and why for a
    correction. Nothing is overwritten or erased, so this is the whole story of every answer.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerHistoryEntry | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerHistoryEntry | Problem]:
    """Every change to the employer's facts, newest first

     Workers (each version), headcount declarations, the assessor, ACSA memberships, WCB records,
    integrator access and staff's links: when, by whom, what it was before and after, and why for a
    correction. Nothing is overwritten or erased, so this is the whole story of every answer.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerHistoryEntry | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerHistoryEntry | Problem | None:
    """Every change to the employer's facts, newest first

     Workers (each version), headcount declarations, the assessor, ACSA memberships, WCB records,
    integrator access and staff's links: when, by whom, what it was before and after, and why for a
    correction. Nothing is overwritten or erased, so this is the whole story of every answer.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerHistoryEntry | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
