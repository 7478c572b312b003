"""The draft's audit trail, written directly: this package is imported by drafts/ and outbox/, so it
imports neither (no package cycle)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from drafter.persistence.tables import AuditEvent, DraftRow


def note(session: Session, row: DraftRow, *, actor: str, action: str, details: dict[str, Any]) -> None:
    session.add(
        AuditEvent(draft_id=row.id, store_id=row.store_id, actor=actor, action=action, details=details)
    )
