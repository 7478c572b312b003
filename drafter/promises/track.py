"""A sent reply becomes a promise; a sent follow-up keeps one. Called wherever a draft turns `sent`:
the outbox delivered it (approved or auto-sent), or the store marked it sent by hand.

Runs inside the sender's transaction, in a savepoint of its own: a promise that cannot be recorded is
logged and never undoes or delays the sending it rides on.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.config import BUNDLED_KNOWLEDGE
from drafter.knowledge import store_profile
from drafter.models import Order
from drafter.persistence.order_store import get_order
from drafter.persistence.promise_tables import PromiseRow
from drafter.persistence.tables import AuditEvent, DraftRow
from drafter.promises.due import due_of
from drafter.timeutil import as_utc

log = logging.getLogger(__name__)
FOLLOW_UP_PREFIX = "follow-up:"


def snapshot(order: Order | None) -> dict[str, Any]:
    """What the follow-up compares against: the order's state when the promise was made."""
    if order is None:
        return {}
    return {
        "status": order.status.value,
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "estimated_delivery": order.estimated_delivery.isoformat() if order.estimated_delivery else None,
        "events": [e.model_dump(mode="json") for e in order.tracking_events][-30:],
    }


def promised_text(commitment: str) -> str:
    """The commitment without the store's sign-off (the composer closes the last part with it)."""
    return commitment.strip().split("\n\n", 1)[0].strip()


def _record_promise(
    session: Session, row: DraftRow, *, at: datetime, knowledge_dir: Path
) -> PromiseRow | None:
    if session.scalar(select(PromiseRow.id).where(PromiseRow.draft_id == row.id)) is not None:
        return None  # marked sent twice (outbox retry after a crash): one promise
    store = store_profile(knowledge_dir, row.store_id)
    due = due_of(row, store, knowledge_dir=knowledge_dir)
    if due is None:
        return None
    order = get_order(session, store_id=row.store_id, order_id=row.order_id) if row.order_id else None
    promise = PromiseRow(
        draft_id=row.id,
        store_id=row.store_id,
        platform=row.platform,
        order_id=row.order_id,
        language=row.language,
        situation=due.situation,
        commit_key=due.commit_key,
        promised=promised_text(row.commitment),
        due_at=due.at,
        store_zone=due.store_zone,
        buyer_zone=due.buyer_zone,
        status="open",
        snapshot=snapshot(order),
        changes={},
        sent_at=at,
        created_at=datetime.now(UTC),
    )
    # The promise is its own record (GET /v1/promises); the draft's audit trail stays as the outbox wrote it.
    session.add(promise)
    session.flush()
    return promise


def _keep_promise(session: Session, row: DraftRow, *, at: datetime) -> None:
    """The draft is the follow-up of a promise: that promise is kept."""
    promise = session.scalar(select(PromiseRow).where(PromiseRow.follow_up_draft_id == row.id))
    if promise is None or promise.status == "kept":
        return
    promise.status, promise.closed_at = "kept", at
    late_s = max(0.0, (at - as_utc(promise.due_at)).total_seconds())
    session.add(
        AuditEvent(
            draft_id=promise.draft_id,
            store_id=promise.store_id,
            actor="promises",
            action="promise_kept",
            details={"promise_id": promise.id, "follow_up_draft_id": row.id, "late_s": round(late_s)},
        )
    )


def on_reply_sent(
    session: Session, row: DraftRow, *, at: datetime | None = None, knowledge_dir: Path | None = None
) -> None:
    """Hook: the reply of `row` has gone out. knowledge_dir: the caller's (default: the bundled knowledge)."""
    at = as_utc(at or row.sent_at or datetime.now(UTC))
    try:
        with session.begin_nested():
            if (row.message_id or "").startswith(FOLLOW_UP_PREFIX):
                _keep_promise(session, row, at=at)
            _record_promise(session, row, at=at, knowledge_dir=knowledge_dir or BUNDLED_KNOWLEDGE)
    except Exception:  # never let bookkeeping undo a sent reply
        log.exception("could not record the promise of draft %s", row.id)


def on_draft_rejected(session: Session, row: DraftRow, *, at: datetime | None = None) -> None:
    """Hook: a follow-up draft was rejected; its promise is expired (visible, not kept)."""
    if not (row.message_id or "").startswith(FOLLOW_UP_PREFIX):
        return
    try:
        with session.begin_nested():
            promise = session.scalar(select(PromiseRow).where(PromiseRow.follow_up_draft_id == row.id))
            if promise is not None and promise.status == "due":
                promise.status, promise.closed_at = "expired", as_utc(at or datetime.now(UTC))
    except Exception:
        log.exception("could not expire the promise of follow-up %s", row.id)
