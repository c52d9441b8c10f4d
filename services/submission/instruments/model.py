"""The evaluation instrument: data (one JSON file per version), checked on load and compiled for validation."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

BUILT_IN = Path(__file__).resolve().parent


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[\W_]+")
# A folder named by its element's number: "3", "03_SWP", "Element 3", "E03 Safe work", "Section 3.0".
_NUMBERED = re.compile(r"^(?:element|elem|el|e|section|sec|no|number)?\s*0*(\d{1,3})(?!\d)")


def fold(name: str) -> str:
    """A name as compared: camelCase split, accents and case folded, every run of separators or punctuation one
    space ("SECOR_Évaluation-Tool" and "secor evaluation tool" are the same words)."""
    spaced = _CAMEL.sub(" ", name)
    if not spaced.isascii():
        spaced = "".join(c for c in unicodedata.normalize("NFKD", spaced) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", spaced.casefold()).strip()


def _says(folded: str, phrases: Sequence[str]) -> int:
    """The length of the longest phrase that `folded` holds as whole words (0: none)."""
    padded = f" {folded} "
    return max((len(p) for p in phrases if f" {p} " in padded), default=0)


def _phrases(values: list[str]) -> list[str]:
    folded = [fold(v) for v in values]
    if not all(folded):
        raise ValueError("a phrase must have letters or digits in it")
    return folded


def _stem_and_extension(path: str) -> tuple[str, str]:
    name = path.rpartition("/")[2]
    stem, dot, extension = name.rpartition(".")
    return (stem, extension.lower()) if dot and stem else (name, "")


class Element(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^E\d{2}$")
    number: int = Field(ge=1)
    name: str
    folder_name: str = Field(description="The folder a package uses for this element")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other words an unnumbered folder may use for this element (compared folded, as whole words)",
    )
    points: int = Field(ge=1)

    @cached_property
    def phrases(self) -> list[str]:
        """What a folder without a number must say to be this element: its name, its folder's name, its aliases."""
        words = _NUMBERED.sub("", fold(self.folder_name)).strip()
        return _phrases([self.name, *([words] if words else []), *self.aliases])


class NamedDocument(BaseModel):
    """A document every package holds at its top (the evaluation tool, the legislation list), known by words."""

    model_config = ConfigDict(extra="forbid")

    vocabulary: list[str] = Field(
        min_length=1, description="Phrases one of which the file name says (compared folded, as whole words)"
    )
    extensions: list[str] = Field(min_length=1)
    example: str

    @field_validator("vocabulary")
    @classmethod
    def _has_words(cls, value: list[str]) -> list[str]:
        _phrases(value)
        return value

    @cached_property
    def phrases(self) -> list[str]:
        return _phrases(self.vocabulary)

    def says(self, path: str) -> int:
        """How strongly a file name is this document (0: not at all): its longest phrase, if the type fits."""
        stem, extension = _stem_and_extension(path)
        return self.says_folded(fold(stem), extension) if extension in self.extensions else 0

    def says_folded(self, folded_stem: str, extension: str) -> int:
        return _says(folded_stem, self.phrases) if extension in self.extensions else 0

    @property
    def pattern(self) -> str:
        """The vocabulary as one self-contained regular expression, for software that lays packages out. It
        matches the spellings that differ only by case, separators or punctuation; the service also folds
        accents and camelCase, so it recognises a little more than the pattern says."""
        words = "|".join(r"[\W_]*".join(map(re.escape, p.split(" "))) for p in self.phrases)
        types = "|".join(map(re.escape, self.extensions))
        return rf"(?i)(?:^|[\W_])(?:{words})(?:[\W_][^/]*)?\.(?:{types})$"


class PassRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overall_percent: float = Field(ge=0, le=100)
    element_percent: float = Field(ge=0, le=100)
    qa_percent: float = Field(ge=0, le=100)


class Sampling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_documents_per_month: int = Field(
        ge=1, description="The sample over the audit period: so many a month"
    )
    max_documents_per_week: int = Field(ge=1, description="Or so many a week over the busiest weeks")
    busiest_weeks: int = Field(ge=1, description="How many busiest weeks the weekly sample covers")
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
    def unlabelled_res(self) -> list[re.Pattern[str]]:
        return [re.compile(p, re.IGNORECASE) for p in self.unlabelled_name_patterns]

    def named_document(self, path: str) -> str | None:
        """Which required document a file is by its name: "tool", "legislation" or None. The name is folded
        once; one that says both is the tool."""
        stem, extension = _stem_and_extension(path)
        if extension not in self._named_extensions:
            return None
        folded = fold(stem)
        tool = self.evaluation_tool.says_folded(folded, extension)
        legislation = self.legislation_list.says_folded(folded, extension)
        if tool and tool >= legislation:
            return "tool"
        return "legislation" if legislation else None

    @cached_property
    def _named_extensions(self) -> frozenset[str]:
        return frozenset(self.evaluation_tool.extensions) | frozenset(self.legislation_list.extensions)

    @cached_property
    def _by_number(self) -> dict[int, Element]:
        return {e.number: e for e in self.elements}

    def element_for_folder(self, folder: str) -> Element | None:
        """The element a folder is for: by the number it starts with if it has one ("03_SWP", "Element 3"),
        else by the longest element phrase it says ("Safe Work Practices"); None if neither."""
        folded = fold(folder)
        numbered = _NUMBERED.match(folded)
        if numbered is not None:
            return self._by_number.get(int(numbered.group(1)))
        best, strength = None, 0
        for element in self.elements:
            found = _says(folded, element.phrases)
            if found > strength:
                best, strength = element, found
        return best

    def allowed_per_element(self, start: dt.date, end: dt.date) -> int:
        """The most documents an element's folder holds before it earns an over-submission warning: the larger
        of the seed's two samples, so many a month of the audit period or so many a week of its busiest weeks."""
        days = (end - start).days + 1
        months = max(1, math.ceil(days / 30.4375))
        weeks = max(1, min(self.sampling.busiest_weeks, math.ceil(days / 7)))
        return max(
            self.sampling.max_documents_per_month * months, self.sampling.max_documents_per_week * weeks
        )

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
