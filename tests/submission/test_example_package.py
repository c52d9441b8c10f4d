"""`secor example-package`: a package laid out as the instrument asks, which intake accepts without a finding."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from services.submission.instruments.example import example_package
from services.submission.instruments.model import Instruments
from tests.servers import ROOT
from tests.submission.test_recognition import check

INSTRUMENT = Instruments().current


@pytest.mark.parametrize("end", [dt.date(2026, 12, 6), dt.date(2027, 3, 1), dt.date(2031, 2, 28)])
def test_intake_accepts_it_on_any_day(tmp_path: Path, end: dt.date) -> None:
    period = (end - dt.timedelta(days=364), end)
    report = check(tmp_path, example_package(INSTRUMENT, end), period=period, instrument=INSTRUMENT)
    assert (report.outcome, report.findings) == ("accepted", [])
    assert report.inventory["elements"] == {e.code: 1 for e in INSTRUMENT.elements}


def test_the_command_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "package.zip"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "launcher.cli",
            "example-package",
            str(out),
            "--audit-period-end",
            "2026-11-30",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == example_package(INSTRUMENT, dt.date(2026, 11, 30))
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "launcher.cli",
            "example-package",
            str(out),
            "--audit-period-end",
            "30/11/2026",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2 and "is not a date (YYYY-MM-DD)" in refused.stderr
