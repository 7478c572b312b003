"""Polling on a schedule, on the worker queue: `drafter channels beat` queues a poll of every channel that is
due, and a real `drafter worker` drafts the new mail (Redis, dovecot and SMTP all real)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import func, select

from drafter.persistence.db import session_scope
from drafter.persistence.tables import ChannelRow, DraftRow
from tests.backends import redis_url, stop_process, worker_queue  # noqa: F401
from tests.channels.conftest import REVIEW_STORE, SELLER_ADDRESS, add_email_channel
from tests.channels.mails import amazon_relay_mail

pytestmark = [
    pytest.mark.redis,
    pytest.mark.integration,
    pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True),
]


def _drafts(settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(
            select(func.count()).select_from(DraftRow).where(DraftRow.store_id == REVIEW_STORE)
        )


def test_beat_and_worker_poll_a_mailbox(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders, redis_url, worker_queue, tmp_path
):
    add_email_channel(REVIEW_STORE, "scheduled", dovecot, smtp_server, user=mailbox)
    with session_scope(mail_settings.resolved_database_url) as session:
        session.scalar(select(ChannelRow).where(ChannelRow.name == "scheduled")).poll_interval_s = 1.0
    env = {
        **os.environ,
        "DRAFTER_DATA_DIR": str(mail_settings.data_dir),
        "DRAFTER_KNOWLEDGE_DIR": str(mail_settings.knowledge_dir),
        "DRAFTER_DATABASE_URL": mail_settings.resolved_database_url,
        "DRAFTER_REDIS_URL": redis_url,
        "DRAFTER_WORKER_QUEUE": worker_queue,
        "DRAFTER_CHANNEL_TICK_S": "1",
        "DRAFTER_WORKER_REQUEUE_AFTER_S": "0",
    }
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("worker", "beat")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "drafter", "worker", "--hostname", f"ch-{uuid.uuid4().hex[:6]}@%h"],
        env=env,
        stdout=logs["worker"],
        stderr=subprocess.STDOUT,
    )
    beat = subprocess.Popen(
        [sys.executable, "-m", "drafter", "channels", "beat"],
        env=env,
        stdout=logs["beat"],
        stderr=subprocess.STDOUT,
    )
    try:
        for n, order in enumerate(amazon_orders[:2]):
            dovecot.deliver(
                mailbox,
                amazon_relay_mail(
                    alias=f"sched{n:03d}buyer0000@marketplace.amazon.com",
                    to=SELLER_ADDRESS,
                    order_id=order.order_id,
                    words=f"Hello, any news about my order? ({n})",
                ),
            )
        deadline = time.monotonic() + 180
        while _drafts(mail_settings) < 2 and time.monotonic() < deadline:
            assert worker.poll() is None and beat.poll() is None, (tmp_path / "worker.log").read_text()[
                -3000:
            ]
            time.sleep(0.5)
        log = (tmp_path / "worker.log").read_text(errors="replace")
        assert _drafts(mail_settings) == 2, (
            log[-3000:] + (tmp_path / "beat.log").read_text(errors="replace")[-2000:]
        )
        assert "drafter.channels.poll" in log
        time.sleep(3)  # more ticks, same mail: nothing drafted twice
        assert _drafts(mail_settings) == 2
    finally:
        stop_process(beat)
        stop_process(worker, timeout_s=30)
        for fh in logs.values():
            fh.close()
