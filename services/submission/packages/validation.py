"""Checking a package against the instrument: every finding with a stable code, a severity, the path it is
about, and a sentence a small-business owner understands. Errors return the package; warnings do not."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.submission.instruments.model import Instrument, NamedDocument
from services.submission.packages.archive import Archive, Finding, Member, looks_like, suffix

# Office documents are zip files inside: their first bytes say "archive" and that is fine.
ZIP_BASED_DOCUMENTS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})


@dataclass(frozen=True)
class Report:
    outcome: str
    findings: list[Finding]
    inventory: dict[str, Any]
    summary: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {
            "outcome": self.outcome,
            "findings": [f.as_dict() for f in self.findings],
            "inventory": self.inventory,
        }
        if self.summary is not None:
            out["summary"] = self.summary
        return out


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


def _named(archive: Archive, instrument: Instrument) -> dict[str, list[Member]]:
    """The members that are the evaluation tool and the legislation list (a name that says both is the tool):
    those at the top, and only when one is not there, those inside folders (a package has thousands)."""
    found: dict[str, list[Member]] = {"tool": [], "legislation": []}
    for m in archive.members:
        if "/" not in m.path and (document := instrument.named_document(m.path)) is not None:
            found[document].append(m)
    missing = [document for document, members in found.items() if not members]
    if missing:
        for m in archive.members:
            if "/" in m.path and (document := instrument.named_document(m.path)) in missing:
                found[document].append(m)
    return found


def _named_findings(
    kind: str, what: str, document: NamedDocument, members: list[Member]
) -> tuple[list[Finding], set[str]]:
    """Missing is an error; found only inside a folder is a warning (it is there, where QA does not look first).
    Returns the findings and the paths taken as this document."""
    top = [m for m in members if "/" not in m.path]
    if top:
        return [], {m.path for m in top}
    if members:
        return [
            Finding(
                "warning",
                f"{kind}.not_top_level",
                f"{what} is inside a folder; QA looks for it at the top of the package, named like "
                f"'{document.example}'.",
                members[0].path,
            )
        ], {members[0].path}
    return [
        Finding(
            "error",
            f"{kind}.missing",
            f"{what} is missing: add it at the top of the package as its own document, named like "
            f"'{document.example}' (a name that says what it is, as a "
            f"{', '.join('.' + e for e in document.extensions[:4])} file).",
        )
    ], set()


def check_package(
    archive: Archive,
    instrument: Instrument,
    *,
    audit_period: tuple[dt.date, dt.date],
    element_scores: Sequence[dict[str, Any]] | None,
) -> Report:
    """Every check of the instrument on a package that was safe to read. Errors are what the seed requires (the
    tool, the legislation list, documents of allowed types, passing scores) or what is unsafe; its best practice
    (one folder per element, documents in them, labels, sample sizes) earns warnings for QA."""
    findings = list(archive.findings)
    if not archive.members:
        findings.append(Finding("error", "package.empty", "The package has no documents in it."))
        return Report("rejected", findings, {"files": 0, "bytes": 0, "elements": {}})
    named = _named(archive, instrument)
    tool_findings, tool_paths = _named_findings(
        "evaluation_tool", "The completed SECOR evaluation tool", instrument.evaluation_tool, named["tool"]
    )
    legislation_findings, legislation_paths = _named_findings(
        "legislation_list",
        "The list of OHS legislation that applies to your work",
        instrument.legislation_list,
        named["legislation"],
    )
    findings += tool_findings + legislation_findings
    named_paths = tool_paths | legislation_paths
    outside = [m for m in archive.members if "/" not in m.path and m.path not in named_paths]
    for m in outside:
        findings.append(
            Finding(
                "warning",
                "file.outside_element",
                "This document is not in an element folder; QA finds documents in the folder of their element.",
                m.path,
            )
        )
    counts: Counter[str] = Counter()
    folders_by_element: dict[str, list[str]] = {}
    documents_in = Counter(
        m.path.split("/", 1)[0] for m in archive.members if "/" in m.path and m.path not in named_paths
    )
    top_folders = {p.split("/", 1)[0] for p in archive.folders} | set(documents_in)
    unknown = 0
    for folder in sorted(top_folders):
        element = instrument.element_for_folder(folder)
        if element is None:
            unknown += documents_in[folder]
            findings.append(
                Finding(
                    "warning",
                    "folder.unknown_element",
                    f"This folder is not one of instrument {instrument.version}'s elements, so QA cannot tell "
                    f"which element its documents are for; name element folders like "
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
                    "warning",
                    "folder.empty_element",
                    "This element folder has no documents in it.",
                    folders[0] + "/",
                )
            )
    allowed_per_element = instrument.allowed_per_element(*audit_period)
    sampling = instrument.sampling
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
                    f"({sampling.max_documents_per_month} a month over the audit period, or "
                    f"{sampling.max_documents_per_week} a week over the busiest {sampling.busiest_weeks} weeks: "
                    f"{allowed_per_element} here). Too much documentation may get the package returned.",
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
    summary = _summary(findings, instrument, counts, outside=len(outside) + unknown)
    outcome = "rejected" if any(f.severity == "error" for f in findings) else "accepted"
    return Report(outcome, findings, inventory, summary)


def _summary(
    findings: list[Finding], instrument: Instrument, counts: Counter[str], *, outside: int
) -> dict[str, Any]:
    """The package's quality at a glance, for QA: what is in place and what is not, in numbers and one line."""
    by_code = Counter(f.code for f in findings)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    with_documents = sum(1 for e in instrument.elements if counts[e.code])
    summary: dict[str, Any] = {
        "errors": errors,
        "warnings": warnings,
        "elements": len(instrument.elements),
        "elements_with_documents": with_documents,
        "documents_in_elements": sum(counts.values()),
        "documents_outside_elements": outside,
        "unlabelled_documents": by_code["file.unlabelled"],
        "over_submitted_elements": by_code["element.over_submission"],
    }
    parts = [f"{with_documents} of {len(instrument.elements)} elements documented"]
    if outside:
        parts.append(f"{outside} document(s) outside element folders")
    if by_code["file.unlabelled"]:
        parts.append(f"{by_code['file.unlabelled']} unlabelled")
    if by_code["element.over_submission"]:
        parts.append(f"{by_code['element.over_submission']} element(s) over the sample")
    verdict = f"{errors} error(s), {warnings} warning(s)" if findings else "no findings"
    summary["text"] = f"{verdict}: " + "; ".join(parts) + "."
    return summary


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
