"""The team sweep on the worker queue: celery beat runs it every team_sweep_s (drafter/workers/app.py).
Promises that came due get their follow-up drafted, then the alerts go out. Both are idempotent (unique
follow-up per promise, unique dedup key per alert), so a beat that fires twice, or two workers, is harmless."""

from __future__ import annotations

from drafter.config import get_settings
from drafter.drafts.follow_ups import run_due
from drafter.notify.sweep import run_sweep
from drafter.workers.app import app
from drafter.workers.tasks import worker_pipeline


@app.task(name="drafter.team.sweep", acks_late=True, ignore_result=True)
def team_sweep() -> dict:
    settings = get_settings()
    promises = run_due(worker_pipeline(settings))
    alerts = run_sweep(settings)
    return {"promises": promises, "alerts": alerts}
