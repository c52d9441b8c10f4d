"""Submission service settings (`SECOR_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends
from pydantic import Field, IPvAnyNetwork

from shared.dependencies import settings_of
from shared.settings import SecorSettings


class SubmissionSettings(SecorSettings):
    storage_dir: Path | None = Field(
        default=None, description="Where packages are kept (default <data_dir>/submissions)"
    )
    max_package_bytes: int = Field(
        default=2 * 1024**3, ge=1024, description="Cap on an uploaded or linked package"
    )
    max_addendum_bytes: int = Field(
        default=512 * 1024**2, ge=1024, description="The largest addendum, uploaded or linked"
    )
    package_link_timeout_seconds: float = Field(
        default=900.0, gt=0, description="Whole download of a linked package"
    )
    package_link_max_redirects: int = Field(
        default=5, ge=0, description="Redirects a package link may take, each checked"
    )
    max_package_entries: int = Field(
        default=20_000, ge=1, description="Files in one package (more is archive.too_many_entries)"
    )
    max_unpacked_bytes: int = Field(
        default=8 * 1024**3, ge=1024, description="Zip bomb cap, counted while reading"
    )
    max_compression_ratio: float = Field(
        default=200.0, gt=1, description="A file compressed beyond this is a zip bomb"
    )
    instrument_dir: Path | None = Field(
        default=None, description="Folder of instrument JSON files (default: built in)"
    )
    instrument_version: str | None = Field(default=None, description="Default: the newest in instrument_dir")
    intake_lease_seconds: float = Field(
        default=900.0, gt=0, description="An intake running longer is taken over"
    )
    intake_poll_seconds: float = Field(
        default=5.0, gt=0, description="How often intake looks for packages left waiting"
    )
    run_intake: bool = Field(
        default=True,
        description="Run package and mail intake in this process (off: another replica does)",
    )
    mail_intake_host: str = Field(
        default="127.0.0.1", description="Where the inbound mail receiver (SMTP) listens"
    )
    mail_intake_port: int = Field(default=8026, ge=1, le=65535, description="The mail receiver's port")
    mail_intake_metrics_port: int = Field(
        default=8027,
        ge=0,
        le=65535,
        description="The mail receiver's /metrics, /healthz and /readyz, on SECOR_HOST (0: not served)",
    )
    mail_intake_allowed_networks: list[IPvAnyNetwork] = Field(
        default_factory=list,
        description="Networks the mail receiver takes mail from (the organisation's mail servers); empty: any",
    )
    max_mail_bytes: int = Field(
        default=50 * 1024**2,
        ge=1024,
        description="The largest mailed message kept; a bigger one gets a reply asking for a link",
    )
    mail_replies_per_sender: int = Field(
        default=5,
        ge=0,
        description="Automatic replies one address may get in 24 hours (so robots cannot loop)",
    )
    mail_poll_seconds: float = Field(default=2.0, gt=0, description="How often received mail is looked for")

    @property
    def packages_dir(self) -> Path:
        return self.storage_dir or (self.data_dir / "submissions")


# What a route takes to read its settings.
Settings = Annotated[SubmissionSettings, Depends(settings_of)]
