"""Checking a package against the instrument: every finding with a stable code, a severity, the path it is
about, and a sentence a small-business owner understands. Errors return the package; warnings do not."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.submission.instruments.model import Instrument
from services.submission.packages.archive import Archive, Finding, looks_like, suffix

# Office documents are zip files inside: their first bytes say "archive" and that is fine.
ZIP_BASED_DOCUMENTS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})


@dataclass(frozen=True)
class Report:
    outcome: str
    findings: list[Finding]
    inventory: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "findings": [f.as_dict() for f in self.findings],
            "inventory": self.inventory,
        }


def months_in(start: dt.date, end: dt.date) -> int:
    return max(1, math.ceil(((end - start).days + 1) / 30.4375))


def _stem(path: str) -> str:
    """The file name without folder or extension (what PurePosixPath.stem gives, at a fraction of the cost)."""
    name = path.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    return stem if dot and stem and extension else name


def rejected(finding: Finding) -> Report:
    """The report for a package refused outright (unsafe or unreadable)."""
    return Report("rejected", [finding], {"files": 0, "bytes": 0, "elements": {}})


def _file_findings(archive: Archive, instrument: Instrument) -> list[Finding]:
    findings = []
    allowed = set(instrument.allowed_extensions)
    for m in archive.members:
        if m.encrypted:
            findings.append(
                Finding(
                    "error",
                    "file.encrypted",
                    "This file is password-protected; QA cannot open it. Remove the password.",
                    m.path,
                )
            )
            continue
        ext = suffix(m.path)
        what = looks_like(m.magic)
        if what and not (what.startswith("a compressed archive") and ext in ZIP_BASED_DOCUMENTS):
            findings.append(
                Finding(
                    "error",
                    "file.disallowed_type",
                    f"This file is {what}; packages hold documents only.",
                    m.path,
                )
            )
        elif ext not in allowed:
            kind = f"'.{ext}' files" if ext else "files without an extension"
            findings.append(
                Finding(
                    "error",
                    "file.disallowed_type",
                    f"{kind} are not accepted; use one of: {', '.join(sorted(allowed))}.",
                    m.path,
                )
            )
        stem = _stem(m.path)
        if any(pattern.match(stem) for pattern in instrument.unlabelled_res):
            findings.append(
                Finding(
                    "warning",
                    "file.unlabelled",
                    "This file's name does not say what it is; rename it so QA can tell documents apart "
                    "(for example 'Hazard assessment - roof job - 2026-03-04.pdf').",
                    m.path,
                )
            )
    return findings


def check_package(
    archive: Archive,
    instrument: Instrument,
    *,
    audit_period: tuple[dt.date, dt.date],
    element_scores: Sequence[dict[str, Any]] | None,
) -> Report:
    """Every check of the instrument on a package that was safe to read."""
    findings = list(archive.findings)
    if not archive.members:
        findings.append(Finding("error", "package.empty", "The package has no documents in it."))
        return Report("rejected", findings, {"files": 0, "bytes": 0, "elements": {}})
    tool = instrument.evaluation_tool
    top_level = [m for m in archive.members if "/" not in m.path]
    if not any(instrument.tool_re.match(m.path) for m in top_level):
        nested = next(
            (m for m in archive.members if instrument.tool_re.match(m.path.rpartition("/")[2])), None
        )
        if nested is not None:
            findings.append(
                Finding(
                    "error",
                    "evaluation_tool.not_top_level",
                    f"The evaluation tool must be its own document at the top of the package, not inside a folder; "
                    f"move it up and name it like '{tool.example}'.",
                    nested.path,
                )
            )
        else:
            findings.append(
                Finding(
                    "error",
                    "evaluation_tool.missing",
                    f"The completed SECOR evaluation tool is missing: add it at the top of the package, named like "
                    f"'{tool.example}'.",
                )
            )
    if not any(instrument.legislation_re.match(m.path) for m in top_level):
        findings.append(
            Finding(
                "error",
                "legislation_list.missing",
                f"The list of OHS legislation that applies to your work is missing: add it at the top of the package, "
                f"named like '{instrument.legislation_list.example}'.",
            )
        )
    for m in top_level:
        if not (instrument.tool_re.match(m.path) or instrument.legislation_re.match(m.path)):
            findings.append(
                Finding(
                    "error",
                    "file.outside_element",
                    "This document is not in an element folder; put each document in the folder of its element.",
                    m.path,
                )
            )
    counts: Counter[str] = Counter()
    folders_by_element: dict[str, list[str]] = {}
    documents_in = Counter(m.path.split("/", 1)[0] for m in archive.members if "/" in m.path)
    top_folders = {p.split("/", 1)[0] for p in archive.folders} | set(documents_in)
    for folder in sorted(top_folders):
        element = instrument.element_for_folder(folder)
        if element is None:
            findings.append(
                Finding(
                    "error",
                    "folder.unknown_element",
                    "This folder is not one of the evaluation's elements; name element folders like "
                    f"'{instrument.elements[0].folder_name}'.",
                    folder + "/",
                )
            )
            continue
        folders_by_element.setdefault(element.code, []).append(folder)
        counts[element.code] += documents_in[folder]
    for code, folders in folders_by_element.items():
        if len(folders) > 1:
            findings.append(
                Finding(
                    "warning",
                    "folder.duplicate_element",
                    f"Several folders are for element {code}: {', '.join(folders)}.",
                    folders[1] + "/",
                )
            )
        if counts[code] < max(1, instrument.sampling.minimum_documents_per_element):
            findings.append(
                Finding(
                    "error",
                    "folder.empty_element",
                    "This element folder has no documents in it.",
                    folders[0] + "/",
                )
            )
    allowed_per_element = instrument.sampling.max_documents_per_month * months_in(*audit_period)
    for element in instrument.elements:
        if element.code not in folders_by_element:
            findings.append(
                Finding(
                    "warning",
                    "element.missing",
                    f"There is no folder for element {element.number} ({element.name}); name it '{element.folder_name}'.",
                )
            )
        elif counts[element.code] > allowed_per_element:
            findings.append(
                Finding(
                    "warning",
                    "element.over_submission",
                    f"{counts[element.code]} documents for element {element.number}: send only the sample asked for "
                    f"(about {instrument.sampling.max_documents_per_month} a month, {allowed_per_element} here). "
                    "Too much documentation may get the package returned.",
                    folders_by_element[element.code][0] + "/",
                )
            )
    findings += _file_findings(archive, instrument)
    findings += score_findings(element_scores, instrument)
    inventory = {
        "files": len(archive.members),
        "bytes": archive.bytes,
        "elements": {code: counts[code] for code in sorted(counts)},
    }
    outcome = "rejected" if any(f.severity == "error" for f in findings) else "accepted"
    return Report(outcome, findings, inventory)


def check_addendum(archive: Archive, instrument: Instrument) -> Report:
    """An addendum answers a request: any layout, but the same safety and document rules."""
    findings = list(archive.findings)
    if not archive.members:
        findings.append(Finding("error", "package.empty", "The addendum has no documents in it."))
    findings += _file_findings(archive, instrument)
    inventory = {"files": len(archive.members), "bytes": archive.bytes, "elements": {}}
    return Report(
        "rejected" if any(f.severity == "error" for f in findings) else "accepted", findings, inventory
    )


def score_findings(element_scores: Sequence[dict[str, Any]] | None, instrument: Instrument) -> list[Finding]:
    """The evaluation's own scores against the pass rules (80% overall, 50% in every element by default)."""
    if not element_scores:
        return []
    rules = instrument.pass_rules
    findings = []
    earned = sum(s["earned"] for s in element_scores)
    possible = sum(s["possible"] for s in element_scores)
    overall = 100 * earned / possible if possible else 0.0
    if overall < rules.overall_percent:
        findings.append(
            Finding(
                "error",
                "scores.overall_below",
                f"The evaluation scores {overall:.1f}% overall; at least {rules.overall_percent:g}% is needed to pass.",
            )
        )
    for s in element_scores:
        percent = 100 * s["earned"] / s["possible"] if s["possible"] else 0.0
        if percent < rules.element_percent:
            findings.append(
                Finding(
                    "error",
                    "scores.element_below",
                    f"Element {s['element']} scores {percent:.1f}%; every element needs at least {rules.element_percent:g}%.",
                    s["element"],
                )
            )
    return findings
