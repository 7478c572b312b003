"""Assignment: a lead assigns a draft, an agent takes one, and (optionally, per store) new drafts are
handed out round-robin or to the least-loaded person on shift.

Like locks, assignment is a plain UPDATE outside the draft's version counter: assigning a draft must not make
someone's edit of it fail. `take` is conditional (only an unassigned draft, or one already yours), so two
agents taking the same draft at once cannot both get it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, cast

from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.orm import Session

from drafter.errors import DraftNotFound, InvalidTransition
from drafter.persistence.tables import AuditEvent, DraftRow
from drafter.persistence.team_tables import AssignmentCursor, StoreMember, User
from drafter.team.caller import Caller
from drafter.team.errors import AlreadyAssigned
from drafter.team.locks import OPEN_STATUSES
from drafter.team.models import Person
from drafter.team.shifts import on_duty
from drafter.team.users import store_user

AssignmentMode = Literal["off", "round_robin", "least_loaded"]
# The Core table (typed as one): plain UPDATEs, outside the ORM's version counter.
_DRAFTS = cast(Table, DraftRow.__table__)


def _open_draft(session: Session, *, store_id: str, draft_id: str) -> tuple[str, int | None]:
    row = session.execute(
        select(DraftRow.status, DraftRow.assigned_to).where(
            DraftRow.id == draft_id, DraftRow.store_id == store_id
        )
    ).first()
    if row is None:
        raise DraftNotFound(f"no draft {draft_id}")
    if row.status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"cannot assign a draft that is {row.status}",
            details={"status": row.status, "allowed_from": list(OPEN_STATUSES)},
        )
    return row.status, row.assigned_to


def _audit(session: Session, *, store_id: str, draft_id: str, actor: str, action: str, details: dict) -> None:
    session.add(AuditEvent(draft_id=draft_id, store_id=store_id, actor=actor, action=action, details=details))


def assign(session: Session, *, caller: Caller, draft_id: str, user_id: int | None) -> Person | None:
    """A lead (or the store's key) assigns the draft to a person of the store, or unassigns it (None)."""
    caller.require("lead")
    _open_draft(session, store_id=caller.store_id, draft_id=draft_id)
    member = None
    if user_id is not None:
        user = store_user(session, store_id=caller.store_id, user_id=user_id)
        if user.disabled_at is not None:
            raise InvalidTransition(f"{user.display_name} is disabled", code="user_disabled")
        member = Person(user_id=user.id, name=user.display_name)
    session.execute(
        update(_DRAFTS)
        .where(_DRAFTS.c.id == draft_id, _DRAFTS.c.store_id == caller.store_id)
        .values(assigned_to=user_id)
    )
    _audit(
        session,
        store_id=caller.store_id,
        draft_id=draft_id,
        actor=caller.actor,
        action="assigned" if member else "unassigned",
        details={"user_id": user_id, "name": member.name if member else None},
    )
    return member


def take(session: Session, *, caller: Caller, draft_id: str) -> Person:
    """An agent takes an unassigned draft (or confirms one already theirs)."""
    user_id = caller.require_person()
    _open_draft(session, store_id=caller.store_id, draft_id=draft_id)
    taken = session.execute(
        update(_DRAFTS)
        .where(
            _DRAFTS.c.id == draft_id,
            _DRAFTS.c.store_id == caller.store_id,
            or_(_DRAFTS.c.assigned_to.is_(None), _DRAFTS.c.assigned_to == user_id),
        )
        .values(assigned_to=user_id)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        _, other = _open_draft(session, store_id=caller.store_id, draft_id=draft_id)
        user = session.get(User, other) if other is not None else None
        name = user.display_name if user else f"user {other}"
        raise AlreadyAssigned(
            f"the draft is assigned to {name}; a lead can reassign it",
            details={"assigned_to": {"user_id": other, "name": name}},
        )
    _audit(
        session, store_id=caller.store_id, draft_id=draft_id, actor=caller.actor, action="taken", details={}
    )
    return Person(user_id=user_id, name=caller.name)


def _candidates(
    session: Session, *, store_id: str, roles: tuple[str, ...], duty: set[int] | None
) -> list[int]:
    query = (
        select(User.id)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == store_id, User.disabled_at.is_(None), User.role.in_(roles))
        .order_by(User.id)
    )
    return [uid for uid in session.scalars(query) if duty is None or uid in duty]


def _least_loaded(session: Session, *, store_id: str, people: list[int]) -> int:
    counts = dict(
        session.execute(
            select(DraftRow.assigned_to, func.count())
            .where(
                DraftRow.store_id == store_id,
                DraftRow.status.in_(OPEN_STATUSES),
                DraftRow.assigned_to.in_(people),
            )
            .group_by(DraftRow.assigned_to)
        ).all()
    )
    return min(people, key=lambda uid: (counts.get(uid, 0), uid))


def _round_robin(session: Session, *, store_id: str, people: list[int]) -> int:
    cursor = session.get(AssignmentCursor, store_id)
    if cursor is None:
        cursor = AssignmentCursor(store_id=store_id, last_user_id=None)
        session.add(cursor)
    last = cursor.last_user_id
    chosen = next((uid for uid in people if last is None or uid > last), people[0])
    cursor.last_user_id = chosen
    return chosen


def auto_assign(
    session: Session, *, row: DraftRow, mode: AssignmentMode, timezone: str, now: datetime | None = None
) -> int | None:
    """Hand a new open draft to someone on shift: agents for drafts in review, leads for escalated ones
    (anyone on shift when the store has no one of that role on duty). None: nobody to give it to."""
    if mode == "off" or row.status not in OPEN_STATUSES or row.assigned_to is not None:
        return None
    duty = on_duty(session, store_id=row.store_id, timezone=timezone, at=now or datetime.now(UTC))
    roles = ("lead", "admin") if row.status == "escalated" else ("agent",)
    people = _candidates(session, store_id=row.store_id, roles=roles, duty=duty) or _candidates(
        session, store_id=row.store_id, roles=("agent", "lead", "admin"), duty=duty
    )
    if not people:
        return None
    pick = _least_loaded if mode == "least_loaded" else _round_robin
    chosen = pick(session, store_id=row.store_id, people=people)
    row.assigned_to = chosen
    session.flush()
    _audit(
        session,
        store_id=row.store_id,
        draft_id=row.id,
        actor="auto-assign",
        action="assigned",
        details={"user_id": chosen, "mode": mode},
    )
    return chosen
