"""/v1/promises: what sent replies promised, and whether the team kept it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from drafter.api.deps import SessionDep, StoreDep
from drafter.api.errors import MAX_OFFSET, error_responses
from drafter.promises.service import PromiseView, list_promises

router = APIRouter(prefix="/v1/promises", tags=["promises"], responses=error_responses(401, 422))


class PromiseList(BaseModel):
    items: list[PromiseView]
    limit: int
    offset: int


@router.get("", response_model=PromiseList, summary="Promises of sent replies: open, due, kept, expired")
def promises(
    store_id: StoreDep,
    session: SessionDep,
    status: Literal["open", "due", "kept", "expired"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> PromiseList:
    items = list_promises(session, store_id=store_id, status=status, limit=limit, offset=offset)
    return PromiseList(items=items, limit=limit, offset=offset)
