"""A real crash: the worker process is killed after the receiver stored the reply and before the
worker could mark it sent. The next pass delivers it again with the SAME idempotency key; the
receiver keeps one copy; nothing is lost and the draft ends up sent exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from drafter.outbox.passes import run_once
from tests.outbox.conftest import insert_draft
from tests.outbox.test_worker import approve, state

pytestmark = pytest.mark.integration


def test_killed_worker_redelivers_with_the_same_key_and_nothing_is_lost(outbox_settings, pipeline, receiver):
    ids = [insert_draft(outbox_settings, text=f"reply {i}") for i in range(2)]
    for draft_id in ids:
        approve(outbox_settings, pipeline, draft_id)
    env = {
        **os.environ,
        "DRAFTER_DATA_DIR": str(outbox_settings.data_dir),
        "DRAFTER_KNOWLEDGE_DIR": str(outbox_settings.knowledge_dir),
        "DRAFTER_OUTBOX_LEASE_S": "2",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "drafter", "outbox", "run", "--once"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    receiver.kill_pid = proc.pid
    proc.wait(timeout=60)
    assert proc.returncode == -9, proc.stderr.read().decode()[-2000:]  # killed, not a clean exit
    assert len(receiver.calls) == 1  # the first reply reached the receiver...
    first_key = receiver.calls[0]["key"]
    first = next(d for d in ids if f"draft-{d}" == first_key)
    row, draft, _ = state(outbox_settings, first)
    assert row.status == "pending" and draft.status == "approved"  # ...but was never marked sent

    counts = run_once(outbox_settings, now=datetime.now(UTC) + timedelta(seconds=3))
    assert counts["delivered"] == 2
    keys = [c["key"] for c in receiver.calls]
    assert keys.count(first_key) == 2  # redelivered with the same idempotency key
    assert sorted(receiver.accepted) == sorted(f"draft-{d}" for d in ids)  # one copy each, none lost
    for draft_id in ids:
        row, draft, actions = state(outbox_settings, draft_id)
        assert row.status == "sent" and draft.status == "sent" and actions.count("sent") == 1
