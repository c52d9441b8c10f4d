from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_employer_completion import PageEmployerCompletion
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["unmatched"] = unmatched

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
        "url": "/v1/employers/{employer_id}/completions".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageEmployerCompletion | Problem | None:
    if response.status_code == 200:
        response_200 = PageEmployerCompletion.from_dict(response.json())

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
) -> Response[PageEmployerCompletion | Problem]:
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
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerCompletion | Problem]:
    """Completions matched to this employer, each with its worker or worker_id null

     The completions matched to this employer's workers, each with the worker it was matched to (or
    `worker_id` null when it matched none).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        employer_id (str):
        unmatched (bool | Unset): Only those matched to no worker, for staff to link Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerCompletion | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        unmatched=unmatched,
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
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerCompletion | Problem | None:
    """Completions matched to this employer, each with its worker or worker_id null

     The completions matched to this employer's workers, each with the worker it was matched to (or
    `worker_id` null when it matched none).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        employer_id (str):
        unmatched (bool | Unset): Only those matched to no worker, for staff to link Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerCompletion | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        unmatched=unmatched,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerCompletion | Problem]:
    """Completions matched to this employer, each with its worker or worker_id null

     The completions matched to this employer's workers, each with the worker it was matched to (or
    `worker_id` null when it matched none).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        employer_id (str):
        unmatched (bool | Unset): Only those matched to no worker, for staff to link Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerCompletion | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        unmatched=unmatched,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerCompletion | Problem | None:
    """Completions matched to this employer, each with its worker or worker_id null

     The completions matched to this employer's workers, each with the worker it was matched to (or
    `worker_id` null when it matched none).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        employer_id (str):
        unmatched (bool | Unset): Only those matched to no worker, for staff to link Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerCompletion | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            unmatched=unmatched,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
