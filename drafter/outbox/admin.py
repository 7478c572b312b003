"""Operator views of the outbox: counts per status, requeueing dead letters."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from drafter.persistence.db import rows_changed
from drafter.persistence.tables import OutboxRow


def outbox_status(session: Session, *, store_id: str | None = None) -> dict[str, int]:
    query = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
    held = select(func.count()).where(OutboxRow.status == "pending", OutboxRow.last_error.like("held:%"))
    if store_id:
        query, held = query.where(OutboxRow.store_id == store_id), held.where(OutboxRow.store_id == store_id)
    counts = {"pending": 0, "sent": 0, "dead": 0}
    counts.update({status: n for status, n in session.execute(query)})
    counts["held"] = session.scalar(held) or 0
    return counts


def requeue_dead(session: Session, *, ids: list[int] | None = None) -> int:
    query = update(OutboxRow).where(OutboxRow.status == "dead")
    if ids:
        query = query.where(OutboxRow.id.in_(ids))
    return rows_changed(
        session,
        query.values(
            status="pending", attempts=0, locked_until=None, next_attempt_at=datetime.now(UTC)
        ).execution_options(synchronize_session=False),
    )
