"""The outbox's side of a draft's status: approved -> sent once a delivery is confirmed, and the audit
entry when a delivery is dead-lettered. Called in the outbox worker's own transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from drafter.models import DraftStatus
from drafter.persistence.audit import audit
from drafter.persistence.tables import DraftRow
from drafter.promises.track import on_reply_sent


def mark_sent(
    session: Session,
    *,
    draft_id: str,
    at: datetime,
    details: dict[str, Any] | None = None,
    knowledge_dir: Path | None = None,
) -> bool:
    """The outbox delivered the reply: approved -> sent, compare-and-set like every other change of a
    draft (called in the outbox's own transaction). False when the draft is not approved (nothing changed):
    the reply reached the receiver anyway, so the caller records the delivery regardless."""
    row = session.get(DraftRow, draft_id)
    if row is None or row.status != DraftStatus.approved.value:
        return False
    row.status, row.sent_at = DraftStatus.sent.value, at
    session.flush()
    audit(session, row, actor="outbox", action="sent", details=details)
    on_reply_sent(session, row, at=at, knowledge_dir=knowledge_dir)  # a promise (drafter.promises)
    session.flush()
    return True


def mark_delivery_dead(session: Session, *, draft_id: str, details: dict[str, Any] | None = None) -> None:
    """The outbox gave up on a reply (dead-letter); the draft stays approved and the trail says why."""
    row = session.get(DraftRow, draft_id)
    if row is not None:
        audit(session, row, actor="outbox", action="delivery_dead", details=details)
        session.flush()
