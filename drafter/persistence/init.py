"""First use of an empty data dir initialises it: schema, bundled knowledge, demo orders, demo key.

Safe to call from several processes at once (a file lock) and on every start (it only fills what is empty).
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from drafter.config import Settings
from drafter.knowledge import load_demo_orders, load_faq
from drafter.persistence import keys, migrate, order_store
from drafter.persistence.db import database_lock, session_scope

log = logging.getLogger(__name__)
DEMO_STORE = "demo-store"
_done: set[tuple[str, str]] = set()


def demo_key_path(settings: Settings) -> Path:
    return settings.data_dir / "demo-api-key.txt"


def ensure_initialized(settings: Settings) -> None:
    marker = (str(settings.data_dir.resolve()), settings.resolved_database_url)
    if marker in _done:
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / ".init.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with database_lock(settings.resolved_database_url):
                _initialize(settings)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    _done.add(marker)


def _initialize(settings: Settings) -> None:
    url = settings.resolved_database_url
    migrate.upgrade(url)
    # local: start-up time (chromadb)
    from drafter.retrieve.faq import FaqIndex, release_embedded_store

    index = FaqIndex(settings)
    if index.partitions() == 0:  # not count(): that loads every partition into memory
        n = index.upsert(load_faq(settings.knowledge_dir))
        log.info("indexed %d FAQ entries", n)
        del index
        release_embedded_store(settings)  # serving loads only the partitions it searches
    if not settings.load_demo_data:
        return
    with session_scope(url) as session:
        if order_store.count_orders(session) == 0:
            n = order_store.upsert_orders(session, orders=load_demo_orders(settings.knowledge_dir))
            log.info("loaded %d demo orders", n)
        if keys.count_keys(session) == 0:
            key = keys.create_key(session, store_id=DEMO_STORE, label="demo")
            demo_key_path(settings).write_text(key + "\n", encoding="utf-8")
            log.info("created a demo API key for %s in %s", DEMO_STORE, demo_key_path(settings))
