from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_certificates_json_body import ImportCertificatesJsonBody
from ...models.import_result import ImportResult
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: ImportCertificatesJsonBody | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/certificates/import",
    }

    if isinstance(body, ImportCertificatesJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportResult | Problem | None:
    if response.status_code == 200:
        response_200 = ImportResult.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[ImportResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportCertificatesJsonBody | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportResult | Problem]:
    """Import existing certificates (staff admin)

     ACSA's current holders, brought in with their numbers: JSON `{items: [...]}` (up to 1000) or
    `text/csv` (or `application/octet-stream`) of any size (columns: number, employer_id,
    wcb_account_number, valid_from, valid_until, documentation_months, maintained_years, status,
    audit_period_start, audit_period_end; `maintained_years` like `2;3`). Each is checked like an issued
    certificate (validity from its documentation months, interim years maintained in order and only once
    their year has opened, a status its dates allow, one certificate in force per employer) and answered
    on its own: `created`, `duplicate` (the same certificate again) or `rejected` with a problem.
    Imported certificates verify, remind, need maintenance and are cancelled like issued ones.

    **Who may call:** Staff admins (the scope `certificates:manage`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCertificatesJsonBody):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
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
    body: ImportCertificatesJsonBody | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ImportResult | Problem | None:
    """Import existing certificates (staff admin)

     ACSA's current holders, brought in with their numbers: JSON `{items: [...]}` (up to 1000) or
    `text/csv` (or `application/octet-stream`) of any size (columns: number, employer_id,
    wcb_account_number, valid_from, valid_until, documentation_months, maintained_years, status,
    audit_period_start, audit_period_end; `maintained_years` like `2;3`). Each is checked like an issued
    certificate (validity from its documentation months, interim years maintained in order and only once
    their year has opened, a status its dates allow, one certificate in force per employer) and answered
    on its own: `created`, `duplicate` (the same certificate again) or `rejected` with a problem.
    Imported certificates verify, remind, need maintenance and are cancelled like issued ones.

    **Who may call:** Staff admins (the scope `certificates:manage`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCertificatesJsonBody):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImportCertificatesJsonBody | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportResult | Problem]:
    """Import existing certificates (staff admin)

     ACSA's current holders, brought in with their numbers: JSON `{items: [...]}` (up to 1000) or
    `text/csv` (or `application/octet-stream`) of any size (columns: number, employer_id,
    wcb_account_number, valid_from, valid_until, documentation_months, maintained_years, status,
    audit_period_start, audit_period_end; `maintained_years` like `2;3`). Each is checked like an issued
    certificate (validity from its documentation months, interim years maintained in order and only once
    their year has opened, a status its dates allow, one certificate in force per employer) and answered
    on its own: `created`, `duplicate` (the same certificate again) or `rejected` with a problem.
    Imported certificates verify, remind, need maintenance and are cancelled like issued ones.

    **Who may call:** Staff admins (the scope `certificates:manage`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCertificatesJsonBody):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportResult | Problem]
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
    body: ImportCertificatesJsonBody | File | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ImportResult | Problem | None:
    """Import existing certificates (staff admin)

     ACSA's current holders, brought in with their numbers: JSON `{items: [...]}` (up to 1000) or
    `text/csv` (or `application/octet-stream`) of any size (columns: number, employer_id,
    wcb_account_number, valid_from, valid_until, documentation_months, maintained_years, status,
    audit_period_start, audit_period_end; `maintained_years` like `2;3`). Each is checked like an issued
    certificate (validity from its documentation months, interim years maintained in order and only once
    their year has opened, a status its dates allow, one certificate in force per employer) and answered
    on its own: `created`, `duplicate` (the same certificate again) or `rejected` with a problem.
    Imported certificates verify, remind, need maintenance and are cancelled like issued ones.

    **Who may call:** Staff admins (the scope `certificates:manage`).

    Args:
        idempotency_key (str | Unset):
        body (ImportCertificatesJsonBody):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
