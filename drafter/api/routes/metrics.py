"""GET /metrics (Prometheus text format, no API key) and the request counter/latency middleware.

Queue depth is read when Prometheus scrapes: messages waiting in the broker, and batch items by status
in the database (the same numbers on every replica, so alert on max(), not sum())."""

from __future__ import annotations

import logging
import time

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from drafter.config import Settings
from drafter.metrics import HTTP_LATENCY, HTTP_REQUESTS
from drafter.persistence.db import session_scope
from drafter.persistence.tables import BatchItem

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class QueueCollector(Collector):
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @staticmethod
    def _families() -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
        return (
            GaugeMetricFamily("drafter_queue_depth", "Tasks waiting in the broker (chunks of batch items)."),
            GaugeMetricFamily(
                "drafter_batch_items", "Batch items in the database, by status.", labels=["status"]
            ),
        )

    def describe(self):  # noqa: ANN201  (names only: registering must not query Redis or the database)
        yield from self._families()

    def collect(self):  # noqa: ANN201
        broker, items = self._families()
        try:
            # local: start-up time (Celery loads only when a queue is configured)
            from drafter.workers.app import queue_depth

            broker.add_metric([], queue_depth(self.settings))
        except Exception as exc:  # a scrape reports what it can; Redis down shows as a missing series
            log.debug("queue depth unavailable: %s", exc)
        try:
            with session_scope(self.settings.resolved_database_url) as session:
                counts = dict(
                    session.execute(select(BatchItem.status, func.count()).group_by(BatchItem.status)).all()
                )
            for status in ("queued", "done", "failed"):
                items.add_metric([status], counts.get(status, 0))
        except Exception as exc:
            log.debug("batch item counts unavailable: %s", exc)
        yield broker
        yield items


_collector: QueueCollector | None = None


@router.get(
    "/metrics",
    summary="Prometheus metrics of this process",
    include_in_schema=True,
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


def instrument(app: FastAPI, settings: Settings) -> None:
    """Add /metrics and count every request by its route template (never the raw path: ids would explode)."""
    global _collector
    if _collector is None:  # one per process, even when tests build several apps
        _collector = QueueCollector(settings)
        REGISTRY.register(_collector)
    else:
        _collector.settings = settings

    @app.middleware("http")
    async def _count(request: Request, call_next):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route = request.scope.get("route")
            path = getattr(route, "path", "unmatched")
            HTTP_REQUESTS.labels(request.method, path, str(status)).inc()
            HTTP_LATENCY.labels(request.method, path).observe(time.perf_counter() - start)

    app.include_router(router)
