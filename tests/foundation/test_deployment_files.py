"""docker-compose.yml and the Dockerfile cannot be run here; what can be checked of them is checked."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from gateway.settings import WorkerSettings
from launcher.cli import COMPONENTS
from services.eligibility.settings import EligibilitySettings
from services.submission.settings import SubmissionSettings
from services.training.settings import TrainingSettings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (WorkerSettings, EligibilitySettings, TrainingSettings, SubmissionSettings)
KNOWN_FIELDS = {name.upper() for cls in SETTINGS for name in cls.model_fields}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def secor_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in compose["services"].items() if svc.get("image") == "secor:latest"}


class TestCompose:
    def test_has_the_whole_stack(self, compose: dict[str, Any]) -> None:
        names = set(compose["services"])
        assert {
            "postgres",
            "migrate",
            "gateway",
            "eligibility",
            "training",
            "submission",
            "worker",
            "mail-intake",
        } <= names
        assert any("mailpit" in str(svc.get("image")) for svc in compose["services"].values())

    def test_every_command_exists_in_the_cli(self, compose: dict[str, Any]) -> None:
        from launcher.cli import main

        for name, svc in secor_services(compose).items():
            command = svc["command"]
            assert command[0] == "secor", name
            if command[1] == "serve":
                assert command[2] in COMPONENTS, name
            else:
                assert command[1] in {"worker", "migrate", "mail-intake"}, name
            with pytest.raises(SystemExit) as help_exit:
                main([*command[1:], "--help"])
            assert help_exit.value.code == 0, f"{name}: `{' '.join(command)}` is not a valid secor command"

    def test_every_variable_is_a_setting(self, compose: dict[str, Any]) -> None:
        for name, svc in secor_services(compose).items():
            for variable in svc["environment"]:
                assert variable.startswith("SECOR_"), f"{name}: {variable}"
                assert variable.removeprefix("SECOR_") in KNOWN_FIELDS, (
                    f"{name}: {variable} is read by no settings"
                )

    def test_production_secrets_are_required_not_defaulted(self, compose: dict[str, Any]) -> None:
        env = secor_services(compose)["gateway"]["environment"]
        assert env["SECOR_ENVIRONMENT"] == "production"
        for secret in ("SECOR_PRINCIPAL_SECRET", "SECOR_INTERNAL_WEBHOOK_SECRET"):
            assert re.fullmatch(r"\$\{" + secret + r":\?.+\}", env[secret]), secret

    def test_ports_match_settings(self, compose: dict[str, Any]) -> None:
        defaults = WorkerSettings(environment="development")
        services = secor_services(compose)
        for component in ("eligibility", "training", "submission"):
            url = services["gateway"]["environment"][f"SECOR_{component.upper()}_URL"]
            assert url == f"http://{component}:{getattr(defaults, f'{component}_port')}"
        assert services["gateway"]["ports"] == [f"{defaults.gateway_port}:{defaults.gateway_port}"]
        intake = SubmissionSettings(environment="development")
        assert services["mail-intake"]["ports"][0].endswith(f":{intake.mail_intake_port}")

    def test_dependencies_exist(self, compose: dict[str, Any]) -> None:
        for name, svc in compose["services"].items():
            for dependency in svc.get("depends_on", {}):
                assert dependency in compose["services"], f"{name} depends on unknown {dependency}"

    def test_each_component_starts_in_production_with_its_environment(
        self, compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Every `${VAR:?}` given a value as an operator would: each component's settings then accept
        production, so no secret a component needs is missing from its environment."""
        from launcher.cli import _new_secret

        given = {
            "POSTGRES_PASSWORD": "a-long-database-password",
            "SECOR_PRINCIPAL_SECRET": _new_secret("principal-secret"),
            "SECOR_INTERNAL_WEBHOOK_SECRET": _new_secret("internal-webhook-secret"),
            "SECOR_CERTIFICATE_SIGNING_KEY": _new_secret("certificate-signing-key"),
        }
        settings_for = {
            "eligibility": EligibilitySettings,
            "training": TrainingSettings,
            "submission": SubmissionSettings,
            "mail-intake": SubmissionSettings,
            "gateway": WorkerSettings,
            "worker": WorkerSettings,
            "migrate": WorkerSettings,
        }
        for name, svc in secor_services(compose).items():
            for key in list(os.environ):
                if key.startswith("SECOR_"):
                    monkeypatch.delenv(key)
            for variable, value in svc["environment"].items():
                resolved = re.sub(r"\$\{(\w+):\?[^}]*\}", lambda m: given[m.group(1)], str(value))
                monkeypatch.setenv(variable, resolved)
            settings = settings_for[name]()
            assert settings.environment == "production", name


class TestDockerfile:
    def test_copies_what_exists(self) -> None:
        for line in (ROOT / "Dockerfile").read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    assert (ROOT / source).exists(), source

    def test_default_command_is_a_component(self) -> None:
        cmd = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD"))
        assert '"serve", "gateway"' in cmd
