"""The one call draft creation makes: decide on an acknowledgement for the new draft and, when it is
due, queue it in the outbox (kind 'acknowledgement', in the same transaction as the draft) and say so
in the draft's audit trail. Delivery is the outbox's: the same webhook and channel path as replies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from drafter.acknowledge.decide import decide, wanted
from drafter.models import DraftStatus, PipelineResult, StoreProfile
from drafter.outbox.payload import enqueue_acknowledgement
from drafter.persistence.audit import audit
from drafter.persistence.tables import DraftRow

OPEN_STATUSES = (DraftStatus.pending_review.value, DraftStatus.escalated.value)


def open_drafts(session: Session, store_id: str) -> int:
    """The store's queue: drafts waiting for a person (this one included)."""
    query = select(func.count()).where(DraftRow.store_id == store_id, DraftRow.status.in_(OPEN_STATUSES))
    return int(session.scalar(query) or 0)


def acknowledge_new_draft(
    session: Session, *, row: DraftRow, result: PipelineResult, store: StoreProfile, knowledge_dir: Path
) -> bool:
    """Queue the acknowledgement of a just-created draft when one is due. Returns whether it was queued."""
    if not wanted(store):
        return False
    queue = open_drafts(session, store.store_id) if store.acknowledge_queue_over is not None else None
    decision = decide(store=store, result=result, open_drafts=queue, knowledge_dir=knowledge_dir)
    if decision is None:
        return False
    ack = decision.acknowledgement
    details: dict[str, Any] = {"why": decision.why}
    if ack is not None:
        details.update(text=ack.text, promised_by=ack.promised_by.isoformat(), lint_ok=ack.lint.ok)
    if not decision.send or ack is None:
        audit(session, row, actor="acknowledge", action="acknowledgement_withheld", details=details)
        return False
    enqueue_acknowledgement(
        session, row, language=ack.language, text=ack.text, promised_by=ack.promised_by.isoformat()
    )
    audit(session, row, actor="acknowledge", action="acknowledgement_queued", details=details)
    return True
