"""End-to-end tests share the webhook receiver with the webhook tests, and run real processes against the
session's database: the in-process stack's intake is paused meanwhile, so it claims none of their packages."""

from collections.abc import AsyncIterator

import pytest

from tests.stack import intake_paused
from tests.webhooks.conftest import hooks, receiver

__all__ = ["hooks", "receiver"]


@pytest.fixture(autouse=True)
async def _no_in_process_intake() -> AsyncIterator[None]:
    async with intake_paused():
        yield
