"""Reading a zip while it arrives: used when it agrees with the directory, set aside whenever it cannot follow."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.submission.packages.archive import ArchiveLimits, ArchiveRejected, read_archive
from tests.submission.packages import PDF, TOOL, RawEntry, good_files, raw_zip, zip_bytes
from tests.submission.test_packages import streamed

LIMITS = ArchiveLimits()


class _Unseekable(io.RawIOBase):
    """A pipe-like sink: zipfile then writes data descriptors after each member, as streaming zippers do."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


def descriptor_zip(files: dict[str, bytes]) -> bytes:
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return bytes(sink.data)


@contextlib.contextmanager
def no_member_reads() -> Iterator[None]:
    """Fail if any member is read from the stored file."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was read again although the scan covered it")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipFile, "open", refuse)
        yield


def store(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "package.zip"
    path.write_bytes(content)
    return path


class TestFollowed:
    @pytest.mark.parametrize(
        "content",
        [
            pytest.param(lambda: zip_bytes(good_files()), id="deflated"),
            pytest.param(lambda: zip_bytes(good_files(), compression=zipfile.ZIP_STORED), id="stored"),
            pytest.param(lambda: descriptor_zip(good_files()), id="data-descriptors"),
            pytest.param(lambda: zip_bytes(good_files(), root="Prairie Roofing"), id="root-folder"),
            pytest.param(lambda: zip_bytes({}), id="empty"),
        ],
    )
    def test_members_are_not_read_twice(self, tmp_path: Path, content: Any) -> None:
        data = content()
        scan = streamed(data, LIMITS)
        assert scan.complete, scan.gave_up
        path = store(tmp_path, data)
        with no_member_reads():
            archive = read_archive(path, LIMITS, scan)
        assert archive == read_archive(path, LIMITS)


class TestSetAside:
    """Whatever the scan cannot vouch for is read from storage, which gives the same answer as ever."""

    def _fallback(self, tmp_path: Path, data: bytes) -> tuple[str | None, Any]:
        scan = streamed(data, LIMITS)
        try:
            archive = read_archive(store(tmp_path, data), LIMITS, scan)
        except ArchiveRejected as exc:
            return scan.gave_up, exc.finding.code
        return scan.gave_up, sorted(m.path for m in archive.members)

    def test_zip64(self, tmp_path: Path) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf, zf.open(TOOL, "w", force_zip64=True) as member:
            member.write(PDF)
        gave_up, result = self._fallback(tmp_path, buffer.getvalue())
        assert gave_up == "zip64 member" and result == [TOOL]

    def test_data_before_the_first_member(self, tmp_path: Path) -> None:
        # A self-extracting archive: a program with a zip appended. Not a package.
        gave_up, result = self._fallback(tmp_path, b"MZ self-extractor stub" + zip_bytes({TOOL: PDF}))
        assert gave_up and result == "archive.corrupt"

    def test_stored_member_of_unknown_length(self, tmp_path: Path) -> None:
        gave_up, _ = self._fallback(tmp_path, raw_zip([RawEntry(TOOL, PDF, flags=0x8)]))
        assert gave_up == "member of unknown length"

    def test_local_and_directory_names_differ(self, tmp_path: Path) -> None:
        # The zip confusion trick: a viewer reading headers sees a PDF, one reading the directory an .exe.
        data = raw_zip([RawEntry("Policy.pdf", PDF, central_name="Policy.exe")])
        scan = streamed(data, LIMITS)
        assert scan.complete  # the stream alone looks fine...
        with pytest.raises(ArchiveRejected) as caught:
            read_archive(store(tmp_path, data), LIMITS, scan)  # ...but it disagrees with the directory
        assert caught.value.finding.code == "archive.corrupt"

    def test_bad_crc(self, tmp_path: Path) -> None:
        data = bytearray(zip_bytes({TOOL: PDF}, compression=zipfile.ZIP_STORED))
        data[data.index(b"%PDF") + 5] ^= 0xFF
        gave_up, result = self._fallback(tmp_path, bytes(data))
        assert gave_up == "CRC mismatch" and result == "archive.corrupt"

    def test_truncated(self, tmp_path: Path) -> None:
        data = zip_bytes(good_files())
        scan = streamed(data[: len(data) // 2], LIMITS)
        assert not scan.complete and scan.gave_up

    def test_bomb_stops_the_scan_early(self, tmp_path: Path) -> None:
        data = zip_bytes({TOOL: PDF, "01 Policy/Policy.txt": b"\0" * (64 * 1024 * 1024)})
        scan = streamed(data, LIMITS)
        assert scan.gave_up == "a cap was exceeded"
        assert sum(e.size for e in scan.entries) < 1024 * 1024
        with pytest.raises(ArchiveRejected) as caught:
            read_archive(store(tmp_path, data), LIMITS, scan)
        assert caught.value.finding.code == "archive.bomb"

    def test_garbage(self, tmp_path: Path) -> None:
        gave_up, result = self._fallback(tmp_path, PDF * 100)
        assert gave_up and result == "archive.not_zip"
