"""Where packages live. One small interface, a local folder behind it, so object storage can follow."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from services.submission.offload import BLOCK, SerialOffload, batched
from services.submission.settings import SubmissionSettings

_KEY = re.compile(r"^[A-Za-z0-9_]+/[A-Za-z0-9_.-]+$")
# An upload writes its partial file block by block; one untouched this long was cut off (the process died).
PARTIAL_SWEEP_AGE_SECONDS = 600.0


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class Stored:
    key: str
    bytes: int
    sha256: str


class PackageStorage(Protocol):
    async def save(self, key: str, chunks: AsyncIterator[bytes], max_bytes: int) -> Stored:
        """Store a stream under `key`, hashing as it goes; TooLarge (and nothing kept) past `max_bytes`."""

    def local_path(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """A local file with the package's bytes, for as long as the context lasts."""

    async def delete(self, key: str) -> None: ...


def _replace_durably(partial: Path, path: Path) -> None:
    os.replace(partial, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself, on disk
    finally:
        os.close(folder)


def storage_for(settings: SubmissionSettings) -> LocalStorage:
    """The storage the settings name, shared by the service and the mail receiver."""
    return LocalStorage(settings.packages_dir)


class LocalStorage:
    """Packages as files under one folder: `<root>/<submission id>/<name>`, nothing written anywhere else."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a storage key: {key!r}")
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError(f"not a storage key: {key!r}")
        return path

    async def save(self, key: str, chunks: AsyncIterator[bytes], max_bytes: int) -> Stored:
        path = self._path(key)
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        digest = hashlib.sha256()
        total = 0
        handle = await asyncio.to_thread(partial.open, "wb", buffering=0)
        # Hashing and writing each on a thread of its own (both release the GIL), while the loop receives.
        hasher, writer = SerialOffload("package-hash"), SerialOffload("package-write")
        try:
            async with contextlib.aclosing(batched(chunks, BLOCK)) as blocks:
                async for block in blocks:
                    total += len(block)
                    if total > max_bytes:
                        raise TooLarge(max_bytes)
                    await hasher.submit(digest.update, block)
                    await writer.submit(handle.write, block)
            # On disk before anyone is told it was received: a 202 or an SMTP 250 must survive a crash.
            await writer.submit(os.fsync, handle.fileno())
            await hasher.drain()
            await writer.drain()
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(_replace_durably, partial, path)
        except BaseException:
            for offload in (hasher, writer):
                with contextlib.suppress(BaseException):
                    await offload.drain()
            handle.close()
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            raise
        return Stored(key, total, digest.hexdigest())

    @contextlib.contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        yield self._path(key)

    async def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            await asyncio.to_thread(self._path(key).unlink)

    def sweep_partials(self, older_than_seconds: float = PARTIAL_SWEEP_AGE_SECONDS) -> int:
        """Remove what uploads cut off by a crash left (`*.partial`), untouched for `older_than_seconds`: one
        still being written (by another replica sharing the folder) is newer than that. Returns how many."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        swept = 0
        for partial in self.root.glob("*/*.partial"):
            with contextlib.suppress(FileNotFoundError):
                if partial.stat().st_mtime < cutoff:
                    partial.unlink()
                    swept += 1
        return swept
