"""The Alembic chain runs on SQLite and on PostgreSQL, forwards, backwards and forwards again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from drafter.persistence import migrate
from drafter.persistence.db import get_engine

TABLES = {
    "drafts",
    "audit_events",
    "outbox",
    "orders",
    "api_keys",
    "batches",
    "batch_items",
    "channels",
    "channel_messages",
    "kit_approvals",
    "alembic_version",
}


def test_upgrade_creates_the_schema_and_is_repeatable(db_url):
    migrate.upgrade(db_url)
    migrate.upgrade(db_url)  # a second run is a no-op, as on every start
    inspector = inspect(get_engine(db_url))
    assert TABLES <= set(inspector.get_table_names())
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("drafts")}
    assert ("store_id", "message_id") in uniques
    # A draft has at most one reply and one acknowledgement in the outbox, no longer one row in all.
    outbox = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("outbox")}
    assert ("draft_id", "kind") in outbox and ("draft_id",) not in outbox


def test_downgrade_to_base_and_back(db_url):
    migrate.upgrade(db_url)
    command.downgrade(migrate.alembic_config(db_url), "base")
    get_engine(db_url).dispose()
    assert set(inspect(get_engine(db_url)).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(db_url)
    get_engine(db_url).dispose()
    assert TABLES <= set(inspect(get_engine(db_url)).get_table_names())


def test_tables_match_the_migrations(db_url):
    """The SQLAlchemy models and the migration chain describe the same schema on both engines."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from drafter.persistence.tables import Base

    migrate.upgrade(db_url)
    with get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
