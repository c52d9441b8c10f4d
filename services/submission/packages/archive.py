"""Reading an uploaded zip without trusting it.

The package is never extracted: it is read in place, member by member, in bounded chunks. Before zipfile is
allowed near it, the end-of-central-directory record is parsed by hand and the directory's size and entry count
are bounded; then every name is checked (no absolute, drive, backslash or `..` paths, no NUL, no symlinks, no
duplicates), entries must not overlap (the trick behind non-recursive zip bombs), and the ratio and total caps
are counted on bytes actually decompressed, not on the sizes the archive declares. When the members were
already read as the upload arrived (stream.py) and that reading agrees with the directory entry for entry, they
are not read a second time.
"""

from __future__ import annotations

import lzma
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from services.submission.packages.stream import Scanned, StreamScan

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
LOCAL_HEADER = b"PK\x03\x04"
CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
# Characters no document name has and no report should carry as they are: control characters (NUL among them),
# lone surrogates, and the bidirectional overrides that make "invoice\u202efdp.exe" read as "invoice.pdf".
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every unshowable character written as an escape (`\\x00`), safe to store and to show."""
    return _UNSHOWABLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


# What a file's first bytes give away, whatever it is called.
MAGIC = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS or Java program"),
    (b"PK\x03\x04", "a compressed archive (zip, or an Office file mislabelled)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"#!", "a script"),
)


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 20_000
    max_central_directory_bytes: int = 16 * 1024 * 1024
    max_total_uncompressed_bytes: int = 8 * 1024**3
    max_entry_uncompressed_bytes: int = 2 * 1024**3
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 4 * 1024 * 1024
    max_name_bytes: int = 1024


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    path: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"severity": self.severity, "code": self.code, "message": printable(self.message)}
        if self.path is not None:
            out["path"] = printable(self.path)
        return out


class ArchiveRejected(Exception):
    """The archive is unsafe or unreadable; nothing more is looked at."""

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.finding = Finding("error", code, message, path)


@dataclass
class Member:
    path: str  # as a POSIX path inside the package, its shared root folder (if any) removed
    size: int
    compressed: int
    magic: bytes = b""
    encrypted: bool = False


@dataclass
class Archive:
    members: list[Member]
    folders: set[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(m.size for m in self.members)


def central_directory(path: Path, limits: ArchiveLimits) -> tuple[int, int, int]:
    """(entries, directory size, directory offset) from the end records, bounded before anything trusts them."""
    size = path.stat().st_size
    if size < 22:
        raise ArchiveRejected("archive.not_zip", "The file is not a zip archive (it is too small to be one).")
    with path.open("rb") as f:
        tail_start = max(0, size - (65535 + 22))
        f.seek(tail_start)
        tail = f.read()
        at = tail.rfind(EOCD)
        if at < 0 or len(tail) - at < 22:
            raise ArchiveRejected(
                "archive.not_zip",
                "The file is not a zip archive, or it was cut short: save the folder again with 'Compress' / "
                "'Send to > Compressed (zipped) folder' and upload it again.",
            )
        disk, cd_disk, _, entries, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[at : at + 22])[1:]
        directory_end = tail_start + at  # the list of files ends where the end record begins
        if disk or cd_disk:
            raise ArchiveRejected("archive.corrupt", "Archives split over several parts are not accepted.")
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
            locator = tail[at - 20 : at] if at >= 20 else b""
            if not locator.startswith(ZIP64_LOCATOR):
                raise ArchiveRejected("archive.corrupt", "The archive's end records are damaged.")
            (zip64_offset,) = struct.unpack("<Q", locator[8:16])
            if zip64_offset + 56 > size:
                raise ArchiveRejected("archive.corrupt", "The archive's end records are damaged.")
            f.seek(zip64_offset)
            record = f.read(56)
            if not record.startswith(ZIP64_EOCD):
                raise ArchiveRejected("archive.corrupt", "The archive's end records are damaged.")
            entries, cd_size, cd_offset = struct.unpack("<QQQ", record[32:56])
            directory_end = zip64_offset
    if entries > limits.max_entries:
        raise ArchiveRejected(
            "archive.too_many_entries",
            f"The package holds {entries} files; at most {limits.max_entries} are accepted.",
        )
    if cd_size > limits.max_central_directory_bytes:
        raise ArchiveRejected(
            "archive.too_many_entries", "The package's list of files is too large to be a real package."
        )
    if cd_offset + cd_size > size:
        raise ArchiveRejected(
            "archive.corrupt",
            "The archive was cut short (it ends before its own list of files). Upload it again.",
        )
    if cd_offset + cd_size != directory_end:
        # Offsets that do not add up mean bytes joined to the front (a self-extracting program) or spliced in.
        raise ArchiveRejected(
            "archive.corrupt",
            "This is not a plain zip archive (something is joined to it, such as a self-extracting program): "
            "compress the folder again and upload that.",
        )
    return entries, cd_size, cd_offset


def safe_name(raw: str, limits: ArchiveLimits) -> str:
    """The entry's path, refusing anything that could point outside the package."""
    if len(raw.encode("utf-8", "surrogateescape")) > limits.max_name_bytes:
        raise ArchiveRejected(
            "archive.unsafe_path",
            "A file name in the archive is far too long to be a document's name.",
            raw[:200],
        )
    if _UNSHOWABLE.search(raw):
        raise ArchiveRejected(
            "archive.unsafe_path",
            "A file name in the archive holds characters no document name has (control characters such as NUL, "
            "or hidden direction marks that disguise a file's type): rename it and zip the folder again.",
            raw[:200],
        )
    if raw.startswith(("/", "\\")) or _DRIVE.match(raw):
        raise ArchiveRejected(
            "archive.unsafe_path", "The archive contains an absolute path, which is not allowed.", raw
        )
    if "\\" in raw:
        raise ArchiveRejected(
            "archive.unsafe_path", "The archive contains a path with backslashes, which is not allowed.", raw
        )
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if not parts and not raw.endswith("/"):
        # A file whose name is empty (or only "."): zipfile itself fails on it, and no document is nameless.
        raise ArchiveRejected(
            "archive.unsafe_path", "A file in the archive has no name: zip the folder again.", raw
        )
    if any(p == ".." for p in parts):
        raise ArchiveRejected(
            "archive.unsafe_path", "The archive contains a path that climbs out with '..'.", raw
        )
    return "/".join(parts)


def check_layout(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], cd_offset: int, path: Path) -> None:
    """Entries' data must not overlap, nor run into the central directory."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    with path.open("rb") as f:
        previous_end = 0
        for info in ordered:
            if info.header_offset < previous_end:
                raise ArchiveRejected(
                    "archive.overlapping_entries",
                    "Files in the archive share the same data: this is how some zip bombs are built.",
                    info.filename,
                )
            f.seek(info.header_offset)
            header = f.read(30)
            if len(header) < 30 or not header.startswith(LOCAL_HEADER):
                raise ArchiveRejected(
                    "archive.corrupt", "The archive is damaged (a file header is missing).", info.filename
                )
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            previous_end = info.header_offset + 30 + name_length + extra_length + info.compress_size
            if previous_end > cd_offset:
                raise ArchiveRejected(
                    "archive.overlapping_entries",
                    "A file's data runs into the archive's list of files.",
                    info.filename,
                )


def stream_scan(limits: ArchiveLimits) -> StreamScan:
    """A scan to run on the package while it arrives, within the same caps (see stream.py)."""
    return StreamScan(
        max_entry_bytes=limits.max_entry_uncompressed_bytes,
        max_total_bytes=limits.max_total_uncompressed_bytes,
        max_ratio=limits.max_ratio,
        ratio_floor_bytes=limits.ratio_floor_bytes,
    )


def _scanned_members(
    scan: StreamScan | None, infos: list[zipfile.ZipInfo], cd_offset: int
) -> list[Scanned] | None:
    """The scan's record of each directory entry, if the directory and the scan agree on every one of them.

    They agree only if each entry names a scanned member at its offset with the same name, method,
    encryption, sizes and CRC, one member per entry, and the members run end to end up to the directory:
    then the members cannot overlap, and each was read in full with its CRC checked as it arrived.
    """
    if (
        scan is None
        or not scan.complete
        or scan.central_offset != cd_offset
        or len(scan.entries) != len(infos)
    ):
        return None
    by_offset = {e.offset: e for e in scan.entries}
    matched = []
    for info in infos:
        e = by_offset.pop(info.header_offset, None)
        if (
            e is None
            or e.name != info.orig_filename
            or e.method != info.compress_type
            or (e.flags & 0x1) != (info.flag_bits & 0x1)
            or e.compressed != info.compress_size
            or e.declared_crc != info.CRC
            or (not e.flags & 0x1 and e.size != info.file_size)
        ):
            return None
        matched.append(e)
    return matched


def read_archive(
    path: Path, limits: ArchiveLimits = ArchiveLimits(), scan: StreamScan | None = None
) -> Archive:
    """Every member of the zip at `path`, read once in full; ArchiveRejected if it is unsafe or unreadable.

    With a `scan` made while the file arrived that agrees with the directory, members are not read again.
    """
    _, _, cd_offset = central_directory(path, limits)
    try:
        zf = zipfile.ZipFile(path)
    except UnicodeDecodeError as exc:
        raise ArchiveRejected(
            "archive.unsafe_path",
            "A file name in the archive is marked as UTF-8 but is not valid text: rename it and zip the folder "
            "again.",
        ) from exc
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise ArchiveRejected("archive.corrupt", f"The archive cannot be read: {exc}.") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ArchiveRejected(
                "archive.too_many_entries", f"The package holds more than {limits.max_entries} files."
            )
        names: dict[str, str] = {}
        declared_total = 0
        entries: list[tuple[zipfile.ZipInfo, str]] = []
        folders: set[str] = set()
        for info in infos:
            # The name as stored: zipfile cuts `filename` at a NUL, the old trick for hiding an extension.
            name = safe_name(info.orig_filename, limits)
            if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
                raise ArchiveRejected(
                    "archive.symlink", "The archive contains a symbolic link, which is not allowed.", name
                )
            key = name.casefold()
            if key in names:
                raise ArchiveRejected(
                    "archive.duplicate_name",
                    f"Two files in the archive have the same name ({names[key]!r} and {name!r}).",
                    name,
                )
            names[key] = name
            if info.is_dir():
                if name:
                    folders.add(name)
                continue
            declared_total += info.file_size
            if declared_total > limits.max_total_uncompressed_bytes:
                raise ArchiveRejected(
                    "archive.bomb", "The package unpacks to far more data than any real package."
                )
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise ArchiveRejected(
                    "archive.bomb", "A file in the archive is compressed beyond anything real.", name
                )
            entries.append((info, name))
        archive = Archive([], folders)
        scanned = _scanned_members(scan, infos, cd_offset)
        if scanned is not None:
            by_offset = {s.offset: s for s in scanned}
            for info, name in entries:
                seen = by_offset[info.header_offset]
                archive.members.append(
                    Member(
                        name, seen.size, info.compress_size, seen.magic, encrypted=bool(info.flag_bits & 0x1)
                    )
                )
            _strip_shared_root(archive)
            return archive
        check_layout(zf, infos, cd_offset, path)
        actual_total = 0
        buffer = bytearray(CHUNK)
        for info, name in entries:
            member = Member(name, 0, info.compress_size)
            archive.members.append(member)
            if info.flag_bits & 0x1:
                member.encrypted = True
                continue
            try:
                with zf.open(info) as stream:
                    while True:
                        n = stream.readinto(buffer)  # type: ignore[attr-defined]
                        if not n:
                            break
                        if not member.magic:
                            member.magic = bytes(buffer[:16])
                        member.size += n
                        actual_total += n
                        if member.size > limits.max_entry_uncompressed_bytes or (
                            member.size > limits.ratio_floor_bytes
                            and member.size > limits.max_ratio * max(info.compress_size, 1)
                        ):
                            raise ArchiveRejected(
                                "archive.bomb",
                                "A file in the archive unpacks to far more than it should.",
                                name,
                            )
                        if actual_total > limits.max_total_uncompressed_bytes:
                            raise ArchiveRejected(
                                "archive.bomb", "The package unpacks to far more data than any real package."
                            )
            except ArchiveRejected:
                raise
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                NotImplementedError,
                RuntimeError,
                ValueError,
                lzma.LZMAError,
                struct.error,
            ) as exc:
                raise ArchiveRejected(
                    "archive.corrupt", f"A file in the archive is damaged or cannot be read ({exc}).", name
                ) from exc
    _strip_shared_root(archive)
    return archive


def shared_root(files: list[str], folders: set[str]) -> str | None:
    """The one folder around everything ('Prairie Roofing SECOR 2026/'), as a package zipped from its folder
    holds; None when there is none."""
    tops = {p.split("/", 1)[0] for p in files} | {f.split("/", 1)[0] for f in folders}
    if len(tops) != 1 or not files or not all("/" in p for p in files):
        return None
    return tops.pop() + "/"


def _strip_shared_root(archive: Archive) -> None:
    """A package zipped from its folder holds one root folder around everything: look inside it."""
    root = shared_root([m.path for m in archive.members], archive.folders)
    if root is None:
        return
    for m in archive.members:
        m.path = m.path[len(root) :]
    archive.folders = {f[len(root) :] for f in archive.folders if f.startswith(root) and len(f) > len(root)}


def looks_like(magic: bytes) -> str | None:
    """What the first bytes say a file is, when it is something a package must not hold."""
    for prefix, what in MAGIC:
        if magic.startswith(prefix):
            return what
    return None


def suffix(path: str) -> str:
    """The extension, lower-cased and without its dot ('' if none), as PurePosixPath.suffix would find it."""
    name = path.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem and extension else ""
