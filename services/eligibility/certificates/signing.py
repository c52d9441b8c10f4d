"""Signed verification answers: Ed25519 over the answer's canonical JSON, so a platform can check an answer
it cached (or was shown) against the published key, without asking again."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ALGORITHM = "Ed25519"
HOW_TO_VERIFY = (
    "Remove `signature` from the answer; serialize the rest as JSON with keys sorted, no whitespace, UTF-8 "
    "(Python: json.dumps(answer, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()); verify "
    "`signature.value` (base64url) over those bytes with this Ed25519 public key. `key_id` names the key."
)


def canonical(claims: dict[str, Any]) -> bytes:
    return json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class VerificationSigner:
    def __init__(self, seed_base64: str) -> None:
        try:
            seed = base64.b64decode(seed_base64, validate=True)
        except binascii.Error as exc:
            raise ValueError("the certificate signing key is not base64") from exc
        if len(seed) != 32:
            raise ValueError("the certificate signing key must be 32 bytes (an Ed25519 seed), base64-encoded")
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        public = self._key.public_key()
        self.public_raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        self.key_id = hashlib.sha256(self.public_raw).hexdigest()[:16]

    def sign(self, claims: dict[str, Any]) -> dict[str, Any]:
        """The claims with their signature added under `signature`."""
        value = self._key.sign(canonical(claims))
        return claims | {
            "signature": {"algorithm": ALGORITHM, "key_id": self.key_id, "value": _b64url(value)}
        }

    def public_key(self) -> dict[str, str]:
        return {
            "key_id": self.key_id,
            "algorithm": ALGORITHM,
            "public_key": _b64url(self.public_raw),
            "public_key_pem": self.public_pem,
            "how_to_verify": HOW_TO_VERIFY,
        }


def new_signing_key() -> str:
    """A fresh key for SECOR_CERTIFICATE_SIGNING_KEY."""
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(seed).decode()
