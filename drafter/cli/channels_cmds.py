"""`drafter channels add | list | test | poll | send | beat`: connect a store's mailbox or marketplace
messages, draft what comes in, send approved replies back the same way. Output is JSON, one line per item;
secrets are never printed."""

from __future__ import annotations

import json
import os
import threading
from typing import Annotated

import typer

from drafter.config import get_settings
from drafter.errors import DrafterError

channels = typer.Typer(
    help="Connect stores to their message channels (e-mail, AliExpress, eBay, Chatwoot).",
    no_args_is_help=True,
)


def _settings():
    # local: start-up time
    from drafter.persistence.init import ensure_initialized

    settings = get_settings()
    ensure_initialized(settings)
    return settings


def _fail(code: str, message: str) -> None:
    typer.echo(json.dumps({"code": code, "message": message}), err=True)
    raise typer.Exit(2)


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    out = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            _fail("invalid_request", f"--{what} takes KEY=VALUE, got {item!r}")
        out[key.strip()] = value
    return out


def _secret_value(name: str, value: str) -> str:
    """'env:VAR' reads the variable (keeps the secret out of shell history), '-' asks without echo."""
    if value.startswith("env:"):
        found = os.environ.get(value[4:])
        if found is None:
            _fail("invalid_request", f"secret {name}: environment variable {value[4:]} is not set")
        return found or ""
    if value == "-":
        return typer.prompt(name, hide_input=True)
    return value


@channels.command("add")
def add(
    store: Annotated[str, typer.Argument(help="Store id.")],
    name: Annotated[
        str, typer.Argument(help="A name for this connection, unique in the store (e.g. amazon-de).")
    ],
    kind: Annotated[str, typer.Option(help="email | aliexpress | ebay | chatwoot")],
    platform: Annotated[
        str, typer.Option(help="The marketplace its buyers write from: amazon | shopify | ...")
    ],
    option: Annotated[list[str] | None, typer.Option("--option", "-o", help="KEY=VALUE, repeatable.")] = None,
    secret: Annotated[
        list[str] | None,
        typer.Option("--secret", "-s", help="KEY=VALUE | KEY=env:VAR | KEY=- (prompt), repeatable."),
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 60.0,
) -> None:
    """Add a channel; its settings are checked (not the connection: `drafter channels test` does that)."""
    from pydantic import BaseModel, ValidationError

    # local: start-up time
    from drafter.channels import get_adapter
    from drafter.channels.config import ChannelConfig
    from drafter.channels.registry import add_channel, describe
    from drafter.persistence.db import session_scope

    settings = _settings()
    secrets = {k: _secret_value(k, v) for k, v in _pairs(secret, "secret").items()}
    options = _pairs(option, "option")  # strings: the channel's options model converts them (ports, booleans)
    try:
        config = ChannelConfig(
            store_id=store, name=name, kind=kind, platform=platform, options=options, secrets=secrets
        )
        typed = getattr(
            get_adapter(config, settings), "options", None
        )  # validates options and required secrets
        if isinstance(typed, BaseModel):  # keep the converted values (993, not "993")
            config = config.model_copy(update={"options": typed.model_dump(mode="json", exclude_unset=True)})
        with session_scope(settings.resolved_database_url) as session:
            row = add_channel(session, config, poll_interval_s=interval)
            typer.echo(json.dumps(describe(row), ensure_ascii=False))
    except ValidationError as exc:
        _fail(
            "invalid_channel_settings",
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)),
        )
    except DrafterError as exc:
        _fail(exc.code, exc.message)
    except ValueError as exc:
        _fail("invalid_channel_settings", str(exc))


@channels.command("list")
def list_(store: Annotated[str | None, typer.Option(help="Only this store.")] = None) -> None:
    """Every channel with its cursor, last poll and last error (secret names only, never values)."""
    # local: start-up time
    from drafter.channels.registry import describe, list_channels, message_counts
    from drafter.persistence.db import session_scope

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        for row in list_channels(session, store_id=store):
            typer.echo(
                json.dumps({**describe(row), "messages": message_counts(session, row.id)}, ensure_ascii=False)
            )


@channels.command("notices")
def notices(
    store: Annotated[str, typer.Argument()],
    include_info: Annotated[bool, typer.Option(help="Also platform mail of no alerting kind.")] = False,
) -> None:
    """System notices found in the store's mailboxes (JSON lines, latest first), then unread-mailbox warnings;
    exit 1 when a mailbox has not been read for mailbox_unread_warn_h."""
    # local: start-up time
    from drafter.notices.watch import stale_mailboxes, store_notices
    from drafter.persistence.db import session_scope

    settings = _settings()
    with session_scope(settings.resolved_database_url) as session:
        for notice in store_notices(session, store_id=store, include_info=include_info):
            typer.echo(notice.model_dump_json())
        warnings = stale_mailboxes(session, store_id=store, max_age_h=settings.mailbox_unread_warn_h)
    for warning in warnings:
        typer.echo(json.dumps({"warning": warning.model_dump(mode="json")}, ensure_ascii=False))
    raise typer.Exit(1 if warnings else 0)


@channels.command("test")
def test(store: Annotated[str, typer.Argument()], name: Annotated[str, typer.Argument()]) -> None:
    """Connect and authenticate (both ways where the channel has two); changes nothing."""
    # local: start-up time
    from drafter.channels import ChannelError, get_adapter
    from drafter.channels.registry import config_of, get_channel
    from drafter.persistence.db import session_scope

    settings = _settings()
    try:
        with session_scope(settings.resolved_database_url) as session:
            config = config_of(get_channel(session, store_id=store, name=name))
        typer.echo(json.dumps({"channel": name, "store_id": store, **get_adapter(config, settings).check()}))
    except DrafterError as exc:
        _fail(exc.code, exc.message)
    except ChannelError as exc:
        _fail("channel_unreachable" if exc.transient else "channel_refused", str(exc))
    except ValueError as exc:
        _fail("invalid_channel_settings", str(exc))


@channels.command("poll")
def poll(
    store: Annotated[str | None, typer.Argument(help="Store id; default: every store.")] = None,
    name: Annotated[
        str | None, typer.Argument(help="Channel name; default: every channel of the store.")
    ] = None,
    every: Annotated[float, typer.Option(help="Keep polling, a pass every N seconds (0: one pass).")] = 0.0,
) -> None:
    """Fetch new messages and draft them: one JSON line per channel and pass. Ctrl-C stops a --every loop."""
    # local: start-up time
    from drafter.channels.registry import get_channel, list_channels
    from drafter.intake.poll import poll_channel
    from drafter.persistence.db import session_scope
    from drafter.wiring import build_pipeline

    settings = _settings()
    try:
        with session_scope(settings.resolved_database_url) as session:
            if name:
                ids = [get_channel(session, store_id=store or "", name=name).id]
            else:
                ids = [
                    r.id for r in list_channels(session, store_id=store) if r.enabled and r.kind != "chatwoot"
                ]
    except DrafterError as exc:
        _fail(exc.code, exc.message)
    pipeline = build_pipeline(settings)
    stop = threading.Event()
    while True:
        for channel_id in ids:
            while True:  # a channel with more than one fetch's worth is drained in this pass
                counts = poll_channel(settings, pipeline, channel_id)
                typer.echo(json.dumps(counts, ensure_ascii=False))
                if not counts.get("more") or not any(counts.get(k) for k in ("drafted", "skipped", "failed")):
                    break  # drained, or a page of repeats only (nothing moves): the next pass carries on
        if every <= 0:
            return
        try:
            stop.wait(every)
        except KeyboardInterrupt:
            return


@channels.command("retry")
def retry(store: Annotated[str, typer.Argument()], name: Annotated[str, typer.Argument()]) -> None:
    """Draft again the messages of a channel that Drafter could not draft (`list` counts them as failed)."""
    # local: start-up time
    from drafter.channels.registry import get_channel
    from drafter.intake.poll import redraft_failed
    from drafter.persistence.db import session_scope
    from drafter.wiring import build_pipeline

    settings = _settings()
    try:
        with session_scope(settings.resolved_database_url) as session:
            channel_id = get_channel(session, store_id=store, name=name).id
    except DrafterError as exc:
        _fail(exc.code, exc.message)
    typer.echo(json.dumps(redraft_failed(settings, build_pipeline(settings), channel_id)))


@channels.command("send")
def send() -> None:
    """Deliver the approved replies that are due now (one outbox pass): replies to channel messages go back
    through their channel, others to the store's webhook. `drafter outbox run` does this continuously."""
    # local: start-up time
    from drafter.outbox.passes import run_once

    typer.echo(json.dumps(run_once(_settings())))


@channels.command("beat")
def beat() -> None:
    """Run the scheduler that queues channel polls for `drafter worker` (Celery beat; one per cluster)."""
    # local: start-up time
    from drafter.workers.app import configure

    settings = _settings()
    app = configure(settings)
    schedule = settings.data_dir / "celerybeat-schedule"
    app.start(["beat", f"--schedule={schedule}", "--loglevel=info"])


def register(app: typer.Typer) -> None:
    app.add_typer(channels, name="channels")
