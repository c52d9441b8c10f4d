"""Intake in the background: download linked packages, read and check every package and addendum, decide.

The work is in the database (status 'validating', leased while in hand), so it survives restarts and several
service replicas share it. Reading an archive is CPU work and runs in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from services.submission.instruments.model import Instrument, Instruments
from services.submission.links import link_policy
from services.submission.metrics import INTAKE_FAILURES, intake_done
from services.submission.offload import batched
from services.submission.packages.archive import (
    ArchiveLimits,
    ArchiveRejected,
    Finding,
    read_archive,
    stream_scan,
)
from services.submission.packages.stream import StreamScan, scanned
from services.submission.packages.validation import Report, check_addendum, check_package, rejected
from services.submission.settings import SubmissionSettings
from services.submission.storage import PackageStorage, Stored, TooLarge
from services.submission.submissions import repository, workflow
from shared.clock import Clock
from shared.ids import new_ulid
from shared.outbound import OutboundRefused, SafeClient
from shared.outbox import Mail, enqueue_mail

logger = logging.getLogger("secor.submission.intake")
SCANS_KEPT = 64
SYSTEM = "intake"


def limits_for(settings: SubmissionSettings) -> ArchiveLimits:
    return ArchiveLimits(
        max_entries=settings.max_package_entries,
        max_total_uncompressed_bytes=settings.max_unpacked_bytes,
        max_ratio=settings.max_compression_ratio,
    )


def failed() -> Report:
    """The report for a package intake could not finish checking, whatever the reason."""
    return rejected(
        Finding(
            "error",
            "intake.failed",
            "The package could not be checked. This is our fault, not yours: send the package again; if this "
            "happens again, write to the COR department.",
        )
    )


def check_file(
    path: Path,
    instrument: Instrument,
    limits: ArchiveLimits,
    *,
    submission: Any | None,
    scan: StreamScan | None = None,
) -> Report:
    """Read the archive at `path` and check it (a package if `submission` is given, else an addendum)."""
    try:
        archive = read_archive(path, limits, scan)
    except ArchiveRejected as exc:
        return rejected(exc.finding)
    if submission is None:
        return check_addendum(archive, instrument)
    return check_package(
        archive,
        instrument,
        audit_period=(submission.audit_period_start, submission.audit_period_end),
        element_scores=submission.element_scores,
    )


async def keep_stepping(
    step: Callable[[], Awaitable[bool]], wake: asyncio.Event, poll_seconds: float, what: str
) -> None:
    """Take work while there is some (`step` says whether it found any), then wait to be woken or for the next
    poll; a step that fails is logged and tried again shortly. Runs until cancelled."""
    while True:
        try:
            done = await step()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("%s step failed; trying again shortly", what)
            done = False
            await asyncio.sleep(1)
        if not done:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), poll_seconds)
            wake.clear()


async def download_link(
    storage: PackageStorage, key: str, url: str, settings: SubmissionSettings, scan: StreamScan | None = None
) -> tuple[Stored | None, Finding | None]:
    """Fetch a package link into storage under `key`, through the outbound policy for links (reading the zip
    into `scan` on the way, if given); what went wrong as a finding (the link is at fault, not us) when it
    could not be fetched."""
    client = SafeClient(link_policy(settings), limit=4)
    chunks = batched(client.stream(url))
    try:
        stored = await storage.save(
            key, scanned(chunks, scan) if scan is not None else chunks, settings.max_package_bytes
        )
    except OutboundRefused as exc:
        return None, Finding("error", "link.refused", f"The link could not be used: {exc}.")
    except TooLarge as exc:
        return None, Finding(
            "error",
            "link.too_large",
            f"The linked package is larger than {exc.limit} bytes, the most accepted.",
        )
    except (OSError, TimeoutError) as exc:
        return None, Finding(
            "error",
            "link.download_failed",
            f"The package could not be downloaded from the link ({type(exc).__name__}).",
        )
    except Exception as exc:  # aiohttp's own errors: the link is at fault, not us
        return None, Finding("error", "link.download_failed", f"The package could not be downloaded ({exc}).")
    finally:
        await client.aclose()
    return stored, None


class IntakeRunner:
    def __init__(
        self,
        engine: AsyncEngine,
        storage: PackageStorage,
        instruments: Instruments,
        settings: SubmissionSettings,
        clock: Clock,
    ) -> None:
        self.engine = engine
        self.storage = storage
        self.instruments = instruments
        self.settings = settings
        self.clock = clock
        self.wake = asyncio.Event()
        # What uploads taught us of their zips as they arrived, by storage key: a hint, lost on restart.
        self._scans: collections.OrderedDict[str, StreamScan] = collections.OrderedDict()

    def remember_scan(self, key: str, scan: StreamScan) -> None:
        self._scans[key] = scan
        while len(self._scans) > SCANS_KEPT:
            self._scans.popitem(last=False)

    async def run(self) -> None:
        await keep_stepping(self.step, self.wake, self.settings.intake_poll_seconds, "intake")

    async def step(self) -> bool:
        """Take one waiting package or addendum and see it through; False when there was none."""
        # One short transaction per claim: a claim holds no lock while the archive is read.
        async with self.engine.begin() as conn:
            submission = await repository.claim_package(conn, self.settings.intake_lease_seconds)
        if submission is not None:
            await self._package(submission)
            return True
        async with self.engine.begin() as conn:
            addendum = await repository.claim_addendum(conn, self.settings.intake_lease_seconds)
        if addendum is not None:
            await self._addendum(addendum)
            return True
        return False

    async def _package(self, submission: Any) -> None:
        """See one package through to a decision: whatever goes wrong on the way ends it returned at intake with
        `intake.failed`, never stuck in `validating` with every claim failing the same way."""
        package = dict(submission.package)
        started = time.perf_counter()
        try:
            report = await self._check_package(submission, package)
        except Exception:
            INTAKE_FAILURES.labels("package").inc()
            logger.exception(
                "intake of submission %s failed (request %s); returning it so a new package can be sent",
                submission.id,
                package.get("request_id"),
            )
            report = failed()
            await self._finish(submission, package, report)
        intake_done("package", report.outcome, report.findings, started)

    async def _check_package(self, submission: Any, package: dict[str, Any]) -> Report:
        instrument = self.instruments.by_version.get(submission.instrument_version, self.instruments.current)
        if "key" not in package:
            downloaded, failure = await self._download(submission.id, package)
            package.update(downloaded)
            if failure is not None:
                report = rejected(failure)
                await self._finish(submission, package, report)
                return report
            async with self.engine.begin() as conn:
                await workflow.announce_received(conn, submission, package, self.clock.now())
        scan = self._scans.pop(package["key"], None)
        with self.storage.local_path(package["key"]) as path:
            report = await asyncio.to_thread(
                check_file, path, instrument, limits_for(self.settings), submission=submission, scan=scan
            )
        await self._finish(submission, package, report)
        return report

    async def _download(
        self, submission_id: str, package: dict[str, Any]
    ) -> tuple[dict[str, Any], Finding | None]:
        key = f"{submission_id}/link-{new_ulid()}.zip"
        scan = stream_scan(limits_for(self.settings))
        stored, failure = await download_link(self.storage, key, package["url"], self.settings, scan)
        if stored is None:
            return package, failure
        self.remember_scan(key, scan)
        return package | {"key": stored.key, "bytes": stored.bytes, "sha256": stored.sha256}, None

    async def _finish(self, submission: Any, package: dict[str, Any], report: Report) -> None:
        now = self.clock.now()
        async with self.engine.begin() as conn:
            current = await repository.get(conn, submission.id, integrator=None, for_update=True)
            if (
                current is None
                or current.status != "validating"
                or (current.package or {}).get("id") != package.get("id")
            ):
                # Finished meanwhile by another runner whose lease on it we outlived, or a newer package.
                return
            await repository.finish_package(conn, package["id"], package, report.as_dict())
            status = "in_qa" if report.outcome == "accepted" else "returned_at_intake"
            errors = sum(1 for f in report.findings if f.severity == "error")
            await workflow.transition(
                conn,
                current,
                status,
                by=SYSTEM,
                note="intake checks passed"
                if status == "in_qa"
                else f"returned at intake with {errors} error(s)",
                now=now,
                changes={"package": package, "intake_report": report.as_dict(), "intake_lease_until": None},
                report=report.as_dict(),
            )

    async def _addendum(self, addendum: Any) -> None:
        instrument = self.instruments.current
        scan = self._scans.pop(addendum.package["key"], None)
        started = time.perf_counter()
        try:
            with self.storage.local_path(addendum.package["key"]) as path:
                report = await asyncio.to_thread(
                    check_file, path, instrument, limits_for(self.settings), submission=None, scan=scan
                )
        except Exception:
            INTAKE_FAILURES.labels("addendum").inc()
            logger.exception(
                "intake of addendum %s failed (request %s); returning it",
                addendum.id,
                addendum.package.get("request_id"),
            )
            report = failed()
        intake_done("addendum", report.outcome, report.findings, started)
        now = self.clock.now()
        async with self.engine.begin() as conn:
            await repository.finish_addendum(conn, addendum.id, report.outcome, report.as_dict())
            submission = await repository.get(conn, addendum.submission_id, integrator=None, for_update=True)
            if submission is None or submission.status != "information_requested":
                return
            if report.outcome == "accepted":
                await workflow.transition(
                    conn, submission, "in_qa", by=SYSTEM, note=f"addendum {addendum.id} accepted", now=now
                )
            else:
                await repository.add_history(
                    conn,
                    submission.id,
                    now,
                    submission.status,
                    SYSTEM,
                    f"addendum {addendum.id} returned at intake",
                )
                lines = "\n".join(
                    f"- {f.path or 'addendum'}: {f.message}" for f in report.findings if f.severity == "error"
                )
                await enqueue_mail(
                    conn,
                    workflow.SOURCE,
                    [
                        Mail(
                            submission.contact_email,
                            f"Your addendum for SECOR evaluation {submission.id} needs changes",
                            f"The addendum could not be accepted:\n\n{lines}\n\nPlease send it again.\n",
                        )
                    ],
                )
