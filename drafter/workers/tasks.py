"""The worker task: draft a chunk of batch items. Safe to run twice on the same items.

Each item is its own transaction: a worker killed mid-chunk keeps what it finished, and the redelivered
task skips items already done. Two deliveries racing on one message meet at the unique constraint
(store_id, message_id) in create_draft, and both items end up pointing at the one draft.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
from sqlalchemy.exc import DBAPIError

from drafter.config import Settings, get_settings
from drafter.drafts import service
from drafter.metrics import BATCH_ITEMS
from drafter.models import BuyerMessage
from drafter.pipeline import Pipeline
from drafter.store.db import session_scope
from drafter.store.tables import BatchItem
from drafter.workers.app import app

log = logging.getLogger(__name__)
# A store that does not answer (database, Chroma server) is passing trouble: the task is retried with
# backoff and the items stay queued. Anything else is the message's own problem: the item fails, visibly.
TRANSIENT = (DBAPIError, httpx.TransportError, ConnectionError, TimeoutError)
_pipelines: dict[tuple[str, str], Pipeline] = {}


def worker_pipeline(settings: Settings) -> Pipeline:
    """One pipeline per worker process, loaded on first use (after a prefork pool forked)."""
    key = (str(settings.data_dir.resolve()), settings.resolved_database_url)
    if key not in _pipelines:
        _pipelines[key] = Pipeline.from_settings(settings)
    return _pipelines[key]


def process_items(settings: Settings, pipeline: Pipeline, item_ids: Sequence[int]) -> dict[str, int]:
    """Draft every item still queued; returns counts (done, duplicate, failed, skipped)."""
    url = settings.resolved_database_url
    counts = {"done": 0, "duplicate": 0, "failed": 0, "skipped": 0}
    for item_id in item_ids:
        with session_scope(url) as session:
            item = session.get(BatchItem, item_id)
            if item is None or item.status != "queued":
                counts["skipped"] += 1
                continue
            item.attempts += 1
            message = BuyerMessage.model_validate(item.message)
            try:
                row, created = service.create_draft(session, pipeline=pipeline, message=message, actor="worker")
            except TRANSIENT:
                raise  # roll back this item and let the task retry the rest of the chunk
            except Exception as exc:  # a message the pipeline cannot handle must not block the others
                log.exception("batch item %s failed", item_id)
                session.rollback()
                item = session.get(BatchItem, item_id)
                item.status, item.error = "failed", f"{type(exc).__name__}: {exc}"[:2000]
                counts["failed"] += 1
                BATCH_ITEMS.labels("failed").inc()
                continue
            item.status, item.draft_id, item.created_draft = "done", row.id, created
            counts["done" if created else "duplicate"] += 1
            BATCH_ITEMS.labels("drafted" if created else "duplicate").inc()
    return counts


@app.task(name="drafter.draft_items", bind=True, acks_late=True, reject_on_worker_lost=True,
          autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=30,
          retry_jitter=True, max_retries=10)
def draft_items(self, item_ids: list[int]) -> dict[str, int]:  # noqa: ANN001
    settings = get_settings()
    return process_items(settings, worker_pipeline(settings), item_ids)

