import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.determination_public import DeterminationPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    as_of: datetime.date | None | Unset = UNSET,
    known_at: datetime.datetime | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: None | str | Unset
    if isinstance(as_of, Unset):
        json_as_of = UNSET
    elif isinstance(as_of, datetime.date):
        json_as_of = as_of.isoformat()
    else:
        json_as_of = as_of
    params["as_of"] = json_as_of

    json_known_at: None | str | Unset
    if isinstance(known_at, Unset):
        json_known_at = UNSET
    elif isinstance(known_at, datetime.datetime):
        json_known_at = known_at.isoformat()
    else:
        json_known_at = known_at
    params["known_at"] = json_known_at

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/employers/{employer_id}/eligibility".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeterminationPublic | Problem | None:
    if response.status_code == 200:
        response_200 = DeterminationPublic.from_dict(response.json())

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
) -> Response[DeterminationPublic | Problem]:
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
    as_of: datetime.date | None | Unset = UNSET,
    known_at: datetime.datetime | None | Unset = UNSET,
) -> Response[DeterminationPublic | Problem]:
    """Is this employer eligible for SECOR on a date, and why (not)

     The facts in force on `as_of` as the system knew them at `known_at`: the same pair always gives the
    same answer, years later (nothing it reads is overwritten). Without `known_at`, what is known now,
    including corrections made since. Today's answer reflects every committed change to the employer's
    facts; `completions_through` says how far through the training ledger this service has applied
    (compare a completion's `ledger_seq`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        as_of (datetime.date | None | Unset): Default: today (the program's calendar).
        known_at (datetime.datetime | None | Unset): Default: now. RFC 3339 with its offset; not
            in the future, not before the employer was registered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeterminationPublic | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        as_of=as_of,
        known_at=known_at,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    known_at: datetime.datetime | None | Unset = UNSET,
) -> DeterminationPublic | Problem | None:
    """Is this employer eligible for SECOR on a date, and why (not)

     The facts in force on `as_of` as the system knew them at `known_at`: the same pair always gives the
    same answer, years later (nothing it reads is overwritten). Without `known_at`, what is known now,
    including corrections made since. Today's answer reflects every committed change to the employer's
    facts; `completions_through` says how far through the training ledger this service has applied
    (compare a completion's `ledger_seq`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        as_of (datetime.date | None | Unset): Default: today (the program's calendar).
        known_at (datetime.datetime | None | Unset): Default: now. RFC 3339 with its offset; not
            in the future, not before the employer was registered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeterminationPublic | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        as_of=as_of,
        known_at=known_at,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    known_at: datetime.datetime | None | Unset = UNSET,
) -> Response[DeterminationPublic | Problem]:
    """Is this employer eligible for SECOR on a date, and why (not)

     The facts in force on `as_of` as the system knew them at `known_at`: the same pair always gives the
    same answer, years later (nothing it reads is overwritten). Without `known_at`, what is known now,
    including corrections made since. Today's answer reflects every committed change to the employer's
    facts; `completions_through` says how far through the training ledger this service has applied
    (compare a completion's `ledger_seq`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        as_of (datetime.date | None | Unset): Default: today (the program's calendar).
        known_at (datetime.datetime | None | Unset): Default: now. RFC 3339 with its offset; not
            in the future, not before the employer was registered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeterminationPublic | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        as_of=as_of,
        known_at=known_at,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | None | Unset = UNSET,
    known_at: datetime.datetime | None | Unset = UNSET,
) -> DeterminationPublic | Problem | None:
    """Is this employer eligible for SECOR on a date, and why (not)

     The facts in force on `as_of` as the system knew them at `known_at`: the same pair always gives the
    same answer, years later (nothing it reads is overwritten). Without `known_at`, what is known now,
    including corrections made since. Today's answer reflects every committed change to the employer's
    facts; `completions_through` says how far through the training ledger this service has applied
    (compare a completion's `ledger_seq`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        as_of (datetime.date | None | Unset): Default: today (the program's calendar).
        known_at (datetime.datetime | None | Unset): Default: now. RFC 3339 with its offset; not
            in the future, not before the employer was registered.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeterminationPublic | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            as_of=as_of,
            known_at=known_at,
        )
    ).parsed
