"""The cluster on 127.0.0.1: 2 API replicas, 2 Celery workers, 2 outbox runners, PostgreSQL, Redis and a
Chroma server. 5,000 messages (10 % repeats) go to both replicas at once; one worker is SIGKILLed midway
and restarted. Afterwards every accepted message has exactly one draft, nothing is lost, and no reply
was delivered twice. DRAFTER_CLUSTER_MESSAGES changes the size (e.g. a quick local run)."""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select

from drafter.persistence import keys
from drafter.persistence.db import get_engine, session_scope
from drafter.persistence.tables import BatchItem, DraftRow, OutboxRow
from tests.backends import (
    create_scratch_db,
    drop_scratch_db,
    redis_base_url,
    require_pg,
    require_redis,
    unique_queue,
)
from tests.cluster.harness import Cluster

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

BATCH = 100
TEXTS = (
    "Where is my order {oid}? The tracking has not changed for days.",
    "Thank you, everything arrived fine!",
    "¿Dónde está mi pedido {oid}? No ha llegado todavía.",
    "Do you ship to Norway?",
    "Где мой заказ {oid}? Уже две недели жду.",
    "Wo bleibt meine Bestellung {oid}?",
    "The charger from order {oid} arrived broken.",
    "Thanks a lot, the size is perfect.",
)


def _messages(total: int, demo_orders) -> list[dict]:
    """total messages: 90 % distinct, 10 % repeats of earlier ones (same message_id and body), shuffled."""
    orders = [o for o in demo_orders if o.store_id == "demo-store"]
    rng = random.Random(20261121)
    distinct = total - total // 10
    unique = []
    for i in range(distinct):
        order = orders[i % len(orders)]
        unique.append(
            {
                "platform": order.platform.value,
                "store_id": "demo-store",
                "message_id": f"c-{i}",
                "text": f"{TEXTS[i % len(TEXTS)].format(oid=order.order_id)} ({i})",
            }
        )
    repeats = [dict(rng.choice(unique)) for _ in range(total - distinct)]
    every = unique + repeats
    rng.shuffle(every)
    return every


def _submit(urls: list[str], auth: dict, messages: list[dict]) -> list[str]:
    parts = [messages[i : i + BATCH] for i in range(0, len(messages), BATCH)]

    def post(index_part: tuple[int, list[dict]]) -> str:
        index, part = index_part
        res = httpx.post(
            f"{urls[index % len(urls)]}/v1/batches", json={"messages": part}, headers=auth, timeout=60
        )
        assert res.status_code == 202, res.text
        return res.json()["batch_id"]

    with ThreadPoolExecutor(8) as pool:  # both replicas at once, repeats racing across them
        return list(pool.map(post, enumerate(parts)))


def _item_counts(url: str) -> Counter:
    with session_scope(url) as session:
        return Counter(
            dict(session.execute(select(BatchItem.status, func.count()).group_by(BatchItem.status)).all())
        )


def _wait(predicate, timeout_s: float, what: str, step: float = 0.5):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


@pytest.fixture
def cluster(tmp_path):
    require_pg()
    require_redis()
    import redis

    db_url = create_scratch_db("drafter_cluster")
    redis_url = f"{redis_base_url().rstrip('/')}/12"
    queue = unique_queue()  # other test sessions may share this Redis: nothing is flushed
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    env.update(
        {
            "DRAFTER_DATABASE_URL": db_url,
            "DRAFTER_REDIS_URL": redis_url,
            "DRAFTER_WORKER_QUEUE": queue,
            "DRAFTER_COMPOSER": "template",
            "DRAFTER_WORKER_VISIBILITY_TIMEOUT_S": "10",
            "DRAFTER_OUTBOX_POLL_S": "0.5",
            "DRAFTER_OUTBOX_SINK_PATH": str(tmp_path / "sent.jsonl"),
            "DRAFTER_HOST": "127.0.0.1",
        }
    )
    c = Cluster(root=tmp_path, env=env)
    try:
        c.start_chroma()
        c.start_api("api1")
        c.start_api("api2")
        c.start_worker("worker1")
        c.start_worker("worker2")
        c.wait_ready(["api1", "api2", "worker1", "worker2"])
        c.start_outbox("outbox1")
        c.start_outbox("outbox2")
        yield c, db_url
    finally:
        c.stop_all()
        get_engine(db_url).dispose()
        drop_scratch_db(db_url)
        redis.Redis.from_url(redis_url).delete(queue)


def test_cluster_survives_a_killed_worker_and_drafts_each_message_once(cluster, demo_orders, tmp_path):
    c, db_url = cluster
    started = time.monotonic()
    total = int(os.environ.get("DRAFTER_CLUSTER_MESSAGES", "5000"))
    with session_scope(db_url) as session:
        auth = {"Authorization": f"Bearer {keys.create_key(session, store_id='demo-store')}"}
    messages = _messages(total, demo_orders)
    batch_ids = _submit(c.api_urls, auth, messages)
    submitted = time.monotonic()

    # Kill one worker with SIGKILL once a quarter of the work is done, then start it again.
    # Bounds: generous for a shared 2-core machine (about 10 drafts/s there), tight enough to end a hang.
    _wait(lambda: _item_counts(db_url)["done"] >= total // 4, 60 + total / 8, "a quarter of the items")
    c.kill("worker1")
    at_kill = _item_counts(db_url)
    c.start_worker("worker1")
    c.wait_ready(["worker1"])
    assert at_kill["queued"] > 0, "the kill must happen while work is in flight"

    counts = _wait(
        lambda: (n := _item_counts(db_url))["queued"] == 0 and n, 120 + total / 6, "every item to be drafted"
    )
    drafted = time.monotonic()
    with session_scope(db_url) as session:
        _wait(
            lambda: (
                session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status != "sent"))
                == 0
            ),
            120,
            "the outbox to drain",
        )
        items = session.execute(select(BatchItem.message_id, BatchItem.draft_id)).all()
        drafts = Counter(
            dict(
                session.execute(
                    select(DraftRow.message_id, func.count())
                    .where(DraftRow.store_id == "demo-store")
                    .group_by(DraftRow.message_id)
                ).all()
            )
        )
        auto_sent = session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.route == "auto_send")
        )
        outbox_rows = session.scalar(select(func.count()).select_from(OutboxRow))
        sent_drafts = session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.status == "sent")
        )
    finished = time.monotonic()

    accepted = {m["message_id"] for m in messages}
    assert len(batch_ids) == -(-total // BATCH)
    assert counts["done"] == total and counts["failed"] == 0  # nothing lost, nothing failed
    assert len(items) == total
    assert set(drafts) == accepted and set(drafts.values()) == {1}  # exactly one draft per accepted message
    by_message: dict[str, set[str]] = {}
    for message_id, draft_id in items:
        by_message.setdefault(message_id, set()).add(draft_id)
    assert all(len(ids) == 1 for ids in by_message.values())  # repeats point at the one draft

    sent = [
        json.loads(line)["idempotency_key"] for line in (tmp_path / "sent.jsonl").read_text().splitlines()
    ]
    assert auto_sent > 0 and outbox_rows == auto_sent == sent_drafts
    assert len(sent) == auto_sent and len(set(sent)) == len(sent)  # every reply delivered, none twice

    for url in c.api_urls:  # both replicas took batches, and say so in their metrics
        assert 'path="/v1/batches",status="202"' in httpx.get(f"{url}/metrics", timeout=10).text
    print(
        f"\ncluster: {total} messages ({len(accepted)} distinct), submitted in {submitted - started:.1f}s, "
        f"drafted in {drafted - submitted:.1f}s ({len(accepted) / (drafted - submitted):.1f} drafts/s), "
        f"worker killed at {at_kill['done']} done, {auto_sent} replies sent once each, "
        f"total {finished - started:.1f}s"
    )
