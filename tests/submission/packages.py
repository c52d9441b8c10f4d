"""Packages built by the tests themselves: a good one, and one per finding and per attack.

`good_files()` is a package that passes every check of the default instrument; each bad package changes it in
exactly one way. Hostile archives that zipfile will not write (overlapping entries, lying sizes, encryption
flags, forged end records) are assembled byte by byte.
"""

from __future__ import annotations

import io
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PDF = b"%PDF-1.7\n% a SECOR document\n" + b"0" * 200
ELEMENT_FOLDERS = [
    "01 Health and Safety Policy",
    "02 Hazard Assessments",
    "03 Safe Work Practices",
    "04 Safe Job Procedures",
    "05 Company Rules",
    "06 Personal Protective Equipment",
    "07 Maintenance",
    "08 Training and Communication",
    "09 Inspections",
    "10 Investigations",
    "11 Emergency Planning",
    "12 Records and Statistics",
]
TOOL = "SECOR Evaluation Tool.pdf"
LEGISLATION = "OHS Legislation List.pdf"


def good_files(per_element: int = 2) -> dict[str, bytes]:
    """Name → content of a package that passes every check (audit period of 3 months or more)."""
    files = {TOOL: PDF, LEGISLATION: PDF}
    for folder in ELEMENT_FOLDERS:
        for i in range(per_element):
            files[f"{folder}/{folder[3:]} record {i + 1} - 2026-0{i + 1}-15.pdf"] = PDF
    return files


def zip_bytes(
    files: Mapping[str, bytes],
    *,
    folders: Iterable[str] = (),
    root: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A zip of `files` (and empty `folders`), optionally all inside one `root` folder as Explorer makes it."""
    buffer = io.BytesIO()
    prefix = f"{root}/" if root else ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which some tests want
        with zipfile.ZipFile(buffer, "w", compression) as zf:
            if root:
                zf.writestr(zipfile.ZipInfo(prefix), b"")
            for folder in folders:
                zf.writestr(zipfile.ZipInfo(f"{prefix}{folder.rstrip('/')}/"), b"")
            for name, content in files.items():
                zf.writestr(
                    zipfile.ZipInfo(prefix + name, (2026, 3, 1, 9, 0, 0)), content, compress_type=compression
                )
    return buffer.getvalue()


def with_symlink(files: Mapping[str, bytes], name: str, target: str) -> bytes:
    buffer = io.BytesIO(zip_bytes(files))
    with zipfile.ZipFile(buffer, "a") as zf:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, target)
    return buffer.getvalue()


@dataclass
class RawEntry:
    name: str
    data: bytes
    method: int = 0  # 0 stored, 8 deflated
    flags: int = 0
    declared_size: int | None = None  # what the headers claim the file unpacks to
    offset: int | None = None  # point the directory entry at another entry's data
    central_name: str | None = None  # what the directory calls it, if not what the local header does


def raw_zip(entries: list[RawEntry], *, eocd_entries: int | None = None, cd_size: int | None = None) -> bytes:
    """A zip assembled byte by byte, so the tests can write what zipfile refuses to."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        payload = _deflate(e.data) if e.method == 8 else e.data
        crc = zlib.crc32(e.data)
        size = len(e.data) if e.declared_size is None else e.declared_size
        name = e.name.encode()
        offset = e.offset
        if offset is None:
            offset = len(out)
            out += struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, e.flags, e.method, 0, 0, crc, len(payload), size, len(name), 0
            )
            out += name + payload
        name = (e.central_name or e.name).encode()
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            e.flags,
            e.method,
            0,
            0,
            crc,
            len(payload),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    cd_offset = len(out)
    out += central
    count = len(entries) if eocd_entries is None else eocd_entries
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count & 0xFFFF, count & 0xFFFF, cd_size or len(central), cd_offset, 0
    )
    return bytes(out)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path
