"""People and the stores they work for (keyword-only service functions, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drafter.persistence.team_tables import StoreMember, User
from drafter.team.errors import UserExists, UserNotFound
from drafter.team.passwords import hash_password

UserRole = Literal["agent", "lead", "admin"]


class UserView(BaseModel):
    user_id: int
    email: str
    name: str
    role: UserRole
    stores: list[str]
    created_at: AwareDatetime
    disabled_at: AwareDatetime | None = None
    notify_email: str | None = None
    notify_webhook_url: str | None = None


class NewUser(BaseModel):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=200)
    role: UserRole = "agent"
    password: str | None = Field(None, min_length=8, max_length=200, description="For the review page.")
    notify_email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    notify_webhook_url: str | None = Field(None, max_length=2000, pattern=r"^https?://")


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def view(session: Session, user: User) -> UserView:
    stores = session.scalars(
        select(StoreMember.store_id).where(StoreMember.user_id == user.id).order_by(StoreMember.store_id)
    )
    return UserView(
        user_id=user.id,
        email=user.email,
        name=user.display_name,
        role=user.role,
        stores=list(stores),
        created_at=_utc(user.created_at),
        disabled_at=_utc(user.disabled_at),
        notify_email=user.notify_email,
        notify_webhook_url=user.notify_webhook_url,
    )


def create_user(session: Session, *, new: NewUser, stores: list[str], rounds: int = 12) -> User:
    user = User(
        email=new.email.strip().lower(),
        display_name=new.name.strip(),
        role=new.role,
        password_hash=hash_password(new.password, rounds=rounds) if new.password else None,
        notify_email=new.notify_email,
        notify_webhook_url=new.notify_webhook_url,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:
        raise UserExists(f"a user with the e-mail {user.email} exists already") from None
    for store_id in sorted(set(stores)):
        session.add(StoreMember(user_id=user.id, store_id=store_id))
    session.flush()
    return user


def find_by_email(session: Session, *, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def member_of(session: Session, *, user_id: int, store_id: str) -> bool:
    return (
        session.scalar(
            select(StoreMember.id).where(StoreMember.user_id == user_id, StoreMember.store_id == store_id)
        )
        is not None
    )


def stores_of(session: Session, *, user_id: int) -> list[str]:
    return list(
        session.scalars(
            select(StoreMember.store_id).where(StoreMember.user_id == user_id).order_by(StoreMember.store_id)
        )
    )


def store_user(session: Session, *, store_id: str, user_id: int) -> User:
    """A person of this store; another store's people do not exist for the caller."""
    user = session.get(User, user_id)
    if user is None or not member_of(session, user_id=user_id, store_id=store_id):
        raise UserNotFound(f"no user {user_id} in store {store_id}")
    return user


def list_users(session: Session, *, store_id: str | None = None) -> list[User]:
    query = select(User).order_by(User.id)
    if store_id is not None:
        query = query.join(StoreMember, StoreMember.user_id == User.id).where(
            StoreMember.store_id == store_id
        )
    return list(session.scalars(query))


def disable_user(session: Session, *, user: User, at: datetime | None = None) -> User:
    """Disabled: every key and session of the person is refused from the next request on."""
    if user.disabled_at is None:
        user.disabled_at = at or datetime.now(UTC)
        session.flush()
    return user
