"""Training service settings (`SECOR_*`)."""

from __future__ import annotations

from shared.settings import SecorSettings


class TrainingSettings(SecorSettings):
    pass
