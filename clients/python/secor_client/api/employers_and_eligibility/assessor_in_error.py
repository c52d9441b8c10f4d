from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    reason: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_reason: None | str | Unset
    if isinstance(reason, Unset):
        json_reason = UNSET
    else:
        json_reason = reason
    params["reason"] = json_reason

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/employers/{employer_id}/assessor".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
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
    reason: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Mark the assessor on file entered in error

     The employer has no assessor on file from then on. It stays in the history and no longer counts from
    now on (an earlier `known_at` still sees it); an outcome it changes is a correction, listed for
    staff.

    **Who may call:** Integrator keys, staff admins (the scope `employers:write`).

    Args:
        employer_id (str):
        reason (None | str | Unset): Why it was a mistake (kept in the history)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        reason=reason,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    reason: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Mark the assessor on file entered in error

     The employer has no assessor on file from then on. It stays in the history and no longer counts from
    now on (an earlier `known_at` still sees it); an outcome it changes is a correction, listed for
    staff.

    **Who may call:** Integrator keys, staff admins (the scope `employers:write`).

    Args:
        employer_id (str):
        reason (None | str | Unset): Why it was a mistake (kept in the history)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        reason=reason,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    reason: None | str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Mark the assessor on file entered in error

     The employer has no assessor on file from then on. It stays in the history and no longer counts from
    now on (an earlier `known_at` still sees it); an outcome it changes is a correction, listed for
    staff.

    **Who may call:** Integrator keys, staff admins (the scope `employers:write`).

    Args:
        employer_id (str):
        reason (None | str | Unset): Why it was a mistake (kept in the history)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        reason=reason,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    reason: None | str | Unset = UNSET,
) -> Any | Problem | None:
    """Mark the assessor on file entered in error

     The employer has no assessor on file from then on. It stays in the history and no longer counts from
    now on (an earlier `known_at` still sees it); an outcome it changes is a correction, listed for
    staff.

    **Who may call:** Integrator keys, staff admins (the scope `employers:write`).

    Args:
        employer_id (str):
        reason (None | str | Unset): Why it was a mistake (kept in the history)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            reason=reason,
        )
    ).parsed
