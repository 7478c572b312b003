"""Soft locks: opening a draft holds it for a few minutes (renewed while it stays open), and approve, edit
and reject by anyone else are refused with 409 `draft_locked` naming who holds it.

"Soft": the lock expires by itself (a closed laptop does not block a draft for long), and it is written with
a plain UPDATE outside the draft's version counter, so taking or renewing a lock never makes the holder's own
edit lose its compare-and-set. Taking it is one conditional UPDATE, so two people opening the same draft at
the same moment cannot both get it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import Table, and_, or_, select, update
from sqlalchemy.orm import Session

from drafter.errors import DraftNotFound, InvalidTransition
from drafter.models import DraftStatus
from drafter.persistence.tables import DraftRow
from drafter.persistence.team_tables import User
from drafter.team.caller import Caller
from drafter.team.errors import DraftLocked
from drafter.team.models import LockInfo

OPEN_STATUSES = (DraftStatus.pending_review.value, DraftStatus.escalated.value)
# The Core table (typed as one): plain UPDATEs, outside the ORM's version counter.
_DRAFTS = cast(Table, DraftRow.__table__)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _state(session: Session, *, store_id: str, draft_id: str) -> tuple[str, int | None, datetime | None]:
    row = session.execute(
        select(DraftRow.status, DraftRow.locked_by, DraftRow.locked_until).where(
            DraftRow.id == draft_id, DraftRow.store_id == store_id
        )
    ).first()
    if row is None:  # another store's draft does not exist for this caller
        raise DraftNotFound(f"no draft {draft_id}")
    return row.status, row.locked_by, row.locked_until


def _name(session: Session, user_id: int) -> str:
    user = session.get(User, user_id)
    return user.display_name if user else f"user {user_id}"


def holder(session: Session, *, store_id: str, draft_id: str, now: datetime | None = None) -> LockInfo | None:
    """Who holds the open draft now, if anyone (an expired lock is nobody's)."""
    now = now or datetime.now(UTC)
    status, locked_by, until = _state(session, store_id=store_id, draft_id=draft_id)
    if locked_by is None or until is None or _utc(until) <= now or status not in OPEN_STATUSES:
        return None  # a decided draft is nobody's to hold: its status answers for it
    return LockInfo(user_id=locked_by, name=_name(session, locked_by), until=_utc(until))


def _refuse(info: LockInfo, action: str) -> DraftLocked:
    return DraftLocked(
        f"{info.name} has this draft open until {info.until:%H:%M} UTC; you cannot {action} it until then",
        details={
            "locked_by": {"user_id": info.user_id, "name": info.name},
            "locked_until": info.until.isoformat(),
        },
    )


def check_unlocked(session: Session, *, caller: Caller, draft_id: str, action: str) -> None:
    """Refuse when someone other than the caller holds the draft (a store key holds nothing)."""
    info = holder(session, store_id=caller.store_id, draft_id=draft_id)
    if info is not None and info.user_id != caller.user_id:
        raise _refuse(info, action)


def acquire(
    session: Session, *, caller: Caller, draft_id: str, ttl: timedelta, now: datetime | None = None
) -> LockInfo:
    """Take or renew the lock for ttl. Refused while someone else holds it, and for a closed draft."""
    user_id = caller.require_person()
    now = now or datetime.now(UTC)
    status, _, _ = _state(session, store_id=caller.store_id, draft_id=draft_id)
    if status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"cannot lock a draft that is {status}",
            details={"status": status, "allowed_from": list(OPEN_STATUSES)},
        )
    until = now + ttl
    taken = session.execute(
        update(_DRAFTS)
        .where(
            _DRAFTS.c.id == draft_id,
            _DRAFTS.c.store_id == caller.store_id,
            or_(
                _DRAFTS.c.locked_by.is_(None),
                _DRAFTS.c.locked_by == user_id,
                _DRAFTS.c.locked_until.is_(None),
                _DRAFTS.c.locked_until <= now,
            ),
        )
        .values(locked_by=user_id, locked_until=until)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        info = holder(session, store_id=caller.store_id, draft_id=draft_id, now=now)
        raise _refuse(info, "lock") if info else DraftLocked("the lock changed hands meanwhile; try again")
    return LockInfo(user_id=user_id, name=caller.name, until=until)


def release(session: Session, *, caller: Caller, draft_id: str) -> None:
    """Let go of the lock. The holder may, and so may a lead (to free a draft someone left open)."""
    info = holder(session, store_id=caller.store_id, draft_id=draft_id)
    if info is None:
        return
    if info.user_id != caller.user_id:
        caller.require("lead")
    session.execute(
        update(_DRAFTS)
        .where(and_(_DRAFTS.c.id == draft_id, _DRAFTS.c.store_id == caller.store_id))
        .values(locked_by=None, locked_until=None)
    )
