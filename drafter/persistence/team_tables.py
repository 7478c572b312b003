"""Tables of the team: people, their stores, their review-page sessions, their shifts.

The columns other tables gain for people (api_keys.user_id, drafts.assigned_to / locked_by) are plain
integers without a foreign key: users are never deleted (only disabled), and a foreign key on `drafts`
would make SQLite rebuild the biggest table of the database in the migration.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from drafter.persistence.tables import Base, utcnow

ROLES = ("agent", "lead", "admin")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # agent | lead | admin
    # bcrypt; None for a person who only uses API keys (no review-page password).
    password_hash: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Where alerts for this person go (read by drafter.team.contacts); e-mail defaults to `email`.
    notify_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    notify_webhook_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class StoreMember(Base):
    """A person works for a store; a person may work for several."""

    __tablename__ = "store_members"
    __table_args__ = (
        UniqueConstraint("user_id", "store_id", name="uq_store_members_user_store"),
        Index("ix_store_members_store", "store_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    store_id: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewSession(Base):
    """A signed-in review page. Only the SHA-256 of the cookie's token is stored. A session opened with an
    API key (the page's key sign-in) points at that key, so revoking the key ends the session at once."""

    __tablename__ = "review_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    key_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    store_id: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Shift(Base):
    """Who is on duty when, in the store's time zone: weekday 0 = Monday; an end before the start runs
    past midnight into the next day."""

    __tablename__ = "shifts"
    __table_args__ = (Index("ix_shifts_store", "store_id", "weekday"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[str] = mapped_column(String(5))  # HH:MM
    end: Mapped[str] = mapped_column(String(5))


class AssignmentCursor(Base):
    """Round-robin: the last person a store's new draft went to."""

    __tablename__ = "assignment_cursors"
    store_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
