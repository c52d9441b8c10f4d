import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_certificates_status_type_0 import ListCertificatesStatusType0
from ...models.page_certificate_public import PageCertificatePublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListCertificatesStatusType0 | None | Unset = UNSET,
    expiring_before: datetime.date | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListCertificatesStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_expiring_before: None | str | Unset
    if isinstance(expiring_before, Unset):
        json_expiring_before = UNSET
    elif isinstance(expiring_before, datetime.date):
        json_expiring_before = expiring_before.isoformat()
    else:
        json_expiring_before = expiring_before
    params["expiring_before"] = json_expiring_before

    json_employer_id: None | str | Unset
    if isinstance(employer_id, Unset):
        json_employer_id = UNSET
    else:
        json_employer_id = employer_id
    params["employer_id"] = json_employer_id

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
        "url": "/v1/certificates",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageCertificatePublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageCertificatePublic.from_dict(response.json())

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
) -> Response[PageCertificatePublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListCertificatesStatusType0 | None | Unset = UNSET,
    expiring_before: datetime.date | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageCertificatePublic | Problem]:
    """List certificates (staff)

     Certificates, newest first, filtered by employer or status.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `certificates:read`).

    Args:
        status (ListCertificatesStatusType0 | None | Unset):
        expiring_before (datetime.date | None | Unset): In force and valid until before this date
        employer_id (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCertificatePublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        expiring_before=expiring_before,
        employer_id=employer_id,
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
    status: ListCertificatesStatusType0 | None | Unset = UNSET,
    expiring_before: datetime.date | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageCertificatePublic | Problem | None:
    """List certificates (staff)

     Certificates, newest first, filtered by employer or status.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `certificates:read`).

    Args:
        status (ListCertificatesStatusType0 | None | Unset):
        expiring_before (datetime.date | None | Unset): In force and valid until before this date
        employer_id (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCertificatePublic | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        expiring_before=expiring_before,
        employer_id=employer_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListCertificatesStatusType0 | None | Unset = UNSET,
    expiring_before: datetime.date | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageCertificatePublic | Problem]:
    """List certificates (staff)

     Certificates, newest first, filtered by employer or status.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `certificates:read`).

    Args:
        status (ListCertificatesStatusType0 | None | Unset):
        expiring_before (datetime.date | None | Unset): In force and valid until before this date
        employer_id (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCertificatePublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        expiring_before=expiring_before,
        employer_id=employer_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListCertificatesStatusType0 | None | Unset = UNSET,
    expiring_before: datetime.date | None | Unset = UNSET,
    employer_id: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageCertificatePublic | Problem | None:
    """List certificates (staff)

     Certificates, newest first, filtered by employer or status.

    **Who may call:** Staff viewers, QA analysts, staff admins (the scope `certificates:read`).

    Args:
        status (ListCertificatesStatusType0 | None | Unset):
        expiring_before (datetime.date | None | Unset): In force and valid until before this date
        employer_id (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCertificatePublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            expiring_before=expiring_before,
            employer_id=employer_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
