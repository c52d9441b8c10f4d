"""The `secor` command: run the whole system, serve one component, migrate, seed, manage API keys."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

COMPONENTS = ("gateway", "eligibility", "training", "submission")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="secor", description="SECOR platform")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser(
        "run", help="start PostgreSQL (embedded unless SECOR_DATABASE_URL), migrate, seed, run all"
    )
    serve = sub.add_parser("serve", help="run one HTTP component with uvicorn")
    serve.add_argument("component", choices=COMPONENTS)
    sub.add_parser("worker", help="run the event, webhook and mail delivery worker")
    migrate_parser = sub.add_parser("migrate", help="alembic upgrade head")
    migrate_parser.add_argument(
        "--seed", action="store_true", help="then insert the reference data (like `secor seed`)"
    )
    sub.add_parser("seed", help="insert the reference data every installation needs (idempotent)")
    sub.add_parser("mail-sink", help="an SMTP server that writes every message to <data_dir>/mail/")
    sub.add_parser(
        "mail-intake",
        help="the inbound mail receiver: the COR mailbox's evaluations, by SMTP, into the system",
    )
    sub.add_parser("database-url", help="print the database URL in use (starting the embedded one if needed)")

    keys = sub.add_parser("api-keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key and print it, alone, on stdout")
    create.add_argument("--kind", required=True, choices=("provider", "integrator", "staff"))
    create.add_argument("--role", choices=("admin", "qa_analyst", "viewer"))
    create.add_argument("--name", required=True)
    create.add_argument("--provider-id")
    create.add_argument("--integrator-id")
    create.add_argument("--rate-limit-per-minute", type=int)

    example = sub.add_parser(
        "example-package",
        help="write a zip laid out as the current instrument asks (what the README's worked example sends)",
    )
    example.add_argument("path", help="where to write the zip, e.g. package.zip")
    example.add_argument(
        "--audit-period-end",
        type=_date,
        help="the last day of the audit period its documents are dated in (default: yesterday)",
    )

    sub.add_parser(
        "settings", help="print every setting (variable, default, component, meaning) as a Markdown table"
    )

    openapi = sub.add_parser(
        "openapi", help="write the public API's OpenAPI document from the code (what the gateway serves)"
    )
    openapi.add_argument(
        "path",
        nargs="?",
        help="where to write it (default: the gateway's committed gateway/openapi/openapi.json)",
    )
    openapi.add_argument(
        "--client",
        metavar="FOLDER",
        help="also generate the integrators' Python client from it into FOLDER (e.g. clients/python)",
    )

    secrets_parser = sub.add_parser("secrets", help="make new secrets for production settings")
    secrets_parser.add_argument(
        "which",
        choices=("certificate-signing-key", "internal-webhook-secret", "principal-secret"),
        help="print one, alone, on stdout",
    )

    args = parser.parse_args(argv)
    if args.command == "run":
        from launcher.runner import run_all

        return run_all()
    if args.command == "serve":
        _find_the_database()
        return _serve(args.component)
    if args.command == "worker":
        from gateway.worker.main import run_worker

        _find_the_database()
        return run_worker()
    if args.command == "mail-intake":
        from services.submission.mail.receiver import run_mail_intake

        _find_the_database()
        return run_mail_intake()
    if args.command == "mail-sink":
        from launcher.mailsink import run_mail_sink

        return run_mail_sink()
    if args.command == "migrate":
        from launcher.runner import database_url, migrate, seed

        url = database_url()
        migrate(url)
        if args.seed:
            asyncio.run(seed(url))
        return 0
    if args.command == "seed":
        from launcher.runner import database_url, seed

        asyncio.run(seed(database_url()))
        return 0
    if args.command == "database-url":
        from launcher.runner import database_url

        print(database_url(stop_at_exit=False))
        return 0
    if args.command == "secrets":
        print(_new_secret(args.which))
        return 0
    if args.command == "api-keys" and args.keys_command == "create":
        return _create_key(args)
    if args.command == "settings":
        print(settings_reference(), end="")
        return 0
    if args.command == "example-package":
        return _example_package(args.path, args.audit_period_end)
    if args.command == "openapi":
        from gateway.openapi import DOCUMENT_PATH
        from launcher.openapi import generate_client, write_public_document

        document = Path(args.path) if args.path else DOCUMENT_PATH
        write_public_document(document)
        if args.client:
            generated = generate_client(document, Path(args.client))
            if generated.returncode != 0:
                print(generated.stdout, generated.stderr, sep="\n", file=sys.stderr)
                return generated.returncode
        return 0
    parser.error("unknown command")
    return 2


def settings_reference() -> str:
    """Every setting of every component as Markdown: what docs/configuration.md holds."""
    import json

    from pydantic import SecretStr

    from gateway.settings import GatewaySettings, WorkerSettings
    from services.eligibility.settings import EligibilitySettings
    from services.submission.settings import SubmissionSettings
    from services.training.settings import TrainingSettings
    from shared.settings import SecorSettings

    components: dict[str, type[SecorSettings]] = {
        "gateway": GatewaySettings,
        "worker": WorkerSettings,
        "eligibility": EligibilitySettings,
        "training": TrainingSettings,
        "submission": SubmissionSettings,
    }
    lines = [
        "# Configuration",
        "",
        "Every setting is an environment variable with the `SECOR_` prefix; each component reads the ones it",
        "uses. This page is printed by `secor settings` from the settings classes themselves (a test keeps it",
        'equal to them). Lists and maps are given as JSON (`SECOR_MANAGEMENT_COURSES=\'["SECOR", "PHSM"]\'`).',
        "",
        "| variable | default | read by | meaning |",
        "|----------|---------|---------|---------|",
    ]
    names = list(SecorSettings.model_fields)
    for settings_class in components.values():
        names += [n for n in settings_class.model_fields if n not in names]
    for name in names:
        readers = [c for c, k in components.items() if name in k.model_fields]
        settings_class = components[readers[0]]
        field = settings_class.model_fields[name]
        default = field.get_default(call_default_factory=True)
        if isinstance(default, SecretStr):
            shown = "a development value (production refuses it)"
        elif default is None:
            shown = "unset"
        else:
            shown = f"`{json.dumps(default) if isinstance(default, list | dict) else default}`"
        where = "all" if name in SecorSettings.model_fields else ", ".join(readers)
        meaning = (field.description or "").replace("|", "\\|")
        lines.append(f"| `SECOR_{name.upper()}` | {shown} | {where} | {meaning} |")
    return "\n".join(lines) + "\n"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _example_package(path: str, audit_period_end: dt.date | None) -> int:
    from services.submission.instruments.example import example_package
    from services.submission.instruments.model import BUILT_IN, Instruments
    from services.submission.settings import SubmissionSettings

    settings = SubmissionSettings()
    instrument = Instruments(settings.instrument_dir or BUILT_IN, settings.instrument_version).current
    end = audit_period_end or settings.program_date(dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
    Path(path).write_bytes(example_package(instrument, end))
    print(f"{path}: a package for instrument {instrument.version}, documents dated up to {end}")
    return 0


def _find_the_database() -> None:
    """A component run alone uses the database `secor run` would: SECOR_DATABASE_URL, else the embedded server
    under SECOR_DATA_DIR (started if it is not running, and left running for the others)."""
    import os

    from launcher.runner import database_url

    os.environ["SECOR_DATABASE_URL"] = database_url(stop_at_exit=False)


def _serve(component: str) -> int:
    import uvicorn

    from shared.settings import SecorSettings

    settings = SecorSettings()
    port = getattr(settings, f"{component}_port")
    workers = getattr(settings, f"{component}_workers")
    if workers > 1:
        _share_metrics_between_processes(component)
    # uvicorn.run supervises worker processes when there are several (SECOR_<COMPONENT>_WORKERS).
    uvicorn.run(
        f"launcher.asgi:{component}",
        factory=True,
        workers=workers,
        proxy_headers=False,  # the gateway sets X-Forwarded-For itself; nothing else is trusted
        host=settings.host,
        port=port,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http="httptools",
        log_config=None,
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=10,
        timeout_keep_alive=30,
    )
    return 0


def _share_metrics_between_processes(component: str) -> None:
    """One folder for the processes' metrics (PROMETHEUS_MULTIPROC_DIR), empty at the start: a scrape of any
    process then reports them all. Taken from the environment if set, else made for this run and removed after."""
    import atexit
    import os
    import shutil
    import tempfile

    from shared.metrics import MULTIPROCESS_DIR

    given = os.environ.get(MULTIPROCESS_DIR)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return
    made = tempfile.mkdtemp(prefix=f"secor-{component}-metrics-")
    os.environ[MULTIPROCESS_DIR] = made
    atexit.register(shutil.rmtree, made, True)


def _new_secret(which: str) -> str:
    import base64
    import secrets

    if which == "certificate-signing-key":
        from services.eligibility.certificates.signing import new_signing_key

        return new_signing_key()
    if which == "internal-webhook-secret":
        return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    return secrets.token_urlsafe(32)


def _create_key(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from gateway.api_keys.schemas import ApiKeyCreate
    from launcher.runner import create_api_key, database_url

    try:
        data = ApiKeyCreate(
            name=args.name,
            kind=args.kind,
            role=args.role,
            provider_id=args.provider_id,
            integrator_id=args.integrator_id,
            rate_limit_per_minute=args.rate_limit_per_minute,
        )
    except ValidationError as exc:
        for err in exc.errors():
            print(f"secor: {err['msg']}", file=sys.stderr)
        return 2
    key = asyncio.run(create_api_key(database_url(), data, created_by="cli"))
    print(key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
