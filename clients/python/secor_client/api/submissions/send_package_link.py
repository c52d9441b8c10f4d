from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.accepted import Accepted
from ...models.package_link import PackageLink
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    submission_id: str,
    *,
    body: PackageLink,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/submissions/{submission_id}/package-link".format(
            submission_id=quote(str(submission_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Accepted | Problem | None:
    if response.status_code == 202:
        response_202 = Accepted.from_dict(response.json())

        return response_202

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Accepted | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    submission_id: str,
    *,
    client: AuthenticatedClient,
    body: PackageLink,
    idempotency_key: str | Unset = UNSET,
) -> Response[Accepted | Problem]:
    """Send the package as a download link

     Dropbox, OneDrive and Google Drive share links are turned into direct downloads; any other https URL
    is fetched as it is. The link must lead to a public address; a link refused at download time returns
    the submission at intake with a `link.*` finding. As for an upload, the day the link arrives is the
    day the evaluation is received, and the program's rules are applied again on it (422).

    **Who may call:** Integrator keys, QA analysts, staff admins (the scope `submissions:write`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (PackageLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Problem]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    submission_id: str,
    *,
    client: AuthenticatedClient,
    body: PackageLink,
    idempotency_key: str | Unset = UNSET,
) -> Accepted | Problem | None:
    """Send the package as a download link

     Dropbox, OneDrive and Google Drive share links are turned into direct downloads; any other https URL
    is fetched as it is. The link must lead to a public address; a link refused at download time returns
    the submission at intake with a `link.*` finding. As for an upload, the day the link arrives is the
    day the evaluation is received, and the program's rules are applied again on it (422).

    **Who may call:** Integrator keys, QA analysts, staff admins (the scope `submissions:write`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (PackageLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Problem
    """

    return sync_detailed(
        submission_id=submission_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    submission_id: str,
    *,
    client: AuthenticatedClient,
    body: PackageLink,
    idempotency_key: str | Unset = UNSET,
) -> Response[Accepted | Problem]:
    """Send the package as a download link

     Dropbox, OneDrive and Google Drive share links are turned into direct downloads; any other https URL
    is fetched as it is. The link must lead to a public address; a link refused at download time returns
    the submission at intake with a `link.*` finding. As for an upload, the day the link arrives is the
    day the evaluation is received, and the program's rules are applied again on it (422).

    **Who may call:** Integrator keys, QA analysts, staff admins (the scope `submissions:write`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (PackageLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Accepted | Problem]
    """

    kwargs = _get_kwargs(
        submission_id=submission_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    submission_id: str,
    *,
    client: AuthenticatedClient,
    body: PackageLink,
    idempotency_key: str | Unset = UNSET,
) -> Accepted | Problem | None:
    """Send the package as a download link

     Dropbox, OneDrive and Google Drive share links are turned into direct downloads; any other https URL
    is fetched as it is. The link must lead to a public address; a link refused at download time returns
    the submission at intake with a `link.*` finding. As for an upload, the day the link arrives is the
    day the evaluation is received, and the program's rules are applied again on it (422).

    **Who may call:** Integrator keys, QA analysts, staff admins (the scope `submissions:write`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (PackageLink):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Accepted | Problem
    """

    return (
        await asyncio_detailed(
            submission_id=submission_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
