"""Reading a zip while it arrives, so that checking a package overlaps receiving it.

A zip can be walked from the front: each member is a local header followed by its data, and the central
directory comes last. `StreamScan` follows that walk on the bytes as they stream to storage, decompressing
every member in bounded steps and checking its CRC, and records what it saw. Nothing it records is trusted on
its own: once the upload is complete, `read_archive` reads the central directory from the stored file and
uses the scan only if every directory entry matches a scanned member exactly (offset, name, method, flags,
sizes, CRC) and the members lie end to end up to the directory. Anything unusual (data before the first
member, zip64, stored members of unknown length, a cap exceeded, a bad CRC) ends the scan quietly, and the
package is then read from storage the ordinary way, which reports what is wrong.
"""

from __future__ import annotations

import struct
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

# zlib-ng inflates about twice as fast as zlib and checks CRCs four times as fast (same formats, same answers).
from zlib_ng import zlib_ng

from services.submission.offload import SerialOffload, closing_source

_INFLATE_ERROR = cast(type[Exception], zlib_ng.error)  # its stub calls the class an instance

LOCAL = b"PK\x03\x04"
CENTRAL = b"PK\x01\x02"
END = b"PK\x05\x06"
DESCRIPTOR = b"PK\x07\x08"
OUTPUT_STEP = 1024 * 1024
_HEADER = struct.Struct("<4s5H3L2H")
_ENCRYPTED, _DESCRIPTOR, _UTF8 = 0x1, 0x8, 0x800


@dataclass(slots=True)
class Scanned:
    offset: int
    name: str
    flags: int
    method: int
    declared_crc: int
    compressed: int = 0
    size: int = 0
    crc: int = 0
    magic: bytes = b""


class StreamScan:
    """Feed it the archive's bytes in order; `complete` says whether it followed the archive to its directory.

    Member data is read through a memoryview of each block as it comes (no copies); only a header cut in two
    by a block boundary is carried over to the next block.
    """

    def __init__(
        self, *, max_entry_bytes: int, max_total_bytes: int, max_ratio: float, ratio_floor_bytes: int
    ) -> None:
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self.max_ratio = max_ratio
        self.ratio_floor_bytes = ratio_floor_bytes
        self.entries: list[Scanned] = []
        self.central_offset: int | None = None
        self.gave_up: str | None = None
        self._carry = b""
        self._view = memoryview(b"")
        self._at = 0  # where in _view reading has got to
        self._position = 0  # archive offset of _view[_at]
        self._entry: Scanned | None = None
        self._remaining = 0  # compressed bytes left in the current member, when known
        self._inflater: Any = None
        self._total = 0

    @property
    def complete(self) -> bool:
        return self.gave_up is None and self.central_offset is not None

    def feed(self, data: bytes) -> None:
        if self.gave_up is not None or self.central_offset is not None:
            return
        self._view = memoryview(self._carry + data if self._carry else data)
        self._at = 0
        try:
            self._advance()
            self._carry = bytes(self._view[self._at :])
        except (_GiveUp, _INFLATE_ERROR, UnicodeDecodeError, struct.error) as exc:
            # The scan is only ever a short cut: whatever it cannot follow, the full read judges later.
            self.gave_up = str(exc) or type(exc).__name__
            self._carry = b""
            self._inflater = None
        finally:
            self._view.release()

    def finish(self) -> None:
        if self.central_offset is None and self.gave_up is None:
            self.gave_up = "the archive ended before its directory"

    def _available(self) -> int:
        return len(self._view) - self._at

    def _consume(self, n: int) -> None:
        self._at += n
        self._position += n

    def _advance(self) -> None:
        while self._available():
            if self._entry is None:
                if not self._header():
                    return
            elif not self._data():
                return
            if self.central_offset is not None:
                self._at = len(self._view)  # the directory is read from storage, not here
                return

    def _header(self) -> bool:
        view, at = self._view, self._at
        if self._available() < 4:
            return False
        signature = view[at : at + 4]
        if signature in (CENTRAL, END):
            self.central_offset = self._position
            return True
        if signature != LOCAL:
            raise _GiveUp("not a member where one should start")
        if self._available() < _HEADER.size:
            return False
        _, _, flags, method, _, _, crc, compressed, size, name_length, extra_length = _HEADER.unpack_from(
            view, at
        )
        name_at = at + _HEADER.size
        end = name_at + name_length + extra_length
        if len(view) < end:
            return False
        if compressed == 0xFFFFFFFF or size == 0xFFFFFFFF or _has_zip64(view[name_at + name_length : end]):
            raise _GiveUp("zip64 member")
        if method not in (0, 8):
            raise _GiveUp("compression method not read here")
        if flags & _DESCRIPTOR and (method == 0 or flags & _ENCRYPTED):
            raise _GiveUp("member of unknown length")
        name = bytes(view[name_at : name_at + name_length]).decode("utf-8" if flags & _UTF8 else "cp437")
        self._entry = Scanned(self._position, name, flags, method, crc)
        # A member followed by a data descriptor is read until its deflate stream ends, whatever the header says.
        self._remaining = 0 if flags & _DESCRIPTOR else compressed
        self._inflater = zlib_ng.decompressobj(-15) if method == 8 and not flags & _ENCRYPTED else None
        self._consume(end - at)
        return True

    def _data(self) -> bool:
        entry = self._entry
        assert entry is not None
        if entry.flags & _DESCRIPTOR and self._inflater is not None and self._inflater.eof:
            return self._descriptor()
        if self._inflater is None:
            # Stored, or encrypted (skipped unread: the directory's flag says so and nothing is decoded).
            take = min(self._available(), self._remaining)
            if not entry.flags & _ENCRYPTED:
                self._output(self._view[self._at : self._at + take], take)
            entry.compressed += take
            self._remaining -= take
            self._consume(take)
            if self._remaining:
                return False
            return self._finish_entry()
        known = not entry.flags & _DESCRIPTOR
        take = min(self._available(), self._remaining) if known else self._available()
        pending: Any = self._view[self._at : self._at + take]
        while True:
            self._output(self._inflater.decompress(pending, OUTPUT_STEP), take)
            pending = self._inflater.unconsumed_tail
            if self._inflater.eof or not pending:
                break
        used = take - len(self._inflater.unused_data) if self._inflater.eof else take
        entry.compressed += used
        self._consume(used)
        if known:
            self._remaining -= used
            if self._inflater.eof != (self._remaining == 0):
                raise _GiveUp("member data does not end where its header says")
        if not self._inflater.eof:
            return False
        if known:
            return self._finish_entry()
        return self._descriptor()

    def _descriptor(self) -> bool:
        entry = self._entry
        assert entry is not None
        signed = self._view[self._at : self._at + 4] == DESCRIPTOR
        length = 16 if signed else 12
        if self._available() < length:
            return False
        crc, compressed, size = struct.unpack_from("<3L", self._view, self._at + (4 if signed else 0))
        if (compressed, size) != (entry.compressed, entry.size):
            raise _GiveUp("data descriptor disagrees with the data")
        entry.declared_crc = crc
        self._consume(length)
        return self._finish_entry()

    def _finish_entry(self) -> bool:
        entry = self._entry
        assert entry is not None
        if not entry.flags & _ENCRYPTED and entry.crc != entry.declared_crc:
            raise _GiveUp("CRC mismatch")
        self.entries.append(entry)
        self._entry = None
        self._inflater = None
        return True

    def _output(self, data: Any, input_bytes: int) -> None:
        """Account for decompressed bytes; `input_bytes` bounds the compressed bytes they came from."""
        entry = self._entry
        assert entry is not None
        if not len(data):
            return
        if len(entry.magic) < 16:
            entry.magic = (entry.magic + bytes(data[:16]))[:16]
        entry.size += len(data)
        entry.crc = zlib_ng.crc32(data, entry.crc)
        self._total += len(data)
        compressed = max(entry.compressed + input_bytes, 1)
        if (
            entry.size > self.max_entry_bytes
            or self._total > self.max_total_bytes
            or (entry.size > self.ratio_floor_bytes and entry.size > self.max_ratio * compressed)
        ):
            raise _GiveUp("a cap was exceeded")


class _GiveUp(Exception):
    pass


def _has_zip64(extra: bytes | bytearray | memoryview) -> bool:
    at = 0
    while at + 4 <= len(extra):
        header_id, length = struct.unpack_from("<HH", extra, at)
        if header_id == 0x0001:
            return True
        at += 4 + length
    return False


async def scanned(chunks: AsyncIterator[bytes], scan: StreamScan) -> AsyncGenerator[bytes, None]:
    """Pass the blocks through unchanged while `scan` reads them on its own thread."""
    offload = SerialOffload("zip-scan")
    try:
        async with closing_source(chunks):
            async for block in chunks:
                await offload.submit(scan.feed, block)
                yield block
    finally:
        await offload.drain()
    scan.finish()
