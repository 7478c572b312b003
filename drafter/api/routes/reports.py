"""/v1/reports/sla: share answered within the platform deadline per platform, person and week."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from drafter.api.deps import SessionDep, StoreDep
from drafter.api.errors import error_responses
from drafter.reports.sla import SlaReport, sla_report

router = APIRouter(prefix="/v1/reports", tags=["reports"], responses=error_responses(401, 422))


@router.get("/sla", response_model=SlaReport, summary="Answered within the deadline; first-response times")
def sla(store_id: StoreDep, session: SessionDep, days: Annotated[int, Query(ge=1, le=366)] = 30) -> SlaReport:
    return sla_report(session, store_id=store_id, days=days)
