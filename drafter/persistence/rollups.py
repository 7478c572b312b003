"""Per-day rollups of the drafts table, kept by database triggers, for the first-response metrics.

`/v1/review/metrics` summarises a store's drafts of the last N days. Read from the drafts themselves that
is a walk of every draft in the window (82,000 rows at a million drafts a year: over a second). The
rollups hold, per (store, UTC day, platform), the counts the report needs and a histogram of reply
waits in buckets 2 % wide, so the report reads a few hundred small rows whatever the store's size.

Triggers, not application code: every write to `drafts` (the API's transitions, the outbox marking a
reply sent, imports, tests and bulk loads with plain SQL) updates the rollups in its own transaction,
so they can never drift from the drafts. `ensure()` re-creates the triggers and rebuilds the rollups
when they are missing (SQLite's batch migrations copy a table and drop its triggers with it).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from sqlalchemy import Connection, create_engine

ROLLUPS = "draft_rollups"
WAITS = "draft_wait_buckets"
BUCKET_RATIO = 1.02  # a wait's bucket spans 2 %: a quantile read from the histogram is within 2 %
_TRIGGERS = ("drafts_rollup_insert", "drafts_rollup_update", "drafts_rollup_delete")
_COUNTS = ("messages", "replied", "open", "within_deadline", "auto_sent", "awaiting_send")
# A draft moves in the rollups only when one of these changes (an edit of the reply text does not).
_WATCHED = ("store_id", "platform", "status", "route", "received_at", "sla_deadline", "decided_at", "sent_at")


def bucket_of(wait_s: float) -> int:
    """The histogram bucket of a wait in seconds (0: under a second); the SQL below computes the same."""
    return 0 if wait_s < 1 else 1 + math.floor(math.log(wait_s) / math.log(BUCKET_RATIO))


def bucket_bounds(bucket: int) -> tuple[float, float]:
    if bucket <= 0:
        return 0.0, 1.0
    return BUCKET_RATIO ** (bucket - 1), BUCKET_RATIO**bucket


class _Exprs(NamedTuple):
    day: str
    counts: tuple[str, ...]  # one 0/1 expression per column of _COUNTS
    sent: str
    bucket: str


def _exprs(r: str, dialect: str) -> _Exprs:
    """SQL expressions over one draft row `r` (NEW, OLD or a table alias): its rollup cell and figures."""
    replied_at = f"coalesce({r}.sent_at, {r}.decided_at, {r}.received_at)"
    sent = f"({r}.status = 'sent')"
    if dialect == "sqlite":
        day = f"date({r}.received_at)"
        wait = f"max(0.0, (julianday({replied_at}) - julianday({r}.received_at)) * 86400.0)"
        flag = "({})".format  # a comparison is already 0 or 1
    else:
        day = f"to_char({r}.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        wait = f"greatest(0.0, extract(epoch FROM {replied_at} - {r}.received_at))"
        flag = "(CASE WHEN {} THEN 1 ELSE 0 END)".format
    counts = (
        "1",
        flag(sent),
        flag(f"{r}.status IN ('pending_review', 'escalated')"),
        flag(f"{sent} AND {replied_at} <= {r}.sla_deadline"),
        flag(f"{sent} AND {r}.route = 'auto_send'"),
        flag(f"{r}.status = 'approved'"),
    )
    bucket = (
        f"CASE WHEN {wait} < 1 THEN 0 ELSE 1 + CAST(floor(ln({wait}) / ln({BUCKET_RATIO})) AS INTEGER) END"
    )
    return _Exprs(day, counts, sent, bucket)


def _contribution(row: str, sign: int, dialect: str) -> list[str]:
    """SQL adding (sign 1) or removing (sign -1) one draft (NEW or OLD) to or from the rollups."""
    e = _exprs(row, dialect)
    return [
        f"INSERT INTO {ROLLUPS} (store_id, day, platform, {', '.join(_COUNTS)}) "
        f"SELECT {row}.store_id, {e.day}, {row}.platform, {', '.join(f'{sign} * {c}' for c in e.counts)} "
        "WHERE true ON CONFLICT (store_id, day, platform) DO UPDATE SET "
        + ", ".join(f"{c} = {ROLLUPS}.{c} + excluded.{c}" for c in _COUNTS),
        f"INSERT INTO {WAITS} (store_id, day, platform, bucket, replies) "
        f"SELECT {row}.store_id, {e.day}, {row}.platform, {e.bucket}, {sign} WHERE {e.sent} "
        "ON CONFLICT (store_id, day, platform, bucket) DO UPDATE SET "
        f"replies = {WAITS}.replies + excluded.replies",
    ]


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _WATCHED)

    def body(*parts: list[str]) -> str:
        return " ".join(f"{s};" for p in parts for s in p)

    return [
        f"CREATE TRIGGER IF NOT EXISTS drafts_rollup_insert AFTER INSERT ON drafts BEGIN "
        f"{body(_contribution('NEW', 1, 'sqlite'))} END",
        f"CREATE TRIGGER IF NOT EXISTS drafts_rollup_update AFTER UPDATE ON drafts WHEN {changed} BEGIN "
        f"{body(_contribution('OLD', -1, 'sqlite'), _contribution('NEW', 1, 'sqlite'))} END",
        f"CREATE TRIGGER IF NOT EXISTS drafts_rollup_delete AFTER DELETE ON drafts BEGIN "
        f"{body(_contribution('OLD', -1, 'sqlite'))} END",
    ]


def _postgresql_triggers() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _WATCHED)

    def block(row: str, sign: int) -> str:
        return " ".join(f"{s};" for s in _contribution(row, sign, "postgresql"))

    return [
        "CREATE OR REPLACE FUNCTION drafts_rollup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {block('OLD', -1)} END IF; "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {block('NEW', 1)} END IF; "
        "RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS drafts_rollup_insert ON drafts",
        "DROP TRIGGER IF EXISTS drafts_rollup_update ON drafts",
        "DROP TRIGGER IF EXISTS drafts_rollup_delete ON drafts",
        "CREATE TRIGGER drafts_rollup_insert AFTER INSERT ON drafts "
        "FOR EACH ROW EXECUTE FUNCTION drafts_rollup()",
        f"CREATE TRIGGER drafts_rollup_update AFTER UPDATE ON drafts FOR EACH ROW WHEN ({changed}) "
        "EXECUTE FUNCTION drafts_rollup()",
        "CREATE TRIGGER drafts_rollup_delete AFTER DELETE ON drafts "
        "FOR EACH ROW EXECUTE FUNCTION drafts_rollup()",
    ]


def create_triggers(conn: Connection) -> None:
    statements = _sqlite_triggers() if conn.dialect.name == "sqlite" else _postgresql_triggers()
    for statement in statements:
        conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection) -> None:
    """Before a bulk load (then `rebuild()` once and `create_triggers()`): one GROUP BY instead of two
    upserts per row."""
    suffix = "" if conn.dialect.name == "sqlite" else " ON drafts"
    for name in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{suffix}")


def rebuild(conn: Connection) -> None:
    """Recompute every rollup from the drafts: the figures the triggers keep, one GROUP BY each."""
    e = _exprs("d", conn.dialect.name)
    conn.exec_driver_sql(f"DELETE FROM {ROLLUPS}")
    conn.exec_driver_sql(f"DELETE FROM {WAITS}")
    conn.exec_driver_sql(
        f"INSERT INTO {ROLLUPS} (store_id, day, platform, {', '.join(_COUNTS)}) "
        f"SELECT d.store_id, {e.day}, d.platform, {', '.join(f'sum({c})' for c in e.counts)} "
        "FROM drafts d GROUP BY 1, 2, 3"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {WAITS} (store_id, day, platform, bucket, replies) "
        f"SELECT d.store_id, {e.day}, d.platform, {e.bucket}, count(*) "
        f"FROM drafts d WHERE {e.sent} GROUP BY 1, 2, 3, 4"
    )


def has_triggers(conn: Connection) -> bool:
    names = ", ".join(f"'{name}'" for name in _TRIGGERS)
    if conn.dialect.name == "sqlite":
        query = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})"
    else:
        query = f"SELECT count(*) FROM pg_trigger WHERE tgname IN ({names}) AND NOT tgisinternal"
    return conn.exec_driver_sql(query).scalar() == len(_TRIGGERS)


def ensure(url: str) -> None:
    """After migrations: triggers in place, or re-created and the rollups rebuilt (a table copy by a
    later SQLite batch migration drops them)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if not has_triggers(conn):
                drop_triggers(conn)
                create_triggers(conn)
                rebuild(conn)
    finally:
        engine.dispose()
