"""Review-page sessions: sign in with e-mail and password (or a key), a cookie, expiry, CSRF.

The cookie holds a random token (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends
it); the database keeps only its SHA-256. A session ends at `expires_at` (absolute), after `idle` without a
request, at sign-out, or at once when its person is disabled or its key revoked.

CSRF: a request made with the cookie that changes something must also carry `X-CSRF-Token`, an HMAC of the
session token that the page receives at sign-in. Another site can make a browser send the cookie (not with
SameSite=Strict, but older browsers) yet cannot read the token, so it cannot forge the header.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import cast

from pydantic import AwareDatetime, BaseModel
from sqlalchemy import Table
from sqlalchemy.orm import Session

from drafter.persistence.tables import ApiKey
from drafter.persistence.team_tables import ReviewSession, User
from drafter.team.caller import Caller
from drafter.team.errors import Unauthenticated
from drafter.team.keys import caller_for_key, caller_for_key_row
from drafter.team.passwords import verify_password
from drafter.team.touch import touch
from drafter.team.users import find_by_email, member_of, stores_of

COOKIE = "drafter_session"
CSRF_HEADER = "X-CSRF-Token"
SEEN_EVERY = timedelta(seconds=30)


class SessionInfo(BaseModel):
    caller: Caller
    expires_at: AwareDatetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def csrf_token(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"drafter-csrf", hashlib.sha256).hexdigest()


def csrf_ok(token: str, header: str | None) -> bool:
    return bool(header) and hmac.compare_digest(csrf_token(token), header or "")


def _open(
    session: Session, *, store_id: str, ttl: timedelta, now: datetime, user_id: int | None, key_id: int | None
) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    session.add(
        ReviewSession(
            token_hash=_hash(token),
            user_id=user_id,
            key_id=key_id,
            store_id=store_id,
            created_at=now,
            expires_at=expires,
            last_seen_at=now,
        )
    )
    session.flush()
    return token, expires


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    store_id: str | None,
    ttl: timedelta,
    now: datetime | None = None,
) -> tuple[str, datetime, str]:
    """(token, expires_at, store_id). One message for every failure: a caller learns nothing about which
    e-mails exist or which stores a person works for."""
    now = now or datetime.now(UTC)
    user = find_by_email(session, email=email)
    ok = verify_password(password, user.password_hash if user else None)
    refused = Unauthenticated("wrong e-mail or password, or no access to that store")
    if user is None or not ok or user.disabled_at is not None:
        raise refused
    stores = stores_of(session, user_id=user.id)
    store = store_id or (stores[0] if stores else None)
    if store is None or store not in stores:
        raise refused
    token, expires = _open(session, store_id=store, ttl=ttl, now=now, user_id=user.id, key_id=None)
    return token, expires, store


def sign_in_with_key(
    session: Session, *, key: str, ttl: timedelta, now: datetime | None = None
) -> tuple[str, datetime, str]:
    """The page's key sign-in: the key becomes a session, so the page never keeps the key itself."""
    now = now or datetime.now(UTC)
    caller = caller_for_key(session, key=key, now=now)
    if caller is None:
        raise Unauthenticated("The API key is unknown or revoked.", code="invalid_api_key")
    token, expires = _open(
        session, store_id=caller.store_id, ttl=ttl, now=now, user_id=caller.user_id, key_id=caller.key_id
    )
    return token, expires, caller.store_id


def caller_for_session(
    session: Session, *, token: str, idle: timedelta, now: datetime | None = None
) -> SessionInfo | None:
    """The caller behind a session cookie, or None when it ended (expired, idle, signed out, revoked)."""
    now = now or datetime.now(UTC)
    row = session.get(ReviewSession, _hash(token))
    if row is None or row.revoked_at is not None:
        return None
    if _utc(row.expires_at) <= now or _utc(row.last_seen_at) + idle <= now:
        return None
    caller: Caller | None
    if row.key_id is not None:
        key_row = session.get(ApiKey, row.key_id)
        caller = caller_for_key_row(session, row=key_row, now=now) if key_row else None
        if caller is not None:
            caller = caller.model_copy(update={"via": "session"})
    else:
        user = session.get(User, row.user_id) if row.user_id is not None else None
        if user is None or user.disabled_at is not None:
            return None
        if not member_of(session, user_id=user.id, store_id=row.store_id):
            return None
        caller = Caller(
            store_id=row.store_id,
            role=user.role,
            user_id=user.id,
            name=user.display_name,
            email=user.email,
            via="session",
        )
    if caller is None:
        return None
    if now - _utc(row.last_seen_at) > SEEN_EVERY:  # the sliding idle window, not a write per request
        table = cast(Table, ReviewSession.__table__)
        touch(
            session,
            table=table,
            key=table.c.token_hash,
            value=row.token_hash,
            column=table.c.last_seen_at,
            now=now,
            every=SEEN_EVERY,
        )
    return SessionInfo(caller=caller, expires_at=_utc(row.expires_at))


def sign_out(session: Session, *, token: str, now: datetime | None = None) -> None:
    row = session.get(ReviewSession, _hash(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now or datetime.now(UTC)
        session.flush()
