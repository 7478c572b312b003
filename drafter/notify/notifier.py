"""Send an alert once: recorded under a dedup key first, then sent (tenacity retries), then marked.

Once: the dedup key (kind, what it is about, recipient, channel) is unique in the table `alerts`, and the
row is committed before anything is sent, so a second sweep, another worker, or the same sweep again finds
it and sends nothing. At least once: a row whose send failed (or whose sender died) is tried again by
later sweeps with backoff, up to alert_max_attempts, with the same idempotency key and Message-ID, so a
receiver that dedupes shows it once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
from pydantic import BaseModel, Field
from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from drafter.config import Settings
from drafter.knowledge import store_profile
from drafter.notify.recipients import Recipient
from drafter.notify.senders import SendFailed, mail_alert, post_alert
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import AlertRow

log = logging.getLogger(__name__)
CLAIM_S = 300  # a row being sent is not taken by a retry sweep for this long


class Alert(BaseModel):
    kind: str = Field(description="sla_near | unanswered_read | notice | mailbox_unread")
    store_id: str
    ref: str = Field(description="what it is about (a draft id, a notice's key): part of the dedup key")
    subject: str
    text: str
    draft_id: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _targets(recipient: Recipient) -> list[tuple[str, str]]:
    out = []
    if recipient.webhook_url:
        out.append(("webhook", recipient.webhook_url))
    if recipient.email:
        out.append(("email", recipient.email))
    return out


def record(settings: Settings, alert: Alert, recipients: list[Recipient], *, now: datetime) -> list[int]:
    """Insert one row per recipient and channel that has none yet; returns the ids of the new rows."""
    new: list[int] = []
    url = settings.resolved_database_url
    for recipient in recipients:
        for channel, target in _targets(recipient):
            key = f"{alert.kind}:{alert.ref}:{recipient.key}:{channel}"[:300]
            with session_scope(url) as session:
                if session.scalar(select(AlertRow.id).where(AlertRow.dedup_key == key)) is not None:
                    continue
                row = AlertRow(
                    dedup_key=key,
                    store_id=alert.store_id,
                    kind=alert.kind,
                    channel=channel,
                    target=target[:500],
                    recipient=recipient.key,
                    draft_id=alert.draft_id,
                    payload={**alert.model_dump(mode="json"), "recipient": recipient.name},
                    status="pending",
                    attempts=0,
                    next_attempt_at=now + timedelta(seconds=CLAIM_S),
                    created_at=now,
                )
                try:
                    with session.begin_nested():
                        session.add(row)
                        session.flush()
                except IntegrityError:  # another sweep recorded it between our read and our insert
                    continue
                new.append(row.id)
    return new


def _send_once(row: AlertRow, *, settings: Settings, client: httpx.Client, attempt: int) -> None:
    payload = row.payload
    if row.channel == "webhook":
        store = store_profile(settings.knowledge_dir, row.store_id)
        alert = {k: v for k, v in payload.items() if k != "recipient"}
        post_alert(client, store=store, url=row.target, key=row.dedup_key, alert=alert, attempt=attempt)
    else:
        mail_alert(
            settings, to=row.target, key=row.dedup_key, subject=payload["subject"], text=payload["text"]
        )


def deliver(settings: Settings, alert_id: int, *, client: httpx.Client, now: datetime) -> str:
    """Send one recorded alert, retrying within this call (tenacity); record the outcome on its row."""
    url = settings.resolved_database_url
    with session_scope(url) as session:
        row = session.get(AlertRow, alert_id)
        if row is None or row.status == "sent":
            return "skipped"
        session.expunge(row)
    tries = 0

    def attempt() -> None:
        nonlocal tries
        tries += 1
        _send_once(row, settings=settings, client=client, attempt=row.attempts + tries)

    error: str | None = None
    try:
        for step in Retrying(
            stop=stop_after_attempt(settings.alert_attempts),
            wait=wait_exponential(multiplier=settings.alert_retry_wait_s, max=30),
            retry=retry_if_exception(lambda exc: isinstance(exc, SendFailed) and exc.retry),
            reraise=True,
        ):
            with step:
                attempt()
    except SendFailed as exc:
        error = str(exc)
    except Exception as exc:  # a bug or a broken row must not stop the sweep
        log.exception("alert %s failed", alert_id)
        error = f"{type(exc).__name__}: {exc}"
    attempts = row.attempts + tries
    values: dict[str, Any] = {"attempts": attempts}
    if error is None:
        values.update(status="sent", sent_at=utc_now(), last_error=None)
        result = "sent"
    else:
        backoff = min(3600.0, 60.0 * 2 ** min(attempts, 6))
        values.update(
            status="failed", last_error=error[:1000], next_attempt_at=now + timedelta(seconds=backoff)
        )
        result = "failed"
        log.warning("alert %s (%s) failed after %d tries: %s", row.dedup_key, row.channel, attempts, error)
    with session_scope(url) as session:
        session.execute(update(AlertRow).where(AlertRow.id == alert_id).values(**values))
    return result


def claim_retries(settings: Settings, *, now: datetime, limit: int = 50) -> list[int]:
    """Rows to try again: failed or stuck pending, due, under the attempt limit. Each is claimed with a
    compare-and-set on its attempts and due time, so two sweeps do not both take it."""
    claimed = []
    with session_scope(settings.resolved_database_url) as session:
        rows = session.execute(
            select(AlertRow.id, AlertRow.attempts, AlertRow.next_attempt_at)
            .where(
                AlertRow.status.in_(("pending", "failed")),
                AlertRow.next_attempt_at <= now,
                AlertRow.attempts < settings.alert_max_attempts,
            )
            .order_by(AlertRow.next_attempt_at)
            .limit(limit)
        ).all()
        for alert_id, attempts, due in rows:
            # Compare-and-set on what was read: of two sweeps that read the row, one moves it on.
            result = session.execute(
                update(AlertRow)
                .where(
                    AlertRow.id == alert_id, AlertRow.attempts == attempts, AlertRow.next_attempt_at == due
                )
                .values(next_attempt_at=now + timedelta(seconds=CLAIM_S))
                .execution_options(synchronize_session=False)
            )
            took = cast("CursorResult[Any]", result).rowcount
            if took == 1:
                claimed.append(alert_id)
    return claimed


def notify(
    settings: Settings,
    alert: Alert,
    recipients: list[Recipient],
    *,
    client: httpx.Client,
    now: datetime | None = None,
) -> dict[str, int]:
    """Record the alert for each recipient and channel, and send the new ones. Counts per outcome."""
    now = now or utc_now()
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for alert_id in record(settings, alert, recipients, now=now):
        counts[deliver(settings, alert_id, client=client, now=now)] += 1
    return counts
