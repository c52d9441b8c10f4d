"""Standard Webhooks signing and verifying, on the reference `standardwebhooks` implementation."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

from standardwebhooks import Webhook

TOLERANCE_SECONDS = 300


class InvalidWebhook(Exception):
    """The delivery's signature, timestamp or headers do not check out."""


def new_secret() -> str:
    """A fresh endpoint secret in the spec's `whsec_<base64>` form (24 random bytes, as the spec suggests)."""
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


@functools.lru_cache(maxsize=4096)
def _keyed_hmac(secret: str) -> hmac.HMAC:
    """HMAC-SHA256 keyed with the secret and fed nothing yet: signing copies it rather than keying anew."""
    return hmac.new(base64.b64decode(secret.removeprefix("whsec_") + "=="), digestmod=hashlib.sha256)


def signature_header(secrets: Sequence[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<sig>` for each secret, space-separated: during a rotation both old and new secrets sign.

    The spec's HMAC-SHA256 over `id.timestamp.body`; the tests hold it to the reference implementation's
    verifier. Copying a keyed HMAC skips decoding the secret and keying OpenSSL's HMAC per delivery, and the
    body is fed as it is, not copied behind the prefix.
    """
    prefix = f"{msg_id}.{timestamp}.".encode()
    signatures = []
    for secret in secrets:
        mac = _keyed_hmac(secret).copy()
        mac.update(prefix)
        mac.update(body)
        signatures.append("v1," + base64.b64encode(mac.digest()).decode())
    return " ".join(signatures)


def signed_headers(
    secrets: Sequence[str], msg_id: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery attempt."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": signature_header(secrets, msg_id, ts, body),
        "content-type": "application/json",
    }


class WebhookVerifier:
    """Checks deliveries signed with any of the given secrets; refuses forged, tampered and stale ones."""

    def __init__(self, secrets: Sequence[str]) -> None:
        self._hooks = [Webhook(s) for s in secrets]

    def verify(self, body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
        """The parsed body if some secret signed it within the tolerance window, else InvalidWebhook."""
        lowered = {k.lower(): v for k, v in headers.items()}
        try:
            body.decode()
        except UnicodeDecodeError as exc:
            raise InvalidWebhook("body is not UTF-8") from exc
        last_error: Exception | None = None
        for hook in self._hooks:
            try:
                parsed = hook.verify(body, lowered)
            except Exception as exc:  # the library raises ValueError/binascii errors on malformed headers
                last_error = exc
                continue
            if not isinstance(parsed, dict):
                raise InvalidWebhook("body is not a JSON object")
            return parsed
        raise InvalidWebhook(str(last_error) if last_error else "no secret configured")
