"""/v1/drafts/{id}/feedback: a reviewer's rating (good / needs work / wrong) and reason, stored and audited."""

from __future__ import annotations

from fastapi import APIRouter

from drafter.api.deps import CallerDep, SessionDep
from drafter.api.errors import error_responses
from drafter.feedback.ratings import FeedbackIn, FeedbackOut, give_feedback

router = APIRouter(prefix="/v1/drafts", tags=["drafts"], responses=error_responses(401, 404, 422))


@router.post(
    "/{draft_id}/feedback", response_model=FeedbackOut, summary="Rate a draft; say why it was edited"
)
def feedback(draft_id: str, body: FeedbackIn, caller: CallerDep, session: SessionDep) -> FeedbackOut:
    return give_feedback(
        session, store_id=caller.store_id, draft_id=draft_id, actor=caller.actor, feedback=body
    )
