"""The draft rollups the triggers keep equal what a recount from the drafts gives, whatever writes the
drafts; the report read from them agrees with the one read from the drafts."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from drafter.persistence import migrate, rollups
from drafter.persistence.db import session_scope
from drafter.persistence.tables import DraftRollup, DraftRow, DraftWaitBucket
from drafter.reports import first_response
from drafter.reports.waits import quantile

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _draft(rnd: random.Random, *, store: str, age_h: float) -> DraftRow:
    received = NOW - timedelta(hours=age_h)
    status = rnd.choice(["sent", "sent", "sent", "approved", "rejected", "pending_review", "escalated"])
    decided = (
        None
        if status in ("pending_review", "escalated")
        else received + timedelta(minutes=rnd.randint(1, 3000))
    )
    return DraftRow(
        id=str(uuid.uuid4()),
        store_id=store,
        message_id=f"m-{uuid.uuid4().hex[:8]}",
        platform=rnd.choice(["amazon", "ebay", "aliexpress"]),
        status=status,
        route=rnd.choice(["auto_send", "review", "escalate"]),
        risk="low",
        intent="shipping_status",
        language="en",
        confidence=0.9,
        received_at=received,
        sla_deadline=received + timedelta(hours=rnd.choice([1, 24])),
        restatement="a",
        solution="b",
        commitment="c",
        text="a b c",
        lint={},
        message={},
        run={},
        decided_at=decided,
        sent_at=decided if status == "sent" else None,
    )


def _snapshot(url: str) -> tuple[list, list]:
    with session_scope(url) as session:
        counts = session.execute(
            select(DraftRollup).order_by(DraftRollup.store_id, DraftRollup.day)
        ).scalars()
        cells = sorted(
            (
                r.store_id,
                r.day,
                r.platform,
                r.messages,
                r.replied,
                r.open,
                r.within_deadline,
                r.auto_sent,
                r.awaiting_send,
            )
            for r in counts
            if r.messages
        )
        waits = sorted(
            (w.store_id, w.day, w.platform, w.bucket, w.replies)
            for w in session.execute(select(DraftWaitBucket)).scalars()
            if w.replies
        )
    return cells, waits


def _rebuilt(url: str) -> tuple[list, list]:
    with session_scope(url) as session:
        rollups.rebuild(session.connection())
    return _snapshot(url)


def test_triggers_keep_the_rollups_equal_to_a_recount(db_url):
    migrate.upgrade(db_url)
    rnd = random.Random(5)
    with session_scope(db_url) as session:
        session.add_all(_draft(rnd, store=f"s{i % 2}", age_h=rnd.uniform(0, 24 * 40)) for i in range(120))
    with session_scope(db_url) as session:  # transitions, an edit that moves nothing, a move of day, deletes
        ids = list(session.scalars(select(DraftRow.id).order_by(DraftRow.id)))
        for draft_id in ids[:30]:
            row = session.get(DraftRow, draft_id)
            assert row is not None
            row.status, row.sent_at, row.decided_at = "sent", NOW, NOW
        session.execute(update(DraftRow).where(DraftRow.id.in_(ids[30:40])).values(text="edited"))
        session.execute(
            update(DraftRow).where(DraftRow.id.in_(ids[40:50])).values(received_at=NOW - timedelta(days=3))
        )
        session.execute(delete(DraftRow).where(DraftRow.id.in_(ids[50:60])))
    kept = _snapshot(db_url)
    assert kept[0] and kept[1]
    assert kept == _rebuilt(db_url)


def test_ensure_restores_dropped_triggers_and_rebuilds(tmp_path):
    url = f"sqlite:///{tmp_path / 'drafter.db'}"
    migrate.upgrade(url)
    with session_scope(url) as session:
        rollups.drop_triggers(session.connection())
    rnd = random.Random(2)
    with session_scope(url) as session:
        session.add_all(_draft(rnd, store="s", age_h=rnd.uniform(0, 100)) for _ in range(20))
    assert _snapshot(url) == ([], [])  # written with no triggers: nothing counted yet
    migrate.upgrade(url)
    cells, _ = _snapshot(url)
    assert sum(c[3] for c in cells) == 20
    with session_scope(url) as session:
        assert rollups.has_triggers(session.connection())


@pytest.mark.parametrize("exact_max", [10_000, 0])
def test_report_from_rollups_matches_one_from_the_drafts(tmp_path, monkeypatch, exact_max):
    """exact_max 0: every quantile from the wait histogram, within its 2 % buckets."""
    url = f"sqlite:///{tmp_path / 'drafter.db'}"
    migrate.upgrade(url)
    rnd = random.Random(9)
    drafts = [_draft(rnd, store="s1", age_h=rnd.uniform(0, 24 * 35)) for _ in range(400)]
    with session_scope(url) as session:
        session.add_all(drafts)
    monkeypatch.setattr(first_response, "EXACT_MAX_REPLIES", exact_max)
    with session_scope(url) as session:
        report = first_response.first_response_report(session, store_id="s1", days=30, now=NOW)
    since = NOW - timedelta(days=30)
    window = [d for d in drafts if d.received_at >= since]
    sent = [d for d in window if d.status == "sent"]
    assert report.overall.messages == len(window)
    assert report.overall.replied == len(sent)
    assert report.overall.open == sum(d.status in ("pending_review", "escalated") for d in window)
    assert report.overall.awaiting_send == sum(d.status == "approved" for d in window)
    assert report.overall.auto_reply_share == pytest.approx(
        sum(d.route == "auto_send" for d in sent) / len(sent)
    )
    waits = [(d.sent_at - d.received_at).total_seconds() for d in sent]
    for q, got in ((0.5, report.overall.median_s), (0.9, report.overall.p90_s)):
        expected = quantile(waits, q)
        assert got == pytest.approx(expected, rel=1e-9 if exact_max else 0.03)
