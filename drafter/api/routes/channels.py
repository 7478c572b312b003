"""/v1/channels/{store_id}/{name}/webhook: where a helpdesk (Chatwoot) pushes new messages. No API key: the
helpdesk cannot send one; the request is authenticated by the channel's webhook signature instead."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from drafter.api.deps import PipelineDep, SessionDep
from drafter.api.errors import error_responses
from drafter.intake.webhooks import receive_chatwoot

router = APIRouter(prefix="/v1/channels", tags=["channels"], responses=error_responses(401, 404, 422))


@router.post("/{store_id}/{name}/webhook", summary="Receive a helpdesk webhook (signed) and draft a reply")
async def channel_webhook(
    store_id: str, name: str, request: Request, pipeline: PipelineDep, session: SessionDep
) -> dict:
    body = await request.body()
    settings = request.app.state.settings
    return await run_in_threadpool(
        receive_chatwoot,
        session,
        settings=settings,
        pipeline=pipeline,
        store_id=store_id,
        name=name,
        headers=dict(request.headers),
        body=body,
    )
