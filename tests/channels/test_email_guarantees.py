"""What the e-mail channel promises beyond the happy path: a dead channel delays only itself, a poller
killed mid-poll loses and duplicates nothing, a mail seen twice is drafted once, a reply that could not be
sent is retried with the same Message-ID, and secrets never show."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from drafter.devtools.localserver import free_port
from drafter.intake.poll import due_channels
from drafter.outbox.passes import run_once
from drafter.persistence.db import session_scope
from drafter.persistence.tables import ChannelMessage, ChannelRow, DraftRow, OutboxRow
from tests.channels.conftest import (
    AUTO_STORE,
    MAILBOX_PASSWORD,
    REVIEW_STORE,
    SELLER_ADDRESS,
    add_email_channel,
    cli,
)
from tests.channels.mails import amazon_relay_mail
from tests.channels.mailservers import start_smtp


def _count(settings, table, *where) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


def _relay(order_id: str, n: int, **kw) -> bytes:
    return amazon_relay_mail(
        alias=f"buyer{n:03d}abcdefghij@marketplace.amazon.com",
        to=SELLER_ADDRESS,
        order_id=order_id,
        words=f"Hello, is there any news about my order? ({n})",
        **kw,
    )


@pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)  # the database plays no part here
def test_a_channel_that_is_down_delays_only_itself(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    dovecot.deliver(mailbox, _relay(amazon_orders[0].order_id, 1))
    add_email_channel(REVIEW_STORE, "a-down", dovecot, smtp_server, user=mailbox, imap_port=free_port())
    add_email_channel(REVIEW_STORE, "b-up", dovecot, smtp_server, user=mailbox)
    before = datetime.now(UTC)
    down, up = cli("channels", "poll", REVIEW_STORE)
    assert "unreachable" in down["error"] and up["drafted"] == 1
    with session_scope(mail_settings.resolved_database_url) as session:
        row = session.scalar(select(ChannelRow).where(ChannelRow.name == "a-down"))
        assert row.failures == 1 and row.cursor == {}
        assert row.next_poll_at.replace(tzinfo=UTC) >= before + timedelta(seconds=row.poll_interval_s)
        due = due_channels(session, now=before + timedelta(seconds=61))
    assert row.id not in due  # backed off: the scheduler leaves it alone for a while, and the others run


def test_a_poller_killed_before_its_commit_loses_and_duplicates_nothing(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    for n in range(3):
        dovecot.deliver(mailbox, _relay(amazon_orders[n].order_id, n))
    add_email_channel(REVIEW_STORE, "crashy", dovecot, smtp_server, user=mailbox)
    # A real process, SIGKILLed after its drafts are written and before the transaction commits.
    script = textwrap.dedent(f"""
        import os, signal, sys
        from drafter.intake import poll
        original = poll.record_inbound
        def record_then_die(session, *args, **kwargs):
            counts = original(session, *args, **kwargs)
            session.flush()
            assert counts["drafted"] == 3, counts
            os.kill(os.getpid(), signal.SIGKILL)
        poll.record_inbound = record_then_die
        from drafter.cli import main
        sys.argv = ["drafter", "channels", "poll", {REVIEW_STORE!r}, "crashy"]
        main()
    """)
    env = {
        **os.environ,
        "DRAFTER_DATA_DIR": str(mail_settings.data_dir),
        "DRAFTER_KNOWLEDGE_DIR": str(mail_settings.knowledge_dir),
        "DRAFTER_DATABASE_URL": mail_settings.resolved_database_url,
    }
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    assert _count(mail_settings, DraftRow, DraftRow.store_id == REVIEW_STORE) == 0
    assert _count(mail_settings, ChannelMessage) == 0

    # The lease of the dead poller expires; the next poll drafts all three, once.
    with session_scope(mail_settings.resolved_database_url) as session:
        session.scalar(select(ChannelRow).where(ChannelRow.name == "crashy")).lease_until = None
    (first,) = cli("channels", "poll", REVIEW_STORE, "crashy")
    (second,) = cli("channels", "poll", REVIEW_STORE, "crashy")
    assert first["drafted"] == 3 and second["fetched"] == 0
    assert _count(mail_settings, DraftRow, DraftRow.store_id == REVIEW_STORE) == 3


def test_a_mail_delivered_twice_is_drafted_once(mail_settings, dovecot, mailbox, smtp_server, amazon_orders):
    raw = _relay(amazon_orders[0].order_id, 7, message_id="<same-mail-twice@relay.test>")
    dovecot.deliver(mailbox, raw)
    add_email_channel(REVIEW_STORE, "dupes", dovecot, smtp_server, user=mailbox)
    (first,) = cli("channels", "poll", REVIEW_STORE, "dupes")
    dovecot.deliver(mailbox, raw)  # a new UID, the same Message-ID
    (second,) = cli("channels", "poll", REVIEW_STORE, "dupes")
    assert (first["drafted"], second["fetched"], second["drafted"], second["duplicate"]) == (1, 1, 0, 1)
    assert _count(mail_settings, DraftRow, DraftRow.store_id == REVIEW_STORE) == 1


def test_a_reply_the_smtp_server_did_not_take_is_retried_with_the_same_message_id(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    order = next(o for o in amazon_orders if o.status == "shipped" and o.tracking_number)
    dovecot.deliver(
        mailbox,
        amazon_relay_mail(
            alias="retry0000000001@marketplace.amazon.com",
            to=SELLER_ADDRESS,
            order_id=order.order_id,
            words="Hi, where is my order please?",
        ),
    )
    port = free_port()  # nothing listens here yet: the SMTP server is "down"
    add_email_channel(AUTO_STORE, "smtp-later", dovecot, smtp_server, user=mailbox, smtp_port=port)
    assert cli("channels", "poll", AUTO_STORE)[0]["drafted"] == 1
    first = run_once(mail_settings)
    assert (first["claimed"], first["retry"]) == (1, 1), first
    with session_scope(mail_settings.resolved_database_url) as session:
        row = session.scalar(select(OutboxRow).where(OutboxRow.store_id == AUTO_STORE))
        assert "unreachable" in row.last_error or "Connection refused" in row.last_error
    late = start_smtp(auth={SELLER_ADDRESS: "smtp-pw-51be"}, port=port)
    try:
        second = run_once(mail_settings, now=datetime.now(UTC) + timedelta(seconds=60))
        assert second["delivered"] == 1, second
        assert late.wait_for(1)
        assert late.received[0][2]["Message-ID"] == f"<{row.idempotency_key}@seller.test>"
    finally:
        late.stop()


@pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)  # the database plays no part here
def test_secrets_never_show_in_list_output_or_errors(mail_settings, dovecot, mailbox, smtp_server):
    add_email_channel(REVIEW_STORE, "quiet", dovecot, smtp_server, user=mailbox)
    listed = cli("channels", "list")
    assert MAILBOX_PASSWORD not in str(listed) and "smtp-pw-51be" not in str(listed)
    assert listed[0]["secrets"] == {"imap_password": "********", "smtp_password": "********"}
    with session_scope(mail_settings.resolved_database_url) as session:
        from drafter.channels.registry import config_of

        config = config_of(session.scalar(select(ChannelRow).where(ChannelRow.name == "quiet")))
    assert MAILBOX_PASSWORD not in repr(config) and MAILBOX_PASSWORD not in str(config.model_dump())
    (tested,) = cli("channels", "test", REVIEW_STORE, "quiet")
    assert tested["imap"] == "ok" and tested["smtp"] == "ok"


@pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)  # the database plays no part here
def test_a_message_the_pipeline_fails_on_is_kept_and_drafted_on_retry(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders, monkeypatch
):
    from drafter.pipeline import Pipeline

    dovecot.deliver(mailbox, _relay(amazon_orders[0].order_id, 1))
    dovecot.deliver(mailbox, _relay(amazon_orders[1].order_id, 2))
    add_email_channel(REVIEW_STORE, "flaky", dovecot, smtp_server, user=mailbox)
    original = Pipeline.run_many

    def fail_on_the_second(self, messages, **kwargs):  # noqa: ANN001, ANN202
        results = original(self, messages, **kwargs)
        return [
            ValueError("the composer fell over") if "(2)" in m.text else r for m, r in zip(messages, results)
        ]

    monkeypatch.setattr(Pipeline, "run_many", fail_on_the_second)
    (polled,) = cli("channels", "poll", REVIEW_STORE, "flaky")
    assert (polled["drafted"], polled["failed"]) == (1, 1)
    (listed,) = cli("channels", "list")
    assert listed["messages"]["failed"] == 1 and listed["cursor"]["last_uid"] == 2  # the cursor moved on
    monkeypatch.setattr(Pipeline, "run_many", original)
    (retried,) = cli("channels", "retry", REVIEW_STORE, "flaky")
    assert retried == {"retried": 1, "drafted": 1, "failed": 0}
    assert _count(mail_settings, DraftRow, DraftRow.store_id == REVIEW_STORE) == 2
    assert cli("channels", "list")[0]["messages"] == {"drafted": 2, "duplicate": 0, "skipped": 0, "failed": 0}
