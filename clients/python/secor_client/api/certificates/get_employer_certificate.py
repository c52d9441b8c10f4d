from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.certificate_public import CertificatePublic
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    employer_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/employers/{employer_id}/certificate".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CertificatePublic | Problem | None:
    if response.status_code == 200:
        response_200 = CertificatePublic.from_dict(response.json())

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
) -> Response[CertificatePublic | Problem]:
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
) -> Response[CertificatePublic | Problem]:
    """The employer's certificate in force (404 if none)

     The certificate in force for the employer, with its maintenance years; 404 if it holds none.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `certificates:read`).

    Args:
        employer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CertificatePublic | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
) -> CertificatePublic | Problem | None:
    """The employer's certificate in force (404 if none)

     The certificate in force for the employer, with its maintenance years; 404 if it holds none.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `certificates:read`).

    Args:
        employer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CertificatePublic | Problem
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CertificatePublic | Problem]:
    """The employer's certificate in force (404 if none)

     The certificate in force for the employer, with its maintenance years; 404 if it holds none.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `certificates:read`).

    Args:
        employer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CertificatePublic | Problem]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
) -> CertificatePublic | Problem | None:
    """The employer's certificate in force (404 if none)

     The certificate in force for the employer, with its maintenance years; 404 if it holds none.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `certificates:read`).

    Args:
        employer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CertificatePublic | Problem
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
        )
    ).parsed
