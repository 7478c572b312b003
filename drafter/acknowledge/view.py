"""The acknowledgement as the draft's API view shows it: its text, the promised time, when it went out."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.outbox.payload import ACKNOWLEDGEMENT
from drafter.persistence.tables import OutboxRow
from drafter.timeutil import as_utc


class AcknowledgementView(BaseModel):
    text: str
    promised_by: AwareDatetime = Field(description="When a person will answer, in the buyer's time zone.")
    sent_at: AwareDatetime | None = Field(None, description="When it was delivered; null while queued.")
    status: str = Field(description="The outbox row's status: pending | sent | dead | cancelled.")


def acknowledgement_of(session: Session | None, draft_id: str) -> AcknowledgementView | None:
    if session is None:
        return None
    row = session.scalar(
        select(OutboxRow).where(OutboxRow.draft_id == draft_id, OutboxRow.kind == ACKNOWLEDGEMENT)
    )
    if row is None:
        return None
    sent_at: datetime | None = as_utc(row.sent_at) if row.sent_at else None
    return AcknowledgementView(
        text=row.payload.get("text", ""),
        promised_by=row.payload["promised_by"],
        sent_at=sent_at,
        status=row.status,
    )
