"""The reviewer's page: static HTML/JS/CSS served by the API app, speaking to the JSON API (its routes,
/v1/review among them, live in drafter.api.routes; this package imports nothing from drafter.api)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from drafter.web.page import STATIC_DIR
from drafter.web.page import router as page


def install(app: FastAPI) -> None:
    """Add the page and its static files to the app."""
    app.include_router(page)
    app.mount("/review/static", StaticFiles(directory=STATIC_DIR), name="review-static")
