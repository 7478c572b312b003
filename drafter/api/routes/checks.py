"""/v1/classify and /v1/lint: single stages, for agents' tools that need only one answer."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.classify import classify
from drafter.language import detect_language
from drafter.lint import LintContext, lint_text
from drafter.models import Classification, LintResult, MessageText, Platform, ThreadMessage
from drafter.persistence.orders import get_order

router = APIRouter(prefix="/v1", tags=["checks"], responses=error_responses(401, 422))


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText


class ClassifyRequest(_Text):
    platform: Platform
    buyer_locale: str | None = Field(None, max_length=35)
    thread: list[ThreadMessage] = Field(default_factory=list, max_length=50)


class LintRequest(_Text):
    platform: Platform
    language: str | None = Field(None, description="The buyer's language, when known (ISO 639-1).")
    order_id: str | None = Field(
        None, description="Lets order and tracking numbers be told from phone numbers."
    )


@router.post(
    "/classify", response_model=Classification, summary="Language, intent, confidence, risk and flags"
)
def classify_message(req: ClassifyRequest, _: StoreDep) -> Classification:
    # As the pipeline does: the platform is a weak prior on texts too short to tell.
    language = detect_language(req.text, locale=req.buyer_locale, platform=req.platform.value).language
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
