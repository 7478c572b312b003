"""`drafter worker --concurrency 2`: a prefork pool of two processes drafts a batch end to end.

The embedded vector store runs threads that do not survive a fork; a parent that had opened it left
its children hanging on their first query. The parent now never opens it."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest

from drafter.models import BuyerMessage
from drafter.persistence.db import session_scope
from drafter.workers import batches
from tests.backends import stop_process

pytestmark = [pytest.mark.redis, pytest.mark.integration]


def test_a_prefork_worker_drafts_a_batch(worker_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_BATCH_CHUNK", "5")
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "drafter",
                "worker",
                "--concurrency",
                "2",
                "--hostname",
                f"prefork-{uuid.uuid4().hex[:6]}@%h",
                "--loglevel",
                "info",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "drafter worker ready" not in log_path.read_text(errors="replace"):
            assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "worker not ready"
            time.sleep(0.2)
        tag = uuid.uuid4().hex[:8]
        messages = [
            BuyerMessage(
                platform="amazon",
                store_id="demo-store",
                message_id=f"pf-{tag}-{i}",
                text=f"Where is my parcel? It has not arrived ({i})",
            )
            for i in range(30)
        ]
        batch_id = batches.submit(
            worker_env.model_copy(update={"batch_chunk": 5}), store_id="demo-store", messages=messages
        )
        while True:
            with session_scope(worker_env.resolved_database_url) as session:
                view = batches.batch_view(session, store_id="demo-store", batch_id=batch_id)
            if view.complete or time.monotonic() > deadline + 60:
                break
            time.sleep(0.2)
        log_text = log_path.read_text(errors="replace")
        assert (view.done, view.failed, view.queued) == (30, 0, 0), log_text[-3000:]
        assert "ForkPoolWorker" in log_text and "succeeded" in log_text  # drafted in the forked processes
    finally:
        stop_process(proc, timeout_s=30)
