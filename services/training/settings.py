"""Training service settings (`SECOR_*`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from pydantic import Field

from shared.dependencies import settings_of
from shared.settings import SecorSettings


class TrainingSettings(SecorSettings):
    max_batch_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="Cap on a batch's JSON body"
    )


# What a route takes to read its settings.
Settings = Annotated[TrainingSettings, Depends(settings_of)]
