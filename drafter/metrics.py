"""Prometheus metrics, counted where the events happen. Each process (API replica, worker) keeps its own;
Prometheus scrapes every one (GET /metrics on a replica, DRAFTER_WORKER_METRICS_PORT on a worker)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from drafter.models import PipelineResult, Severity

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_REQUESTS = Counter(
    "drafter_http_requests_total", "HTTP requests answered.", ["method", "path", "status"]
)
HTTP_LATENCY = Histogram(
    "drafter_http_request_seconds", "HTTP request latency.", ["method", "path"], buckets=LATENCY_BUCKETS
)
DRAFTS = Counter("drafter_drafts_total", "Drafts created, by route and composer.", ["route", "composer"])
DUPLICATES = Counter("drafter_duplicate_messages_total", "Messages whose message_id already had a draft.")
LINT_BLOCKS = Counter(
    "drafter_lint_blocks_total", "Blocking lint violations in new drafts, by rule.", ["rule"]
)
LLM_FALLBACKS = Counter(
    "drafter_llm_fallbacks_total", "Drafts composed by the template fallback.", ["reason"]
)
PIPELINE_LATENCY = Histogram(
    "drafter_pipeline_stage_seconds", "Time per pipeline stage.", ["stage"], buckets=LATENCY_BUCKETS
)
SYSTEM_NOTICES = Counter(
    "drafter_system_notices_total", "Platform system notices found in store mailboxes.", ["platform", "kind"]
)
BATCH_ITEMS = Counter("drafter_worker_items_total", "Batch items finished by the workers.", ["outcome"])


def observe_draft(result: PipelineResult) -> None:
    """One new draft: its route, blocking rules, fallback and stage timings."""
    DRAFTS.labels(result.route.route.value, result.draft.composer or "unknown").inc()
    for violation in result.lint.violations:
        if violation.severity == Severity.block:
            LINT_BLOCKS.labels(violation.rule_id).inc()
    if result.draft.fallback_reason:
        LLM_FALLBACKS.labels(result.draft.fallback_reason).inc()
    for timing in result.timings:
        PIPELINE_LATENCY.labels(timing.stage).observe(timing.ms / 1000)
