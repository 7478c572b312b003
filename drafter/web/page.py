"""GET /review and its addresses (/review/drafts/{id}, /review/history, /review/metrics,
/review/kit): one HTML page that
reads the address itself, so a draft's link can be bookmarked, shared and reloaded."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"
router = APIRouter(include_in_schema=False)


def _page() -> FileResponse:
    # no-cache: a new release's page must not run against an old cached script.
    return FileResponse(
        STATIC_DIR / "index.html", media_type="text/html", headers={"Cache-Control": "no-cache"}
    )


@router.get("/review")
def review_page() -> FileResponse:
    return _page()


@router.get("/review/")
def review_page_slash() -> RedirectResponse:
    return RedirectResponse("/review", status_code=308)


@router.get("/review/drafts/{draft_id}")
def review_draft_page(draft_id: str) -> FileResponse:  # noqa: ARG001 - the page reads the id from the address
    return _page()


@router.get("/review/history")
def review_history_page() -> FileResponse:
    return _page()


@router.get("/review/metrics")
def review_metrics_page() -> FileResponse:
    return _page()


@router.get("/review/kit")
def review_kit_page() -> FileResponse:
    return _page()
