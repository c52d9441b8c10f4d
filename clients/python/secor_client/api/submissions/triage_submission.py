from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.submission_public import SubmissionPublic
from ...models.triage_accept import TriageAccept
from ...models.triage_discard import TriageDiscard
from ...types import UNSET, Response, Unset


def _get_kwargs(
    submission_id: str,
    *,
    body: TriageAccept | TriageDiscard,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/submissions/{submission_id}/triage".format(
            submission_id=quote(str(submission_id), safe=""),
        ),
    }

    if isinstance(body, TriageAccept):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubmissionPublic | None:
    if response.status_code == 200:
        response_200 = SubmissionPublic.from_dict(response.json())

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
) -> Response[Problem | SubmissionPublic]:
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
    body: TriageAccept | TriageDiscard,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SubmissionPublic]:
    """Triage a mailed evaluation: confirm it, or discard mail that is not one

     A mailed evaluation (`channel: email`, `awaiting_triage`) takes nothing from its mail on trust:
    staff send the submission's fields as for POST /v1/submissions (the employer proposed in `mail` is
    only a suggestion). Every check of POST /v1/submissions applies, with the same refusals (422),
    judged on the day the mail was received, which is the evaluation's day of receipt; then intake
    checks the mailed package as it would an upload (`validating`). `{"action": "discard", "note": ...}`
    closes mail that is not an evaluation (`discarded`): nothing is announced or mailed. Any other
    status is 409.

    **Who may call:** QA analysts, staff admins (the scope `submissions:review`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (TriageAccept | TriageDiscard):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionPublic]
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
    body: TriageAccept | TriageDiscard,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SubmissionPublic | None:
    """Triage a mailed evaluation: confirm it, or discard mail that is not one

     A mailed evaluation (`channel: email`, `awaiting_triage`) takes nothing from its mail on trust:
    staff send the submission's fields as for POST /v1/submissions (the employer proposed in `mail` is
    only a suggestion). Every check of POST /v1/submissions applies, with the same refusals (422),
    judged on the day the mail was received, which is the evaluation's day of receipt; then intake
    checks the mailed package as it would an upload (`validating`). `{"action": "discard", "note": ...}`
    closes mail that is not an evaluation (`discarded`): nothing is announced or mailed. Any other
    status is 409.

    **Who may call:** QA analysts, staff admins (the scope `submissions:review`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (TriageAccept | TriageDiscard):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionPublic
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
    body: TriageAccept | TriageDiscard,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | SubmissionPublic]:
    """Triage a mailed evaluation: confirm it, or discard mail that is not one

     A mailed evaluation (`channel: email`, `awaiting_triage`) takes nothing from its mail on trust:
    staff send the submission's fields as for POST /v1/submissions (the employer proposed in `mail` is
    only a suggestion). Every check of POST /v1/submissions applies, with the same refusals (422),
    judged on the day the mail was received, which is the evaluation's day of receipt; then intake
    checks the mailed package as it would an upload (`validating`). `{"action": "discard", "note": ...}`
    closes mail that is not an evaluation (`discarded`): nothing is announced or mailed. Any other
    status is 409.

    **Who may call:** QA analysts, staff admins (the scope `submissions:review`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (TriageAccept | TriageDiscard):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubmissionPublic]
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
    body: TriageAccept | TriageDiscard,
    idempotency_key: str | Unset = UNSET,
) -> Problem | SubmissionPublic | None:
    """Triage a mailed evaluation: confirm it, or discard mail that is not one

     A mailed evaluation (`channel: email`, `awaiting_triage`) takes nothing from its mail on trust:
    staff send the submission's fields as for POST /v1/submissions (the employer proposed in `mail` is
    only a suggestion). Every check of POST /v1/submissions applies, with the same refusals (422),
    judged on the day the mail was received, which is the evaluation's day of receipt; then intake
    checks the mailed package as it would an upload (`validating`). `{"action": "discard", "note": ...}`
    closes mail that is not an evaluation (`discarded`): nothing is announced or mailed. Any other
    status is 409.

    **Who may call:** QA analysts, staff admins (the scope `submissions:review`).

    Args:
        submission_id (str):
        idempotency_key (str | Unset):
        body (TriageAccept | TriageDiscard):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubmissionPublic
    """

    return (
        await asyncio_detailed(
            submission_id=submission_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
