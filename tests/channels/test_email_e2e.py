"""The e-mail round trip against a real dovecot and a real SMTP server: an Amazon relay mail is drafted by
`drafter channels poll`, approved through the API, and the reply reaches the alias threaded and plain;
a routine message in an auto-send store goes out with no person; nothing is drafted twice."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from drafter.api.app import create_app
from drafter.persistence import keys
from drafter.persistence.db import session_scope
from drafter.persistence.tables import ChannelMessage, DraftRow
from tests.channels.conftest import AUTO_STORE, REVIEW_STORE, SELLER_ADDRESS, add_email_channel, cli
from tests.channels.mails import amazon_relay_mail


def _draft_count(settings, store_id: str) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(func.count()).select_from(DraftRow).where(DraftRow.store_id == store_id))


def test_relay_mail_is_drafted_approved_and_answered_in_its_thread(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    order = next(o for o in amazon_orders if o.status == "in_transit")
    alias = "q8v3n1x0r5m2k7p@marketplace.amazon.de"
    raw = amazon_relay_mail(
        alias=alias,
        to=SELLER_ADDRESS,
        order_id=order.order_id,
        words="Hello, my package has not arrived yet. Where is it now?",
        quoted="On Mon, Nov 23, 2026 at 9:00 AM Seller wrote:\n> Thank you for your order.",
    )
    dovecot.deliver(mailbox, raw)
    channel = add_email_channel(REVIEW_STORE, "amazon-de", dovecot, smtp_server, user=mailbox)
    assert "imap-pw" not in str(channel) and channel["secrets"] == {
        "imap_password": "********",
        "smtp_password": "********",
    }

    (polled,) = cli("channels", "poll", REVIEW_STORE, "amazon-de")
    assert (polled["fetched"], polled["drafted"]) == (1, 1), polled

    with TestClient(create_app(mail_settings)) as client:
        with session_scope(mail_settings.resolved_database_url) as session:
            auth = {"Authorization": f"Bearer {keys.create_key(session, store_id=REVIEW_STORE)}"}
        queue = client.get("/v1/drafts", headers=auth).json()
        (summary,) = queue["items"]
        assert summary["order_id"] == order.order_id  # found from the relay mail's subject
        assert summary["platform"] == "amazon"
        draft = client.get(f"/v1/drafts/{summary['draft_id']}", headers=auth).json()
        assert draft["message_text"] == "Hello, my package has not arrived yet. Where is it now?"
        assert draft["status"] == "pending_review"
        approved = client.post(f"/v1/drafts/{summary['draft_id']}/approve", headers=auth, json={})
        assert approved.status_code == 200, approved.text

    (sent,) = cli("channels", "send")
    assert sent["delivered"] == 1, sent
    assert smtp_server.wait_for(1)
    envelope_from, rcpts, reply = smtp_server.received[0]
    original = __import__("email").message_from_bytes(raw)
    assert rcpts == [alias] and envelope_from == SELLER_ADDRESS
    assert reply["To"] == alias and SELLER_ADDRESS in reply["From"]
    assert reply.get_content_type() == "text/plain" and not reply.is_multipart()
    assert reply["In-Reply-To"] == original["Message-ID"]
    assert original["Message-ID"] in reply["References"]
    assert reply["Subject"].startswith("Re: ") and order.order_id in reply["Subject"]
    assert reply.get_content().strip() == draft["draft"]["text"].strip()

    with session_scope(mail_settings.resolved_database_url) as session:
        assert session.get(DraftRow, summary["draft_id"]).status == "sent"

    # Polling again (the mail is still in the mailbox, unread) drafts nothing new.
    (again,) = cli("channels", "poll", REVIEW_STORE, "amazon-de")
    assert (again["fetched"], again["drafted"]) == (0, 0)
    assert _draft_count(mail_settings, REVIEW_STORE) == 1


def test_routine_message_with_auto_send_goes_out_without_a_person(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    order = next(o for o in amazon_orders if o.status == "shipped" and o.tracking_number)
    alias = "z1c4b7n2m5x8v0a@marketplace.amazon.co.uk"
    dovecot.deliver(
        mailbox,
        amazon_relay_mail(
            alias=alias,
            to=SELLER_ADDRESS,
            order_id=order.order_id,
            words="Hi, could you tell me where my order is? Thanks",
        ),
    )
    add_email_channel(AUTO_STORE, "amazon-uk", dovecot, smtp_server, user=mailbox)
    (polled,) = cli("channels", "poll", AUTO_STORE)
    assert polled["drafted"] == 1, polled
    with session_scope(mail_settings.resolved_database_url) as session:
        row = session.scalar(select(DraftRow).where(DraftRow.store_id == AUTO_STORE))
        assert (row.route, row.status) == ("auto_send", "approved"), row.run.get("route")
    (sent,) = cli("channels", "send")
    assert sent["delivered"] == 1
    assert smtp_server.wait_for(1)
    _, rcpts, reply = smtp_server.received[0]
    assert rcpts == [alias] and order.order_id in reply.get_content()
    assert not reply["Subject"].startswith("[Important]")  # routine: no critical-message marker
    with session_scope(mail_settings.resolved_database_url) as session:
        assert session.get(DraftRow, row.id).status == "sent"
        audit_actors = [m.status for m in session.scalars(select(ChannelMessage))]
    assert audit_actors == ["drafted"]


@pytest.mark.parametrize("mail_settings", ["sqlite"], indirect=True)  # the database plays no part here
def test_an_escalated_reply_to_the_relay_is_marked_important(
    mail_settings, dovecot, mailbox, smtp_server, amazon_orders
):
    order = next(o for o in amazon_orders if o.status == "delivered")
    alias = "e5r2t9y1u4i7o0p@marketplace.amazon.com"
    dovecot.deliver(
        mailbox,
        amazon_relay_mail(
            alias=alias,
            to=SELLER_ADDRESS,
            order_id=order.order_id,
            words="The charger you sold me caught fire and burned my desk. I will contact my lawyer and file an "
            "A-to-z claim if you do not refund me today.",
        ),
    )
    add_email_channel(REVIEW_STORE, "amazon-us", dovecot, smtp_server, user=mailbox)
    assert cli("channels", "poll", REVIEW_STORE, "amazon-us")[0]["drafted"] == 1
    with session_scope(mail_settings.resolved_database_url) as session:
        row = session.scalar(select(DraftRow).where(DraftRow.store_id == REVIEW_STORE))
        assert row.route == "escalate", row.run.get("route")
    from tests.channels.conftest import approve_through_api

    approve_through_api(mail_settings, REVIEW_STORE)
    assert cli("channels", "send")[0]["delivered"] == 1
    assert smtp_server.wait_for(1)
    subject = str(smtp_server.received[0][2]["Subject"]).strip()  # a long subject is folded on the wire
    assert subject.startswith("[Important] Re: ") and order.order_id in subject
