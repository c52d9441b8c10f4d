"""The signed principal: who is calling, asserted by the gateway and verified by every service.

The gateway authenticates an API key, then forwards `X-Secor-Principal: <payload>.<mac>` where the payload is
base64url JSON of the principal, the request id it is bound to and an expiry, and the mac an HMAC-SHA256 with
the internal secret. A service trusts nothing else, so calling it directly grants nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from pydantic import BaseModel, Field, model_validator

from shared.problems import ProblemError

PRINCIPAL_HEADER = "x-secor-principal"

PrincipalKind = Literal["provider", "integrator", "staff", "service", "anonymous"]
StaffRole = Literal["admin", "qa_analyst", "viewer"]

# Scopes are derived from kind and role, never granted one by one, so a key cannot drift from its kind.
_READ_ALL = frozenset(
    {
        "courses:read",
        "instruments:read",
        "providers:read",
        "employers:read",
        "completions:read",
        "ledger:read",
        "submissions:read",
        "certificates:read",
        "stats:read",
        "events:read",
        "api_keys:read",
        "webhooks:read",
    }
)
SCOPES: dict[str, frozenset[str]] = {
    "provider": frozenset(
        {
            "courses:read",
            "instruments:read",
            "completions:read",
            "completions:write",
            "webhooks:read",
            "webhooks:manage",
            "events:read",
        }
    ),
    "integrator": frozenset(
        {
            "courses:read",
            "instruments:read",
            "employers:read",
            "employers:write",
            "completions:read",
            "submissions:read",
            "submissions:write",
            "certificates:read",
            "webhooks:read",
            "webhooks:manage",
            "events:read",
        }
    ),
    "staff:viewer": _READ_ALL,
    "staff:qa_analyst": _READ_ALL | {"submissions:write", "submissions:review"},
    "staff:admin": _READ_ALL
    | {
        "api_keys:manage",
        "courses:write",
        "providers:write",
        "completions:write",
        "employers:write",
        "employers:manage",
        "submissions:write",
        "submissions:review",
        "certificates:manage",
        "webhooks:manage",
    },
    # The gateway and its worker acting on their own behalf (composing stats, checking a provider exists).
    "service": _READ_ALL,
    "anonymous": frozenset({"certificates:verify"}),
}


def holders_of(scope: str, kinds: tuple[str, ...] | None = None) -> list[str]:
    """The kinds of API key (`staff:<role>` for staff) that hold `scope`, among `kinds` when given."""
    return [
        key
        for key, scopes in SCOPES.items()
        if key not in ("service", "anonymous")
        and scope in scopes
        and (kinds is None or key.partition(":")[0] in kinds)
    ]


def scopes_for(kind: str, role: str | None = None) -> frozenset[str]:
    """The scopes a principal of this kind and role holds."""
    key = f"staff:{role}" if kind == "staff" else kind
    return SCOPES.get(key, frozenset())


class Principal(BaseModel):
    """Who is calling: one API key (or the gateway itself), with what it may do."""

    kind: PrincipalKind
    id: str = Field(description="The API key id, or the component name for service principals")
    name: str
    role: StaffRole | None = None
    provider_id: str | None = None
    integrator_id: str | None = None
    scopes: list[str] = Field(default_factory=list)
    via: str | None = Field(
        default=None,
        description="The component asking on the caller's behalf; only a component holding the secret signs it",
    )

    @model_validator(mode="after")
    def _bound(self) -> Principal:
        if binding_missing(self.kind, self.provider_id, self.integrator_id):
            raise ValueError(f"a {self.kind} principal needs its {self.kind}_id")
        return self

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff" or self.kind == "service"

    def has(self, scope: str) -> bool:
        return scope in self.scopes

    @classmethod
    def build(
        cls,
        kind: PrincipalKind,
        id: str,
        name: str,
        *,
        role: StaffRole | None = None,
        provider_id: str | None = None,
        integrator_id: str | None = None,
    ) -> Principal:
        return cls(
            kind=kind,
            id=id,
            name=name,
            role=role,
            provider_id=provider_id,
            integrator_id=integrator_id,
            scopes=sorted(scopes_for(kind, role)),
        )


class InvalidPrincipal(Exception):
    pass


def binding_missing(kind: object, provider_id: object, integrator_id: object) -> bool:
    """A provider or integrator not bound to its provider or integrator: what it may see cannot be told."""
    if kind == "provider":
        return not isinstance(provider_id, str) or not provider_id
    if kind == "integrator":
        return not isinstance(integrator_id, str) or not integrator_id
    return False


def integrator_view(principal: Principal) -> str | None:
    """The integrator whose employers bound what this principal sees; None for staff (and the gateway itself).

    Fails closed: any other principal is refused rather than given an unbounded view.
    """
    if principal.kind in ("staff", "service"):
        return None
    if principal.kind == "integrator" and principal.integrator_id:
        return principal.integrator_id
    raise ProblemError(403, f"This API key ({principal.kind}) may not list these.", title="Forbidden")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def sign_principal(principal: Principal, request_id: str, secret: str, ttl_seconds: int = 60) -> str:
    """The header value asserting `principal` for this one request id, valid for `ttl_seconds`."""
    return _sign(_claims_json(principal), request_id, secret, ttl_seconds)


def _claims_json(principal: Principal) -> str:
    return json.dumps(principal.model_dump(exclude_none=True), separators=(",", ":"))


def _sign(claims_json: str, request_id: str, secret: str, ttl_seconds: int) -> str:
    # Request ids are checked to be [A-Za-z0-9._:-] before they get here, so they need no JSON escaping.
    full = f'{claims_json[:-1]},"rid":{json.dumps(request_id)},"exp":{int(time.time()) + ttl_seconds}}}'
    payload = _b64(full.encode())
    return f"{payload}.{_mac(secret, payload)}"


class PrincipalSigner:
    """Signs principals for the gateway, serializing each key's claims once rather than per request."""

    def __init__(self, secret: str, ttl_seconds: int = 60, max_cached: int = 10_000) -> None:
        self._secret = secret
        self._ttl = ttl_seconds
        self._max = max_cached
        self._claims: dict[str, tuple[Principal, str]] = {}

    def sign(self, principal: Principal, request_id: str) -> str:
        cached = self._claims.get(principal.id)
        if cached is None or cached[0] is not principal:
            if len(self._claims) >= self._max:
                self._claims.clear()
            cached = self._claims[principal.id] = (principal, _claims_json(principal))
        return _sign(cached[1], request_id, self._secret, self._ttl)


def verify_principal(token: str, request_id: str | None, secret: str) -> Principal:
    """The principal in a header value, or InvalidPrincipal if it is forged, expired or for another request."""
    payload, _, mac = token.partition(".")
    if not payload or not mac or not hmac.compare_digest(_mac(secret, payload), mac):
        raise InvalidPrincipal("signature does not match")
    try:
        claims = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidPrincipal("payload is not JSON") from exc
    if not isinstance(claims, dict):
        raise InvalidPrincipal("payload is not an object")
    expires = claims.pop("exp", None)
    if not isinstance(expires, int) or isinstance(expires, bool):
        raise InvalidPrincipal("claims are malformed")
    if expires < time.time():
        raise InvalidPrincipal("expired")
    if claims.pop("rid", None) != request_id:
        raise InvalidPrincipal("bound to another request")
    if not isinstance(claims.get("kind"), str) or not isinstance(claims.get("scopes"), list):
        raise InvalidPrincipal("claims are malformed")
    if binding_missing(claims["kind"], claims.get("provider_id"), claims.get("integrator_id")):
        raise InvalidPrincipal("claims are malformed: not bound to its provider or integrator")
    # The MAC proves the gateway wrote these claims from a validated Principal: no need to validate again.
    return Principal.model_construct(**claims)


async def current_principal(request: Request) -> Principal:
    """The principal verified by the service's principal middleware for this request.

    Async on purpose: FastAPI runs sync dependencies in a thread pool, a thread hop on every request.
    """
    principal = getattr(request.state, "principal", None)
    if principal is None:
        raise ProblemError(
            401,
            "This service accepts requests only through the gateway with an API key.",
            title="Unauthorized",
        )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(
    scope: str, *, kinds: tuple[str, ...] | None = None
) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency granting the request only if the principal holds `scope` (and is of one of `kinds`)."""

    # Reads the request itself rather than depending on current_principal: one dependency to solve, not two.
    async def dependency(request: Request) -> Principal:
        principal = await current_principal(request)
        if not principal.has(scope) or (kinds is not None and principal.kind not in kinds):
            raise ProblemError(
                403,
                f"This API key ({principal.kind}"
                + (f", {principal.role}" if principal.role else "")
                + f") may not do this: it needs the scope '{scope}'.",
                title="Forbidden",
                required_scope=scope,
            )
        return principal

    dependency.__name__ = f"require_{scope.replace(':', '_')}"
    # Read back by the OpenAPI document, so it states who may call exactly as this check decides.
    dependency.secor_access = (scope, kinds)  # type: ignore[attr-defined]
    return dependency
