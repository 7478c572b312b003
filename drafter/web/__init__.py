"""The reviewer's page: static HTML/JS/CSS served by the API app, speaking to the JSON API."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Add the page, its static files and the review API (/v1/review) to the app."""
    from fastapi.staticfiles import StaticFiles

    from drafter.web.api import router as review_api
    from drafter.web.page import STATIC_DIR
    from drafter.web.page import router as page

    app.include_router(review_api)
    app.include_router(page)
    app.mount("/review/static", StaticFiles(directory=STATIC_DIR), name="review-static")
