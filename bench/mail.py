"""Mailed packages taken in, against a baseline measured in the same run.

- Messages carrying a 20 MB zip (about 27 MB on the wire, base64), sent one after another by `smtplib` to the
  inbound receiver (`secor mail-intake`: each streamed to storage, synced to disk and recorded before its 250),
  against `smtplib` sending the same messages to a bare aiosmtpd server that answers 250 and keeps nothing, in
  a process of its own. Goal: at least 0.5 times its messages/s (and so its MB/s).
- The receiver's peak memory (VmHWM) over the whole run. Goal: under 150 MB.
- Beside them, for information: small messages (a 20 KB zip) the same way, and how long the submission service
  takes to turn the large messages into submissions awaiting triage.

    python -m bench.mail [--mb 20] [--messages 5] [--rounds 3]

Rounds alternate baseline and receiver so that noise from other tenants of the machine falls on both.
"""

from __future__ import annotations

import argparse
import asyncio
import email.policy
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bench.harness import bench_database, pg, report, system
from tests.servers import free_port, peak_rss_bytes, spawn, stop
from tests.submission.packages import ELEMENT_FOLDERS, good_files, zip_bytes

SENDER = "owner@prairieroofing.example"
COR = "cor@acsa.example"


def message(attachment_bytes: int) -> bytes:
    """A mailed evaluation: a short body and a package of about `attachment_bytes`, its scanned documents
    stored as they are (they are compressed already)."""
    files = good_files() | {
        f"{ELEMENT_FOLDERS[11]}/Scanned records {i}.pdf": b"%PDF-1.7\n" + os.urandom(1024 * 1024)
        for i in range(max(0, attachment_bytes // (1024 * 1024) - 1))
    }
    mail = EmailMessage()
    mail["From"] = SENDER
    mail["To"] = COR
    mail["Subject"] = "SECOR evaluation"
    mail.set_content("Please find our SECOR evaluation attached.")
    package = zip_bytes(files, compression=zipfile.ZIP_STORED)
    mail.add_attachment(package, maintype="application", subtype="zip", filename="SECOR.zip")
    return mail.as_bytes(policy=email.policy.SMTP)  # CRLF line ends, as on the wire


def send_all(port: int, body: bytes, count: int, tag: str) -> float:
    """Seconds to deliver `count` copies (each its own Message-ID) over one connection, as a forwarding mail
    server would."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=300) as client:
        for n in range(count):
            raw = f"Message-ID: <{tag}-{n}-{time.time_ns()}@bench.example>\r\n".encode() + body
            client.sendmail(SENDER, [COR], raw)
    return time.perf_counter() - started


def wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


SINK = """
import asyncio, sys
from aiosmtpd.smtp import SMTP

class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"

async def main(port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Sink(), data_size_limit=None), "127.0.0.1", port)
    async with server:
        await server.serve_forever()

asyncio.run(main(int(sys.argv[1])))
"""


async def submissions_waiting(url: str) -> int:
    async with pg(url) as conn:
        return int(await conn.fetchval("SELECT count(*) FROM submission_mail WHERE status = 'received'"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    large = message(args.mb * 1024 * 1024)
    small = message(20 * 1024)
    figures: dict[str, Any] = {}
    with bench_database() as url, tempfile.TemporaryDirectory(prefix="secor-bench-mail-") as scratch:
        sink_port = free_port()
        sink = subprocess.Popen([sys.executable, "-c", SINK, str(sink_port)])
        storage = str(Path(scratch) / "storage")
        with system(
            url,
            ("eligibility", "submission"),
            SECOR_RUN_INTAKE="false",  # the receiver is measured alone; processing is timed after
            SECOR_MAX_MAIL_BYTES=str(64 * 1024 * 1024),
            SECOR_STORAGE_DIR=storage,
        ) as running:
            env = running["env"]
            receiver = spawn(["mail-intake"], env, Path(scratch) / "mail-intake.log")
            port = int(env["SECOR_MAIL_INTAKE_PORT"])
            try:
                wait_listening(sink_port)
                wait_listening(port)
                base, ours, base_small, ours_small = [], [], [], []
                for r in range(args.rounds):
                    base.append(send_all(sink_port, large, args.messages, f"sink{r}"))
                    ours.append(send_all(port, large, args.messages, f"intake{r}"))
                    base_small.append(send_all(sink_port, small, 50, f"sink-small{r}"))
                    ours_small.append(send_all(port, small, 50, f"intake-small{r}"))
                wire_mb = len(large) / 1024**2
                base_rate = args.messages / statistics.median(base)
                our_rate = args.messages / statistics.median(ours)
                figures |= {
                    "message_mb_on_the_wire": round(wire_mb, 1),
                    "sink_messages_per_s": round(base_rate, 2),
                    "receiver_messages_per_s": round(our_rate, 2),
                    "sink_mb_per_s": round(base_rate * wire_mb, 1),
                    "receiver_mb_per_s": round(our_rate * wire_mb, 1),
                    "receiver_vs_sink": round(our_rate / base_rate, 2),
                    "receiver_vs_sink_goal": ">= 0.5",
                    "small_receiver_vs_sink": round(
                        statistics.median(base_small) / statistics.median(ours_small), 2
                    ),
                    "receiver_peak_rss_mb": round(peak_rss_bytes(receiver.pid) / 1024**2, 1),
                    "receiver_peak_rss_goal_mb": "< 150",
                }
            finally:
                stop(receiver)
                sink.terminate()
                sink.wait(10)
        # The same database, now with the service's intake running: how long the large messages take to become
        # submissions awaiting triage (read, package written, zip opened, proposal looked up).
        waiting = asyncio.run(submissions_waiting(url))
        with system(
            url, ("eligibility", "submission"), SECOR_MAIL_POLL_SECONDS="0.05", SECOR_STORAGE_DIR=storage
        ) as running:
            started = time.perf_counter()
            while asyncio.run(submissions_waiting(url)):
                time.sleep(0.1)
            elapsed = time.perf_counter() - started
            figures |= {
                "processed_messages_large_and_small": waiting,
                "processing_messages_per_s": round(waiting / elapsed, 2),
                "submission_peak_rss_mb": round(peak_rss_bytes(running["pids"]["submission"]) / 1024**2, 1),
            }
    report("mail", figures)


if __name__ == "__main__":
    main()
