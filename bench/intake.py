"""Package intake, against a baseline measured in the same run.

- A 200 MB package of 5,000 files: the time from the first byte of `PUT .../package` through the gateway until
  the submission has left `validating` (stored, hashed, every member read and checked), against stdlib
  `zipfile` reading every member plus SHA-256 of the same file, in this process. Goal: at most 1.5 times it.
- A 1 GB package through the gateway: the submission service's peak memory (VmHWM) while taking it in, from
  a fresh process. Goal: under 150 MB.
- One document (a 128 MB scanned binder) streamed out of that stored 1 GB package by the submission service
  (`GET .../package/files/{path}`, received whole by a plain socket client), against zipfile opening the
  package and reading that member in this process. Goal: at most 1.5 times it, in bounded memory. The same
  read through the gateway is reported beside it.

    python -m bench.intake [--files 5000] [--mb 200] [--rounds 3] [--memory-gb 1]

Rounds alternate baseline and system so that noise from other tenants of the machine falls on both.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import random
import socket
import statistics
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from bench.harness import bench_database, pg, report, system
from gateway.api_keys.schemas import ApiKeyCreate
from launcher.runner import create_api_key
from shared.principal import PRINCIPAL_HEADER, Principal, sign_principal
from shared.settings import DEV_PRINCIPAL_SECRET
from tests.servers import peak_rss_bytes
from tests.submission.packages import ELEMENT_FOLDERS, LEGISLATION, TOOL

CHUNK = 1024 * 1024


def build_package(path: Path, files: int, total_bytes: int) -> None:
    """A realistic package: PDFs and photos are compressed already, so each document is mostly noise with
    some text; the two named documents at the top, the rest spread over the element folders."""
    size = total_bytes // files
    rng = random.Random(7)
    text = b"Hazard assessment - crew of 4 - fall protection checked - signed by supervisor.\n" * 64
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i in range(files):
            if i == 0:
                name = TOOL
            elif i == 1:
                name = LEGISLATION
            else:
                folder = ELEMENT_FOLDERS[i % len(ELEMENT_FOLDERS)]
                name = f"{folder}/{folder[3:]} record {i:05d} - 2026-{1 + i % 12:02d}-15.pdf"
            noise = rng.randbytes(size - len(text) - 16)
            zf.writestr(name, b"%PDF-1.7\n" + noise + text)


BINDER = f"{ELEMENT_FOLDERS[11]}/Scanned records binder 2025.pdf"
BINDER_BYTES = 128 * CHUNK


def build_stored_package(path: Path, total_bytes: int, file_bytes: int = 4 * CHUNK) -> None:
    """A large package written quickly: 4 MB documents of noise and one 128 MB scanned binder, stored."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(TOOL, b"%PDF-1.7\n")
        zf.writestr(LEGISLATION, b"%PDF-1.7\n")
        block = os.urandom(file_bytes)
        with zf.open(BINDER, "w") as binder:
            for _ in range(BINDER_BYTES // file_bytes):
                binder.write(block)
        for i in range((total_bytes - BINDER_BYTES) // file_bytes):
            folder = ELEMENT_FOLDERS[i % len(ELEMENT_FOLDERS)]
            zf.writestr(f"{folder}/{folder[3:]} record {i:05d}.pdf", b"%PDF-1.7\n" + block[9:])


def baseline(path: Path) -> float:
    """zipfile reading every member, plus SHA-256 of the file: the least any intake must do."""
    started = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    buffer = bytearray(CHUNK)
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as member:
                while member.readinto(buffer):  # type: ignore[attr-defined]
                    pass
    return time.perf_counter() - started


ANA = {"given_name": "Ana", "family_name": "Silva", "email": "ana@bench.example"}


class Client:
    def __init__(
        self, session: aiohttp.ClientSession, gateway: str, key: str, admin_key: str, url: str
    ) -> None:
        self.session = session
        self.gateway = gateway
        self.url = url
        self.headers = {"authorization": f"Bearer {key}"}
        self.admin = {"authorization": f"Bearer {admin_key}"}

    async def _send(self, method: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        async with self.session.request(method, self.gateway + path, json=body, headers=headers) as r:
            assert r.status in (200, 201), await r.text()
            return await r.json()

    async def employer(self) -> str:
        """An employer that meets every rule, so it may be evaluated: Ana, full-time, with every course."""
        wcb = str(random.randint(10**8, 10**9 - 1))
        created = await self._send(
            "POST",
            "/v1/employers",
            {
                "wcb_account_number": wcb,
                "legal_name": "Bench Roofing Ltd.",
                "contact_email": "owner@bench.example",
            },
            self.headers,
        )
        employer_id = str(created["id"])
        long_ago, today = dt.date.today() - dt.timedelta(days=400), dt.date.today()
        worker = ANA | {"role": "owner", "employment_type": "full_time", "start_date": str(long_ago)}
        await self._send("POST", f"/v1/employers/{employer_id}/workers", worker, self.headers)
        await self._send(
            "PUT",
            f"/v1/employers/{employer_id}/wcb-account",
            {"status": "active", "as_of": str(long_ago)},
            self.admin,
        )
        membership = {
            "member_number": "M-1",
            "valid_from": str(long_ago),
            "valid_until": str(today + dt.timedelta(days=300)),
        }
        await self._send("PUT", f"/v1/employers/{employer_id}/acsa-membership", membership, self.admin)
        await self._send(
            "PUT", f"/v1/employers/{employer_id}/assessor", ANA | {"internal": True}, self.headers
        )
        # The courses as the worker would project them from the training service, which this bench does not run.
        async with pg(self.url) as conn:
            await conn.executemany(
                """
                INSERT INTO eligibility_completion (completion_id, provider_is_acsa, course_code, completed_on,
                    expires_on, given_name, family_name, email, email_key, name_key, recorded_at, known_from)
                VALUES ($1, $2, $3, $4, $5, 'Ana', 'Silva', $6, $6, 'ana silva', now(), now())
                """,
                [
                    (f"cmp_{employer_id}_{course}", course != "SFA", course, long_ago, expires, ANA["email"])
                    for course, expires in (
                        ("SECOR", None),
                        ("CSTS", None),
                        ("SFA", today + dt.timedelta(days=300)),
                    )
                ],
            )
        return employer_id

    async def submission(self, employer_id: str) -> str:
        instrument = await self._get("/v1/instruments/current")
        body = {
            "employer_id": employer_id,
            "kind": "certification",
            "audit_period_start": "2025-01-01",
            "audit_period_end": "2025-12-31",
            "contact_email": "owner@bench.example",
            "assessor": ANA | {"internal": True},
            "element_scores": [
                {"element": e["code"], "earned": e["points"], "possible": e["points"]}
                for e in instrument["elements"]
            ],
        }
        async with self.session.post(self.gateway + "/v1/submissions", json=body, headers=self.headers) as r:
            assert r.status == 201, await r.text()
            return str((await r.json())["id"])

    async def _get(self, path: str) -> Any:
        async with self.session.get(self.gateway + path, headers=self.headers) as r:
            assert r.status == 200, await r.text()
            return await r.json()

    async def intake(self, submission_id: str, path: Path) -> tuple[float, dict[str, Any]]:
        """Seconds from the first byte of the upload until intake is done, and the submission then."""
        started = time.perf_counter()
        with path.open("rb") as body:
            async with self.session.put(
                f"{self.gateway}/v1/submissions/{submission_id}/package",
                data=body,
                headers=self.headers | {"content-type": "application/zip"},
            ) as r:
                assert r.status == 202, await r.text()
        while True:
            async with self.session.get(
                f"{self.gateway}/v1/submissions/{submission_id}", headers=self.headers
            ) as r:
                submission = await r.json()
            if submission["status"] != "validating":
                return time.perf_counter() - started, submission
            await asyncio.sleep(0.005)


async def keys(url: str) -> tuple[str, str]:
    """An integrator's key and an admin's (who records WCB accounts and memberships)."""
    integrator = await create_api_key(
        url,
        ApiKeyCreate(name="bench integrator", kind="integrator", rate_limit_per_minute=1_000_000),
        created_by="bench",
    )
    admin = await create_api_key(
        url,
        ApiKeyCreate(name="bench admin", kind="staff", role="admin", rate_limit_per_minute=1_000_000),
        created_by="bench",
    )
    return integrator, admin


def forget_stored(storage: Path) -> None:
    """Delete the packages stored so far.

    This VM backs guest memory lazily: a page-cache page touched for the first time costs a fault in the host,
    which made writing 200 MB to a new file take ~0.45 s instead of ~0.05 s. A server that has run a while
    writes into pages it has used before; deleting each round's package lets the next one do the same.
    """
    for path in storage.rglob("*.zip"):
        path.unlink()


async def timing(url: str, gateway: str, package: Path, rounds: int, storage: Path) -> dict[str, Any]:
    key, admin = await keys(url)
    intake_times, baseline_times, ratios = [], [], []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600)) as session:
        client = Client(session, gateway, key, admin, url)
        employer = await client.employer()
        # One untimed round first: the services' first request compiles and caches what later ones reuse.
        await client.intake(await client.submission(employer), package)
        for _ in range(rounds):
            forget_stored(storage)
            base = await asyncio.to_thread(baseline, package)
            seconds, submission = await client.intake(await client.submission(employer), package)
            assert submission["status"] == "in_qa", submission["intake_report"]
            intake_times.append(seconds)
            baseline_times.append(base)
            ratios.append(seconds / base)
    inventory = submission["intake_report"]["inventory"]
    return {
        "package: files, MB": [inventory["files"], round(package.stat().st_size / 1e6, 1)],
        "intake through the gateway, s (median)": round(statistics.median(intake_times), 3),
        "zipfile every member + sha256, s (median)": round(statistics.median(baseline_times), 3),
        "intake / baseline, median of rounds (goal <= 1.5)": round(statistics.median(ratios), 3),
        "intake / baseline per round": [round(r, 3) for r in ratios],
    }


async def memory(url: str, sys_: dict[str, Any], package: Path, rounds: int) -> dict[str, Any]:
    gateway, submission_pid = sys_["url"]("gateway"), sys_["pids"]["submission"]
    key, admin = await keys(url)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1800)) as session:
        client = Client(session, gateway, key, admin, url)
        submission_id = await client.submission(await client.employer())
        at_start = peak_rss_bytes(submission_pid)
        seconds, submission = await client.intake(submission_id, package)
    assert submission["status"] == "in_qa", submission["intake_report"]
    peak = peak_rss_bytes(submission_pid)
    figures = {
        "1 GB package: MB, seconds to intake": [round(package.stat().st_size / 1e6), round(seconds, 1)],
        "submission service peak RSS before, MB": round(at_start / 1e6, 1),
        "submission service peak RSS taking in 1 GB, MB (goal < 150)": round(peak / 1e6, 1),
    }
    return figures | await one_document(sys_, key, submission_id, package, submission_pid, rounds)


def read_member_directly(path: Path) -> float:
    """zipfile opening the package and reading the binder through: what reading it in place must match."""
    started = time.perf_counter()
    buffer = bytearray(CHUNK)
    with zipfile.ZipFile(path) as zf, zf.open(BINDER) as member:
        while member.readinto(buffer):  # type: ignore[attr-defined]
            pass
    return time.perf_counter() - started


def raw_get(url: str, headers: dict[str, str]) -> tuple[float, int]:
    """Seconds to receive a whole response over one plain socket into a reused buffer, and its bytes: a client
    that costs as little as a client can, so the figure is the system's."""
    parts = urlsplit(url)
    lines = [f"GET {parts.path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    request = "\r\n".join(lines + [f"{k}: {v}" for k, v in headers.items()]) + "\r\n\r\n"
    started = time.perf_counter()
    received = 0
    view = memoryview(bytearray(4 * CHUNK))
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(request.encode())
        first = sock.recv_into(view)
        assert bytes(view[:12]) == b"HTTP/1.1 200", bytes(view[:200])
        received = first
        while n := sock.recv_into(view):
            received += n
    return time.perf_counter() - started, received


async def one_document(
    sys_: dict[str, Any], key: str, submission_id: str, package: Path, submission_pid: int, rounds: int
) -> dict[str, Any]:
    path = f"/v1/submissions/{submission_id}/package/files/{quote(BINDER)}"
    through_gateway = (sys_["url"]("gateway") + path, {"authorization": f"Bearer {key}"})
    # The service itself, called as the gateway calls it (a signed principal for the request).
    staff = Principal.build("staff", "key_bench", "bench", role="qa_analyst")
    principal = sign_principal(staff, "bench-read", DEV_PRINCIPAL_SECRET, ttl_seconds=3600)
    at_service = (
        sys_["url"]("submission") + path,
        {"x-request-id": "bench-read", PRINCIPAL_HEADER: principal},
    )
    figures: dict[str, list[float]] = {"gateway": [], "service": [], "zipfile": []}
    for url, headers in (through_gateway, at_service):
        await asyncio.to_thread(raw_get, url, headers)  # untimed: warms the page cache and the code
    for _ in range(rounds):
        figures["zipfile"].append(await asyncio.to_thread(read_member_directly, package))
        for name, (url, headers) in (("service", at_service), ("gateway", through_gateway)):
            seconds, received = await asyncio.to_thread(raw_get, url, headers)
            assert received > BINDER_BYTES, received
            figures[name].append(seconds)
    service = [s / z for s, z in zip(figures["service"], figures["zipfile"], strict=True)]
    gateway = [g / z for g, z in zip(figures["gateway"], figures["zipfile"], strict=True)]
    return {
        "one 128 MB document from the service, s (median)": round(statistics.median(figures["service"]), 3),
        "the same through the gateway, s (median)": round(statistics.median(figures["gateway"]), 3),
        "zipfile reading that member, s (median)": round(statistics.median(figures["zipfile"]), 3),
        "service / zipfile, median of rounds (goal <= 1.5)": round(statistics.median(service), 3),
        "service / zipfile per round": [round(r, 3) for r in service],
        "gateway / zipfile, median of rounds": round(statistics.median(gateway), 3),
        "gateway / zipfile per round": [round(r, 3) for r in gateway],
        "submission service peak RSS after streaming it, MB": round(peak_rss_bytes(submission_pid) / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-gb", type=float, default=1.0, help="0 skips the memory run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="secor-bench-intake-"))
    figures: dict[str, Any] = {}
    try:
        package = work / "package.zip"
        build_package(package, args.files, args.mb * 1024 * 1024)
        names = ("eligibility", "submission", "gateway")
        with bench_database() as url:
            with system(url, names, SECOR_STORAGE_DIR=str(work / "storage")) as sys_:
                figures |= asyncio.run(
                    timing(url, sys_["url"]("gateway"), package, args.rounds, work / "storage")
                )
            package.unlink()
            if args.memory_gb:
                large = work / "large.zip"
                build_stored_package(large, int(args.memory_gb * 1024**3))
                with system(url, names, SECOR_STORAGE_DIR=str(work / "storage-large")) as sys_:
                    figures |= asyncio.run(memory(url, sys_, large, args.rounds))
    finally:
        for path in sorted(work.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        work.rmdir()
    report("intake", figures)


if __name__ == "__main__":
    main()
