from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_event_public import PageEventPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_after: None | str | Unset
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

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
        "url": "/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageEventPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageEventPublic.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageEventPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    type_: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEventPublic | Problem]:
    """Events as a feed, oldest first

     The events this key may see, oldest first, as a feed to page through: what webhooks deliver, for
    those
    that poll.

    **Who may call:** Training provider keys, integrator keys, staff viewers, QA analysts, staff admins
    (the scope `events:read`).

    Args:
        type_ (None | str | Unset): Only events of this type
        after (None | str | Unset): Only events after this event id
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEventPublic | Problem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        after=after,
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
    type_: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEventPublic | Problem | None:
    """Events as a feed, oldest first

     The events this key may see, oldest first, as a feed to page through: what webhooks deliver, for
    those
    that poll.

    **Who may call:** Training provider keys, integrator keys, staff viewers, QA analysts, staff admins
    (the scope `events:read`).

    Args:
        type_ (None | str | Unset): Only events of this type
        after (None | str | Unset): Only events after this event id
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEventPublic | Problem
    """

    return sync_detailed(
        client=client,
        type_=type_,
        after=after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageEventPublic | Problem]:
    """Events as a feed, oldest first

     The events this key may see, oldest first, as a feed to page through: what webhooks deliver, for
    those
    that poll.

    **Who may call:** Training provider keys, integrator keys, staff viewers, QA analysts, staff admins
    (the scope `events:read`).

    Args:
        type_ (None | str | Unset): Only events of this type
        after (None | str | Unset): Only events after this event id
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageEventPublic | Problem]
    """

    kwargs = _get_kwargs(
        type_=type_,
        after=after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: None | str | Unset = UNSET,
    after: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageEventPublic | Problem | None:
    """Events as a feed, oldest first

     The events this key may see, oldest first, as a feed to page through: what webhooks deliver, for
    those
    that poll.

    **Who may call:** Training provider keys, integrator keys, staff viewers, QA analysts, staff admins
    (the scope `events:read`).

    Args:
        type_ (None | str | Unset): Only events of this type
        after (None | str | Unset): Only events after this event id
        limit (int | Unset): Items per page, 1 to 200 Default: 50.
        cursor (None | str | Unset): next_cursor of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageEventPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            after=after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
