"""Public verification: no key, minimal data, signed so that a plain Ed25519 verifier can check a cached answer."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.ext.asyncio import AsyncEngine

from services.eligibility.certificates.numbers import certificate_number
from services.eligibility.certificates.signing import new_signing_key
from services.eligibility.settings import DEV_CERTIFICATE_SIGNING_KEY, EligibilitySettings
from tests.certificates.test_scheduler import issue_many
from tests.helpers import assert_problem, auth, new_key
from tests.stack import Stack, build_stack


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check(answer: dict[str, Any], key: dict[str, Any]) -> None:
    """What a prequalification platform would do, with nothing of ours: raises InvalidSignature if tampered."""
    claims = {k: v for k, v in answer.items() if k != "signature"}
    message = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert answer["signature"]["key_id"] == key["key_id"]
    Ed25519PublicKey.from_public_bytes(unb64(key["public_key"])).verify(
        unb64(answer["signature"]["value"]), message
    )


@pytest.fixture
async def number(api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str) -> str:
    [issued] = await issue_many(api, stack, engine, integrator_key, 1)
    return issued


class TestVerification:
    async def test_anyone_can_check_an_answer(self, api: httpx.AsyncClient, number: str) -> None:
        response = await api.get(f"/v1/certificates/{number}/verification")
        assert response.status_code == 200, response.text
        answer = response.json()
        assert set(answer) == {
            "number",
            "holder_legal_name",
            "program",
            "status",
            "valid_from",
            "valid_until",
            "checked_at",
            "signature",
        }
        assert (answer["number"], answer["program"], answer["status"]) == (number, "SECOR", "active")
        assert answer["holder_legal_name"] == "Prairie Roofing Ltd."
        key = (await api.get("/v1/certificates/verification-key")).json()
        assert key["algorithm"] == "Ed25519"
        check(answer, key)

    @pytest.mark.parametrize(
        "tamper",
        [
            {"status": "active"},
            {"status": "revoked"},
            {"valid_until": "2099-12-31"},
            {"holder_legal_name": "Someone Else Ltd."},
            {"checked_at": "2031-01-01T00:00:00Z"},
        ],
    )
    async def test_a_tampered_answer_fails(
        self, api: httpx.AsyncClient, number: str, tamper: dict[str, str]
    ) -> None:
        answer = (await api.get(f"/v1/certificates/{number}/verification")).json()
        key = (await api.get("/v1/certificates/verification-key")).json()
        changed = answer | tamper
        if changed == answer:
            changed = answer | {"status": "expired"}
        with pytest.raises(InvalidSignature):
            check(changed, key)

    async def test_another_key_does_not_verify(self, api: httpx.AsyncClient, number: str) -> None:
        from services.eligibility.certificates.signing import VerificationSigner

        answer = (await api.get(f"/v1/certificates/{number}/verification")).json()
        other = VerificationSigner(new_signing_key()).public_key()
        with pytest.raises(InvalidSignature):
            check(answer, other | {"key_id": answer["signature"]["key_id"]})

    async def test_unknown_numbers_reveal_nothing(self, api: httpx.AsyncClient, number: str) -> None:
        never_issued = certificate_number(2027, 999_999)
        mistyped = number[:-1] + str((int(number[-1]) + 1) % 10)
        answers = [
            await api.get(f"/v1/certificates/{n}/verification")
            for n in (never_issued, mistyped, "SECOR-2027", "SECOR-2027-000001-0 OR 1=1", "x" * 60)
        ]
        bodies = [assert_problem(r, 404) for r in answers]
        assert {(b["title"], b["detail"], b["type"]) for b in bodies} == {
            ("Not Found", "No certificate has this number.", bodies[0]["type"])
        }

    async def test_revocation_shows_at_once(
        self, api: httpx.AsyncClient, number: str, staff_headers: dict[str, str], engine: AsyncEngine
    ) -> None:
        assert (await api.get(f"/v1/certificates/{number}/verification")).json()["status"] == "active"
        revoked = await api.post(
            f"/v1/certificates/{number}/revocation",
            json={"reason": "falsified records"},
            headers=staff_headers,
        )
        assert revoked.status_code == 200, revoked.text
        assert (revoked.json()["status"], revoked.json()["status_reason"]) == ("revoked", "falsified records")
        answer = (await api.get(f"/v1/certificates/{number}/verification")).json()
        assert answer["status"] == "revoked"
        # Revoked is final.
        again = await api.post(
            f"/v1/certificates/{number}/revocation", json={"reason": "again"}, headers=staff_headers
        )
        assert assert_problem(again, 409)["status_now"] == "revoked"
        qa = auth(await new_key(engine, "staff", role="qa_analyst"))
        assert_problem(
            await api.post(f"/v1/certificates/{number}/revocation", json={"reason": "x"}, headers=qa), 403
        )

    async def test_suspension_and_reinstatement(
        self, api: httpx.AsyncClient, number: str, staff_headers: dict[str, str]
    ) -> None:
        suspended = await api.post(
            f"/v1/certificates/{number}/suspension",
            json={"reason": "WCB account under review"},
            headers=staff_headers,
        )
        assert suspended.json()["status"] == "suspended"
        assert (await api.get(f"/v1/certificates/{number}/verification")).json()["status"] == "suspended"
        reinstated = await api.post(
            f"/v1/certificates/{number}/reinstatement",
            json={"reason": "review closed"},
            headers=staff_headers,
        )
        assert reinstated.json()["status"] == "active"
        assert_problem(
            await api.post(
                f"/v1/certificates/{number}/reinstatement", json={"reason": "x"}, headers=staff_headers
            ),
            409,
        )

    async def test_key_holders_may_verify_too(
        self, api: httpx.AsyncClient, number: str, integrator_key: str
    ) -> None:
        response = await api.get(f"/v1/certificates/{number}/verification", headers=auth(integrator_key))
        assert response.status_code == 200

    async def test_other_certificate_routes_need_a_key(self, api: httpx.AsyncClient, number: str) -> None:
        assert_problem(await api.get(f"/v1/certificates/{number}"), 401)
        assert_problem(await api.get("/v1/certificates"), 401)


class TestAccess:
    async def test_integrators_see_only_their_employers_certificates(
        self,
        api: httpx.AsyncClient,
        number: str,
        engine: AsyncEngine,
        integrator_key: str,
        staff_headers: dict[str, str],
    ) -> None:
        assert (await api.get(f"/v1/certificates/{number}", headers=auth(integrator_key))).status_code == 200
        other = auth(await new_key(engine, "integrator"))
        assert_problem(await api.get(f"/v1/certificates/{number}", headers=other), 404)
        assert_problem(await api.get("/v1/certificates", headers=other), 403)
        listed = (
            await api.get("/v1/certificates", headers=staff_headers, params={"status": "active"})
        ).json()
        assert [c["number"] for c in listed["data"]] == [number]
        soon = (
            await api.get("/v1/certificates", headers=staff_headers, params={"expiring_before": "2030-03-01"})
        ).json()
        assert [c["number"] for c in soon["data"]] == [number]
        later = (
            await api.get("/v1/certificates", headers=staff_headers, params={"expiring_before": "2030-01-01"})
        ).json()
        assert later["data"] == []


class TestRateLimit:
    @pytest.fixture
    async def limited(self, engine: AsyncEngine, database_url: str) -> AsyncIterator[Stack]:
        overrides = {"anonymous_rate_limit_per_minute": 60, "anonymous_rate_limit_burst": 3}
        async with build_stack(engine, database_url, gateway_overrides=overrides) as built:
            yield built

    async def test_per_client_address(self, limited: Stack, number: str) -> None:
        statuses = [
            (await limited.gateway.get(f"/v1/certificates/{number}/verification")).status_code
            for _ in range(5)
        ]
        assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
        refused = await limited.gateway.get(f"/v1/certificates/{number}/verification")
        assert int(refused.headers["retry-after"]) >= 1
        assert_problem(refused, 429)


class TestSigningKey:
    def test_production_refuses_the_development_key(self) -> None:
        strong = "s" * 40
        common: dict[str, Any] = {
            "environment": "production",
            "database_url": "postgresql://x/y",
            "principal_secret": strong,
            "internal_webhook_secret": "whsec_" + base64.b64encode(b"k" * 32).decode(),
            "cursor_secret": strong,
        }
        with pytest.raises(ValueError, match="SECOR_CERTIFICATE_SIGNING_KEY"):
            EligibilitySettings(**common, certificate_signing_key=DEV_CERTIFICATE_SIGNING_KEY)
        assert EligibilitySettings(**common, certificate_signing_key=new_signing_key())

    def test_a_malformed_key_stops_the_service(self) -> None:
        from services.eligibility.app import create_app

        with pytest.raises(ValueError, match="32 bytes"):
            create_app(EligibilitySettings(certificate_signing_key=base64.b64encode(b"short").decode()))


class TestChangesElsewhere:
    async def test_renamed_holder_shows_in_the_answer(
        self, api: httpx.AsyncClient, number: str, integrator_key: str
    ) -> None:
        from tests.webhooks.conftest import eventually

        headers = auth(integrator_key)  # key holders' answers are not kept at the gateway
        answer = (await api.get(f"/v1/certificates/{number}/verification", headers=headers)).json()
        employer_id = (await api.get(f"/v1/certificates/{number}", headers=headers)).json()["employer_id"]
        renamed = await api.patch(
            f"/v1/employers/{employer_id}", json={"legal_name": "Prairie Roofing 2027 Ltd."}, headers=headers
        )
        assert renamed.status_code == 200, renamed.text

        async def new_name() -> bool:
            got = (await api.get(f"/v1/certificates/{number}/verification", headers=headers)).json()
            return bool(got["holder_legal_name"] == "Prairie Roofing 2027 Ltd.")

        assert answer["holder_legal_name"] == "Prairie Roofing Ltd."
        await eventually(new_name)

    async def test_a_certificate_issued_elsewhere_is_found_at_once(
        self, api: httpx.AsyncClient, stack: Stack, engine: AsyncEngine, integrator_key: str
    ) -> None:
        cache = stack.apps["eligibility"].state.verification
        [issued] = await issue_many(api, stack, engine, integrator_key, 1)
        cache._public.pop(issued, None)  # as if its announcement had not arrived yet
        response = await api.get(f"/v1/certificates/{issued}/verification", headers=auth(integrator_key))
        assert response.status_code == 200
