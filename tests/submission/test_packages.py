"""The corpus: one package per finding code and per attack, each giving exactly its finding."""

from __future__ import annotations

import datetime as dt
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from services.submission.instruments.model import Instruments
from services.submission.packages.archive import ArchiveLimits, ArchiveRejected, read_archive, stream_scan
from services.submission.packages.stream import StreamScan
from services.submission.packages.validation import Report
from services.submission.submissions.intake import check_file
from tests.submission.packages import (
    ELEMENT_FOLDERS,
    LEGISLATION,
    PDF,
    TOOL,
    RawEntry,
    good_files,
    raw_zip,
    with_symlink,
    zip_bytes,
)

INSTRUMENT = Instruments().current
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)  # three months: up to 6 documents an element
E01 = ELEMENT_FOLDERS[0]


def streamed(content: bytes, limits: ArchiveLimits, seed: int = 0) -> StreamScan:
    """The scan intake makes while the package arrives, fed in uneven pieces as a network delivers them."""
    scan = stream_scan(limits)
    rng = random.Random(seed)
    at = 0
    while at < len(content):
        step = rng.choice([1, 7, 30, 512, 4096, 65536, 1 << 20])
        scan.feed(content[at : at + step])
        at += step
    scan.finish()
    return scan


def check(
    tmp_path: Path, content: bytes, limits: ArchiveLimits = ArchiveLimits(), scores: Any = None
) -> Report:
    """The report for a package, which must be the same whether intake read it while it arrived or after."""
    path = tmp_path / "package.zip"
    path.write_bytes(content)
    submission = SimpleNamespace(audit_period_start=START, audit_period_end=END, element_scores=scores)
    read_after = check_file(path, INSTRUMENT, limits, submission=submission)
    read_while_arriving = check_file(
        path, INSTRUMENT, limits, submission=submission, scan=streamed(content, limits)
    )
    assert read_while_arriving == read_after
    return read_after


def codes(report: Report) -> list[str]:
    return sorted(f.code for f in report.findings)


def without(*names: str) -> dict[str, bytes]:
    return {k: v for k, v in good_files().items() if k not in names}


def changed(**replace: bytes) -> dict[str, bytes]:
    """The good package with files added or replaced (keys use `__` for `/`)."""
    return good_files() | {k.replace("__", "/"): v for k, v in replace.items()}


def scores(**percent: float) -> list[dict[str, Any]]:
    out = [{"element": e.code, "earned": 90.0, "possible": 100.0} for e in INSTRUMENT.elements]
    for s in out:
        if s["element"] in percent:
            s["earned"] = percent[s["element"]]
    return out


class TestGoodPackage:
    def test_accepted_with_inventory(self, tmp_path: Path) -> None:
        report = check(tmp_path, zip_bytes(good_files()), scores=scores())
        assert (report.outcome, report.findings) == ("accepted", [])
        assert report.inventory["files"] == 2 + 2 * len(ELEMENT_FOLDERS)
        assert report.inventory["elements"] == {e.code: 2 for e in INSTRUMENT.elements}
        assert report.inventory["bytes"] == len(PDF) * report.inventory["files"]

    def test_zipped_from_its_folder_is_read_inside_it(self, tmp_path: Path) -> None:
        report = check(tmp_path, zip_bytes(good_files(), root="Prairie Roofing SECOR 2026"))
        assert (report.outcome, report.findings) == ("accepted", [])

    def test_office_documents_are_zip_inside_and_fine(self, tmp_path: Path) -> None:
        docx = zip_bytes({"word/document.xml": b"<w:document/>"})
        report = check(tmp_path, zip_bytes(changed(**{f"{E01}__Policy statement.docx": docx})))
        assert report.findings == []

    def test_stored_and_deflated_alike(self, tmp_path: Path) -> None:
        report = check(tmp_path, zip_bytes(good_files(), compression=zipfile.ZIP_STORED))
        assert report.outcome == "accepted"


# (finding code, severity, the package, the path the finding names)
PACKAGE_FINDINGS: list[tuple[str, str, Callable[[], bytes], str | None]] = [
    ("evaluation_tool.missing", "error", lambda: zip_bytes(without(TOOL)), None),
    (
        "evaluation_tool.not_top_level",
        "warning",
        lambda: zip_bytes(without(TOOL) | {f"{E01}/{TOOL}": PDF}),
        f"{E01}/{TOOL}",
    ),
    ("legislation_list.missing", "error", lambda: zip_bytes(without(LEGISLATION)), None),
    (
        "legislation_list.not_top_level",
        "warning",
        lambda: zip_bytes(without(LEGISLATION) | {f"{E01}/{LEGISLATION}": PDF}),
        f"{E01}/{LEGISLATION}",
    ),
    (
        "file.outside_element",
        "warning",
        lambda: zip_bytes(changed(**{"Safety meeting minutes.pdf": PDF})),
        "Safety meeting minutes.pdf",
    ),
    (
        "folder.unknown_element",
        "warning",
        lambda: zip_bytes(changed(**{"Photos__Site photo roof.jpg": b"\xff\xd8\xff"})),
        "Photos/",
    ),
    (
        "folder.empty_element",
        "warning",
        lambda: zip_bytes(
            {k: v for k, v in good_files().items() if not k.startswith("07 ")}, folders=["07 Maintenance"]
        ),
        "07 Maintenance/",
    ),
    (
        "folder.duplicate_element",
        "warning",
        lambda: zip_bytes(changed(**{"Element 1 - policy extras__Policy review 2026.pdf": PDF})),
        "Element 1 - policy extras/",
    ),
    (
        "element.missing",
        "warning",
        lambda: zip_bytes({k: v for k, v in good_files().items() if not k.startswith("12 ")}),
        None,
    ),
    (
        "element.over_submission",
        "warning",
        lambda: zip_bytes(
            # Three months: the larger sample is two a week for thirteen weeks, 26; this folder holds 27.
            good_files() | {f"02 Hazard Assessments/Hazard assessment job {i}.pdf": PDF for i in range(25)}
        ),
        "02 Hazard Assessments/",
    ),
    (
        "file.unlabelled",
        "warning",
        lambda: zip_bytes(changed(**{f"{E01}__scan0001.pdf": PDF})),
        f"{E01}/scan0001.pdf",
    ),
    (
        "file.unlabelled",
        "warning",
        lambda: zip_bytes(changed(**{f"{E01}__IMG_2041.jpg": b"\xff\xd8\xff"})),
        f"{E01}/IMG_2041.jpg",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__Setup tool.exe": b"MZ\x90\x00"})),
        f"{E01}/Setup tool.exe",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__Policy statement final.pdf": b"\x7fELF\x02\x01"})),
        f"{E01}/Policy statement final.pdf",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__Cleanup script.sh": b"echo hi"})),
        f"{E01}/Cleanup script.sh",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__Macro helper.js": b"alert(1)"})),
        f"{E01}/Macro helper.js",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__More documents.zip": zip_bytes({"a.pdf": PDF})})),
        f"{E01}/More documents.zip",
    ),
    (
        "file.disallowed_type",
        "error",
        lambda: zip_bytes(changed(**{f"{E01}__Policy archive.pdf": b"Rar!\x1a\x07\x00"})),
        f"{E01}/Policy archive.pdf",
    ),
    ("package.empty", "error", lambda: zip_bytes({}), None),
    ("package.empty", "error", lambda: zip_bytes({}, folders=ELEMENT_FOLDERS), None),
]


@pytest.mark.parametrize(
    ("code", "severity", "build", "path"),
    PACKAGE_FINDINGS,
    ids=[f"{c}-{i}" for i, (c, *_) in enumerate(PACKAGE_FINDINGS)],
)
def test_each_finding(
    tmp_path: Path, code: str, severity: str, build: Callable[[], bytes], path: str | None
) -> None:
    report = check(tmp_path, build())
    if code == "package.empty":
        assert codes(report) == [code]
    else:
        assert [(f.code, f.severity, f.path) for f in report.findings] == [(code, severity, path)]
    assert report.outcome == ("rejected" if severity == "error" else "accepted")
    assert all(f.message.endswith((".", ")")) and len(f.message) > 20 for f in report.findings)


class TestEncrypted:
    def test_password_protected_entry(self, tmp_path: Path) -> None:
        files = good_files()
        entries = [RawEntry(name, content) for name, content in files.items()]
        entries[-1].flags = 0x1
        report = check(tmp_path, raw_zip(entries))
        assert [(f.code, f.path) for f in report.findings] == [("file.encrypted", entries[-1].name)]
        assert report.outcome == "rejected"


class TestScores:
    def test_overall_below_80(self, tmp_path: Path) -> None:
        report = check(
            tmp_path, zip_bytes(good_files()), scores=[{"element": "E01", "earned": 79, "possible": 100}]
        )
        assert codes(report) == ["scores.overall_below"]
        assert "79.0%" in report.findings[0].message

    def test_exactly_80_passes(self, tmp_path: Path) -> None:
        report = check(
            tmp_path, zip_bytes(good_files()), scores=[{"element": "E01", "earned": 80, "possible": 100}]
        )
        assert report.findings == []

    def test_element_below_50_even_when_overall_passes(self, tmp_path: Path) -> None:
        report = check(tmp_path, zip_bytes(good_files()), scores=scores(E05=49))
        assert [(f.code, f.path) for f in report.findings] == [("scores.element_below", "E05")]

    def test_element_at_50_passes(self, tmp_path: Path) -> None:
        assert check(tmp_path, zip_bytes(good_files()), scores=scores(E05=50)).findings == []


def rejected_with(
    tmp_path: Path, content: bytes, limits: ArchiveLimits = ArchiveLimits()
) -> tuple[str, str | None]:
    report = check(tmp_path, content, limits)
    assert report.outcome == "rejected"
    [finding] = report.findings
    assert finding.severity == "error"
    return finding.code, finding.path


class TestHostileArchives:
    @pytest.mark.parametrize(
        "name",
        [
            "../../../../etc/cron.d/evil.pdf",
            f"{E01}/../../outside.pdf",
            "/etc/passwd.pdf",
            "C:/Windows/system32/evil.pdf",
            "C:evil.pdf",
            "..\\..\\evil.pdf",
            f"{E01}\\policy.pdf",
            "\\\\server\\share\\evil.pdf",
        ],
    )
    def test_zip_slip(self, tmp_path: Path, name: str) -> None:
        assert rejected_with(tmp_path, zip_bytes(changed(**{name.replace("/", "__"): PDF}))) == (
            "archive.unsafe_path",
            name,
        )

    def test_nothing_is_written_anywhere(self, tmp_path: Path) -> None:
        package = tmp_path / "pkg"
        package.mkdir()
        check(package, zip_bytes(changed(**{"..__escaped.pdf": PDF})))
        assert sorted(os.listdir(tmp_path)) == ["pkg"]
        assert sorted(os.listdir(package)) == ["package.zip"]

    def test_symlink(self, tmp_path: Path) -> None:
        content = with_symlink(good_files(), f"{E01}/Policy link.pdf", "/etc/passwd")
        assert rejected_with(tmp_path, content) == ("archive.symlink", f"{E01}/Policy link.pdf")

    @pytest.mark.parametrize("name", ["", "."])
    def test_nameless_file(self, tmp_path: Path, name: str) -> None:
        entries = [RawEntry(n, c) for n, c in good_files().items()] + [RawEntry(name, PDF)]
        assert rejected_with(tmp_path, raw_zip(entries))[0] == "archive.unsafe_path"

    def test_duplicate_names(self, tmp_path: Path) -> None:
        entries = [RawEntry(n, c) for n, c in good_files().items()] + [RawEntry(TOOL, b"%PDF other")]
        assert rejected_with(tmp_path, raw_zip(entries)) == ("archive.duplicate_name", TOOL)

    def test_names_differing_only_in_case(self, tmp_path: Path) -> None:
        content = zip_bytes(changed(**{"secor evaluation tool.PDF": PDF}))
        assert rejected_with(tmp_path, content)[0] == "archive.duplicate_name"

    def test_overlapping_entries(self, tmp_path: Path) -> None:
        # Many directory entries sharing one compressed body: the non-recursive zip bomb's trick.
        body = RawEntry("a.pdf", PDF * 50, method=8)
        content = raw_zip([body] + [RawEntry(f"b{i}.pdf", PDF * 50, method=8, offset=0) for i in range(3)])
        assert rejected_with(tmp_path, content)[0] == "archive.overlapping_entries"

    def test_ratio_bomb(self, tmp_path: Path) -> None:
        content = zip_bytes(changed(**{f"{E01}__Policy statement.txt": b"\0" * (64 * 1024 * 1024)}))
        assert rejected_with(tmp_path, content) == ("archive.bomb", f"{E01}/Policy statement.txt")

    def test_total_cap(self, tmp_path: Path) -> None:
        files = {f"{E01}/Policy {i}.pdf": os.urandom(300_000) for i in range(4)}
        limits = ArchiveLimits(max_total_uncompressed_bytes=1_000_000)
        assert rejected_with(tmp_path, zip_bytes(files), limits)[0] == "archive.bomb"

    def test_sizes_that_lie_are_caught_while_reading(self, tmp_path: Path) -> None:
        # Declares 100 bytes, holds 20 MB of zeros: the declared ratio looks harmless.
        entry = RawEntry(f"{E01}/Policy.txt", b"\0" * (20 * 1024 * 1024), method=8, declared_size=100)
        code, path = rejected_with(tmp_path, raw_zip([RawEntry(TOOL, PDF), entry]))
        assert (code, path) == ("archive.corrupt", f"{E01}/Policy.txt")

    def test_actual_bytes_count_against_the_caps(self, tmp_path: Path) -> None:
        path = tmp_path / "p.zip"
        path.write_bytes(zip_bytes({f"{E01}/Policy {i}.pdf": os.urandom(200_000) for i in range(3)}))
        limits = ArchiveLimits(max_total_uncompressed_bytes=500_000)
        with pytest.raises(ArchiveRejected) as caught:
            read_archive(path, limits)
        assert caught.value.finding.code == "archive.bomb"

    def test_too_many_entries_refused_before_opening(self, tmp_path: Path) -> None:
        content = raw_zip([RawEntry(TOOL, PDF)], eocd_entries=60_000)
        assert rejected_with(tmp_path, content)[0] == "archive.too_many_entries"

    def test_oversized_central_directory(self, tmp_path: Path) -> None:
        content = raw_zip([RawEntry(TOOL, PDF)])
        limits = ArchiveLimits(max_central_directory_bytes=10)
        assert rejected_with(tmp_path, content, limits)[0] == "archive.too_many_entries"

    def test_directory_beyond_the_end(self, tmp_path: Path) -> None:
        content = raw_zip([RawEntry(TOOL, PDF)], cd_size=10_000)
        assert rejected_with(tmp_path, content)[0] == "archive.corrupt"

    def test_truncated(self, tmp_path: Path) -> None:
        content = zip_bytes(good_files())
        assert rejected_with(tmp_path, content[: len(content) // 2])[0] == "archive.not_zip"

    def test_not_a_zip(self, tmp_path: Path) -> None:
        assert rejected_with(tmp_path, PDF * 10)[0] == "archive.not_zip"
        assert rejected_with(tmp_path, b"PK")[0] == "archive.not_zip"

    def test_damaged_data(self, tmp_path: Path) -> None:
        entry = RawEntry(f"{E01}/Policy.txt", os.urandom(5000).hex().encode(), method=8)
        content = bytearray(raw_zip([entry]))
        content[200:260] = b"\xff" * 60  # inside the compressed data
        assert rejected_with(tmp_path, bytes(content)) == ("archive.corrupt", f"{E01}/Policy.txt")

    def test_split_archives(self, tmp_path: Path) -> None:
        content = bytearray(raw_zip([RawEntry(TOOL, PDF)]))
        content[-18:-16] = (1).to_bytes(2, "little")  # "this is disk 1"
        assert rejected_with(tmp_path, bytes(content))[0] == "archive.corrupt"


class TestAddendum:
    def test_any_layout_same_document_rules(self, tmp_path: Path) -> None:
        from services.submission.packages.archive import ArchiveLimits as Limits

        path = tmp_path / "addendum.zip"
        path.write_bytes(zip_bytes({"Inspection 2026-02-01.pdf": PDF}))
        assert check_file(path, INSTRUMENT, Limits(), submission=None).findings == []
        path.write_bytes(zip_bytes({"Inspection 2026-02-01.pdf": PDF, "run.exe": b"MZ"}))
        report = check_file(path, INSTRUMENT, Limits(), submission=None)
        assert [(f.code, f.path) for f in report.findings] == [("file.disallowed_type", "run.exe")]
