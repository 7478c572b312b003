"""Platform system notices in a store's mailbox (a real dovecot): never drafted, kept with their deadline,
listed by GET /v1/notices and `drafter channels notices`; a mailbox left unread past the limit is warned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from drafter.api.app import create_app
from drafter.cli import app
from drafter.persistence import keys
from drafter.persistence.db import session_scope
from drafter.persistence.tables import ChannelRow, DraftRow
from tests.channels.conftest import REVIEW_STORE, SELLER_ADDRESS, add_email_channel, cli
from tests.channels.mails import amazon_relay_mail, plain_mail


def test_notices_are_raised_not_drafted_and_unread_mailboxes_warned(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    order = next(o for o in amazon_orders if o.status == "in_transit")
    dovecot.deliver(
        mailbox,
        amazon_relay_mail(
            alias="k3j5h7g9f1d2s4a@marketplace.amazon.de",
            to=SELLER_ADDRESS,
            order_id=order.order_id,
            words="Where is my parcel?",
        ),
    )
    dovecot.deliver(
        mailbox,
        plain_mail(
            sender="Amazon Seller Performance <seller-performance@amazon.de>",
            to=SELLER_ADDRESS,
            subject="Your Account Health needs attention",
            words="We found a policy violation on your account. Please act within 3 days of this notice.",
        ),
    )
    dovecot.deliver(
        mailbox,
        plain_mail(
            sender="AliExpress <notice@service.aliexpress.com>",
            to=SELLER_ADDRESS,
            subject="【知识产权投诉】您的商品涉嫌侵权",
            words="您店铺中的商品被权利人投诉涉嫌侵犯其商标权，请尽快提交申诉材料。",
        ),
    )
    add_email_channel(REVIEW_STORE, "inbox", dovecot, smtp_server, user=mailbox)

    (polled,) = cli("channels", "poll", REVIEW_STORE, "inbox")
    assert (polled["fetched"], polled["drafted"], polled["notice"]) == (3, 1, 2), polled
    (again,) = cli("channels", "poll", REVIEW_STORE, "inbox")
    assert (again["fetched"], again["drafted"], again["notice"]) == (0, 0, 0)
    with session_scope(mail_settings.resolved_database_url) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(DraftRow).where(DraftRow.store_id == REVIEW_STORE)
            )
            == 1
        )  # the buyer's mail only

    with TestClient(create_app(mail_settings)) as client:
        with session_scope(mail_settings.resolved_database_url) as session:
            auth = {"Authorization": f"Bearer {keys.create_key(session, store_id=REVIEW_STORE)}"}
        body = client.get("/v1/notices", headers=auth).json()
        kinds = {n["kind"]: n for n in body["notices"]}
        assert set(kinds) == {"policy_warning", "ip_complaint"} and body["mailbox_warnings"] == []
        for notice in kinds.values():
            received = datetime.fromisoformat(notice["received_at"])
            deadline = datetime.fromisoformat(notice["deadline"])
            assert received < deadline <= received + timedelta(hours=72)
        assert kinds["ip_complaint"]["platform"] == "aliexpress" and kinds["ip_complaint"]["evidence"]

        # Nobody has read the mailbox for 49 hours: the store is warned, by the API and the CLI.
        with session_scope(mail_settings.resolved_database_url) as session:
            session.execute(
                update(ChannelRow)
                .where(ChannelRow.store_id == REVIEW_STORE)
                .values(last_poll_at=datetime.now(UTC) - timedelta(hours=49))
            )
        (warning,) = client.get("/v1/notices", headers=auth).json()["mailbox_warnings"]
        assert warning["channel"] == "inbox" and warning["hours_unread"] >= 49

    result = CliRunner().invoke(app, ["channels", "notices", REVIEW_STORE])
    assert result.exit_code == 1 and '"warning"' in result.stdout and "ip_complaint" in result.stdout
    cli("channels", "poll", REVIEW_STORE, "inbox")
    assert CliRunner().invoke(app, ["channels", "notices", REVIEW_STORE]).exit_code == 0
