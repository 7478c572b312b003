"""The worker task: draft a chunk of batch items. Safe to run twice on the same items.

A chunk is one transaction, drafted as one pipeline batch (one encoder pass, one vector-store query
per language, one write): a worker killed mid-chunk commits nothing of it, and the redelivered task
drafts it again. Items already done are skipped. Two deliveries racing on one message meet at the
unique constraint (store_id, message_id) in create_drafts, and both items point at the one draft.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import httpx
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import Session

from drafter.config import Settings, get_settings
from drafter.drafts import service
from drafter.errors import validation_code
from drafter.metrics import BATCH_ITEMS
from drafter.models import BuyerMessage
from drafter.persistence.db import session_scope
from drafter.persistence.tables import BatchItem
from drafter.pipeline import Pipeline
from drafter.textcheck import scrub
from drafter.wiring import build_pipeline
from drafter.workers.app import app

log = logging.getLogger(__name__)
# A store that does not answer (database, Chroma server) is passing trouble: the task is retried with
# backoff and the items stay queued. Anything else is the message's own problem: the item fails, visibly.
TRANSIENT = (DBAPIError, httpx.TransportError, ConnectionError, TimeoutError)
# ...except a value the database refuses to store: retrying cannot help, that item fails.
REFUSED = (DataError,)
_pipelines: dict[tuple[str, str], Pipeline] = {}


def worker_pipeline(settings: Settings) -> Pipeline:
    """One pipeline per worker process, loaded on first use (after a prefork pool forked)."""
    key = (str(settings.data_dir.resolve()), settings.resolved_database_url)
    if key not in _pipelines:
        _pipelines[key] = build_pipeline(settings)
    return _pipelines[key]


def _fail(item: BatchItem, error: str, counts: dict[str, int]) -> None:
    item.status, item.error = "failed", scrub(error)[:2000]  # the error may quote the bad character
    counts["failed"] += 1
    BATCH_ITEMS.labels("failed").inc()


def _draft(session: Session, pipeline: Pipeline, messages: list[BuyerMessage]) -> list[service.DraftOutcome]:
    """The chunk as one write; when the database refuses one message's data (DataError: a value it cannot
    store), each message alone, so the one bad message fails and the others are still drafted."""
    try:
        with session.begin_nested():
            return service.create_drafts(session, pipeline=pipeline, messages=messages, actor="worker")
    except REFUSED as exc:
        if len(messages) == 1:
            return [exc]
    outcomes: list[service.DraftOutcome] = []
    for message in messages:
        outcomes.extend(_draft(session, pipeline, [message]))
    return outcomes


def process_items(settings: Settings, pipeline: Pipeline, item_ids: Sequence[int]) -> dict[str, int]:
    """Draft every item still queued; returns counts (done, duplicate, failed, skipped)."""
    counts = {"done": 0, "duplicate": 0, "failed": 0, "skipped": 0}
    with session_scope(settings.resolved_database_url) as session:
        items = session.scalars(
            select(BatchItem).where(BatchItem.id.in_(list(item_ids))).order_by(BatchItem.id)
        ).all()
        queued = [item for item in items if item.status == "queued"]
        counts["skipped"] = len(item_ids) - len(queued)
        valid: list[BatchItem] = []
        messages: list[BuyerMessage] = []
        for item in queued:
            item.attempts += 1
            try:  # a message saved before today's checks (a NUL in an id, say) fails alone
                messages.append(BuyerMessage.model_validate(item.message))
                valid.append(item)
            except ValidationError as exc:
                code, message = validation_code([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])
                _fail(item, f"{code}: {message}", counts)
        outcomes = _draft(session, pipeline, messages) if messages else []
        for outcome in outcomes:
            if isinstance(outcome, TRANSIENT) and not isinstance(outcome, REFUSED):
                raise outcome  # roll the chunk back and let the task retry it
        for item, outcome in zip(valid, outcomes):
            if isinstance(
                outcome, Exception
            ):  # a message the pipeline cannot handle must not block the others
                log.error("batch item %s failed", item.id, exc_info=outcome)
                _fail(item, f"{type(outcome).__name__}: {outcome}", counts)
                continue
            row, created = outcome
            item.status, item.draft_id, item.created_draft = "done", row.id, created
            counts["done" if created else "duplicate"] += 1
            BATCH_ITEMS.labels("drafted" if created else "duplicate").inc()
    return counts


@app.task(
    name="drafter.draft_items",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=30,
    retry_jitter=True,
    max_retries=10,
)
def draft_items(self, item_ids: list[int]) -> dict[str, int]:  # noqa: ANN001
    settings = get_settings()
    return process_items(settings, worker_pipeline(settings), item_ids)


@app.task(name="drafter.team.sweep", acks_late=True, ignore_result=True)
def team_sweep() -> dict:
    """Celery beat runs this every team_sweep_s (workers/app.py): promises that came due get their
    follow-up drafted, then the alerts go out. Both are idempotent (one follow-up per promise, one
    row per alert dedup key), so a beat that fires twice, or two workers, is harmless."""
    from drafter.drafts.follow_ups import run_due
    from drafter.notify.sweep import run_sweep

    settings = get_settings()
    return {"promises": run_due(worker_pipeline(settings)), "alerts": run_sweep(settings)}
