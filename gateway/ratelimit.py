"""Per-key token buckets, and the RateLimit headers of draft-ietf-httpapi-ratelimit-headers."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    window_seconds: int
    retry_after: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        """`RateLimit-Policy` (quota q per window w) and `RateLimit` (remaining r, seconds to full t)."""
        out = [
            (b"ratelimit-policy", f'"default";q={self.limit};w={self.window_seconds}'.encode()),
            (b"ratelimit", f'"default";r={self.remaining};t={self.reset_seconds}'.encode()),
        ]
        if not self.allowed:
            out.append((b"retry-after", str(self.retry_after).encode()))
        return out


class TokenBuckets:
    """One bucket per key: `burst` tokens, refilled at `per_minute / 60` a second.

    Buckets live in the gateway process; with several gateway replicas each enforces its own share.
    """

    def __init__(self, *, max_buckets: int = 100_000) -> None:
        # key -> (tokens, last update, time it will be full again)
        self._buckets: dict[str, tuple[float, float, float]] = {}
        self._max_buckets = max_buckets

    def take(self, key: str, *, per_minute: int, burst: int, now: float | None = None) -> Decision:
        now = time.monotonic() if now is None else now
        rate = per_minute / 60.0
        tokens, last, _ = self._buckets.get(key, (float(burst), now, now))
        tokens = min(float(burst), tokens + (now - last) * rate)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        if len(self._buckets) >= self._max_buckets and key not in self._buckets:
            self._prune(now)
        self._buckets[key] = (tokens, now, now + (burst - tokens) / rate)
        window = max(1, math.ceil(burst / rate))
        return Decision(
            allowed=allowed,
            limit=burst,
            remaining=int(tokens),
            reset_seconds=math.ceil((burst - tokens) / rate),
            window_seconds=window,
            retry_after=max(1, math.ceil((1.0 - tokens) / rate)) if not allowed else 0,
        )

    def _prune(self, now: float) -> None:
        """Bound memory under a flood of keys: full buckets carry no information; then the least recent go."""
        kept = {k: v for k, v in self._buckets.items() if v[2] > now}
        if len(kept) >= self._max_buckets // 2:
            newest = sorted(kept.items(), key=lambda item: item[1][1], reverse=True)[: self._max_buckets // 2]
            kept = dict(newest)
        self._buckets = kept
