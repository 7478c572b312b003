"""Batches: save the messages, queue them in chunks, report progress and results.

The items are committed before anything is queued, so an accepted message is never only in the broker:
if queueing fails, or a task is lost for good, `requeue_stale` queues what is still waiting.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.errors import NotFound
from drafter.models import BuyerMessage
from drafter.persistence.db import session_scope
from drafter.persistence.tables import BatchItem, BatchRow, DraftRow
from drafter.timeutil import as_utc


class BatchNotFound(NotFound):
    code = "batch_not_found"


class BatchItemView(BaseModel):
    seq: int
    message_id: str
    status: str = Field(description="queued | done | failed")
    draft_id: str | None = None
    route: str | None = None
    created_draft: bool | None = Field(None, description="False when the message_id already had a draft.")
    error: str | None = None


class BatchView(BaseModel):
    batch_id: str
    store_id: str
    total: int
    queued: int
    done: int
    failed: int
    complete: bool
    created_at: datetime
    items: list[BatchItemView] = Field(default_factory=list)


def create_batch(
    session: Session, *, store_id: str, messages: Sequence[BuyerMessage]
) -> tuple[str, list[int]]:
    """Save a batch and its items; returns (batch_id, item ids). Messages without a message_id get one
    (`batch:<batch_id>:<seq>`) so that a task delivered twice still drafts each message once."""
    batch_id = str(uuid.uuid4())
    session.add(BatchRow(id=batch_id, store_id=store_id, total=len(messages)))
    session.flush()  # the batch row first: items reference it
    items = []
    for seq, message in enumerate(messages):
        message_id = message.message_id or f"batch:{batch_id}:{seq}"
        data = message.model_copy(update={"message_id": message_id}).model_dump(mode="json")
        items.append(
            BatchItem(batch_id=batch_id, seq=seq, message_id=message_id, message=data, status="queued")
        )
    session.add_all(items)
    session.flush()
    return batch_id, [item.id for item in items]


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), max(1, size))]


def enqueue(settings: Settings, item_ids: Sequence[int]) -> int:
    """Queue the items as tasks of settings.batch_chunk items each; returns the number of tasks."""
    # local: start-up time (the API imports this module; Celery and the pipeline load when a batch is queued)
    from drafter.workers.app import configure
    from drafter.workers.tasks import draft_items

    configure(settings)
    parts = chunks(item_ids, settings.batch_chunk)
    for part in parts:
        draft_items.delay(part)
    return len(parts)


def submit(settings: Settings, *, store_id: str, messages: Sequence[BuyerMessage]) -> str:
    """Save and queue a batch (the CLI and the API both come here). Returns the batch id."""
    with session_scope(settings.resolved_database_url) as session:
        batch_id, item_ids = create_batch(session, store_id=store_id, messages=messages)
    enqueue(settings, item_ids)
    return batch_id


def batch_view(
    session: Session, *, store_id: str, batch_id: str, limit: int = 0, offset: int = 0
) -> BatchView:
    batch = session.get(BatchRow, batch_id)
    if batch is None or batch.store_id != store_id:  # another store's batch does not exist for this caller
        raise BatchNotFound(f"no batch {batch_id}")
    counts = dict(
        session.execute(
            select(BatchItem.status, func.count())
            .where(BatchItem.batch_id == batch_id)
            .group_by(BatchItem.status)
        ).all()
    )
    view = BatchView(
        batch_id=batch_id,
        store_id=store_id,
        total=batch.total,
        queued=counts.get("queued", 0),
        done=counts.get("done", 0),
        failed=counts.get("failed", 0),
        complete=counts.get("queued", 0) == 0,
        created_at=as_utc(batch.created_at),
    )
    if limit:
        rows = session.execute(
            select(BatchItem, DraftRow.route)
            .outerjoin(DraftRow, DraftRow.id == BatchItem.draft_id)
            .where(BatchItem.batch_id == batch_id)
            .order_by(BatchItem.seq)
            .limit(limit)
            .offset(offset)
        ).all()
        view.items = [
            BatchItemView(
                seq=i.seq,
                message_id=i.message_id,
                status=i.status,
                draft_id=i.draft_id,
                route=route,
                created_draft=i.created_draft,
                error=i.error,
            )
            for i, route in rows
        ]
    return view


def stale_item_ids(session: Session, *, older_than_s: float, claim: bool = False) -> list[int]:
    """Items still queued after older_than_s. claim: lock them (FOR UPDATE SKIP LOCKED on PostgreSQL),
    so that sweeps running at once on several workers split the items instead of queueing them twice."""
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
    query = (
        select(BatchItem.id)
        .where(BatchItem.status == "queued", BatchItem.updated_at < cutoff)
        .order_by(BatchItem.id)
    )
    if claim:
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def requeue_stale(settings: Settings, *, older_than_s: float) -> int:
    """Queue again the items still waiting after older_than_s (a failed enqueue, a purged broker).
    Safe to run at any time: a task for an item that is already done does nothing."""
    with session_scope(settings.resolved_database_url) as session:
        ids = stale_item_ids(session, older_than_s=older_than_s, claim=True)
        if ids:  # touch them, so the next sweep does not queue them again at once
            session.execute(
                update(BatchItem).where(BatchItem.id.in_(ids)).values(updated_at=datetime.now(UTC))
            )
    if ids:
        enqueue(settings, ids)
    return len(ids)
