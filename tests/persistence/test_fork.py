"""A forked child (the prefork worker pool) opens its own database connections, never the parent's."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import text

from drafter.persistence.db import get_engine, session_scope


def _backend_pid(url: str) -> int:
    with session_scope(url) as session:
        return int(session.scalar(text("SELECT pg_backend_pid()")))


def _child(url: str, out) -> None:  # noqa: ANN001
    out.put((get_engine(url).pool.checkedin(), _backend_pid(url)))


def test_a_forked_child_does_not_reuse_the_parents_connection(pg_url):
    parent_pid = _backend_pid(pg_url)  # the connection goes back to the parent's pool, still open
    assert get_engine(pg_url).pool.checkedin() >= 1
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    proc = ctx.Process(target=_child, args=(pg_url, out))
    proc.start()
    inherited, child_pid = out.get(timeout=60)
    proc.join(timeout=30)
    assert proc.exitcode == 0
    assert inherited == 0  # the pool the child inherited was emptied at fork
    assert child_pid != parent_pid
    assert _backend_pid(pg_url) == parent_pid  # the parent's connection is intact and still in use
