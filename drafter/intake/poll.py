"""One poll of one channel: fetch after the cursor, draft, record, move the cursor: one transaction.

Why nothing is lost or drafted twice when a worker dies mid-poll:
- The drafts, the channel_messages rows and the new cursor commit together. A poll that dies before the
  commit leaves the old cursor, so the next poll fetches the same messages again and drafts them then.
- A message seen before (same channel id) is recognised twice over: its channel_messages row, and the
  drafts' unique (store_id, message_id), where message_id is derived from the channel's id.
- A lease on the channel row keeps two pollers (a doubled beat, a manual run beside the worker) from
  polling one channel at once; a dead poller's lease expires after channel_lease_s.
- A channel that does not answer is backed off on its own row (next_poll_at): others are not delayed.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from drafter.channels import Inbound, get_adapter
from drafter.channels.registry import config_of
from drafter.config import Settings
from drafter.drafts import service
from drafter.metrics import SYSTEM_NOTICES
from drafter.models import BuyerMessage
from drafter.persistence.db import get_sessionmaker, rows_changed
from drafter.persistence.tables import ChannelMessage, ChannelRow
from drafter.pipeline import Pipeline

log = logging.getLogger(__name__)
TRANSIENT = (DBAPIError, httpx.TransportError, ConnectionError, TimeoutError)


def utc_now() -> datetime:
    return datetime.now(UTC)


def message_id_for(kind: str, external_id: str) -> str:
    """The drafts' idempotency key for a channel message (<= 200 characters)."""
    key = f"{kind}:{external_id}"
    return key if len(key) <= 200 else f"{kind}:sha256:{hashlib.sha256(external_id.encode()).hexdigest()}"


def claim(session: Session, channel_id: int, *, now: datetime, lease_s: float) -> ChannelRow | None:
    won = rows_changed(
        session,
        update(ChannelRow)
        .where(
            ChannelRow.id == channel_id,
            ChannelRow.enabled.is_(True),
            or_(ChannelRow.lease_until.is_(None), ChannelRow.lease_until <= now),
        )
        .values(lease_until=now + timedelta(seconds=lease_s))
        .execution_options(synchronize_session=False),
    )
    session.commit()
    return session.get(ChannelRow, channel_id, populate_existing=True) if won == 1 else None


def due_channels(session: Session, *, now: datetime) -> list[int]:
    return list(
        session.scalars(
            select(ChannelRow.id).where(
                ChannelRow.enabled.is_(True),
                ChannelRow.kind != "chatwoot",
                ChannelRow.next_poll_at <= now,
                or_(ChannelRow.lease_until.is_(None), ChannelRow.lease_until <= now),
            )
        )
    )


def _failed(session: Session, row: ChannelRow, error: str, *, now: datetime, settings: Settings) -> None:
    row.failures += 1
    row.last_error = error[:2000]
    row.lease_until = None
    row.next_poll_at = now + timedelta(
        seconds=min(row.poll_interval_s * 2**row.failures, settings.channel_backoff_max_s)
    )
    session.commit()


def record_inbound(
    session: Session, row: ChannelRow, pipeline: Pipeline, items: list[Inbound]
) -> dict[str, int]:
    counts = {"drafted": 0, "duplicate": 0, "skipped": 0, "failed": 0, "notice": 0}
    # Write first, so the transaction is open before create_drafts' savepoints: Python's sqlite3 emits
    # BEGIN only before a write, and a SAVEPOINT outside a transaction becomes one whose RELEASE commits,
    # which would commit the drafts without the cursor (found by the kill test in tests/channels).
    row.last_poll_at = utc_now()
    session.flush()
    ids = [item.external_id for item in items]
    seen = (
        set(
            session.scalars(
                select(ChannelMessage.external_id).where(
                    ChannelMessage.channel_id == row.id, ChannelMessage.external_id.in_(ids)
                )
            )
        )
        if ids
        else set()
    )
    fresh: dict[str, Inbound] = {}
    for item in items:  # one row per external id, even when a channel lists a message twice
        if item.external_id in seen or item.external_id in fresh:
            counts["duplicate"] += 1
        else:
            fresh[item.external_id] = item
    to_draft = [item for item in fresh.values() if item.message is not None]
    messages = [
        item.message.model_copy(update={"message_id": message_id_for(row.kind, item.external_id)})
        for item in to_draft
        if item.message is not None  # (filtered above; repeated so the type checker sees it)
    ]
    outcomes = service.create_drafts(
        session, pipeline=pipeline, messages=messages, actor=f"channel:{row.name}"
    )
    for outcome in outcomes:
        if isinstance(outcome, TRANSIENT):
            raise outcome  # roll the whole poll back: the cursor stays, the next poll redoes it
    results: dict[str, Any] = dict(zip((i.external_id for i in to_draft), zip(messages, outcomes)))
    for external_id, item in fresh.items():
        cm = ChannelMessage(
            channel_id=row.id,
            store_id=row.store_id,
            external_id=external_id,
            message_id=message_id_for(row.kind, external_id),
            reply_to=item.reply_to,
        )
        if item.notice is not None:  # kept with its deadline: GET /v1/notices and `drafter channels notices`
            cm.status, cm.error = "notice", item.skip_reason
            cm.message = item.notice.model_dump(mode="json")
            SYSTEM_NOTICES.labels(platform=item.notice.platform, kind=item.notice.kind).inc()
            if item.notice.alert:
                log.warning(
                    "store %s: %s system notice %r, act by %s",
                    row.store_id,
                    item.notice.kind,
                    item.notice.subject,
                    item.notice.deadline,
                )
        elif item.message is None:
            cm.status, cm.error = "skipped", item.skip_reason
        else:
            message, outcome = results[external_id]
            if isinstance(outcome, Exception):
                log.error("channel %s message %s failed", row.name, external_id, exc_info=outcome)
                cm.status, cm.error = "failed", f"{type(outcome).__name__}: {outcome}"[:2000]
                cm.message = message.model_dump(mode="json")
            else:
                draft, created = outcome
                cm.status, cm.draft_id = ("drafted" if created else "duplicate"), draft.id
        counts[cm.status] += 1
        session.add(cm)
    return counts


def poll_channel(
    settings: Settings,
    pipeline: Pipeline,
    channel_id: int,
    *,
    now: datetime | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Poll one channel once. Returns counts, {"busy": True} when another poller holds it, or the error."""
    now = now or utc_now()
    session = get_sessionmaker(settings.resolved_database_url)()
    try:
        row = claim(session, channel_id, now=now, lease_s=settings.channel_lease_s)
        if row is None:
            return {"channel": channel_id, "busy": True}
        try:
            adapter = get_adapter(config_of(row), settings)
            fetched = adapter.fetch(dict(row.cursor or {}), limit=limit or settings.channel_fetch_limit)
        except Exception as exc:  # noqa: BLE001 - whatever one channel does wrong stays that channel's problem
            _failed(session, row, f"{type(exc).__name__}: {exc}", now=now, settings=settings)
            log.warning("channel %s/%s: %s", row.store_id, row.name, exc)
            return {"channel": row.name, "store_id": row.store_id, "error": str(exc)}
        try:
            counts = record_inbound(session, row, pipeline, fetched.items)
            row.cursor, row.last_error, row.failures = fetched.cursor, None, 0
            row.lease_until = None
            row.next_poll_at = now if fetched.more else now + timedelta(seconds=row.poll_interval_s)
            session.commit()  # drafts, dedupe rows and cursor: all or nothing
        except BaseException:
            session.rollback()
            raise
        return {
            "channel": row.name,
            "store_id": row.store_id,
            "fetched": len(fetched.items),
            **counts,
            "more": fetched.more,
        }
    finally:
        session.close()


def redraft_failed(settings: Settings, pipeline: Pipeline, channel_id: int) -> dict[str, int]:
    """Draft again the messages of a channel the pipeline failed on (kept with their text and error)."""
    counts = {"retried": 0, "drafted": 0, "failed": 0}
    session = get_sessionmaker(settings.resolved_database_url)()
    try:
        rows = list(
            session.scalars(
                select(ChannelMessage)
                .where(
                    ChannelMessage.channel_id == channel_id,
                    ChannelMessage.status == "failed",
                    ChannelMessage.message.is_not(None),
                )
                .order_by(ChannelMessage.id)
            )
        )
        if not rows:
            return counts
        channel = session.get(ChannelRow, channel_id)
        messages = [BuyerMessage.model_validate(r.message) for r in rows]
        outcomes = service.create_drafts(
            session,
            pipeline=pipeline,
            messages=messages,
            actor=f"channel:{channel.name if channel else channel_id}",
        )
        for row, outcome in zip(rows, outcomes):
            counts["retried"] += 1
            if isinstance(outcome, TRANSIENT):
                raise outcome
            if isinstance(outcome, Exception):
                row.error = f"{type(outcome).__name__}: {outcome}"[:2000]
                counts["failed"] += 1
            else:
                row.status, row.draft_id, row.error = "drafted", outcome[0].id, None
                counts["drafted"] += 1
        session.commit()
        return counts
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
