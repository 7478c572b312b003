"""GET /v1/autoreply/kit: the caller's store's auto-reply texts for a platform, linted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from drafter.api.deps import PipelineDep, StoreDep
from drafter.api.errors import error_responses
from drafter.autoreply import AutoReplyKit, build_kit
from drafter.models import Platform

router = APIRouter(prefix="/v1/autoreply", tags=["auto-reply"], responses=error_responses(401, 422))


@router.get(
    "/kit",
    response_model=AutoReplyKit,
    summary="Welcome message, off-hours reply and keyword answers to paste into the back office",
)
def autoreply_kit(
    store_id: StoreDep,
    pipeline: PipelineDep,
    platform: Platform = Platform.aliexpress,
    language: Annotated[
        list[str] | None, Query(max_length=14, description="Only these languages (ISO 639-1 codes).")
    ] = None,
) -> AutoReplyKit:
    try:
        return build_kit(
            knowledge_dir=pipeline.settings.knowledge_dir,
            store=pipeline.store(store_id),
            platform=platform,
            languages=language or None,
        )
    except KeyError as exc:
        raise HTTPException(
            422, detail={"code": "unsupported_language", "message": str(exc).strip("'\"")}
        ) from exc
