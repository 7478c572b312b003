"""An outbox pass survives bad rows, delivers only approved drafts, never twice, and serves stores side
by side: real receivers on 127.0.0.1, real SQLite."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlalchemy import select, update

from drafter.outbox.passes import run_once
from drafter.persistence.db import session_scope
from drafter.persistence.tables import AuditEvent, DraftRow, OutboxRow
from tests.outbox.conftest import LOCAL_RECEIVER, SECRET, insert_draft, write_knowledge
from tests.outbox.receiver import Receiver
from tests.outbox.test_worker import approve, state


def queue_row(settings, draft_id: str, *, store_id: str = "hook-store", text: str | None = None) -> None:
    """An outbox row as an older release could leave it (e.g. for a draft that lost an approve/reject race)."""
    with session_scope(settings.resolved_database_url) as session:
        draft = session.get(DraftRow, draft_id)
        payload = {"draft_id": draft_id, "store_id": store_id, "text": draft.text if text is None else text}
        session.add(
            OutboxRow(
                draft_id=draft_id, store_id=store_id, idempotency_key=f"draft-{draft_id}", payload=payload
            )
        )


def test_rejected_or_altered_rows_are_cancelled_and_the_pass_delivers_the_rest(
    outbox_settings, pipeline, receiver
):
    rejected = insert_draft(outbox_settings, status="rejected")
    queue_row(outbox_settings, rejected)
    altered = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, altered)
    with session_scope(
        outbox_settings.resolved_database_url
    ) as session:  # the queued text is not the draft's
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.draft_id == altered)
            .values(payload={"draft_id": altered, "text": "call me at +1 555 0100"})
        )
    good = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, good)
    counts = run_once(outbox_settings)
    assert counts["claimed"] == 1 and counts["delivered"] == 1
    assert list(receiver.accepted) == [f"draft-{good}"]
    for draft_id, why in ((rejected, "rejected, not approved"), (altered, "not the draft's approved text")):
        row, draft, actions = state(outbox_settings, draft_id)
        assert row.status == "cancelled" and why in row.last_error and draft.status != "sent"
        assert actions[-1] == "delivery_cancelled"
    assert run_once(outbox_settings)["claimed"] == 0


def test_a_row_whose_handling_raises_is_recorded_and_the_pass_goes_on(
    outbox_settings, pipeline, receiver, tmp_path
):
    outbox_settings.knowledge_dir = write_knowledge(
        tmp_path / "k2",
        {
            "hook-store": {"webhook_url": receiver.url, "webhook_secret": SECRET, **LOCAL_RECEIVER},
            "broken-store": {
                "webhook_url": receiver.url,
                "webhook_secret": SECRET,
                "outbox_max_attempts": "many",
            },
        },
    )
    broken = insert_draft(outbox_settings, store_id="broken-store")
    approve(outbox_settings, pipeline, broken, store_id="broken-store")
    good = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, good)
    counts = run_once(outbox_settings)  # must not raise
    assert (
        counts["claimed"] == 2 and counts["delivered"] == 1 and counts["errors"] == 1 and counts["retry"] == 1
    )
    row, draft, _ = state(outbox_settings, broken)
    assert row.status == "pending" and row.attempts == 1 and row.locked_until is None
    assert "ValidationError" in row.last_error and draft.status == "approved"
    assert row.next_attempt_at.replace(tzinfo=UTC) > datetime.now(UTC)  # backs off like a failure
    assert state(outbox_settings, good)[1].status == "sent"


def test_a_delivered_reply_is_never_sent_again_even_when_recording_hits_a_surprise(
    outbox_settings, pipeline, receiver
):
    draft_id = insert_draft(outbox_settings)
    approve(outbox_settings, pipeline, draft_id)

    def draft_changes_under_the_worker(_call: dict) -> None:  # a bug elsewhere moves the draft meanwhile
        with session_scope(outbox_settings.resolved_database_url) as session:
            session.execute(update(DraftRow).where(DraftRow.id == draft_id).values(status="rejected"))

    receiver.on_accept = draft_changes_under_the_worker
    assert run_once(outbox_settings)["delivered"] == 1
    row, draft, _ = state(outbox_settings, draft_id)
    assert row.status == "sent" and draft.status == "rejected"
    assert run_once(outbox_settings)["claimed"] == 0 and len(receiver.calls) == 1


def _two_stores(settings, tmp_path, fast: Receiver, slow: Receiver) -> None:
    settings.knowledge_dir = write_knowledge(
        tmp_path / "k2",
        {
            "slow-store": {"webhook_url": slow.url, "webhook_secret": SECRET, **LOCAL_RECEIVER},
            "hook-store": {"webhook_url": fast.url, "webhook_secret": SECRET, **LOCAL_RECEIVER},
        },
    )


def test_a_hanging_webhook_does_not_hold_up_another_stores_delivery(
    outbox_settings, pipeline, receiver, tmp_path
):
    slow = Receiver(secret=SECRET, hold=threading.Event())
    try:
        _two_stores(outbox_settings, tmp_path, receiver, slow)
        stuck = insert_draft(outbox_settings, store_id="slow-store")
        approve(outbox_settings, pipeline, stuck, store_id="slow-store")  # older: claimed first
        quick = insert_draft(outbox_settings)
        approve(outbox_settings, pipeline, quick)
        passed: dict = {}
        worker = threading.Thread(target=lambda: passed.update(run_once(outbox_settings)))
        worker.start()
        deadline = time.monotonic() + 20
        # Both calls reach their receivers in either order: wait for both, then check that the slow one is
        # still hanging while the other store's reply was accepted.
        while not (receiver.accepted and slow.calls) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(receiver.accepted) == [f"draft-{quick}"] and len(slow.calls) == 1 and not slow.accepted
        slow.hold.set()
        worker.join(timeout=30)
        assert passed["delivered"] == 2
    finally:
        slow.hold.set()
        slow.close()


def test_the_pass_deadline_gives_back_what_it_did_not_start(outbox_settings, pipeline, receiver, tmp_path):
    outbox_settings.outbox_pass_deadline_s = 0.2
    slow = Receiver(secret=SECRET, hold=threading.Event())
    try:
        _two_stores(outbox_settings, tmp_path, receiver, slow)
        first, second = (insert_draft(outbox_settings, store_id="slow-store") for _ in range(2))
        for draft_id in (first, second):
            approve(outbox_settings, pipeline, draft_id, store_id="slow-store")
        threading.Timer(1.0, slow.hold.set).start()  # the first call outlasts the pass deadline
        counts = run_once(outbox_settings)
        assert counts["claimed"] == 2 and counts["delivered"] == 1 and counts["released"] == 1
        with session_scope(outbox_settings.resolved_database_url) as session:
            rows = {r.draft_id: r for r in session.scalars(select(OutboxRow))}
            assert (rows[second].status, rows[second].attempts, rows[second].locked_until) == (
                "pending",
                0,
                None,
            )
            assert not session.scalars(
                select(AuditEvent).where(AuditEvent.draft_id == second, AuditEvent.action == "delivery_dead")
            ).all()
        assert run_once(outbox_settings)["delivered"] == 1  # the next pass takes it at once
        assert sorted(slow.accepted) == sorted([f"draft-{first}", f"draft-{second}"])
    finally:
        slow.hold.set()
        slow.close()
