from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.readiness_public import ReadinessPublic
from ...models.readiness_request import ReadinessRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    employer_id: str,
    *,
    body: ReadinessRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/employers/{employer_id}/evaluation-readiness".format(
            employer_id=quote(str(employer_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReadinessPublic | None:
    if response.status_code == 200:
        response_200 = ReadinessPublic.from_dict(response.json())

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
) -> Response[Problem | ReadinessPublic]:
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
    body: ReadinessRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReadinessPublic]:
    """Check an evaluation against the program's rules before (or when) it is received

     Every rule a SECOR evaluation must meet on the day it is received, as POST /v1/submissions applies
    them: the employer eligible (every check passes; more than 10 people means a COR), the named
    assessor qualified, the audit period ended and long enough, and for a maintenance the certificate in
    force and the interim year whose turn it is. Nothing is recorded; `refusals` lists what would be
    refused, the weightiest first, each with the problem type POST /v1/submissions would answer. Only
    one thing is left to POST /v1/submissions, which holds the submissions: another evaluation already
    in progress for the same maintenance year (`maintenance-year-taken`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        idempotency_key (str | Unset):
        body (ReadinessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReadinessPublic]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: ReadinessRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReadinessPublic | None:
    """Check an evaluation against the program's rules before (or when) it is received

     Every rule a SECOR evaluation must meet on the day it is received, as POST /v1/submissions applies
    them: the employer eligible (every check passes; more than 10 people means a COR), the named
    assessor qualified, the audit period ended and long enough, and for a maintenance the certificate in
    force and the interim year whose turn it is. Nothing is recorded; `refusals` lists what would be
    refused, the weightiest first, each with the problem type POST /v1/submissions would answer. Only
    one thing is left to POST /v1/submissions, which holds the submissions: another evaluation already
    in progress for the same maintenance year (`maintenance-year-taken`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        idempotency_key (str | Unset):
        body (ReadinessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReadinessPublic
    """

    return sync_detailed(
        employer_id=employer_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: ReadinessRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReadinessPublic]:
    """Check an evaluation against the program's rules before (or when) it is received

     Every rule a SECOR evaluation must meet on the day it is received, as POST /v1/submissions applies
    them: the employer eligible (every check passes; more than 10 people means a COR), the named
    assessor qualified, the audit period ended and long enough, and for a maintenance the certificate in
    force and the interim year whose turn it is. Nothing is recorded; `refusals` lists what would be
    refused, the weightiest first, each with the problem type POST /v1/submissions would answer. Only
    one thing is left to POST /v1/submissions, which holds the submissions: another evaluation already
    in progress for the same maintenance year (`maintenance-year-taken`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        idempotency_key (str | Unset):
        body (ReadinessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReadinessPublic]
    """

    kwargs = _get_kwargs(
        employer_id=employer_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    employer_id: str,
    *,
    client: AuthenticatedClient,
    body: ReadinessRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReadinessPublic | None:
    """Check an evaluation against the program's rules before (or when) it is received

     Every rule a SECOR evaluation must meet on the day it is received, as POST /v1/submissions applies
    them: the employer eligible (every check passes; more than 10 people means a COR), the named
    assessor qualified, the audit period ended and long enough, and for a maintenance the certificate in
    force and the interim year whose turn it is. Nothing is recorded; `refusals` lists what would be
    refused, the weightiest first, each with the problem type POST /v1/submissions would answer. Only
    one thing is left to POST /v1/submissions, which holds the submissions: another evaluation already
    in progress for the same maintenance year (`maintenance-year-taken`).

    **Who may call:** Integrator keys, staff viewers, QA analysts, staff admins (the scope
    `employers:read`).

    Args:
        employer_id (str):
        idempotency_key (str | Unset):
        body (ReadinessRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReadinessPublic
    """

    return (
        await asyncio_detailed(
            employer_id=employer_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
