"""Liveness and readiness (no API key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from drafter.api.deps import PipelineDep, SessionDep

router = APIRouter(tags=["health"])


@router.get("/health", summary="The process is up")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="The database and the vector store answer")
def ready(session: SessionDep, pipeline: PipelineDep) -> JSONResponse:
    checks: dict[str, str] = {}
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # readiness reports, it does not raise
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        # Partitions, not entries: counting entries loads every partition into memory (drafter/retrieve/faq.py).
        checks["vector_store"] = f"ok ({pipeline.faq_index.partitions()} FAQ partitions)"
    except Exception as exc:
        checks["vector_store"] = f"error: {type(exc).__name__}"
    ok = all(v.startswith("ok") for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ok else "not_ready", "checks": checks}, status_code=200 if ok else 503
    )
