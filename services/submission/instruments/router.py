"""`/v1/instruments`: the instrument packages are checked against, so software can lay them out right."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from services.submission.instruments.model import Element, Instrument, Instruments, NamedDocument
from shared.principal import Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1/instruments", tags=["Submissions"])

Reader = Annotated[Principal, Depends(require("instruments:read"))]


class NamedDocumentPublic(BaseModel):
    """A document every package holds, and how its file name is recognised."""

    pattern: str = Field(
        description="A self-contained regular expression (flags inline, e.g. `(?i)`) a file name matching the "
        "vocabulary matches; `example` matches it under plain `re.search`"
    )
    example: str
    vocabulary: list[str] = Field(
        description="The name says one of these phrases, compared after folding case, accents, separators and "
        "punctuation, as whole words"
    )
    extensions: list[str]


def _named(document: NamedDocument) -> NamedDocumentPublic:
    return NamedDocumentPublic(
        pattern=document.pattern,
        example=document.example,
        vocabulary=document.vocabulary,
        extensions=document.extensions,
    )


class InstrumentPublic(BaseModel):
    """The instrument as published: what each element's folder is called, the named documents, the rules."""

    version: str
    program: str
    note: str | None
    elements: list[Element]
    evaluation_tool: NamedDocumentPublic
    legislation_list: NamedDocumentPublic
    pass_rules: dict[str, float]
    allowed_extensions: list[str]
    sampling: dict[str, int]


def _public(instrument: Instrument) -> InstrumentPublic:
    return InstrumentPublic(
        version=instrument.version,
        program=instrument.program,
        note=instrument.note,
        elements=list(instrument.elements),
        evaluation_tool=_named(instrument.evaluation_tool),
        legislation_list=_named(instrument.legislation_list),
        pass_rules=instrument.pass_rules.model_dump(),
        allowed_extensions=instrument.allowed_extensions,
        sampling=instrument.sampling.model_dump(),
    )


@router.get(
    "/current", response_model=InstrumentPublic, summary="The instrument packages are checked against now"
)
async def get_current_instrument(request: Request, _: Reader) -> InstrumentPublic:
    """The evaluation instrument packages are checked against today: elements, folders, points, pass rules and
    sampling.
    """
    instruments: Instruments = request.app.state.instruments
    return _public(instruments.current)


@router.get("/{version}", response_model=InstrumentPublic, summary="One instrument version")
async def get_instrument(
    version: Annotated[str, Path(max_length=32)], request: Request, _: Reader
) -> InstrumentPublic:
    """One version of the evaluation instrument."""
    instruments: Instruments = request.app.state.instruments
    instrument = instruments.by_version.get(version)
    if instrument is None:
        raise ProblemError(
            404,
            f"There is no instrument version {version}; the current one is {instruments.current.version}.",
        )
    return _public(instrument)
