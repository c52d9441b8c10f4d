"""The evaluation instrument: data (one JSON file per version), checked on load and compiled for validation."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

BUILT_IN = Path(__file__).resolve().parent


class Element(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^E\d{2}$")
    number: int = Field(ge=1)
    name: str
    folder_name: str = Field(description="The folder a package uses for this element")
    folder_pattern: str = Field(description="Regular expression (case-insensitive) a folder name matches")
    points: int = Field(ge=1)

    @field_validator("folder_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        re.compile(value, re.IGNORECASE)
        return value


class NamedDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pattern: str = Field(description="Regular expression (case-insensitive) a top-level file name must match")
    example: str


class PassRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overall_percent: float = Field(ge=0, le=100)
    element_percent: float = Field(ge=0, le=100)
    qa_percent: float = Field(ge=0, le=100)


class Sampling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_documents_per_month: int = Field(
        ge=1, description="More in an element earns an over-submission warning"
    )
    minimum_documents_per_element: int = Field(ge=0)


class Instrument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    program: str
    note: str | None = None
    elements: list[Element]
    evaluation_tool: NamedDocument
    legislation_list: NamedDocument
    pass_rules: PassRules
    allowed_extensions: list[str]
    sampling: Sampling
    unlabelled_name_patterns: list[str]

    @cached_property
    def tool_re(self) -> re.Pattern[str]:
        return re.compile(self.evaluation_tool.pattern, re.IGNORECASE)

    @cached_property
    def legislation_re(self) -> re.Pattern[str]:
        return re.compile(self.legislation_list.pattern, re.IGNORECASE)

    @cached_property
    def element_res(self) -> list[tuple[Element, re.Pattern[str]]]:
        return [(e, re.compile(e.folder_pattern, re.IGNORECASE)) for e in self.elements]

    @cached_property
    def unlabelled_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.unlabelled_name_patterns]

    def element_for_folder(self, folder: str) -> Element | None:
        for element, pattern in self.element_res:
            if pattern.search(folder):
                return element
        return None

    def element(self, code: str) -> Element | None:
        return next((e for e in self.elements if e.code == code), None)

    def scoring_errors(self, scores: Sequence[Score]) -> list[dict[str, Any]]:
        """Where an evaluation's own scores break this instrument: each element scored once, out of its
        points, and no element left out (problem `errors`, each pointing at the entry concerned)."""
        errors: list[dict[str, Any]] = []
        scored = set()
        for i, score in enumerate(scores):
            element = self.element(score.element)
            if element is None:
                errors.append(
                    _score_error(
                        f"/element_scores/{i}/element",
                        f"{score.element} is not an element of instrument {self.version} "
                        f"({', '.join(e.code for e in self.elements)})",
                    )
                )
                continue
            scored.add(element.code)
            if score.possible != element.points:
                errors.append(
                    _score_error(
                        f"/element_scores/{i}/possible",
                        f"{element.code} ({element.name}) is scored out of {element.points} points, not "
                        f"{score.possible:g}",
                    )
                )
        for element in self.elements:
            if element.code not in scored:
                errors.append(
                    _score_error(
                        "/element_scores",
                        f"{element.code} ({element.name}) is not scored: the evaluation scores every element "
                        f"of instrument {self.version}",
                    )
                )
        return errors


class Score(Protocol):
    element: str
    earned: float
    possible: float


def _score_error(pointer: str, detail: str) -> dict[str, Any]:
    return {"pointer": pointer, "detail": detail, "location": "body"}


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.-]", version))


class Instruments:
    """Every instrument version in a folder of JSON files; `current` is the configured or newest one."""

    def __init__(self, folder: Path = BUILT_IN, current: str | None = None) -> None:
        self.by_version: dict[str, Instrument] = {}
        for path in sorted(folder.glob("*.json")):
            instrument = Instrument.model_validate(json.loads(path.read_text()))
            self.by_version[instrument.version] = instrument
        if not self.by_version:
            raise RuntimeError(f"no instrument files in {folder}")
        newest = max(self.by_version, key=_version_key)
        if current is not None and current not in self.by_version:
            raise RuntimeError(f"SECOR_INSTRUMENT_VERSION={current} is not one of {sorted(self.by_version)}")
        self.current = self.by_version[current or newest]
