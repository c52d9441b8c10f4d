"""The one alembic history for the one schema every component shares."""
