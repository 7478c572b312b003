"""History and search (GET /v1/drafts?q=…&sort=recent), mark as sent by hand for a store without a webhook
(demo-store has none), and the first-response report counting a reply once it is sent."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from drafter.persistence.db import session_scope
from drafter.persistence.tables import OutboxRow


def _draft(client, auth, order, text):
    res = client.post(
        "/v1/drafts",
        headers=auth,
        json={
            "platform": order.platform.value,
            "store_id": "demo-store",
            "message_id": f"h-{uuid.uuid4()}",
            "text": text.format(oid=order.order_id),
        },
    )
    assert res.status_code == 201, res.text
    return res.json()


def _orders(demo_orders, n):
    picked = [
        o
        for o in demo_orders
        if o.store_id == "demo-store"
        and o.platform.value == "ebay"
        and o.status.value == "processing"
        and o.buyer_name
    ]
    return picked[:n]


def test_approved_reply_is_sent_by_hand_and_found_by_order_buyer_and_words(
    client, demo_auth, demo_orders, shared_settings
):
    first, second = _orders(demo_orders, 2)
    word = f"zebra{uuid.uuid4().hex[:6]}"
    a = _draft(client, demo_auth, first, "Please cancel my order {oid}, " + word + " colour is wrong.")
    b = _draft(client, demo_auth, second, "Please cancel order {oid}, I found it cheaper elsewhere.")
    assert client.post(f"/v1/drafts/{a['draft_id']}/approve", headers=demo_auth).status_code == 200
    before = client.get("/v1/review/metrics", headers=demo_auth).json()["overall"]

    sent = client.post(f"/v1/drafts/{a['draft_id']}/mark-sent", headers=demo_auth)
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "sent" and sent.json()["sent_at"]
    trail = client.get(f"/v1/drafts/{a['draft_id']}/audit", headers=demo_auth).json()
    assert trail[-1]["action"] == "sent_by_hand" and trail[-1]["actor"] == "key:demo-store"
    with session_scope(shared_settings.resolved_database_url) as session:
        entry = session.scalar(select(OutboxRow).where(OutboxRow.draft_id == a["draft_id"]))
        assert entry.status == "sent"  # the worker will not deliver it again once a webhook is added
    after = client.get("/v1/review/metrics", headers=demo_auth).json()["overall"]
    assert after["replied"] == before["replied"] + 1
    assert after["awaiting_send"] == before["awaiting_send"] - 1

    again = client.post(f"/v1/drafts/{a['draft_id']}/mark-sent", headers=demo_auth)
    assert again.status_code == 409 and again.json()["code"] == "invalid_status_transition"
    pending = client.post(f"/v1/drafts/{b['draft_id']}/mark-sent", headers=demo_auth)
    assert pending.status_code == 409

    def found(**params):
        res = client.get("/v1/drafts", headers=demo_auth, params={"limit": 500, **params})
        assert res.status_code == 200, res.text
        return [i["draft_id"] for i in res.json()["items"]]

    assert a["draft_id"] in found(q=first.order_id, status="sent")
    assert b["draft_id"] not in found(q=first.order_id)
    assert a["draft_id"] in found(q=first.buyer_name.upper(), status="sent")
    assert found(q=word) == [a["draft_id"]]
    assert (
        found(q="%", status="sent", sort="recent") is not None
    )  # a LIKE wildcard is searched as a character
    recent = client.get("/v1/drafts", headers=demo_auth, params={"sort": "recent", "limit": 500}).json()[
        "items"
    ]
    stamps = [i["received_at"] for i in recent]
    assert stamps == sorted(stamps, reverse=True)


def test_bad_search_parameters_are_4xx(client, demo_auth):
    assert client.get("/v1/drafts", headers=demo_auth, params={"sort": "sideways"}).status_code == 422
    assert client.get("/v1/drafts", headers=demo_auth, params={"q": "x" * 201}).status_code == 422
    missing = client.post(f"/v1/drafts/{uuid.uuid4()}/mark-sent", headers=demo_auth)
    assert missing.status_code == 404 and missing.json()["code"] == "draft_not_found"
