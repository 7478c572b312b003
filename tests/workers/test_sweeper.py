"""Items whose task was lost are queued again by the workers' sweep, and drafted, with nobody's help."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import update

from drafter.config import Settings
from drafter.models import BuyerMessage
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from drafter.persistence.tables import BatchItem
from drafter.workers import batches
from drafter.workers.sweeper import Sweeper
from tests.workers.test_batches_api import celery_worker  # noqa: F401  (fixture: a real worker in a thread)

pytestmark = [pytest.mark.redis, pytest.mark.integration]


def _requeued() -> float:
    return REGISTRY.get_sample_value("drafter_worker_items_total", {"outcome": "requeued"}) or 0.0


def _lost_batch(settings: Settings, n: int = 3) -> tuple[str, list[int]]:
    """A batch saved an hour ago whose tasks never reached the broker (as when Redis was down)."""
    ensure_initialized(settings)
    tag = uuid.uuid4().hex[:8]
    messages = [
        BuyerMessage(
            platform="ebay",
            store_id="demo-store",
            text=f"Do you ship to Chile? ({i})",
            message_id=f"lost-{tag}-{i}",
        )
        for i in range(n)
    ]
    with session_scope(settings.resolved_database_url) as session:
        batch_id, item_ids = batches.create_batch(session, store_id="demo-store", messages=messages)
    with session_scope(settings.resolved_database_url) as session:
        session.execute(
            update(BatchItem)
            .where(BatchItem.id.in_(item_ids))
            .values(updated_at=datetime.now(UTC) - timedelta(hours=1))
        )
    return batch_id, item_ids


def test_the_sweep_requeues_lost_items_and_a_worker_drafts_them(worker_env, celery_worker):  # noqa: F811
    batch_id, _ = _lost_batch(worker_env)
    before = _requeued()
    sweeper = Sweeper(worker_env, older_than_s=600, every_s=0.2)
    sweeper.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with session_scope(worker_env.resolved_database_url) as session:
                view = batches.batch_view(session, store_id="demo-store", batch_id=batch_id)
            if view.complete:
                break
            time.sleep(0.2)
    finally:
        sweeper.stop()
        sweeper.join(timeout=10)
    assert (view.done, view.queued, view.failed) == (3, 0, 0)
    assert _requeued() - before >= 3
    assert sweeper.sweep_once() == 0  # nothing left waiting


@pytest.mark.parametrize("backend_settings", ["postgresql"], indirect=True)  # row locks (SQLite: one writer)
def test_a_sweep_skips_items_another_sweep_has_claimed(backend_settings):
    _, item_ids = _lost_batch(backend_settings)
    with session_scope(backend_settings.resolved_database_url) as first:
        claimed = batches.stale_item_ids(first, older_than_s=600, claim=True)
        assert set(item_ids) <= set(claimed)
        with session_scope(backend_settings.resolved_database_url) as second:  # a sweep on another worker
            assert not set(item_ids) & set(batches.stale_item_ids(second, older_than_s=600, claim=True))
            assert set(item_ids) <= set(
                batches.stale_item_ids(second, older_than_s=600)
            )  # plain reads see them


def test_a_sweep_survives_an_unreachable_broker(backend_settings, monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    from drafter.workers import sweeper

    def broker_down(*_, **__):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(sweeper, "requeue_stale", broker_down)
    assert Sweeper(backend_settings, older_than_s=600).sweep_once() == 0
    assert "requeue sweep failed" in caplog.text  # logged; the next sweep tries again
