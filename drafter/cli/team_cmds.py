"""`drafter users add | list | disable`, `drafter keys list | revoke`, `drafter shifts add | list`:
the people of the stores, their API keys and their shifts."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from drafter.config import get_settings
from drafter.errors import DrafterError
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from drafter.team import keys, shifts, users

users_app = typer.Typer(help="People: agents, leads and admins of the stores.", no_args_is_help=True)
shifts_app = typer.Typer(help="Shifts: who is on duty when (store time).", no_args_is_help=True)


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _url() -> str:
    settings = get_settings()
    ensure_initialized(settings)
    return settings.resolved_database_url


def _fail(exc: DrafterError) -> typer.Exit:
    _err(f"error: {exc.code}: {exc.message}")
    return typer.Exit(1)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Option(help="The person's e-mail (their sign-in name).")],
    name: Annotated[str, typer.Option(help="The name others see.")],
    store: Annotated[list[str], typer.Option(help="A store they work for; repeat for several.")],
    role: Annotated[str, typer.Option(help="agent, lead or admin.")] = "agent",
    password: Annotated[
        bool, typer.Option("--password/--no-password", help="Ask for a review-page password (hidden).")
    ] = True,
) -> None:
    """Add a person. The password is asked for (twice, hidden); --no-password: API keys only."""
    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    try:
        new = users.NewUser(email=email, name=name, role=role, password=secret)
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    try:
        with session_scope(_url()) as session:
            user = users.create_user(
                session, new=new, stores=store, rounds=get_settings().password_bcrypt_rounds
            )
            typer.echo(users.view(session, user).model_dump_json())
    except DrafterError as exc:
        raise _fail(exc) from None


@users_app.command("list")
def users_list(store: Annotated[str | None, typer.Option(help="Only this store's people.")] = None) -> None:
    """One JSON line per person."""
    with session_scope(_url()) as session:
        for user in users.list_users(session, store_id=store):
            typer.echo(users.view(session, user).model_dump_json())


@users_app.command("disable")
def users_disable(email: Annotated[str, typer.Argument(help="The person's e-mail.")]) -> None:
    """Disable a person: their keys and sessions are refused from the next request on."""
    with session_scope(_url()) as session:
        user = users.find_by_email(session, email=email)
        if user is None:
            _err(f"error: user_not_found: no user {email}")
            raise typer.Exit(1)
        typer.echo(users.view(session, users.disable_user(session, user=user)).model_dump_json())


def keys_list(
    store: Annotated[str | None, typer.Option(help="Only this store's keys.")] = None,
    user: Annotated[str | None, typer.Option(help="Only this person's keys (e-mail).")] = None,
) -> None:
    """One JSON line per key: id, prefix, store, person, created, last used, revoked (never the key)."""
    with session_scope(_url()) as session:
        user_id = None
        if user:
            found = users.find_by_email(session, email=user)
            if found is None:
                _err(f"error: user_not_found: no user {user}")
                raise typer.Exit(1)
            user_id = found.id
        for key in keys.list_keys(session, store_id=store, user_id=user_id):
            typer.echo(key.model_dump_json())


def keys_revoke(key_id: Annotated[int, typer.Argument(help="The key's id (drafter keys list).")]) -> None:
    """Revoke a key: it is refused from the next request on."""
    try:
        with session_scope(_url()) as session:
            typer.echo(keys.revoke_key(session, key_id=key_id).model_dump_json())
    except DrafterError as exc:
        raise _fail(exc) from None


@shifts_app.command("add")
def shifts_add(
    store: Annotated[str, typer.Option(help="The store.")],
    user: Annotated[str, typer.Option(help="The person's e-mail.")],
    days: Annotated[str, typer.Option(help="mon-fri, sat,sun, ...")],
    start: Annotated[str, typer.Option("--from", help="HH:MM, store time.")],
    end: Annotated[str, typer.Option("--to", help="HH:MM, store time; before --from: past midnight.")],
) -> None:
    """Put a person on shift (auto-assignment only hands drafts to people on shift)."""
    try:
        day_numbers = shifts.parse_days(days)
        with session_scope(_url()) as session:
            found = users.find_by_email(session, email=user)
            if found is None or not users.member_of(session, user_id=found.id, store_id=store):
                _err(f"error: user_not_found: no user {user} in store {store}")
                raise typer.Exit(1)
            added = shifts.add_shifts(
                session, store_id=store, user_id=found.id, days=day_numbers, start=start, end=end
            )
            for s in added:
                typer.echo(s.model_dump_json())
    except ValueError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None


@shifts_app.command("list")
def shifts_list(store: Annotated[str, typer.Option(help="The store.")]) -> None:
    """One JSON line per shift."""
    with session_scope(_url()) as session:
        for s in shifts.list_shifts(session, store_id=store):
            typer.echo(json.dumps({**s.model_dump(), "day": shifts.DAYS[s.weekday]}))


def register(app: typer.Typer) -> None:
    # `drafter keys` is the group pipeline_cmds registers (it has `create`); list and revoke join it.
    from drafter.cli.pipeline_cmds import keys_app

    keys_app.command("list")(keys_list)
    keys_app.command("revoke")(keys_revoke)
    app.add_typer(users_app, name="users")
    app.add_typer(shifts_app, name="shifts")
