"""Outbox worker: claim due rows, deliver, record the outcome. At least once; never lost, never doubled
for a receiver that dedupes by the Idempotency-Key header.

Why it holds:
- The outbox row is written in the same transaction as the approval (drafter.drafts.service._enqueue):
  an approved reply always has a row, a rolled-back approval never has one.
- claim() takes due rows with SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite serialises writers
  instead) and stamps a lease (locked_until) and the attempt number, then commits: the HTTP call runs
  outside any transaction, so a slow webhook never holds a lock.
- After a 2xx, the row becomes `sent` and the draft `sent` in one transaction. A crash between the
  webhook's 2xx and that commit leaves the row pending; when the lease expires it is delivered again
  with the same idempotency key and the receiver drops the repeat.
- Failures retry with exponential backoff (next_attempt_at, persisted, so restarts keep the schedule)
  and are dead-lettered after max attempts; `drafter outbox requeue` puts a dead row back.
- A store with no webhook: with outbox_sink_path set, replies go to that JSON Lines file; otherwise
  they stay pending (status held in last_error) and are checked again every outbox_hold_s, without
  spending attempts, so configuring a webhook later releases them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from drafter.channels.outbound import channel_delivery
from drafter.config import Settings
from drafter.drafts.service import mark_delivery_dead, mark_sent
from drafter.knowledge import store_profile
from drafter.models import StoreProfile
from drafter.outbox.delivery import Outcome, post_webhook, write_sink
from drafter.store.db import get_sessionmaker
from drafter.store.tables import OutboxRow

log = logging.getLogger(__name__)
NO_WEBHOOK = "held: no webhook configured for this store"
NO_SECRET = "held: the store's webhook has no secret to sign with"


@dataclass(frozen=True)
class Claimed:
    id: int
    draft_id: str
    store_id: str
    idempotency_key: str
    payload: dict[str, Any]
    attempt: int


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def backoff_s(attempt: int, settings: Settings) -> float:
    return min(settings.outbox_backoff_base_s * 2 ** max(0, attempt - 1), settings.outbox_backoff_max_s)


def claim(session: Session, *, now: datetime, limit: int, lease_s: float) -> list[Claimed]:
    due = (
        select(OutboxRow)
        .where(OutboxRow.status == "pending", OutboxRow.next_attempt_at <= now,
               or_(OutboxRow.locked_until.is_(None), OutboxRow.locked_until <= now))
        .order_by(OutboxRow.next_attempt_at, OutboxRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for row in session.scalars(due).all():
        # Conditional update: on SQLite (no row locks) two workers may read the same row; only one wins.
        won = session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == row.id, OutboxRow.status == "pending", OutboxRow.attempts == row.attempts)
            .values(locked_until=now + timedelta(seconds=lease_s), attempts=row.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if won == 1:
            claimed.append(Claimed(row.id, row.draft_id, row.store_id, row.idempotency_key, dict(row.payload),
                                   row.attempts + 1))
    session.commit()
    return claimed


def deliver(item: Claimed, *, store: StoreProfile, settings: Settings, client: httpx.Client) -> Outcome:
    if not store.webhook_url:
        if settings.outbox_sink_path:
            return write_sink(settings.outbox_sink_path, idempotency_key=item.idempotency_key, payload=item.payload)
        return Outcome("held", error=NO_WEBHOOK)
    if not store.webhook_secret:
        return Outcome("held", error=NO_SECRET)
    return post_webhook(client, url=store.webhook_url, secret=store.webhook_secret,
                        idempotency_key=item.idempotency_key, payload=item.payload, attempt=item.attempt)


def record(session: Session, item: Claimed, outcome: Outcome, *, now: datetime, settings: Settings,
           max_attempts: int) -> str:
    """Store the outcome of one attempt; returns delivered | retry | dead | held | lost_claim."""
    mine = (OutboxRow.id == item.id, OutboxRow.status == "pending", OutboxRow.attempts == item.attempt)
    values: dict[str, Any] = {"locked_until": None, "last_status": outcome.status}
    if outcome.kind == "delivered":
        values.update(status="sent", sent_at=now, last_error=None)
        result = "delivered"
    elif outcome.kind == "held":  # not an attempt: the row waits for a destination
        values.update(attempts=item.attempt - 1, last_error=outcome.error,
                      next_attempt_at=now + timedelta(seconds=settings.outbox_hold_s))
        result = "held"
    elif item.attempt >= max_attempts:
        values.update(status="dead", last_error=outcome.error)
        result = "dead"
    else:
        values.update(last_error=outcome.error,
                      next_attempt_at=now + timedelta(seconds=backoff_s(item.attempt, settings)))
        result = "retry"
    updated = session.execute(update(OutboxRow).where(*mine).values(**values)
                              .execution_options(synchronize_session=False)).rowcount
    if updated != 1:
        # Another worker took the row after our lease ran out and finished it: nothing to record.
        session.rollback()
        return "lost_claim"
    if result == "delivered":
        mark_sent(session, draft_id=item.draft_id, at=now, details={"outbox_id": item.id, "attempt": item.attempt,
                                                                     "http_status": outcome.status})
    elif result == "dead":
        mark_delivery_dead(session, draft_id=item.draft_id,
                           details={"outbox_id": item.id, "attempts": item.attempt, "error": outcome.error})
    session.commit()  # the row and the draft change together
    return result


def run_once(settings: Settings, *, now: datetime | None = None, client: httpx.Client | None = None) -> dict[str, int]:
    """One pass: claim what is due, deliver it, record each outcome. Returns counts per outcome."""
    now = (now or utc_now()).astimezone(timezone.utc)
    counts = {"claimed": 0, "delivered": 0, "retry": 0, "dead": 0, "held": 0, "lost_claim": 0}
    session = get_sessionmaker(settings.resolved_database_url)()
    own_client = client is None
    client = client or httpx.Client(timeout=settings.outbox_timeout_s)
    try:
        items = claim(session, now=now, limit=settings.outbox_batch, lease_s=settings.outbox_lease_s)
        counts["claimed"] = len(items)
        for item in items:
            store = store_profile(settings.knowledge_dir, item.store_id)
            # A reply to a message a channel brought in goes back through that channel; others to the webhook.
            outcome = channel_delivery(session, item, settings) or deliver(item, store=store, settings=settings,
                                                                           client=client)
            max_attempts = store.outbox_max_attempts or settings.outbox_max_attempts
            result = record(session, item, outcome, now=max(now, utc_now()), settings=settings,
                            max_attempts=max_attempts)
            counts[result] += 1
            if result in ("retry", "dead"):
                log.warning("outbox %s attempt %d: %s", item.id, item.attempt, outcome.error)
    finally:
        session.close()
        if own_client:
            client.close()
    return counts
