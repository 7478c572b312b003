"""Outbox delivery against a real HTTP receiver on 127.0.0.1: signing, retries, dead letters, held
replies, crash recovery with the same idempotency key."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from drafter.drafts import service
from drafter.outbox.admin import outbox_status, requeue_dead
from drafter.outbox.passes import run_once
from drafter.outbox.worker import NO_SECRET, NO_WEBHOOK, claim
from drafter.persistence.db import session_scope
from drafter.persistence.tables import AuditEvent, DraftRow, OutboxRow
from tests.outbox.conftest import LOCAL_RECEIVER, SECRET, insert_draft


def approve(settings, pipeline, draft_id, store_id="hook-store"):
    with session_scope(settings.resolved_database_url) as session:
        service.approve_draft(session, pipeline=pipeline, store_id=store_id, draft_id=draft_id, actor="test")


def state(settings, draft_id):
    with session_scope(settings.resolved_database_url) as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.draft_id == draft_id))
        draft = session.get(DraftRow, draft_id)
        actions = [
            e.action
            for e in session.scalars(
                select(AuditEvent).where(AuditEvent.draft_id == draft_id).order_by(AuditEvent.id)
            )
        ]
        return row, draft, actions


def test_approved_reply_is_delivered_signed_and_marked_sent(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    counts = run_once(outbox_settings)
    assert counts["claimed"] == 1 and counts["delivered"] == 1
    assert len(receiver.calls) == 1 and receiver.calls[0]["signed"]
    assert receiver.calls[0]["key"] == f"draft-{draft_id}" and receiver.calls[0]["attempt"] == "1"
    assert receiver.accepted[f"draft-{draft_id}"]["text"].startswith("You asked about order A-1.")
    row, draft, actions = state(outbox_settings, draft_id)
    assert (row.status, row.attempts, row.last_status, row.locked_until) == ("sent", 1, 200, None)
    assert draft.status == "sent" and draft.sent_at is not None
    assert actions == ["approved", "sent"]
    assert run_once(outbox_settings)["claimed"] == 0  # nothing left to do


def test_failures_retry_with_exponential_backoff_and_the_same_key(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    receiver.fail_with = [500, 503]
    t0 = datetime.now(UTC)
    assert run_once(outbox_settings, now=t0)["retry"] == 1
    row, draft, _ = state(outbox_settings, draft_id)
    assert row.attempts == 1 and "HTTP 500" in row.last_error and draft.status == "approved"
    assert abs((row.next_attempt_at.replace(tzinfo=UTC) - t0).total_seconds() - 10) < 1
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=5))["claimed"] == 0  # not due yet
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=11))["retry"] == 1
    row, _, _ = state(outbox_settings, draft_id)
    assert abs((row.next_attempt_at.replace(tzinfo=UTC) - t0).total_seconds() - 31) < 1  # +20 s
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=40))["delivered"] == 1
    assert [c["key"] for c in receiver.calls] == [f"draft-{draft_id}"] * 3
    assert [c["attempt"] for c in receiver.calls] == ["1", "2", "3"]
    assert state(outbox_settings, draft_id)[1].status == "sent"


def test_dead_letter_after_the_stores_max_attempts_then_requeue(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    receiver.fail_with = [500, 500, 500]
    t = datetime.now(UTC)
    results = [run_once(outbox_settings, now=t + timedelta(minutes=5 * i)) for i in range(4)]
    assert (
        [r["retry"] for r in results[:2]] == [1, 1] and results[2]["dead"] == 1 and results[3]["claimed"] == 0
    )
    row, draft, actions = state(outbox_settings, draft_id)
    assert row.status == "dead" and row.attempts == 3 and draft.status == "approved"
    assert actions[-1] == "delivery_dead"
    with session_scope(outbox_settings.resolved_database_url) as session:
        assert outbox_status(session)["dead"] == 1
        assert requeue_dead(session) == 1
    assert run_once(outbox_settings)["delivered"] == 1
    assert state(outbox_settings, draft_id)[1].status == "sent"


def test_unreachable_webhook_is_a_retry_not_a_crash(outbox_settings, pipeline, tmp_path):
    from tests.outbox.conftest import write_knowledge

    outbox_settings.knowledge_dir = write_knowledge(
        tmp_path / "k2",
        {
            "hook-store": {
                "webhook_url": "http://127.0.0.1:9/closed",
                "webhook_secret": SECRET,
                **LOCAL_RECEIVER,
            }
        },
    )
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    assert run_once(outbox_settings)["retry"] == 1
    row, _, _ = state(outbox_settings, draft_id)
    assert row.status == "pending" and "ConnectError" in row.last_error


def test_store_without_webhook_waits_without_spending_attempts(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings, store_id="quiet-store")
    approve(outbox_settings, pipeline, draft_id, store_id="quiet-store")
    t0 = datetime.now(UTC)
    assert run_once(outbox_settings, now=t0)["held"] == 1
    row, draft, _ = state(outbox_settings, draft_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, NO_WEBHOOK)
    assert draft.status == "approved" and receiver.calls == []
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=60))["claimed"] == 0  # rechecked after hold_s
    with session_scope(outbox_settings.resolved_database_url) as session:
        assert outbox_status(session, store_id="quiet-store")["held"] == 1


def test_store_without_webhook_goes_to_the_local_sink_when_configured(outbox_settings, pipeline, tmp_path):
    outbox_settings.outbox_sink_path = tmp_path / "sink" / "replies.jsonl"
    draft_id = insert_draft(outbox_settings, store_id="quiet-store")
    approve(outbox_settings, pipeline, draft_id, store_id="quiet-store")
    assert run_once(outbox_settings)["delivered"] == 1
    lines = [json.loads(line) for line in outbox_settings.outbox_sink_path.read_text().splitlines()]
    assert [line["idempotency_key"] for line in lines] == [f"draft-{draft_id}"]
    assert state(outbox_settings, draft_id)[1].status == "sent"


def test_webhook_without_secret_is_held_not_sent_unsigned(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings, store_id="unsigned-store")
    approve(outbox_settings, pipeline, draft_id, store_id="unsigned-store")
    assert run_once(outbox_settings)["held"] == 1
    assert receiver.calls == [] and state(outbox_settings, draft_id)[0].last_error == NO_SECRET


def test_worker_crash_after_claim_is_redelivered_once_the_lease_expires(outbox_settings, pipeline, receiver):
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)
    t0 = datetime.now(UTC)
    with session_scope(outbox_settings.resolved_database_url) as session:
        assert len(claim(session, now=t0, limit=10, lease_s=30)) == 1  # ... and the worker dies here
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=10))["claimed"] == 0  # still leased
    assert run_once(outbox_settings, now=t0 + timedelta(seconds=31))["delivered"] == 1
    row, draft, _ = state(outbox_settings, draft_id)
    assert row.attempts == 2 and draft.status == "sent" and len(receiver.calls) == 1


def test_two_workers_never_claim_the_same_row(outbox_settings, pipeline):
    ids = [insert_draft(outbox_settings) for _ in range(3)]
    for draft_id in ids:
        approve(outbox_settings, pipeline, draft_id)
    now = datetime.now(UTC)
    with (
        session_scope(outbox_settings.resolved_database_url) as a,
        session_scope(outbox_settings.resolved_database_url) as b,
    ):
        first = claim(a, now=now, limit=2, lease_s=30)
        second = claim(b, now=now, limit=10, lease_s=30)
    assert len(first) == 2 and len(second) == 1
    assert not {c.id for c in first} & {c.id for c in second}


def test_rolled_back_approval_leaves_no_outbox_row(outbox_settings, pipeline):
    draft_id = insert_draft(outbox_settings)
    try:
        with session_scope(outbox_settings.resolved_database_url) as session:
            service.approve_draft(
                session, pipeline=pipeline, store_id="hook-store", draft_id=draft_id, actor="t"
            )
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    row, draft, actions = state(outbox_settings, draft_id)
    assert row is None and draft.status == "pending_review" and actions == []
    assert run_once(outbox_settings)["claimed"] == 0
