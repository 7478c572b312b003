"""`drafter users`, `drafter keys list|revoke`, `drafter shifts` as an operator uses them, on a real data dir."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from drafter.cli import _register_all, app
from drafter.persistence.db import session_scope
from drafter.team.keys import caller_for_key

_register_all()
runner = CliRunner()


@pytest.fixture
def env(settings):
    return {"DRAFTER_DATA_DIR": str(settings.data_dir), "DRAFTER_PASSWORD_BCRYPT_ROUNDS": "4"}


def _json(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_users_keys_and_shifts(env, settings):
    add = [
        "users",
        "add",
        "--email",
        "Mia@Shop.test",
        "--name",
        "Mia",
        "--store",
        "shop-a",
        "--store",
        "shop-b",
    ]
    made = runner.invoke(app, [*add, "--role", "lead"], input="long enough pw\nlong enough pw\n", env=env)
    assert made.exit_code == 0, made.output
    mia = _json(made.stdout)[0]
    assert (mia["email"], mia["role"], mia["stores"]) == ("mia@shop.test", "lead", ["shop-a", "shop-b"])
    again = runner.invoke(app, [*add, "--no-password"], env=env)
    assert again.exit_code == 1 and "user_exists" in again.output
    bad = runner.invoke(
        app,
        [
            "users",
            "add",
            "--email",
            "x@y.test",
            "--name",
            "X",
            "--store",
            "s",
            "--role",
            "boss",
            "--no-password",
        ],
        env=env,
    )
    assert bad.exit_code == 2

    key = runner.invoke(app, ["keys", "create", "--store", "shop-a", "--user", "mia@shop.test"], env=env)
    assert key.exit_code == 0, key.output
    clear = key.stdout.strip()
    with session_scope(settings.resolved_database_url) as session:
        caller = caller_for_key(session, key=clear)
        assert caller is not None and (caller.user_id, caller.actor) == (
            mia["user_id"],
            f"user:{mia['user_id']}",
        )
    listed = _json(runner.invoke(app, ["keys", "list", "--user", "mia@shop.test"], env=env).stdout)
    assert len(listed) == 1 and clear not in json.dumps(listed) and listed[0]["revoked_at"] is None
    revoked = runner.invoke(app, ["keys", "revoke", str(listed[0]["key_id"])], env=env)
    assert revoked.exit_code == 0 and _json(revoked.stdout)[0]["revoked_at"]
    with session_scope(settings.resolved_database_url) as session:
        assert caller_for_key(session, key=clear) is None
    assert "key_not_found" in runner.invoke(app, ["keys", "revoke", "999999"], env=env).output

    shift = runner.invoke(
        app,
        [
            "shifts",
            "add",
            "--store",
            "shop-a",
            "--user",
            "mia@shop.test",
            "--days",
            "mon-fri",
            "--from",
            "09:00",
            "--to",
            "18:00",
        ],
        env=env,
    )
    assert shift.exit_code == 0, shift.output
    days = [
        s["day"] for s in _json(runner.invoke(app, ["shifts", "list", "--store", "shop-a"], env=env).stdout)
    ]
    assert days == ["mon", "tue", "wed", "thu", "fri"]
    wrong = runner.invoke(
        app,
        [
            "shifts",
            "add",
            "--store",
            "shop-a",
            "--user",
            "mia@shop.test",
            "--days",
            "someday",
            "--from",
            "9",
            "--to",
            "18:00",
        ],
        env=env,
    )
    assert wrong.exit_code == 2

    listed_users = _json(runner.invoke(app, ["users", "list", "--store", "shop-b"], env=env).stdout)
    assert [u["email"] for u in listed_users] == ["mia@shop.test"]
    off = runner.invoke(app, ["users", "disable", "mia@shop.test"], env=env)
    assert off.exit_code == 0 and _json(off.stdout)[0]["disabled_at"]


def test_serve_makes_and_prints_the_demo_team_once(settings):
    from drafter.cli.pipeline_cmds import demo_team
    from drafter.persistence.init import ensure_initialized
    from drafter.team.sessions import sign_in
    from drafter.team.users import list_users

    settings = settings.model_copy(update={"password_bcrypt_rounds": 4})
    ensure_initialized(settings)
    lines = demo_team(settings)
    assert lines[0].startswith("Demo people of demo-store")
    printed = dict(line.split(": ", 1) for line in lines[1:])
    assert set(printed) == {"  lead", "  agent"}
    assert demo_team(settings) == lines  # the second start prints the same people, makes no new ones
    email, _, password = printed["  agent"].partition("  password: ")
    with session_scope(settings.resolved_database_url) as session:
        assert len(list_users(session, store_id="demo-store")) == 2
        _, _, store = sign_in(session, email=email, password=password, store_id=None, ttl=timedelta(hours=1))
        assert store == "demo-store"
