from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.completion_create import CompletionCreate
from ...models.completion_public import CompletionPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CompletionCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/completions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CompletionPublic | Problem | None:
    if response.status_code == 200:
        response_200 = CompletionPublic.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = CompletionPublic.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[CompletionPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CompletionCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CompletionPublic | Problem]:
    """Record a course completion

     Records one course completion as the calling provider's, for a course it is approved for. The same
    `provider_record_id` again answers 200 with the entry already recorded, not a second one.
    Eligibility
    reflects it within moments (an eligibility answer's `completions_through` says up to which ledger
    entry).

    **Who may call:** Training provider keys (the scope `completions:write`).

    Args:
        idempotency_key (str | Unset):
        body (CompletionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompletionPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CompletionCreate,
    idempotency_key: str | Unset = UNSET,
) -> CompletionPublic | Problem | None:
    """Record a course completion

     Records one course completion as the calling provider's, for a course it is approved for. The same
    `provider_record_id` again answers 200 with the entry already recorded, not a second one.
    Eligibility
    reflects it within moments (an eligibility answer's `completions_through` says up to which ledger
    entry).

    **Who may call:** Training provider keys (the scope `completions:write`).

    Args:
        idempotency_key (str | Unset):
        body (CompletionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompletionPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CompletionCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[CompletionPublic | Problem]:
    """Record a course completion

     Records one course completion as the calling provider's, for a course it is approved for. The same
    `provider_record_id` again answers 200 with the entry already recorded, not a second one.
    Eligibility
    reflects it within moments (an eligibility answer's `completions_through` says up to which ledger
    entry).

    **Who may call:** Training provider keys (the scope `completions:write`).

    Args:
        idempotency_key (str | Unset):
        body (CompletionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompletionPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CompletionCreate,
    idempotency_key: str | Unset = UNSET,
) -> CompletionPublic | Problem | None:
    """Record a course completion

     Records one course completion as the calling provider's, for a course it is approved for. The same
    `provider_record_id` again answers 200 with the entry already recorded, not a second one.
    Eligibility
    reflects it within moments (an eligibility answer's `completions_through` says up to which ledger
    entry).

    **Who may call:** Training provider keys (the scope `completions:write`).

    Args:
        idempotency_key (str | Unset):
        body (CompletionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompletionPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
