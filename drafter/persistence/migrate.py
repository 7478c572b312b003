"""Run Alembic migrations programmatically (`drafter db upgrade`, and on first use of a data dir)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from drafter.persistence.db import MIGRATE_LOCK, database_lock

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Safe when several processes or machines start at once: on PostgreSQL they take turns."""
    with database_lock(url, key=MIGRATE_LOCK):
        command.upgrade(alembic_config(url), revision)
        if revision == "head":
            from drafter.persistence import rollups

            rollups.ensure(url)  # a later migration that copied the drafts table dropped its triggers
