"""Promises for the API and the CLI: list them. The sweep that drafts the due ones' follow-ups is
drafter.drafts.follow_ups (it makes drafts; this package only keeps the books)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.compose.buyer_time import buyer_deadline, zone_info
from drafter.persistence.promise_tables import PromiseRow
from drafter.timeutil import as_utc

PromiseStatus = Literal["open", "due", "kept", "expired"]


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
