"""Tables. Whole pydantic documents are kept as JSON beside the columns the queries filter on."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime(timezone=True)}


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(100), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A person's key (users.id); None: the store's own key, as before people existed (drafter.team).
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    last_used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class OrderRow(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("store_id", "order_id", name="uq_orders_store_order"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(100))
    order_id: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class DraftRow(Base):
    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("store_id", "message_id", name="uq_drafts_store_message"),
        # Covers the review queue: filters, deadline order and id, so only the rows shown are read.
        Index(
            "ix_drafts_queue_cover",
            "store_id",
            "status",
            "sla_deadline",
            "id",
            "risk",
            "platform",
            "intent",
            "language",
        ),
        Index("ix_drafts_store_deadline", "store_id", "sla_deadline", "id"),
        # First-response metrics walk a window of received_at without reading rows (migration 0005_perf).
        Index(
            "ix_drafts_first_response",
            "store_id",
            "received_at",
            "platform",
            "status",
            "route",
            "sla_deadline",
            "decided_at",
            "sent_at",
        ),
        # Least-loaded assignment counts each person's open drafts (drafter.team.assign).
        Index("ix_drafts_assignee", "store_id", "assigned_to", "status"),
        # One per queue filter: the filter's drafts in deadline order, status included for combinations.
        *(
            Index(f"ix_drafts_by_{column}", "store_id", column, "sla_deadline", "id", "status")
            for column in ("language", "intent", "risk", "platform", "route")
        ),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(String(100))
    message_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    platform: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(20))
    risk: Mapped[str] = mapped_column(String(10))
    intent: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(8))
    confidence: Mapped[float] = mapped_column(Float)
    order_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    received_at: Mapped[datetime] = mapped_column()
    sla_deadline: Mapped[datetime] = mapped_column()
    # The current reply (edits replace it) and the lint of that reply.
    restatement: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text)
    commitment: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    lint: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The original request and the run record (what was retrieved, template/prompt, timings...).
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    run: Mapped[dict[str, Any]] = mapped_column(JSON)
    reject_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Compare-and-set: every UPDATE of a draft says WHERE version = <the version it read> and bumps it,
    # so of two writers that read the same draft (approve and reject racing) exactly one wins; the
    # other gets StaleDataError, which drafter.drafts.service turns into a 409.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    # Who works on it (users.id) and who has it open (a soft lock until locked_until). Written by
    # drafter.team with plain UPDATEs outside the version counter: assigning or opening a draft must not
    # make someone's edit of it lose its compare-and-set.
    assigned_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locked_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    store_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        # A draft's reply and its acknowledgement (drafter/acknowledge): at most one of each.
        UniqueConstraint("draft_id", "kind", name="uq_outbox_draft_kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"))
    kind: Mapped[str] = mapped_column(
        String(20), default="reply", server_default="reply"
    )  # reply | acknowledgement
    store_id: Mapped[str] = mapped_column(String(100))
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # A worker's claim: until then no other worker takes the row; a crashed worker's claim expires.
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)


class BatchRow(Base):
    """A bulk submission (POST /v1/batches): its messages are drafted by the workers."""

    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(String(100), index=True)
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchItem(Base):
    """One message of a batch. Written before it is queued, so a lost task is visible and can be queued again."""

    __tablename__ = "batch_items"
    __table_args__ = (
        UniqueConstraint("batch_id", "seq", name="uq_batch_items_batch_seq"),
        Index("ix_batch_items_status", "status", "updated_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(String(200))
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued | done | failed
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # False when the message_id already had a draft (a duplicate): the item points at that draft.
    created_draft: Mapped[bool | None] = mapped_column(nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChannelRow(Base):
    """One connection of a store to a message channel (a mailbox, a marketplace account, a helpdesk).

    `options` are shown to operators; `secrets` never are (see drafter/channels/config.py). The cursor is
    the channel's checkpoint (IMAP UIDVALIDITY + last UID, a timestamp...), committed with the drafts it
    produced, so a poll that dies part-way is simply redone.
    """

    __tablename__ = "channels"
    __table_args__ = (UniqueConstraint("store_id", "name", name="uq_channels_store_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(30))
    platform: Mapped[str] = mapped_column(String(20))
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    secrets: Mapped[dict[str, Any]] = mapped_column(JSON)
    enabled: Mapped[bool] = mapped_column(default=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    poll_interval_s: Mapped[float] = mapped_column(Float, default=60.0)
    next_poll_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A poller's claim: a second poller (beat fired twice, two workers) skips the channel until it expires.
    lease_until: Mapped[datetime | None] = mapped_column(nullable=True)
    last_poll_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelMessage(Base):
    """A message a channel brought in: its id on the channel (the dedupe key), the draft it became, and
    what a reply needs to land in the same thread (address, subject, references, conversation id)."""

    __tablename__ = "channel_messages"
    __table_args__ = (
        UniqueConstraint("channel_id", "external_id", name="uq_channel_messages_external"),
        Index("ix_channel_messages_draft", "store_id", "message_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    store_id: Mapped[str] = mapped_column(String(100))
    external_id: Mapped[str] = mapped_column(String(500))
    message_id: Mapped[str] = mapped_column(String(200))
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(20))  # drafted | duplicate | skipped | failed
    reply_to: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The BuyerMessage as received, kept for a message the pipeline failed on, so it is never lost.
    message: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DraftRollup(Base):
    """Per store, UTC day of receipt and platform: what the first-response metrics count. Kept by
    triggers on `drafts` (drafter/persistence/rollups.py), never written by the application."""

    __tablename__ = "draft_rollups"
    store_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, UTC
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    replied: Mapped[int] = mapped_column(Integer, default=0)
    open: Mapped[int] = mapped_column(Integer, default=0)
    within_deadline: Mapped[int] = mapped_column(Integer, default=0)
    auto_sent: Mapped[int] = mapped_column(Integer, default=0)
    awaiting_send: Mapped[int] = mapped_column(Integer, default=0)


class DraftWaitBucket(Base):
    """Replies sent per store, day, platform and wait bucket (2 % wide): the quantiles of a large
    window without reading its drafts. Kept by the same triggers."""

    __tablename__ = "draft_wait_buckets"
    store_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    replies: Mapped[int] = mapped_column(Integer, default=0)


class KitApproval(Base):
    """A person's approval of one auto-reply kit text (drafter/autoreply/approval.py): the hash of the words
    approved, so a text that changed since shows as needing approval again."""

    __tablename__ = "kit_approvals"
    __table_args__ = (
        UniqueConstraint("store_id", "platform", "language", "kind", "topic", name="uq_kit_approvals_text"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(40), default="")  # "" for the welcome and off-hours texts
    text_hash: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[datetime] = mapped_column(default=utcnow)
