"""The dashboards, alerting rules and scrape configurations under deploy/ cannot be run here (no Prometheus, no
Grafana, no promtool): what can be checked offline is, above all that every query names a metric the code
exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import REGISTRY

# Every module that defines metrics, so the registry holds them all.
import gateway.metrics
import gateway.worker.metrics
import services.eligibility.metrics
import services.submission.metrics
import shared.metrics
from gateway.settings import WorkerSettings
from services.submission.settings import SubmissionSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
# Series Prometheus makes itself, not any component.
PROMETHEUS_OWN = {"up"}
_KEYWORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "offset",
}
_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}

LOADED = (gateway.metrics, gateway.worker.metrics, services.eligibility.metrics, services.submission.metrics)


def exported() -> set[str]:
    """The names of the series the components' metrics produce (a histogram's `_bucket`, a counter's
    `_total`...), whether or not anything has been observed yet."""
    names: set[str] = set()
    for family in REGISTRY.collect():
        if family.name.startswith("secor_"):
            names.update(family.name + suffix for suffix in _SUFFIXES[family.type])
    return names


def metric_names(expression: str) -> set[str]:
    """The metric names a PromQL expression reads: identifiers that are not functions, keywords, label
    names (inside `{}` and `by (...)`), durations (inside `[]`) or strings."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expression)
    text = re.sub(r"\{[^}]*\}", "", text)
    text = re.sub(r"\[[^\]]*\]", "", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", text)
    found = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        name = match.group(0)
        after = text[match.end() :].lstrip()
        if after.startswith("(") or name in _KEYWORDS:
            continue
        found.add(name)
    return found


def dashboard_expressions(path: Path) -> list[str]:
    document = json.loads(path.read_text())
    return [target["expr"] for panel in document["panels"] for target in panel.get("targets", [])]


def alert_rules() -> list[dict[str, Any]]:
    document = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


class TestTheExtraction:
    def test_names_functions_labels_and_durations_apart(self) -> None:
        expression = (
            'sum by (component) (rate(secor_a_total{status=~"5.."}[5m])) / '
            "histogram_quantile(0.95, sum by (le) (rate(secor_b_bucket[5m]))) > 0 or time() - secor_c"
        )
        assert metric_names(expression) == {"secor_a_total", "secor_b_bucket", "secor_c"}

    def test_the_exported_set_knows_each_kind(self) -> None:
        names = exported()
        assert {
            "secor_http_request_duration_seconds_bucket",
            "secor_deliveries_total",
            "secor_outbox_depth",
        } <= names
        assert "secor_outbox_depth_total" not in names


class TestDashboards:
    def test_there_is_one_for_operations_and_one_for_the_program(self) -> None:
        assert {p.stem for p in DASHBOARDS} == {"secor-operations", "secor-program"}

    @pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
    def test_every_query_names_only_exported_metrics(self, path: Path) -> None:
        names = exported()
        expressions = dashboard_expressions(path)
        assert expressions
        for expression in expressions:
            used = metric_names(expression)
            assert used, f"{expression!r} names no metric"
            assert used <= names, f"{path.name}: {sorted(used - names)} are exported by no component"

    @pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
    def test_is_a_grafana_dashboard(self, path: Path) -> None:
        document = json.loads(path.read_text())
        assert document["uid"] == path.stem and document["title"]
        ids = [panel["id"] for panel in document["panels"]]
        assert len(ids) == len(set(ids))
        for panel in document["panels"]:
            assert panel["title"] and panel["type"] and panel["targets"], panel
            assert {"x", "y", "w", "h"} <= set(panel["gridPos"])
            assert {t["refId"] for t in panel["targets"]} == {
                chr(65 + i) for i in range(len(panel["targets"]))
            }
        # The data source is chosen by the variable, not tied to one installation's uid.
        assert [v["name"] for v in document["templating"]["list"]] == ["datasource"]

    def test_the_operations_dashboard_shows_what_the_issue_asks(self) -> None:
        used = set().union(
            *map(metric_names, dashboard_expressions(DEPLOY / "grafana/dashboards/secor-operations.json"))
        )
        for needed in (
            "secor_http_request_duration_seconds_bucket",
            "secor_outbox_depth",
            "secor_outbox_oldest_age_seconds",
            "secor_intake_duration_seconds_bucket",
            "secor_db_pool_connections_in_use",
            "secor_db_pool_waiting",
        ):
            assert needed in used, needed

    def test_the_program_dashboard_shows_what_the_issue_asks(self) -> None:
        used = set().union(
            *map(metric_names, dashboard_expressions(DEPLOY / "grafana/dashboards/secor-program.json"))
        )
        assert {
            "secor_submissions",
            "secor_submissions_oldest_age_seconds",
            "secor_certificates",
            "secor_maintenance_due_in_90_days",
        } <= used


class TestAlerts:
    def test_every_expression_names_only_exported_metrics(self) -> None:
        names = exported() | PROMETHEUS_OWN
        for rule in alert_rules():
            used = metric_names(rule["expr"])
            assert used, rule["alert"]
            assert used <= names, f"{rule['alert']}: {sorted(used - names)} are exported by no component"

    def test_each_rule_says_who_acts_and_what_happened(self) -> None:
        rules = alert_rules()
        assert len({r["alert"] for r in rules}) == len(rules)
        for rule in rules:
            assert rule["labels"]["severity"] in {"page", "ticket"}, rule["alert"]
            assert rule["annotations"]["summary"], rule["alert"]
            if "for" in rule:
                assert re.fullmatch(r"\d+[smh]", rule["for"]), rule["alert"]
            assert rule["expr"].count("(") == rule["expr"].count(")"), rule["alert"]

    def test_what_a_person_must_act_on_is_covered(self) -> None:
        expressions = {r["alert"]: r["expr"] for r in alert_rules()}
        outbox = expressions["SecorOutboxBehind"]
        assert "secor_outbox_oldest_age_seconds" in outbox and "> 600" in outbox
        assert "secor_webhook_endpoints_disabled_total" in expressions["SecorWebhookEndpointDisabled"]
        assert "secor_intake_failures_total" in expressions["SecorIntakeFailures"]
        assert "> 3600" in expressions["SecorSchedulerBehind"]
        assert 'status=~"5.."' in expressions["SecorErrorRate"]


class TestScrapeConfigurations:
    def test_compose_scrapes_every_component_on_its_port(self) -> None:
        config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        settings = WorkerSettings(environment="development")
        intake = SubmissionSettings(environment="development")
        [job] = config["scrape_configs"]
        targets = {t for c in job["static_configs"] for t in c["targets"]}
        assert targets == {
            f"{name}:{getattr(settings, f'{name}_port')}"
            for name in ("gateway", "eligibility", "training", "submission", "worker")
        } | {f"mail-intake:{intake.mail_intake_metrics_port}"}
        assert all(t.split(":")[0] in compose["services"] for t in targets)
        # The rules Prometheus loads are the file this repository keeps, mounted where the config says.
        mounts = compose["services"]["prometheus"]["volumes"]
        assert f"./deploy/prometheus/alerts.yml:{config['rule_files'][0]}:ro" in mounts

    def test_grafana_is_provisioned_with_the_dashboards(self) -> None:
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        provider = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/secor.yml").read_text())
        [dashboards] = provider["providers"]
        assert (
            f"./deploy/grafana/dashboards:{dashboards['options']['path']}:ro"
            in compose["services"]["grafana"]["volumes"]
        )
        source = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())
        assert source["datasources"][0]["url"] == "http://prometheus:9090"

    def test_kubernetes_scrapes_annotated_secor_pods(self) -> None:
        config = yaml.safe_load((DEPLOY / "prometheus" / "kubernetes.yml").read_text())
        [job] = config["scrape_configs"]
        assert job["kubernetes_sd_configs"] == [{"role": "pod"}]
        kept = {
            tuple(r["source_labels"]): r["regex"] for r in job["relabel_configs"] if r.get("action") == "keep"
        }
        assert kept[("__meta_kubernetes_pod_label_app_kubernetes_io_part_of",)] == "secor"
        monitor = yaml.safe_load((DEPLOY / "kubernetes/monitoring/podmonitor.yaml").read_text())
        assert monitor["kind"] == "PodMonitor"
        assert monitor["spec"]["podMetricsEndpoints"][0]["path"] == shared.metrics.METRICS_PATH
