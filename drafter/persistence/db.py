"""Engine and sessions. One engine per database URL per process."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    engine = _create_engine(url)
    _ENGINES.add(engine)
    return engine


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            # WAL lets the API read while a CLI import writes; foreign keys are off by default in SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _forget_inherited_connections() -> None:
    """In a forked child (a prefork worker pool), drop the pools inherited from the parent without
    closing their sockets: those belong to the parent, and two processes on one connection corrupt it."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_inherited_connections)


@lru_cache(maxsize=8)
def get_sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# Fixed 64-bit keys of the advisory locks that serialise first use and migrations across machines.
INIT_LOCK = 0x44524146544552  # "DRAFTER"
MIGRATE_LOCK = INIT_LOCK + 1


@contextmanager
def database_lock(url: str, key: int = INIT_LOCK) -> Iterator[None]:
    """On PostgreSQL, a session advisory lock held for the block: replicas and workers on several machines
    that start at once run migrations and demo-data loading one after the other. Elsewhere a no-op
    (SQLite lives on one machine, where the data dir's file lock already serialises)."""
    if not url.startswith("postgresql"):
        yield
        return
    with get_engine(url).connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            conn.commit()


def rows_changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and return how many rows it matched (the compare-and-set checks read this)."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)  # what an UPDATE or DELETE always returns
    return result.rowcount
