"""The signed principal: only the gateway can assert who is calling; services refuse everything else."""

from __future__ import annotations

import time

import httpx
import pytest

from shared.principal import (
    PRINCIPAL_HEADER,
    InvalidPrincipal,
    Principal,
    _b64,
    _mac,
    integrator_view,
    scopes_for,
    sign_principal,
    verify_principal,
)
from shared.problems import ProblemError
from shared.settings import DEV_PRINCIPAL_SECRET
from tests.helpers import assert_problem, integrator, principal_headers, staff
from tests.stack import Stack

SECRET = "s" * 32


class TestSigning:
    def test_round_trip(self) -> None:
        principal = Principal.build("integrator", "key_1", "HSMS", integrator_id="int_1")
        token = sign_principal(principal, "rid-1", SECRET)
        assert verify_principal(token, "rid-1", SECRET) == principal

    def test_scopes_follow_kind_and_role(self) -> None:
        assert "submissions:review" in scopes_for("staff", "qa_analyst")
        assert "submissions:review" not in scopes_for("staff", "viewer")
        assert "completions:write" in scopes_for("provider")
        assert "employers:write" not in scopes_for("provider")
        assert scopes_for("staff", "admin") >= scopes_for("staff", "viewer")

    @pytest.mark.parametrize(
        "mangle",
        [
            lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature altered
            lambda t: "eyJraW5kIjoic3RhZmYifQ" + t[t.index(".") :],  # payload swapped
            lambda t: t.replace(".", ""),
            lambda t: "",
            lambda t: "." + t,
        ],
    )
    def test_tampering_is_refused(self, mangle) -> None:
        token = sign_principal(Principal.build("provider", "k", "p", provider_id="prv_1"), "rid", SECRET)
        with pytest.raises(InvalidPrincipal):
            verify_principal(mangle(token), "rid", SECRET)

    def test_other_secret_is_refused(self) -> None:
        token = sign_principal(staff(), "rid", SECRET)
        with pytest.raises(InvalidPrincipal):
            verify_principal(token, "rid", "t" * 32)

    def test_bound_to_its_request(self) -> None:
        token = sign_principal(staff(), "rid-a", SECRET)
        with pytest.raises(InvalidPrincipal, match="another request"):
            verify_principal(token, "rid-b", SECRET)

    @pytest.mark.parametrize("expiry", ['"soon"', "1e30", "null", "[1]", "true", "99999999999.5"])
    def test_a_signed_but_malformed_expiry_is_refused(self, expiry: str) -> None:
        full = f'{{"kind":"staff","id":"k","name":"n","scopes":[],"rid":"rid","exp":{expiry}}}'
        payload = _b64(full.encode())
        with pytest.raises(InvalidPrincipal, match="malformed"):
            verify_principal(f"{payload}.{_mac(SECRET, payload)}", "rid", SECRET)

    @pytest.mark.parametrize(
        "claims",
        [
            '"kind":"integrator","id":"k","name":"n"',
            '"kind":"integrator","id":"k","name":"n","integrator_id":""',
            '"kind":"integrator","id":"k","name":"n","integrator_id":7',
            '"kind":"provider","id":"k","name":"n"',
        ],
    )
    def test_a_signed_principal_not_bound_to_its_integrator_or_provider_is_refused(self, claims: str) -> None:
        payload = _b64(
            f'{{{claims},"scopes":["employers:read"],"rid":"rid","exp":{int(time.time()) + 60}}}'.encode()
        )
        with pytest.raises(InvalidPrincipal, match="not bound"):
            verify_principal(f"{payload}.{_mac(SECRET, payload)}", "rid", SECRET)

    @pytest.mark.parametrize("kind", ["integrator", "provider"])
    def test_an_unbound_principal_cannot_be_built(self, kind: str) -> None:
        with pytest.raises(ValueError, match="needs its"):
            Principal.build(kind, "k", "n")  # type: ignore[arg-type]

    def test_expires(self) -> None:
        token = sign_principal(staff(), "rid", SECRET, ttl_seconds=-1)
        with pytest.raises(InvalidPrincipal, match="expired"):
            verify_principal(token, "rid", SECRET)


class TestServicesTrustOnlyTheGateway:
    @pytest.mark.parametrize("service", ["eligibility", "training", "submission"])
    async def test_direct_call_without_principal_is_401(self, stack: Stack, service: str) -> None:
        client: httpx.AsyncClient = getattr(stack, service)
        body = assert_problem(await client.get("/v1/me"), 401)
        assert "gateway" in body["detail"]

    async def test_direct_call_with_api_key_is_401(self, stack: Stack, admin_key: str) -> None:
        response = await stack.training.get("/v1/courses", headers={"Authorization": f"Bearer {admin_key}"})
        assert_problem(response, 401)

    async def test_forged_principal_is_401(self, stack: Stack) -> None:
        forged = sign_principal(staff(), "rid", "not-the-secret-at-all-000000")
        response = await stack.training.get(
            "/v1/courses", headers={"x-request-id": "rid", PRINCIPAL_HEADER: forged}
        )
        assert_problem(response, 401)

    async def test_replayed_principal_on_other_request_is_401(self, stack: Stack) -> None:
        headers = principal_headers(staff(), request_id="first")
        headers["x-request-id"] = "second"
        assert_problem(await stack.training.get("/v1/courses", headers=headers), 401)

    @pytest.mark.parametrize(
        ("service", "path"), [("eligibility", "/v1/employers"), ("submission", "/v1/submissions")]
    )
    async def test_an_integrator_principal_without_its_id_lists_nothing(
        self, stack: Stack, service: str, path: str
    ) -> None:
        # Signed with the real secret, as a gateway bug might: the list must not fall open to every employer.
        payload = _b64(
            f'{{"kind":"integrator","id":"k","name":"n","scopes":{sorted(scopes_for("integrator"))},'
            f'"rid":"rid","exp":{int(time.time()) + 60}}}'.replace("'", '"').encode()
        )
        token = f"{payload}.{_mac(DEV_PRINCIPAL_SECRET, payload)}"
        client: httpx.AsyncClient = getattr(stack, service)
        assert_problem(await client.get(path, headers={"x-request-id": "rid", PRINCIPAL_HEADER: token}), 401)

    async def test_expired_principal_is_401(self, stack: Stack) -> None:
        token = sign_principal(staff(), "rid", DEV_PRINCIPAL_SECRET, ttl_seconds=-int(time.time() % 7 + 1))
        response = await stack.training.get(
            "/v1/courses", headers={"x-request-id": "rid", PRINCIPAL_HEADER: token}
        )
        assert_problem(response, 401)


class TestViewsFailClosed:
    def test_staff_see_everything_and_an_integrator_its_own(self) -> None:
        assert integrator_view(staff("viewer")) is None
        assert (
            integrator_view(integrator("int_01TESTINTEGRATOR0000000000A"))
            == "int_01TESTINTEGRATOR0000000000A"
        )

    @pytest.mark.parametrize(
        "principal",
        [
            Principal.build("provider", "k", "p", provider_id="prv_1"),
            Principal.build("anonymous", "anonymous", "anonymous"),
            Principal.model_construct(kind="integrator", id="k", name="n", scopes=["employers:read"]),
        ],
    )
    def test_anyone_else_is_refused_rather_than_shown_everything(self, principal: Principal) -> None:
        with pytest.raises(ProblemError) as refused:
            integrator_view(principal)
        assert refused.value.status == 403
