"""Tables of issue 21's second half: promises kept, alerts sent once, feedback on drafts.

Kept apart from tables.py (and from team_tables.py, the people of the first half) so both halves merge
without touching the same lines. On the same Base: the migration environment imports this module, and so
does every module that reads these tables, so Base.metadata holds them wherever they are used.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from drafter.persistence.tables import Base, utcnow


class PromiseRow(Base):
    """What a sent reply committed the team to, and by when. One per sent draft (draft_id unique).

    status: open (not yet due) -> due (its follow-up draft is in the queue) -> kept (the follow-up was
    sent) | expired (the follow-up was rejected, or not sent within the grace period)."""

    __tablename__ = "promises"
    __table_args__ = (Index("ix_promises_store_status_due", "store_id", "status", "due_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), unique=True)
    store_id: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(20))
    order_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str] = mapped_column(String(8))
    situation: Mapped[str | None] = mapped_column(String(60), nullable=True)
    commit_key: Mapped[str | None] = mapped_column(String(60), nullable=True)
    promised: Mapped[str] = mapped_column(Text)  # the commitment part as sent
    due_at: Mapped[datetime] = mapped_column()  # UTC
    store_zone: Mapped[str] = mapped_column(String(64))
    buyer_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The order as it was when the reply went out: compared with the order store at the deadline.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    follow_up_draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertRow(Base):
    """One alert to one channel. The dedup key is unique: a sweep that finds it again sends nothing."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    store_id: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # sla_near | unanswered_read | notice | mailbox_unread
    channel: Mapped[str] = mapped_column(String(20))  # webhook | email
    target: Mapped[str] = mapped_column(String(500))  # the URL or the address
    recipient: Mapped[str] = mapped_column(String(200))  # user:<id> or team
    draft_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


class FeedbackRow(Base):
    """What reviewers taught: the edit distance per part at approval (kind edit), a rating (kind rating)."""

    __tablename__ = "draft_feedback"
    __table_args__ = (Index("ix_draft_feedback_store_kind", "store_id", "kind", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    store_id: Mapped[str] = mapped_column(String(100))
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # edit | rating
    rating: Mapped[str | None] = mapped_column(String(20), nullable=True)  # good | needs_work | wrong
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    distances: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
