"""Packages as small employers make them: names recognised by meaning, best practice as warnings, the seed's
two sampling options, an instrument with a 13th element as data only, and any bytes at all ending in a report."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.submission.instruments.model import BUILT_IN, Instrument, Instruments
from services.submission.packages.archive import ArchiveLimits
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
    zip_bytes,
)

INSTRUMENT = Instruments().current
QUARTER = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))

# Names employers give the two required documents (the first ones are those the seed and a review found refused).
TOOL_NAMES = [
    "Small Employer Evaluation Tool.pdf",
    "SECOR_Evaluation_Tool_2026.xlsx",
    "Prairie Roofing - SECOR Evaluation Tool.pdf",
    "SECOR Evaluation Tool.pdf",
    "secor-evaluation-tool.PDF",
    "SECOREvaluationTool.docx",
    "2026 SECOR Self-Evaluation (signed).pdf",
    "Évaluation Tool - SECOR 2026.pdf",
    "SECOR_audit_FINAL_v3.xlsx",
    "ACSA Small Employer Evaluation - completed.docx",
    "Evaluation-Tool.xlsm",
    "evaluation tool signed.pdf",
    "SECOR   Evaluation   Tool.odt",
]
LEGISLATION_NAMES = [
    "OHS Act, Regulation and Code - applicable sections.pdf",
    "OHS Legislation List.pdf",
    "Legislation.pdf",
    "Applicable Legislation 2026.docx",
    "OHS_Code_list.pdf",
    "Alberta OHS Act and Code.pdf",
    "legislative-requirements.txt",
    "Applicable sections of the OHS Code.docx",
    "Regulations that apply to us.pdf",
    "Occupational Health and Safety Act - parts that apply.pdf",
    "LEGISLATION LIST.PDF",
    "ohs.regulation.applicable.rtf",
]
# Folder styles, numbered and unnumbered, each as a whole package would use it.
FOLDER_STYLES = {
    "numbered": lambda e: f"{e.number:02d} {e.name}",
    "unpadded": lambda e: f"{e.number} - {e.name}",
    "element word": lambda e: f"Element {e.number}",
    "element and name": lambda e: f"Element {e.number} - {e.name.title()}",
    "underscored": lambda e: f"{e.number:02d}_{e.name.replace(' ', '_')}",
    "e-code": lambda e: f"E{e.number:02d}",
    "unnumbered": lambda e: e.name,
    "unnumbered upper": lambda e: e.name.upper(),
    "dotted": lambda e: f"{e.number}.0 {e.name}",
}
SHORT_FOLDERS = {
    "03_SWP": "E03",
    "3 - Safe Work Practices": "E03",
    "Safe Work Practices": "E03",
    "PPE": "E06",
    "Hazard Assessments (FLHA)": "E02",
    "Element 12 - Records": "E12",
    "Emergency Response Plan": "E11",
    "Toolbox talks": "E08",
    "Équipement de protection - PPE": "E06",
}


def check(
    tmp_path: Path,
    content: bytes,
    period: tuple[dt.date, dt.date] = QUARTER,
    instrument: Instrument = INSTRUMENT,
) -> Report:
    path = tmp_path / "package.zip"
    path.write_bytes(content)
    submission = SimpleNamespace(
        audit_period_start=period[0], audit_period_end=period[1], element_scores=None
    )
    return check_file(path, instrument, ArchiveLimits(), submission=submission)


def renamed(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    return {(new if k == old else k): v for k, v in files.items()}


@pytest.mark.parametrize("name", TOOL_NAMES)
def test_the_evaluation_tool_by_meaning(tmp_path: Path, name: str) -> None:
    report = check(tmp_path, zip_bytes(renamed(good_files(), TOOL, name)))
    assert (report.outcome, report.findings) == ("accepted", [])


@pytest.mark.parametrize("name", LEGISLATION_NAMES)
def test_the_legislation_list_by_meaning(tmp_path: Path, name: str) -> None:
    report = check(tmp_path, zip_bytes(renamed(good_files(), LEGISLATION, name)))
    assert (report.outcome, report.findings) == ("accepted", [])


@pytest.mark.parametrize(
    "name", ["Evaluation.pdf", "Tool.pdf", "SECOR.pdf", "Evaluation Tool.exe", "Evaluation Tool"]
)
def test_a_name_that_does_not_say_the_tool_is_not_the_tool(tmp_path: Path, name: str) -> None:
    report = check(tmp_path, zip_bytes(renamed(good_files(), TOOL, name)))
    assert report.outcome == "rejected"
    assert "evaluation_tool.missing" in {f.code for f in report.findings}


def test_a_name_that_says_both_is_the_tool(tmp_path: Path) -> None:
    files = renamed(good_files(), TOOL, "SECOR Evaluation Tool and legislation.pdf")
    report = check(tmp_path, zip_bytes(files))
    assert [(f.code, f.path) for f in report.findings if f.severity == "error"] == []


@pytest.mark.parametrize("style", list(FOLDER_STYLES))
def test_element_folders_in_every_style(tmp_path: Path, style: str) -> None:
    files = {TOOL: PDF, LEGISLATION: PDF}
    for element in INSTRUMENT.elements:
        files[f"{FOLDER_STYLES[style](element)}/{element.name} record - 2026-02-15.pdf"] = PDF
    report = check(tmp_path, zip_bytes(files))
    assert (report.outcome, report.findings) == ("accepted", [])
    assert report.inventory["elements"] == {e.code: 1 for e in INSTRUMENT.elements}


@pytest.mark.parametrize(("folder", "code"), list(SHORT_FOLDERS.items()))
def test_short_and_own_folder_names(folder: str, code: str) -> None:
    element = INSTRUMENT.element_for_folder(folder)
    assert element is not None and element.code == code


@pytest.mark.parametrize("folder", ["Photos", "2026", "Misc", "13 Environment", "Element 14"])
def test_folders_the_instrument_does_not_know(folder: str) -> None:
    assert INSTRUMENT.element_for_folder(folder) is None


class TestBestPracticeIsAWarning:
    def test_a_loosely_made_package_goes_to_qa_with_its_warnings_and_a_summary(self, tmp_path: Path) -> None:
        files = {
            "Small Employer Evaluation Tool.pdf": PDF,
            "Safety manual/OHS Act, Regulation and Code - applicable sections.pdf": PDF,
            "Meeting minutes March.pdf": PDF,
            "Photos/site.jpg": b"\xff\xd8\xff\xe0" + b"0" * 50,
            "Element 1/scan0001.pdf": PDF,
            "3 - Safe Work Practices/Ladder use.pdf": PDF,
        }
        report = check(tmp_path, zip_bytes(files, folders=["07 Maintenance"]))
        assert report.outcome == "accepted", report.findings
        assert {f.severity for f in report.findings} == {"warning"}
        assert {f.code for f in report.findings} == {
            "legislation_list.not_top_level",
            "file.outside_element",
            "folder.unknown_element",
            "folder.empty_element",
            "element.missing",
            "file.unlabelled",
        }
        summary = report.summary
        assert summary is not None
        assert summary["errors"] == 0 and summary["warnings"] == len(report.findings)
        assert (summary["elements"], summary["elements_with_documents"]) == (12, 2)
        assert summary["documents_outside_elements"] == 2  # the loose minutes and the photo
        assert summary["unlabelled_documents"] == 1
        assert summary["text"].startswith(f"0 error(s), {len(report.findings)} warning(s): 2 of 12 elements")

    def test_what_the_seed_requires_still_returns_it(self, tmp_path: Path) -> None:
        files = {k: v for k, v in good_files().items() if k != TOOL} | {"01 Policy/setup.exe": b"MZ\x90\x00"}
        report = check(tmp_path, zip_bytes(files))
        assert report.outcome == "rejected"
        assert {f.code for f in report.findings if f.severity == "error"} == {
            "evaluation_tool.missing",
            "file.disallowed_type",
        }
        assert report.summary is not None and report.summary["errors"] == 2


class TestSampling:
    @staticmethod
    def with_documents(count: int) -> bytes:
        files = good_files(per_element=1)
        folder = ELEMENT_FOLDERS[1]
        files |= {f"{folder}/Hazard assessment job {i:02d}.pdf": PDF for i in range(count - 1)}
        return zip_bytes(files)

    @pytest.mark.parametrize(("period", "allowed"), [(QUARTER, 26), (YEAR, 26)])
    def test_the_larger_of_the_two_samples(
        self, tmp_path: Path, period: tuple[dt.date, dt.date], allowed: int
    ) -> None:
        # A quarter: 2 a month is 6, 2 a week for the busiest 13 weeks is 26. A year: 24 against 26.
        assert INSTRUMENT.allowed_per_element(*period) == allowed
        assert check(tmp_path, self.with_documents(allowed), period).findings == []
        over = check(tmp_path, self.with_documents(allowed + 1), period).findings
        assert [(f.code, f.severity, f.path) for f in over] == [
            ("element.over_submission", "warning", f"{ELEMENT_FOLDERS[1]}/")
        ]
        assert f"{allowed} here" in over[0].message

    def test_both_numbers_live_in_the_instrument(self) -> None:
        monthly = INSTRUMENT.model_copy(
            update={"sampling": INSTRUMENT.sampling.model_copy(update={"max_documents_per_month": 3})}
        )
        weekly = INSTRUMENT.model_copy(
            update={
                "sampling": INSTRUMENT.sampling.model_copy(
                    update={"max_documents_per_week": 1, "busiest_weeks": 2}
                )
            }
        )
        assert monthly.allowed_per_element(*YEAR) == 36
        assert weekly.allowed_per_element(*QUARTER) == 6  # then the monthly sample is the larger


def thirteen_element_instrument(folder: Path) -> Instrument:
    """The default instrument with ACSA's 13th element added, as a new data file and nothing else."""
    data = json.loads((BUILT_IN / "secor-2026.1.json").read_text())
    data["version"] = "2027.1"
    data["elements"].append(
        {
            "code": "E13",
            "number": 13,
            "name": "Environmental management",
            "folder_name": "13 Environmental Management",
            "aliases": ["environment", "environmental"],
            "points": 10,
        }
    )
    (folder / "secor-2026.1.json").write_text((BUILT_IN / "secor-2026.1.json").read_text())
    (folder / "secor-2027.1.json").write_text(json.dumps(data))
    instruments = Instruments(folder)
    assert instruments.current.version == "2027.1"
    return instruments.current


class TestThirteenElements:
    def test_a_thirteenth_element_is_data_only(self, tmp_path: Path) -> None:
        instrument = thirteen_element_instrument(tmp_path)
        files = good_files() | {"13 Environmental Management/Spill kit check - 2026-02-01.pdf": PDF}
        report = check(tmp_path, zip_bytes(files), instrument=instrument)
        assert (report.outcome, report.findings) == ("accepted", [])
        assert report.inventory["elements"]["E13"] == 1
        assert instrument.element_for_folder("Environmental") is not None
        without = check(tmp_path, zip_bytes(good_files()), instrument=instrument)
        assert [(f.code, f.severity) for f in without.findings] == [("element.missing", "warning")]

    def test_the_twelve_element_instrument_only_warns_about_a_thirteenth_folder(self, tmp_path: Path) -> None:
        files = good_files() | {"13 Environmental Management/Spill kit check.pdf": PDF}
        report = check(tmp_path, zip_bytes(files))
        assert report.outcome == "accepted"
        assert [(f.code, f.severity, f.path) for f in report.findings] == [
            ("folder.unknown_element", "warning", "13 Environmental Management/")
        ]


class TestPublishedPatterns:
    @pytest.mark.parametrize("version", sorted(Instruments().by_version))
    def test_every_published_example_matches_its_pattern_as_published(self, version: str) -> None:
        instrument = Instruments().by_version[version]
        for document in (instrument.evaluation_tool, instrument.legislation_list):
            assert document.pattern.startswith("(?i)")
            assert re.search(document.pattern, document.example)
            assert document.says(document.example)

    def test_the_pattern_agrees_with_the_service_on_plain_spellings(self) -> None:
        pattern = INSTRUMENT.evaluation_tool.pattern
        for name in [
            "secor evaluation tool.pdf",
            "SECOR-EVALUATION-TOOL.PDF",
            "Small_Employer_Evaluation.docx",
        ]:
            assert re.search(pattern, name) and INSTRUMENT.evaluation_tool.says(name)
        for name in ["Evaluation.pdf", "SECOR Evaluation Tool.exe", "toolbox evaluation.pdf"]:
            assert not re.search(pattern, name) and not INSTRUMENT.evaluation_tool.says(name)


UNSHOWABLE_NAMES = [
    "01 Policy/policy\x00.exe.pdf",
    "01 Policy/line\nbreak.pdf",
    "01 Policy/carriage\rreturn.pdf",
    "01 Policy/invoice\u202efdp.exe",
    "01 Policy/bell\x07.pdf",
]


class TestNamesThatCannotBeShown:
    @pytest.mark.parametrize("name", UNSHOWABLE_NAMES)
    def test_a_finding_that_can_be_stored(self, tmp_path: Path, name: str) -> None:
        content = raw_zip([RawEntry(TOOL, PDF), RawEntry(LEGISLATION, PDF), RawEntry(name, PDF, flags=0x800)])
        report = check(tmp_path, content)
        assert report.outcome == "rejected"
        assert [f.code for f in report.findings] == ["archive.unsafe_path"]
        stored = report.as_dict()["findings"][0]["path"]
        assert stored.isprintable() and ("\\x" in stored or "\\u" in stored)

    def test_a_utf8_flagged_name_that_is_not_utf8(self, tmp_path: Path) -> None:
        content = bytearray(raw_zip([RawEntry(TOOL, PDF), RawEntry("01 Policy/ab.pdf", PDF, flags=0x800)]))
        at = content.rindex(b"01 Policy/ab.pdf")  # the directory's copy of the name
        content[at + 10 : at + 12] = b"\xff\xfe"
        report = check(tmp_path, bytes(content))
        assert [f.code for f in report.findings] == ["archive.unsafe_path"]


def _mutations() -> st.SearchStrategy[bytes]:
    """Valid packages changed the ways real and hostile uploads differ: odd names, sizes, flags, truncation,
    bytes overwritten."""
    name = st.text(st.characters(codec="utf-8"), min_size=0, max_size=40)
    files = st.dictionaries(name, st.binary(max_size=300), max_size=6)

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        base = good_files(per_element=1) | draw(files)
        buffer = io.BytesIO()
        method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
        with zipfile.ZipFile(buffer, "w", method) as zf:
            for entry, content in base.items():
                info = zipfile.ZipInfo(entry or "x", (2026, 3, 1, 9, 0, 0))
                info.flag_bits |= draw(st.sampled_from([0, 0, 0x1, 0x8, 0x800]))
                try:
                    zf.writestr(info, content)
                except (ValueError, UnicodeEncodeError):
                    continue
        data = bytearray(buffer.getvalue())
        for _ in range(draw(st.integers(0, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data[at : at + 4] = draw(st.binary(min_size=1, max_size=4))
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
        return bytes(data)

    return build()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_mutations())
def test_any_bytes_end_in_a_report_that_can_be_stored(tmp_path: Path, content: bytes) -> None:
    report = check(tmp_path, content)
    assert report.outcome in ("accepted", "rejected")
    assert report.outcome == "accepted" or any(f.severity == "error" for f in report.findings)
    stored = json.dumps(report.as_dict(), ensure_ascii=False)
    stored.encode("utf-8")  # no lone surrogates
    assert "\x00" not in stored and "\\u0000" not in stored
