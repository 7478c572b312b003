"""Alerts against a real webhook receiver and a real SMTP server (aiosmtpd) on 127.0.0.1: a draft 30 minutes
before its deadline is alerted once, to both; AliExpress chats read and unanswered for 4 h; unread
mailboxes to the leads; retries after a failure; destinations refused like the outbox refuses them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from drafter.config import REPO_ROOT, Settings
from drafter.notify.sweep import run_sweep
from drafter.persistence import migrate
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import AlertRow
from drafter.persistence.tables import ChannelMessage, ChannelRow, DraftRow
from drafter.team.users import NewUser, create_user
from tests.backends import create_scratch_db, drop_scratch_db, require_pg
from tests.channels.mailservers import SmtpSink, start_smtp
from tests.notify.receiver import AlertReceiver
from tests.outbox.conftest import LOCAL_RECEIVER, SECRET, insert_draft, write_knowledge

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def hook() -> Iterator[AlertReceiver]:
    r = AlertReceiver(secret=SECRET)
    yield r
    r.close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = start_smtp()
    yield sink
    sink.stop()


@pytest.fixture
def alert_settings(
    request: pytest.FixtureRequest, tmp_path: Path, hook: AlertReceiver, smtp: SmtpSink
) -> Iterator[Settings]:
    """SQLite by default; tests parametrized with "postgresql" run on a scratch PostgreSQL database."""
    database_url = None
    if getattr(request, "param", "sqlite") == "postgresql":
        require_pg()
        database_url = create_scratch_db("drafter_alerts_test")
    kdir = write_knowledge(
        tmp_path,
        {
            "alert-store": {
                "name": "Alert Store",
                "timezone": "Europe/Berlin",
                "notify_webhook_url": hook.url,
                "notify_email": "team@alert-store.test",
                "webhook_secret": SECRET,
                **LOCAL_RECEIVER,
            },
            "soon-store": {"alert_lead_minutes": 90, "notify_email": "soon@soon-store.test"},
            "public-only": {  # no development allowances: the loopback receiver is refused
                "notify_webhook_url": hook.url.replace("http://", "https://"),
                "webhook_secret": SECRET,
            },
        },
    )
    shutil.copytree(REPO_ROOT / "knowledge" / "notify", kdir / "notify")  # the alert texts
    settings = Settings(
        data_dir=tmp_path / "var",
        knowledge_dir=kdir,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_security="plain",
        smtp_from="drafter@alerts.test",
        alert_retry_wait_s=0,
        alert_timeout_s=5,
        database_url=database_url,
    )
    settings.data_dir.mkdir(parents=True)
    migrate.upgrade(settings.resolved_database_url)
    yield settings
    if database_url:
        drop_scratch_db(database_url)


def _alerts(settings: Settings) -> list[AlertRow]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.scalars(select(AlertRow).order_by(AlertRow.id)))


@pytest.mark.parametrize("alert_settings", ["sqlite", "postgresql"], indirect=True)
def test_a_deadline_30_minutes_away_is_alerted_once_to_the_webhook_and_by_mail(alert_settings, hook, smtp):
    deadline = NOW + timedelta(minutes=45)
    draft_id = insert_draft(
        alert_settings, store_id="alert-store", sla_deadline=deadline, created_at=NOW, order_id="A-77"
    )
    insert_draft(
        alert_settings, store_id="alert-store", sla_deadline=NOW + timedelta(hours=5), created_at=NOW
    )
    # 31 minutes before: too early.
    assert run_sweep(alert_settings, now=deadline - timedelta(minutes=31))["sent"] == 0
    assert hook.calls == [] and smtp.received == []
    # 30 minutes before: the alert goes out, to both channels.
    counts = run_sweep(alert_settings, now=deadline - timedelta(minutes=30))
    assert counts["sent"] == 2
    assert len(hook.delivered) == 1 and smtp.wait_for(1)
    doc = hook.delivered[0]["doc"]
    assert doc["type"] == "drafter.alert" and doc["alert"]["kind"] == "sla_near"
    assert doc["alert"]["draft_id"] == draft_id and doc["alert"]["data"]["minutes_left"] == 30
    assert hook.delivered[0]["key"] == f"sla_near:{draft_id}:team:webhook"
    sender, to, mail = smtp.received[0]
    assert to == ["team@alert-store.test"] and sender == "drafter@alerts.test"
    assert "Reply due in 30 min" in mail["Subject"] and "A-77" in mail["Subject"]
    assert f"/review/drafts/{draft_id}" in mail.get_content()
    # Fires once, not twice: later sweeps (and a second worker's) send nothing more.
    for minutes in (29, 20, 5):
        assert run_sweep(alert_settings, now=deadline - timedelta(minutes=minutes))["sent"] == 0
    assert len(hook.calls) == 1 and len(smtp.received) == 1
    rows = _alerts(alert_settings)
    assert [(r.channel, r.status, r.attempts) for r in rows] == [("webhook", "sent", 1), ("email", "sent", 1)]


def test_the_lead_time_is_a_store_setting(alert_settings, smtp):
    deadline = NOW + timedelta(minutes=80)
    insert_draft(alert_settings, store_id="soon-store", sla_deadline=deadline, created_at=NOW)
    assert run_sweep(alert_settings, now=NOW)["sent"] == 1  # 80 min left, lead time 90
    assert smtp.wait_for(1) and smtp.received[0][1] == ["soon@soon-store.test"]


@pytest.mark.parametrize("alert_settings", ["sqlite", "postgresql"], indirect=True)
def test_a_failed_webhook_is_retried_by_tenacity_then_by_later_sweeps(alert_settings, hook, smtp):
    deadline = NOW + timedelta(minutes=10)
    insert_draft(alert_settings, store_id="alert-store", sla_deadline=deadline, created_at=NOW)
    hook.fail_with = [503, 503, 503, 503]  # three tries in this sweep fail, the next sweep's first too
    counts = run_sweep(alert_settings, now=NOW)
    assert counts["failed"] == 1 and counts["sent"] == 1  # the e-mail went out
    webhook = next(r for r in _alerts(alert_settings) if r.channel == "webhook")
    assert webhook.status == "failed" and webhook.attempts == alert_settings.alert_attempts
    assert "HTTP 503" in webhook.last_error
    assert run_sweep(alert_settings, now=NOW + timedelta(seconds=30))["sent"] == 0  # backoff not over
    later = run_sweep(alert_settings, now=NOW + timedelta(hours=2))
    assert later["sent"] == 1
    webhook = next(r for r in _alerts(alert_settings) if r.channel == "webhook")
    assert webhook.status == "sent" and webhook.attempts == alert_settings.alert_attempts + 2
    assert len(hook.delivered) == 1 and {c["key"] for c in hook.calls} == {webhook.dedup_key}
    assert len(smtp.received) == 1


def test_a_webhook_the_outbox_would_refuse_is_refused_for_alerts_too(alert_settings, hook):
    insert_draft(
        alert_settings, store_id="public-only", sla_deadline=NOW + timedelta(minutes=5), created_at=NOW
    )
    counts = run_sweep(alert_settings, now=NOW)
    assert counts["failed"] == 1 and hook.calls == []
    (row,) = _alerts(alert_settings)
    assert row.attempts == 1 and "refused" in row.last_error and "loopback" in row.last_error


def test_an_aliexpress_chat_read_and_unanswered_for_4_hours_is_alerted_once(alert_settings, hook):
    far = NOW + timedelta(hours=20)
    old = insert_draft(
        alert_settings,
        store_id="alert-store",
        platform="aliexpress",
        sla_deadline=far,
        created_at=NOW - timedelta(hours=4, minutes=1),
    )
    insert_draft(
        alert_settings,
        store_id="alert-store",
        platform="aliexpress",
        sla_deadline=far,
        created_at=NOW - timedelta(hours=3),
    )
    run_sweep(alert_settings, now=NOW)
    run_sweep(alert_settings, now=NOW + timedelta(minutes=10))
    kinds = [(c["doc"]["alert"]["kind"], c["doc"]["alert"]["draft_id"]) for c in hook.delivered]
    assert kinds == [("unanswered_read", old)]


def test_an_unread_mailbox_is_told_to_the_leads_once(alert_settings, hook, smtp):
    with session_scope(alert_settings.resolved_database_url) as session:
        session.add(
            ChannelRow(
                store_id="alert-store",
                name="seller-inbox",
                kind="email",
                platform="aliexpress",
                options={},
                secrets={},
                enabled=True,
                last_poll_at=NOW - timedelta(hours=60),
            )
        )
    run_sweep(alert_settings, now=NOW)
    run_sweep(alert_settings, now=NOW + timedelta(minutes=1))
    assert [c["doc"]["alert"]["kind"] for c in hook.delivered] == ["mailbox_unread"]
    assert smtp.wait_for(1) and "seller-inbox" in smtp.received[0][2]["Subject"]


def test_a_system_notice_is_told_to_the_leads_once(alert_settings, hook):
    notice = {
        "platform": "aliexpress",
        "kind": "ip_complaint",
        "sender": "notice@aliexpress.test",
        "subject": "Intellectual property complaint about listing 1005",
        "received_at": (NOW - timedelta(hours=1)).isoformat(),
        "deadline": (NOW + timedelta(days=3)).isoformat(),
    }
    with session_scope(alert_settings.resolved_database_url) as session:
        channel = ChannelRow(
            store_id="alert-store", name="inbox", kind="email", platform="aliexpress",
            options={}, secrets={}, enabled=True, last_poll_at=NOW,
        )  # fmt: skip
        session.add(channel)
        session.flush()
        session.add(
            ChannelMessage(
                channel_id=channel.id, store_id="alert-store", external_id="uid-1", message_id="n-1",
                status="notice", message=notice,
            )
        )  # fmt: skip
    run_sweep(alert_settings, now=NOW)
    run_sweep(alert_settings, now=NOW + timedelta(minutes=1))
    (call,) = hook.delivered
    assert call["doc"]["alert"]["kind"] == "notice"
    assert "ip_complaint" in call["doc"]["alert"]["subject"] and "1005" in call["doc"]["alert"]["subject"]


def test_the_worker_beat_runs_the_team_sweep(alert_settings):
    from drafter.workers.app import configure

    app = configure(alert_settings)
    assert app.conf.beat_schedule["team-sweep"]["task"] == "drafter.team.sweep"
    import drafter.workers.tasks  # noqa: F401  (registers the task)

    assert "drafter.team.sweep" in app.tasks


def test_an_assigned_draft_alerts_its_assignee_not_the_team(alert_settings, hook, smtp):
    """The person the draft is assigned to hears of its deadline (their own address), once; the team does not."""
    deadline = NOW + timedelta(minutes=45)
    draft_id = insert_draft(alert_settings, store_id="alert-store", sla_deadline=deadline, created_at=NOW)
    with session_scope(alert_settings.resolved_database_url) as session:
        anna = NewUser(
            email="anna@alert-store.test", name="Anna", notify_email="anna.alerts@alert-store.test"
        )
        user = create_user(session, new=anna, stores=["alert-store"], rounds=4)
        session.get(DraftRow, draft_id).assigned_to = user.id
    assert run_sweep(alert_settings, now=deadline - timedelta(minutes=30))["sent"] == 1
    assert smtp.wait_for(1)
    assert [to for _, to, _ in smtp.received] == [["anna.alerts@alert-store.test"]]
    assert hook.calls == []  # the team's webhook is not told while someone owns the draft
    assert run_sweep(alert_settings, now=deadline - timedelta(minutes=10))["sent"] == 0
    assert len(smtp.received) == 1
