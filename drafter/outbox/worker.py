"""Outbox worker: claim due rows, deliver, record the outcome. At least once; never lost, never doubled
for a receiver that dedupes by the Idempotency-Key header.

Why it holds:
- The outbox row is written in the same transaction as the approval (drafter.outbox.payload.enqueue):
  an approved reply always has a row, a rolled-back or lost approval never has one.
- claim() takes due rows with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite serialises writers
  instead) and stamps a lease (locked_until) and the attempt number, then commits: the HTTP call runs
  outside any transaction, so a slow webhook never holds a lock. It also checks each row's draft again:
  only an approved draft (approved by a reviewer or auto-sent) whose stored text is the queued text is
  delivered; any other row is cancelled with the reason, never sent.
- After a 2xx, the row becomes `sent` and the draft `sent` in one transaction. A crash between the
  webhook's 2xx and that commit leaves the row pending; when the lease expires it is delivered again
  with the same idempotency key and the receiver drops the repeat.
- Failures retry with exponential backoff (next_attempt_at, persisted, so restarts keep the schedule)
  and are dead-lettered after max attempts; `drafter outbox requeue` puts a dead row back. An error in
  handling one row (a bad row, a bug) is recorded on that row as a failed attempt; the pass goes on.
- Stores are served side by side (passes.py): at most outbox_store_concurrency calls per store at once
  and outbox_store_batch rows per store per pass, so one slow or failing store cannot hold up the others.
- A store with no webhook: with outbox_sink_path set, replies go to that JSON Lines file; otherwise
  they stay pending (status held in last_error) and are checked again every outbox_hold_s, without
  spending attempts, so configuring a webhook later releases them. A webhook the rules refuse (not
  https, a private address, a short secret: destination.py) is held the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from drafter.config import Settings
from drafter.models import DraftStatus, StoreProfile
from drafter.outbox import acknowledgement
from drafter.outbox.delivery import Outcome, post_webhook, write_sink
from drafter.outbox.destination import LookupFailed, WebhookRefused, resolve
from drafter.outbox.draft_status import mark_delivery_dead, mark_sent
from drafter.outbox.payload import ACKNOWLEDGEMENT
from drafter.persistence.audit import audit
from drafter.persistence.db import rows_changed
from drafter.persistence.tables import DraftRow, OutboxRow

log = logging.getLogger(__name__)
NO_WEBHOOK = "held: no webhook configured for this store"
NO_SECRET = "held: the store's webhook has no webhook_secret to sign with"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class Claimed:
    id: int
    draft_id: str
    store_id: str
    idempotency_key: str
    payload: dict[str, Any]
    attempt: int
    kind: str = "reply"  # or "acknowledgement" (drafter/acknowledge): sent while the draft waits for a person


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff_s(attempt: int, settings: Settings) -> float:
    return min(settings.outbox_backoff_base_s * 2 ** max(0, attempt - 1), settings.outbox_backoff_max_s)


def _due(now: datetime) -> tuple:  # noqa: ANN201 (SQL conditions)
    return (
        OutboxRow.status == "pending",
        OutboxRow.next_attempt_at <= now,
        or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until <= now),
    )


def _undeliverable(row: OutboxRow, draft: DraftRow | None) -> str | None:
    """Why a row must not be sent, checked at claim time: the draft must be approved (by a reviewer or
    auto-sent) and still hold exactly the text that was queued. Acknowledgements have their own rule."""
    if row.kind == ACKNOWLEDGEMENT:
        return acknowledgement.undeliverable(draft)
    if draft is None:
        return "not delivered: the draft does not exist"
    if draft.status != DraftStatus.approved.value:
        return f"not delivered: the draft is {draft.status}, not approved"
    if not isinstance(row.payload, dict) or row.payload.get("text") != draft.text:
        return "not delivered: the queued text is not the draft's approved text"
    return None


def claim(
    session: Session, *, now: datetime, limit: int, lease_s: float, per_store: int | None = None
) -> list[Claimed]:
    """Lease up to `limit` due rows, at most `per_store` of one store, stores with the oldest due row first."""
    per_store = per_store or limit
    stores = session.scalars(
        select(OutboxRow.store_id)
        .where(*_due(now))
        .group_by(OutboxRow.store_id)
        .order_by(func.min(OutboxRow.next_attempt_at), OutboxRow.store_id)
        .limit(limit)
    ).all()
    claimed: list[Claimed] = []
    for store_id in stores:
        room = min(per_store, limit - len(claimed))
        if room <= 0:
            break
        due = (
            select(OutboxRow)
            .where(*_due(now), OutboxRow.store_id == store_id)
            .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
            .limit(room)
            .with_for_update(skip_locked=True)
        )
        for row in session.scalars(due).all():
            # Conditional update: on SQLite (no row locks) two workers may read the same row; only one wins.
            won = rows_changed(
                session,
                update(OutboxRow)
                .where(
                    OutboxRow.id == row.id, OutboxRow.status == "pending", OutboxRow.attempts == row.attempts
                )
                .values(locked_until=now + timedelta(seconds=lease_s), attempts=row.attempts + 1)
                .execution_options(synchronize_session=False),
            )
            if won != 1:
                continue
            draft = session.get(DraftRow, row.draft_id)
            reason = _undeliverable(row, draft)
            if reason:
                _cancel(session, row.id, draft, reason)
                continue
            claimed.append(
                Claimed(
                    row.id,
                    row.draft_id,
                    row.store_id,
                    row.idempotency_key,
                    dict(row.payload),
                    row.attempts + 1,
                    row.kind,
                )
            )
    session.commit()
    return claimed


def _cancel(session: Session, outbox_id: int, draft: DraftRow | None, reason: str) -> None:
    log.error("outbox %s %s", outbox_id, reason)
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == outbox_id)
        .values(status=CANCELLED, locked_until=None, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    if draft is not None:
        audit(
            session,
            draft,
            actor="outbox",
            action="delivery_cancelled",
            details={"outbox_id": outbox_id, "reason": reason},
        )


def deliver(item: Claimed, *, store: StoreProfile, settings: Settings, client: httpx.Client) -> Outcome:
    if not store.webhook_url:
        if settings.outbox_sink_path:
            return write_sink(
                settings.outbox_sink_path, idempotency_key=item.idempotency_key, payload=item.payload
            )
        return Outcome("held", error=NO_WEBHOOK)
    try:
        destination = resolve(store)
    except WebhookRefused as exc:  # a settings problem: wait for the store to fix it, spend no attempt
        return Outcome("held", error=f"held: {exc}")
    except LookupFailed as exc:
        return Outcome("failed", error=str(exc))
    return post_webhook(
        client,
        destination=destination,
        secret=store.webhook_secret or "",
        idempotency_key=item.idempotency_key,
        payload=item.payload,
        attempt=item.attempt,
    )


def record(
    session: Session, item: Claimed, outcome: Outcome, *, now: datetime, settings: Settings, max_attempts: int
) -> str:
    """Store the outcome of one attempt; returns delivered | retry | dead | held | lost_claim."""
    mine = (OutboxRow.id == item.id, OutboxRow.status == "pending", OutboxRow.attempts == item.attempt)
    values: dict[str, Any] = {"locked_until": None, "last_status": outcome.status}
    if outcome.kind == "delivered":
        values.update(status="sent", sent_at=now, last_error=None)
        result = "delivered"
    elif outcome.kind == "held":  # not an attempt: the row waits for a destination
        values.update(
            attempts=item.attempt - 1,
            last_error=outcome.error,
            next_attempt_at=now + timedelta(seconds=settings.outbox_hold_s),
        )
        result = "held"
    elif item.attempt >= max_attempts:
        values.update(status="dead", last_error=outcome.error)
        result = "dead"
    else:
        values.update(
            last_error=outcome.error,
            next_attempt_at=now + timedelta(seconds=backoff_s(item.attempt, settings)),
        )
        result = "retry"
    updated = rows_changed(
        session, update(OutboxRow).where(*mine).values(**values).execution_options(synchronize_session=False)
    )
    if updated != 1:
        # Another worker took the row after our lease ran out and finished it: nothing to record.
        session.rollback()
        return "lost_claim"
    details: dict[str, Any]
    if result == "delivered" and item.kind == ACKNOWLEDGEMENT:  # the draft itself still waits for a person
        details = {"outbox_id": item.id, "attempt": item.attempt, "http_status": outcome.status}
        acknowledgement.delivered(session, draft_id=item.draft_id, details=details)
    elif result == "dead" and item.kind == ACKNOWLEDGEMENT:
        details = {"outbox_id": item.id, "attempts": item.attempt, "error": outcome.error}
        acknowledgement.dead(session, draft_id=item.draft_id, details=details)
    elif result == "delivered":
        try:  # the receiver has the reply: whatever happens to the draft, the row must not be sent again
            details = {"outbox_id": item.id, "attempt": item.attempt, "http_status": outcome.status}
            with session.begin_nested():
                sent = mark_sent(
                    session,
                    draft_id=item.draft_id,
                    at=now,
                    details=details,
                    knowledge_dir=settings.knowledge_dir,
                )
                if not sent:
                    log.error("outbox %s delivered, but its draft is no longer approved", item.id)
        except Exception:
            log.exception("outbox %s delivered, but marking its draft sent failed", item.id)
    elif result == "dead":
        mark_delivery_dead(
            session,
            draft_id=item.draft_id,
            details={"outbox_id": item.id, "attempts": item.attempt, "error": outcome.error},
        )
    session.commit()  # the row and the draft change together
    return result


def record_error(
    session: Session, item: Claimed, error: str, *, now: datetime, settings: Settings, max_attempts: int
) -> str:
    """Handling one row raised: count it as a failed attempt on that row (retried, dead-lettered after
    max attempts), so a bad row neither stops the pass nor comes back sooner than its backoff."""
    session.rollback()
    return record(
        session,
        item,
        Outcome("failed", error=f"error: {error}"[:500]),
        now=now,
        settings=settings,
        max_attempts=max_attempts,
    )


def release(session: Session, item: Claimed) -> None:
    """Give back a claimed row that the pass did not get to (deadline): no attempt spent, due at once."""
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.id == item.id, OutboxRow.status == "pending", OutboxRow.attempts == item.attempt)
        .values(locked_until=None, attempts=item.attempt - 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
