"""The gateway's own metrics, beside every component's (shared.metrics)."""

from __future__ import annotations

from prometheus_client import Counter

RATE_LIMITED = Counter(
    "secor_gateway_rate_limited",
    "Requests refused with 429, by the kind of key (anonymous, provider, integrator, staff; failed_key for "
    "an address sending wrong keys)",
    ["key_kind"],
)
REQUEST_BODY_BYTES = Counter(
    "secor_gateway_request_body_bytes",
    "Bytes of request bodies the gateway received, by method and route template",
    ["method", "route"],
)
RESPONSE_BODY_BYTES = Counter(
    "secor_gateway_response_body_bytes",
    "Bytes of response bodies the gateway sent, by method and route template",
    ["method", "route"],
)
