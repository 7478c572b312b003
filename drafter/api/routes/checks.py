"""/v1/classify and /v1/lint: single stages, for agents' tools that need only one answer."""

from __future__ import annotations

from fastapi import APIRouter

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.classify import classify
from drafter.language import detect_language
from drafter.lint import LintContext, lint_text
from drafter.models import Classification, LintResult
from drafter.persistence.order_store import get_order
from drafter.schemas import ClassifyRequest, LintRequest

router = APIRouter(prefix="/v1", tags=["checks"], responses=error_responses(401, 422))


@router.post(
    "/classify", response_model=Classification, summary="Language, intent, confidence, risk and flags"
)
def classify_message(req: ClassifyRequest, _: StoreDep) -> Classification:
    language = detect_language(req.text, locale=req.buyer_locale).language
    return classify(req.text, platform=req.platform, language=language, thread=req.thread)


@router.post("/lint", response_model=LintResult, summary="Lint a reply against the platform's rule pack")
def lint_reply(
    req: LintRequest, store_id: StoreDep, session: SessionDep, pipeline: PipelineDep
) -> LintResult:
    order = get_order(session, store_id=store_id, order_id=req.order_id) if req.order_id else None
    context = LintContext(buyer_language=req.language, order=order)
    return lint_text(
        req.text,
        platform=req.platform,
        language=req.language,
        context=context,
        store=pipeline.store(store_id),
    )
