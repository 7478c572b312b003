"""'Last used' and 'last seen' stamps, written in a short transaction of their own.

Written in the request's transaction, the UPDATE would hold the key's row locked (PostgreSQL) until the
request commits: every other request with the same key that also found the stamp stale would queue behind
a whole pipeline run. On its own connection it commits at once; the WHERE keeps it to one write a minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Engine, Table, or_, update
from sqlalchemy.orm import Session


def touch(
    session: Session,
    *,
    table: Table,
    key: Column[Any],
    value: object,
    column: Column[Any],
    now: datetime,
    every: timedelta,
) -> None:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.begin() as conn:
        conn.execute(
            update(table)
            .where(key == value, or_(column.is_(None), column < now - every))
            .values({column.name: now})
        )
