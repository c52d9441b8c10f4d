from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_employers_outcome_type_0 import ListEmployersOutcomeType0
from ...models.page_employer_public import PageEmployerPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    wcb_account_number: None | str | Unset = UNSET,
    outcome: ListEmployersOutcomeType0 | None | Unset = UNSET,
    contact_email: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_wcb_account_number: None | str | Unset
    if isinstance(wcb_account_number, Unset):
        json_wcb_account_number = UNSET
    else:
        json_wcb_account_number = wcb_account_number
    params["wcb_account_number"] = json_wcb_account_number

    json_outcome: None | str | Unset
    if isinstance(outcome, Unset):
        json_outcome = UNSET
    elif isinstance(outcome, ListEmployersOutcomeType0):
        json_outcome = outcome.value
    else:
        json_outcome = outcome
    params["outcome"] = json_outcome

    json_contact_email: None | str | Unset
    if isinstance(contact_email, Unset):
        json_contact_email = UNSET
    else:
        json_contact_email = contact_email
    params["contact_email"] = json_contact_email

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
        "url": "/v1/employers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageEmployerPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageEmployerPublic.from_dict(response.json())

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
) -> Response[PageEmployerPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    wcb_account_number: None | str | Unset = UNSET,
    outcome: ListEmployersOutcomeType0 | None | Unset = UNSET,
    contact_email: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerPublic | Problem]:
    """List employers (an integrator sees its own)

     Employers, filtered by eligibility outcome, WCB account number or contact address (any case); an
    integrator sees only the employers it has access to.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        wcb_account_number (None | str | Unset):
        outcome (ListEmployersOutcomeType0 | None | Unset):
        contact_email (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerPublic | Problem]
    """

    kwargs = _get_kwargs(
        wcb_account_number=wcb_account_number,
        outcome=outcome,
        contact_email=contact_email,
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
    wcb_account_number: None | str | Unset = UNSET,
    outcome: ListEmployersOutcomeType0 | None | Unset = UNSET,
    contact_email: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerPublic | Problem | None:
    """List employers (an integrator sees its own)

     Employers, filtered by eligibility outcome, WCB account number or contact address (any case); an
    integrator sees only the employers it has access to.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        wcb_account_number (None | str | Unset):
        outcome (ListEmployersOutcomeType0 | None | Unset):
        contact_email (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerPublic | Problem
    """

    return sync_detailed(
        client=client,
        wcb_account_number=wcb_account_number,
        outcome=outcome,
        contact_email=contact_email,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    wcb_account_number: None | str | Unset = UNSET,
    outcome: ListEmployersOutcomeType0 | None | Unset = UNSET,
    contact_email: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEmployerPublic | Problem]:
    """List employers (an integrator sees its own)

     Employers, filtered by eligibility outcome, WCB account number or contact address (any case); an
    integrator sees only the employers it has access to.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        wcb_account_number (None | str | Unset):
        outcome (ListEmployersOutcomeType0 | None | Unset):
        contact_email (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEmployerPublic | Problem]
    """

    kwargs = _get_kwargs(
        wcb_account_number=wcb_account_number,
        outcome=outcome,
        contact_email=contact_email,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    wcb_account_number: None | str | Unset = UNSET,
    outcome: ListEmployersOutcomeType0 | None | Unset = UNSET,
    contact_email: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEmployerPublic | Problem | None:
    """List employers (an integrator sees its own)

     Employers, filtered by eligibility outcome, WCB account number or contact address (any case); an
    integrator sees only the employers it has access to.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        wcb_account_number (None | str | Unset):
        outcome (ListEmployersOutcomeType0 | None | Unset):
        contact_email (None | str | Unset):
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEmployerPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            wcb_account_number=wcb_account_number,
            outcome=outcome,
            contact_email=contact_email,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
