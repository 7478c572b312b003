"""Bench: the review views at a large seller's size (`drafter bench --only "review at scale"`).

One store's drafts are bulk-inserted into SQLite (a year of them, the open ones from the last two days,
languages skewed as a real seller's are), then the first-response metrics and every queue filter are
timed over HTTP against a real server. The metrics read the window (30 days) only: the figure also says
how many drafts fell in it.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine

from drafter.config import Settings
from drafter.devtools.bench import _cpu_s_of, summarize
from drafter.models import Intent, Platform, Risk
from drafter.persistence import keys, migrate, rollups
from drafter.persistence.db import session_scope

STORE = "bench-store"
# A seller's languages are skewed: a few carry most messages, Korean and Swedish are rare.
_LANGUAGES = (
    ["en"] * 30
    + ["es"] * 12
    + ["de"] * 10
    + ["fr"] * 10
    + ["ru"] * 10
    + ["pt"] * 6
    + ["it"] * 5
    + ["pl"] * 4
    + ["nl"] * 4
    + ["ja"] * 3
    + ["ar"] * 2
    + ["tr"] * 2
    + ["ko"] * 1
    + ["sv"] * 1
)
_CLOSED = ["sent"] * 16 + ["approved"] + ["rejected"] * 2 + ["sent"]
_OPEN = ["pending_review"] * 4 + ["escalated"]
_FMT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _rows(n: int, *, days: int, now: datetime, seed: int = 11):  # noqa: ANN202
    rnd = random.Random(seed)
    intents, risks, platforms = (
        [i.value for i in Intent],
        [r.value for r in Risk],
        [p.value for p in Platform],
    )
    run = json.dumps(
        {
            "classification": {"scores": {i: 0.01 for i in intents}},
            "timings": [],
            "warnings": [],
            "retrieval": {"faq": [{"id": f"faq-{j}", "answer": "x" * 120} for j in range(3)]},
        }
    )
    reply = ("You asked about your order.", "It is on its way with DHL.", "We will check again tomorrow.")
    for i in range(n):
        age = timedelta(seconds=rnd.randint(0, days * 86400))
        received = now - age
        is_open = age < timedelta(days=2) and rnd.random() < 0.3
        status = rnd.choice(_OPEN if is_open else _CLOSED)
        decided = None if is_open else received + timedelta(seconds=rnd.randint(20, 40 * 3600))
        platform, language = rnd.choice(platforms), rnd.choice(_LANGUAGES)
        route = (
            "auto_send"
            if status == "sent" and rnd.random() < 0.4
            else ("escalate" if status == "escalated" else "review")
        )
        yield (
            str(uuid.UUID(int=rnd.getrandbits(128))),
            STORE,
            f"m-{i}",
            platform,
            status,
            route,
            rnd.choice(risks),
            rnd.choice(intents),
            language,
            0.8,
            None,
            received.strftime(_FMT),
            (received + timedelta(hours=rnd.choice([1, 3, 6, 24]))).strftime(_FMT),
            *reply,
            "\n\n".join(reply),
            '{"ok": true, "violations": []}',
            json.dumps(
                {"platform": platform, "store_id": STORE, "text": f"Where is my order {i}?", "thread": []}
            ),
            run,
            None,
            received.strftime(_FMT),
            received.strftime(_FMT),
            decided.strftime(_FMT) if decided else None,
            decided.strftime(_FMT) if decided and status == "sent" else None,
        )


_INSERT = (
    "INSERT INTO drafts (id, store_id, message_id, platform, status, route, risk, intent, language, confidence, "
    "order_id, received_at, sla_deadline, restatement, solution, commitment, text, lint, message, run, "
    "reject_reason, created_at, updated_at, decided_at, sent_at) VALUES (" + ",".join("?" * 25) + ")"
)


def fill(settings: Settings, drafts: int, *, days: int = 365) -> float:
    """Bulk-insert `drafts` synthetic drafts (plain sqlite3, one transaction per 50,000); seconds taken."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    migrate.upgrade(url)
    start = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as conn:  # a bulk load: one GROUP BY at the end instead of triggers per row
        rollups.drop_triggers(conn)
    con = sqlite3.connect(str(settings.data_dir / "drafter.db"))
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    rows = _rows(drafts, days=days, now=datetime.now(UTC))
    while True:
        chunk = [r for _, r in zip(range(50_000), rows)]
        if not chunk:
            break
        con.executemany(_INSERT, chunk)
        con.commit()
    con.close()
    with engine.begin() as conn:
        rollups.rebuild(conn)
        rollups.create_triggers(conn)
        conn.exec_driver_sql("ANALYZE")  # what `PRAGMA optimize` would do on a long-lived database
    engine.dispose()
    return time.perf_counter() - start


def bench_review_scale(settings: Settings, drafts: int = 1_000_000, requests: int = 60) -> dict[str, Any]:
    insert_s = fill(settings, drafts)
    return {"insert_s": round(insert_s, 1), **measure(settings, requests=requests)}


def measure(settings: Settings, *, requests: int = 60) -> dict[str, Any]:
    """Time the views on a data dir that fill() filled."""
    # local: start-up time
    from drafter.devtools.bench.review import _serve

    with session_scope(settings.resolved_database_url) as session:
        key = keys.create_key(session, store_id=STORE, label="bench")
        since = (datetime.now(UTC) - timedelta(days=30)).strftime(_FMT)
        in_window = (
            session.connection()
            .exec_driver_sql(
                "SELECT count(*) FROM drafts WHERE store_id = ? AND received_at >= ?", (STORE, since)
            )
            .scalar()
        )
        drafts = session.connection().exec_driver_sql("SELECT count(*) FROM drafts").scalar()
    figures: dict[str, Any] = {"drafts": drafts, "drafts in the 30-day window": in_window}
    views = {
        "metrics (30 days)": "/v1/review/metrics?days=30",
        "queue (open)": "/v1/drafts?status=pending_review&status=escalated",
        "all statuses": "/v1/drafts",
    }
    for name in (
        "language=ko",
        "language=en",
        "intent=payment_invoice",
        "risk=high",
        "platform=ebay",
        "route=escalate",
    ):
        views[name] = f"/v1/drafts?{name}"
        views[f"{name}&status=pending_review"] = f"/v1/drafts?{name}&status=pending_review"
    views["language=xx (matches nothing)"] = "/v1/drafts?language=xx"
    views["status=sent&language=sv&page 5"] = "/v1/drafts?status=sent&language=sv&offset=200"
    proc, base = _serve(settings)
    worst = 0.0
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
            for name, path in views.items():
                for _ in range(3):
                    client.get(path).raise_for_status()
                times = []
                cpu_before = _cpu_s_of(proc.pid) or 0.0
                for _ in range(requests):
                    t0 = time.perf_counter()
                    client.get(path).raise_for_status()
                    times.append((time.perf_counter() - t0) * 1000)
                figures[name] = {
                    **summarize(times),
                    # the server's CPU per request: what a loaded machine does not inflate
                    "server_cpu_ms": round(((_cpu_s_of(proc.pid) or 0.0) - cpu_before) * 1000 / requests, 1),
                    "load_avg": round(os.getloadavg()[0], 1),
                }
                worst = max(worst, figures[name]["p95_ms"])
                print(f"  {name}: {figures[name]}", file=sys.stderr, flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    figures["worst p95 ms (target <= 100)"] = worst
    return figures
