"""Outbox claiming under concurrency: several delivery workers never take, or send, the same reply twice.

On PostgreSQL the claim is SELECT ... FOR UPDATE SKIP LOCKED; on SQLite writers are serialised and a
conditional update decides. Both run here with real threads, each with its own connection.
"""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from drafter.drafts import service
from drafter.models import BuyerMessage, PipelineResult
from drafter.outbox.passes import run_once
from drafter.persistence import migrate
from drafter.persistence.db import get_sessionmaker, session_scope
from drafter.persistence.tables import OutboxRow

outbox_worker = pytest.importorskip(
    "drafter.outbox.worker", reason="the outbox worker is not in this checkout"
)
ROWS, WORKERS = 60, 4


class Replay:
    """The real pipeline's result for an auto-sent message, reused for many message ids (fast setup)."""

    def __init__(self, result: PipelineResult, pipeline) -> None:  # noqa: ANN001
        self.result = result
        self.settings, self.store = pipeline.settings, pipeline.store  # draft creation reads store profiles

    def run(self, message: BuyerMessage, **_: object) -> PipelineResult:
        return self.result.model_copy(update={"message": message})


@pytest.fixture
def approved_replies(db_url, pipeline) -> str:
    migrate.upgrade(db_url)
    message = BuyerMessage(platform="ebay", store_id="demo-store", text="Thank you, everything arrived fine!")
    result = pipeline.run(message)
    assert result.route.route.value == "auto_send"
    replay = Replay(result, pipeline)
    with session_scope(db_url) as session:
        for i in range(ROWS):
            service.create_draft(
                session,
                pipeline=replay,
                message=message.model_copy(update={"message_id": f"o-{uuid.uuid4()}-{i}"}),
                actor="test",
            )
    return db_url


def test_concurrent_claims_never_overlap(approved_replies):
    url = approved_replies
    start = threading.Barrier(WORKERS)

    def claim_all(_: int) -> list[int]:
        mine: list[int] = []
        session = get_sessionmaker(url)()
        try:
            start.wait(timeout=30)
            while batch := outbox_worker.claim(session, now=datetime.now(UTC), limit=5, lease_s=300):
                mine.extend(item.id for item in batch)
        finally:
            session.close()
        return mine

    with ThreadPoolExecutor(WORKERS) as pool:
        claimed = list(pool.map(claim_all, range(WORKERS)))
    every = [row_id for ids in claimed for row_id in ids]
    assert len(every) == ROWS and len(set(every)) == ROWS  # each row claimed exactly once
    with session_scope(url) as session:
        assert (
            session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.attempts == 1)) == ROWS
        )


def test_concurrent_delivery_sends_each_reply_once(approved_replies, tmp_path, settings):
    sink = tmp_path / "sent.jsonl"
    run_settings = settings.model_copy(
        update={"database_url": approved_replies, "outbox_sink_path": sink, "outbox_batch": 5}
    )
    start = threading.Barrier(WORKERS)

    def deliver_all(_: int) -> int:
        start.wait(timeout=30)
        delivered = 0
        while (counts := run_once(run_settings))["claimed"]:
            delivered += counts["delivered"]
        return delivered

    with ThreadPoolExecutor(WORKERS) as pool:
        delivered = sum(pool.map(deliver_all, range(WORKERS)))
    keys = [json.loads(line)["idempotency_key"] for line in sink.read_text().splitlines()]
    assert delivered == ROWS and len(keys) == ROWS and len(set(keys)) == ROWS
    with session_scope(approved_replies) as session:
        assert (
            session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "sent"))
            == ROWS
        )
