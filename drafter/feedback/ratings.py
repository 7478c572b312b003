"""A reviewer's verdict on a draft in one key (1 good, 2 needs work, 3 wrong), with an optional reason.

Stored (draft_feedback, kind rating) and audited (action `rated`). A reason alone explains the last edit."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from drafter.errors import DraftNotFound
from drafter.persistence.audit import audit
from drafter.persistence.promise_tables import FeedbackRow
from drafter.persistence.tables import DraftRow

Rating = Literal["good", "needs_work", "wrong"]


class FeedbackIn(BaseModel):
    rating: Rating | None = Field(None, description="good | needs_work | wrong (keys 1, 2, 3 on the page)")
    reason: str | None = Field(None, min_length=1, max_length=2000, description="why it was edited or rated")

    @model_validator(mode="after")
    def _something(self) -> FeedbackIn:
        if self.rating is None and self.reason is None:
            raise ValueError("give a rating, a reason, or both")
        return self


class FeedbackOut(BaseModel):
    draft_id: str
    rating: Rating | None
    reason: str | None
    actor: str


def give_feedback(
    session: Session, *, store_id: str, draft_id: str, actor: str, feedback: FeedbackIn
) -> FeedbackOut:
    row = session.get(DraftRow, draft_id)
    if row is None or row.store_id != store_id:  # another store's draft does not exist for this caller
        raise DraftNotFound(f"no draft {draft_id}")
    if feedback.rating is None:
        # A reason alone explains the reviewer's last edit (approval records it without one).
        last = session.scalar(
            select(FeedbackRow)
            .where(FeedbackRow.draft_id == row.id, FeedbackRow.kind == "edit")
            .order_by(FeedbackRow.id.desc())
            .limit(1)
        )
        if last is not None and last.reason is None:
            last.reason = feedback.reason
        else:
            session.add(
                FeedbackRow(
                    draft_id=row.id, store_id=row.store_id, actor=actor, kind="reason", reason=feedback.reason
                )
            )
    else:
        session.add(
            FeedbackRow(
                draft_id=row.id,
                store_id=row.store_id,
                actor=actor,
                kind="rating",
                rating=feedback.rating,
                reason=feedback.reason,
            )
        )
    audit(
        session,
        row,
        actor=actor,
        action="rated" if feedback.rating else "edit_reason",
        details={"rating": feedback.rating, "reason": feedback.reason},
    )
    session.flush()
    return FeedbackOut(draft_id=row.id, rating=feedback.rating, reason=feedback.reason, actor=actor)
