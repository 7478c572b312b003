"""/v1/review: what the reviewer's page needs beyond /v1/drafts: who is signed in, a lint preview of
unsaved edits (the same lint as approval), first-response metrics. The page itself is drafter.web."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.api.schemas import LintPreview, Me, PartsIn
from drafter.drafts import service
from drafter.drafts.transitions import edited_draft, recheck
from drafter.models import SUPPORTED_LANGUAGES, DraftStatus, Intent, Platform, Risk
from drafter.reports.first_response import FirstResponseReport, first_response_report
from drafter.review.history import delivers_automatically
from drafter.review.labels import reviewer_languages

router = APIRouter(prefix="/v1/review", tags=["review"], responses=error_responses(401, 404, 422))


@router.get("/me", response_model=Me, summary="The signed-in store and the values the filters offer")
def me(store_id: StoreDep, pipeline: PipelineDep) -> Me:
    store = pipeline.store(store_id)
    return Me(
        store_id=store_id,
        name=store.name or store_id,
        timezone=store.timezone,
        reviewer_language=store.reviewer_language,
        reviewer_languages=reviewer_languages(pipeline.settings.knowledge_dir),
        delivery="webhook" if delivers_automatically(store, pipeline.settings) else "by_hand",
        platforms=[p.value for p in Platform],
        intents=[i.value for i in Intent],
        risks=[r.value for r in Risk],
        languages=list(SUPPORTED_LANGUAGES),
        statuses=[s.value for s in DraftStatus],
    )


@router.post(
    "/drafts/{draft_id}/lint",
    response_model=LintPreview,
    summary="Lint unsaved edits of a draft exactly as approval would, without saving them",
)
def lint_preview(
    draft_id: str, parts: PartsIn, store_id: StoreDep, session: SessionDep, pipeline: PipelineDep
) -> LintPreview:
    row = service.get_draft(session, store_id=store_id, draft_id=draft_id)
    draft = edited_draft(row, parts.model_dump())
    return LintPreview(text=draft.text, lint=recheck(pipeline, row, draft))


@router.get("/metrics", response_model=FirstResponseReport, summary="First-response times per platform")
def metrics(
    store_id: StoreDep, session: SessionDep, days: Annotated[int, Query(ge=1, le=366)] = 30
) -> FirstResponseReport:
    return first_response_report(session, store_id=store_id, days=days)
