"""API keys: only a SHA-256 hash is stored; a key sees only its own store."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafter.persistence.tables import ApiKey


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, *, store_id: str, label: str = "") -> str:
    """Create a key and return it in clear: this is the only time it can be read."""
    key = "drk_" + secrets.token_urlsafe(24)
    session.add(ApiKey(store_id=store_id, key_hash=_hash(key), prefix=key[:10], label=label))
    session.flush()
    return key


def store_for_key(session: Session, *, key: str) -> str | None:
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == _hash(key), ApiKey.revoked_at.is_(None)))
    return row.store_id if row else None


def count_keys(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApiKey)) or 0
