"""Several processes, on several machines, starting at once on one empty PostgreSQL database."""

from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from drafter.config import REPO_ROOT, Settings
from drafter.persistence.db import session_scope
from drafter.persistence.init import ensure_initialized
from drafter.persistence.tables import ApiKey, OrderRow

FAQ = {
    "id": "faq-hello",
    "platform": "*",
    "language": "en",
    "topic": "hello",
    "question": "Hello?",
    "answer": "Hello, how can we help?",
}


def test_simultaneous_first_starts_initialise_once(fresh_pg_url, tmp_path):
    knowledge = tmp_path / "knowledge"
    (knowledge / "faq").mkdir(parents=True)
    (knowledge / "faq" / "tiny.jsonl").write_text(json.dumps(FAQ) + "\n", encoding="utf-8")
    shutil.copytree(REPO_ROOT / "knowledge" / "orders", knowledge / "orders")
    # Three "machines": their own data dirs (so no shared file lock), one database.
    machines = [
        Settings(data_dir=tmp_path / f"m{i}", knowledge_dir=knowledge, database_url=fresh_pg_url)
        for i in range(3)
    ]
    start = threading.Barrier(len(machines))

    def boot(settings: Settings) -> None:
        start.wait(timeout=30)
        ensure_initialized(settings)

    with ThreadPoolExecutor(len(machines)) as pool:
        list(pool.map(boot, machines))  # re-raises any machine's error
    with session_scope(fresh_pg_url) as session:
        assert session.scalar(select(func.count()).select_from(ApiKey)) == 1  # one demo key, not three
        orders = session.scalar(select(func.count()).select_from(OrderRow))
    shipped = sum(
        1 for path in (knowledge / "orders").glob("*.jsonl") for line in path.open() if line.strip()
    )
    assert orders == shipped
