"""Bench: the review queue API with 10,000 drafts in the database (`drafter bench` runs it).

Rows are inserted directly (the pipeline is not what is measured), then GET /v1/drafts is timed
over HTTP against a real uvicorn server on 127.0.0.1: the default queue, filtered views and a deep page.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import insert

from drafter.config import Settings
from drafter.devtools.bench import summarize
from drafter.devtools.localserver import free_port
from drafter.models import Intent, Platform, Risk
from drafter.persistence import keys, migrate
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRow

STORE = "bench-store"
_STATUSES = ["pending_review"] * 5 + ["escalated"] + ["approved", "sent", "sent", "rejected"]


def _rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    for i in range(n):
        received = now - timedelta(minutes=rnd.randint(0, 60 * 24 * 20))
        intent, risk = rnd.choice(list(Intent)), rnd.choice(list(Risk))
        platform, language = rnd.choice(list(Platform)), rnd.choice(["en", "es", "de", "fr", "ru"])
        text = f"Message {i}: where is my order {rnd.randint(10**9, 10**10)}? " * 3
        reply = (
            "You asked about your order.",
            "It left our warehouse and is on its way with DHL.",
            "We will check the tracking again tomorrow before 17:00 and write to you here.",
        )
        # A run record of realistic size: the queue must not pay for documents it does not show.
        run = {
            "classification": {
                "language": language,
                "intent": intent.value,
                "confidence": 0.8,
                "risk": risk.value,
                "flags": [],
                "scores": {k.value: 0.01 for k in Intent},
            },
            "sla": {"deadline": (received + timedelta(hours=24)).isoformat(), "basis": ["24 h"]},
            "retrieval": {
                "order": None,
                "faq": [
                    {
                        "id": f"faq-{j}",
                        "topic": "shipping",
                        "language": language,
                        "question": "How long does delivery take?",
                        "answer": "x" * 200,
                        "facts": {},
                        "score": 0.5,
                    }
                    for j in range(3)
                ],
            },
            "draft": {"composer": "template", "template_id": "en.shipping_status.in_transit"},
            "route": {"route": "review", "reasons": ["intent not routine"]},
            "timings": [],
            "warnings": [],
        }
        rows.append(
            dict(
                id=str(uuid.uuid4()),
                store_id=STORE,
                message_id=f"bench-{i}",
                platform=platform.value,
                status=rnd.choice(_STATUSES),
                route="review",
                risk=risk.value,
                intent=intent.value,
                language=language,
                confidence=round(rnd.random(), 3),
                order_id=None,
                received_at=received,
                sla_deadline=received + timedelta(hours=rnd.choice([1, 3, 4, 6, 24])),
                restatement=reply[0],
                solution=reply[1],
                commitment=reply[2],
                text="\n\n".join(reply),
                lint={"ok": True, "violations": []},
                message={"platform": platform.value, "store_id": STORE, "text": text, "thread": []},
                run=run,
                created_at=received,
                updated_at=received,
            )
        )
    return rows


_SERVER = """
import sys, uvicorn
from pathlib import Path
from drafter.api.app import create_app
from drafter.config import Settings
uvicorn.run(create_app(Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2] or None)), host="127.0.0.1",
            port=int(sys.argv[3]), lifespan="off", log_level="warning")
"""


def _serve(settings: Settings) -> tuple[subprocess.Popen, str]:
    """A real server in its own process (the client's work does not share its interpreter). Lifespan off:
    listing the queue needs no pipeline, and loading one is not what is measured."""

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(settings.data_dir), settings.database_url or "", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/health", timeout=1)
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"bench server exited: {err[-2000:]}") from None
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("bench server did not start")


def bench_queue(settings: Settings, drafts: int = 10_000, requests: int = 200) -> dict[str, Any]:

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    migrate.upgrade(url)
    start = time.perf_counter()
    with session_scope(url) as session:
        rows = _rows(drafts)
        for chunk in range(0, len(rows), 1000):
            session.execute(insert(DraftRow), rows[chunk : chunk + 1000])
        key = keys.create_key(session, store_id=STORE, label="bench")
    insert_s = time.perf_counter() - start
    proc, base = _serve(settings)
    views = {
        "health_baseline": None,
        "queue": "status=pending_review&status=escalated&limit=50",
        "queue_filtered": "status=pending_review&status=escalated&risk=high&platform=aliexpress&limit=50",
        "queue_page_20": "status=pending_review&status=escalated&limit=50&offset=1000",
        "all_statuses": "limit=50",
    }
    figures: dict[str, Any] = {"drafts": drafts, "insert_s": round(insert_s, 2)}
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=10) as client:
            for name, query in views.items():
                path = "/health" if query is None else f"/v1/drafts?{query}"
                for _ in range(10):  # warm-up: connections, statement cache, page cache
                    client.get(path).raise_for_status()
                times = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    res = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    res.raise_for_status()
                figures[name] = summarize(times)
                if query is not None:
                    figures[name]["items"] = len(res.json()["items"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    figures["target_p95_ms"] = 50
    figures["queue_p95_ok"] = figures["queue"]["p95_ms"] <= 50
    return figures
