"""/v1/classify and /v1/lint: single stages, for agents' tools that need only one answer.

/v1/lint runs the one check (drafter.lint.check_reply) the pipeline, the review page's preview and
approval run: with a draft_id, against that draft's fact sheet and context, so it answers exactly
what approving the reply would."""

from __future__ import annotations

from fastapi import APIRouter

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.classify import classify
from drafter.drafts.transitions import edited_draft, get_draft, recheck
from drafter.language import detect_language
from drafter.lint import CheckContext, check_reply
from drafter.models import Classification, Draft, LintResult
from drafter.persistence.order_store import get_order
from drafter.schemas import ClassifyRequest, LintRequest

router = APIRouter(prefix="/v1", tags=["checks"], responses=error_responses(401, 422))


@router.post(
    "/classify", response_model=Classification, summary="Language, intent, confidence, risk and flags"
)
def classify_message(req: ClassifyRequest, _: StoreDep, pipeline: PipelineDep) -> Classification:
    kdir = pipeline.knowledge.root
    language = detect_language(req.text, locale=req.buyer_locale, knowledge_dir=kdir).language
    return classify(
        req.text,
        platform=req.platform,
        language=language,
        thread=req.thread,
        knowledge_dir=kdir,
        embed_threads=pipeline.settings.embed_threads,
    )


@router.post(
    "/lint",
    response_model=LintResult,
    summary="Check a reply against the platform's rule pack (and a draft's facts, given its id)",
    responses=error_responses(404),
)
def lint_reply(
    req: LintRequest, store_id: StoreDep, session: SessionDep, pipeline: PipelineDep
) -> LintResult:
    reply = req.reply()
    if req.draft_id is not None:
        row = get_draft(session, store_id=store_id, draft_id=req.draft_id)
        if isinstance(reply, Draft):
            parts = {
                "restatement": reply.restatement,
                "solution": reply.solution,
                "commitment": reply.commitment,
            }
            reply = edited_draft(row, parts)
        return recheck(pipeline, row, reply)
    order = get_order(session, store_id=store_id, order_id=req.order_id) if req.order_id else None
    context = CheckContext(
        platform=req.platform,
        knowledge_dir=pipeline.knowledge.root,
        store=pipeline.store(store_id),
        buyer_language=req.language,
        order=order,
    )
    return check_reply(reply, None, context)
