"""End-to-end tests share the webhook receiver with the webhook tests."""

from tests.webhooks.conftest import hooks, receiver

__all__ = ["hooks", "receiver"]
