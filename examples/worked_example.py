"""The worked example through the Python client (`clients/python`), with the integrator's webhooks received
and verified on the way: from an employer's registration to a publicly verifiable certificate.

Run it from the project's folder with `make run` going, after `make client` and
`pip install dist/secor_client-1.0.0-py3-none-any.whl standardwebhooks`; `make run` must let deliveries reach
this machine's receiver: start it with `SECOR_OUTBOUND_ALLOWED_NETWORKS='["127.0.0.1/32"]' make run`.

    python examples/worked_example.py

Settings (environment): GW (default http://localhost:8000), ADMIN (an admin key; default .data/admin-key),
SECOR (the `secor` command; default .venv/bin/secor), SECOR_PROGRAM_TIMEZONE (default America/Edmonton).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from secor_client import AuthenticatedClient, Client
from secor_client.api.api_keys import create_api_key
from secor_client.api.certificates import get_employer_certificate, verify_certificate
from secor_client.api.employers_and_eligibility import (
    add_worker,
    get_eligibility,
    register_employer,
    set_acsa_membership,
    set_assessor,
    set_wcb_account,
)
from secor_client.api.submissions import (
    create_submission,
    get_current_instrument,
    get_submission,
    review_submission,
    upload_package,
)
from secor_client.api.training_ledger import create_completion, create_provider
from secor_client.api.webhooks_and_events import create_webhook_endpoint
from secor_client.models import (
    ApiKeyCreate,
    CompletionCreate,
    EmployerCreate,
    EndpointCreate,
    MembershipUpdate,
    Problem,
    ProviderCreate,
    Review,
    SubmissionCreate,
    WcbAccountUpdate,
    WorkerCreate,
)
from secor_client.models import AssessorUpdate as Assessor
from secor_client.types import File
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

GW = os.environ.get("GW", "http://localhost:8000")
ADMIN = os.environ.get("ADMIN") or Path(".data/admin-key").read_text().strip()
SECOR = os.environ.get("SECOR", ".venv/bin/secor").split()
ZONE = ZoneInfo(os.environ.get("SECOR_PROGRAM_TIMEZONE", "America/Edmonton"))
T = TypeVar("T")


def day(offset: int) -> dt.date:
    """A day relative to today, as the program's calendar has it."""
    return dt.datetime.now(ZONE).date() + dt.timedelta(days=offset)


def ok(answer: T | Problem | None) -> T:
    """The answer, or stop saying what the problem was."""
    if answer is None or isinstance(answer, Problem):
        detail = answer.to_dict() if isinstance(answer, Problem) else "no answer it documents"
        sys.exit(f"worked example stopped: {detail}")
    return answer


def wait_for(what: str, check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            sys.exit(f"worked example stopped: {what} did not happen within {seconds:.0f} s")
        time.sleep(0.2)


class Receiver(BaseHTTPRequestHandler):
    """The integrator's webhook endpoint: every delivery checked with the Standard Webhooks library."""

    webhook: Webhook
    received: queue.Queue[dict[str, Any]] = queue.Queue()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        try:
            event = self.webhook.verify(body, dict(self.headers.items()))
        except WebhookVerificationError:
            self.send_response(401)  # forged or stale: refuse it (the platform retries real ones)
        else:
            self.received.put(event)
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    run = int(time.time())
    wcb = f"9{run % 100_000_000:08d}"
    admin = AuthenticatedClient(base_url=GW, token=ADMIN)
    print(f"Today is {day(0)} in {ZONE}; WCB account {wcb}.")

    # Keys for each kind of user: an integrator (HSMS software), a QA analyst, a training provider.
    def key(**fields: Any) -> AuthenticatedClient:
        created = ok(create_api_key.sync(client=admin, body=ApiKeyCreate.from_dict(fields)))
        return AuthenticatedClient(base_url=GW, token=created.key)

    integrator = key(name="Acme HSMS", kind="integrator")
    qa = key(name="Quinn", kind="staff", role="qa_analyst")
    courses = ["SECOR", "CSTS", "SFA"]
    acsa = ProviderCreate(name=f"ACSA {run}", is_acsa=True, approved_course_codes=courses)
    provider_id = ok(create_provider.sync(client=admin, body=acsa)).id
    provider = key(name="ACSA registrar", kind="provider", provider_id=provider_id)

    # The integrator listens for events: a receiver on this machine, registered as its webhook endpoint.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/secor"
    endpoint = ok(create_webhook_endpoint.sync(client=integrator, body=EndpointCreate(url=url)))
    Receiver.webhook = Webhook(endpoint.secret)

    # The integrator registers its customer and the roster; staff record the WCB account and the membership.
    employer = ok(
        register_employer.sync(
            client=integrator,
            body=EmployerCreate(
                wcb_account_number=wcb,
                legal_name="Prairie Roofing Ltd.",
                contact_email="owner@prairieroofing.example",
            ),
        )
    )
    ana = {"given_name": "Ana", "family_name": "Silva", "email": "ana@prairieroofing.example"}
    worker = WorkerCreate.from_dict(
        ana | {"role": "owner", "employment_type": "full_time", "start_date": str(day(-400))}
    )
    ok(add_worker.sync(employer.id, client=integrator, body=worker))
    ok(
        set_wcb_account.sync(
            employer.id,
            client=admin,
            body=WcbAccountUpdate.from_dict({"status": "active", "as_of": str(day(-400))}),
        )
    )
    membership = {"member_number": f"M-{run}", "valid_from": str(day(-30)), "valid_until": str(day(335))}
    ok(set_acsa_membership.sync(employer.id, client=admin, body=MembershipUpdate.from_dict(membership)))
    assessor = Assessor.from_dict(ana | {"internal": True})
    ok(set_assessor.sync(employer.id, client=integrator, body=assessor))
    print(f"Employer {employer.id} registered with its roster, WCB account, ACSA membership and assessor.")

    # The provider posts Ana's courses; eligibility reflects them within moments (`completions_through`).
    for course in courses:
        completion = {"provider_record_id": f"{run}-{course}", "course_code": course}
        completion |= {"completed_on": str(day(-60)), "learner": ana}
        ok(create_completion.sync(client=provider, body=CompletionCreate.from_dict(completion)))

    def eligible() -> bool:
        return ok(get_eligibility.sync(employer.id, client=integrator)).outcome == "eligible"

    wait_for("the employer becoming eligible", eligible)
    print(
        "Eligible:",
        ", ".join(
            f"{c.code} {c.status}" for c in ok(get_eligibility.sync(employer.id, client=integrator)).checks
        ),
    )

    # A SECOR evaluation: a score for every element of the current instrument, over the last twelve months.
    instrument = ok(get_current_instrument.sync(client=integrator))
    scores = [
        {"element": e.code, "earned": e.points * 0.9, "possible": e.points} for e in instrument.elements
    ]
    evaluation = {
        "employer_id": employer.id,
        "kind": "certification",
        "audit_period_start": str(day(-365)),
        "audit_period_end": str(day(-1)),
        "contact_email": "owner@prairieroofing.example",
        "element_scores": scores,
        "assessor": ana | {"internal": True},
    }
    submission = ok(create_submission.sync(client=integrator, body=SubmissionCreate.from_dict(evaluation)))

    # The documents, zipped as the instrument lays them out (`secor example-package` builds one).
    with tempfile.TemporaryDirectory() as work:
        package = Path(work) / "package.zip"
        subprocess.run(
            [*SECOR, "example-package", str(package), "--audit-period-end", str(day(-1))], check=True
        )
        ok(upload_package.sync(submission.id, client=integrator, body=File(payload=package.read_bytes())))

    def checked() -> bool:
        return ok(get_submission.sync(submission.id, client=integrator)).status != "validating"

    wait_for("intake of the package", checked)
    status = ok(get_submission.sync(submission.id, client=integrator)).status
    if status != "in_qa":
        sys.exit(f"worked example stopped: intake did not pass the package ({status})")
    print(f"Submission {submission.id} received on {day(0)} and in QA.")

    # QA approves; the approval issues the certificate, which anyone can verify with no key.
    review = Review.from_dict({"action": "approve", "note": "Well documented.", "qa_score": 86})
    ok(review_submission.sync(submission.id, client=qa, body=review))

    def issued() -> bool:
        return not isinstance(get_employer_certificate.sync(employer.id, client=integrator), Problem | None)

    wait_for("the certificate being issued", issued)
    number = ok(get_employer_certificate.sync(employer.id, client=integrator)).number
    verified = ok(verify_certificate.sync(number, client=Client(base_url=GW)))
    print(f"Certificate {verified.number} is {verified.status}, valid until {verified.valid_until}.")

    # The integrator heard it all as signed events, each verified above before it was taken.
    types: list[str] = []

    def delivered() -> bool:
        while not Receiver.received.empty():
            types.append(Receiver.received.get()["type"])
        return "certificate.issued" in types

    wait_for("the certificate.issued webhook", delivered)
    print("Webhooks received and verified:", json.dumps(sorted(set(types))))
    server.shutdown()


if __name__ == "__main__":
    main()
