"""The assignee and the lock of drafts, added to what the queue and a draft's view show (one query for the
drafts of a page and one for the names)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.persistence.tables import DraftRow
from drafter.persistence.team_tables import User
from drafter.team.locks import OPEN_STATUSES
from drafter.team.models import LockInfo, Person


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def annotate(session: Session, items: Sequence[Any], now: datetime | None = None) -> None:
    """Set `assignee` ({user_id, name}) and `lock` ({user_id, name, until}, only while it holds) on each
    item (a DraftSummary or DraftView: anything with draft_id and those two fields)."""
    if not items:
        return
    now = now or datetime.now(UTC)
    ids = [item.draft_id for item in items]
    rows = {
        r.id: r
        for r in session.execute(
            select(
                DraftRow.id, DraftRow.status, DraftRow.assigned_to, DraftRow.locked_by, DraftRow.locked_until
            ).where(DraftRow.id.in_(ids))
        )
    }
    people = {r.assigned_to for r in rows.values()} | {r.locked_by for r in rows.values()}
    people.discard(None)
    names = (
        dict(session.execute(select(User.id, User.display_name).where(User.id.in_(people))).all())
        if people
        else {}
    )
    for item in items:
        row = rows.get(item.draft_id)
        if row is None:
            continue
        if row.assigned_to is not None:
            item.assignee = Person(user_id=row.assigned_to, name=names.get(row.assigned_to, ""))
        held = row.locked_by is not None and row.locked_until is not None and _utc(row.locked_until) > now
        if held and row.status in OPEN_STATUSES:  # a decided draft is nobody's to hold
            item.lock = LockInfo(
                user_id=row.locked_by, name=names.get(row.locked_by, ""), until=_utc(row.locked_until)
            )


def name_actors(session: Session, entries: Sequence[Any]) -> None:
    """Set `actor_name` on audit entries whose actor is a person (`user:<id>`)."""
    ids = {int(e.actor[5:]) for e in entries if e.actor.startswith("user:") and e.actor[5:].isdigit()}
    if not ids:
        return
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
    for entry in entries:
        if entry.actor.startswith("user:") and entry.actor[5:].isdigit():
            entry.actor_name = names.get(int(entry.actor[5:]))
