"""Recording completions: validation, idempotency on (provider, provider_record_id), the ledger, the events.

One code path serves single posts, batches and CSV chunks, so all three follow exactly the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.training.completions import repository
from services.training.completions.rules import CourseRules
from services.training.completions.schemas import CompletionCreate, CompletionPublic, ItemResult, Learner
from shared.clock import Clock
from shared.dates import add_months
from shared.events import CompletionRecorded, CompletionRevoked
from shared.groupcommit import KeyedGroupCommitters
from shared.ids import new_id
from shared.outbox import Event, publish
from shared.principal import Principal
from shared.problems import ProblemError, problem_body, validation_errors

SOURCE = "training"
PointerFor = Callable[[int], str]
_ITEMS = TypeAdapter(list[CompletionCreate])


def content(item: CompletionCreate, expires_on: dt.date | None) -> dict[str, Any]:
    """What a completion says, as stored and compared: a repost must say exactly this to be a no-op."""
    return {
        "provider_record_id": item.provider_record_id,
        "course_code": item.course_code,
        "completed_on": item.completed_on,
        "learner": {
            "given_name": item.learner.given_name,
            "family_name": item.learner.family_name,
            "email": item.learner.email,
            "birth_date": item.learner.birth_date,
            "learner_id": item.learner.learner_id,
        },
        "employer_wcb_account_number": item.employer_wcb_account_number,
        "certificate_number": item.certificate_number,
        "expires_on": expires_on,
    }


def content_of_row(row: Row[Any]) -> dict[str, Any]:
    return {
        "provider_record_id": row.provider_record_id,
        "course_code": row.course_code,
        "completed_on": row.completed_on,
        "learner": {
            "given_name": row.learner_given_name,
            "family_name": row.learner_family_name,
            "email": row.learner_email,
            "birth_date": row.learner_birth_date,
            "learner_id": row.learner_id,
        },
        "employer_wcb_account_number": row.employer_wcb_account_number,
        "certificate_number": row.certificate_number,
        "expires_on": row.expires_on,
    }


def differing_fields(a: dict[str, Any], b: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for key in a:
        if isinstance(a[key], dict):
            out += differing_fields(a[key], b.get(key) or {}, f"{prefix}{key}.")
        elif a[key] != b.get(key):
            out.append(prefix + key)
    return out


def public(row: Row[Any]) -> CompletionPublic:
    return CompletionPublic(
        id=row.id,
        provider_id=row.provider_id,
        provider_record_id=row.provider_record_id,
        course_code=row.course_code,
        completed_on=row.completed_on,
        learner=Learner(
            given_name=row.learner_given_name,
            family_name=row.learner_family_name,
            email=row.learner_email,
            birth_date=row.learner_birth_date,
            learner_id=row.learner_id,
        ),
        employer_wcb_account_number=row.employer_wcb_account_number,
        certificate_number=row.certificate_number,
        expires_on=row.expires_on,
        status="revoked" if row.revoked_at else "active",
        ledger_seq=row.ledger_seq,
        recorded_at=row.recorded_at,
        revoked_at=row.revoked_at,
        revocation_reason=row.revocation_reason,
    )


def _problem(status: int, detail: str, *, pointer: str | None = None, **extra: Any) -> dict[str, Any]:
    errors = [{"pointer": pointer, "detail": detail, "location": "body"}] if pointer is not None else None
    title = {403: "Forbidden", 409: "Conflict", 422: "Validation Failed"}.get(status)
    return problem_body(status, detail, title=title, errors=errors, extra=extra)


@dataclass
class Outcome:
    """What happened to one item: created, a repeat of a stored record, or rejected with a problem."""

    status: str
    id: str | None = None
    problem: dict[str, Any] | None = None
    row: Row[Any] | None = None
    # For a record created now: what it says and where it went, to build its public form only if asked.
    created: tuple[str, dict[str, Any], int, dt.datetime] | None = None

    def public(self) -> CompletionPublic | None:
        """The stored record, for answers that show it (a single post's); batches need only the id."""
        if self.row is not None:
            return public(self.row)
        if self.created is not None and self.id is not None:
            provider_id, item_content, seq, at = self.created
            return CompletionPublic(
                id=self.id,
                provider_id=provider_id,
                **item_content,
                status="active",
                ledger_seq=seq,
                recorded_at=at,
            )
        return None


@dataclass
class _Candidate:
    index: int
    item: CompletionCreate
    content: dict[str, Any]
    rule: Row[Any]
    id: str = field(default_factory=lambda: new_id("cmp"))


def items_pointer(index: int) -> str:
    return f"/items/{index}"


def validate_items(
    raw_items: list[Any], pointer_for: PointerFor = items_pointer
) -> list[CompletionCreate | dict[str, Any]]:
    """Each raw item as a CompletionCreate, or the problem that rejects it (pointers from `pointer_for`)."""
    try:
        return list(_ITEMS.validate_python(raw_items))  # the common case: all valid, one pass
    except ValidationError:
        pass
    out: list[CompletionCreate | dict[str, Any]] = []
    for i, raw in enumerate(raw_items):
        try:
            out.append(CompletionCreate.model_validate(raw))
        except ValidationError as exc:
            errors = validation_errors(exc.errors())
            for e in errors:
                e["pointer"] = f"{pointer_for(i)}{e['pointer']}"
            detail = (
                f"{errors[0]['pointer'] or 'the item'}: {errors[0]['detail']}" if errors else "invalid item"
            )
            out.append(problem_body(422, detail, title="Validation Failed", errors=errors))
    return out


async def record(
    conn: AsyncConnection,
    principal: Principal,
    items: list[CompletionCreate | dict[str, Any]],
    *,
    now: dt.datetime,
    today: dt.date,
    course_rules: CourseRules,
    pointer_for: PointerFor = items_pointer,
) -> list[Outcome]:
    """Record valid items in the caller's transaction. One bad item never sinks the others."""
    provider_id = principal.provider_id
    if provider_id is None:
        raise ProblemError(
            403, "Only a provider key can post completions: they are recorded as that provider's."
        )
    outcomes: list[Outcome | None] = [None] * len(items)
    rules = await course_rules.lookup(
        conn, provider_id, {i.course_code for i in items if isinstance(i, CompletionCreate)}
    )
    first_by_record: dict[str, _Candidate] = {}
    candidates: list[_Candidate] = []
    repeats: list[_Candidate] = []
    repeated_from: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        where = pointer_for(index)
        if not isinstance(item, CompletionCreate):
            outcomes[index] = Outcome("rejected", problem=item)
            continue
        rule = rules.get(item.course_code)
        if rule is None:
            outcomes[index] = Outcome(
                "rejected",
                problem=_problem(
                    422,
                    f"Unknown course {item.course_code}; see GET /v1/courses.",
                    pointer=f"{where}/course_code",
                ),
            )
            continue
        if not rule.approved:
            outcomes[index] = Outcome(
                "rejected",
                problem=_problem(
                    403,
                    f"This provider is not approved to deliver {item.course_code}.",
                    pointer=f"{where}/course_code",
                ),
            )
            continue
        if item.completed_on > today:
            outcomes[index] = Outcome(
                "rejected",
                problem=_problem(
                    422,
                    f"completed_on {item.completed_on} is in the future.",
                    pointer=f"{where}/completed_on",
                ),
            )
            continue
        longest = add_months(item.completed_on, rule.validity_months) if rule.validity_months else None
        if item.expires_on is not None and (
            item.expires_on < item.completed_on or (longest is not None and item.expires_on > longest)
        ):
            outcomes[index] = Outcome(
                "rejected",
                problem=_problem(
                    422,
                    f"expires_on {item.expires_on} is not possible for {item.course_code} completed on "
                    f"{item.completed_on}: "
                    + (
                        f"it is valid {rule.validity_months} months, until {longest} at the latest."
                        if longest is not None and item.expires_on > longest
                        else "a course cannot expire before it was completed."
                    ),
                    pointer=f"{where}/expires_on",
                ),
            )
            continue
        expires = item.expires_on if item.expires_on is not None else longest
        candidate = _Candidate(index, item, content(item, expires), rule)
        if item.provider_record_id in first_by_record:
            repeats.append(candidate)
        else:
            first_by_record[item.provider_record_id] = candidate
            candidates.append(candidate)

    # Rows go in sorted by record id, so two concurrent groups take their locks in the same order.
    in_order = sorted(candidates, key=lambda c: c.item.provider_record_id)
    inserted = await repository.record_many(
        conn,
        provider_id,
        [{"id": c.id, **c.content} for c in in_order],
        now,
        source=SOURCE,
        events=[
            Event(
                _event_data(c, provider_id, now),
                provider_id=provider_id,
                ordering_key=f"completion:{c.id}",
                sequence=1,
            )
            for c in in_order
        ],
    )
    created = [c for c in candidates if c.id in inserted]
    existing_ids = [c.item.provider_record_id for c in candidates if c.id not in inserted]
    existing = await repository.by_record_ids(conn, provider_id, existing_ids) if existing_ids else {}
    for c in candidates:
        if c.id in inserted:
            outcomes[c.index] = Outcome("created", id=c.id)
        else:
            outcomes[c.index] = _compare(existing[c.item.provider_record_id], c.content)
    for r in repeats:
        first = first_by_record[r.item.provider_record_id]
        first_outcome = outcomes[first.index]
        assert first_outcome is not None
        stored_id = first_outcome.id if first_outcome.status != "rejected" else None
        if stored_id is None:
            outcomes[r.index] = first_outcome
        elif differing_fields(first.content, r.content):
            outcomes[r.index] = _conflict(stored_id, differing_fields(first.content, r.content))
        else:
            outcomes[r.index] = Outcome("duplicate", id=stored_id, row=first_outcome.row)
            repeated_from.append((r.index, first.index))

    if created:
        for c in created:
            outcome = outcomes[c.index]
            assert outcome is not None
            outcome.created = (provider_id, c.content, inserted[c.id], now)
    for repeat_index, first_index in repeated_from:
        # A repeat inside this group answers like the first: with the record as stored.
        repeat, first_outcome = outcomes[repeat_index], outcomes[first_index]
        assert repeat is not None and first_outcome is not None
        repeat.created = first_outcome.created
    return [o for o in outcomes if o is not None]


def _compare(row: Row[Any], new_content: dict[str, Any]) -> Outcome:
    fields = differing_fields(content_of_row(row), new_content)
    if fields:
        return _conflict(row.id, fields)
    return Outcome("duplicate", id=row.id, row=row)


def _conflict(stored_id: str, fields: list[str]) -> Outcome:
    return Outcome(
        "rejected",
        id=stored_id,
        problem=problem_body(
            409,
            f"provider_record_id is already recorded ({stored_id}) with different {', '.join(fields)}. "
            "A correction is a revocation and a new record.",
            title="Conflict",
            extra={"existing_id": stored_id, "differing_fields": fields},
        ),
    )


def _event_data(candidate: _Candidate, provider_id: str, at: dt.datetime) -> CompletionRecorded:
    """What subscribers learn of a new completion; the course category and whether ACSA itself gave it
    (continuing education counts ACSA's courses) save them a lookup in the catalogue."""
    return CompletionRecorded(
        completion_id=candidate.id,
        provider_id=provider_id,
        provider_is_acsa=bool(candidate.rule.provider_is_acsa),
        **candidate.content,
        course_category=candidate.rule.category,
        status="active",
        recorded_at=at,
    )


def single_post_committers(
    engine: AsyncEngine, clock: Clock, course_rules: CourseRules
) -> KeyedGroupCommitters[CompletionCreate, Outcome]:
    """Concurrent single posts of one provider share a transaction (see shared.groupcommit)."""

    def for_provider(key: Hashable) -> Callable[[list[CompletionCreate]], Awaitable[list[Outcome]]]:
        principal = Principal.build("provider", "group-commit", "group commit", provider_id=str(key))

        async def work(items: list[CompletionCreate]) -> list[Outcome]:
            async with engine.begin() as conn:
                return await record(
                    conn,
                    principal,
                    list(items),
                    now=clock.now(),
                    today=clock.today(),
                    course_rules=course_rules,
                    pointer_for=lambda _: "",
                )

        return work

    return KeyedGroupCommitters(for_provider)


def to_result(index: int, outcome: Outcome, line: int | None = None) -> ItemResult:
    return ItemResult(index=index, status=outcome.status, id=outcome.id, problem=outcome.problem, line=line)


async def visible(conn: AsyncConnection, principal: Principal, completion_id: str) -> Row[Any]:
    """The completion if this principal may see it; 404 otherwise (another provider's looks like none)."""
    row = await repository.get(conn, completion_id)
    if row is None or (principal.kind == "provider" and row.provider_id != principal.provider_id):
        raise ProblemError(404, f"There is no completion {completion_id}.")
    return row


async def revoke(
    conn: AsyncConnection, principal: Principal, completion_id: str, reason: str, *, now: dt.datetime
) -> Row[Any]:
    """A revocation is a new ledger entry; the original entry stays as it was."""
    row = await visible(conn, principal, completion_id)
    if not await repository.insert_revocation(
        conn, completion_id, reason=reason, revoked_by=principal.id, at=now
    ):
        raise ProblemError(409, f"Completion {completion_id} is already revoked.")
    seqs = await repository.append_ledger(
        conn, "revoked", [(completion_id, {"reason": reason, "revoked_by": principal.id})], now
    )
    await publish(
        conn,
        SOURCE,
        [
            Event(
                CompletionRevoked(
                    completion_id=completion_id,
                    provider_id=row.provider_id,
                    employer_wcb_account_number=row.employer_wcb_account_number,
                    learner=content_of_row(row)["learner"],
                    course_code=row.course_code,
                    reason=reason,
                    revoked_at=now,
                    ledger_seq=seqs[completion_id],
                ),
                provider_id=row.provider_id,
                ordering_key=f"completion:{completion_id}",
                sequence=2,
            )
        ],
    )
    updated = await repository.get(conn, completion_id)
    assert updated is not None
    return updated
