"""The SLA report: % answered within the platform deadline per platform, person and ISO week, and each
person's first-response times, from drafts and their audit trail in a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from drafter.config import Settings
from drafter.persistence import migrate
from drafter.persistence.db import session_scope
from drafter.persistence.tables import AuditEvent
from drafter.reports.sla import sla_report
from tests.outbox.conftest import insert_draft

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # Thursday of ISO week 48


def _settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "var")
    settings.data_dir.mkdir(parents=True)
    migrate.upgrade(settings.resolved_database_url)
    return settings


def _reply(
    settings: Settings, *, platform: str, received: datetime, wait_h: float, deadline_h: float, actor: str
):
    draft_id = insert_draft(
        settings,
        store_id="sla-store",
        platform=platform,
        status="sent",
        received_at=received,
        sla_deadline=received + timedelta(hours=deadline_h),
        sent_at=received + timedelta(hours=wait_h),
    )
    with session_scope(settings.resolved_database_url) as session:
        action = "auto_approved" if actor == "router" else "approved"
        session.add(AuditEvent(draft_id=draft_id, store_id="sla-store", actor=actor, action=action))
        session.add(AuditEvent(draft_id=draft_id, store_id="sla-store", actor="outbox", action="sent"))
    return draft_id


def test_shares_per_platform_person_and_week_and_times_per_person(tmp_path):
    settings = _settings(tmp_path)
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # week 48
    last_week = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # week 47
    _reply(settings, platform="aliexpress", received=monday, wait_h=1, deadline_h=3, actor="user:1")
    _reply(settings, platform="aliexpress", received=monday, wait_h=5, deadline_h=3, actor="user:1")
    _reply(settings, platform="amazon", received=monday, wait_h=2, deadline_h=24, actor="user:2")
    _reply(settings, platform="amazon", received=last_week, wait_h=0.1, deadline_h=24, actor="router")
    insert_draft(  # still open, past its deadline: a message not answered in time
        settings,
        store_id="sla-store",
        platform="amazon",
        status="pending_review",
        received_at=monday,
        sla_deadline=monday + timedelta(hours=24),
    )
    insert_draft(settings, store_id="other-store", platform="amazon", status="sent", received_at=monday)
    with session_scope(settings.resolved_database_url) as session:
        report = sla_report(session, store_id="sla-store", days=30, now=NOW)
    assert (report.overall.messages, report.overall.replied, report.overall.within_deadline) == (5, 4, 3)
    assert report.overall.within_share == 0.6
    platforms = {r.key: r for r in report.by_platform}
    assert (platforms["aliexpress"].messages, platforms["aliexpress"].within_deadline) == (2, 1)
    assert (platforms["amazon"].messages, platforms["amazon"].within_deadline) == (3, 2)
    people = {r.key: r for r in report.by_person}
    assert set(people) == {"user:1", "user:2", "router"}
    assert people["user:1"].within_share == 0.5
    assert people["user:1"].p50_s == 3 * 3600  # waits of 1 h and 5 h
    assert people["user:1"].p90_s == (1 + (5 - 1) * 0.9) * 3600
    assert people["user:2"].p50_s == 2 * 3600
    weeks = {r.key: r for r in report.by_week}
    assert set(weeks) == {"2026-W47", "2026-W48"}
    assert (weeks["2026-W48"].messages, weeks["2026-W48"].within_deadline) == (4, 2)
    assert weeks["2026-W47"].within_share == 1.0


def test_an_empty_store_reports_zeroes(tmp_path):
    settings = _settings(tmp_path)
    with session_scope(settings.resolved_database_url) as session:
        report = sla_report(session, store_id="nobody", now=NOW)
    assert report.overall.messages == 0 and report.overall.within_share is None
    assert report.by_person == [] and report.by_platform == []
