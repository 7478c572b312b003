"""What the outbox delivers for a draft, and how a reply is queued. The outbox owns this shape: the
webhook receives it under `reply` (delivery.envelope), a channel reads its text and order from it, and
the worker checks that the draft's stored text is still the queued text before sending."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from drafter.persistence.tables import DraftRow, OutboxRow

REPLY, ACKNOWLEDGEMENT = "reply", "acknowledgement"  # outbox.kind: at most one row of each per draft


class ReplyPayload(BaseModel):
    """Public to webhook receivers: add fields, never rename."""

    draft_id: str
    store_id: str
    platform: str
    message_id: str | None
    order_id: str | None
    language: str
    text: str


def reply_payload(row: DraftRow) -> dict[str, Any]:
    """The row's text as just written, i.e. exactly the text that was linted clean."""
    return ReplyPayload(
        draft_id=row.id,
        store_id=row.store_id,
        platform=row.platform,
        message_id=row.message_id,
        order_id=row.order_id,
        language=row.language,
        text=row.text,
    ).model_dump(mode="json")


def enqueue(session: Session, row: DraftRow) -> None:
    """Queue the reply in the caller's transaction (the approval's): no loss, no double."""
    session.add(
        OutboxRow(
            draft_id=row.id,
            store_id=row.store_id,
            idempotency_key=f"draft-{row.id}",
            payload=reply_payload(row),
        )
    )


class AcknowledgementPayload(ReplyPayload):
    """An acknowledgement sent while the draft waits for a person (drafter/acknowledge)."""

    kind: Literal["acknowledgement"] = "acknowledgement"
    promised_by: str  # ISO time, in the buyer's zone, by which a person will answer


def enqueue_acknowledgement(
    session: Session, row: DraftRow, *, language: str, text: str, promised_by: str
) -> None:
    """Queue the buyer's acknowledgement in the caller's transaction (the draft's creation)."""
    payload = AcknowledgementPayload(
        draft_id=row.id,
        store_id=row.store_id,
        platform=row.platform,
        message_id=row.message_id,
        order_id=row.order_id,
        language=language,
        text=text,
        promised_by=promised_by,
    )
    session.add(
        OutboxRow(
            draft_id=row.id,
            store_id=row.store_id,
            kind=ACKNOWLEDGEMENT,
            idempotency_key=f"ack-{row.id}",
            payload=payload.model_dump(mode="json"),
        )
    )
