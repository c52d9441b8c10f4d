"""Schemathesis hooks for the fuzz run: packages and addenda are sent as the raw bytes generated for them."""

from __future__ import annotations

import schemathesis

schemathesis.serializer.alias("application/zip", "application/octet-stream")
