"""One outbox pass: claim what is due, deliver it store by store side by side, record each outcome.

Each store gets its own lanes (outbox_store_concurrency calls in flight at once, default 1, which also
keeps one store's replies in order); lanes of different stores run in parallel threads (outbox_workers),
so a webhook that hangs until its timeout only holds up its own store. After outbox_pass_deadline_s no
lane starts another delivery (each starts at least one, so every pass makes progress): what the pass
did not get to goes back to the queue unspent, and the next pass (of this or another worker) takes it. Every row is handled in its own session and its own try: an
error on one row is recorded on that row and the pass goes on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx

from drafter.config import Settings
from drafter.knowledge import store_profile
from drafter.outbox.via_channel import channel_delivery
from drafter.outbox.worker import Claimed, claim, deliver, record, record_error, release, utc_now
from drafter.persistence.db import get_sessionmaker

log = logging.getLogger(__name__)
OUTCOMES = ("claimed", "delivered", "retry", "dead", "held", "lost_claim", "released", "errors")


def _handle(
    item: Claimed,
    *,
    settings: Settings,
    client: httpx.Client,
    now: datetime,
    counts: Counter,
    lock: threading.Lock,
) -> None:
    session = get_sessionmaker(settings.resolved_database_url)()
    max_attempts = settings.outbox_max_attempts
    try:
        store = store_profile(settings.knowledge_dir, item.store_id)
        max_attempts = store.outbox_max_attempts or settings.outbox_max_attempts
        # A reply to a message a channel brought in goes back through that channel; others to the webhook.
        outcome = channel_delivery(session, item, settings) or deliver(
            item, store=store, settings=settings, client=client
        )
        result = record(
            session, item, outcome, now=max(now, utc_now()), settings=settings, max_attempts=max_attempts
        )
        if result in ("retry", "dead"):
            log.warning("outbox %s attempt %d: %s", item.id, item.attempt, outcome.error)
    except Exception as exc:  # one bad row (or a bug) must not stop the others
        log.exception("outbox %s attempt %d failed", item.id, item.attempt)
        error = f"{type(exc).__name__}: {exc}"
        try:
            result = record_error(
                session, item, error, now=max(now, utc_now()), settings=settings, max_attempts=max_attempts
            )
        except Exception:  # the database itself is failing: the lease expires and the row comes back
            log.exception("outbox %s: could not record the error", item.id)
            result = "lost_claim"
        with lock:
            counts["errors"] += 1
    finally:
        session.close()
    with lock:
        counts[result] += 1


def _lane(
    queue: deque[Claimed],
    *,
    deadline: float,
    settings: Settings,
    client: httpx.Client,
    now: datetime,
    counts: Counter,
    lock: threading.Lock,
) -> None:
    started = False
    while True:
        try:
            item = queue.popleft()  # deque pops are atomic: a store's lanes share its queue
        except IndexError:
            return
        if started and time.monotonic() >= deadline:  # each lane makes progress, even after a slow claim
            _release(item, settings=settings, counts=counts, lock=lock)
            continue
        started = True
        _handle(item, settings=settings, client=client, now=now, counts=counts, lock=lock)


def _release(item: Claimed, *, settings: Settings, counts: Counter, lock: threading.Lock) -> None:
    session = get_sessionmaker(settings.resolved_database_url)()
    try:
        release(session, item)
        with lock:
            counts["released"] += 1
    except Exception:  # the lease expires instead
        log.exception("outbox %s: could not release", item.id)
    finally:
        session.close()


def run_pass(
    settings: Settings, *, now: datetime | None = None, client: httpx.Client | None = None
) -> dict[str, int]:
    """One pass. Returns counts per outcome (claimed, delivered, retry, dead, held, lost_claim, released,
    errors: rows whose handling raised, also counted under retry or dead)."""
    now = (now or utc_now()).astimezone(UTC)
    deadline = time.monotonic() + settings.outbox_pass_deadline_s
    counts: Counter = Counter({name: 0 for name in OUTCOMES})
    lock = threading.Lock()
    session = get_sessionmaker(settings.resolved_database_url)()
    try:
        items = claim(
            session,
            now=now,
            limit=settings.outbox_batch,
            lease_s=settings.outbox_lease_s,
            per_store=settings.outbox_store_batch,
        )
    finally:
        session.close()
    counts["claimed"] = len(items)
    if not items:
        return dict(counts)
    queues: dict[str, deque[Claimed]] = defaultdict(deque)
    for item in items:
        queues[item.store_id].append(item)
    lanes = [
        queue for queue in queues.values() for _ in range(min(settings.outbox_store_concurrency, len(queue)))
    ]
    own_client = client is None
    # follow_redirects stays off: a redirect could lead to an address the destination rules refuse.
    client = client or httpx.Client(timeout=settings.outbox_timeout_s, follow_redirects=False)
    try:
        with ThreadPoolExecutor(
            max_workers=max(1, min(settings.outbox_workers, len(lanes))), thread_name_prefix="outbox"
        ) as pool:
            for queue in lanes:
                pool.submit(
                    _lane,
                    queue,
                    deadline=deadline,
                    settings=settings,
                    client=client,
                    now=now,
                    counts=counts,
                    lock=lock,
                )
    finally:
        if own_client:
            client.close()
    return dict(counts)


def run_once(
    settings: Settings, *, now: datetime | None = None, client: httpx.Client | None = None
) -> dict[str, int]:
    """One pass over the outbox (what `drafter outbox run` repeats): counts per outcome."""
    return run_pass(settings, now=now, client=client)
