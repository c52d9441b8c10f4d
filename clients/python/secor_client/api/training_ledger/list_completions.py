import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_completions_status_type_0 import ListCompletionsStatusType0
from ...models.page_completion_public import PageCompletionPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    course_code: None | str | Unset = UNSET,
    employer_wcb_account_number: None | str | Unset = UNSET,
    learner_email: None | str | Unset = UNSET,
    completed_from: datetime.date | None | Unset = UNSET,
    completed_to: datetime.date | None | Unset = UNSET,
    status: ListCompletionsStatusType0 | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    accept: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(accept, Unset):
        headers["accept"] = accept

    params: dict[str, Any] = {}

    json_course_code: None | str | Unset
    if isinstance(course_code, Unset):
        json_course_code = UNSET
    else:
        json_course_code = course_code
    params["course_code"] = json_course_code

    json_employer_wcb_account_number: None | str | Unset
    if isinstance(employer_wcb_account_number, Unset):
        json_employer_wcb_account_number = UNSET
    else:
        json_employer_wcb_account_number = employer_wcb_account_number
    params["employer_wcb_account_number"] = json_employer_wcb_account_number

    json_learner_email: None | str | Unset
    if isinstance(learner_email, Unset):
        json_learner_email = UNSET
    else:
        json_learner_email = learner_email
    params["learner_email"] = json_learner_email

    json_completed_from: None | str | Unset
    if isinstance(completed_from, Unset):
        json_completed_from = UNSET
    elif isinstance(completed_from, datetime.date):
        json_completed_from = completed_from.isoformat()
    else:
        json_completed_from = completed_from
    params["completed_from"] = json_completed_from

    json_completed_to: None | str | Unset
    if isinstance(completed_to, Unset):
        json_completed_to = UNSET
    elif isinstance(completed_to, datetime.date):
        json_completed_to = completed_to.isoformat()
    else:
        json_completed_to = completed_to
    params["completed_to"] = json_completed_to

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListCompletionsStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_provider_id: None | str | Unset
    if isinstance(provider_id, Unset):
        json_provider_id = UNSET
    else:
        json_provider_id = provider_id
    params["provider_id"] = json_provider_id

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
        "url": "/v1/completions",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageCompletionPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageCompletionPublic.from_dict(response.json())

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
) -> Response[PageCompletionPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    course_code: None | str | Unset = UNSET,
    employer_wcb_account_number: None | str | Unset = UNSET,
    learner_email: None | str | Unset = UNSET,
    completed_from: datetime.date | None | Unset = UNSET,
    completed_to: datetime.date | None | Unset = UNSET,
    status: ListCompletionsStatusType0 | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    accept: None | str | Unset = UNSET,
) -> Response[PageCompletionPublic | Problem]:
    """List completions (a provider sees its own)

     With `Accept: text/csv` the whole filtered list comes as one CSV file (cursor ignored).

    **Who may call:** Training provider keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        course_code (None | str | Unset):
        employer_wcb_account_number (None | str | Unset):
        learner_email (None | str | Unset):
        completed_from (datetime.date | None | Unset):
        completed_to (datetime.date | None | Unset):
        status (ListCompletionsStatusType0 | None | Unset):
        provider_id (None | str | Unset): Staff only
        unmatched (bool | Unset): Staff only: just the unrevoked completions that name no WCB
            number and match no worker or assessor of any employer by the matching rules, nor a link
            by hand; link one with PUT /v1/employers/{id}/completions/{completion_id}/worker Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCompletionPublic | Problem]
    """

    kwargs = _get_kwargs(
        course_code=course_code,
        employer_wcb_account_number=employer_wcb_account_number,
        learner_email=learner_email,
        completed_from=completed_from,
        completed_to=completed_to,
        status=status,
        provider_id=provider_id,
        unmatched=unmatched,
        limit=limit,
        cursor=cursor,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    course_code: None | str | Unset = UNSET,
    employer_wcb_account_number: None | str | Unset = UNSET,
    learner_email: None | str | Unset = UNSET,
    completed_from: datetime.date | None | Unset = UNSET,
    completed_to: datetime.date | None | Unset = UNSET,
    status: ListCompletionsStatusType0 | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    accept: None | str | Unset = UNSET,
) -> PageCompletionPublic | Problem | None:
    """List completions (a provider sees its own)

     With `Accept: text/csv` the whole filtered list comes as one CSV file (cursor ignored).

    **Who may call:** Training provider keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        course_code (None | str | Unset):
        employer_wcb_account_number (None | str | Unset):
        learner_email (None | str | Unset):
        completed_from (datetime.date | None | Unset):
        completed_to (datetime.date | None | Unset):
        status (ListCompletionsStatusType0 | None | Unset):
        provider_id (None | str | Unset): Staff only
        unmatched (bool | Unset): Staff only: just the unrevoked completions that name no WCB
            number and match no worker or assessor of any employer by the matching rules, nor a link
            by hand; link one with PUT /v1/employers/{id}/completions/{completion_id}/worker Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCompletionPublic | Problem
    """

    return sync_detailed(
        client=client,
        course_code=course_code,
        employer_wcb_account_number=employer_wcb_account_number,
        learner_email=learner_email,
        completed_from=completed_from,
        completed_to=completed_to,
        status=status,
        provider_id=provider_id,
        unmatched=unmatched,
        limit=limit,
        cursor=cursor,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    course_code: None | str | Unset = UNSET,
    employer_wcb_account_number: None | str | Unset = UNSET,
    learner_email: None | str | Unset = UNSET,
    completed_from: datetime.date | None | Unset = UNSET,
    completed_to: datetime.date | None | Unset = UNSET,
    status: ListCompletionsStatusType0 | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    accept: None | str | Unset = UNSET,
) -> Response[PageCompletionPublic | Problem]:
    """List completions (a provider sees its own)

     With `Accept: text/csv` the whole filtered list comes as one CSV file (cursor ignored).

    **Who may call:** Training provider keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        course_code (None | str | Unset):
        employer_wcb_account_number (None | str | Unset):
        learner_email (None | str | Unset):
        completed_from (datetime.date | None | Unset):
        completed_to (datetime.date | None | Unset):
        status (ListCompletionsStatusType0 | None | Unset):
        provider_id (None | str | Unset): Staff only
        unmatched (bool | Unset): Staff only: just the unrevoked completions that name no WCB
            number and match no worker or assessor of any employer by the matching rules, nor a link
            by hand; link one with PUT /v1/employers/{id}/completions/{completion_id}/worker Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCompletionPublic | Problem]
    """

    kwargs = _get_kwargs(
        course_code=course_code,
        employer_wcb_account_number=employer_wcb_account_number,
        learner_email=learner_email,
        completed_from=completed_from,
        completed_to=completed_to,
        status=status,
        provider_id=provider_id,
        unmatched=unmatched,
        limit=limit,
        cursor=cursor,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    course_code: None | str | Unset = UNSET,
    employer_wcb_account_number: None | str | Unset = UNSET,
    learner_email: None | str | Unset = UNSET,
    completed_from: datetime.date | None | Unset = UNSET,
    completed_to: datetime.date | None | Unset = UNSET,
    status: ListCompletionsStatusType0 | None | Unset = UNSET,
    provider_id: None | str | Unset = UNSET,
    unmatched: bool | Unset = False,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
    accept: None | str | Unset = UNSET,
) -> PageCompletionPublic | Problem | None:
    """List completions (a provider sees its own)

     With `Accept: text/csv` the whole filtered list comes as one CSV file (cursor ignored).

    **Who may call:** Training provider keys, staff viewers, QA analysts, staff admins (the scope
    `completions:read`).

    Args:
        course_code (None | str | Unset):
        employer_wcb_account_number (None | str | Unset):
        learner_email (None | str | Unset):
        completed_from (datetime.date | None | Unset):
        completed_to (datetime.date | None | Unset):
        status (ListCompletionsStatusType0 | None | Unset):
        provider_id (None | str | Unset): Staff only
        unmatched (bool | Unset): Staff only: just the unrevoked completions that name no WCB
            number and match no worker or assessor of any employer by the matching rules, nor a link
            by hand; link one with PUT /v1/employers/{id}/completions/{completion_id}/worker Default:
            False.
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page
        accept (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCompletionPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            course_code=course_code,
            employer_wcb_account_number=employer_wcb_account_number,
            learner_email=learner_email,
            completed_from=completed_from,
            completed_to=completed_to,
            status=status,
            provider_id=provider_id,
            unmatched=unmatched,
            limit=limit,
            cursor=cursor,
            accept=accept,
        )
    ).parsed
