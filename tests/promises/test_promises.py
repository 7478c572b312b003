"""A sent reply's commitment becomes a promise due at the promised time; at that time its follow-up is in
the queue with what changed; sending the follow-up keeps the promise. Real pipeline, real SQLite."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from drafter.drafts import service
from drafter.drafts.follow_ups import list_follow_ups, run_due
from drafter.models import BuyerMessage, Order
from drafter.persistence import order_store
from drafter.persistence.db import session_scope
from drafter.persistence.promise_tables import PromiseRow
from drafter.persistence.tables import DraftRow
from drafter.promises.service import list_promises, view
from drafter.review.history import mark_sent_by_hand

STORE = "demo-store"  # Europe/Berlin, recheck before 17:00, no webhook: replies are marked sent by hand
# Monday 2026-11-23 08:00 UTC = 09:00 in Berlin: the team promises to check again today before 17:00.
RECEIVED = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
DUE = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 17:00 Europe/Berlin


def _order(order_id: str, **changes) -> Order:
    data = {
        "order_id": order_id,
        "store_id": STORE,
        "platform": "ebay",
        "status": "in_transit",
        "items": [{"sku": "SKU-HD-100", "title": "wireless headphones", "quantity": 1, "price": 39.9}],
        "currency": "EUR",
        "total": 39.9,
        "ordered_at": "2026-11-16",
        "shipped_at": "2026-11-18",
        "estimated_delivery": "2026-11-27",
        "carrier": "DHL",
        "tracking_number": "JD0146000000000001",
        "destination_country": "DE",
        "buyer_name": "Jonas",
        "tracking_events": [{"at": "2026-11-19T10:00:00+00:00", "description": "Parcel in transit"}],
    }
    data.update(changes)
    return Order.model_validate(data)


def _send(session, pipeline, draft_id: str, actor: str = "key:demo-store") -> DraftRow:
    row = service.get_draft(session, store_id=STORE, draft_id=draft_id)
    if row.status in service.OPEN_STATUSES:
        service.approve_draft(session, pipeline=pipeline, store_id=STORE, draft_id=draft_id, actor=actor)
    return mark_sent_by_hand(
        session, store=pipeline.store(STORE), settings=pipeline.settings, draft_id=draft_id, actor=actor
    )


@pytest.fixture
def sent_reply(pipeline):
    """A buyer asks where an in-transit order is; the reply is sent. Returns (draft_id, order_id)."""
    order_id = f"T21-{uuid.uuid4().hex[:8]}"
    url = pipeline.settings.resolved_database_url
    with session_scope(url) as session:
        order_store.upsert_orders(session, orders=[_order(order_id)])
        message = BuyerMessage(
            platform="ebay",
            store_id=STORE,
            text="Hallo, wo ist meine Bestellung? Sie ist noch nicht angekommen.",
            order_id=order_id,
            buyer_locale="de-DE",
            received_at=RECEIVED,
            message_id=f"t21-{order_id}",
        )
        row, _ = service.create_draft(session, pipeline=pipeline, message=message)
        draft_id = row.id
    with session_scope(url) as session:
        _send(session, pipeline, draft_id)
    return draft_id, order_id


def _promise(url: str, draft_id: str) -> PromiseRow:
    with session_scope(url) as session:
        return session.scalar(select(PromiseRow).where(PromiseRow.draft_id == draft_id))


def test_a_sent_commitment_becomes_a_promise_due_at_the_promised_time(pipeline, sent_reply):
    draft_id, order_id = sent_reply
    url = pipeline.settings.resolved_database_url
    promise = _promise(url, draft_id)
    assert promise is not None and promise.status == "open"
    assert promise.due_at.replace(tzinfo=UTC) == DUE
    shown = view(promise)
    assert shown.due_store.startswith("2026-11-23 17:00")  # the store's time (Europe/Berlin)
    assert shown.buyer_zone == "Europe/Berlin" and shown.due_buyer.startswith("2026-11-23 17:00")
    with session_scope(url) as session:
        row = session.get(DraftRow, draft_id)
        assert "17:00" in row.commitment  # the buyer was told this time
        assert promise.promised == row.commitment.split("\n\n")[0]  # without the sign-off
        assert "17:00" in promise.promised
        assert promise.snapshot["status"] == "in_transit"
        assert any(p.draft_id == draft_id for p in list_promises(session, store_id=STORE, status="open"))


def test_at_its_deadline_the_follow_up_is_in_the_queue_with_what_changed_and_sending_keeps_it(
    pipeline, sent_reply
):
    draft_id, order_id = sent_reply
    url = pipeline.settings.resolved_database_url
    run_due(pipeline, now=DUE - timedelta(minutes=1))
    assert _promise(url, draft_id).status == "open"  # not before its time
    # Meanwhile the order was delivered: the order store says so.
    events = [
        {"at": "2026-11-19T10:00:00+00:00", "description": "Parcel in transit"},
        {"at": "2026-11-23T11:30:00+00:00", "description": "Delivered to the front door"},
    ]
    with session_scope(url) as session:
        order_store.upsert_orders(
            session,
            orders=[_order(order_id, status="delivered", delivered_at="2026-11-23", tracking_events=events)],
        )
    with session_scope(url) as session:  # and the buyer wrote again after our reply went out
        again = BuyerMessage(
            platform="ebay",
            store_id=STORE,
            text="Hallo, gibt es Neuigkeiten zu meiner Bestellung?",
            order_id=order_id,
            received_at=datetime.now(UTC) + timedelta(minutes=1),
            message_id=f"t21-again-{order_id}",
        )
        second_id = service.create_draft(session, pipeline=pipeline, message=again)[0].id
    run_due(pipeline, now=DUE + timedelta(minutes=1))
    promise = _promise(url, draft_id)
    assert promise.status == "due" and promise.follow_up_draft_id
    assert promise.changes["buyer_messages"] == [second_id]
    assert promise.changes["status"] == {"before": "in_transit", "after": "delivered"}
    assert [e["description"] for e in promise.changes["new_events"]] == ["Delivered to the front door"]
    with session_scope(url) as session:
        queue = list_follow_ups(session, store_id=STORE, statuses=["pending_review"], limit=500, offset=0)
        assert promise.follow_up_draft_id in [item.draft_id for item in queue]
        follow_up = session.get(DraftRow, promise.follow_up_draft_id)
        assert follow_up.status == "pending_review" and follow_up.language == "de"
        # The buyer's language; the composer's greeting stays, then the team says it keeps its word.
        assert (
            follow_up.restatement
            == f"Hallo Jonas,\nWie versprochen, hier ist unser Stand zu Ihrer Bestellung {order_id}."
        )
        assert follow_up.commitment and follow_up.solution  # three parts
        assert follow_up.run["follow_up"]["changes"]["status"]["after"] == "delivered"
        assert follow_up.lint["ok"], follow_up.lint
    run_due(pipeline, now=DUE + timedelta(minutes=2))  # a second sweep drafts nothing new
    with session_scope(url) as session:
        assert (
            session.scalar(select(DraftRow.id).where(DraftRow.message_id == f"follow-up:{promise.id}"))
            == promise.follow_up_draft_id
        )
    with session_scope(url) as session:
        _send(session, pipeline, promise.follow_up_draft_id)
    kept = _promise(url, draft_id)
    assert kept.status == "kept" and kept.closed_at is not None
    with session_scope(url) as session:
        assert any(p.draft_id == draft_id for p in list_promises(session, store_id=STORE, status="kept"))


def test_a_due_follow_up_left_unsent_expires_and_stays_visible(pipeline, sent_reply):
    draft_id, _ = sent_reply
    url = pipeline.settings.resolved_database_url
    run_due(pipeline, now=DUE + timedelta(minutes=1))
    grace = timedelta(hours=pipeline.settings.promise_grace_h)
    counts = run_due(pipeline, now=DUE + grace + timedelta(minutes=5))
    assert counts["expired"] >= 1
    assert _promise(url, draft_id).status == "expired"
    with session_scope(url) as session:
        assert any(p.draft_id == draft_id for p in list_promises(session, store_id=STORE, status="expired"))
