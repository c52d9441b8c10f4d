"""`/v1/instruments`: the instrument packages are checked against, so software can lay them out right."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from services.submission.instruments.model import Instrument, Instruments
from shared.principal import Principal, require
from shared.problems import ProblemError

router = APIRouter(prefix="/v1/instruments", tags=["Submissions"])

Reader = Annotated[Principal, Depends(require("instruments:read"))]


class InstrumentPublic(BaseModel):
    """The instrument as published: what each element's folder is called, the named documents, the rules."""

    version: str
    program: str
    note: str | None
    elements: list[dict[str, object]]
    evaluation_tool: dict[str, str]
    legislation_list: dict[str, str]
    pass_rules: dict[str, float]
    allowed_extensions: list[str]
    sampling: dict[str, int]


def _public(instrument: Instrument) -> InstrumentPublic:
    return InstrumentPublic(
        version=instrument.version,
        program=instrument.program,
        note=instrument.note,
        elements=[e.model_dump(exclude={"folder_pattern"}) for e in instrument.elements],
        evaluation_tool=instrument.evaluation_tool.model_dump(),
        legislation_list=instrument.legislation_list.model_dump(),
        pass_rules=instrument.pass_rules.model_dump(),
        allowed_extensions=instrument.allowed_extensions,
        sampling=instrument.sampling.model_dump(),
    )


@router.get(
    "/current", response_model=InstrumentPublic, summary="The instrument packages are checked against now"
)
async def get_current_instrument(request: Request, _: Reader) -> InstrumentPublic:
    instruments: Instruments = request.app.state.instruments
    return _public(instruments.current)


@router.get("/{version}", response_model=InstrumentPublic, summary="One instrument version")
async def get_instrument(
    version: Annotated[str, Path(max_length=32)], request: Request, _: Reader
) -> InstrumentPublic:
    instruments: Instruments = request.app.state.instruments
    instrument = instruments.by_version.get(version)
    if instrument is None:
        raise ProblemError(
            404,
            f"There is no instrument version {version}; the current one is {instruments.current.version}.",
        )
    return _public(instrument)
