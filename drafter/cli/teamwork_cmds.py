"""`drafter alerts run`, `drafter promises run|list`, `drafter report sla`, `drafter feedback export`,
`drafter report demo-activity`: the team features of issue 21 (second half)."""

from __future__ import annotations

import json
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

alerts_app = typer.Typer(
    help="Alerts: deadlines near, chats unanswered, system notices.", no_args_is_help=True
)
promises_app = typer.Typer(help="Promises of sent replies and their follow-ups.", no_args_is_help=True)
report_app = typer.Typer(help="Reports.", no_args_is_help=True)
feedback_app = typer.Typer(help="What reviewers changed, for the eval set and the FAQ.", no_args_is_help=True)

StoreOpt = Annotated[str, typer.Option("--store", help="Store id.")]


def _settings():
    from drafter.config import get_settings
    from drafter.persistence import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.resolved_database_url)
    return settings


@alerts_app.command("run")
def alerts_run(
    loop: Annotated[bool, typer.Option("--loop", help="Sweep every team_sweep_s until stopped.")] = False,
) -> None:
    """One sweep (or, with --loop, one every team_sweep_s): each new alert is sent once; one JSON line each."""
    from drafter.notify.sweep import run_sweep

    settings = _settings()
    stop = threading.Event()
    if loop:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        typer.echo(json.dumps(run_sweep(settings)))
        if not loop or stop.wait(settings.team_sweep_s):
            return


@promises_app.command("run")
def promises_run() -> None:
    """Draft the follow-ups of promises that came due; expire those left unsent past the grace period."""
    from drafter.drafts.follow_ups import run_due
    from drafter.wiring import build_pipeline

    typer.echo(json.dumps(run_due(build_pipeline(_settings()))))


@promises_app.command("list")
def promises_list(
    store: StoreOpt,
    status: Annotated[str | None, typer.Option(help="open | due | kept | expired")] = None,
) -> None:
    """One JSON line per promise: what was promised, due when (UTC, store's and buyer's time), status."""
    from drafter.persistence.db import session_scope
    from drafter.promises.service import list_promises

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        for item in list_promises(session, store_id=store, status=status, limit=1000):
            typer.echo(item.model_dump_json())


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.0f} min"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f} %"


@report_app.command("sla")
def report_sla(
    store: StoreOpt,
    days: Annotated[int, typer.Option(help="Messages received in the last N days.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """% answered within the platform deadline per platform, person and ISO week; p50/p90 per person."""
    from drafter.persistence.db import session_scope
    from drafter.reports.sla import sla_report

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        report = sla_report(session, store_id=store, days=days)
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
        return
    typer.echo(f"SLA report for {store}, messages received since {report.since:%Y-%m-%d %H:%M} UTC")
    header = f"{'':<28}{'messages':>9}{'replied':>9}{'in time':>9}{'share':>8}{'p50':>10}{'p90':>10}"
    for title, rows in (
        ("per platform", [*report.by_platform, report.overall]),
        ("per person (audit actor)", report.by_person),
        ("per ISO week", report.by_week),
    ):
        typer.echo(f"\n{title}\n{header}")
        for r in rows:
            typer.echo(
                f"{r.key[:27]:<28}{r.messages:>9}{r.replied:>9}{r.within_deadline:>9}"
                f"{_share(r.within_share):>8}{_minutes(r.p50_s):>10}{_minutes(r.p90_s):>10}"
            )


@feedback_app.command("export")
def feedback_export(
    store: StoreOpt,
    out: Annotated[
        Path, typer.Option(help="Folder for eval_cases.jsonl, faq_suggestions.jsonl, notes.jsonl.")
    ],
    days: Annotated[int, typer.Option(help="Feedback of the last N days.")] = 90,
) -> None:
    """Edited and rejected drafts as candidate eval cases and FAQ suggestions, for a person to accept."""
    from drafter.feedback.export import export_feedback
    from drafter.persistence.db import session_scope

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        result = export_feedback(session, store_id=store, out_dir=out, days=days)
    typer.echo(result.model_dump_json())


@report_app.command("demo-activity")
def team_demo() -> None:
    """A reviewing day on the demo drafts (development): two reviewers approve, edit, reject, rate and send,
    so the SLA report, the promises and the feedback export have something to show."""
    from drafter.devtools.team_demo import review_demo_day
    from drafter.wiring import build_pipeline

    typer.echo(json.dumps(review_demo_day(build_pipeline(_settings()))))


def register(app: typer.Typer) -> None:
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(promises_app, name="promises")
    app.add_typer(report_app, name="report")
    app.add_typer(feedback_app, name="feedback")
