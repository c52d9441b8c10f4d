"""Which service owns which public path: routing is by prefix and never rewrites the path."""

from __future__ import annotations

import re

# Longest prefixes first so `/v1/stats/completions` wins over a shorter `/v1/stats`.
UPSTREAM_PREFIXES: tuple[tuple[str, str], ...] = (
    ("/v1/stats/completions", "training"),
    ("/v1/stats/submissions", "submission"),
    ("/v1/stats/certificates", "eligibility"),
    ("/v1/stats/employers", "eligibility"),
    ("/v1/employers", "eligibility"),
    ("/v1/certificates", "eligibility"),
    ("/v1/determinations", "eligibility"),
    ("/v1/corrections", "eligibility"),
    ("/v1/courses", "training"),
    ("/v1/providers", "training"),
    ("/v1/completions", "training"),
    ("/v1/ledger", "training"),
    ("/v1/submissions", "submission"),
    ("/v1/instruments", "submission"),
)
UPSTREAMS = ("eligibility", "training", "submission")

# The only public API paths: certificate verification, for anyone who holds a certificate number.
_PUBLIC = (
    ("GET", re.compile(r"^/v1/certificates/verification-key$")),
    ("GET", re.compile(r"^/v1/certificates/[^/]+/verification$")),
)


def abnormal_path(path: str) -> str | None:
    """Why the (percent-decoded) `path` is not in normal form, or None if it is. A dot segment would be removed
    by the upstream client after routing chose a service by the path with it (`/v1/employers/../../openapi.json`
    reaching a service's own routes); an empty segment (`//`) makes two spellings of one path."""
    segments = path.split("/")[1:]
    if any(s in (".", "..") for s in segments):
        return "a '.' or '..' segment (written plainly or percent-encoded)"
    if any(s == "" for s in segments[:-1]):
        return "an empty segment ('//')"
    return None


def upstream_for(path: str) -> str | None:
    """The service owning `path`, or None when the gateway serves it (or nobody does)."""
    for prefix, service in UPSTREAM_PREFIXES:
        if path == prefix or path.startswith(prefix + "/"):
            return service
    return None


def is_public(method: str, path: str) -> bool:
    return any(method == m and pattern.match(path) for m, pattern in _PUBLIC)
