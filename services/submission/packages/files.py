"""QA reads a stored package in place: its documents listed from the zip's directory, and one of them streamed
out of the zip in bounded memory, never the whole package extracted or downloaded.

The directory is held to the same limits as intake (its size, the entries' names, sizes and layout) before
any member is opened, so a hostile package stays harmless here too, whatever intake decided about it. A member
is read straight from its byte range (inflated if deflated, with zlib-ng) and its CRC checked as it goes: zipfile's
own reader made one 128 MB document cost ~45 ms against ~15 ms this way, on the path that QA waits on.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import stat
import struct
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from zlib_ng import zlib_ng

from services.submission.packages.archive import (
    ArchiveLimits,
    ArchiveRejected,
    central_directory,
    check_layout,
    safe_name,
    shared_root,
)

CHUNK = 2 * 1024 * 1024


@dataclass(frozen=True)
class PackageFile:
    path: str  # as intake reports it: inside the shared root folder, if there is one
    entry: str  # the entry's own name in the zip
    size: int
    modified: dt.datetime | None
    encrypted: bool
    offset: int  # of the entry's local header
    method: int
    compressed: int
    crc: int


def _modified(info: zipfile.ZipInfo) -> dt.datetime | None:
    """The entry's own time stamp (zip keeps local time without a zone); None when it is not a real date."""
    try:
        return dt.datetime(*info.date_time)
    except ValueError:
        return None


def package_files(path: Path, limits: ArchiveLimits) -> list[PackageFile]:
    """Every document of the zip at `path`, in the zip's order; ArchiveRejected if it cannot be read safely."""
    _, _, cd_offset = central_directory(path, limits)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise ArchiveRejected("archive.corrupt", f"The archive cannot be read: {exc}.") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveRejected("archive.too_many_entries", "The package holds too many files.")
        documents: list[tuple[zipfile.ZipInfo, str]] = []
        folders: set[str] = set()
        for info in infos:
            name = safe_name(info.orig_filename, limits)
            if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
                raise ArchiveRejected("archive.symlink", "The archive contains a symbolic link.", name)
            if info.is_dir():
                folders.add(name)
                continue
            if info.file_size > limits.max_entry_uncompressed_bytes or (
                info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise ArchiveRejected(
                    "archive.bomb", "A file in the archive unpacks to far more than it should."
                )
            documents.append((info, name))
        check_layout(zf, infos, cd_offset, path)
    root = shared_root([name for _, name in documents], folders) or ""
    return [
        PackageFile(
            name[len(root) :],
            info.orig_filename,
            info.file_size,
            _modified(info),
            bool(info.flag_bits & 0x1),
            info.header_offset,
            info.compress_type,
            info.compress_size,
            info.CRC,
        )
        for info, name in documents
    ]


async def read_ahead(blocks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """`blocks` read on a worker thread one block ahead of the consumer: the next block is read from the zip
    while this one is written to the socket (both release the GIL), and at most two are held at a time."""
    loop = asyncio.get_running_loop()
    pending = loop.run_in_executor(None, next, blocks, None)
    try:
        while (block := await pending) is not None:
            pending = loop.run_in_executor(None, next, blocks, None)
            yield block
    finally:
        with contextlib.suppress(BaseException):
            await pending  # a generator cannot be closed while a thread is inside it
        blocks.close()  # type: ignore[attr-defined]


_INFLATE_ERROR = cast(type[Exception], zlib_ng.error)


class MemberDamaged(Exception):
    """The member's bytes do not agree with the directory (CRC, size or data): the stream is cut short."""


def read_member(path: Path, member: PackageFile, chunk: int = CHUNK) -> Iterator[bytes]:
    """The bytes of one member as `package_files` listed it, `chunk` at a time, never more than its declared
    size; MemberDamaged at the end if they do not match its CRC. Stored and deflated members are read from
    their byte range; any other method goes through zipfile."""
    if member.method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        with zipfile.ZipFile(path) as zf, zf.open(zf.getinfo(member.entry)) as stream:
            while block := stream.read(chunk):
                yield block
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        header = os.pread(fd, 30, member.offset)
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            raise MemberDamaged(f"no local header for {member.path!r}")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        at = member.offset + 30 + name_length + extra_length
        end = at + member.compressed
        crc, produced = 0, 0
        inflater = zlib_ng.decompressobj(-15) if member.method == zipfile.ZIP_DEFLATED else None
        while at < end:
            raw = os.pread(fd, min(chunk, end - at), at)
            if not raw:
                raise MemberDamaged(f"{member.path!r} is cut short")
            at += len(raw)
            pieces = [raw]
            if inflater is not None:
                pieces = []
                data = raw
                try:
                    while data:
                        piece = inflater.decompress(data, chunk)
                        data = inflater.unconsumed_tail
                        pieces.append(piece)
                        if produced + sum(map(len, pieces)) > member.size:
                            raise MemberDamaged(f"{member.path!r} unpacks to more than its declared size")
                except _INFLATE_ERROR as exc:
                    raise MemberDamaged(f"{member.path!r} is damaged ({exc})") from exc
            for piece in pieces:
                if piece:
                    crc = zlib_ng.crc32(piece, crc)
                    produced += len(piece)
                    yield piece
        if produced != member.size or crc != member.crc:
            raise MemberDamaged(f"{member.path!r} does not match its CRC or size")
    finally:
        os.close(fd)
