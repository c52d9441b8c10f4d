"""The outbox write API: events and mail commit with the business write, or not at all."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.outbox import Mail, enqueue_mail, publish
from tests.events import loose_event


async def _events(engine: AsyncEngine) -> list[tuple[str, str | None, int | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT type, ordering_key, sequence FROM shared_outbox_event ORDER BY id")
        )
        return [(r.type, r.ordering_key, r.sequence) for r in rows]


class TestPublish:
    async def test_events_commit_with_the_transaction(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            ids = await publish(
                conn, "tests", [loose_event("employer.registered", {"id": "emp_1"}, employer_id="emp_1")]
            )
        assert ids[0].startswith("evt_")
        assert await _events(engine) == [("employer.registered", None, None)]

    async def test_rolled_back_transaction_publishes_nothing(self, engine: AsyncEngine) -> None:
        with pytest.raises(RuntimeError):
            async with engine.begin() as conn:
                await publish(conn, "tests", [loose_event("employer.registered", {"id": "emp_1"})])
                raise RuntimeError("the business write failed")
        assert await _events(engine) == []

    async def test_sequences_count_per_ordering_key(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [
                    loose_event("employer.eligibility_changed", {}, ordering_key="employer:a"),
                    loose_event("employer.eligibility_changed", {}, ordering_key="employer:b"),
                    loose_event("employer.eligibility_changed", {}, ordering_key="employer:a"),
                ],
            )
        async with engine.begin() as conn:
            await publish(
                conn, "tests", [loose_event("employer.eligibility_changed", {}, ordering_key="employer:a")]
            )
        sequences = [(key, seq) for _, key, seq in await _events(engine)]
        assert sorted(sequences) == [
            ("employer:a", 1),
            ("employer:a", 2),
            ("employer:a", 3),
            ("employer:b", 1),
        ]

    async def test_concurrent_publishers_get_distinct_sequences(self, engine: AsyncEngine) -> None:
        async def one() -> None:
            async with engine.begin() as conn:
                await publish(
                    conn,
                    "tests",
                    [loose_event("employer.eligibility_changed", {}, ordering_key="employer:x")],
                )

        await asyncio.gather(*(one() for _ in range(20)))
        sequences = sorted(seq for _, _, seq in await _events(engine) if seq is not None)
        assert sequences == list(range(1, 21))

    async def test_explicit_sequence_is_kept(self, engine: AsyncEngine) -> None:
        async with engine.begin() as conn:
            await publish(
                conn,
                "tests",
                [loose_event("training.completion_revoked", {}, ordering_key="completion:c", sequence=2)],
            )
        assert await _events(engine) == [("training.completion_revoked", "completion:c", 2)]

    def test_unknown_event_type_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown event type"):
            loose_event("employer.exploded", {})


class TestMail:
    async def test_dedupe_key_sends_once(self, engine: AsyncEngine) -> None:
        for _ in range(2):
            async with engine.begin() as conn:
                await enqueue_mail(
                    conn, "tests", [Mail("a@example.com", "Hi", "Body", dedupe_key="reminder:1")]
                )
        async with engine.connect() as conn:
            count = (await conn.execute(text("SELECT count(*) FROM shared_outbox_mail"))).scalar_one()
        assert count == 1
