"""The audit trail: one row per thing that happened to a draft, in the transaction that did it. Both the
draft's status machine (drafter.drafts) and the outbox (delivered, dead-lettered) write to it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from drafter.persistence.tables import AuditEvent, DraftRow


def audit(
    session: Session, row: DraftRow, *, actor: str, action: str, details: dict[str, Any] | None = None
) -> None:
    session.add(
        AuditEvent(draft_id=row.id, store_id=row.store_id, actor=actor, action=action, details=details or {})
    )
