from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import File, Response


def _get_kwargs(
    submission_id: str,
    package_id: str,
    file_path: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/submissions/{submission_id}/packages/{package_id}/files/{file_path}".format(
            submission_id=quote(str(submission_id), safe=""),
            package_id=quote(str(package_id), safe=""),
            file_path=quote(str(file_path), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    submission_id: str,
    package_id: str,
    file_path: str,
    *,
    client: AuthenticatedClient,
) -> Response[File | Problem]:
    """One document of any package or addendum received

     One document streamed out of the stored zip in bounded memory, with its content type; `path` must be
    one that the listing gives (404 otherwise). Served as an attachment, never to be rendered as a page.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        submission_id (str):
        package_id (str): A package's or an addendum's id
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        package_id=package_id,
        file_path=file_path,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    submission_id: str,
    package_id: str,
    file_path: str,
    *,
    client: AuthenticatedClient,
) -> File | Problem | None:
    """One document of any package or addendum received

     One document streamed out of the stored zip in bounded memory, with its content type; `path` must be
    one that the listing gives (404 otherwise). Served as an attachment, never to be rendered as a page.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        submission_id (str):
        package_id (str): A package's or an addendum's id
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        submission_id=submission_id,
        package_id=package_id,
        file_path=file_path,
        client=client,
    ).parsed


async def asyncio_detailed(
    submission_id: str,
    package_id: str,
    file_path: str,
    *,
    client: AuthenticatedClient,
) -> Response[File | Problem]:
    """One document of any package or addendum received

     One document streamed out of the stored zip in bounded memory, with its content type; `path` must be
    one that the listing gives (404 otherwise). Served as an attachment, never to be rendered as a page.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        submission_id (str):
        package_id (str): A package's or an addendum's id
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        package_id=package_id,
        file_path=file_path,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    submission_id: str,
    package_id: str,
    file_path: str,
    *,
    client: AuthenticatedClient,
) -> File | Problem | None:
    """One document of any package or addendum received

     One document streamed out of the stored zip in bounded memory, with its content type; `path` must be
    one that the listing gives (404 otherwise). Served as an attachment, never to be rendered as a page.

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `submissions:read`).

    Args:
        submission_id (str):
        package_id (str): A package's or an addendum's id
        file_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            submission_id=submission_id,
            package_id=package_id,
            file_path=file_path,
            client=client,
        )
    ).parsed
