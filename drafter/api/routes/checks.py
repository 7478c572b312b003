"""/v1/classify and /v1/lint: single stages, for agents' tools that need only one answer.

/v1/lint runs the one check (drafter.lint.check_reply) the pipeline, the review page's preview and
approval run: with a draft_id, against that draft's fact sheet and context, so it answers exactly
what approving the reply would."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, model_validator

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.classify import classify
from drafter.drafts.transitions import edited_draft, get_draft, recheck
from drafter.language import detect_language
from drafter.lint import CheckContext, check_reply
from drafter.models import Classification, Draft, LintResult, MessageText, Platform, ThreadMessage
from drafter.persistence.orders import get_order

router = APIRouter(prefix="/v1", tags=["checks"], responses=error_responses(401, 422))


class _Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText


class ClassifyRequest(_Text):
    platform: Platform
    buyer_locale: str | None = Field(None, max_length=35)
    thread: list[ThreadMessage] = Field(default_factory=list, max_length=50)


class ReplyParts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    restatement: str = Field(max_length=4000)
    solution: str = Field(max_length=4000)
    commitment: str = Field(max_length=4000)


def _joined(parts: ReplyParts) -> str:
    return Draft.join(parts.restatement, parts.solution, parts.commitment)


class LintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: MessageText | None = Field(None, description="The reply; optional when `parts` are given.")
    parts: ReplyParts | None = Field(
        None, description="The reply as its three parts (the text is their join): the part rules apply too."
    )
    platform: Platform
    language: str | None = Field(None, description="The buyer's language, when known (ISO 639-1).")
    order_id: str | None = Field(
        None, description="Lets order and tracking numbers be told from phone numbers."
    )
    draft_id: str | None = Field(
        None,
        description="Check the reply as an edit of this draft: against the facts it was written from, "
        "exactly as approving it would (platform, language and order come from the draft).",
    )

    @model_validator(mode="after")
    def _text_or_parts(self) -> LintRequest:
        if self.parts is None and self.text is None:
            raise ValueError("send the reply as `text` or as `parts`")
        if self.parts is not None and self.text is not None and self.text != _joined(self.parts):
            raise ValueError("`text` must be the join of `parts` (or leave it out)")
        return self

    def reply(self) -> Draft | str:
        """The reply to check: a draft when its parts are known, else the free text."""
        if self.parts is None:
            assert self.text is not None
            return self.text
        p = self.parts
        return Draft(
            restatement=p.restatement,
            solution=p.solution,
            commitment=p.commitment,
            text=_joined(p),
            language=self.language or "",
            composer="human",
        )


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
