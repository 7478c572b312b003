"""`drafter worker` (a Celery worker process), `drafter batch submit | status | requeue`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from drafter.cli.io import open_input
from drafter.config import get_settings
from drafter.models import BuyerMessage

batch_app = typer.Typer(
    help="Bulk drafting on the task queue (needs Redis and `drafter worker`).", no_args_is_help=True
)


def worker(
    concurrency: Annotated[
        int, typer.Option(help="Processes in this worker; 1 runs tasks in this process.")
    ] = 1,
    hostname: Annotated[str | None, typer.Option(help="Worker name (default: drafter-<pid>@<host>).")] = None,
    loglevel: Annotated[str, typer.Option(help="debug | info | warning")] = "info",
) -> None:
    """Run a worker that drafts queued batch messages (start one per core, on as many machines as you like)."""
    import os
    import socket

    # local: start-up time
    from drafter.api.app import warm_up
    from drafter.persistence.init import ensure_initialized
    from drafter.workers.app import configure
    from drafter.workers.tasks import worker_pipeline

    settings = get_settings()
    pool = "solo" if concurrency == 1 else "prefork"
    if pool == "solo":
        ensure_initialized(settings)
        warm_up(
            worker_pipeline(settings)
        )  # load and exercise the encoder and classifier before the first task
    else:
        # The embedded vector store runs threads that do not survive a fork: the parent must never open
        # it, so first use (schema, FAQ index) runs in a fresh interpreter, and each forked process
        # loads its own pipeline as it starts.
        _initialize_in_fresh_process(settings)
        from celery.signals import worker_process_init

        @worker_process_init.connect(weak=False)
        def _load_pipeline(**_: object) -> None:
            warm_up(worker_pipeline(settings))

    app = configure(settings)
    if settings.worker_metrics_port:
        from prometheus_client import start_http_server

        start_http_server(settings.worker_metrics_port, addr=settings.host)

    from celery.signals import worker_ready

    @worker_ready.connect(weak=False)
    def _announce(**_: object) -> None:
        if (
            settings.worker_requeue_after_s > 0
        ):  # after the pool forked: the thread lives in this process only
            # local: start-up time
            from drafter.workers.sweeper import Sweeper

            Sweeper(settings).start()
        typer.echo(f"drafter worker ready: {name}", err=True)  # scripts wait for this line

    name = hostname or f"drafter-{os.getpid()}@{socket.gethostname()}"
    app.worker_main(
        [
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            f"--hostname={name}",
            f"--queues={settings.worker_queue}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


def _initialize_in_fresh_process(settings) -> None:  # noqa: ANN001
    import multiprocessing

    # local: start-up time
    from drafter.persistence.init import ensure_initialized

    process = multiprocessing.get_context("spawn").Process(target=ensure_initialized, args=(settings,))
    process.start()
    process.join()
    if process.exitcode != 0:
        typer.echo(
            f"drafter worker: initialising the data dir failed (exit code {process.exitcode})", err=True
        )
        raise typer.Exit(1)


@batch_app.command("submit")
def batch_submit(
    file: Annotated[str, typer.Argument(help="Buyer messages as JSON Lines, or - for standard input.")] = "-",
    store: Annotated[str | None, typer.Option(help="Store for lines that do not name one.")] = None,
) -> None:
    """Save and queue messages; prints {"batch_id", "total"} (bad lines are reported and skipped)."""
    from pydantic import ValidationError

    # local: start-up time
    from drafter.persistence.init import ensure_initialized
    from drafter.workers.batches import submit

    settings = get_settings()
    ensure_initialized(settings)
    by_store: dict[str, list[BuyerMessage]] = {}
    errors = 0
    with open_input(file) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if store and isinstance(obj, dict):
                    obj.setdefault("store_id", store)
                message = BuyerMessage.model_validate(obj)
            except (json.JSONDecodeError, ValidationError) as exc:
                errors += 1
                typer.echo(f"line {number}: {str(exc).splitlines()[0]}", err=True)
                continue
            by_store.setdefault(message.store_id, []).append(message)
    for store_id, messages in by_store.items():
        for start in range(0, len(messages), settings.batch_max_messages):
            part = messages[start : start + settings.batch_max_messages]
            batch_id = submit(settings, store_id=store_id, messages=part)
            sys.stdout.write(
                json.dumps({"batch_id": batch_id, "store_id": store_id, "total": len(part)}) + "\n"
            )
    typer.echo(f"{sum(len(m) for m in by_store.values())} queued, {errors} errors", err=True)


@batch_app.command("status")
def batch_status(
    batch_id: str,
    store: Annotated[str, typer.Option(help="The batch's store.")],
    results: Annotated[bool, typer.Option(help="Also list every item (draft id, route, error).")] = False,
) -> None:
    """Progress of a batch as JSON: total, queued, done, failed, complete (and the items with --results)."""
    # local: start-up time
    from drafter.persistence.db import session_scope
    from drafter.workers.batches import batch_view

    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        view = batch_view(session, store_id=store, batch_id=batch_id, limit=10**9 if results else 0)
    typer.echo(view.model_dump_json())


@batch_app.command("requeue")
def batch_requeue(
    older_than: Annotated[float, typer.Option(help="Seconds an item must have waited.")] = 300.0,
) -> None:
    """Queue again the items still waiting (after a broker outage or purge). Safe to repeat."""
    # local: start-up time
    from drafter.workers.batches import requeue_stale

    n = requeue_stale(get_settings(), older_than_s=older_than)
    typer.echo(f"{n} items queued again", err=True)


def register(app: typer.Typer) -> None:
    app.command()(worker)
    app.add_typer(batch_app, name="batch")
