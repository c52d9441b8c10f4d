from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_submissions_kind_type_0 import ListSubmissionsKindType0
from ...models.list_submissions_status_type_0 import ListSubmissionsStatusType0
from ...models.page_submission_public import PageSubmissionPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListSubmissionsStatusType0 | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    kind: ListSubmissionsKindType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListSubmissionsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_employer_id: None | str | Unset
    if isinstance(employer_id, Unset):
        json_employer_id = UNSET
    else:
        json_employer_id = employer_id
    params["employer_id"] = json_employer_id

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListSubmissionsKindType0):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

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
        "url": "/v1/submissions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageSubmissionPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageSubmissionPublic.from_dict(response.json())

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
) -> Response[PageSubmissionPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListSubmissionsStatusType0 | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    kind: ListSubmissionsKindType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSubmissionPublic | Problem]:
    """List submissions (an integrator sees its employers')

     Submissions, newest first, filtered by employer, status or kind; an integrator sees only its
    employers'.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        status (ListSubmissionsStatusType0 | None | Unset):
        employer_id (None | str | Unset):
        kind (ListSubmissionsKindType0 | None | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSubmissionPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        employer_id=employer_id,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListSubmissionsStatusType0 | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    kind: ListSubmissionsKindType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSubmissionPublic | Problem | None:
    """List submissions (an integrator sees its employers')

     Submissions, newest first, filtered by employer, status or kind; an integrator sees only its
    employers'.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        status (ListSubmissionsStatusType0 | None | Unset):
        employer_id (None | str | Unset):
        kind (ListSubmissionsKindType0 | None | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSubmissionPublic | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        employer_id=employer_id,
        kind=kind,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListSubmissionsStatusType0 | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    kind: ListSubmissionsKindType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageSubmissionPublic | Problem]:
    """List submissions (an integrator sees its employers')

     Submissions, newest first, filtered by employer, status or kind; an integrator sees only its
    employers'.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        status (ListSubmissionsStatusType0 | None | Unset):
        employer_id (None | str | Unset):
        kind (ListSubmissionsKindType0 | None | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSubmissionPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        employer_id=employer_id,
        kind=kind,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListSubmissionsStatusType0 | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    kind: ListSubmissionsKindType0 | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageSubmissionPublic | Problem | None:
    """List submissions (an integrator sees its employers')

     Submissions, newest first, filtered by employer, status or kind; an integrator sees only its
    employers'.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        status (ListSubmissionsStatusType0 | None | Unset):
        employer_id (None | str | Unset):
        kind (ListSubmissionsKindType0 | None | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSubmissionPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            employer_id=employer_id,
            kind=kind,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
