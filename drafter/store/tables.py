"""Tables. Whole pydantic documents are kept as JSON beside the columns the queries filter on."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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
        Index("ix_drafts_queue_cover", "store_id", "status", "sla_deadline", "id", "risk", "platform", "intent",
              "language"),
        Index("ix_drafts_store_deadline", "store_id", "sla_deadline", "id"),
        # First-response metrics walk a window of received_at without reading rows (migration 0005_perf).
        Index("ix_drafts_first_response", "store_id", "received_at", "platform", "status", "route", "sla_deadline",
              "decided_at", "sent_at"),
        # One per queue filter: the filter's drafts in deadline order, status included for combinations.
        *(Index(f"ix_drafts_by_{column}", "store_id", column, "sla_deadline", "id", "status")
          for column in ("language", "intent", "risk", "platform", "route")),
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
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), unique=True)
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
