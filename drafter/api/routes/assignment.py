"""/v1/drafts/{id}/assign, /take, /lock: who works on a draft, and who has it open right now."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from drafter.api.deps import CallerDep, SessionDep, SettingsDep
from drafter.api.errors import error_responses
from drafter.team import assign, locks
from drafter.team.models import LockInfo, Person

router = APIRouter(prefix="/v1/drafts", tags=["team"], responses=error_responses(401, 403, 404, 409, 422))


class Assignment(BaseModel):
    user_id: int | None = Field(ge=1, le=2**31 - 1, description="A person of the store; null to unassign.")


class AssignmentOut(BaseModel):
    draft_id: str
    assignee: Person | None


class TakeOut(AssignmentOut):
    lock: LockInfo


@router.post(
    "/{draft_id}/assign",
    response_model=AssignmentOut,
    summary="Assign the draft to a person of the store, or unassign it (leads, admins, the store key)",
)
def assign_draft(draft_id: str, body: Assignment, caller: CallerDep, session: SessionDep) -> AssignmentOut:
    person = assign.assign(session, caller=caller, draft_id=draft_id, user_id=body.user_id)
    return AssignmentOut(draft_id=draft_id, assignee=person)


@router.post(
    "/{draft_id}/take",
    response_model=TakeOut,
    summary="Take the draft: assigned to you, and opened (locked) for you; 409 already_assigned when it "
    "is someone else's",
)
def take_draft(draft_id: str, caller: CallerDep, session: SessionDep, settings: SettingsDep) -> TakeOut:
    person = assign.take(session, caller=caller, draft_id=draft_id)
    lock = locks.acquire(
        session, caller=caller, draft_id=draft_id, ttl=timedelta(seconds=settings.lock_ttl_s)
    )
    return TakeOut(draft_id=draft_id, assignee=person, lock=lock)


@router.post(
    "/{draft_id}/lock",
    response_model=LockInfo,
    summary="Open the draft for yourself (a soft lock for lock_ttl_s, 5 minutes by default; call again to "
    "renew it). While it holds, approve, edit and reject by others get 409 draft_locked",
)
def lock_draft(draft_id: str, caller: CallerDep, session: SessionDep, settings: SettingsDep) -> LockInfo:
    return locks.acquire(
        session, caller=caller, draft_id=draft_id, ttl=timedelta(seconds=settings.lock_ttl_s)
    )


@router.delete(
    "/{draft_id}/lock",
    status_code=204,
    summary="Let go of the draft (its holder, or a lead freeing a draft someone left open)",
)
def unlock_draft(draft_id: str, caller: CallerDep, session: SessionDep) -> Response:
    locks.release(session, caller=caller, draft_id=draft_id)
    return Response(status_code=204)
