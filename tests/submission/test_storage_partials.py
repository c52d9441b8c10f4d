"""Package storage leaves nothing half-written: a failed or cut-off upload removes its partial file, and what a
crash left is swept when the service starts."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.submission.storage import PARTIAL_SWEEP_AGE_SECONDS, LocalStorage


def partials(root: Path) -> list[Path]:
    return sorted(root.glob("*/*.partial"))


async def _then_fails(blocks: int) -> AsyncIterator[bytes]:
    for _ in range(blocks):
        yield b"x" * 65536
    raise ConnectionResetError("the client went away")


async def _forever() -> AsyncIterator[bytes]:
    while True:
        yield b"x" * 65536
        await asyncio.sleep(0.01)


class TestNothingHalfWritten:
    async def test_an_upload_that_fails_midway_leaves_no_partial(self, tmp_path: Path) -> None:
        storage = LocalStorage(tmp_path)
        with pytest.raises(ConnectionResetError):
            await storage.save("sub_1/package.zip", _then_fails(20), max_bytes=10**9)
        assert partials(tmp_path) == []
        assert not (tmp_path / "sub_1" / "package.zip").exists()

    async def test_an_upload_cancelled_midway_leaves_no_partial(self, tmp_path: Path) -> None:
        storage = LocalStorage(tmp_path)
        task = asyncio.create_task(storage.save("sub_1/package.zip", _forever(), max_bytes=10**9))
        await asyncio.sleep(0.2)
        assert partials(tmp_path), "the upload was under way"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert partials(tmp_path) == []

    def test_what_a_crash_left_is_swept_and_uploads_under_way_are_not(self, tmp_path: Path) -> None:
        (tmp_path / "sub_1").mkdir()
        (tmp_path / "sub_2").mkdir()
        crashed = tmp_path / "sub_1" / "package.zip.partial"
        crashed.write_bytes(b"half")
        long_ago = time.time() - PARTIAL_SWEEP_AGE_SECONDS - 60
        os.utime(crashed, (long_ago, long_ago))
        under_way = tmp_path / "sub_2" / "package.zip.partial"
        under_way.write_bytes(b"still coming")
        kept = tmp_path / "sub_1" / "addendum.zip"
        kept.write_bytes(b"whole")
        os.utime(kept, (long_ago, long_ago))
        assert LocalStorage(tmp_path).sweep_partials() == 1
        assert not crashed.exists() and under_way.exists() and kept.exists()

    async def test_the_service_sweeps_on_start(self, tmp_path: Path, database_url: str) -> None:
        from services.submission.app import create_app
        from services.submission.settings import SubmissionSettings
        from tests.stack import test_settings

        settings = test_settings(SubmissionSettings, database_url, storage_dir=tmp_path, run_intake=False)
        (tmp_path / "sub_1").mkdir()
        crashed = tmp_path / "sub_1" / "package.zip.partial"
        crashed.write_bytes(b"half")
        long_ago = time.time() - PARTIAL_SWEEP_AGE_SECONDS - 60
        os.utime(crashed, (long_ago, long_ago))
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            assert not crashed.exists()
