"""The FastAPI application: settings and pipeline on app.state, routes, error handlers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from threadpoolctl import threadpool_limits

from drafter import __version__
from drafter.api.admission import AdmissionLimit
from drafter.api.docs import install as install_docs
from drafter.api.errors import install_error_handlers
from drafter.api.guard import RejectControlCharacters
from drafter.api.routes import (
    assignment,
    auth,
    autoreply,
    batches,
    channels,
    checks,
    drafts,
    feedback,
    health,
    metrics,
    notices,
    promises,
    reports,
    review,
    team,
)
from drafter.config import Settings, get_settings
from drafter.models import BuyerMessage
from drafter.pipeline import Pipeline
from drafter.review.demo import load_demo_drafts
from drafter.web import install as install_review_page
from drafter.wiring import build_pipeline

DESCRIPTION = """Drafter drafts replies to buyer messages for marketplace sellers: it classifies each message,
pulls the order and FAQ facts, writes a three-part reply in the buyer's language, lints it against the
platform's messaging rules and routes it (auto-send, review or escalate).

Every endpoint except `/health`, `/ready` and the docs needs `Authorization: Bearer <API key>` (a store's
key, or a person's personal key), or the review page's session cookie (`POST /v1/auth/login`; changes made
with the cookie also send the `X-CSRF-Token` it returned). Audit events name the person who acted
(`user:<id>`) or the store key (`key:<store>`)."""


def limit_blas_threads() -> None:
    """One BLAS thread per process: requests already run side by side (threads, worker processes), and a
    BLAS pool of its own per call only makes them fight over the same cores (the encoder limits itself
    the same way while it encodes)."""
    threadpool_limits(limits=1, user_api="blas")


def warm_up(pipeline: Pipeline) -> None:
    """Load the encoder and classifier before the first request instead of during it."""
    pipeline.run(BuyerMessage(platform="amazon", store_id="__warmup__", text="Where is my order?"))


def inflight_per_process(workers: int) -> int:
    """The cores shared among the worker processes: one CPU-bound draft per core in the whole server,
    so two processes on two cores do not run four drafts that take turns on them."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        limit_blas_threads()
        app.state.pipeline = build_pipeline(settings)
        warm_up(app.state.pipeline)
        load_demo_drafts(app.state.pipeline)
        yield

    # The docs pages are installed from packaged files (drafter.api.docs), not FastAPI's CDN defaults.
    app = FastAPI(
        title="Drafter",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(RejectControlCharacters)
    app.include_router(health.router)
    app.include_router(drafts.router)
    app.include_router(checks.router)
    app.include_router(batches.router)
    app.include_router(channels.router)
    app.include_router(notices.router)
    app.include_router(autoreply.router)
    app.include_router(auth.router)
    app.include_router(team.router)
    app.include_router(assignment.router)
    app.include_router(review.router)
    app.include_router(promises.router)
    app.include_router(reports.router)
    app.include_router(feedback.router)
    install_review_page(app)
    install_docs(app)
    # Inside the metrics middleware, so the 503s it answers are counted too.
    app.add_middleware(
        AdmissionLimit,
        max_inflight=settings.api_max_inflight or inflight_per_process(settings.workers),
        max_wait_s=settings.api_max_wait_s,
        max_queued=settings.api_max_queued,
    )
    metrics.instrument(app, settings)
    return app
