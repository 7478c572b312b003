"""`drafter outbox run [--once] | status | requeue`: deliver approved replies to the stores' webhooks."""

from __future__ import annotations

import json
import logging
import signal
import threading
from typing import Annotated

import typer

from drafter.config import get_settings

log = logging.getLogger(__name__)
outbox = typer.Typer(
    help="Deliver approved and auto-sent replies to the stores' webhooks.", no_args_is_help=True
)


def _settings():
    # local: start-up time
    from drafter.persistence import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.resolved_database_url)  # the worker needs the schema, not the models
    return settings


@outbox.command("run")
def run(
    once: Annotated[bool, typer.Option("--once", help="One pass over what is due, then exit.")] = False,
) -> None:
    """Deliver due replies; one JSON line per pass that did something. Stops cleanly on SIGTERM/Ctrl-C."""
    # local: start-up time
    from drafter.outbox.passes import run_once

    settings = _settings()
    stop = threading.Event()
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        try:
            counts = run_once(settings)
        except Exception as exc:  # e.g. the database is away for a moment: the runner waits and tries again
            if once:
                raise
            log.exception("outbox pass failed")
            typer.echo(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]}), err=True)
            counts = {"claimed": 0}
        if once or counts["claimed"]:
            typer.echo(json.dumps(counts))
        if once or stop.is_set():
            return
        if not counts["claimed"]:
            stop.wait(settings.outbox_poll_s)
        if stop.is_set():
            return


@outbox.command("status")
def status() -> None:
    """Rows per status (pending, sent, dead) and how many pending ones are held for lack of a webhook."""
    # local: start-up time
    from drafter.outbox.admin import outbox_status
    from drafter.persistence.db import session_scope

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        typer.echo(json.dumps(outbox_status(session)))


@outbox.command("requeue")
def requeue(
    ids: Annotated[list[int] | None, typer.Argument(help="Outbox row ids; default: every dead row.")] = None,
) -> None:
    """Put dead-lettered rows back in the queue with a fresh attempt count."""
    # local: start-up time
    from drafter.outbox.admin import requeue_dead
    from drafter.persistence.db import session_scope

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        n = requeue_dead(session, ids=ids or None)
    typer.echo(json.dumps({"requeued": n}))


def register(app: typer.Typer) -> None:
    app.add_typer(outbox, name="outbox")
