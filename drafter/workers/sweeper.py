"""Workers queue again the batch items whose task never reached them.

A batch's items are committed before they are queued. When queueing failed (Redis was down and the
API answered 503 queue_unavailable) or the broker lost its tasks (a Redis restart without persistence),
the items wait in the database with nobody to draft them. Every worker runs this sweep in a background
thread, so they are drafted without anyone running `drafter batch requeue`. Sweeps on several workers
claim the rows with FOR UPDATE SKIP LOCKED and touch them, so each stale item is queued once per sweep
period; a task that arrives twice does nothing the second time.
"""

from __future__ import annotations

import logging
import threading

from drafter.config import Settings
from drafter.metrics import BATCH_ITEMS
from drafter.workers.batches import requeue_stale

log = logging.getLogger(__name__)


class Sweeper(threading.Thread):
    def __init__(
        self, settings: Settings, *, older_than_s: float | None = None, every_s: float | None = None
    ) -> None:
        super().__init__(name="drafter-requeue-sweep", daemon=True)
        self.settings = settings
        self.older_than_s = settings.worker_requeue_after_s if older_than_s is None else older_than_s
        # Often enough that a lost item waits at most about older_than_s * 1.25; at most once a minute.
        self.every_s = every_s if every_s is not None else max(1.0, min(60.0, self.older_than_s / 4))
        self._stopped = threading.Event()

    def sweep_once(self) -> int:
        try:
            n = requeue_stale(self.settings, older_than_s=self.older_than_s)
        except Exception:  # the database or the broker is away: the next sweep tries again
            log.warning("requeue sweep failed; retrying in %.0fs", self.every_s, exc_info=True)
            return 0
        if n:
            log.warning("queued again %d batch items that had waited over %.0fs", n, self.older_than_s)
            BATCH_ITEMS.labels("requeued").inc(n)
        return n

    def run(self) -> None:
        while not self._stopped.wait(self.every_s):
            self.sweep_once()

    def stop(self) -> None:
        self._stopped.set()
