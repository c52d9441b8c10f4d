from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    employer_id: str,
    integrator_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/employers/{employer_id}/integrators/{integrator_id}".format(
            employer_id=quote(str(employer_id), safe=""),
            integrator_id=quote(str(integrator_id), safe=""),
        ),
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
    integrator_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Withdraw an integrator's access

     Withdraws an integrator's access at once: it sees none of the employer's records after.

    **Who may call:** Staff admins (the scope `employers:manage`).

    Args:
        employer_id (str):
        integrator_id (str): An integrator's id (GET /v1/me)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        integrator_id=integrator_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    integrator_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Withdraw an integrator's access

     Withdraws an integrator's access at once: it sees none of the employer's records after.

    **Who may call:** Staff admins (the scope `employers:manage`).

    Args:
        employer_id (str):
        integrator_id (str): An integrator's id (GET /v1/me)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        integrator_id=integrator_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    integrator_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Withdraw an integrator's access

     Withdraws an integrator's access at once: it sees none of the employer's records after.

    **Who may call:** Staff admins (the scope `employers:manage`).

    Args:
        employer_id (str):
        integrator_id (str): An integrator's id (GET /v1/me)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        integrator_id=integrator_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    integrator_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Withdraw an integrator's access

     Withdraws an integrator's access at once: it sees none of the employer's records after.

    **Who may call:** Staff admins (the scope `employers:manage`).

    Args:
        employer_id (str):
        integrator_id (str): An integrator's id (GET /v1/me)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            integrator_id=integrator_id,
            client=client,
        )
    ).parsed
