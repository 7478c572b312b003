"""Worker throughput (template composer): the same batch drafted by 1 and then 2 `drafter worker` processes.

Real parts: Redis as the broker, PostgreSQL when it answers (else a SQLite file), the embedded Chroma.
Throughput = messages / seconds from the first task queued to the last item done.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from drafter.config import Settings
from drafter.devtools.bench import _TEXTS
from drafter.knowledge import load_demo_orders
from drafter.models import BuyerMessage

BENCH_REDIS_DB = 13


def _messages(settings: Settings, n: int, tag: str) -> list:

    # One store's messages, as a batch is (the API takes a batch from one store's key): its orders on
    # every platform it sells on, and the sample texts in six languages.
    orders = load_demo_orders(settings.knowledge_dir)
    store_id = Counter(o.store_id for o in orders).most_common(1)[0][0]
    orders = [o for o in orders if o.store_id == store_id]
    return [
        BuyerMessage(
            platform=orders[i % len(orders)].platform,
            store_id=store_id,
            text=f"{_TEXTS[i % len(_TEXTS)].format(oid=orders[i % len(orders)].order_id)} ({tag} {i})",
            message_id=f"bench-{tag}-{i}",
        )
        for i in range(n)
    ]


def _scratch_postgres(admin_url: str) -> str | None:
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"drafter_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return admin_url.rsplit("/", 1)[0] + f"/{name}"
    except Exception:
        return None


def _drop_postgres(admin_url: str, url: str) -> None:
    # local: start-up time
    from drafter.persistence.db import get_engine

    get_engine(url).dispose()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def _start_workers(count: int, env: dict[str, str], log_dir: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        log = (log_dir / f"worker{i}.log").open("wb")
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "drafter",
                    "worker",
                    "--hostname",
                    f"bench{i}@%h",
                    "--loglevel",
                    "warning",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    return procs


def _wait_ready(procs: list[subprocess.Popen], log_dir: Path, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError(f"a worker exited; see {log_dir}")
        if all(
            "drafter worker ready" in (log_dir / f"worker{i}.log").read_text(errors="replace")
            for i in range(len(procs))
        ):
            return
        time.sleep(0.2)
    raise RuntimeError(f"workers not ready after {timeout_s}s; see {log_dir}")


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _draft_all(settings: Settings, messages: list, timeout_s: float) -> float | None:
    """Save the messages as batches (before the clock starts), queue them, wait until every item is
    drafted. Returns the seconds from queueing to the last item done, or None on timeout."""
    # local: start-up time
    from drafter.persistence.db import session_scope
    from drafter.persistence.tables import BatchItem
    from drafter.workers.batches import create_batch, enqueue

    step = settings.batch_max_messages
    batch_ids, ids = [], []
    with session_scope(settings.resolved_database_url) as session:
        for first in range(0, len(messages), step):
            batch_id, item_ids = create_batch(
                session, store_id=messages[0].store_id, messages=messages[first : first + step]
            )
            batch_ids.append(batch_id)
            ids.extend(item_ids)
    start = time.perf_counter()
    enqueue(settings, ids)
    while time.perf_counter() - start < timeout_s:
        with session_scope(settings.resolved_database_url) as session:
            left = session.scalar(
                select(func.count())
                .select_from(BatchItem)
                .where(BatchItem.batch_id.in_(batch_ids), BatchItem.status == "queued")
            )
        if left == 0:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def _run(settings: Settings, env: dict[str, str], workers: int, n: int, log_dir: Path) -> dict[str, Any]:
    procs = _start_workers(workers, env, log_dir)
    try:
        _wait_ready(procs, log_dir)
        tag = f"w{workers}-{uuid.uuid4().hex[:6]}"
        # A short untimed batch first: each worker meets the store's rule packs, policies and vector
        # store filters once, as a long-running worker has long before any given batch.
        _draft_all(
            settings, _messages(settings, 2 * workers * settings.batch_chunk, tag=f"warm-{tag}"), 120.0
        )
        elapsed = _draft_all(settings, _messages(settings, n, tag=tag), max(120.0, n / 2))
        if elapsed is None:
            return {"workers": workers, "error": f"items still queued after {max(120.0, n / 2):.0f}s"}
        return {
            "workers": workers,
            "messages": n,
            "seconds": round(elapsed, 2),
            "drafts_per_s": round(n / elapsed, 1),
        }
    finally:
        _stop(procs)


def bench_workers(settings: Settings, n: int = 600) -> dict[str, Any]:
    """Throughput with 1 and 2 workers on the template path, and the speedup (target >= 1.5x, >= 150/s)."""
    # local: start-up time
    from drafter.persistence.init import ensure_initialized
    from drafter.workers.app import configure

    base_redis = (
        settings.redis_url.rsplit("/", 1)[0] if settings.redis_url.count("/") > 2 else settings.redis_url
    )
    redis_url = f"{base_redis}/{BENCH_REDIS_DB}"
    try:
        import redis

        redis.Redis.from_url(redis_url, socket_timeout=2).ping()
    except Exception as exc:
        return {"skipped": f"Redis not answering at {redis_url}: {type(exc).__name__}"}
    admin = os.environ.get("DRAFTER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    with tempfile.TemporaryDirectory() as tmp:
        pg_url = _scratch_postgres(admin)
        db_url = pg_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        run_settings = settings.model_copy(
            update={
                "data_dir": Path(tmp) / "var",
                "database_url": db_url,
                "redis_url": redis_url,
                "chroma_url": None,
                "worker_queue": f"drafter-bench-{uuid.uuid4().hex[:8]}",
            }
        )
        try:
            ensure_initialized(run_settings)
            configure(run_settings)
            env = {
                **os.environ,
                "DRAFTER_DATA_DIR": str(run_settings.data_dir),
                "DRAFTER_DATABASE_URL": db_url,
                "DRAFTER_REDIS_URL": redis_url,
                "DRAFTER_COMPOSER": "template",
                "DRAFTER_WORKER_QUEUE": run_settings.worker_queue,
            }
            env.pop("DRAFTER_CHROMA_URL", None)
            figures: dict[str, Any] = {
                "database": "postgresql" if pg_url else "sqlite",
                "broker": "redis",
                "chunk": run_settings.batch_chunk,
            }
            for workers in (1, 2):
                figures[f"{workers}_worker{'s' if workers > 1 else ''}"] = _run(
                    run_settings, env, workers, n, Path(tmp)
                )
            one, two = figures["1_worker"].get("drafts_per_s"), figures["2_workers"].get("drafts_per_s")
            if one and two:
                figures["speedup"] = round(two / one, 2)
                figures["targets"] = {"speedup>=1.5": two / one >= 1.5, "total>=150/s": two >= 150}
            return figures
        finally:
            if pg_url:
                _drop_postgres(admin, pg_url)
