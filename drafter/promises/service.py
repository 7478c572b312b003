"""Promises for the API and the CLI: list them, and the sweep that makes the due ones follow-ups."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, cast

from pydantic import BaseModel, Field
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from drafter.compose.buyer_time import buyer_deadline, zone_info
from drafter.drafts.views import as_utc
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import PromiseRow
from drafter.persistence.tables import DraftRow
from drafter.pipeline import Pipeline
from drafter.promises.followup import draft_follow_up

log = logging.getLogger(__name__)
PromiseStatus = Literal["open", "due", "kept", "expired"]
FOLLOW_UP_OPEN = ("pending_review", "escalated", "approved")


class PromiseView(BaseModel):
    promise_id: int
    draft_id: str
    platform: str
    order_id: str | None
    language: str
    status: PromiseStatus
    promised: str = Field(description="the commitment as sent to the buyer")
    commit: str | None = Field(
        None, description="the template's commitment key (recheck, carrier_inquiry...)"
    )
    situation: str | None = None
    due_at: datetime = Field(description="UTC")
    due_store: str = Field(description="the deadline in the store's time zone")
    due_buyer: str = Field(description="the deadline as the buyer read it, in the buyer's time zone")
    store_zone: str
    buyer_zone: str
    sent_at: datetime
    follow_up_draft_id: str | None = None
    changes: dict[str, Any] = Field(default_factory=dict, description="what changed by the deadline")
    closed_at: datetime | None = None


def _local(at: datetime, zone: str) -> str:
    return at.astimezone(zone_info(zone)).strftime("%Y-%m-%d %H:%M %Z")


def view(row: PromiseRow) -> PromiseView:
    due = as_utc(row.due_at)
    return PromiseView(
        promise_id=row.id,
        draft_id=row.draft_id,
        platform=row.platform,
        order_id=row.order_id,
        language=row.language,
        status=row.status,
        promised=row.promised,
        commit=row.commit_key,
        situation=row.situation,
        due_at=due,
        due_store=_local(due, row.store_zone),
        due_buyer=_local(buyer_deadline(due, row.buyer_zone), row.buyer_zone),
        store_zone=row.store_zone,
        buyer_zone=row.buyer_zone,
        sent_at=as_utc(row.sent_at),
        follow_up_draft_id=row.follow_up_draft_id,
        changes=row.changes or {},
        closed_at=as_utc(row.closed_at) if row.closed_at else None,
    )


def list_promises(
    session: Session, *, store_id: str, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[PromiseView]:
    query = select(PromiseRow).where(PromiseRow.store_id == store_id)
    if status:
        query = query.where(PromiseRow.status == status)
    rows = session.scalars(query.order_by(PromiseRow.due_at, PromiseRow.id).limit(limit).offset(offset))
    return [view(row) for row in rows]


def follow_up_ids(store_id: str):  # noqa: ANN201
    """A subquery of the store's follow-up draft ids (the queue's kind=follow_up filter)."""
    return select(PromiseRow.follow_up_draft_id).where(
        PromiseRow.store_id == store_id, PromiseRow.follow_up_draft_id.is_not(None)
    )


def run_due(pipeline: Pipeline, *, now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Promises past their deadline get their follow-up drafted; due ones past the grace period whose
    follow-up was not sent are expired. One transaction per promise: one failure stops no other."""
    settings = pipeline.settings
    now = (now or datetime.now(UTC)).astimezone(UTC)
    url = settings.resolved_database_url
    counts = {"follow_ups": 0, "expired": 0, "errors": 0}
    with session_scope(url) as session:
        ids = list(
            session.scalars(
                select(PromiseRow.id)
                .where(PromiseRow.status == "open", PromiseRow.due_at <= now)
                .order_by(PromiseRow.due_at)
                .limit(limit)
            )
        )
    for promise_id in ids:
        try:
            with session_scope(url) as session:
                promise = session.get(PromiseRow, promise_id)
                if promise is None or promise.status != "open":
                    continue
                draft_follow_up(session, pipeline=pipeline, promise=promise, now=now)
            counts["follow_ups"] += 1
        except Exception:
            log.exception("follow-up of promise %s failed; the next sweep tries again", promise_id)
            counts["errors"] += 1
    grace = now - timedelta(hours=settings.promise_grace_h)
    with session_scope(url) as session:
        unsent = select(DraftRow.id).where(DraftRow.status.in_(FOLLOW_UP_OPEN))
        result = session.execute(
            update(PromiseRow)
            .where(
                PromiseRow.status == "due",
                PromiseRow.due_at <= grace,
                PromiseRow.follow_up_draft_id.in_(unsent),
            )
            .values(status="expired", closed_at=now)
            .execution_options(synchronize_session=False)
        )
        counts["expired"] = cast("CursorResult[Any]", result).rowcount
    return counts


def list_follow_ups(
    session: Session, *, store_id: str, statuses: list[str] | None, limit: int, offset: int
) -> list[Any]:
    """The queue's kind=follow_up view: follow-up drafts, soonest deadline first."""
    from drafter.drafts.service import summarize

    query = select(DraftRow).where(DraftRow.store_id == store_id, DraftRow.id.in_(follow_up_ids(store_id)))
    if statuses:
        query = query.where(DraftRow.status.in_(statuses))
    rows = session.scalars(query.order_by(DraftRow.sla_deadline, DraftRow.id).limit(limit).offset(offset))
    return [summarize(row) for row in rows]
