"""/v1/drafts: draft a reply, list the queue, read, edit, approve, reject, audit trail."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import object_session

from drafter.api.deps import CallerDep, PipelineDep, SessionDep, StoreDep
from drafter.api.errors import MAX_OFFSET, StoreMismatch, error_responses
from drafter.api.schemas import DraftEdit, DraftList, Rejection
from drafter.drafts import service
from drafter.drafts.follow_ups import list_follow_ups
from drafter.drafts.views import AuditEntry, DraftView
from drafter.errors import DrafterError
from drafter.models import BuyerMessage, DraftStatus, Intent, Platform, Risk, RouteName
from drafter.review.attach import with_reviewer_view
from drafter.review.history import mark_sent_by_hand, search_drafts
from drafter.team import views as team_views
from drafter.team.locks import check_unlocked

router = APIRouter(prefix="/v1/drafts", tags=["drafts"], responses=error_responses(401, 403, 404, 409, 422))


# The reviewer's own language, when it differs from the store's reviewer_language (set in the page).
ReviewerLanguage = Annotated[
    str | None, Query(pattern=r"^[a-z]{2}$", description="ISO 639-1; default: the store's")
]


def _view(row, pipeline: PipelineDep, reviewer_language: str | None = None) -> DraftView:  # noqa: ANN001
    view = with_reviewer_view(service.view(row), row, pipeline, reviewer_language)
    session = object_session(row)
    if session is not None:  # who it is assigned to and who has it open (drafter.team)
        team_views.annotate(session, [view])
    return view


@router.post(
    "",
    response_model=DraftView,
    status_code=201,
    summary="Draft a reply to a buyer message",
    responses={
        200: {
            "model": DraftView,
            "description": "A repeated message_id: the draft already made for "
            "it (header Idempotent-Replay: true)",
        }
    },
)
def create_draft(
    message: BuyerMessage, caller: CallerDep, pipeline: PipelineDep, session: SessionDep, response: Response
) -> DraftView:
    store_id = caller.store_id
    if message.store_id != store_id:
        raise StoreMismatch(f"this API key belongs to store {store_id!r}, not {message.store_id!r}")
    row, created = service.create_draft(session, pipeline=pipeline, message=message, actor=caller.actor)
    if not created:
        response.status_code = 200
        response.headers["Idempotent-Replay"] = "true"
    return _view(row, pipeline)


@router.get("", response_model=DraftList, summary="The review queue, soonest deadline first")
def list_drafts(
    caller: CallerDep,
    session: SessionDep,
    status: Annotated[list[DraftStatus] | None, Query()] = None,
    route: RouteName | None = None,
    risk: Risk | None = None,
    intent: Intent | None = None,
    language: str | None = None,
    platform: Platform | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    q: Annotated[
        str | None,
        Query(
            max_length=200, description="Search: order number, buyer name, words of the message or the reply"
        ),
    ] = None,
    sort: Annotated[
        Literal["deadline", "recent"],
        Query(description="deadline: soonest first (the queue); recent: newest message first (history)"),
    ] = "deadline",
    assignee: Annotated[
        str | None,
        Query(
            pattern=r"^(me|none|[1-9][0-9]{0,8})$",
            description="me: the drafts assigned to you; none: unassigned; a user id: that person's",
        ),
    ] = None,
    kind: Annotated[
        Literal["follow_up"] | None,
        Query(description="follow_up: only the follow-ups of promises that came due (drafter.promises)"),
    ] = None,
) -> DraftList:
    store_id = caller.store_id
    filters: dict[str, Any] = {
        k: v.value if hasattr(v, "value") else v
        for k, v in {
            "route": route,
            "risk": risk,
            "intent": intent,
            "language": language,
            "platform": platform,
        }.items()
        if v is not None
    }
    if assignee == "me":
        filters["assigned_to"] = caller.require_person()
    elif assignee == "none":
        filters["assigned_to"] = None  # compared as IS NULL: the unassigned drafts
    elif assignee is not None:
        filters["assigned_to"] = int(assignee)
    statuses = [s.value for s in status] if status else None
    if kind == "follow_up":
        items = list_follow_ups(session, store_id=store_id, statuses=statuses, limit=limit, offset=offset)
        return DraftList(items=items, limit=limit, offset=offset)
    if q or sort == "recent":
        items = search_drafts(
            session,
            store_id=store_id,
            q=q,
            statuses=statuses,
            filters=filters,
            limit=limit,
            offset=offset,
            newest_first=sort == "recent",
        )
        team_views.annotate(session, items)
        return DraftList(items=items, limit=limit, offset=offset)
    items = service.list_drafts(
        session, store_id=store_id, statuses=statuses, filters=filters, limit=limit, offset=offset
    )
    team_views.annotate(session, items)
    return DraftList(items=items, limit=limit, offset=offset)


@router.get("/{draft_id}", response_model=DraftView)
def get_draft(
    draft_id: str,
    store_id: StoreDep,
    session: SessionDep,
    pipeline: PipelineDep,
    reviewer_language: ReviewerLanguage = None,
) -> DraftView:
    return _view(
        service.get_draft(session, store_id=store_id, draft_id=draft_id), pipeline, reviewer_language
    )


@router.patch("/{draft_id}", response_model=DraftView, summary="Edit the reply; it is linted again")
def edit_draft(
    draft_id: str, edit: DraftEdit, caller: CallerDep, session: SessionDep, pipeline: PipelineDep
) -> DraftView:
    check_unlocked(session, caller=caller, draft_id=draft_id, action="edit")
    row = service.edit_draft(
        session,
        pipeline=pipeline,
        store_id=caller.store_id,
        draft_id=draft_id,
        parts=edit.parts(),
        actor=caller.actor,
    )
    return _view(row, pipeline)


@router.post(
    "/{draft_id}/approve",
    response_model=DraftView,
    summary="Approve (optionally with edits); refused while a blocking rule fires",
)
def approve_draft(
    draft_id: str,
    caller: CallerDep,
    session: SessionDep,
    pipeline: PipelineDep,
    edit: DraftEdit | None = None,
) -> DraftView:
    check_unlocked(session, caller=caller, draft_id=draft_id, action="approve")
    try:
        row = service.approve_draft(
            session,
            pipeline=pipeline,
            store_id=caller.store_id,
            draft_id=draft_id,
            actor=caller.actor,
            parts=edit.parts() if edit else None,
        )
    except DrafterError:
        session.commit()  # keep the audit record of the refused approval
        raise
    return _view(row, pipeline)


@router.post("/{draft_id}/reject", response_model=DraftView)
def reject_draft(
    draft_id: str, rejection: Rejection, caller: CallerDep, session: SessionDep, pipeline: PipelineDep
) -> DraftView:
    check_unlocked(session, caller=caller, draft_id=draft_id, action="reject")
    row = service.reject_draft(
        session, store_id=caller.store_id, draft_id=draft_id, actor=caller.actor, reason=rejection.reason
    )
    return _view(row, pipeline)


@router.post(
    "/{draft_id}/mark-sent",
    response_model=DraftView,
    summary="A store without a webhook sent the approved reply itself: approved -> sent",
)
def mark_sent(draft_id: str, caller: CallerDep, session: SessionDep, pipeline: PipelineDep) -> DraftView:
    row = mark_sent_by_hand(
        session,
        store=pipeline.store(caller.store_id),
        settings=pipeline.settings,
        draft_id=draft_id,
        actor=caller.actor,
    )
    return _view(row, pipeline)


@router.get("/{draft_id}/audit", response_model=list[AuditEntry])
def audit(draft_id: str, store_id: StoreDep, session: SessionDep) -> list[AuditEntry]:
    entries = service.audit_trail(session, store_id=store_id, draft_id=draft_id)
    team_views.name_actors(session, entries)
    return entries
