"""/v1/batches: bulk drafting on the task queue. POST saves and queues the messages; GET reports progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from drafter.api.deps import SessionDep, SettingsDep, StoreDep
from drafter.api.errors import (
    MAX_OFFSET,
    BatchTooLarge,
    QueueUnavailable,
    StoreMismatch,
    error_responses,
)
from drafter.api.schemas import BatchAccepted, BatchRequest
from drafter.workers import batches

router = APIRouter(
    prefix="/v1/batches", tags=["batches"], responses=error_responses(401, 403, 404, 413, 422, 503)
)


@router.post(
    "",
    response_model=BatchAccepted,
    status_code=202,
    summary="Queue messages for the workers; poll GET /v1/batches/{batch_id}",
)
def submit_batch(
    req: BatchRequest, store_id: StoreDep, session: SessionDep, settings: SettingsDep
) -> BatchAccepted:
    if len(req.messages) > settings.batch_max_messages:
        raise BatchTooLarge(f"a batch carries at most {settings.batch_max_messages} messages; split it")
    others = sorted({m.store_id for m in req.messages} - {store_id})
    if others:
        raise StoreMismatch(f"this API key belongs to store {store_id!r}, not {others[0]!r}")
    batch_id, item_ids = batches.create_batch(session, store_id=store_id, messages=req.messages)
    session.commit()  # saved before queued: an accepted message is never only in the broker
    try:
        tasks = batches.enqueue(settings, item_ids)
    except (
        Exception
    ) as exc:  # the broker is down: the batch is saved, `drafter batch requeue` queues it later
        raise QueueUnavailable(
            "the task queue is unavailable; the batch is saved and will be queued again",
            details={"batch_id": batch_id, "error": type(exc).__name__},
        ) from exc
    return BatchAccepted(batch_id=batch_id, total=len(item_ids), tasks=tasks)


@router.get("/{batch_id}", response_model=batches.BatchView, summary="Progress, and the results page by page")
def get_batch(
    batch_id: str,
    store_id: StoreDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=0, le=1000, description="Items to list (0: counts only)")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> batches.BatchView:
    return batches.batch_view(session, store_id=store_id, batch_id=batch_id, limit=limit, offset=offset)
