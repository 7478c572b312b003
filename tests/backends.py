"""Database and broker backends for the tests: SQLite always, PostgreSQL and Redis when they answer.

PostgreSQL: a scratch database per test session on the server at DRAFTER_TEST_PG (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres, trust auth), dropped at the end of the session.
Redis: DRAFTER_TEST_REDIS (default redis://127.0.0.1:6379), database 14, with a queue name of the test
session's own (test sessions of other checkouts may share the server: nothing is flushed).
Tests that need either one skip with a message that says what is missing and how to start it.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from sqlalchemy import create_engine, text

from drafter.devtools.localserver import free_port

PG_HINT = (
    "PostgreSQL is not answering at {url}; start it (pg_ctlcluster 15 main start) or set DRAFTER_TEST_PG "
    "to a server with trust auth"
)
REDIS_HINT = (
    "Redis is not answering at {url}; start it (redis-server --daemonize yes) or set DRAFTER_TEST_REDIS"
)


def pg_admin_url() -> str:
    return os.environ.get("DRAFTER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def redis_base_url() -> str:
    return os.environ.get("DRAFTER_TEST_REDIS", "redis://127.0.0.1:6379")


def _answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def pg_available() -> bool:
    if not _answers(pg_admin_url(), 5432):
        return False
    try:
        engine = create_engine(pg_admin_url())
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:  # a port that answers but refuses us counts as missing
        return False


def redis_available() -> bool:
    if not _answers(redis_base_url(), 6379):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(redis_base_url(), socket_timeout=1).ping())
    except Exception:
        return False


def require_pg() -> None:
    if not pg_available():
        pytest.skip(PG_HINT.format(url=pg_admin_url()))


def require_redis() -> None:
    if not redis_available():
        pytest.skip(REDIS_HINT.format(url=redis_base_url()))


def create_scratch_db(prefix: str = "drafter_test") -> str:
    """Create an empty database and return its SQLAlchemy URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg_admin_url().rsplit("/", 1)[0] + f"/{name}"


def drop_scratch_db(url: str) -> None:
    from drafter.persistence.db import get_engine

    get_engine(url).dispose()  # our own pooled connections first, then anyone left over
    name = url.rsplit("/", 1)[1]
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database for the whole test session (schema not created)."""
    require_pg()
    url = create_scratch_db()
    yield url
    drop_scratch_db(url)


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A scratch PostgreSQL database for one test (for tests that need an empty schema)."""
    require_pg()
    url = create_scratch_db()
    yield url
    drop_scratch_db(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Each test that takes db_url runs once on SQLite and once on PostgreSQL (skipped when absent)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'drafter.db'}"
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def redis_url() -> str:
    require_redis()
    return f"{redis_base_url().rstrip('/')}/14"


def unique_queue() -> str:
    return f"drafter-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def worker_queue() -> Iterator[str]:
    """A broker queue for this test session only."""
    name = unique_queue()
    yield name
    if redis_available():
        import redis

        redis.Redis.from_url(f"{redis_base_url().rstrip('/')}/14").delete(name)


def chroma_binary() -> str:
    import shutil
    import sys
    from pathlib import Path

    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.exists() else (shutil.which("chroma") or "chroma")


def start_chroma_server(path, *, timeout_s: float = 60):  # noqa: ANN001, ANN201
    """`chroma run` on a free loopback port; returns (process, url). Offline: it needs no download."""
    import subprocess
    import time

    import httpx

    port = free_port()
    log = open(f"{path}.log", "wb")  # noqa: SIM115  (closed with the process by the caller's stop)
    proc = subprocess.Popen(
        [chroma_binary(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {proc.returncode}; see {path}.log")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                time.sleep(0.5)  # another test session's server may have taken the port: ours then exits
                if proc.poll() is None:
                    return proc, url
                raise RuntimeError(f"chroma run exited with {proc.returncode} (port {port} taken?)")
        except httpx.TransportError:
            time.sleep(0.2)
    stop_process(proc)
    raise RuntimeError(f"chroma run did not answer within {timeout_s}s; see {path}.log")


def stop_process(proc, timeout_s: float = 15) -> None:  # noqa: ANN001
    """Stop a process we started: TERM, then KILL if it lingers."""
    import subprocess

    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout_s)


@pytest.fixture(scope="session")
def chroma_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = start_chroma_server(tmp_path_factory.mktemp("chroma-server") / "db")
    yield url
    stop_process(proc)
