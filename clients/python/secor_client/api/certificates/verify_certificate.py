from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.verification_public import VerificationPublic
from ...types import Response


def _get_kwargs(
    number: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/certificates/{number}/verification".format(
            number=quote(str(number), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VerificationPublic | None:
    if response.status_code == 200:
        response_200 = VerificationPublic.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Problem | VerificationPublic]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    number: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | VerificationPublic]:
    """Verify a certificate from its number (public, signed)

     No API key needed; rate-limited per client address. The answer is signed with Ed25519 over its
    canonical JSON without `signature` (keys sorted, no whitespace, UTF-8); check it against GET
    /v1/certificates/verification-key. A number that does not exist is 404, like one that cannot exist.

    **Who may call:** Anyone: no API key is needed.

    Args:
        number (str): e.g. SECOR-2026-000123-4

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationPublic]
    """

    kwargs = _get_kwargs(
        number=number,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    number: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | VerificationPublic | None:
    """Verify a certificate from its number (public, signed)

     No API key needed; rate-limited per client address. The answer is signed with Ed25519 over its
    canonical JSON without `signature` (keys sorted, no whitespace, UTF-8); check it against GET
    /v1/certificates/verification-key. A number that does not exist is 404, like one that cannot exist.

    **Who may call:** Anyone: no API key is needed.

    Args:
        number (str): e.g. SECOR-2026-000123-4

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationPublic
    """

    return sync_detailed(
        number=number,
        client=client,
    ).parsed


async def asyncio_detailed(
    number: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | VerificationPublic]:
    """Verify a certificate from its number (public, signed)

     No API key needed; rate-limited per client address. The answer is signed with Ed25519 over its
    canonical JSON without `signature` (keys sorted, no whitespace, UTF-8); check it against GET
    /v1/certificates/verification-key. A number that does not exist is 404, like one that cannot exist.

    **Who may call:** Anyone: no API key is needed.

    Args:
        number (str): e.g. SECOR-2026-000123-4

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VerificationPublic]
    """

    kwargs = _get_kwargs(
        number=number,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    number: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | VerificationPublic | None:
    """Verify a certificate from its number (public, signed)

     No API key needed; rate-limited per client address. The answer is signed with Ed25519 over its
    canonical JSON without `signature` (keys sorted, no whitespace, UTF-8); check it against GET
    /v1/certificates/verification-key. A number that does not exist is 404, like one that cannot exist.

    **Who may call:** Anyone: no API key is needed.

    Args:
        number (str): e.g. SECOR-2026-000123-4

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VerificationPublic
    """

    return (
        await asyncio_detailed(
            number=number,
            client=client,
        )
    ).parsed
