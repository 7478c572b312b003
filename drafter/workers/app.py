"""The Celery application. Configured from Settings when a worker or a producer first needs it.

Delivery guarantees, and why:
- task_acks_late: a message is acknowledged only after its task returned, so a worker killed mid-task
  leaves it unacknowledged; Redis hands it out again once `visibility_timeout` has passed.
- task_reject_on_worker_lost: with the prefork pool, a child that dies mid-task puts the message back at once.
- Writes are idempotent (the unique (store_id, message_id) constraint, item status checked first), so a
  message delivered twice still makes one draft and one outbox row.
"""

from __future__ import annotations

from celery import Celery

from drafter.config import Settings

app = Celery("drafter", include=["drafter.workers.tasks", "drafter.workers.channel_polls"])
_configured_for: tuple[str, str] | None = None


def configure(settings: Settings) -> Celery:
    """Point the app at the settings' Redis and apply the delivery options (idempotent)."""
    global _configured_for
    if _configured_for == (settings.redis_url, settings.worker_queue):
        return app
    visibility = settings.worker_visibility_timeout_s
    app.conf.update(
        broker_url=settings.redis_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility,
            # Sweep for abandoned messages often enough that a killed worker's tasks come back soon after
            # the visibility timeout, and never let a dead sweeper's mutex block the others for long.
            "unacked_restore_interval": max(1, min(10, int(visibility / 3))),
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": max(10, int(visibility)),
            "socket_timeout": 10,
        },
        task_default_queue=settings.worker_queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,  # progress and results live in the database (batch_items)
        task_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=settings.worker_prefetch,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        enable_utc=True,
        # `celery -A drafter.workers.app beat`: looks for channels due a poll (drafter/channels/tasks.py).
        beat_schedule={
            "channels-poll-due": {"task": "drafter.channels.poll_due", "schedule": settings.channel_tick_s},
            # Promises come due and alerts go out (team_sweep in drafter/workers/tasks.py).
            "team-sweep": {"task": "drafter.team.sweep", "schedule": settings.team_sweep_s},
        },
    )
    _configured_for = (settings.redis_url, settings.worker_queue)
    return app


def queue_depth(settings: Settings) -> int:
    """Messages waiting in the broker (not yet handed to a worker)."""
    import redis

    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    try:
        return int(client.llen(settings.worker_queue))
    finally:
        client.close()
