"""GET /review: the reviewer's page (one HTML file; the key stays in the browser's session storage)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"
router = APIRouter(include_in_schema=False)


@router.get("/review")
def review_page() -> FileResponse:
    # no-cache: a new release's page must not run against an old cached script.
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers={"Cache-Control": "no-cache"})


@router.get("/review/")
def review_page_slash() -> RedirectResponse:
    return RedirectResponse("/review", status_code=308)
