"""Where to reach people, for alerts (drafter.notify calls these): the person a draft is assigned to, and a
store's leads. Disabled people are nobody's contact."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.persistence.tables import DraftRow
from drafter.persistence.team_tables import StoreMember, User


class Contact(BaseModel):
    user_id: int
    name: str
    email: str | None = None
    webhook_url: str | None = None


def contact(user: User) -> Contact:
    return Contact(
        user_id=user.id,
        name=user.display_name,
        email=user.notify_email or user.email,
        webhook_url=user.notify_webhook_url,
    )


def assignee_contact(session: Session, *, draft_id: str) -> Contact | None:
    """The draft's assignee, when it has one who still works for the draft's store."""
    row = session.execute(
        select(DraftRow.assigned_to, DraftRow.store_id).where(DraftRow.id == draft_id)
    ).first()
    if row is None or row.assigned_to is None:
        return None
    user = session.scalar(
        select(User)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(User.id == row.assigned_to, StoreMember.store_id == row.store_id, User.disabled_at.is_(None))
    )
    return contact(user) if user else None


def leads_of(session: Session, *, store_id: str) -> list[Contact]:
    """The store's leads and admins (who hear about what nobody is assigned to)."""
    users = session.scalars(
        select(User)
        .join(StoreMember, StoreMember.user_id == User.id)
        .where(StoreMember.store_id == store_id, User.disabled_at.is_(None), User.role.in_(("lead", "admin")))
        .order_by(User.id)
    )
    return [contact(u) for u in users]
