"""GET /v1/autoreply/kit: the caller's store's auto-reply texts for a platform, linted, with each text's
approval state; POST /v1/autoreply/kit/approve: a person approves one text as they saw it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from drafter.api.deps import PipelineDep, SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.api.schemas import KitApprovalIn
from drafter.autoreply import AutoReplyKit, KitText, build_kit
from drafter.autoreply.approval import approve, with_approvals
from drafter.autoreply.review import add_reviewer_texts
from drafter.models import Platform
from drafter.pipeline import Pipeline

router = APIRouter(prefix="/v1/autoreply", tags=["auto-reply"], responses=error_responses(401, 422))


def _kit(pipeline: Pipeline, store_id: str, platform: Platform, languages: list[str] | None) -> AutoReplyKit:
    try:
        return build_kit(
            knowledge_dir=pipeline.settings.knowledge_dir,
            store=pipeline.store(store_id),
            platform=platform,
            languages=languages,
        )
    except KeyError as exc:
        raise HTTPException(
            422, detail={"code": "unsupported_language", "message": str(exc).strip("'\"")}
        ) from exc


@router.get(
    "/kit",
    response_model=AutoReplyKit,
    summary="Welcome message, off-hours reply and keyword answers to paste into the back office",
)
def autoreply_kit(
    store_id: StoreDep,
    pipeline: PipelineDep,
    session: SessionDep,
    platform: Platform = Platform.aliexpress,
    language: Annotated[
        list[str] | None, Query(max_length=14, description="Only these languages (ISO 639-1 codes).")
    ] = None,
    reviewer_language: Annotated[
        str | None,
        Query(pattern=r"^[a-z]{2}$", description="Show each text also in this language (for the reviewer)."),
    ] = None,
) -> AutoReplyKit:
    kit = with_approvals(session, _kit(pipeline, store_id, platform, language or None))
    if reviewer_language:
        add_reviewer_texts(
            kit,
            knowledge_dir=pipeline.settings.knowledge_dir,
            store=pipeline.store(store_id),
            language=reviewer_language,
        )
    return kit


@router.post(
    "/kit/approve",
    response_model=KitText,
    summary="Approve one kit text as shown (its text_hash); a text changed since is refused with 409",
    responses=error_responses(404, 409),
)
def approve_kit_text(
    body: KitApprovalIn, store_id: StoreDep, pipeline: PipelineDep, session: SessionDep
) -> KitText:
    kit = _kit(pipeline, store_id, body.platform, None)
    return approve(
        session,
        kit=kit,
        language=body.language,
        kind=body.kind,
        topic=body.topic,
        seen_hash=body.text_hash,
        actor=body.reviewer or f"key:{store_id}",
    )
