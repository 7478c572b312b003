from __future__ import annotations

from sqlalchemy import inspect

from drafter.store import migrate
from drafter.store.db import get_engine


def test_upgrade_creates_the_schema_and_is_repeatable(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    migrate.upgrade(url)
    migrate.upgrade(url)  # a second run is a no-op, as on every start
    tables = set(inspect(get_engine(url)).get_table_names())
    assert {"drafts", "audit_events", "outbox", "orders", "api_keys", "alembic_version"} <= tables
    uniques = {tuple(u["column_names"]) for u in inspect(get_engine(url)).get_unique_constraints("drafts")}
    assert ("store_id", "message_id") in uniques
