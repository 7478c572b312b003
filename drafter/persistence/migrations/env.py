"""Alembic environment: the URL comes from the caller (drafter.persistence.migrate), never from a file."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from drafter.persistence import (
    promise_tables,  # noqa: F401  (promises, alerts, feedback on Base.metadata)
    team_tables,  # noqa: F401  (users, sessions, shifts on Base.metadata)
)
from drafter.persistence.tables import Base

config = context.config
_url = config.get_main_option("sqlalchemy.url")
if _url is None:  # drafter.persistence.migrate always sets it
    raise RuntimeError("alembic: no sqlalchemy.url; run migrations through drafter.persistence.migrate")
url: str = _url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection") or create_engine(url)
    if hasattr(connectable, "connect") and not hasattr(connectable, "execute"):
        with connectable.connect() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:  # noqa: ANN001
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables there.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
