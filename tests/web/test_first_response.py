"""First-response figures from known drafts: medians, p90, shares, open and overdue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from drafter.persistence import migrate
from drafter.persistence.db import session_scope
from drafter.reports.first_response import first_response_report, quantile
from tests.outbox.conftest import insert_draft

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_quantile_interpolates_like_numpy():
    assert quantile([], 0.5) is None
    assert quantile([5.0], 0.9) == 5.0
    assert quantile([1, 2, 3, 4], 0.5) == 2.5
    assert quantile(list(range(11)), 0.9) == pytest.approx(9.0)


def test_report_per_platform(tmp_path):
    from drafter.config import Settings

    settings = Settings(data_dir=tmp_path / "var")
    settings.data_dir.mkdir(parents=True)
    migrate.upgrade(settings.resolved_database_url)

    def add(platform, minutes, *, status="sent", route="review", deadline_h=24, store="s1", age_h=30):
        received = NOW - timedelta(hours=age_h)
        replied = received + timedelta(minutes=minutes) if minutes is not None else None
        insert_draft(
            settings,
            store_id=store,
            platform=platform,
            status=status,
            route=route,
            received_at=received,
            sla_deadline=received + timedelta(hours=deadline_h),
            decided_at=replied,
            sent_at=replied if status == "sent" else None,
        )

    add("ebay", 30, route="auto_send")
    add("ebay", 90)
    add("ebay", 600, status="approved")  # approved but not sent yet: the buyer has no reply, awaiting_send
    add("ebay", 2000)  # 33 h: after its 24 h deadline
    add("ebay", None, status="pending_review", age_h=2)  # open, not overdue
    add("ebay", None, status="escalated", age_h=30)  # open and overdue
    add("ebay", 5, status="rejected")  # not a reply
    add("amazon", 60, route="auto_send")
    add("amazon", 60, store="s2")  # another store
    add("amazon", 60, age_h=24 * 40)  # outside the 30-day window
    with session_scope(settings.resolved_database_url) as session:
        report = first_response_report(session, store_id="s1", days=30, now=NOW)
    ebay = next(p for p in report.platforms if p.platform == "ebay")
    assert (ebay.messages, ebay.replied, ebay.open, ebay.open_overdue, ebay.awaiting_send) == (7, 3, 2, 1, 1)
    assert ebay.median_s == pytest.approx(90 * 60)
    assert ebay.p90_s == pytest.approx((90 + (2000 - 90) * 0.8) * 60)
    assert ebay.within_deadline_share == pytest.approx(2 / 3)
    assert ebay.auto_reply_share == pytest.approx(1 / 3)
    amazon = next(p for p in report.platforms if p.platform == "amazon")
    assert (amazon.messages, amazon.replied, amazon.auto_reply_share) == (1, 1, 1.0)
    assert report.overall.replied == 4 and report.overall.median_s == pytest.approx(75 * 60)
