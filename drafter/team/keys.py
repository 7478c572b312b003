"""API keys of people and of stores: created, listed, revoked, and turned into a Caller on each request.

A key is looked up on every request (no cache), so a revoked key, a disabled person or a person taken off
the store is refused from the very next request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import cast

from pydantic import AwareDatetime, BaseModel
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from drafter.persistence.tables import ApiKey
from drafter.persistence.team_tables import User
from drafter.team.caller import Caller
from drafter.team.errors import KeyNotFound
from drafter.team.touch import touch
from drafter.team.users import member_of

# last_used_at is written at most this often per key: a write on every request would cost the hot path.
LAST_USED_EVERY = timedelta(seconds=60)


class KeyView(BaseModel):
    key_id: int
    prefix: str
    label: str
    store_id: str
    user_id: int | None
    created_at: AwareDatetime
    revoked_at: AwareDatetime | None = None
    last_used_at: AwareDatetime | None = None


class NewKey(KeyView):
    key: str


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def key_view(row: ApiKey) -> KeyView:
    return KeyView(
        key_id=row.id,
        prefix=row.prefix,
        label=row.label,
        store_id=row.store_id,
        user_id=row.user_id,
        created_at=_utc(row.created_at),
        revoked_at=_utc(row.revoked_at),
        last_used_at=_utc(row.last_used_at),
    )


def create_key(session: Session, *, store_id: str, user_id: int | None = None, label: str = "") -> NewKey:
    """A key in clear, returned once: only its hash is stored."""
    key = "drk_" + secrets.token_urlsafe(24)
    row = ApiKey(store_id=store_id, user_id=user_id, key_hash=_hash(key), prefix=key[:10], label=label)
    session.add(row)
    session.flush()
    return NewKey(key=key, **key_view(row).model_dump())


def list_keys(session: Session, *, store_id: str | None = None, user_id: int | None = None) -> list[KeyView]:
    query = select(ApiKey).order_by(ApiKey.id)
    if store_id is not None:
        query = query.where(ApiKey.store_id == store_id)
    if user_id is not None:
        query = query.where(ApiKey.user_id == user_id)
    return [key_view(row) for row in session.scalars(query)]


def revoke_key(
    session: Session, *, key_id: int, store_id: str | None = None, user_id: int | None = None
) -> KeyView:
    """Revoke a key of this store (of this person, when user_id is given); another's key is not found."""
    row = session.get(ApiKey, key_id)
    if row is None or (store_id is not None and row.store_id != store_id):
        raise KeyNotFound(f"no key {key_id}")
    if user_id is not None and row.user_id != user_id:
        raise KeyNotFound(f"no key {key_id} of yours")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        session.flush()
    return key_view(row)


def caller_for_key(session: Session, *, key: str, now: datetime | None = None) -> Caller | None:
    """The caller behind a key, or None when the key is unknown, revoked, or its person can no longer act."""
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == _hash(key), ApiKey.revoked_at.is_(None)))
    if row is None:
        return None
    return caller_for_key_row(session, row=row, now=now)


def caller_for_key_row(session: Session, *, row: ApiKey, now: datetime | None = None) -> Caller | None:
    if row.revoked_at is not None:
        return None
    now = now or datetime.now(UTC)
    last = _utc(row.last_used_at)
    if last is None or now - last > LAST_USED_EVERY:
        table = cast(Table, ApiKey.__table__)
        touch(
            session,
            table=table,
            key=table.c.id,
            value=row.id,
            column=table.c.last_used_at,
            now=now,
            every=LAST_USED_EVERY,
        )
    if row.user_id is None:
        return Caller(store_id=row.store_id, role="store", name=row.store_id, key_id=row.id)
    user = session.get(User, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    if not member_of(session, user_id=user.id, store_id=row.store_id):
        return None
    return Caller(
        store_id=row.store_id,
        role=user.role,
        user_id=user.id,
        name=user.display_name,
        email=user.email,
        key_id=row.id,
    )
