"""Standard Webhooks signing: the official verifier accepts ours; forged, tampered and stale ones fail."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from standardwebhooks import Webhook

from shared.webhooks import InvalidWebhook, WebhookVerifier, new_secret, signed_headers
from tests.events import encode_body


@pytest.fixture
def body() -> bytes:
    return encode_body(
        "employer.registered", dt.datetime(2026, 11, 26, tzinfo=dt.UTC), {"employer_id": "emp_1"}
    )


class TestSigning:
    def test_official_verifier_accepts(self, body: bytes) -> None:
        secret = new_secret()
        headers = signed_headers([secret], "evt_1", body)
        payload = Webhook(secret).verify(body, headers)
        assert payload == {
            "type": "employer.registered",
            "timestamp": "2026-11-26T00:00:00Z",
            "data": {"employer_id": "emp_1"},
        }

    def test_secret_has_spec_form(self) -> None:
        secret = new_secret()
        assert secret.startswith("whsec_") and len(secret) > 30

    def test_rotation_signs_with_both(self, body: bytes) -> None:
        old, new = new_secret(), new_secret()
        headers = signed_headers([new, old], "evt_1", body)
        assert len(headers["webhook-signature"].split(" ")) == 2
        Webhook(old).verify(body, headers)
        Webhook(new).verify(body, headers)


class TestVerifying:
    def test_accepts_own_signature(self, body: bytes) -> None:
        secret = new_secret()
        assert (
            WebhookVerifier([secret]).verify(body, signed_headers([secret], "evt_1", body))["type"]
            == "employer.registered"
        )

    def test_forged_signature(self, body: bytes) -> None:
        headers = signed_headers([new_secret()], "evt_1", body)
        with pytest.raises(InvalidWebhook):
            WebhookVerifier([new_secret()]).verify(body, headers)

    def test_tampered_body(self, body: bytes) -> None:
        secret = new_secret()
        headers = signed_headers([secret], "evt_1", body)
        with pytest.raises(InvalidWebhook):
            WebhookVerifier([secret]).verify(body.replace(b"emp_1", b"emp_2"), headers)

    def test_changed_id_is_tampering(self, body: bytes) -> None:
        secret = new_secret()
        headers = signed_headers([secret], "evt_1", body) | {"webhook-id": "evt_2"}
        with pytest.raises(InvalidWebhook):
            WebhookVerifier([secret]).verify(body, headers)

    def test_replayed_old_timestamp(self, body: bytes) -> None:
        secret = new_secret()
        headers = signed_headers([secret], "evt_1", body, timestamp=int(time.time()) - 3600)
        with pytest.raises(InvalidWebhook, match="too old"):
            WebhookVerifier([secret]).verify(body, headers)

    @pytest.mark.parametrize(
        "headers",
        [
            {},
            {"webhook-id": "x", "webhook-timestamp": "nan-ish", "webhook-signature": "v1,AAA"},
            {"webhook-id": "x", "webhook-timestamp": str(int(time.time())), "webhook-signature": "garbage"},
            {
                "webhook-id": "x",
                "webhook-timestamp": str(int(time.time())),
                "webhook-signature": "v1,!!!notbase64",
            },
        ],
    )
    def test_malformed_headers(self, body: bytes, headers: dict[str, str]) -> None:
        with pytest.raises(InvalidWebhook):
            WebhookVerifier([new_secret()]).verify(body, headers)

    def test_non_utf8_body(self) -> None:
        secret = new_secret()
        with pytest.raises(InvalidWebhook):
            WebhookVerifier([secret]).verify(b"\xff\xfe", signed_headers([secret], "e", b"{}"))
