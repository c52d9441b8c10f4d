"""Settings come from SECOR_* variables; production refuses the development secrets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.settings import GatewaySettings
from launcher.cli import settings_reference
from shared.settings import DEV_PRINCIPAL_SECRET, SecorSettings
from tests.servers import ROOT

STRONG = {
    "SECOR_PRINCIPAL_SECRET": "p" * 40,
    "SECOR_INTERNAL_WEBHOOK_SECRET": "whsec_" + "q" * 40,
    "SECOR_DATABASE_URL": "postgresql://db/secor",
}


class TestSettings:
    def test_reads_prefixed_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SECOR_GATEWAY_PORT", "9100")
        monkeypatch.setenv("SECOR_TRAINING_URL", "http://training.internal:80/")
        settings = GatewaySettings()
        assert settings.gateway_port == 9100
        assert settings.service_url("training") == "http://training.internal:80"
        assert settings.service_url("eligibility") == "http://127.0.0.1:8001"

    def test_production_refuses_default_secrets(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SECOR_ENVIRONMENT", "production")
        monkeypatch.setenv("SECOR_DATABASE_URL", "postgresql://db/secor")
        with pytest.raises(ValidationError, match="SECOR_PRINCIPAL_SECRET"):
            SecorSettings()

    def test_production_refuses_short_secrets(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for k, v in STRONG.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("SECOR_ENVIRONMENT", "production")
        monkeypatch.setenv("SECOR_PRINCIPAL_SECRET", "short")
        with pytest.raises(ValidationError, match="strong secret"):
            SecorSettings()

    def test_production_needs_database_url(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for k, v in STRONG.items():
            monkeypatch.setenv(k, v)
        monkeypatch.delenv("SECOR_DATABASE_URL")
        monkeypatch.setenv("SECOR_ENVIRONMENT", "production")
        with pytest.raises(ValidationError, match="SECOR_DATABASE_URL"):
            SecorSettings()

    def test_production_accepts_strong_secrets(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for k, v in STRONG.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("SECOR_ENVIRONMENT", "production")
        assert SecorSettings().principal_secret.get_secret_value() != DEV_PRINCIPAL_SECRET

    def test_development_runs_on_defaults(self) -> None:
        assert SecorSettings(environment="development").is_development


class TestTheSettingsReference:
    def test_docs_configuration_is_what_the_settings_classes_say(self) -> None:
        documented = (ROOT / "docs" / "configuration.md").read_text()
        assert documented == settings_reference(), "run `.venv/bin/secor settings > docs/configuration.md`"

    def test_every_setting_says_what_it_means(self) -> None:
        rows = [line for line in settings_reference().splitlines() if line.startswith("| `SECOR_")]
        assert len(rows) > 80
        assert [r for r in rows if r.rstrip().endswith("|  |")] == []
