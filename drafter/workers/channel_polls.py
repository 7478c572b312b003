"""Channel polling on the worker queue. Celery beat runs poll_due every channel_tick_s; it queues one
poll task per channel that is due, so a slow or unreachable channel holds up only its own task.

The task names keep their first spelling (drafter.channels.*): queued tasks and beat schedules name them."""

from __future__ import annotations

from drafter.config import get_settings
from drafter.intake.poll import due_channels, poll_channel, utc_now
from drafter.persistence.db import session_scope
from drafter.workers.app import app
from drafter.workers.tasks import TRANSIENT, worker_pipeline


@app.task(name="drafter.channels.poll_due", acks_late=True, ignore_result=True)
def poll_due() -> int:
    settings = get_settings()
    with session_scope(settings.resolved_database_url) as session:
        ids = due_channels(session, now=utc_now())
    for channel_id in ids:
        poll.delay(channel_id)
    return len(ids)


@app.task(
    name="drafter.channels.poll",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=10,
)
def poll(channel_id: int) -> dict:
    settings = get_settings()
    counts = poll_channel(settings, worker_pipeline(settings), channel_id)
    if counts.get("more") and any(counts.get(k) for k in ("drafted", "skipped", "failed")):
        # the fetch limit cut the batch short: carry on at once
        poll.delay(channel_id)
    return counts
